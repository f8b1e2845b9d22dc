"""What a page loads: one stylesheet and at most two scripts of the handbook's own.

The handbook keeps one source file per concern in `docs/assets/`, listed in `extra_css` and
`extra_javascript`; MkDocs would link every one of them from every page (26 files, 55 KB of
scripts most pages never run). This hook guarantees that, once a language's pages, booklets and
not-found page are written (before the next language is built and before hooks/offline.py lists
what the service worker stores),

- every HTML page of the language loads the handbook's CSS as **one** file, all of `extra_css`
  joined and minified (rcssmin), and its scripts as at most **two**: the common one (every file
  of `extra_javascript` that `extra.assets.when` does not name) and the page's own (the named files
  whose marker its HTML holds: the builder's script only where the builder is), joined in the
  order of mkdocs.yml and minified (rjsmin); Material's files, `print.css` (for paper only) and
  `material-state.js` (the palette, before the first paint) are left as they are;
- each bundle is named by the hash of its content (`assets/bundles/<hash>.js`), so a release
  changes the name of exactly the bundles that changed;
- the editor's preview (`make serve`, hooks/preview.py) loads the source files as they are, so a
  saved script shows at once and its errors point at its own lines;
- a marker or file name in `extra.assets.when` that is not in `extra_css`/`extra_javascript`
  stops the build, naming the line in mkdocs.yml.

The rules themselves are plain functions in hooks/bundles.py.
"""

from __future__ import annotations

import os

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

import build_mode
import bundles
import configfile
import handbook_i18n

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """A mistake in `extra.assets` stops the build before anything is built."""
    lines = configfile.read(config.config_file_path)
    where = f"{os.path.basename(config.config_file_path)}:{lines.line('extra', 'assets', 'when') if lines else 0}"
    errors = bundles.problems((config.extra.get("assets") or {}).get("when"), [*_css(config), *_js(config)], where)
    if errors:
        raise PluginError("\n".join(errors))
    return config


@event_priority(-50)  # after booklets.py (50), markup.py and notfound.py; before i18n builds the next language (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    if build_mode.preview():
        return
    root = os.path.join(config.site_dir, handbook_i18n.prefix(config))
    others = {lang for lang in handbook_i18n.all_languages(config) if lang != handbook_i18n.language(config)}
    when = bundles.rules((config.extra.get("assets") or {}).get("when"))
    css_files, js_files = _css(config), _js(config)
    common = [f for f in js_files if f not in when]
    sources = {name: _read(config, name) for name in [*css_files, *js_files]}

    css_name = _write(config, *bundles.bundle([(n, rcssmin.cssmin(sources[n])) for n in css_files], "css"))
    common_name = _write(config, *bundles.bundle([(n, rjsmin.jsmin(sources[n])) for n in common], "js"))
    own: dict[tuple[str, ...], str] = {}
    pages = 0
    for path in _pages(config, root, others):
        with open(path, encoding="utf-8") as f:
            html = f.read()
        needs = tuple(f for f in bundles.needed(html, js_files, when) if f in when)
        if needs and needs not in own:
            own[needs] = _write(config, *bundles.bundle([(n, rjsmin.jsmin(sources[n])) for n in needs], "js"))
        rewritten = bundles.rewrite(html, set(css_files), set(js_files), css_name, [common_name, own.get(needs)])
        if rewritten != html:
            pages += 1
            with open(path, "w", encoding="utf-8") as f:
                f.write(rewritten)
    log.info(f"{pages} pages of '{handbook_i18n.language(config)}' load 1 stylesheet and "
             f"{1 if not own else '1-2'} scripts of the handbook's ({len(own)} page kinds with scripts of their own)")


def _pages(config: MkDocsConfig, root: str, others: set[str]) -> list[str]:
    """The HTML files of this language: below its root, and its not-found page, which MkDocs
    writes at the site root in every language's build (hooks/notfound.py moves it to the
    language's folder after this hook)."""
    found = []
    for folder, dirs, files in os.walk(root):
        if folder == root:
            dirs[:] = [d for d in dirs if d not in others and d != "assets"]
        found += [os.path.join(folder, name) for name in files if name.endswith(".html")]
    notfound = os.path.join(config.site_dir, "404.html")
    if os.path.normpath(root) != os.path.normpath(config.site_dir) and os.path.exists(notfound):
        found.append(notfound)
    return found


def _css(config: MkDocsConfig) -> list[str]:
    return [os.path.basename(str(entry)) for entry in config.extra_css if str(entry).startswith("assets/")]


def _js(config: MkDocsConfig) -> list[str]:
    return [os.path.basename(str(entry)) for entry in config.extra_javascript if str(entry).startswith("assets/")]


def _read(config: MkDocsConfig, name: str) -> str:
    with open(os.path.join(config.docs_dir, "assets", name), encoding="utf-8") as f:
        return f.read()


def _write(config: MkDocsConfig, name: str, text: str) -> str:
    path = os.path.join(config.site_dir, "assets", bundles.FOLDER, name)
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return name
