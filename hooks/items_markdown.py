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
from dataclasses import dataclass

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


# ----------------------------------------------------------------------------
# The scan
# ----------------------------------------------------------------------------


def scan(markdown: str, *, src: str, offset: int, page_provenance: Provenance,
         registry: dict, snippet_paths: list[str]) -> Scan:
    """Mark every candidate line; `offset` is the number of source lines before `markdown`."""
    lines = markdown.split("\n")
    candidates: list[Candidate] = []
    errors: list[str] = []
    fence: str | None = None
    fence_line = 0
    section, level = "", 0
    scopes: list[tuple[int, Provenance]] = []  # (level of the section it belongs to, provenance)

    for index, line in enumerate(lines):
        number = index + 1 + offset
        where = f"{src}:{number}"
        if fence:
            if _closes(line, fence):
                fence = None
            continue
        if ("`" in line or "~" in line) and (m := FENCE_RE.match(line)):
            fence, fence_line = m["fence"], number
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
                lines[index] = ""
            elif COMMENT_TYPO_RE.match(line):
                errors.append(f"{where}: write a sources line as <!-- sources: 001 §7 -->")
            continue
        if "8<" in line and SNIPPET_RE.match(line):
            errors += _snippet_items(line, where, snippet_paths)
            continue
        if "[" not in line:
            continue
        m = ITEM_RE.match(line)
        if not m:
            if (near := NEAR_RE.match(line)) and (near["mark"] not in (" ", "?", "x", "X")
                                                  or "{#" in line):
                errors.append(
                    f'{where}: "[{near["mark"]}]" is not an item marker: write "- [ ] text {{#id}}" '
                    'for a checklist item or "1. [?] text {#id}" for a question (one space inside '
                    "the brackets of [ ], and one after them)"
                )
            continue
        kind = KINDS[m["mark"]]
        item_id, text = m["id"], m["text"].strip()
        if item_id is None:
            errors.append(f"{where}: {kind} item has no id: end the line with {{#an-id}}")
            continue
        if not ID_RE.match(item_id):
            errors.append(
                f'{where}: item id "{item_id}" is not valid: use lowercase letters a-z, '
                "digits and single hyphens"
            )
            continue
        if OTHER_ITEM_RE.search(text):
            errors.append(f'{where}: two items on one line: put each item on a line of its own')
            continue
        provenance = scopes[-1][1] if scopes else page_provenance
        if m["attrs"].strip():
            a = ATTR_RE.match(m["attrs"])
            if not a:
                errors.append(
                    f'{where}: item "{item_id}" has "{m["attrs"].strip()}" in its braces: only '
                    'sources="…" may follow the id'
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

    if fence:
        errors.append(f"{src}:{fence_line}: this code fence {fence} is never closed: end it with {fence}")
    return Scan("\n".join(lines), candidates, errors)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


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
