"""Items: every checklist item and every question stands once, with a stable id, in every language.

An *item* is one Markdown list line with a marker and an id at its end (see CONTRIBUTING.md):

    - [ ] Vi har laget en stillingsbeskrivelse. {#rek-sjekk-stillingsbeskrivelse}
    1. [?] Hvorfor søker du på denne stillingen? {#int1-hvorfor-soke}

`[ ]` is a checklist item (a box to tick), `[?]` a question. This hook guarantees that

- each item's text is wrapped in `<span class="item-text" id="ID" data-kind="…">`, followed by a
  visible permalink; links to `page.md#ID` are validated like links to headings; the item's
  `<li>` gets `class="item item--KIND"` and `data-item="ID"`; its checkbox is labelled by the
  item's text (`aria-labelledby`);
- every language build writes `items.json` at its root: a list of `{id, kind, text, url, section}`,
  `url` relative to the language root and ending in `#id`, `section` the heading above the item;
- the build stops with a `PluginError`, one line `docs/…md:LINE: message` per occurrence, when an
  item has no id or a malformed one, a line of prose would be swallowed by the item above it
  (no blank line after the list), an id is used twice, the same text (ignoring case, spacing
  and punctuation) stands under two ids, or an id exists in one language and not in the other
  (or stands on another page or is of another kind there).

Per-language state is reset at the start of every outer build, so `mkdocs serve` starts afresh.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

# A list line with a marker: `- [ ] text {#id}`, `1. [?] text {#id}`; the id part is optional
# here so that a missing id can be reported instead of silently ignored.
ITEM_RE = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)"
    r"\[(?P<mark>[ xX?])\][ \t]+"
    r"(?P<text>.*?)"
    r"(?:[ \t]*\{#(?P<id>[^}]*)\})?[ \t]*$"
)
LIST_RE = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
NOT_WORD_RE = re.compile(r"[\W_]+")
HEADING_RE = re.compile(r"^#{1,6}[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*(?:\{[^}]*\})?[ \t]*$")

KINDS = {" ": "checklist", "x": "checklist", "X": "checklist", "?": "question"}

# Private-use characters that mark an item in the Markdown: START kind:id SEP text END.
START, SEP, END = "\ue000", "\ue001", "\ue002"
# The <li> around a marked item, as rendered: no other <li> opens in between.
LI_RE = re.compile(
    r"<li(?P<attrs>[^>]*)>(?P<between>(?:(?!<li[\s>]).)*?)"
    rf"{START}(?P<kind>[a-z]+):(?P<id>[a-z0-9-]+){SEP}(?P<text>.*?){END}",
    re.S,
)

STRAY_RE = re.compile(rf"{START}[a-z]+:(?P<id>[a-z0-9-]+){SEP}(?P<text>.*?){END}", re.S)

PERMALINK_TITLE = {"nb": "Lenke til dette punktet", "en": "Link to this item"}


@dataclass
class Item:
    id: str
    kind: str
    text: str
    url: str
    section: str
    src: str  # docs/nb/x.md
    line: int


@dataclass
class Language:
    site_dir: str = ""
    items: list[Item] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# Collected per language during one outer build (all languages); reset in on_pre_build.
_languages: dict[str, Language] = {}


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    if not _i18n_building(config):
        _languages.clear()
    prefix = _language_prefix(config)
    _languages[_language(config)] = Language(site_dir=os.path.join(config.site_dir, prefix))


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = _languages.setdefault(_language(config), Language())
    src = _source_path(page, config)
    offset = _front_matter_lines(page)
    url = page.url.removeprefix(_language_prefix(config))

    lines = markdown.split("\n")
    fence: str | None = None
    section = ""
    after_item = False
    for index, line in enumerate(lines):
        number = index + 1 + offset
        if after_item and line.strip() and not line[0].isspace() and not LIST_RE.match(line) \
                and not line.startswith("#"):
            # Markdown would carry this line into the item above ("lazy continuation").
            language.errors.append(
                f"{src}:{number}: this line would join the item above: leave a blank line after the list"
            )
        after_item = False
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        if ("`" in line or "~" in line) and (m := FENCE_RE.match(line)):
            fence = m.group(1)
            continue
        if line.startswith("#") and (m := HEADING_RE.match(line)):
            section = _plain(m.group("title"))
            continue
        if "[" not in line or not (m := ITEM_RE.match(line)):
            continue
        item_id, text = m.group("id"), m.group("text").strip()
        kind = KINDS[m.group("mark")]
        if item_id is None:
            language.errors.append(
                f"{src}:{number}: {kind} item has no id: end the line with {{#an-id}}"
            )
            continue
        if not ID_RE.match(item_id):
            language.errors.append(
                f'{src}:{number}: item id "{item_id}" is not valid: use lowercase letters a-z, '
                "digits and single hyphens"
            )
            continue
        if not text:
            language.errors.append(f'{src}:{number}: item "{item_id}" has no text')
            continue
        language.items.append(
            Item(item_id, kind, _plain(text), f"{url}#{item_id}", section, src, number)
        )
        # Markers from Unicode's private use area pass through Markdown as plain text, so an
        # item costs the Markdown parser nothing; on_page_content turns them into HTML.
        after_item = True
        box = "[ ] " if kind == "checklist" else ""
        lines[index] = f'{m.group("lead")}{box}{START}{kind}:{item_id}{SEP}{text}{END}'
    return "\n".join(lines)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if START not in html:
        return html
    title = PERMALINK_TITLE.get(_language(config), PERMALINK_TITLE["en"])
    ids: set[str] = set()

    def mark(m: re.Match[str]) -> str:
        item_id, kind, attrs, between = m["id"], m["kind"], m["attrs"], m["between"]
        ids.add(item_id)
        if 'class="' in attrs:
            attrs = attrs.replace('class="', f'class="item item--{kind} ', 1)
        else:
            attrs += f' class="item item--{kind}"'
        between = between.replace(
            '<input type="checkbox"', f'<input type="checkbox" aria-labelledby="{item_id}"', 1
        )
        return (
            f'<li{attrs} data-item="{item_id}">{between}'
            f'<span class="item-text" id="{item_id}" data-kind="{kind}">{m["text"]}</span> '
            f'<a class="item-permalink" href="#{item_id}" title="{title}" aria-label="{title}" '
            f'data-search-exclude>¶</a>'
        )

    html = LI_RE.sub(mark, html)
    if START in html:  # an item line that Markdown did not render as a list item
        language = _languages.setdefault(_language(config), Language())
        src = _source_path(page, config)
        lines = {i.id: i.line for i in language.items if i.src == src}
        for m in STRAY_RE.finditer(html):
            language.errors.append(
                f'{src}:{lines.get(m["id"], 0)}: item "{m["id"]}" is not rendered as a list item '
                "(inside a code block or HTML?): write it as a list line of its own"
            )
        html = STRAY_RE.sub(r"\g<text>", html)
    if page.present_anchor_ids is not None:  # links to items are checked like links to headings
        page.present_anchor_ids.update(ids)
    return html


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages inside its own
def on_post_build(*, config: MkDocsConfig) -> None:
    """Once every language is built: write each items.json, then stop on any broken rule."""
    if _i18n_building(config):
        return
    for language in _languages.values():
        records = [
            {"id": i.id, "kind": i.kind, "text": i.text, "url": i.url, "section": i.section}
            for i in language.items
        ]
        with open(os.path.join(language.site_dir, "items.json"), "w", encoding="utf-8") as f:
            json.dump(records, f, ensure_ascii=False, separators=(",", ":"))
    errors = check(_languages)
    if errors:
        raise PluginError(
            f"{len(errors)} item problem(s) - fix them and build again:\n" + "\n".join(errors)
        )


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def check(languages: dict[str, Language]) -> list[str]:
    """Every rule over the items of all languages; one message per occurrence, in file order."""
    errors: list[str] = []
    for language in languages.values():
        errors += language.errors
        errors += _same_id(language.items)
        errors += _same_text(language.items)
    errors += _twins(languages)
    return sorted(set(errors), key=_location_key)


def _groups(items: list[Item], key) -> list[list[Item]]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.values())


def _same_id(items: list[Item]) -> list[str]:
    return [
        f'{item.src}:{item.line}: id "{item.id}" is used more than once: also at '
        + ", ".join(f"{o.src}:{o.line}" for o in group if o is not item)
        for group in _groups(items, key=lambda i: i.id) if len(group) > 1
        for item in group
    ]


def _same_text(items: list[Item]) -> list[str]:
    return [
        f'{item.src}:{item.line}: item "{item.id}" has the same text as '
        + ", ".join(f'"{o.id}" at {o.src}:{o.line}' for o in group if o.id != item.id)
        + ": merge them into one item"
        for group in _groups(items, key=lambda i: _normalise(i.text))
        if len({i.id for i in group}) > 1
        for item in group
    ]


def _twins(languages: dict[str, Language]) -> list[str]:
    errors = []
    by_language = {
        code: {i.id: i for i in language.items} for code, language in languages.items()
    }
    for code, items in by_language.items():
        for other_code, other_items in by_language.items():
            if other_code == code:
                continue
            for item_id, item in items.items():
                twin = other_items.get(item_id)
                if twin is None:
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" has no twin in '
                        f"'{other_code}': add it with the same id to the {other_code} page"
                    )
                elif twin.url != item.url:
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" stands on {twin.src}:{twin.line} '
                        f"in '{other_code}': move it to the page with the same path"
                    )
                elif twin.kind != item.kind:
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" is a {item.kind} here but a '
                        f"{twin.kind} at {twin.src}:{twin.line}"
                    )
    return errors


def _location_key(message: str) -> tuple[str, int]:
    path, _, rest = message.partition(":")
    number = rest.partition(":")[0]
    return (path, int(number) if number.isdigit() else 0)


def _normalise(text: str) -> str:
    """Compare texts ignoring case, spacing and punctuation (and symbols such as « » – …)."""
    return " ".join(NOT_WORD_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def _plain(markdown: str) -> str:
    """Markdown inline text as plain text: links keep their text, emphasis and code marks go."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\{[:#.][^}]*\}", "", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(text.split())


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", None):
        return i18n.current_language
    return config.theme.get("language") or "en"


def _language_prefix(config: MkDocsConfig) -> str:
    """The path of the current language's root below the site root: "" or "en/"."""
    i18n = config.plugins.get("i18n")
    if i18n is None or _language(config) == i18n.default_language:
        return ""
    return f"{_language(config)}/"


def _i18n_building(config: MkDocsConfig) -> bool:
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


def _source_path(page: Page, config: MkDocsConfig) -> str:
    root = os.path.dirname(config.config_file_path)
    return os.path.relpath(page.file.abs_src_path, root).replace(os.sep, "/")


def _front_matter_lines(page: Page) -> int:
    """Lines before the Markdown that on_page_markdown receives (front matter, blank lines)."""
    source = page.file.content_string
    if source.startswith("#"):  # a title first: no front matter
        return 0
    rest, _ = get_data(source)
    return source[: len(source) - len(rest)].count("\n") if source.endswith(rest) else 0
