"""Offline and on the home screen: the handbook installs like an app and works without a network.

Once every language is built, this hook writes

- `manifest.json` at each language's root (`manifest.json`, `en/manifest.json`): the web app
  manifest, with the language's site name, `extra.offline.short_name`, the handbook's icons
  (`docs/assets/icons/`, made by `tools/make-icons.py` from the logo), the header colour of the
  palette stylesheet as theme colour, and `start_url` and `scope` relative to the manifest, so an
  installed handbook opens its own language under any sub-path;
- `offline.html` at each language's root: the page the service worker shows, in the reader's
  language, for an address it has not stored (a standalone page: no script, the site's styles,
  the release date and every page that can be read offline);
- `sw.js` at the site root: `docs/assets/offline-worker.js` (not published under its own name)
  with the precache list of every language above it, read from the built site by
  `precache.collect` (every page, every file they load, the search index, `extra.offline.fetched`),
  each entry with its content hash, so a new release replaces exactly what changed. The worker's
  scope is the folder the site is published in.

Every page's template context gets `handbook_offline` (the manifest's and the touch icon's
addresses relative to the page, the worker's relative to the manifest) for `overrides/main.html`;
`assets/offline.js` registers the worker from there once the page has loaded. Under
`mkdocs serve` (editing) no worker is written or registered: an editor always sees the last save.

A page that loads a file the build did not write is a warning naming the page (the build stops
under --strict): the worker could not store it. A malformed `extra.offline` stops the build with
`mkdocs.yml:LINE: …` (hooks/offline_settings.py); missing icons stop it naming the tool that makes
them.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import html
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime, get_relative_url

import handbook_i18n
import precache
from offline_settings import Settings, settings

log = get_plugin_logger("offline")

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

WORKER_SOURCE = "assets/offline-worker.js"  # in docs/, published as WORKER only
WORKER = "sw.js"  # at the site root: its scope is the handbook's folder
MANIFEST = "manifest.json"  # at each language's root
FALLBACK = "offline.html"  # at each language's root
ICONS = "assets/icons"
# (file in ICONS, size, purpose); tools/make-icons.py makes them.
ICON_FILES = [("icon-192.png", 192, "any"), ("icon-512.png", 512, "any"), ("icon-maskable-512.png", 512, "maskable")]
TOUCH_ICON = "apple-touch-icon.png"  # 180 × 180, for iOS home screens
BACKGROUND = "#ffffff"
PRIMARY_RE = re.compile(r"--md-primary-fg-color\s*:\s*(#[0-9a-fA-F]{3,8})\s*;")

TEXT = {
    "nb": {
        "title": "Uten nett",
        "heading": "Denne siden er ikke lagret på enheten",
        "why": "Du er uten nett, og denne siden er ikke blant dem håndboka har lagret på enheten "
               "din. Prøv igjen når du har nett.",
        "rest": "Sidene nedenfor kan du lese uten nett. De er fra utgaven av håndboka fra {date}.",
        "pages": "Sider du kan lese uten nett",
        "front": "Forsiden",
    },
    "en": {
        "title": "Offline",
        "heading": "This page is not saved on your device",
        "why": "You are offline, and this page is not one of those the handbook has saved on "
               "your device. Try again when you are back online.",
        "rest": "You can read the pages below offline. They are from the {date} edition of the handbook.",
        "pages": "Pages you can read offline",
        "front": "Front page",
    },
}


@dataclass
class Language:
    """What the pages of one language tell about it, recorded while they are rendered."""

    site_name: str = ""
    description: str = ""
    nav: list = field(default_factory=list)  # [(title, address or None, [(title, address)])]
    sources: dict[str, str] = field(default_factory=dict)  # built file -> docs/…md


_state: dict = {"serving": False, "languages": {}}

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings(config)  # stop at once on a malformed extra.offline
    missing = [name for name, _, _ in ICON_FILES if not os.path.isfile(_icon(config, name))]
    if not os.path.isfile(_icon(config, TOUCH_ICON)):
        missing.append(TOUCH_ICON)
    if missing:
        raise PluginError(
            f"docs/{ICONS}/{missing[0]} is missing: run `.venv/bin/python tools/make-icons.py` "
            "to make the handbook's icons from its logo"
        )
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    if not handbook_i18n.building(config):
        _state["languages"] = {}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """The worker's source is published as sw.js only (at the site root, for its scope)."""
    source = files.get_file_from_path(WORKER_SOURCE)
    if source is not None:
        files.remove(source)
    return files


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    lang, prefix = handbook_i18n.language(config), handbook_i18n.prefix(config)
    language = _state["languages"].setdefault(lang, Language())
    if not language.site_name:
        language.site_name = config.site_name
        language.description = config.site_description or ""
        language.nav = _nav(nav.items, prefix)
    docs = posixpath.basename((page.file.src_dir or "docs").rstrip("/\\")) or "docs"
    language.sources[page.file.dest_uri] = f"{docs}/{page.file.src_uri}"
    context["handbook_offline"] = {
        "manifest": get_relative_url(prefix + MANIFEST, page.url),
        # Relative to the manifest (which a booklet rebases with its other links), not the page.
        "worker": None if _state["serving"] else posixpath.relpath(WORKER, prefix or "."),
        "touch_icon": get_relative_url(f"{ICONS}/{TOUCH_ICON}", page.url),
    }
    return context


