"""Reading the handbook's YAML files strictly, and saying what is wrong in plain words.

A sibling module of the hooks (not a hook) and of `tools/`: it does not need MkDocs. Editors
write `mkdocs.yml`, the files in `includes/` and every page's front matter by hand; a parser's own
words («expected <block end>, but found '<block mapping start>'») do not tell them what to fix.
This module guarantees that

- `load()` refuses a key written twice in one mapping (PyYAML would keep the last silently) and
  gives every mapping the line of each of its keys (`Mapping.lines`), using libyaml's parser when
  PyYAML has it (several times faster than the pure-Python one);
- every error is a `YamlProblem` whose `str()` is one line, `FILE:LINE: plain words`, naming the
  line where the editor can see the mistake and the likely fix.
"""

from __future__ import annotations

import datetime
import re

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Mapping(dict):
    """A YAML mapping that remembers the line (1-based) each key stands on."""

    lines: dict

    def line(self, key, default: int = 0) -> int:
        return self.lines.get(key, default)


class YamlProblem(Exception):
    """`path:line: message` - what is wrong with a YAML file, in words an editor can act on."""

    def __init__(self, path: str, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key, line: int, first: int):
        self.key, self.line, self.first = key, line, first
        super().__init__(f"duplicate key {key!r}")


class StrictLoader(_BASE):
    """A safe loader that refuses duplicate keys and records each key's line."""

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.flatten_mapping(node)
        mapping = Mapping()
        mapping.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found an unhashable key", key_node.start_mark)
            line = key_node.start_mark.line + 1
            if key in mapping:
                raise _DuplicateKey(key, line, mapping.lines[key])
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.lines[key] = line
        return mapping


    def construct_yaml_timestamp(self, node):
        """An impossible date (2026-02-30) stays the text it is, for a rule to name, instead of
        PyYAML's ValueError."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


def load_document(text: str, path: str, kind: type, wrong: str) -> tuple[object, list[str]]:
    """The data of a file that holds one `kind` (dict or list) at its top, and its problems: an
    empty file is (None, []); a YAML mistake, or another kind of document (`wrong` says, at line
    1, what to write instead), is (None, [message])."""
    try:
        data = load(text, path)
    except YamlProblem as problem:
        return None, [str(problem)]
    if data is not None and not isinstance(data, kind):
        return None, [f"{path}:1: {wrong}"]
    return data, []


DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def day(value) -> str:
    """A YAML date, or a text YYYY-MM-DD of a real day, as YYYY-MM-DD; "" when it is neither (an
    impossible date such as 2026-02-30 comes as text: construct_yaml_timestamp)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and DAY_RE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return ""
    return ""


def load(text: str, path: str, *, first_line: int = 1):
    """The data of a YAML document; `path` and `first_line` (the file line of the text's first
    line, for front matter) are for messages. Raises `YamlProblem`."""
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as error:
        raise explain(error, path, text, first_line=first_line) from None


def load_file(path: str, display: str | None = None):
    """`load()` of a file; `display` is the path shown in messages (relative to the project)."""
    with open(path, encoding="utf-8-sig") as f:
        return load(f.read(), display or path)


def explain(error: yaml.YAMLError, path: str, text: str = "", *, first_line: int = 1) -> YamlProblem:
    """A parser's error as `path:LINE: plain words` (works for PyYAML's and libyaml's wording)."""
    offset = first_line - 1
    if isinstance(error, _DuplicateKey):
        return YamlProblem(
            path, error.line + offset,
            f'"{error.key}" is written twice (first at line {error.first + offset}): keep one of them',
        )
    problem = (getattr(error, "problem", None) or str(error)).strip()
    context = (getattr(error, "context", None) or "").strip()
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    line = (mark.line + 1) if mark is not None else 1
    lines = text.split("\n") if text else []

    def source(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    message = f"this is not valid YAML ({problem})"
    if "\t" in source(line) or "character that cannot start any token" in problem and "\t" in text:
        tab = next((n for n, l in enumerate(lines, 1) if "\t" in l[: len(l) - len(l.lstrip())]), line)
        line, message = tab, "a tab indents this line: indent with spaces only"
    elif "undefined alias" in problem:
        message = "a value starts with *: put the value in quotes"
    elif (opened := _unclosed_quote(lines, line)) and "quoted" not in context:
        # a quoted value left open runs on to the next quotation mark, lines below
        line, message = opened, "a quotation mark opened on this line is never closed: close it at the end of the value"
    elif "while scanning a quoted scalar" in context or "unexpected end of stream" in problem and "quoted" in context:
        line = (context_mark.line + 1) if context_mark is not None else line
        message = "a quotation mark opened on this line is never closed: close it at the end of the value"
    elif "flow sequence" in context or "',' or ']'" in problem:
        line = (context_mark.line + 1) if context_mark is not None else line
        message = "a list opened with [ on this line is not closed with ]: close it on the same line"
    elif "flow mapping" in context or "',' or '}'" in problem:
        line = (context_mark.line + 1) if context_mark is not None else line
        message = "a { on this line is not closed with }: close it on the same line"
    elif "mapping values are not allowed" in problem:
        previous = _previous_content_line(lines, line)
        above = source(previous).strip() if previous else ""
        if previous and re.search(r":\s+\S", above) and _indent(source(line)) > _indent(source(previous)):
            # a key indented under a line that has its value: YAML reads it as that value's text
            message = (f'this line is indented under line {previous + offset} ("{above}"), which already has '
                       "a value after its colon: indent this line like the line above")
        else:
            message = ('a second ": " on this line: put the value in quotes '
                       '(title: "Intervju: første runde")')
    elif ("expected <block end>" in problem or "did not find expected key" in problem
          or "did not find expected '-' indicator" in problem):
        previous = _previous_content_line(lines, line)
        above = source(previous).strip() if previous else ""
        if previous and re.search(r":\s*(\{\s*\}|\[\s*\]|\S.*)$", above) and _indent(source(line)) > _indent(source(previous)):
            message = (f'this line is indented under line {previous + offset} ("{above}"), which already '
                       "has a value after its colon: "
                       + ("remove the {} or [] there, so the lines below belong to it"
                          if re.search(r":\s*(\{\s*\}|\[\s*\])\s*(#.*)?$", above)
                          else "indent this line like the line above, or end that line after its colon"))
        elif source(line).lstrip().startswith("- ") != source(previous).lstrip().startswith("- ") and previous:
            message = "a list line (- …) and a key line (key: …) are mixed at the same indentation: indent the list under its key"
        else:
            message = "this line's indentation does not match the lines above it: indent it like the other keys at its level"
    elif "could not find expected ':'" in problem:
        message = 'a line without "key: value": add the colon and a space, or put the text in quotes'
    return YamlProblem(path, line + offset, message)


def _unclosed_quote(lines: list[str], line: int) -> int:
    """The line above `line` whose value opens a double quotation mark it does not close, or 0."""
    for n in range(1, line):
        value = re.sub(r"^\s*(?:-\s+)?[^\s:\"'#][^:#]*:\s*", "", lines[n - 1], count=1)
        if value.startswith('"') and len(re.findall(r'(?<!\\)"', value)) % 2 == 1:
            return n
    return 0


def _previous_content_line(lines: list[str], line: int) -> int:
    for n in range(line - 1, 0, -1):
        stripped = lines[n - 1].strip()
        if stripped and not stripped.startswith("#"):
            return n
    return 0


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
