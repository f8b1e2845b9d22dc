"""What a reader needs offline, read from the built site (a sibling module of hooks/offline.py).

Plain functions over a built site folder; they need no MkDocs. For one language (its root below
the site folder: "" or "en/") they guarantee that the precache list

- holds every page of that language: every `index.html` below its root, except those below
  another language's root and those whose address matches a skip pattern (the print booklets);
- holds every file of the site those pages load, read from their HTML, not from a hand list:
  stylesheets, scripts, icons, images, the web app manifest and its icons, what the stylesheets
  load (`url()`, `@import`), and search: the worker named in Material's `__config` (and Material's
  own worker it wraps, `?material=`), the index stub at `__config.base`, the full index the stub
  names, and the lunr language files Material's worker loads for the stub's languages;
- adds the files scripts fetch without any page naming them (`items.json`), given by the caller;
- gives each file the SHA-256 of its bytes (the first 16 hex digits), so that a new release
  changes exactly the entries whose files changed.

A page that loads a file the build did not write is reported (`problems`), never listed: the
worker would fail to install on a missing file.
"""

from __future__ import annotations

import fnmatch
import hashlib
import html
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

HASH_LENGTH = 16

# <link rel=…> whose file a page needs (canonical, prev/next and alternate are addresses, not files).
LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload"}
CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
SEARCH_STUB = "search/search_index.json"  # below __config.base (Material's convention)


# ----------------------------------------------------------------------------
# Reading pages
# ----------------------------------------------------------------------------


COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
TAG_RE = re.compile(r"<(link|script|img|source|audio|video|track|embed|input|object)\b([^>]*)>", re.I)
ATTR_RE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
CONFIG_RE = re.compile(r"<script\b[^>]*\bid=[\"']?__config\b[^>]*>(.*?)</script>", re.S | re.I)


def page_refs(text: str) -> tuple[list[str], list[str], dict | None]:
    """(files the page loads, its web app manifests, Material's __config or None), as written.

    Regular expressions over the tags that load something, not a full HTML parser: five times
    faster on the handbook's pages, and a page's text cannot contain such a tag unescaped."""
    text = COMMENT_RE.sub("", text)
    refs: list[str] = []
    manifests: list[str] = []
    for m in TAG_RE.finditer(text):
        tag = m.group(1).lower()
        a = {}
        for k, v2, v3, v4 in ATTR_RE.findall(m.group(2)):
            value = v2 or v3 or v4
            a[k.lower()] = html.unescape(value) if "&" in value else value
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & LINK_RELS and a.get("href"):
                (manifests if "manifest" in rels else refs).append(a["href"])
        elif tag == "object":
            if a.get("data"):
                refs.append(a["data"])
        else:
            for name in ("src", "poster"):
                if a.get(name):
                    refs.append(a[name])
            for candidate in a.get("srcset", "").split(","):
                if candidate.strip():
                    refs.append(candidate.split()[0])
    config = None
    found = CONFIG_RE.search(text)
    if found:
        try:
            config = json.loads(found.group(1))
        except ValueError:
            config = None
    return refs, manifests, config


def css_refs(css: str) -> list[str]:
    """The addresses a stylesheet loads (`url()` and `@import`), data: URIs left out."""
    found = []
    for m in CSS_URL_RE.finditer(css):
        ref = (m.group(2) or m.group(4) or "").strip()
        if ref and not ref.startswith("data:"):
            found.append(ref)
    return found


def lunr_files(langs: list[str]) -> list[str]:
    """The lunr files Material's search worker imports for these languages, relative to the
    worker's folder (Material's `setupSearchLanguages`, assets/javascripts/workers/search.*.js)."""
    files = []
    for lang in langs:
        if lang == "ja":
            files.append("../lunr/tinyseg.js")
        elif lang in ("hi", "th"):
            files.append("../lunr/wordcut.js")
        if lang != "en":
            files.append(f"../lunr/min/lunr.{lang}.min.js")
    if len(langs) > 1:
        files.append("../lunr/min/lunr.multi.min.js")
    if files:
        files.insert(0, "../lunr/min/lunr.stemmer.support.min.js")
    return files


# ----------------------------------------------------------------------------
# Paths and addresses
# ----------------------------------------------------------------------------