@event_priority(-1000)  # last: after every language, the search index, items.json and booklets
def on_post_build(*, config: MkDocsConfig) -> None:
    if handbook_i18n.building(config):
        return
    site = Path(config.site_dir)
    setting = settings(config)
    roots = _roots(config)
    date = get_build_datetime().date()
    color = theme_color(config)
    for lang, root in roots.items():
        language = _state["languages"].get(lang, Language(site_name=config.site_name))
        _write(site / root / MANIFEST, json.dumps(
            manifest(lang, root, language, setting, color), ensure_ascii=False, indent=2) + "\n")
        _write(site / root / FALLBACK, offline_page(lang, root, language, site, date, skip=setting.skip))
    if _state["serving"]:
        return
    languages = {}
    for lang, root in roots.items():
        others = tuple(r for r in roots.values() if r and r != root)
        files, later, problems = precache.collect(
            site, root, other_roots=others, skip=setting.skip,
            fetched=(*setting.fetched, FALLBACK),
        )
        _warn(problems, _state["languages"].get(lang, Language()), Path(config.docs_dir))
        languages[lang] = {
            "root": root,
            "fallback": root + FALLBACK,
            "files": precache.entries(files),
            "later": [precache.address(p) for p in later],
        }
    source = Path(config.docs_dir, WORKER_SOURCE).read_text(encoding="utf-8")
    _write(site / WORKER, worker_script(languages, source, default=next(iter(roots)),
                                        date=date.isoformat(), timeout=setting.timeout))


# ----------------------------------------------------------------------------
# The pieces (plain functions)
# ----------------------------------------------------------------------------


def worker_script(languages: dict, source: str, *, default: str, date: str, timeout: float) -> str:
    """sw.js: the precache list of every language as `self.HANDBOOK_OFFLINE`, then the worker."""
    every = {f"{lang}:{address}": digest for lang, data in languages.items()
             for address, digest in data["files"].items()}
    every["worker"] = precache.release_id({"source": source})
    data = {
        "release": {"id": precache.release_id(every), "date": date},
        "timeout": round(timeout * 1000),
        "hashLength": precache.HASH_LENGTH,
        "default": default,
        "languages": languages,
    }
    return "self.HANDBOOK_OFFLINE = " + json.dumps(data, ensure_ascii=False, sort_keys=True) + ";\n" + source


def read_worker(text: str) -> dict:
    """The precache data of a written sw.js (for the benchmark and the tests)."""
    head = text.split("\n", 1)[0]
    return json.loads(head[len("self.HANDBOOK_OFFLINE = "):].rstrip(";"))


