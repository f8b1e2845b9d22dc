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

Checked once per outer build (not again for each language).
"""

from __future__ import annotations

import glob
import json
import os
import re
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import handbook_i18n
import storage_scan
import yamlfile

MARK_RE = re.compile(r"^[ \t]*<!--[ \t]*storage-registry[ \t]*-->[ \t]*$", re.M)
NAME_RE = re.compile(r"^(?:[A-Za-z0-9_.\-]|<[a-z-]+>)+$")
STORAGES = {v: k for k, v in storage_scan.KINDS.items()}  # "localStorage" -> "local"
FIELDS = ("what", "holds", "why", "kept")
TEXT = {
    "nb": {"name": "Navn", "storage": "Lagres i", "holds": "Hva", "why": "Hvorfor", "kept": "Hvor lenge",
           "dormant": "Temaet håndboka er laget med (Material for MkDocs) har også kode som kan lagre "
                      "disse navnene, men bare for funksjoner håndboka ikke bruker. De blir derfor aldri "
                      "lagret her:"},
    "en": {"name": "Name", "storage": "Stored in", "holds": "What", "why": "Why", "kept": "How long",
           "dormant": "The theme the handbook is built with (Material for MkDocs) also has code that "
                      "could store these names, but only for features the handbook does not use. So "
                      "they are never stored here:"},
}


@dataclass
class Entry:
    name: str
    storage: str  # "local", "session", "cache", "indexeddb"
    line: int
    dormant: bool
    texts: dict  # language -> {what, holds, why, kept}

    @property
    def regex(self) -> re.Pattern:
        parts = re.split(r"<[a-z-]+>", self.name)
        return re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$", re.S)

    def js_pattern(self) -> str:
        parts = re.split(r"<[a-z-]+>", self.name)
        return "^" + ".+".join(re.sub(r"[.*+?^${}()|[\]\\/-]", lambda m: "\\" + m.group(), p) for p in parts) + "$"


_registry: list[Entry] = []

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
        _registry = load_registry(text, path, handbook_i18n.build_languages(config))
    except yamlfile.YamlProblem as problem:
        raise PluginError(str(problem))
    writes, problems = scan_sources(config)
    problems += check(writes, _registry, path)
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
    listing = registry_markdown(_registry, handbook_i18n.language(config))
    return MARK_RE.sub(lambda m: listing, markdown)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if not _is_registry_page(page, config) or "</body>" not in output:
        return output
    data = registry_json(_registry, handbook_i18n.language(config))
    tag = f'<script type="application/json" id="ekh-storage">{data}</script>'
    return output.replace("</body>", tag + "</body>", 1)


# ----------------------------------------------------------------------------
# The registry
# ----------------------------------------------------------------------------


def load_registry(text: str, path: str, languages: list[str]) -> list[Entry]:
    """The entries of a registry file; raises YamlProblem naming the line of the first mistake."""
    data = yamlfile.load(text, path)
    if data is None:
        return []
    if not isinstance(data, yamlfile.Mapping):
        raise yamlfile.YamlProblem(path, 1, "write one entry per name: `ekh.x.y:` and under it storage:, nb: and en:")
    entries = []
    for name, body in data.items():
        line = data.line(name, 1)
        name = str(name)
        if not NAME_RE.match(name):
            raise yamlfile.YamlProblem(path, line, (
                f'"{name}" is not a name a script stores: letters, digits, ".", "-", "_", and <word> '
                "for a part that varies (ekh.tick.<id>)"))
        if not isinstance(body, yamlfile.Mapping):
            raise yamlfile.YamlProblem(path, line, f'"{name}" needs storage:, nb: and en: under it')
        unknown = [k for k in body if k not in ("storage", "dormant", *languages)]
        if unknown:
            raise yamlfile.YamlProblem(path, body.line(unknown[0], line), (
                f'"{unknown[0]}" is not a field of an entry: write storage:, dormant: (for a theme\'s '
                f"unused name) and one block per language ({', '.join(languages)})"))
        storage = body.get("storage")
        if storage not in STORAGES:
            raise yamlfile.YamlProblem(path, body.line("storage", line), (
                f'"{name}": storage: must be one of {", ".join(STORAGES)} (found {storage!r})'))
        dormant = body.get("dormant", False)
        if not isinstance(dormant, bool):
            raise yamlfile.YamlProblem(path, body.line("dormant", line), f'"{name}": dormant: is true or false')
        required = ("what", "why") if dormant else FIELDS
        texts = {}
        for language in languages:
            block = body.get(language)
            if not isinstance(block, yamlfile.Mapping):
                raise yamlfile.YamlProblem(path, body.line(language, line), (
                    f'"{name}" has no {language}: block: write {", ".join(required)} in {language} under it'))
            for key in block:
                if key not in FIELDS:
                    raise yamlfile.YamlProblem(path, block.line(key, line), (
                        f'"{key}" is not a text of an entry: write {", ".join(FIELDS)}'))
            missing = [k for k in required if not str(block.get(k) or "").strip()]
            if missing:
                raise yamlfile.YamlProblem(path, body.line(language, line), (
                    f'"{name}" ({language}) says nothing under {", ".join(missing)}: '
                    "the privacy page shows it to readers"))
            texts[language] = {k: " ".join(str(block.get(k) or "").split()) for k in FIELDS}
        entries.append(Entry(name, STORAGES[storage], line, dormant, texts))
    return entries


def check(writes: list[storage_scan.Write], entries: list[Entry], path: str) -> list[str]:
    """Each write against the registry, and each entry against the writes."""
    problems = []
    used: set[int] = set()
    for write in writes:
        probe = (write.name or "").replace("*", "\x00")
        matches = [e for e in entries if e.regex.match(probe)]
        same = [e for e in matches if e.storage == write.kind]
        if same:
            used.add(id(same[0]))
        elif matches:
            entry = matches[0]
            used.add(id(entry))
            problems.append(
                f'{write.path}:{write.line}: stores "{write.name}" in {storage_scan.KINDS[write.kind]} '
                f"({write.code}), but {path}:{entry.line} lists it under "
                f"{storage_scan.KINDS[entry.storage]}: make them the same"
            )
        else:
            problems.append(
                f'{write.path}:{write.line}: stores "{write.name}" in {storage_scan.KINDS[write.kind]} '
                f"({write.code}), but {path} does not list it: add it there (what it holds, why and "
                "how long, in every language), so the privacy page names it and «Slett alt» finds it"
            )
    for entry in entries:
        if id(entry) not in used:
            problems.append(
                f'{path}:{entry.line}: no script stores "{entry.name}" in '
                f"{storage_scan.KINDS[entry.storage]}: remove the entry, so the privacy page lists "
                "only what is stored"
            )
    return problems


def registry_markdown(entries: list[Entry], language: str) -> str:
    t = TEXT.get(language, TEXT["en"])
    parts = []
    for entry in (e for e in entries if not e.dormant):
        text = entry.texts[language]
        parts.append(
            f"### {text['what']}\n\n"
            f"- **{t['name']}:** `{entry.name}`\n"
            f"- **{t['storage']}:** {storage_scan.KINDS[entry.storage]}\n"
            f"- **{t['holds']}:** {_escape(text['holds'])}\n"
            f"- **{t['why']}:** {_escape(text['why'])}\n"
            f"- **{t['kept']}:** {_escape(text['kept'])}\n"
        )
    dormant = [e for e in entries if e.dormant]
    if dormant:
        parts.append(t["dormant"] + "\n\n" + "".join(
            f"- `{e.name}` ({storage_scan.KINDS[e.storage]}): {_escape(e.texts[language]['why'])}\n"
            for e in dormant
        ))
    return "\n".join(parts)


def registry_json(entries: list[Entry], language: str) -> str:
    data = [
        {"name": e.name, "pattern": e.js_pattern(), "storage": e.storage,
         "what": e.texts[language]["what"], "dormant": e.dormant}
        for e in entries
    ]
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


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


def _escape(text: str) -> str:
    """Registry text as Markdown that shows it as written: <…> and * are not markup."""
    return text.replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_")
