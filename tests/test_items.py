"""The item rules (hooks/items*.py): each case feeds a tiny bilingual site in a temporary folder
to `mkdocs build` and asserts the exact `docs/…md:LINE: …` messages, or that a valid page builds.

The catalogue below is the mutation suite: every way of writing an item wrong that we know of
(and the valid look-alikes that must never be refused). Add a case for every new rule or hole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT, TINY_I18N, TINY_SITE, mkdocs_build, write_tiny_site

CONFIG = f"""\
{TINY_SITE}plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "items.py"}
markdown_extensions:
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc
  - pymdownx.superfences
  - pymdownx.tasklist: {{custom_checkbox: true, clickable_checkbox: true}}
  - pymdownx.snippets: {{base_path: [includes], check_paths: true}}
extra:
  sources:
    registry: includes/sources.yml
    page: kilder.md
"""

REGISTRY = """\
"001": {label: {nb: PRIOslo 2022, en: PRIOslo 2022}, short: {nb: PRIOslo-veilederen, en: The PRIOslo guide},
        places: {§: 1-9}}
"002": {label: {nb: Bergen 2021, en: Bergen 2021}, short: {nb: Sluttrapporten, en: The final report},
        places: {§: 1-9, vedlegg: 1-13}}
"""

# Line numbers matter: the messages name them. nb: items on lines 11, 12 and 16.
NB_LIST = """\
---
title: Liste
sources: 001 §1
id-prefix: t-
---

# Liste

## Før

