"""What page content may not carry, and escaping for each place a text reaches (plain functions).

Used by hooks/content_safety.py (the check on every page and the page titles), hooks/booklets.py,
hooks/redirects.py and hooks/items.py. Nothing here imports MkDocs: the rules are tested alone.

The rule for content (CONTRIBUTING.md, "What a page may not contain"): the HTML that Markdown
renders from a page may hold nothing a browser runs as code, nothing that loads another document
into the page, and nothing that browsers parse differently from this check:

- the elements in ELEMENTS (`<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`, `<link>`,
  `<meta>`, `<base>`, `<form>`, `<svg>`, `<math>`, and the raw-text elements such as `<noscript>`
  or `<textarea>`, inside which browsers read markup as text);
- an event-handler attribute (`onclick=`, `onerror=` … any attribute whose name starts with `on`);
- a `javascript:`, `vbscript:` or `data:` URL in an attribute that holds an address (URL_ATTRS);
- comment and CDATA forms that browsers end elsewhere than an HTML reader does (`--!>`, `<!-->`,
  `<![CDATA[`).

`findings(html)` returns one Finding per occurrence, in document order; each carries a pattern
that finds the line in the Markdown source where it was written.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

_EMBED = "loads another document into the page: link to it instead, [what it is](https://…)"
_HEAD = "belongs in the head of a page, where the theme writes it: remove it"
_FOREIGN = (
    "can carry scripts and is read differently inside a page: save the picture as a file in "
    "docs/assets/ and show it with ![what it shows](../assets/picture.svg)"
)
_RAW = (
    "makes browsers read the markup inside it as text, unlike the build's check: remove it and "
    "write the text in Markdown"
)

# Elements a page may not contain, and why (what to write instead).
ELEMENTS = {
    "script": "runs code: pages take no scripts (a feature belongs in docs/assets/, see CONTRIBUTING.md)",
    "style": "restyles every page element: remove it (styles belong in docs/assets/, see CONTRIBUTING.md)",
    "iframe": _EMBED, "frame": _EMBED, "frameset": _EMBED, "object": _EMBED, "embed": _EMBED,
    "applet": _EMBED, "portal": _EMBED,
    "link": _HEAD, "meta": _HEAD, "base": _HEAD,
    "form": "sends what readers type to an address: link to the form instead",
    "svg": _FOREIGN, "math": _FOREIGN,
    "noscript": _RAW, "noembed": _RAW, "noframes": _RAW, "xmp": _RAW, "plaintext": _RAW,
    "textarea": _RAW, "title": _RAW,
}

# Attributes whose value is an address (or a list of them: srcset, imagesrcset, ping).
URL_ATTRS = {
    "href", "src", "action", "formaction", "srcset", "imagesrcset", "xlink:href", "data",
    "poster", "background", "cite", "ping", "lowsrc", "dynsrc", "codebase", "longdesc", "icon",
    "manifest", "archive", "classid", "profile",
}
LIST_ATTRS = {"srcset": ",", "imagesrcset": ",", "ping": None}  # separator (None: spaces)

_RUNS = (
    "runs code when it is followed: link to a page ([text](page.md)) or to an address that "
    "starts with https://"
)
SCHEMES = {
    "javascript": _RUNS,
    "vbscript": _RUNS,
    "data": "puts a whole file inside the page, which can hold a script: save the file in "
            "docs/assets/ and link to it",
}

_ELEMENT_RE = re.compile(r"<(" + "|".join(ELEMENTS) + r")(?![^\s/>])", re.I)
# Comment and CDATA forms that browsers end elsewhere than Python's HTML reader.
_ODD_MARKUP = [
    (re.compile(r"--!>"), '"--!>" ends an HTML comment in browsers but not in every HTML reader: '
                          'end a comment with "-->"'),
    (re.compile(r"<!---?>"), '"<!-->" is a comment that browsers end at once: write '
                             '"<!-- text -->" or remove it'),
    (re.compile(r"<!\[cdata\[", re.I), '"<![CDATA[" is not HTML: browsers end it at the first ">", '
                                       "so what follows would be read as markup: remove it"),
]


@dataclass(frozen=True)
class Finding:
    message: str  # what was found, why it is refused, what to write instead
    pattern: re.Pattern[str]  # finds the source line where it was written
    decoded: bool = False  # search the line with entities decoded and tabs removed (addresses)


# ----------------------------------------------------------------------------
# The check
# ----------------------------------------------------------------------------


def findings(html: str) -> list[Finding]:
    """Everything in an HTML fragment that the content rule refuses, in document order.

    Every "<" followed by a letter is read as a browser's tokenizer reads a start tag, wherever it
    stands: so a tag that one HTML parser would take for text (in a comment, a raw-text element,
    or an attribute written with a raw "<") is checked too. Markdown writes "<" in text and in
    attribute values as "&lt;", so what it writes itself is never read twice."""
    found: list[tuple[int, Finding]] = []
    for m in _ELEMENT_RE.finditer(html):
        name = m.group(1).lower()
        found.append((m.start(), Finding(
            f"<{name}> {ELEMENTS[name]}", re.compile(rf"<{name}(?![^\s/>])", re.I)
        )))
    for pattern, message in _ODD_MARKUP:
        for m in pattern.finditer(html):
            found.append((m.start(), Finding(message, re.compile(re.escape(m.group(0)), re.I))))
    for m in _TAG_OPEN_RE.finditer(html):
        tag, attributes = start_tag(html, m.start())
        for name, value in attributes:
            if name.startswith("on"):
                found.append((m.start(), _handler(name, tag, value)))
            elif name in URL_ATTRS:
                for address in _addresses(name, value):
                    scheme = url_scheme(address)
                    if scheme in SCHEMES:
                        found.append((m.start(), _url(name, tag, address, scheme)))
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


_TAG_OPEN_RE = re.compile(r"<[a-zA-Z]")
_SPACE = "\t\n\f\r "


def start_tag(html: str, at: int) -> tuple[str, list[tuple[str, str]]]:
    """The name and attributes (names lowercased, values with character references decoded) of
    the start tag at `at` ("<" and a letter), read as the HTML standard's tokenizer reads it:
    an attribute may follow a quoted value without a space, "/" between attributes is skipped,
    an unquoted value ends at a space or ">", a quoted one only at its quote."""
    end, i = len(html), at + 1
    while i < end and html[i] not in _SPACE + "/>":
        i += 1
    tag = html[at + 1:i].lower()
    attributes: list[tuple[str, str]] = []
    while i < end:
        while i < end and (html[i] in _SPACE or html[i] == "/"):
            i += 1
        if i >= end or html[i] == ">":
            break
        name_start = i
        i += 1  # a first "=" belongs to the name
        while i < end and html[i] not in _SPACE + "/>=":
            i += 1
        name = html[name_start:i].lower()
        while i < end and html[i] in _SPACE:
            i += 1
        value = ""
        if i < end and html[i] == "=":
            i += 1
            while i < end and html[i] in _SPACE:
                i += 1
            if i < end and html[i] in "\"'":
                close = html.find(html[i], i + 1)
                close = end if close < 0 else close
                value, i = html[i + 1:close], close + 1
            else:
                value_start = i
                while i < end and html[i] not in _SPACE + ">":
                    i += 1
                value = html[value_start:i]
        attributes.append((name, htmllib.unescape(value)))
    return tag, attributes


def url_scheme(address: str) -> str:
    """The scheme of an address as a browser reads it ("" for a relative one): C0 controls and
    spaces around it are dropped, tabs and line breaks inside it removed, letters lowercased."""
    cleaned = re.sub(r"[\t\n\r]", "", address).strip("".join(map(chr, range(0x21))))
    m = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return m.group(1).lower() if m else ""


def relative_href(url: str) -> str:
    """A relative address as written, or with "./" in front where a browser would read the start
    of it as a scheme (a folder named "javascript:x" is a path, not code)."""
    return "./" + url if url_scheme(url) else url


def _addresses(attr: str, value: str) -> list[str]:
    if attr not in LIST_ATTRS:
        return [value]
    separator = LIST_ATTRS[attr]
    parts = value.split(separator) if separator else value.split()
    return [p.strip().split()[0] for p in parts if p.strip()] if separator else parts


def _handler(attr: str, tag: str, value: str) -> Finding:
    shown = f'{attr}="{_short(value)}"' if value else f"{attr}="
    return Finding(
        f"{shown} on <{tag}> is an event handler, which runs code: remove it (pages take no scripts)",
        re.compile(rf"(?<![\w-]){re.escape(attr)}\s*=", re.I),
    )


def _url(attr: str, tag: str, address: str, scheme: str) -> Finding:
    cleaned = re.sub(r"[\t\n\r]", "", address).strip("".join(map(chr, range(0x21))))
    needle = cleaned[:24].lower() if cleaned.lower().startswith(scheme + ":") else scheme + ":"
    return Finding(
        f'{attr}="{_short(cleaned)}" on <{tag}> {SCHEMES[scheme]}',
        re.compile(re.escape(needle)),
        decoded=True,
    )


def _decode_url(text: str) -> str:
    return re.sub(r"[\t\n\r]", "", htmllib.unescape(text))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------------
# Finding the line
# ----------------------------------------------------------------------------


class Source:
    """A file whose text may have reached a page (the page itself, a snippet, the registry), for
    finding where a Finding was written. Code (``` fences, `code`) is searched last: an example
    there shows as text and is no finding. Each search goes on after the last line found."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        raw = text.split("\n")
        prose = _without_code(raw)
        self._lines = {
            (False, False): prose, (True, False): [_decode_url(line).lower() for line in prose],
            (False, True): raw, (True, True): [_decode_url(line).lower() for line in raw],
        }
        self._after: dict[str, int] = {}

    def line_of(self, finding: Finding, *, again: bool = False) -> int | None:
        """The line of the next occurrence, or None; `again`: the first one, if none is left."""
        key = finding.pattern.pattern
        start = self._after.get(key, 0)
        for with_code in (False, True):
            lines = self._lines[(finding.decoded, with_code)]
            for index in range(0 if again else start, len(lines)):
                if finding.pattern.search(lines[index]):
                    self._after[key] = max(start, index + 1)
                    return index + 1
        return None


_FENCE_RE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def _without_code(lines: list[str]) -> list[str]:
    """The lines with fenced code blanked and `code spans` removed."""
    out, fence = [], ""
    for line in lines:
        m = _FENCE_RE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            out.append("")
        elif m:
            fence = m.group(1)
            out.append("")
        else:
            out.append(_CODE_SPAN_RE.sub("", line))
    return out


# ----------------------------------------------------------------------------
# Escaping for each context
# ----------------------------------------------------------------------------


def html_text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: comments and tags dropped, entities decoded,
    spaces collapsed (MkDocs keeps a title taken from the `# heading` as such HTML)."""
    text = re.sub(r"<!--.*?-->", "", str(fragment), flags=re.S)
    text = re.sub(r"<[^>]*>", "", text)
    return " ".join(htmllib.unescape(text).split())


def text_html(text: str) -> str:
    """Plain text as HTML text that may also stand in a quoted attribute."""
    return htmllib.escape(str(text), quote=True)


# In a CSS string inside <style>: no quote or backslash ends the string, no "<" ends the element.
CSS_ESCAPES = {
    "\\": "\\5C ", '"': "\\22 ", "'": "\\27 ", "<": "\\3C ", ">": "\\3E ", "&": "\\26 ",
    "\n": "\\A ", "\r": "\\D ", "\f": "\\C ",
}


def css_string(text: str) -> str:
    """A quoted CSS string for `content:` inside a <style> element (print margins).
    overrides/partials/css-string.html does the same for the templates."""
    return '"' + "".join(CSS_ESCAPES.get(c, c) for c in str(text)) + '"'


def script_json(data: object) -> str:
    """JSON for a <script type="application/json"> element: no "<" at all, so neither "</script>"
    nor "<!--" can end or change the element; JSON.parse reads the escapes back."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
