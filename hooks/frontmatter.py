"""Front matter: every page's keys are known, their values are ones the hooks can use, and broken
YAML is named for what it is.

MkDocs reads a page's front matter (the `---` block at its top) and, when the YAML is broken or
the block is never closed, silently treats it as text: the page then "has no keywords" or "no
sources". This hook reads every page of every language itself, before anything is built, and
guarantees that the build stops with one `PluginError`, one `docs/…md:LINE: plain words` per
problem, when a page's front matter

- is never closed, or is not valid YAML (`hooks/yamlfile.py`: a key written twice, a bad indent,
  an unclosed quote … said in plain words, with the line in the page);
- uses a key that is not in `SCHEMA` (`kilder:` for `sources:`; "did you mean …?" where close);
- gives a key a value the hooks cannot use (`sheet: workshopp`), naming the allowed values.

`SCHEMA` is the one list of the keys a page may use: adding a key is one line there. The values
of `keywords` and `sources`, and that twins share an owner and an id-prefix, are checked by the
hooks that read them (search.py, items.py, pagedates.py); `check_page()` is a plain function
for `make check`.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

import handbook_i18n
import yamlfile

# ----------------------------------------------------------------------------
# The keys a page may use
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    what: str  # what the key is for (CONTRIBUTING.md explains each)
    values: tuple[str, ...] | Callable[[dict], tuple[str, ...]] | None = None  # allowed values
    many: bool = False  # a list of such values (a single one is fine too)
    text: bool = False  # plain text on one line
    pattern: str = ""  # a regular expression the value must match, with `example`
    example: str = ""


def _owners(extra: dict) -> tuple[str, ...]:
    return tuple(str(k) for k in (extra.get("owners") or {}))


SCHEMA: dict[str, Key] = {
    "keywords": Key("words people search for (hooks/search.py checks them)"),
    "sources": Key("where the page's items come from (hooks/items.py checks them)"),
    "id-prefix": Key("the start every item id on the page shares", pattern=r"[a-z0-9]+(?:-[a-z0-9]+)*-",
                     example="rek-sjekk-"),
    "owner": Key("who answers for the page: a key of extra.owners in mkdocs.yml", values=_owners),
    "sheet": Key("a page made for paper", values=("checklist", "interview", "questions", "workshop", "builder")),
    "title": Key("Material: the title in the navigation and the browser tab", text=True),
    "description": Key("Material: the page's summary for search engines", text=True),
    "hide": Key("Material: parts of the page to hide", values=("navigation", "toc", "footer", "path"), many=True),
}

# Words editors may write for a key or a value, in Norwegian or by habit: "did you mean …?".
ALIASES = {
    "kilder": "sources", "kilde": "sources", "source": "sources",
    "nøkkelord": "keywords", "stikkord": "keywords", "søkeord": "keywords", "keyword": "keywords",
    "tags": "keywords", "eier": "owner", "ansvarlig": "owner", "ark": "sheet", "tittel": "title",
    "beskrivelse": "description", "skjul": "hide", "prefiks": "id-prefix", "prefix": "id-prefix",
    "id_prefix": "id-prefix", "idprefix": "id-prefix",
    "sjekkliste": "checklist", "intervju": "interview", "intervjuark": "interview",
    "spørsmål": "questions", "verksted": "workshop", "navigasjon": "navigation",
}

OPEN_RE = re.compile(r"^-{3}[ \t]*$")
CLOSE_RE = re.compile(r"^(?:-{3}|\.{3})[ \t]*$")
HEADING_RE = re.compile(r"^#{1,6}[ \t]+\S")

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Every page of every language, once per build, before any page is read."""
    if handbook_i18n.building(config):
        return
    root = os.path.dirname(config.config_file_path)
    errors: list[str] = []
    for path in page_files(config.docs_dir):
        src = os.path.relpath(path, root).replace(os.sep, "/")
        with open(path, encoding="utf-8-sig") as f:
            errors += check_page(f.read(), src, extra=config.extra)
    if errors:
        raise PluginError(
            f"{len(errors)} front-matter problem(s) - fix them and build again:\n" + "\n".join(errors)
        )


