"""What the handbook's scripts store in the reader's browser, read from their source.

A sibling module of hooks/storage.py (not a hook; no MkDocs needed). It reads JavaScript (and the
<script> elements of templates) and finds every place that stores something on the reader's
device, with the *name* it stores under, so that hooks/storage.py can compare the names with the
registry (includes/storage.yml). It guarantees:

- every storage write is found, with file and line: `ekhStorage.set(NAME, …)` and Material's
  `__md_set(NAME, …[, sessionStorage])` (helpers that put this copy's path in front of NAME),
  `caches.open(…)`, `indexedDB.open(…)`, and any direct write (`….setItem(`, `localStorage[x] =`,
  `document.cookie =`); comments and strings never count;
- a NAME is resolved as far as the source says it: string literals, template literals, constants
  of the same file (`var KEY = "ekh.plan.start"`) and `+` between them; a part it cannot know
  becomes `*` (`PREFIX + id` is `ekh.tick.*`);
- a direct write is only accepted on a line marked `storage-helper` (a helper that stores the
  names its callers give, whose calls are checked instead), and a cache or database only when
  its name is made with `ekhStorage.name(NAME)`, so every name carries this copy's path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The storage kinds, as the registry writes them.
KINDS = {
    "local": "localStorage",
    "session": "sessionStorage",
    "cache": "Cache Storage",
    "indexeddb": "IndexedDB",
}

HELPER_MARK = "storage-helper"

# Calls that store under a name their first argument gives (the helper adds this copy's path).
HELPER_CALL_RE = re.compile(r"(?<![\w$])(?P<call>ekhStorage\s*\.\s*set|__md_set)\s*\(")
# Opening a cache or a database creates it.
OPEN_RE = re.compile(r"(?<![\w$.])(?P<call>caches\s*\.\s*open|indexedDB\s*\.\s*open)\s*\(")
# Direct writes: Storage.setItem on anything, property writes on the Storage objects, cookies.
SET_ITEM_RE = re.compile(r"\.\s*setItem\s*\(")
PROPERTY_WRITE_RE = re.compile(
    r"(?<![\w$])(?P<store>localStorage|sessionStorage)\s*"
    r"(?:\[[^\]]*\]|\.\s*(?!getItem|setItem|removeItem|key|length|clear)[A-Za-z_$][\w$]*)\s*=(?!=)"
)
COOKIE_RE = re.compile(r"(?<![\w$])document\s*\.\s*cookie\s*=(?!=)")
NAME_CALL_RE = re.compile(r"^ekhStorage\s*\.\s*name\s*\((?P<arg>.*)\)$", re.S)
IDENT_RE = re.compile(r"^[A-Za-z_$][\w$]*$")


@dataclass(frozen=True)
class Write:
    """One place that stores something: where, in which kind of storage, under which name
    (`*` for parts the source does not fix; None when nothing of it is known)."""

    path: str
    line: int
    kind: str
    name: str | None
    code: str  # the call as written, shortened, for messages


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# ----------------------------------------------------------------------------
# Reading source text
# ----------------------------------------------------------------------------


def blank_js(text: str) -> str:
    """The text with comments and the insides of strings, template literals and regular
    expressions replaced by spaces (newlines kept), so a search finds only code. Quotes stay, so
    a literal can still be read from the original text at the same offsets."""
    out = list(text)
    i, n = 0, len(text)
    last = ""  # the last character of code before i, to tell a regex from a division

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            blank(i, end)
            i = end
        elif c in "'\"`":
            j = i + 1
            while j < n and text[j] != c:
                if text[j] == "\\":
                    j += 1
                elif text[j] == "\n" and c != "`":
                    break
                j += 1
            blank(i + 1, min(j, n))
            i = j + 1
            last = c
        elif c == "/" and (last == "" or last in "(,=:[!&|?{};+-*%<>~^"):
            j, in_class = i + 1, False
            while j < n and text[j] != "\n":
                if text[j] == "\\":
                    j += 1
                elif text[j] == "[":
                    in_class = True
                elif text[j] == "]":
                    in_class = False
                elif text[j] == "/" and not in_class:
                    break
                j += 1
            blank(i + 1, min(j, n))
            i = j + 1
            last = "/"
        else:
            if not c.isspace():
                last = c
            i += 1
    return "".join(out)


def blank_template(text: str) -> str:
    """A template with everything but the code of its <script> elements blanked (Jinja and HTML
    comments, markup, text), the scripts' own comments and strings as blank_js leaves them."""
    out = [ch if ch == "\n" else " " for ch in text]
    cleaned = re.sub(r"\{#.*?#\}|<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S)
    for m in re.finditer(r"<script\b[^>]*>(?P<code>.*?)</script>", cleaned, flags=re.S | re.I):
        if re.search(r"type\s*=\s*[\"']?application/(ld\+)?json", m.group(0)[: m.start("code") - m.start()], re.I):
            continue
        code = blank_js(m.group("code"))
        out[m.start("code"): m.end("code")] = list(code)
    return "".join(out)


# ----------------------------------------------------------------------------
# Finding the writes
# ----------------------------------------------------------------------------


def scan(text: str, path: str, *, template: bool = False) -> tuple[list[Write], list[Problem]]:
    """Every storage write in a script (or a template's scripts), and what is wrong with any of
    them by the rules above (a direct write, a cache not named through ekhStorage.name, a name
    that cannot be known)."""
    code = blank_template(text) if template else blank_js(text)
    lines = text.split("\n")
    writes: list[Write] = []
    problems: list[Problem] = []

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def marked(offset: int) -> bool:
        return HELPER_MARK in lines[line_of(offset) - 1]

    for m in HELPER_CALL_RE.finditer(code):
        args = _arguments(text, code, m.end())
        call = re.sub(r"\s+", "", m["call"])
        kind = "session" if call == "__md_set" and len(args) > 2 and "sessionStorage" in args[2] else "local"
        shown = _shown(call, args)
        if not args:
            continue
        name = resolve(args[0], text, code)
        if name is None or name.strip("*") == "":
            problems.append(Problem(path, line_of(m.start()), (
                f"cannot tell which name this stores under ({shown}): write the name in quotes, "
                'or a constant of this file (var KEY = "ekh.…"), and list it in includes/storage.yml')))
            continue
        writes.append(Write(path, line_of(m.start()), kind, name, shown))

    for m in OPEN_RE.finditer(code):
        args = _arguments(text, code, m.end())
        call = re.sub(r"\s+", "", m["call"])
        kind = "cache" if call.startswith("caches") else "indexeddb"
        shown = _shown(call, args)
        inner = _scoped_name(args[0], text, code) if args else None
        if inner is None:
            problems.append(Problem(path, line_of(m.start()), (
                f"opens {'a cache' if kind == 'cache' else 'a database'} whose name does not come from "
                f'ekhStorage.name(…) ({shown}): name it ekhStorage.name("ekh.…"), which puts this copy\'s '
                "path in front so «Slett alt» finds it and leaves other sites' alone, and list the name "
                "in includes/storage.yml")))
            continue
        name = resolve(inner, text, code)
        if name is None or name.strip("*") == "":
            problems.append(Problem(path, line_of(m.start()), (
                f"cannot tell which name this stores under ({shown}): write the name in quotes, "
                'or a constant of this file (var CACHE = ekhStorage.name("ekh.…"))')))
            continue
        writes.append(Write(path, line_of(m.start()), kind, name, shown))

    direct = [(m.start(), "local" if "session" not in _receiver(code, m.start()) else "session",
               _receiver(code, m.start()).strip() + ".setItem") for m in SET_ITEM_RE.finditer(code)]
    direct += [(m.start(), "local" if m["store"] == "localStorage" else "session",
                re.sub(r"\s+", "", code[m.start():m.end()].rstrip("=")) + " =")
               for m in PROPERTY_WRITE_RE.finditer(code)]
    for offset, kind, shown in sorted(direct):
        if marked(offset):
            continue
        store = KINDS[kind]
        problems.append(Problem(path, line_of(offset), (
            f"writes {store} directly ({shown}): store through ekhStorage.set(\"ekh.…\", value), "
            "which puts this copy's path in front of the name, and list the name in includes/storage.yml")))
    for m in COOKIE_RE.finditer(code):
        if not marked(m.start()):
            problems.append(Problem(path, line_of(m.start()), (
                "sets a cookie (document.cookie =): the handbook keeps nothing in cookies (a server "
                "would receive them with every request); store through ekhStorage.set(\"ekh.…\", value) "
                "and list the name in includes/storage.yml")))
    writes.sort(key=lambda w: w.line)
    problems.sort(key=lambda p: p.line)
    return writes, problems


def scan_bundle(text: str, path: str) -> list[Write]:
    """Material's minified bundle: the names it stores through its own `__md_set("NAME", …)`."""
    writes = []
    for m in re.finditer(r'__md_set\("(?P<name>[^"\\]+)"(?P<rest>[^)]*)\)', text):
        args = m["rest"].split(",")  # "", value, storage, base
        kind = "session" if len(args) > 2 and args[2].strip() == "sessionStorage" else "local"
        line = text.count("\n", 0, m.start()) + 1
        writes.append(Write(path, line, kind, m["name"], f'__md_set("{m["name"]}", …)'))
    return writes


# ----------------------------------------------------------------------------
# Names
# ----------------------------------------------------------------------------


def resolve(expression: str, text: str, code: str, depth: int = 0) -> str | None:
    """The name an expression gives, `*` for each part the source does not fix; None when it is
    not an expression of strings, constants and `+`."""
    parts = _split_top(expression.strip(), "+")
    if not parts or depth > 5:
        return None
    name = ""
    for part in (p.strip() for p in parts):
        if len(part) >= 2 and part[0] in "'\"" and part[-1] == part[0]:
            name += _unescape(part[1:-1])
        elif len(part) >= 2 and part[0] == part[-1] == "`":
            name += re.sub(r"\$\{[^}]*\}", "*", part[1:-1])
        elif IDENT_RE.match(part):
            value = _constant(part, text, code)
            resolved = resolve(value, text, code, depth + 1) if value is not None else None
            name += resolved if resolved is not None else "*"
        else:
            name += "*"
    return re.sub(r"\*+", "*", name)


def _scoped_name(expression: str, text: str, code: str, depth: int = 0) -> str | None:
    """The argument of `ekhStorage.name(…)` when an expression is (or is a constant holding) such
    a call; else None."""
    expression = expression.strip()
    m = NAME_CALL_RE.match(expression)
    if m:
        return m["arg"]
    if IDENT_RE.match(expression) and depth < 5:
        value = _constant(expression, text, code)
        if value is not None:
            return _scoped_name(value, text, code, depth + 1)
    return None


def _constant(ident: str, text: str, code: str) -> str | None:
    """The expression a `var|let|const IDENT = …` (or `, IDENT = …` in such a list) of this file
    gives it, as written; None when the file declares no such constant."""
    pattern = re.compile(r"(?:\b(?:var|let|const)\s+|,\s*)" + re.escape(ident) + r"\s*=(?!=)\s*")
    for m in pattern.finditer(code):
        end = _expression_end(code, m.end())
        return text[m.end():end]
    return None


def _arguments(text: str, code: str, start: int) -> list[str]:
    """The arguments of a call whose `(` ends just before `start`, as written."""
    depth, i, begin, args = 0, start, start, []
    while i < len(code):
        c = code[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                if text[begin:i].strip():
                    args.append(text[begin:i].strip())
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append(text[begin:i].strip())
            begin = i + 1
        i += 1
    return args


def _expression_end(code: str, start: int) -> int:
    depth, i = 0, start
    while i < len(code):
        c = code[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in ",;\n":
            return i
        i += 1
    return i


def _split_top(expression: str, sep: str) -> list[str]:
    code = blank_js(expression)
    parts, depth, begin = [], 0, 0
    for i, c in enumerate(code):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(expression[begin:i])
            begin = i + 1
    parts.append(expression[begin:])
    return parts


def _receiver(code: str, dot: int) -> str:
    """What `.setItem` is called on: names, dots and bracketed groups before the dot."""
    i = dot
    while i > 0 and code[i - 1] in " \t":
        i -= 1
    depth = 0
    while i > 0:
        c = code[i - 1]
        if c in ")]":
            depth += 1
        elif c in "([":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and not (c.isalnum() or c in "_$."):
            break
        i -= 1
    return code[i:dot]


def _shown(call: str, args: list[str]) -> str:
    first = args[0] if args else ""
    first = first if len(first) <= 40 else first[:37] + "…"
    return f"{call}({first}{', …' if len(args) > 1 else ''})"


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)