def manifest(lang: str, root: str, language: Language, setting: Settings, color: str) -> dict:
    """The web app manifest of a language; every address relative to the manifest itself."""
    up = posixpath.relpath(".", root or ".")
    icons = f"{ICONS}/" if up == "." else f"{up}/{ICONS}/"
    return {
        "name": language.site_name,
        "short_name": setting.short_name.get(lang) or language.site_name,
        "description": language.description,
        "lang": lang,
        "dir": "ltr",
        "id": "./",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": color,
        "icons": [
            {"src": icons + name, "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
            for name, size, purpose in ICON_FILES
        ],
    }


def offline_page(lang: str, root: str, language: Language, site: Path, date: dt.date,
                 skip: tuple[str, ...] = ()) -> str:
    """The offline page of a language: the site's styles (those of its front page), no script;
    the pages of the navigation stored ahead (not those matching `skip`), every link relative to
    the language's root (the worker gives it a <base> there)."""
    text = TEXT.get(lang, TEXT["en"])
    front = (site / root / "index.html").read_text(encoding="utf-8") if (site / root / "index.html").is_file() else ""
    styles = "".join(
        f'<link rel="stylesheet" href="{html.escape(href)}">\n'
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)">', front)
    )
    body = re.search(r"<body([^>]*)>", front)
    # The accessibility statement and the privacy page, linked from every page's foot: the front
    # page's links are relative to the language's root, as this page's are.
    links = re.search(r'<nav class="site-links".*?</nav>', front, re.S)
    footer = (f'<footer class="md-footer"><div class="md-footer-meta md-typeset"><div class="md-footer-meta__inner '
              f'md-grid"><div class="md-copyright">{links.group(0)}</div></div></div></footer>\n') if links else ""
    when = handbook_i18n.long_date(date, lang)
    def stored(href: str | None) -> bool:
        return bool(href) and href != "./" and not any(fnmatch.fnmatchcase(href, p) for p in skip)

    items = [f'<li><a href="./">{html.escape(text["front"])}</a></li>']
    for title, href, children in language.nav:
        if not stored(href) and not any(stored(h) for _, h in children):
            continue
        link = f'<a href="{html.escape(href)}">{html.escape(title)}</a>' if stored(href) else html.escape(title)
        sub = "".join(f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for t, h in children if stored(h))
        items.append(f"<li>{link}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
    return f"""<!doctype html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>{html.escape(text["title"])} – {html.escape(language.site_name)}</title>
{styles}</head>
<body{body.group(1) if body else ""}>
<header class="md-header"><div class="md-header__inner md-grid"><div class="md-header__title">
<a class="md-header__topic md-ellipsis" href="./">{html.escape(language.site_name)}</a></div></div></header>
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid"><div class="md-content">
<article class="md-content__inner md-typeset">
<h1>{html.escape(text["heading"])}</h1>
<p>{html.escape(text["why"])}</p>
<p>{html.escape(text["rest"].format(date=when))}</p>
<h2>{html.escape(text["pages"])}</h2>
<ul>{"".join(items)}</ul>
</article></div></div></main>
{footer}</div>
</body>
</html>
"""


def theme_color(config: MkDocsConfig) -> str:
    """The header colour (`--md-primary-fg-color`) of the first extra_css file that sets it."""
    for entry in config.extra_css:
        path = os.path.join(config.docs_dir, str(entry))
        try:
            with open(path, encoding="utf-8") as f:
                match = PRIMARY_RE.search(f.read())
        except OSError:
            continue
        if match:
            return match.group(1)
    return "#4051b5"  # Material's own indigo, for a site without a palette of its own


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _roots(config: MkDocsConfig) -> dict[str, str]:
    """{language: its root below the site folder}, the default language first."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return {handbook_i18n.language(config): ""}
    default = i18n.default_language
    return {lang: "" if lang == default else f"{lang}/"
            for lang in [default, *[l for l in i18n.build_languages if l != default]]}


def _nav(items, prefix: str) -> list:
    """[(title, address relative to the language root or None, [(title, address)])]."""
    def own(url: str) -> str:
        url = url.removeprefix(prefix)
        return url or "./"

    found = []
    for item in items:
        if isinstance(item, Section):
            children = [(c.title, own(c.url)) for c in item.children if isinstance(c, Page)]
            index = next((c for c in item.children if isinstance(c, Page) and c.is_index), None)
            found.append((item.title, own(index.url) if index else None,
                          [(t, u) for t, u in children if not index or u != own(index.url)]))
        elif isinstance(item, Page) and not item.is_homepage:
            found.append((item.title, own(item.url), []))
    return found


def _warn(problems: list[tuple[str, str, str]], language: Language, docs: Path) -> None:
    """One warning per missing file: the first page that loads it, file and line."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for page, ref, path in problems:
        seen.setdefault(path, []).append((page, ref))
    for path, pages in seen.items():
        page, ref = pages[0]
        source = language.sources.get(page, page)
        line = 1
        try:
            text = (docs.parent / source).read_text(encoding="utf-8")
            at = text.find(ref)
            line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        except OSError:
            pass
        more = f" (and {len(pages) - 1} other page(s))" if len(pages) > 1 else ""
        log.warning(f"{source}:{line}: the page loads {ref}, which the build did not write{more}: "
                    "it cannot be stored for offline use")


def _icon(config: MkDocsConfig, name: str) -> str:
    return os.path.join(config.docs_dir, *ICONS.split("/"), name)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
