"""Reading items out of a page's Markdown, before Markdown renders it (used by hooks/items.py).

Every list line with an item marker (`- [ ] text {#id}`, `1. [?] text {#id}`, also inside a
blockquote or an admonition) becomes a *candidate*: its line is replaced by private-use markers
around the text, so the rendered HTML tells where Markdown really put it (a list item, a code
block, raw HTML). Lines inside ``` fences are examples and stay as they are. The scan also
resolves each candidate's provenance (front matter, `<!-- sources: … -->` lines by section, the
item's own `sources="…"`) and reports what is wrong on the line itself.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from items_sources import COMMENT_RE, COMMENT_TYPO_RE, Provenance, parse

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

LEAD = r"(?P<lead>(?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)"
ITEM_RE = re.compile(
    LEAD + r"\[(?P<mark>[ xX?])\][ \t]+(?P<text>.*?)"
    r"(?:[ \t]*\{#(?P<id>[^\s}]*)(?P<attrs>[^}]*)\})?[ \t]*$"
)
# A marker that is almost right: `- [] x`, `- [ ]x`, `-[ ] x`, `- [?]x`, `- [ x] x` …
NEAR_RE = re.compile(
    r"^(?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]*\[(?P<mark>[ xX?]{0,3})\](?![(\[:])"
)
ATTR_RE = re.compile(r'^[ \t]+sources="(?P<value>[^"]*)"[ \t]*$')
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OTHER_ITEM_RE = re.compile(r"\{#[^}]*\}|(?:^|\s)(?:[-*+]|\d{1,9}[.)])\s+\[[ xX?]\]\s")
FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(?P<fence>`{3,}|~{3,})")
HEADING_RE = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*(?:\{[^}]*\})?[ \t]*$")
SNIPPET_RE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*(?P<names>.*)$")
WRITTEN_ID_RE = re.compile(r"\{#(?P<id>[^\s}]+)[^}]*\}")  # an id written on a line, however wrong
# Where Markdown makes no item of a marker: a table row, a definition, a footnote.
MARKER = r"(?:[-*+]|\d{1,9}[.)])[ \t]*\[[ xX?]{0,3}\]"
TABLE_DELIMITER_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# A cell that starts with a list marker and a box, or with a box on a row that has an {#id}.
TABLE_CELL_ITEM_RE = re.compile(r"(?:^|\|)[ \t]*(?:" + MARKER + r"|\[[ xX?]\][ \t](?=.*\{#))")
DEFINITION_ITEM_RE = re.compile(r"^(?:[ \t]*>)*[ \t]{0,3}:[ \t]+" + MARKER)
FOOTNOTE_RE = re.compile(r"^[ \t]{0,3}\[\^[^\]]+\]:(?P<rest>.*)$")
NOT_HERE = {
    "table": "an item marker in a table cell: Markdown makes no list inside a table, so this is "
             "no item: write the item as a list line outside the table",
    "definition": 'an item marker in a definition (after ":"): items are not read there: write the '
                  "item as a list line of its own, outside the definition list",
    "footnote": "an item marker in a footnote: a footnote is shown at the end of the page, away from "
                "its section, so items are not read there: write the item as a list line in the page's text",
}

KINDS = {" ": "checklist", "x": "checklist", "X": "checklist", "?": "question"}

# Private-use characters around an item in the Markdown: START n SEP text END (n: candidate index).
START, SEP, END = "\ue000", "\ue001", "\ue002"


@dataclass
class Candidate:
    index: int
    line: int  # in the source file
    kind: str
    id: str
    section: str
    provenance: Provenance
    original: str  # the line after its list marker, to restore where it turns out to be code


@dataclass
class Scan:
    markdown: str
    candidates: list[Candidate]
    errors: list[str]
    snippet_items: bool = False  # a snippet brought items in (already reported)
    broken: set[str] = field(default_factory=set)  # ids written on lines that were refused


# ----------------------------------------------------------------------------
# The scan
# ----------------------------------------------------------------------------


def scan(markdown: str, *, src: str, offset: int, page_provenance: Provenance,
         registry: dict, snippet_paths: list[str]) -> Scan:
    """Mark every candidate line; `offset` is the number of source lines before `markdown`."""
    lines: list[str | None] = markdown.split("\n")
    candidates: list[Candidate] = []
    errors: list[str] = []
    fenced, unclosed = _fenced_lines(lines)
    if unclosed is not None:
        fence = FENCE_RE.match(lines[unclosed])["fence"]
        errors.append(f"{src}:{unclosed + 1 + offset}: this code fence {fence} is never closed: end it with {fence}")
    section, level = "", 0
    scopes: list[tuple[int, Provenance]] = []  # (level of the section it belongs to, provenance)
    snippet_items = False
    broken: set[str] = set()
    elsewhere = _not_here(lines, fenced)

    def refuse(message: str, line: str) -> None:
        errors.append(message)
        broken.update(m["id"] for m in WRITTEN_ID_RE.finditer(line))

    for index, line in enumerate(lines):
        number = index + 1 + offset
        where = f"{src}:{number}"
        if index in fenced:
            continue
        if index in elsewhere:
            refuse(f"{where}: {NOT_HERE[elsewhere[index]]}", line)
            continue
        if line.startswith("#") and (m := HEADING_RE.match(line)):
            section, level = _plain_heading(m["title"]), len(m["level"])
            scopes = [s for s in scopes if s[0] < level]
            continue
        if "<!--" in line:
            if m := COMMENT_RE.match(line):
                provenance, problems = parse(m["value"], registry)
                errors += [f"{where}: {p}" for p in problems]
                scopes.append((level, provenance))
                lines[index] = None  # gone, so it does not split a list in two
            elif COMMENT_TYPO_RE.match(line):
                errors.append(f"{where}: write a sources line as <!-- sources: KEY PLACE -->")
            continue
        if "8<" in line and SNIPPET_RE.match(line):
            problems = _snippet_items(line, where, snippet_paths)
            errors += problems
            snippet_items = snippet_items or bool(problems)
            continue
        if "[" not in line:
            continue
        m = ITEM_RE.match(line)
        if not m:
            if (near := NEAR_RE.match(line)) and (near["mark"] not in (" ", "?", "x", "X")
                                                  or "{#" in line):
                refuse(
                    f'{where}: "[{near["mark"]}]" is not an item marker: write "- [ ] text {{#id}}" '
                    'for a checklist item or "1. [?] text {#id}" for a question (one space inside '
                    "the brackets of [ ], and one after them)",
                    line,
                )
            continue
        kind = KINDS[m["mark"]]
        item_id, text = m["id"], m["text"].strip()
        if m["lead"].rstrip().endswith(")"):
            refuse(f'{where}: write "1." to number an item: Markdown here does not read "1)" as a list', line)
            continue
        if item_id is None:
            errors.append(f"{where}: {kind} item has no id: end the line with {{#an-id}}")
            continue
        if not ID_RE.match(item_id):
            shown = item_id if ATTR_RE.match(m["attrs"]) else (item_id + m["attrs"]).strip()
            refuse(
                f'{where}: item id "{shown}" is not valid: use lowercase letters a-z, '
                "digits and single hyphens",
                line,
            )
            continue
        if OTHER_ITEM_RE.search(text):
            refuse(f'{where}: two items on one line: put each item on a line of its own', line)
            continue
        provenance = scopes[-1][1] if scopes else page_provenance
        if m["attrs"].strip():
            a = ATTR_RE.match(m["attrs"])
            if not a:
                refuse(
                    f'{where}: item "{item_id}" has "{m["attrs"].strip()}" in its braces: only '
                    'sources="…" may follow the id',
                    line,
                )
                continue
            provenance, problems = parse(a["value"], registry)
            errors += [f"{where}: {p}" for p in problems]
        box = "[ ] " if kind == "checklist" else ""
        candidates.append(Candidate(
            len(candidates), number, kind, item_id, section, provenance,
            original=line[len(m["lead"]):],
        ))
        lines[index] = f'{m["lead"]}{box}{START}{len(candidates) - 1}{SEP}{text}{END}'

    return Scan("\n".join(l for l in lines if l is not None), candidates, errors, snippet_items, broken)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _fenced_lines(lines: list[str]) -> tuple[set[int], int | None]:
    """Indexes of the lines inside closed ``` fences, and the index of a fence never closed.

    Markdown renders an unclosed fence as text, so the lines after it are read as usual."""
    fenced: set[int] = set()
    opened: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        if opened is not None:
            if _closes(line, opened[1]):
                fenced.update(range(opened[0], index + 1))
                opened = None
        elif ("`" in line or "~" in line) and (m := FENCE_RE.match(line)):
            opened = (index, m["fence"])
    return fenced, opened[0] if opened else None