# ----------------------------------------------------------------------------
# The rules (plain functions)
# ----------------------------------------------------------------------------


def read(text: str, src: str) -> tuple[dict, list[str]]:
    """The front matter of a page's text as data (a yamlfile.Mapping, with each key's line in the
    page), and the problems that kept it from being read."""
    lines = text.split("\n")
    if not lines or not OPEN_RE.match(lines[0].lstrip("\ufeff")):
        return {}, []
    end = next((n for n in range(1, len(lines)) if CLOSE_RE.match(lines[n])), None)
    if end is None:
        return {}, [f"{src}:1: the front matter that starts here is never closed: end it with a line "
                    "of three hyphens (---) before the page's text"]
    body = "\n".join(lines[1:end]) + "\n"
    try:
        data = yamlfile.load(body, src, first_line=2)
    except yamlfile.YamlProblem as problem:
        heading = next((n for n in range(1, end) if HEADING_RE.match(lines[n])
                        and not lines[n - 1].strip()), None)
        if heading is not None:  # "---" later on the page (a rule) closed a block left open
            return {}, [f"{src}:1: the front matter that starts here is not closed before the page's "
                        f"text (line {heading + 1}): end it with a line of three hyphens (---)"]
        return {}, [str(problem)]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f'{src}:2: the front matter must be lines of "key: value", one key a line']
    return data, []


def check_page(text: str, src: str, *, extra: dict | None = None) -> list[str]:
    """Every problem of a page's front matter, `src:LINE: …`; `extra` is mkdocs.yml's extra."""
    data, problems = read(text, src)
    if problems:
        return problems
    for key, value in data.items():
        line = data.lines.get(key, 0) + 1 if hasattr(data, "lines") else 1  # the block starts on line 2
        problems += [f"{src}:{line}: {p}" for p in check_value(str(key), value, extra or {})]
    return problems


def check_value(key: str, value, extra: dict) -> list[str]:
    """What is wrong with `key: value` (nothing for a key and value the hooks can use)."""
    spec = SCHEMA.get(key)
    if spec is None:
        guess = _guess(key, SCHEMA)
        return [f'unknown front-matter key "{key}"' + (f': did you mean "{guess}"?' if guess else "")
                + f" (the keys a page may use: {', '.join(sorted(SCHEMA))})"]
    if spec.text and (isinstance(value, (dict, list, bool)) or value is None or not str(value).strip()):
        return [f"{key}: write it as text on one line after the colon"]
    if spec.pattern:
        if not isinstance(value, str) or not re.fullmatch(spec.pattern, value):
            return [f'{key} "{value}" is not valid: lowercase letters a-z, digits and single hyphens, '
                    f'ending with a hyphen, like "{spec.example}"']
    allowed = spec.values(extra) if callable(spec.values) else spec.values
    if allowed is None:
        return []
    values = value if spec.many and isinstance(value, list) else [value]
    problems = []
    for one in values:
        if isinstance(one, str) and one in allowed:
            continue
        guess = _guess(str(one), allowed)
        source = " (extra.owners in mkdocs.yml)" if key == "owner" else ""
        problems.append(
            f'{key} "{one}" is not one of {", ".join(allowed) or "nothing yet"}{source}'
            + (f': did you mean "{guess}"?' if guess else "")
        )
    return problems


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _guess(word: str, choices) -> str | None:
    choices = [str(c) for c in choices]
    folded = word.casefold().strip()
    if ALIASES.get(folded) in choices:
        return ALIASES[folded]
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def page_files(docs_dir: str) -> list[str]:
    """Every Markdown file below `docs_dir`, in a stable order, hidden files and folders left out."""
    found = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".md") and not f.startswith(".")]
    return found
