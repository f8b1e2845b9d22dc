"""Search per language, with editors' keywords, and no search data fetched before anyone searches.

This hook guarantees that

- a Norwegian page searches Norwegian pages only and an English page English ones: once every
  language is built, the index mkdocs-static-i18n wrote for all languages is split, the default
  language at `search/`, every other language at `<lang>/search/` with locations relative to its
  own root and its own lunr language (`overrides/main.html` points an English page's search at
  its root, Material's `__config.base`);
- the words a page lists under `keywords:` in its front matter are searchable on that page (a
  field of their own in the index, boosted like a title by `plugins.search.fields` in mkdocs.yml),
  without standing in the prose; every page has such a list: the build stops with a
  `PluginError`, one line `docs/…md:LINE: message` per page, when a page has no `keywords:` or
  they are not a list of words (LINE is that of `keywords:`, else 1); a bare year (`2023`, which
  YAML reads as a number) or date counts as the word it is written as;
- a page fetches no more than a small stub before the search box is used: Material fetches
  `search/search_index.json`, which holds only the index configuration and the address of the
  full index (`search/search_full.json`); the handbook's search worker
  (`docs/assets/javascripts/workers/handbook-search.js`, which wraps Material's own worker and
  stems typed words) fetches the full index on the first query. Every page's `__config` names
  that worker instead of Material's.
"""

from __future__ import annotations

import datetime
import json
import os
import posixpath
import re

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

# lunr.js knows Norwegian as "no"; every other language here uses its own code.
LUNR = {"nb": "no", "nn": "no"}

# Where Material keeps its search worker, relative to the site root; the handbook's worker sits
# beside it so that Material's worker finds its lunr languages (`../lunr/`) as usual.
WORKERS = "assets/javascripts/workers"
WORKER = "handbook-search.js"
STUB = "search/search_index.json"  # the file Material fetches on every page load
FULL = "search/search_full.json"  # the full index, fetched by the worker on the first query

# The worker Material names in a page's __config, e.g. "../assets/javascripts/workers/search.a7633da7.min.js".
CONFIG_RE = re.compile(r'(<script id="__config" type="application/json">.*?</script>)', re.S)
MATERIAL_WORKER_RE = re.compile(r'("search":\s*"[^"]*/)(search\.[0-9a-f]+\.min\.js)"')
KEYWORDS_LINE_RE = re.compile(r"^keywords[ \t]*:", re.M)  # where a page's keywords start

# Keywords of every page of every language, by page URL ("rekruttering/", "en/rekruttering/").
_keywords: dict[str, list[str]] = {}
# Pages of the language being built whose keywords are missing or malformed: "docs/…md:LINE: …".
_problems: list[str] = []

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    _problems.clear()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    words = page.meta.get("keywords")
    problem = _keyword_problem(words)
    if problem:
        _keywords.pop(page.url, None)
        _problems.append(f"{_where(page)}: {problem}")
    else:
        _keywords[page.url] = [keyword_text(w) for w in words]
    return markdown


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """Every page of this language has been read: stop the build if any lacks keywords."""
    if _problems:
        raise PluginError("\n".join(sorted(_problems)))
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Name the handbook's worker in the page's __config, with Material's worker as a parameter."""
    match = CONFIG_RE.search(output)
    if match is None:
        return output
    block, n = MATERIAL_WORKER_RE.subn(rf'\g<1>{WORKER}?material=\g<2>"', match.group(1))
    if n != 1:
        raise PluginError(f"{page.file.src_uri}: Material's search worker not found in __config")
    return output[: match.start()] + block + output[match.end():]


@event_priority(-200)  # after mkdocs-static-i18n has built every language and merged the index
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return
    root = config.site_dir
    path = os.path.join(root, STUB)
    try:
        with open(path, encoding="utf-8") as f:
            index = json.load(f)
    except OSError as error:
        raise PluginError(f"search index {path}: {error.strerror}")

    default = i18n.default_language
    others = [lang for lang in i18n.build_languages if lang != default]
    parts: dict[str, list[dict]] = {lang: [] for lang in [default, *others]}
    for doc in index["docs"]:
        location = doc["location"]
        if location in _keywords:  # the page itself, not one of its sections
            doc = {**doc, "keywords": " ".join(_keywords[location])}
        lang = next((l for l in others if location.startswith(f"{l}/")), default)
        if lang != default:
            doc = {**doc, "location": location.removeprefix(f"{lang}/")}
        parts[lang].append(doc)

    for lang, docs in parts.items():
        prefix = "" if lang == default else f"{lang}/"
        lang_config = {**index["config"], "lang": [LUNR.get(lang, lang)]}
        stub_config = {**lang_config, "index": posixpath.relpath(prefix + FULL, WORKERS)}
        _write(root, prefix + FULL, {**index, "config": lang_config, "docs": docs})
        _write(root, prefix + STUB, {"config": stub_config, "docs": []})


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _keyword_problem(words: object) -> str | None:
    example = "e.g. `keywords: [sykmelding, sykemelding, fravær]`"
    if words is None:
        return f"no `keywords:` in the front matter: list the words people search for, {example}"
    if not isinstance(words, list) or not words:
        return f"`keywords:` must be a list of words, {example}"
    bad = [w for w in words if keyword_text(w) is None]
    if bad and isinstance(bad[0], bool):
        return (
            f"`keywords:` has {bad[0]!r}, which YAML makes of a bare yes, no, on or off: put the "
            'word in quotes, e.g. `keywords: ["no", nei]`'
        )
    if bad:
        return f"`keywords:` has an empty or non-text entry ({bad[0]!r}): write each as a word"
    return None


def keyword_text(word: object) -> str | None:
    """A keyword as the word it is written as: text, or a bare year or date that YAML read as a
    number or date (`2023`, `2023-05-01`); None for anything else."""
    if isinstance(word, bool):
        return None
    if isinstance(word, (int, datetime.date)):
        return str(word)
    if isinstance(word, str) and word.strip():
        return word.strip()
    return None


def _where(page: Page) -> str:
    """`docs/nb/x.md:LINE`, LINE that of `keywords:` in the front matter, else 1."""
    path = f"{posixpath.basename(page.file.src_dir or 'docs')}/{page.file.src_uri}"
    try:
        with open(page.file.abs_src_path, encoding="utf-8-sig") as f:
            head = f.read(4000)
    except OSError:
        return f"{path}:1"
    match = KEYWORDS_LINE_RE.search(head)
    return f"{path}:{head.count(chr(10), 0, match.start()) + 1 if match else 1}"


def _write(root: str, path: str, data: dict) -> None:
    target = os.path.join(root, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