def resolve(base: str, ref: str) -> str | None:
    """The site-relative path of `ref` written in the file at site-relative path `base`, or None
    for what is not a file of this site (another origin, data:, mailto:, a bare #anchor)."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or ref.startswith(("#", "//")):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        return None  # an absolute path depends on where the site is published: not a file of it
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined.startswith("../") or joined == "..":
        return None
    if path.endswith("/") or joined == ".":
        joined = posixpath.join(joined, "index.html") if joined != "." else "index.html"
    return joined


def address(path: str) -> str:
    """The address of a site-relative file, as readers request it: `a/b/index.html` -> `a/b/`,
    `index.html` -> `./`."""
    if path == "index.html":
        return "./"
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]


def release_id(files: dict[str, str]) -> str:
    """One id for a set of {address: hash}: it changes when any entry does."""
    text = "\n".join(f"{k} {v}" for k, v in sorted(files.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# ----------------------------------------------------------------------------
# The list
# ----------------------------------------------------------------------------


def pages(site: Path, root: str, *, other_roots: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """(pages to store ahead, pages left to be stored when opened) of the language at `root`,
    as site-relative paths of their index.html. `skip` holds patterns of addresses relative to
    the language root (`utskrift/`, `*/utskrift/`)."""
    base = site / root if root else site
    stored, later = [], []
    for file in sorted(base.rglob("index.html")):
        path = file.relative_to(site).as_posix()
        if any(path.startswith(other) for other in other_roots if other and other != root):
            continue
        if path.startswith("assets/"):
            continue
        own = address(path[len(root):])
        (later if any(fnmatch.fnmatchcase(own, p) for p in skip) else stored).append(path)
    return stored, later


def collect(site: Path, root: str, *, other_roots: tuple[str, ...] = (), skip: tuple[str, ...] = (),
            fetched: tuple[str, ...] = ()) -> tuple[dict[str, str], list[str], list[tuple[str, str, str]]]:
    """What the language at `root` needs offline: ({site-relative path: hash}, pages stored when
    opened, problems as (page, the address it loads as written, the missing site-relative path))."""
    stored, later = pages(site, root, other_roots=other_roots, skip=skip)
    wanted: dict[str, str | None] = {p: None for p in stored}  # path -> the page that loads it
    problems: list[tuple[str, str, str]] = []
    queue: list[tuple[str, str]] = []  # (site-relative path, the page that loads it)

    exists: dict[str, bool] = {}
    searches: set[tuple[str, str]] = set()

    def want(path: str | None, by: str, ref: str) -> None:
        if path is None or path in wanted:
            return
        if path not in exists:
            exists[path] = (site / path).is_file()
        if not exists[path]:
            problems.append((by, ref, path))
            return
        wanted[path] = by
        queue.append((path, by))

    for page in stored:
        refs, manifests, config = page_refs((site / page).read_text(encoding="utf-8"))
        for ref in refs:
            want(resolve(page, ref), page, ref)
        for ref in manifests:
            path = resolve(page, ref)
            want(path, page, ref)
            if path and (site / path).is_file():
                for icon in _manifest_icons(site / path):
                    want(resolve(path, icon), page, icon)
        if config and config.get("search") and config.get("base") is not None:
            search = (resolve(page, config["search"]) or "", str(_base(page, config["base"])))
            if search not in searches:  # every page of a language names the same files
                searches.add(search)
                _want_search(site, page, config, want)

    while queue:  # what the stylesheets load
        path, by = queue.pop()
        if path.endswith(".css"):
            for ref in css_refs((site / path).read_text(encoding="utf-8", errors="replace")):
                want(resolve(path, ref), by, ref)

    for name in fetched:
        want(posixpath.normpath(root + name), root + name, name)

    files = {path: file_hash(site / path) for path in sorted(wanted)}
    return files, later, problems


def _want_search(site: Path, page: str, config: dict, want) -> None:
    """Search as Material's `__config` names it: the worker (and Material's worker it wraps,
    `?material=`), the stub index below `base`, the full index it names and lunr's files."""
    worker = resolve(page, config["search"])
    want(worker, page, config["search"])
    if worker is None:
        return
    material = parse_qs(urlsplit(config["search"]).query).get("material", [None])[0]
    if material:
        want(posixpath.join(posixpath.dirname(worker), material), page, material)
    base = _base(page, config["base"])
    if base is None:
        return
    stub = posixpath.join(base, SEARCH_STUB) if base else SEARCH_STUB
    want(stub, page, SEARCH_STUB)
    for extra in _search_files(site, stub, worker):
        want(extra, page, posixpath.relpath(extra, posixpath.dirname(worker)))


def _base(page: str, base: str) -> str | None:
    """The site-relative folder of Material's `__config.base` ("" for the site root)."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), base or "."))
    if joined.startswith(".."):
        return None
    return "" if joined == "." else joined


def _search_files(site: Path, stub: str, worker: str) -> list[str]:
    """The full index the stub names (hooks/search.py; relative to the worker) and lunr's files."""
    try:
        config = json.loads((site / stub).read_text(encoding="utf-8")).get("config", {})
    except (OSError, ValueError):
        return []
    folder = posixpath.dirname(worker)
    found = []
    if config.get("index"):
        found.append(posixpath.normpath(posixpath.join(folder, config["index"])))
    for name in lunr_files(list(config.get("lang") or ["en"])):
        found.append(posixpath.normpath(posixpath.join(folder, name)))
    return found


def _manifest_icons(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [icon["src"] for icon in data.get("icons", []) if isinstance(icon, dict) and icon.get("src")]


def entries(files: dict[str, str]) -> dict[str, str]:
    """{address relative to the site root, as requested: hash}, from {site-relative path: hash}."""
    return {address(path): digest for path, digest in files.items()}