def _not_here(lines: list[str | None], fenced: set[int]) -> dict[int, str]:
    """Indexes of the lines that hold an item marker where Markdown makes no item of it: a table
    row, a definition (`:   - [ ] …`) or a footnote (`[^1]: - [ ] …` and the lines indented under
    it), each with its kind."""
    found: dict[int, str] = {}
    table = footnote = False
    for index, line in enumerate(lines):
        if index in fenced or line is None:
            table = footnote = False
            continue
        if not line.strip():
            table = False
            continue
        if not table and TABLE_DELIMITER_RE.match(line) and "|" in line and index > 0 \
                and lines[index - 1] and "|" in lines[index - 1]:
            table = True
            if TABLE_CELL_ITEM_RE.search(lines[index - 1]):
                found[index - 1] = "table"
            continue
        if table:
            if TABLE_CELL_ITEM_RE.search(line):
                found[index] = "table"
            continue
        if m := FOOTNOTE_RE.match(line):
            footnote = True
            if re.match(r"[ \t]*" + MARKER, m["rest"]):
                found[index] = "footnote"
            continue
        if footnote:
            if line.startswith(("    ", "\t")):
                if re.match(r"[ \t]*(?:>[ \t]*)*" + MARKER, line):
                    found[index] = "footnote"
                continue
            footnote = False
        if DEFINITION_ITEM_RE.match(line):
            found[index] = "definition"
    return found


def _closes(line: str, fence: str) -> bool:
    body = re.sub(r"^(?:[ \t]*>)*[ \t]*", "", line).rstrip()
    return len(body) >= len(fence) and set(body) == {fence[0]}


def _plain_heading(title: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(text.split())


def _snippet_items(line: str, where: str, snippet_paths: list[str]) -> list[str]:
    """Items must stand on the page: a snippet that holds one is refused."""
    errors = []
    for name in re.findall(r'"([^"]+)"|\'([^\']+)\'|(\S+)', SNIPPET_RE.match(line)["names"]):
        name = next(n for n in name if n)
        for base in snippet_paths:
            path = os.path.join(base, name)
            if not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as f:
                for number, text in enumerate(f, start=1):
                    if ITEM_RE.match(text.rstrip("\n")) or NEAR_RE.match(text):
                        errors.append(
                            f'{where}: the snippet "{name}" holds an item (line {number}): '
                            "write items on the page itself"
                        )
                        break
            break
    return errors