- [ ] Vi har lest oss opp. {#t-lest}
- [ ] Vi har laget en plan. {#t-plan}

## Intervju

1. [?] Hvorfor søker du? {#t-hvorfor}
"""

# en: items on lines 10, 11 and 15.
EN_LIST = """\
---
sources: 001 §1
id-prefix: t-
---

# List

## Before

- [ ] We have read up. {#t-lest}
- [ ] We have made a plan. {#t-plan}

## Interview

1. [?] Why do you apply? {#t-hvorfor}
"""

NB_SOURCES = "# Kilder\n\n<!-- source-registry -->\n"
EN_SOURCES = "# Sources\n\n<!-- source-registry -->\n"


def make_site(tmp_path: Path, pages: dict[str, str], config: str = CONFIG) -> Path:
    base = {
        "includes/sources.yml": REGISTRY,
        "nb/index.md": "# Hjem\n", "en/index.md": "# Home\n",
        "nb/kilder.md": NB_SOURCES, "en/kilder.md": EN_SOURCES,
    }
    return write_tiny_site(tmp_path, config, {**base, **pages})


def messages(project: Path, *args: str) -> tuple[int, list[str], str]:
    result = mkdocs_build(project, *args)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    found = [line.strip() for line in output.splitlines() if line.strip().startswith("docs/")]
    return result.returncode, found, output


def items_json(project: Path, language: str = "") -> list[dict]:
    return json.loads((project / "site" / language / "items.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------
# The catalogue
# ----------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    nb: str = NB_LIST
    en: str = EN_LIST
    expected: list[str] = field(default_factory=list)  # exact messages; [] = it must build
    extra: dict[str, str] = field(default_factory=dict)  # more files
    args: tuple[str, ...] = ()


NB_PLAN = "- [ ] Vi har laget en plan. {#t-plan}"
EN_PLAN = "- [ ] We have made a plan. {#t-plan}"


def nb(old: str, new: str) -> str:
    assert old in NB_LIST, old
    return NB_LIST.replace(old, new)


def en(old: str, new: str) -> str:
    assert old in EN_LIST, old
    return EN_LIST.replace(old, new)


NO_ID = "checklist item has no id: end the line with {#an-id}"
NO_TWIN_NB = "item \"{}\" has no twin in 'nb': add it with the same id to docs/nb/a/liste.md"
NO_TWIN_EN = "item \"{}\" has no twin in 'en': add it with the same id to docs/en/a/liste.md"
JOIN = "this line would join the item above: write an item on one line, and leave a blank line after the list"
MARKER = ('"[{}]" is not an item marker: write "- [ ] text {{#id}}" for a checklist item or '
          '"1. [?] text {{#id}}" for a question (one space inside the brackets of [ ], and one after them)')
BAD_ID = 'item id "{}" is not valid: use lowercase letters a-z, digits and single hyphens'
SAME_TEXT = 'item "{}" has the same text as "{}" at {}: merge them into one item'
NOT_LI = 'item "{}" is not rendered as a list item (inside HTML?): write it as a list line of its own'
OTHER_ID = "item id \"{}\" is also the anchor of a heading on this page: choose another id"
NO_SOURCES = ('item "{}" does not say where it comes from: add sources="KEY PLACE" in its braces, a '
              '<!-- sources: KEY PLACE --> line above its list, or sources: in the front matter ("proposal" '
              "if the handbook proposes it)")
NOT_HERE = {
    "table": "an item marker in a table cell: Markdown makes no list inside a table, so this is no item: write the "
             "item as a list line outside the table",
    "definition": 'an item marker in a definition (after ":"): items are not read there: write the item as a list '
                  "line of its own, outside the definition list",
    "footnote": "an item marker in a footnote: a footnote is shown at the end of the page, away from its section, so "
                "items are not read there: write the item as a list line in the page's text",
}
CODE = ('item "{}" is in an indented code block: remove the indentation (four spaces make code), '
        "or use a ``` fence for an example")

OTHER_NB = "---\nsources: 001 §2\nid-prefix: t-\n---\n\n# Annen\n\n{}\n"  # the item is on line 8
OTHER_EN = "---\nsources: 001 §2\nid-prefix: t-\n---\n\n# Other\n\n{}\n"


def same_text_case(name: str, nb_text: str, after: str = "") -> Case:
    """An item pasted on another page under a new id, with `nb_text` as its text."""
    return Case(
        name,
        extra={"nb/annen.md": OTHER_NB.format(f"- [ ] {nb_text} {{#t-plan-2}}{after}"),
               "en/annen.md": OTHER_EN.format("- [ ] Another plan. {#t-plan-2}")},
        expected=[
            "docs/nb/a/liste.md:12: " + SAME_TEXT.format("t-plan", "t-plan-2", "docs/nb/annen.md:8"),
            "docs/nb/annen.md:8: " + SAME_TEXT.format("t-plan-2", "t-plan", "docs/nb/a/liste.md:12"),
        ],
    )


CASES = [
    # --- valid pages: must build ---------------------------------------------------------
    Case("clean"),
    Case("fenced example is not an item",
         nb=NB_LIST + "\n```markdown\n- [ ] Eksempel uten id\n- [ ] Eksempel {#t-lest}\n```\n"),
    Case("tilde fence example", nb=NB_LIST + "\n~~~\n1. [?] Eksempel {#x}\n~~~\n"),
    Case("heading right after a list", nb=nb("{#t-plan}\n", "{#t-plan}\n## Mer\n")),
    Case("</div> right after a list in md_in_html",
         nb=nb("## Før\n\n", "## Før\n\n<div markdown>\n\n").replace("{#t-plan}\n", "{#t-plan}\n</div>\n")),
    Case("admonition right after a list", nb=nb("{#t-plan}\n", "{#t-plan}\n!!! tip\n    Et tips.\n")),
    Case("nested list under an item", nb=nb("{#t-plan}\n", "{#t-plan}\n    - en del\n    - en til\n")),
    Case("paragraph indented under an item after a blank line",
         nb=nb("{#t-plan}\n", "{#t-plan}\n\n    Mer om planen.\n")),
    Case("item in a blockquote", nb=nb(NB_PLAN, "\n> " + NB_PLAN), en=en(EN_PLAN, "\n> " + EN_PLAN)),
    Case("item in an admonition",
         nb=nb(NB_PLAN, "\n!!! note\n\n    " + NB_PLAN), en=en(EN_PLAN, "\n!!! note\n\n    " + EN_PLAN)),
    Case("other bullets and numbers",
         nb=nb("- [ ] Vi har lest", "* [ ] Vi har lest").replace("1. [?]", "7. [?]"),
         en=en("- [ ] We have read", "+ [ ] We have read")),
    Case("a box ticked in the source is still a checklist item",
         nb=nb("- [ ] Vi har laget", "- [x] Vi har laget")),
    Case("sources as a YAML list", nb=nb("sources: 001 §1", "sources: [001 §1]")),
    Case("an item's own sources with a page default",
         nb=nb("{#t-plan}", '{#t-plan sources="002 vedlegg 8"}'),
         en=en("{#t-plan}", '{#t-plan sources="002 vedlegg 8"}')),
    Case("links and emphasis in item text", nb=nb("laget en plan", "laget en [plan](../index.md) *nå*")),
    # --- ids ------------------------------------------------------------------------------
    Case("no id", nb=nb(" {#t-plan}", ""),
         expected=["docs/en/a/liste.md:11: " + NO_TWIN_NB.format("t-plan"), "docs/nb/a/liste.md:12: " + NO_ID]),
    Case("question without id", nb=nb(" {#t-hvorfor}", ""), en=en(" {#t-hvorfor}", ""),
         expected=["docs/en/a/liste.md:15: question item has no id: end the line with {#an-id}",
                   "docs/nb/a/liste.md:16: question item has no id: end the line with {#an-id}"]),
    Case("malformed id", nb=nb("{#t-plan}", "{#T Plan}"), en=en("{#t-plan}", "{#T Plan}"),
         expected=["docs/en/a/liste.md:11: " + BAD_ID.format("T Plan"), "docs/nb/a/liste.md:12: " + BAD_ID.format("T Plan")]),
    Case("double hyphen in id", nb=nb("{#t-plan}", "{#t--plan}"), en=en("{#t-plan}", "{#t--plan}"),
         expected=["docs/en/a/liste.md:11: " + BAD_ID.format("t--plan"), "docs/nb/a/liste.md:12: " + BAD_ID.format("t--plan")]),
    Case("uppercase id", nb=nb("{#t-plan}", "{#T-plan}"), en=en("{#t-plan}", "{#T-plan}"),
         expected=["docs/en/a/liste.md:11: " + BAD_ID.format("T-plan"), "docs/nb/a/liste.md:12: " + BAD_ID.format("T-plan")]),
    Case("empty braces", nb=nb("{#t-plan}", "{#}"), en=en("{#t-plan}", "{#}"),
         expected=["docs/en/a/liste.md:11: " + BAD_ID.format(""), "docs/nb/a/liste.md:12: " + BAD_ID.format("")]),
    Case("id used twice on one page", nb=nb("{#t-lest}", "{#t-plan}"), en=en("{#t-lest}", "{#t-plan}"),
         expected=['docs/en/a/liste.md:10: id "t-plan" is used more than once: also at docs/en/a/liste.md:11',
                   'docs/en/a/liste.md:11: id "t-plan" is used more than once: also at docs/en/a/liste.md:10',
                   'docs/nb/a/liste.md:11: id "t-plan" is used more than once: also at docs/nb/a/liste.md:12',
                   'docs/nb/a/liste.md:12: id "t-plan" is used more than once: also at docs/nb/a/liste.md:11']),
    Case("id used twice on two pages",
         extra={"nb/annen.md": OTHER_NB.format("- [?] Hva heter du? {#t-plan}"),
                "en/annen.md": OTHER_EN.format("- [?] What is your name? {#t-plan}")},
         expected=['docs/en/a/liste.md:11: id "t-plan" is used more than once: also at docs/en/annen.md:8',
                   'docs/en/annen.md:8: id "t-plan" is used more than once: also at docs/en/a/liste.md:11',
                   'docs/nb/a/liste.md:12: id "t-plan" is used more than once: also at docs/nb/annen.md:8',
                   'docs/nb/annen.md:8: id "t-plan" is used more than once: also at docs/nb/a/liste.md:12']),
    Case("item id equal to a heading's anchor", nb=nb("## Før", "## T lest"),
         expected=["docs/nb/a/liste.md:11: " + OTHER_ID.format("t-lest")]),
    Case("item id equal to a heading's own id", nb=nb("## Før", "## Før {#t-lest}"),
         expected=["docs/nb/a/liste.md:11: " + OTHER_ID.format("t-lest")]),
    # --- the same text under two ids ------------------------------------------------------------
    same_text_case("same text", "Vi har laget en plan."),
    same_text_case("same text ignoring case, spacing and punctuation", "vi har  LAGET en plan!!"),
    same_text_case("same text with a soft hyphen", "Vi har la\u00adget en plan."),
    same_text_case("same text with a soft-hyphen entity", "Vi har la&shy;get en plan."),
    same_text_case("same text with a zero-width space", "Vi har la\u200bget en plan."),
    same_text_case("same text with a no-break space", "Vi har laget\u00a0en plan."),
    same_text_case("same text with a reference link", "Vi har laget en [plan][p].", "\n\n[p]: https://example.org/"),
    same_text_case("same text with a collapsed reference link", "Vi har laget en [plan][].", "\n\n[plan]: https://example.org/"),
    same_text_case("same text with a shortcut reference link", "Vi har laget en [plan].", "\n\n[plan]: https://example.org/"),
    same_text_case("same text with an inline link", "Vi har laget en [plan](https://example.org/)."),
    same_text_case("same text with an HTML link", 'Vi har laget en <a href="https://example.org/">plan</a>.'),
    same_text_case("same text with emphasis", "Vi har *laget* en **plan**."),
    same_text_case("same text with code", "Vi har `laget` en plan."),
    same_text_case("same text in quotes", "«Vi har laget en plan.»"),
    Case("same text as a question and a checklist item",
         extra={"nb/annen.md": OTHER_NB.format("1. [?] Vi har laget en plan? {#t-plan-2}"),
                "en/annen.md": OTHER_EN.format("1. [?] Another plan? {#t-plan-2}")},
         expected=["docs/nb/a/liste.md:12: " + SAME_TEXT.format("t-plan", "t-plan-2", "docs/nb/annen.md:8"),
                   "docs/nb/annen.md:8: " + SAME_TEXT.format("t-plan-2", "t-plan", "docs/nb/a/liste.md:12")]),
    # --- text -----------------------------------------------------------------------------
    Case("text only markup", nb=nb("Vi har laget en plan.", "<span></span>"), en=en("We have made a plan.", "<span></span>"),
         expected=['docs/en/a/liste.md:11: item "t-plan" has no text', 'docs/nb/a/liste.md:12: item "t-plan" has no text']),
    Case("text only a zero-width space", nb=nb("Vi har laget en plan.", "\u200b"),
         expected=['docs/nb/a/liste.md:12: item "t-plan" has no text']),
    Case("two items on one line", nb=nb(NB_PLAN, "- [ ] Vi har en plan. {#t-plan} - [ ] Og en til. {#t-til}"),
         expected=["docs/nb/a/liste.md:12: two items on one line: put each item on a line of its own"]),
    Case("two items on one line without the first id", nb=nb(NB_PLAN, "- [ ] Vi har en plan. - [ ] Og en til. {#t-plan}"),
         expected=["docs/nb/a/liste.md:12: two items on one line: put each item on a line of its own"]),
    # --- markers --------------------------------------------------------------------------
    Case("empty brackets", nb=nb("- [ ] Vi har laget", "- [] Vi har laget"), en=en("- [ ] We have made", "- [] We have made"),
         expected=["docs/en/a/liste.md:11: " + MARKER.format(""), "docs/nb/a/liste.md:12: " + MARKER.format("")]),
    Case("no space after the brackets", nb=nb("- [ ] Vi har laget", "- [ ]Vi har laget"),
         expected=["docs/nb/a/liste.md:12: " + MARKER.format(" ")]),
    Case("no space after the dash", nb=nb("- [ ] Vi har laget", "-[ ] Vi har laget"),
         expected=["docs/nb/a/liste.md:12: " + MARKER.format(" "),
                   "docs/nb/a/liste.md:12: " + JOIN]),
    Case("a number with a parenthesis", nb=nb("1. [?] Hvorfor", "1) [?] Hvorfor"),
         expected=['docs/nb/a/liste.md:16: write "1." to number an item: Markdown here does not read "1)" as a list']),
    Case("two spaces in the brackets", nb=nb("- [ ] Vi har laget", "- [  ] Vi har laget"),
         expected=["docs/nb/a/liste.md:12: " + MARKER.format("  ")]),
    Case("question mark with a space", nb=nb("1. [?] Hvorfor", "1. [ ?] Hvorfor"),
         expected=["docs/nb/a/liste.md:16: " + MARKER.format(" ?")]),
    Case("no space after the number", nb=nb("1. [?] Hvorfor", "1.[?] Hvorfor"),
         expected=["docs/nb/a/liste.md:16: " + MARKER.format("?")]),
    # --- where Markdown puts it -----------------------------------------------------------
    Case("item in an indented code block",
         nb=NB_LIST + "\nEt eksempel:\n\n    - [ ] Inne i kode. {#t-kode}\n",
         en=EN_LIST + "\nAn example:\n\n    - [ ] Inside code. {#t-kode}\n",
         expected=["docs/en/a/liste.md:19: " + CODE.format("t-kode"), "docs/nb/a/liste.md:20: " + CODE.format("t-kode")]),
    Case("item inside raw HTML",
         nb=NB_LIST + "\nEt avsnitt\n<div>\n- [ ] Inne i HTML. {#t-html}\n</div>\n",
         en=EN_LIST + "\nA paragraph\n<div>\n- [ ] Inside HTML. {#t-html}\n</div>\n",
         expected=["docs/en/a/liste.md:19: " + NOT_LI.format("t-html"), "docs/nb/a/liste.md:20: " + NOT_LI.format("t-html")]),
    Case("item from a snippet",
         nb=NB_LIST + '\n--8<-- "punkt.md"\n', en=EN_LIST + '\n--8<-- "punkt.md"\n',
         extra={"includes/punkt.md": "- [ ] Fra en snutt. {#t-snutt}\n"},
         expected=['docs/en/a/liste.md:17: the snippet "punkt.md" holds an item (line 1): write items on the page itself',
                   'docs/nb/a/liste.md:18: the snippet "punkt.md" holds an item (line 1): write items on the page itself']),
    Case("prose right after an item", nb=nb("{#t-plan}\n", "{#t-plan}\nDette avsnittet mangler en tom linje.\n"),
         expected=["docs/nb/a/liste.md:13: " + JOIN]),
    Case("a wrapped item whose id ends the first line",
         nb=nb("{#t-plan}\n", "{#t-plan}\n  som fortsetter her.\n"), en=en("{#t-plan}\n", "{#t-plan}\n  which goes on here.\n"),
         expected=["docs/en/a/liste.md:12: " + JOIN, "docs/nb/a/liste.md:13: " + JOIN]),
    Case("a wrapped item whose id ends the second line",
         nb=nb(NB_PLAN, "- [ ] Vi har laget\n  en plan. {#t-plan}"),
         expected=["docs/en/a/liste.md:11: " + NO_TWIN_NB.format("t-plan"), "docs/nb/a/liste.md:12: " + NO_ID]),
    Case("a fence that is never closed", nb=nb("## Intervju", "```\n## Intervju"),
         expected=["docs/nb/a/liste.md:14: this code fence ``` is never closed: end it with ```"]),
    # --- twins ----------------------------------------------------------------------------
    Case("id in one language only", en=en("1. [?] Why do you apply? {#t-hvorfor}\n", ""),
         expected=["docs/nb/a/liste.md:16: " + NO_TWIN_EN.format("t-hvorfor")]),
    Case("twin on another page",
         en=en(EN_PLAN + "\n", ""), extra={"en/annen.md": OTHER_EN.format(EN_PLAN).replace("001 §2", "001 §1")},
         expected=["docs/en/annen.md:8: item \"t-plan\" stands on docs/nb/a/liste.md:12 in 'nb': move it to the page with the same path",
                   "docs/nb/a/liste.md:12: item \"t-plan\" stands on docs/en/annen.md:8 in 'en': move it to the page with the same path"]),
    Case("twin of another kind", en=en("1. [?] Why do you apply?", "- [ ] Why do you apply?"),
         expected=['docs/en/a/liste.md:15: item "t-hvorfor" is a checklist here but a question at docs/nb/a/liste.md:16',
                   'docs/nb/a/liste.md:16: item "t-hvorfor" is a question here but a checklist at docs/en/a/liste.md:15']),
    Case("a strict warning in English does not hide the item messages",
         nb=nb(" {#t-plan}", ""), en=EN_LIST + "\nSe [siden](finnes-ikke.md).\n", args=("--strict",),
         expected=["docs/en/a/liste.md:11: " + NO_TWIN_NB.format("t-plan"), "docs/nb/a/liste.md:12: " + NO_ID]),
    # --- where items come from ------------------------------------------------------------
    Case("no sources anywhere", nb=nb("sources: 001 §1\n", ""), en=en("sources: 001 §1\n", ""),
         expected=["docs/en/a/liste.md:9: " + NO_SOURCES.format("t-lest"), "docs/en/a/liste.md:10: " + NO_SOURCES.format("t-plan"),
                   "docs/en/a/liste.md:14: " + NO_SOURCES.format("t-hvorfor"), "docs/nb/a/liste.md:10: " + NO_SOURCES.format("t-lest"),
                   "docs/nb/a/liste.md:11: " + NO_SOURCES.format("t-plan"), "docs/nb/a/liste.md:15: " + NO_SOURCES.format("t-hvorfor")]),
    Case("unknown source key", nb=nb("001 §1", "009 §1"), en=en("001 §1", "009 §1"),
         expected=['docs/en/a/liste.md:2: unknown source "009": the registry has 001, 002',
                   'docs/nb/a/liste.md:3: unknown source "009": the registry has 001, 002']),
    Case("a source without a place", nb=nb("{#t-plan}", '{#t-plan sources="001"}'), en=en("{#t-plan}", '{#t-plan sources="001"}'),
         expected=['docs/en/a/liste.md:11: source "001" names no place in it: write §SECTION after the key',
                   'docs/nb/a/liste.md:12: source "001" names no place in it: write §SECTION after the key']),
    Case("not a source", nb=nb("sources: 001 §1", "sources: PRIOslo"), en=en("sources: 001 §1", "sources: PRIOslo"),
         expected=['docs/en/a/liste.md:2: "PRIOslo" is not a source: write a key from the registry and a place in it ("KEY PLACE") or "proposal", separated by ;',
                   'docs/nb/a/liste.md:3: "PRIOslo" is not a source: write a key from the registry and a place in it ("KEY PLACE") or "proposal", separated by ;']),
    Case("empty sources comment", nb=nb("## Før\n", "## Før\n\n<!-- sources: -->\n"),
         expected=['docs/nb/a/liste.md:11: sources is empty: name a source ("KEY PLACE") or write "proposal"']),
    Case("a sources comment without the colon", nb=nb("## Før\n", "## Før\n\n<!-- sources 002 §3 -->\n"),
         expected=["docs/nb/a/liste.md:11: write a sources line as <!-- sources: KEY PLACE -->"]),
    Case("something else in the braces", nb=nb("{#t-plan}", '{#t-plan .viktig}'),
         expected=['docs/nb/a/liste.md:12: item "t-plan" has ".viktig" in its braces: only sources="…" may follow the id']),
    Case("twins with different sources", en=en("{#t-plan}", '{#t-plan sources="002 §4"}'),
         expected=['docs/en/a/liste.md:11: item "t-plan" has sources "002 §4" here but "001 §1" at docs/nb/a/liste.md:12: give both twins the same sources',
                   'docs/nb/a/liste.md:12: item "t-plan" has sources "001 §1" here but "002 §4" at docs/en/a/liste.md:11: give both twins the same sources']),
    Case("a proposal on one twin only", en=en("{#t-plan}", '{#t-plan sources="proposal; 001 §1"}'),
         expected=['docs/en/a/liste.md:11: item "t-plan" has sources "proposal; 001 §1" here but "001 §1" at docs/nb/a/liste.md:12: give both twins the same sources',
                   'docs/nb/a/liste.md:12: item "t-plan" has sources "001 §1" here but "proposal; 001 §1" at docs/en/a/liste.md:11: give both twins the same sources']),
    Case("places a source does not have, or in no form it is cited by",
         nb=nb("sources: 001 §1", "sources: 001 §99.9").replace("{#t-hvorfor}", '{#t-hvorfor sources="001 somewhere"}')
         .replace("## Før\n", "## Før\n\n<!-- sources: 002 kap. 3 -->\n"),
         en=en("sources: 001 §1", "sources: 001 §99.9").replace("{#t-hvorfor}", '{#t-hvorfor sources="001 somewhere"}')
         .replace("## Before\n", "## Before\n\n<!-- sources: 002 kap. 3 -->\n"),
         expected=[f"docs/{lang}/a/liste.md:{line}: {message}" for lang, lines in (("nb", (3, 11, 18)), ("en", (2, 10, 17)))
                   for line, message in zip(lines, (
                       '"001 §99.9": 001 (PRIOslo 2022) has no §99.9: its sections (§) go from 1 to 9; its places are '
                       "listed at includes/sources.yml:2",
                       '"002 kap. 3": 002 (Bergen 2021) has no kap.: cite it as §SECTION or vedlegg NUMBER; its places '
                       "are listed at includes/sources.yml:4",
                       '"001 somewhere" is no place in 001 (PRIOslo 2022): cite it as §SECTION; its places are listed '
                       "at includes/sources.yml:2"))]),
    # --- an item marker where Markdown makes no item ---------------------------------------
    Case("item markers in a table cell, a definition and a footnote",
         nb=NB_LIST + "\n| Punkt | Merknad |\n| --- | --- |\n| - [ ] I tabellen {#t-tabell} | x |\n"
            "\n- [ ] Overskrift {#t-hode} | Merknad\n--- | ---\nen | to\n"
            "\nBegrep\n:   - [ ] I definisjonen {#t-def}\n"
            "\nTekst.[^1] Mer.[^2]\n\n[^1]: - [ ] I fotnoten {#t-fot}\n[^2]: Fotnoten.\n\n    - [ ] Under fotnoten {#t-fot2}\n",
         expected=[f"docs/nb/a/liste.md:{line}: {NOT_HERE[kind]}" for line, kind in (
             (20, "table"), (22, "table"), (27, "definition"), (31, "footnote"), (34, "footnote"))]),
    Case("tables, definitions and footnotes without item markers build, and an item indented under a definition is an item",
         nb=NB_LIST + "\n| a | b |\n| --- | --- |\n| [lenke](../index.md) | [x] |\n\nTekst.[^1]\n\n[^1]: Fotnote.\n"
            "\nBegrep\n:   Forklaring.\n\n    - [ ] Vi har forklart begrepet. {#t-begrep}\n",
         en=EN_LIST + "\nTerm\n:   Explanation.\n\n    - [ ] We have explained the term. {#t-begrep}\n"),
    # --- ids: prefixes, look-alikes, reserved ------------------------------------------------
    Case("an id without the page's prefix", nb=nb("{#t-plan}", "{#plan}"), en=en("{#t-plan}", "{#plan}"),
         expected=['docs/nb/a/liste.md:12: item id "plan" does not start with this page\'s id-prefix "t-" (line 4): write {#t-…}',
                   'docs/en/a/liste.md:11: item id "plan" does not start with this page\'s id-prefix "t-" (line 3): write {#t-…}']),
    Case("a page with items but no id-prefix", nb=nb("id-prefix: t-\n", ""), en=en("id-prefix: t-\n", ""),
         expected=['docs/nb/a/liste.md:1: this page has items but no id-prefix: add "id-prefix: t-" to its front matter, '
                   "the start every item id on this page shares",
                   'docs/en/a/liste.md:1: this page has items but no id-prefix: add "id-prefix: t-" to its front matter, '
                   "the start every item id on this page shares"]),
    Case("twins with different id-prefixes", en=en("id-prefix: t-", "id-prefix: t-p-").replace("{#t-lest}", "{#t-p-lest}"),
         nb=nb("{#t-lest}", "{#t-p-lest}"),
         expected=['docs/en/a/liste.md:3: id-prefix "t-p-" differs from "t-" at docs/nb/a/liste.md:4: give both twins the same id-prefix',
                   'docs/nb/a/liste.md:4: id-prefix "t-" differs from "t-p-" at docs/en/a/liste.md:3: give both twins the same id-prefix',
                   'docs/en/a/liste.md:11: item id "t-plan" does not start with this page\'s id-prefix "t-p-" (line 3): write {#t-p-…}',
                   'docs/en/a/liste.md:15: item id "t-hvorfor" does not start with this page\'s id-prefix "t-p-" (line 3): write {#t-p-…}']),
    Case("an id that looks like its twin's", nb=nb("{#t-plan}", "{#t-plann}"),
         expected=["docs/nb/a/liste.md:12: item id \"t-plann\" looks like \"t-plan\" at docs/en/a/liste.md:11, its twin in 'en': "
                   "twins have the same id — write both alike",
                   "docs/en/a/liste.md:11: item id \"t-plan\" looks like \"t-plann\" at docs/nb/a/liste.md:12, its twin in 'nb': "
                   "twins have the same id — write both alike"]),
    Case("an id the build uses on every page", nb=nb("{#t-lest}", "{#ekh-sources}"), en=en("{#t-lest}", "{#ekh-sources}"),
         expected=[f"docs/{lang}/a/liste.md:{line}: " + message for lang, line in (("nb", 11), ("en", 10)) for message in (
             'item id "ekh-sources" is reserved: hooks/items.py (the source labels) uses it on pages: choose another id',
             'item id "ekh-sources" does not start with this page\'s id-prefix "t-" '
             f"(line {4 if lang == 'nb' else 3}): write {{#t-…}}")]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_item_rule(tmp_path, case: Case):
    project = make_site(tmp_path, {"nb/a/liste.md": case.nb, "en/a/liste.md": case.en, **case.extra})
    code, found, output = messages(project, *case.args)
    if case.expected:
        assert code != 0, output
        assert sorted(found) == sorted(case.expected), output
    else:
        assert code == 0 and not found, output


def test_the_catalogue_is_a_real_mutation_suite():
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)


# ----------------------------------------------------------------------------
# What a valid build writes
# ----------------------------------------------------------------------------


def test_items_json_is_exact_with_sources_and_proposals(tmp_path):
    nb_page = NB_LIST.replace("## Intervju\n", "## Intervju\n\n<!-- sources: proposal; 002 vedlegg 8 -->\n")
    en_page = EN_LIST.replace("## Interview\n", "## Interview\n\n<!-- sources: proposal; 002 vedlegg 8 -->\n")
    nb_page = nb_page.replace("{#t-plan}", '{#t-plan sources="002 §3; 001 §2"}')
    en_page = en_page.replace("{#t-plan}", '{#t-plan sources="002 §3; 001 §2"}')
    project = make_site(tmp_path, {"nb/a/liste.md": nb_page, "en/a/liste.md": en_page})
    code, found, output = messages(project, "--strict")
    assert code == 0 and not found, output
    assert items_json(project) == [
        {"id": "t-lest", "kind": "checklist", "text": "Vi har lest oss opp.", "url": "a/liste/#t-lest",
         "section": "Før", "sources": ["001 §1"], "proposal": False,
         "added": None, "changed": None},
        {"id": "t-plan", "kind": "checklist", "text": "Vi har laget en plan.", "url": "a/liste/#t-plan",
         "section": "Før", "sources": ["002 §3", "001 §2"], "proposal": False,
         "added": None, "changed": None},
        {"id": "t-hvorfor", "kind": "question", "text": "Hvorfor søker du?", "url": "a/liste/#t-hvorfor",
         "section": "Intervju", "sources": ["002 vedlegg 8"], "proposal": True,
         "added": None, "changed": None},
    ]
    en_items = items_json(project, "en")
    assert [i["id"] for i in en_items] == ["t-lest", "t-plan", "t-hvorfor"]
    assert en_items[2]["text"] == "Why do you apply?" and en_items[2]["section"] == "Interview"
    html = (project / "site" / "a" / "liste" / "index.html").read_text(encoding="utf-8")
    assert '<span class="item-text" id="t-lest" data-kind="checklist">Vi har lest oss opp.</span>' in html
    assert 'aria-labelledby="t-lest"' in html and 'data-item="t-hvorfor"' in html
    assert 'class="item-permalink" href="#t-lest"' in html
    # Readers see each source and the proposal badge; the tags link to the registry page.
    assert '<a class="item-source" href="../../kilder/#kilde-002" title="Sluttrapporten">Bergen 2021 §3</a>' in html
    assert '<span class="item-proposal">Forslag fra håndboka</span>' in html
    assert "{#" not in html and "[?]" not in html and "sources=" not in html
    en_html = (project / "site" / "en" / "a" / "liste" / "index.html").read_text(encoding="utf-8")
    assert "The handbook&#x27;s proposal" in en_html or "The handbook's proposal" in en_html
    registry = (project / "site" / "kilder" / "index.html").read_text(encoding="utf-8")
    assert 'id="kilde-001"' in registry and 'id="kilde-002"' in registry


def test_section_sources_end_at_the_next_heading_of_the_same_level(tmp_path):
    page = NB_LIST.replace("## Før\n", "## Før\n\n<!-- sources: 002 §9 -->\n\n### Under\n")
    en_page = EN_LIST.replace("## Before\n", "## Before\n\n<!-- sources: 002 §9 -->\n\n### Below\n")
    project = make_site(tmp_path, {"nb/a/liste.md": page, "en/a/liste.md": en_page})
    code, found, output = messages(project)
    assert code == 0, output
    assert [i["sources"] for i in items_json(project)] == [["002 §9"], ["002 §9"], ["001 §1"]]


def test_proposal_admonition_gets_the_handbooks_title(tmp_path):
    page = NB_LIST + "\n!!! proposal\n    Sett av en time.\n"
    en_page = EN_LIST + "\n!!! proposal\n    Set aside an hour.\n"
    project = make_site(tmp_path, {"nb/a/liste.md": page, "en/a/liste.md": en_page})
    code, found, output = messages(project)
    assert code == 0, output
    assert '<p class="admonition-title">Forslag fra håndboka</p>' in (project / "site" / "a" / "liste" / "index.html").read_text(encoding="utf-8")
    assert "<p class=\"admonition-title\">The handbook's proposal</p>" in (project / "site" / "en" / "a" / "liste" / "index.html").read_text(encoding="utf-8")


def test_a_dirty_build_is_refused_with_what_to_do_instead(tmp_path):
    project = make_site(tmp_path, {"nb/a/liste.md": NB_LIST, "en/a/liste.md": EN_LIST})
    result = mkdocs_build(project, "--dirty")
    assert result.returncode != 0
    assert "--dirty rebuilds only the pages you changed" in result.stdout + result.stderr
    assert "make serve" in result.stdout + result.stderr


# ----------------------------------------------------------------------------
# Over time: the ledger of published ids, and near-duplicates
# ----------------------------------------------------------------------------

LEDGER_CONFIG = CONFIG + """\
  items:
    ledger: includes/ledger.yml
"""
DISTINCT_CONFIG = LEDGER_CONFIG + """\
    distinct:
      - [t-x, t-y]
"""

LEDGER = """\
t-hvorfor: {kind: question, page: a/liste/}
t-lest: {kind: checklist, page: a/liste/}
t-plan: {kind: checklist, page: a/liste/}
t-gammel: {kind: checklist, page: a/liste/, retired: 2026-11-01, reason: merged, successor: t-plan}
"""


def ledger_site(tmp_path: Path, nb_page: str = NB_LIST, en_page: str = EN_LIST, ledger: str = LEDGER,
                extra: dict[str, str] | None = None, config: str = LEDGER_CONFIG) -> Path:
    return make_site(
        tmp_path,
        {"nb/a/liste.md": nb_page, "en/a/liste.md": en_page, "includes/ledger.yml": ledger, **(extra or {})},
        config=config,
    )


def test_removing_a_published_item_from_both_languages_stops_the_build_naming_it(tmp_path):
    project = ledger_site(tmp_path, nb(NB_PLAN + "\n", ""), en(EN_PLAN + "\n", ""))
    code, found, output = messages(project)
    assert code != 0
    assert "includes/ledger.yml:3: item \"t-plan\" was published on a/liste/ and is gone from the pages: put it back, or retire it here (retired: date, reason: …, successor: …)" in output
    assert "includes/ledger.yml:4: the successor of \"t-gammel\" (\"t-plan\") is not an item on the pages: name a live id, or leave successor out" in output


def test_a_retired_id_used_again_and_a_changed_kind_are_refused(tmp_path):
    page_nb = nb("{#t-lest}", "{#t-gammel}").replace("1. [?] Hvorfor søker du? {#t-hvorfor}", "- [ ] Hvorfor søker du? {#t-hvorfor}")
    page_en = en("{#t-lest}", "{#t-gammel}").replace("1. [?] Why do you apply? {#t-hvorfor}", "- [ ] Why do you apply? {#t-hvorfor}")
    code, found, output = messages(ledger_site(tmp_path, page_nb, page_en))
    assert code != 0
    assert sorted(found) == sorted([
        'docs/nb/a/liste.md:11: item id "t-gammel" was retired on 2026-11-01 (includes/ledger.yml:4): give this item a new id',
        'docs/en/a/liste.md:10: item id "t-gammel" was retired on 2026-11-01 (includes/ledger.yml:4): give this item a new id',
        'docs/nb/a/liste.md:16: item "t-hvorfor" was published as a question (includes/ledger.yml:1): an item of another kind needs a new id',
        'docs/en/a/liste.md:15: item "t-hvorfor" was published as a question (includes/ledger.yml:1): an item of another kind needs a new id',
    ])
    assert "includes/ledger.yml:2: item \"t-lest\" was published on a/liste/ and is gone from the pages" in output


def test_a_new_item_never_fails_the_build_and_the_build_leaves_the_ledger_alone(tmp_path):
    """Only `make publish` records ids (tests/test_ledger.py); a build reads the ledger."""
    page_nb = nb("## Intervju\n", "## Intervju\n\n1. [?] Hva gleder du deg til? {#t-ny}\n")
    page_en = en("## Interview\n", "## Interview\n\n1. [?] What do you look forward to? {#t-ny}\n")
    project = ledger_site(tmp_path, page_nb, page_en)
    code, found, output = messages(project, "--strict")
    assert code == 0 and not found, output
    assert (project / "includes" / "ledger.yml").read_text(encoding="utf-8") == LEDGER


def test_a_retired_id_carries_over_to_its_successor(tmp_path):
    project = ledger_site(tmp_path)
    code, found, output = messages(project, "--strict")
    assert code == 0, output
    plan = next(i for i in items_json(project) if i["id"] == "t-plan")
    assert plan["replaces"] == ["t-gammel"]
    html = (project / "site" / "a" / "liste" / "index.html").read_text(encoding="utf-8")
    assert '<a class="item-retired" id="t-gammel" href="./#t-plan" hidden></a>' in html
    assert '<script type="application/json" id="ekh-retired">{"t-gammel": "t-plan"}</script>' in html


PASTED_NB = "- [ ] Vi har laget en god plan for opplæringen av den nye kollegaen. {#t-x}"


def test_an_item_pasted_on_another_page_with_one_word_changed_stops_the_build(tmp_path):
    page_nb = nb(NB_PLAN, PASTED_NB)
    other_nb = OTHER_NB.format("- [ ] Vi har laget en god plan for opplæringen av den nye lederen. {#t-z}")
    other_en = OTHER_EN.format("- [ ] Something else entirely. {#t-z}")
    page_en = en(EN_PLAN, "- [ ] We have a good training plan. {#t-x}")
    code, found, output = messages(ledger_site(tmp_path, page_nb, page_en, extra={"nb/annen.md": other_nb, "en/annen.md": other_en}))
    assert code != 0
    assert sorted(f for f in found if "alike" in f) == [
        'docs/nb/a/liste.md:12: item "t-x" reads almost like "t-z" at docs/nb/annen.md:8 (93 % alike): merge them into one item, or if they are different on purpose, add [t-x, t-z] to extra.items.distinct in mkdocs.yml',
        'docs/nb/annen.md:8: item "t-z" reads almost like "t-x" at docs/nb/a/liste.md:12 (93 % alike): merge them into one item, or if they are different on purpose, add [t-x, t-z] to extra.items.distinct in mkdocs.yml',
    ]


def test_a_pair_marked_distinct_builds(tmp_path):
    page_nb = nb(NB_PLAN, PASTED_NB)
    other_nb = OTHER_NB.format("- [ ] Vi har laget en god plan for opplæringen av den nye lederen. {#t-y}")
    other_en = OTHER_EN.format("- [ ] Something else entirely. {#t-y}")
    page_en = en(EN_PLAN, "- [ ] We have a good training plan. {#t-x}")
    ledger = "t-hvorfor: {kind: question, page: a/liste/}\n"
    project = ledger_site(tmp_path, page_nb, page_en, ledger, extra={"nb/annen.md": other_nb, "en/annen.md": other_en},
                          config=DISTINCT_CONFIG)
    code, found, output = messages(project, "--strict")
    assert code == 0 and not found, output


# ----------------------------------------------------------------------------
# Messages that lead to the right fix (issue 26)
# ----------------------------------------------------------------------------

LOOKS_LIKE = 'item id "t-plann" looks like the published "t-plan"{}: ids never change — change it back'


def test_a_typo_in_a_published_id_on_one_page_says_change_it_back_and_nothing_else(tmp_path):
    code, found, output = messages(ledger_site(tmp_path, nb("{#t-plan}", "{#t-plann}")))
    assert code != 0
    assert found == ["docs/nb/a/liste.md:12: " + LOOKS_LIKE.format(" (at docs/en/a/liste.md:11)")], output
    assert "includes/ledger.yml" not in output and "twin" not in output, output


def test_the_same_typo_in_both_languages_says_change_it_back_and_never_retire(tmp_path):
    code, found, output = messages(ledger_site(tmp_path, nb("{#t-plan}", "{#t-plann}"), en("{#t-plan}", "{#t-plann}")))
    assert code != 0
    assert sorted(found) == ["docs/en/a/liste.md:11: " + LOOKS_LIKE.format(""),
                             "docs/nb/a/liste.md:12: " + LOOKS_LIKE.format("")], output
    # neither "is gone: put it back, or retire it" for t-plan nor "not an item" for its predecessor t-gammel
    assert "includes/ledger.yml" not in output and "retire" not in output, output


def test_a_published_item_with_a_malformed_marker_in_both_languages_gives_one_message_each(tmp_path):
    code, found, output = messages(ledger_site(tmp_path, nb("- [ ] Vi har laget", "- [] Vi har laget"),
                                               en("- [ ] We have made", "- [] We have made")))
    assert code != 0
    assert sorted(found) == ["docs/en/a/liste.md:11: " + MARKER.format(""), "docs/nb/a/liste.md:12: " + MARKER.format("")]
    assert "includes/ledger.yml" not in output, output


DISTINCT_LINES = """\
    distinct:
      - [t-lest, t-plan]
      - [t-lest]
      - t-plan
      - [t-plan, t-plan]
      - [t-lest, t-borte]
"""


def test_a_malformed_or_stale_distinct_pair_is_named_with_its_line(tmp_path):
    config = LEDGER_CONFIG + DISTINCT_LINES
    first = config.splitlines().index("      - [t-lest, t-plan]") + 1
    project = ledger_site(tmp_path, config=config)
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    pair = 'is not a pair of two different item ids: write "- [ID-ONE, ID-TWO]"'
    assert [l for l in output.splitlines() if l.startswith("mkdocs.yml:")] == [
        f"mkdocs.yml:{first + 1}: extra.items.distinct: [t-lest] {pair}",
        f"mkdocs.yml:{first + 2}: extra.items.distinct: t-plan {pair}",
        f"mkdocs.yml:{first + 3}: extra.items.distinct: [t-plan, t-plan] {pair}",
        f'mkdocs.yml:{first + 4}: extra.items.distinct: the pair [t-borte, t-lest] names "t-borte", which is no item '
        "on the pages: remove the line, or correct the id",
    ]


def test_distinct_that_is_not_a_list_is_named(tmp_path):
    config = LEDGER_CONFIG + "    distinct: t-lest, t-plan\n"
    line = config.splitlines().index("    distinct: t-lest, t-plan") + 1
    result = mkdocs_build(ledger_site(tmp_path, config=config))
    assert result.returncode != 0
    assert (f'mkdocs.yml:{line}: extra.items.distinct must be a list of pairs, one a line: "- [ID-ONE, ID-TWO]"'
            in result.stdout + result.stderr)


REGISTRY_BROKEN = {
    "empty": ("", "includes/sources.yml:1: the source registry is empty: list every source document with its key, "
                  'label and places (see CONTRIBUTING.md, "Where an item comes from")'),
    "broken": ('"001": {label: PRIOslo, places: {§: 1-9}\n"002": {label: Bergen, places: {§: 1-9}}\n',
               "includes/sources.yml:1: a { on this line is not closed with }: close it on the same line"),
    "no places": ('"001": {label: PRIOslo}\n"002": {label: Bergen, places: {§: 1-9, para: 2}}\n',
                  'includes/sources.yml:1: source "001": places: list the places that can be cited, one form a line, '
                  'e.g. "§: 1, 2, 2.1-2.4"\nincludes/sources.yml:2: source "002": places: "para" is not a form of place: '
                  "the forms are §, kap., vedlegg, spm., s. and parts"),
}


@pytest.mark.parametrize("name", REGISTRY_BROKEN)
def test_an_empty_or_broken_registry_is_one_message_naming_it(tmp_path, name):
    text, expected = REGISTRY_BROKEN[name]
    project = make_site(tmp_path, {"nb/a/liste.md": NB_LIST, "en/a/liste.md": EN_LIST, "includes/sources.yml": text})
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert [l for l in output.splitlines() if l.startswith("includes/")] == expected.split("\n"), output
    assert "unknown source" not in output and "docs/" not in output, output


def test_an_item_copied_with_its_words_reordered_stops_the_build(tmp_path):
    page_nb = nb(NB_PLAN, PASTED_NB)
    other_nb = OTHER_NB.format("- [ ] For opplæringen av den nye kollegaen har vi laget en god plan. {#t-z}")
    other_en = OTHER_EN.format("- [ ] Something else entirely. {#t-z}")
    page_en = en(EN_PLAN, "- [ ] We have a good training plan. {#t-x}")
    code, found, output = messages(ledger_site(tmp_path, page_nb, page_en, extra={"nb/annen.md": other_nb, "en/annen.md": other_en}))
    assert code != 0
    assert sorted(f for f in found if "alike" in f) == [
        'docs/nb/a/liste.md:12: item "t-x" reads almost like "t-z" at docs/nb/annen.md:8 (100 % alike in another word order): merge them into one item, or if they are different on purpose, add [t-x, t-z] to extra.items.distinct in mkdocs.yml',
        'docs/nb/annen.md:8: item "t-z" reads almost like "t-x" at docs/nb/a/liste.md:12 (100 % alike in another word order): merge them into one item, or if they are different on purpose, add [t-x, t-z] to extra.items.distinct in mkdocs.yml',
    ]


def test_an_id_equal_to_a_headings_old_anchor_is_refused(tmp_path):
    """hooks/anchors.py adds the old anchor after the item hook has run: the final page tells."""
    config = CONFIG.replace(f'  - {ROOT / "hooks" / "items.py"}\n',
                            f'  - {ROOT / "hooks" / "items.py"}\n  - {ROOT / "hooks" / "anchors.py"}\n')
    config += "  permalink_title: {nb: Lenke, en: Link}\n"
    # "## T spørsmål" has the anchor #t-sporsmal; the old one, kept beside it, is #t-sprsmal.
    page_nb = nb("## Før", "## T spørsmål").replace("{#t-lest}", "{#t-sprsmal}")
    project = make_site(tmp_path, {"nb/a/liste.md": page_nb, "en/a/liste.md": en("{#t-lest}", "{#t-sprsmal}")}, config=config)
    code, found, output = messages(project)
    assert code != 0
    assert found == ['docs/nb/a/liste.md:11: item id "t-sprsmal" is also the old anchor of a heading on this page '
                     "(kept so that old links still land there): choose another id"], output
