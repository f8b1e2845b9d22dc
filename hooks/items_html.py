"""Turning the rendered item markers into markup, and asking the HTML where Markdown put them.

Used by hooks/items.py. A candidate is an item only where Markdown rendered it as the start of
a list item; in a code block it is restored as written, anywhere else (raw HTML) it is refused.
The item's text is read from the rendered HTML the way a reader sees it: tags, entities and
invisible format characters (soft hyphen, zero-width space) do not count.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from dataclasses import dataclass

from markdown.extensions.toc import slugify as markdown_slugify

import reserved_ids
from items_markdown import END, SEP, START, Candidate

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

MARK_RE = re.compile(rf"(?:\[ \] )?{START}(?P<n>\d+){SEP}(?P<text>.*?){END}", re.S)
# The <li> whose content starts with a marker: only tags and spaces in between.
LI_RE = re.compile(
    rf"<li(?P<attrs>[^>]*)>(?P<between>(?:\s|<(?!/?li[\s>])[^>]*>)*?){START}(?P<n>\d+){SEP}"
    rf"(?P<text>.*?){END}",
    re.S,
)
CODE_RE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.S)
# What may follow an item's text inside its <li> without being part of it.
BLOCK_RE = re.compile(r"</li>|</p>|<(?:ul|ol|p|div|pre|table|blockquote|dl|details|h[1-6])[\s>]")
TAG_RE = re.compile(r"<[^>]+>")
TASK_LI_RE = re.compile(r'<li\b(?P<attrs>[^>]*class="[^"]*task-list-item[^"]*"[^>]*)>(?P<rest>.*?)</li>', re.S)
# Every start tag with an id, for the check against the final page (hooks/items.py).
START_TAG_ID_RE = re.compile(r'(?P<tag><(?P<name>[a-zA-Z][\w-]*)\b(?=[^>]*\sid="(?P<id>[^"]+)")[^>]*>)')


@dataclass
class Rendered:
    candidate: Candidate
    text: str  # as a reader sees it
    html: str  # the item's inner HTML


def reader_text(fragment: str) -> str:
    """Plain text of an HTML fragment as shown: no tags, entities decoded, no format characters."""
    text = htmllib.unescape(TAG_RE.sub("", fragment))
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFC", text).split())


# ----------------------------------------------------------------------------
# Rewriting
# ----------------------------------------------------------------------------


def rewrite(html: str, candidates: list[Candidate], *, src: str, permalink_title: str,
            meta: dict[int, str]) -> tuple[str, list[Rendered], list[str]]:
    """Items as markup; `meta[n]` is the source-tag HTML for candidate n. Returns HTML, items, errors."""
    errors: list[str] = []
    rendered: list[Rendered] = []

    # 1. Code blocks: a marker there is an item in an indented code block (fences are skipped
    #    before rendering) - put the line back as written and say so.
    def restore(code: re.Match[str]) -> str:
        def back(m: re.Match[str]) -> str:
            c = candidates[int(m["n"])]
            errors.append(
                f'{src}:{c.line}: item "{c.id}" is in an indented code block: remove the '
                "indentation (four spaces make code), or use a ``` fence for an example"
            )
            return htmllib.escape(c.original, quote=False)
        return MARK_RE.sub(back, code.group(0))

    if START in html:
        html = CODE_RE.sub(restore, html)

    # 2. List items that start with a marker: the items.
    def mark(m: re.Match[str]) -> str:
        c = candidates[int(m["n"])]
        text = reader_text(m["text"])
        # The id is checked against the id rule (items_markdown); escaped all the same, as every
        # attribute value this module writes.
        item_id, kind = htmllib.escape(c.id, quote=True), htmllib.escape(c.kind, quote=True)
        title = htmllib.escape(permalink_title, quote=True)
        if not text:
            errors.append(f'{src}:{c.line}: item "{c.id}" has no text')
        else:
            rendered.append(Rendered(c, text, m["text"]))
        attrs = m["attrs"]
        if 'class="' in attrs:
            attrs = attrs.replace('class="', f'class="item item--{kind} ', 1)
        else:
            attrs += f' class="item item--{kind}"'
        between = m["between"].replace(
            '<input type="checkbox"', f'<input type="checkbox" aria-labelledby="{item_id}"', 1
        )
        return (
            f'<li{attrs} data-item="{item_id}">{between}'
            f'<span class="item-text" id="{item_id}" data-kind="{kind}">{m["text"]}</span> '
            f'<a class="item-permalink" href="#{item_id}" title="{title}" '
            f'aria-label="{title}" data-search-exclude>¶</a>'
            f'{meta.get(c.index, "")}'
            f"{_JOINED.format(n=c.index)}"
        )

    html = LI_RE.sub(mark, html)

    # 3. Text that Markdown joined onto an item (no blank line after the list, or a wrapped item).
    def joined(m: re.Match[str]) -> str:
        c = candidates[int(m["n"])]
        rest = html_after[m.end():]
        stop = BLOCK_RE.search(rest)
        if reader_text(rest[: stop.start() if stop else len(rest)]):
            errors.append(
                f"{src}:{c.line + 1}: this line would join the item above: write an item on one "
                "line, and leave a blank line after the list"
            )
        return ""

    html_after = html
    html = _JOINED_RE.sub(joined, html_after)

    # 4. Anything left is an item line Markdown did not render as a list item.
    def stray(m: re.Match[str]) -> str:
        c = candidates[int(m["n"])]
        errors.append(
            f'{src}:{c.line}: item "{c.id}" is not rendered as a list item (inside HTML?): '
            "write it as a list line of its own"
        )
        return m["text"]

    if START in html:
        html = MARK_RE.sub(stray, html)

    return html, rendered, errors


def old_anchors(links) -> set[str]:
    """The anchors a page's headings had before hooks/anchors.py (`links`: page.toc), which that
    hook keeps beside the new ones unless an id on the page has taken them."""
    found = set()
    for link in links:
        old = markdown_slugify(htmllib.unescape(link.title), "-")
        if old and old != link.id:
            found.add(old)
        found |= old_anchors(link.children)
    return found


def taken_ids(output: str, items: list, retired: set[str], old: set[str]) -> list[str]:
    """Items (items_rules.Item) whose id another element of the final page has, or a heading's
    old anchor (`old`), or that reserved_ids.py keeps. A `retired` id is the ledger's to report."""
    errors = []
    elements: dict[str, list[str]] = {}  # id -> the start tags that carry it
    for m in START_TAG_ID_RE.finditer(output):
        elements.setdefault(m["id"], []).append(m["tag"])
    for item in items:
        where = f'{item.src}:{item.line}: item id "{item.id}"'
        if who := reserved_ids.reserved(item.id):
            errors.append(f"{where} is reserved: {who} uses it on pages: choose another id")
            continue
        others = [t for t in elements.get(item.id, []) if 'class="item-text"' not in t]
        if item.id in retired:
            others = [t for t in others if "item-retired" not in t]
        if item.id in old:
            others = ['<span class="anchor-previous">']
        if others:
            errors.append(f"{where} is also {describe(others[0])}: choose another id")
    return errors


def describe(tag: str) -> str:
    """What an element is, for "item id "x" is also …" (its start tag)."""
    name = re.match(r"<([\w-]+)", tag)[1].lower()
    if re.fullmatch(r"h[1-6]", name):
        return "the anchor of a heading on this page"
    if "anchor-previous" in tag:
        return "the old anchor of a heading on this page (kept so that old links still land there)"
    return f"the id of an element the build or the theme puts on this page (<{name}>)"


def unmarked_checkboxes(html: str) -> list[str]:
    """Texts of task-list items that are not items (e.g. from a snippet or raw HTML)."""
    return [reader_text(m["rest"]) for m in TASK_LI_RE.finditer(html) if "data-item=" not in m["attrs"]]


# A placeholder after each item, so the text that follows it can be checked once all are marked.
_JOINED = "\ue003{n}\ue004"
_JOINED_RE = re.compile("\ue003(?P<n>\\d+)\ue004")
