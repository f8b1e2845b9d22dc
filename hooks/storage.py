"""Storage on the reader's device: one registry says everything the handbook stores, and the
build holds the scripts to it.

`extra.storage.registry` in mkdocs.yml names the registry (includes/storage.yml): every name a
script stores in the browser (localStorage, sessionStorage, Cache Storage, IndexedDB), with what
it holds, why and how long, in every language. This hook guarantees that

- the build stops, naming file and line, when a script stores a name the registry lacks, stores
  it in another kind of storage than the registry says, writes storage directly instead of
  through `ekhStorage` (docs/assets/storage.js, which keeps every name to this copy's path), or
  when the registry lists a name no script stores (storage_scan.py reads the scripts: every .js
  below docs/, the templates and scripts of the theme's custom_dir, and Material's bundle);
- the page `extra.storage.page` shows the registry in its language where it says
  `<!-- storage-registry -->` (a build stops when that line is missing), and carries it as JSON
  data (`#ekh-storage`: name, pattern, storage, short name) for its «Slett alt» button
  (docs/assets/forget.js).

The registry's rules live in storage_registry.py, the reading of scripts in storage_scan.py
(neither needs MkDocs). Checked once per outer build (not again for each language).
"""

from __future__ import annotations

import glob
import os
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import handbook_i18n
import storage_registry
import storage_scan
import yamlfile

MARK_RE = re.compile(r"^[ \t]*<!--[ \t]*storage-registry[ \t]*-->[ \t]*$", re.M)


_registry: list[storage_registry.Entry] = []

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _registry
    if handbook_i18n.building(config):
        return
    settings = config.extra.get("storage") or {}
    if not settings.get("registry"):
        _registry = []
        return
    root = os.path.dirname(config.config_file_path)
    path = str(settings["registry"])
    try:
        text = open(os.path.join(root, path), encoding="utf-8").read()
    except OSError as error:
        raise PluginError(f"mkdocs.yml: extra.storage.registry: cannot read {path}: {error.strerror}")
    try:
        _registry = storage_registry.load(text, path, handbook_i18n.all_languages(config))
    except yamlfile.YamlProblem as problem:
        raise PluginError(str(problem))
    writes, problems = scan_sources(config)
    problems += storage_registry.check(writes, _registry, path)
    if problems:
        raise PluginError(
            f"{len(problems)} storage problem(s) - the privacy page must name everything the site "
            "stores:\n" + "\n".join(problems)
        )


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _is_registry_page(page, config):
        return markdown
    if not MARK_RE.search(markdown):
        raise PluginError(
            f"{_source(page, config)}:1: the privacy page has no <!-- storage-registry --> line: put "
            "it, on a line of its own, where the list of what the site stores belongs"
        )
    listing = storage_registry.markdown(_registry, handbook_i18n.language(config))
    return MARK_RE.sub(lambda m: listing, markdown)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if not _is_registry_page(page, config) or "</body>" not in output:
        return output
    data = storage_registry.as_json(_registry, handbook_i18n.language(config))
    tag = f'<script type="application/json" id="ekh-storage">{data}</script>'
    return output.replace("</body>", tag + "</body>", 1)


# ----------------------------------------------------------------------------
# The scripts
# ----------------------------------------------------------------------------


def scan_sources(config: MkDocsConfig) -> tuple[list[storage_scan.Write], list[str]]:
    """Every storage write of the site's scripts: .js below docs_dir, the custom_dir's templates
    and scripts, and the theme's bundle (Material's `__md_set` names)."""
    root = os.path.dirname(config.config_file_path)
    writes: list[storage_scan.Write] = []
    problems: list[str] = []

    def read(path: str) -> str:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    files = sorted(glob.glob(os.path.join(config.docs_dir, "**", "*.js"), recursive=True))
    custom = config.theme.custom_dir
    if custom:
        files += sorted(glob.glob(os.path.join(custom, "**", "*.js"), recursive=True))
        files += sorted(glob.glob(os.path.join(custom, "**", "*.html"), recursive=True))
    for path in files:
        shown = _display(path, root)
        found, wrong = storage_scan.scan(read(path), shown, template=path.endswith(".html"))
        writes += found
        problems += [str(p) for p in wrong]
    for folder in config.theme.dirs:
        if custom and os.path.abspath(folder) == os.path.abspath(custom):
            continue
        for path in sorted(glob.glob(os.path.join(folder, "assets", "javascripts", "bundle.*.js"))):
            writes += storage_scan.scan_bundle(read(path), _display(path, root))
    return writes, problems


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _is_registry_page(page: Page, config: MkDocsConfig) -> bool:
    target = (config.extra.get("storage") or {}).get("page")
    if not target or not _registry:
        return False
    uri = page.file.src_uri
    prefix = handbook_i18n.language(config) + "/"
    return (uri.removeprefix(prefix) if config.plugins.get("i18n") else uri) == target


def _source(page: Page, config: MkDocsConfig) -> str:
    root = os.path.dirname(config.config_file_path)
    return os.path.relpath(page.file.abs_src_path, root).replace(os.sep, "/")


def _display(path: str, root: str) -> str:
    parts = os.path.normpath(path).split(os.sep)
    if "site-packages" in parts:  # the theme's own files: from its package folder on
        return "/".join(parts[parts.index("site-packages") + 1:])
    return os.path.relpath(path, root).replace(os.sep, "/")
