"""`make check`: the handbook's rules in about a second, without building the site.

    python tools/check.py

For editors, between saving and building: it runs the rules the build runs on what editors write
by hand — mkdocs.yml's shape, every page's front matter, every checklist item and question
(ids, twins, sources and their places, the same or nearly the same text, id prefixes), the
ledger of published ids and page addresses, change notes (a published item reworded without a
note), and the redirects — and prints the build's own
messages (`docs/nb/x.md:LINE: …`), using the same plain functions the hooks call. It does not
render the pages: what only the rendered page shows (a broken link or anchor, an item that
Markdown would not render as one: inside HTML, code or joined to the next line) is checked by
`make build`. Exit status 1 when anything is wrong.
"""

from __future__ import annotations

import os
import sys
import time
from types import SimpleNamespace

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import changes  # noqa: E402
import configfile  # noqa: E402
import frontmatter  # noqa: E402
import items_ledger  # noqa: E402
import items_markdown  # noqa: E402
import items_rules  # noqa: E402
import items_sources  # noqa: E402
import page_ledger  # noqa: E402
import yamlfile  # noqa: E402
from items_html import reader_text  # noqa: E402


class Site(SimpleNamespace):
    """What the plain rules read of a MkDocs configuration, from mkdocs.yml read strictly."""

    @classmethod
    def load(cls, config_file: str) -> "Site":
        config = configfile.load(config_file)
        data = config.data or {}
        root = os.path.dirname(os.path.abspath(config_file))
        i18n = next((p["i18n"] for p in data.get("plugins") or [] if isinstance(p, dict) and "i18n" in p), None)
        languages = [(lang["locale"], bool(lang.get("default"))) for lang in (i18n or {}).get("languages", [])
                     if lang.get("build", True)]
        default = next((code for code, is_default in languages if is_default), None)
        return cls(
            config_file_path=os.path.abspath(config_file), lines=config, root=root,
            docs_dir=os.path.join(root, data.get("docs_dir") or "docs"),
            extra=data.get("extra") or {}, markdown_extensions=data.get("markdown_extensions") or [],
            languages=[code for code, _ in languages] or [(data.get("theme") or {}).get("language", "en")],
            default=default, i18n=i18n is not None,
        )

    def folder(self, language: str) -> str:
        return os.path.join(self.docs_dir, language) if self.i18n else self.docs_dir


def main() -> int:
    start = time.perf_counter()
    config_file = os.path.join(ROOT, "mkdocs.yml") if len(sys.argv) < 2 else sys.argv[1]
    try:
        site = Site.load(config_file)
    except yamlfile.YamlProblem as problem:
        print(problem)
        return 1
    errors = check(site)
    for message in errors:
        print(message)
    took = time.perf_counter() - start
    if errors:
        print(f"make check: {len(errors)} problem(s) in {took:.1f} s - fix them and check again", file=sys.stderr)
        return 1
    print(f"make check: no problems in {took:.1f} s (links, anchors and how pages render: make build)",
          file=sys.stderr)
    return 0


def check(site: Site) -> list[str]:
    """Every message of the rules that need no rendering, in file order."""
    import items  # the hook's check(): the same rules, in the same order, as the build

    errors: list[str] = []
    for code in site.languages:  # the build reads every front matter first, and stops there
        for path in frontmatter.page_files(site.folder(code)):
            with open(path, encoding="utf-8-sig") as f:
                src = os.path.relpath(path, site.root).replace(os.sep, "/")
                errors += frontmatter.check_page(f.read(), src, extra=site.extra)
    if errors:
        return sorted(errors, key=items_rules.location_key)
    try:
        registry = items_sources.load_registry(site)
    except Exception as error:  # PluginError: the registry cannot be used at all
        return [str(error)]
    ledger = items_ledger.load(site)
    render = _inline_renderer(site)
    languages: dict[str, items.Language] = {}
    for code in site.languages:
        language = languages[code] = items.Language()
        folder = site.folder(code)
        for path in frontmatter.page_files(folder):
            src = os.path.relpath(path, site.root).replace(os.sep, "/")
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
            meta, _ = frontmatter.read(text, src)
            body, offset = _body(text)
            if isinstance(meta.get("id-prefix"), str):
                language.prefixes[src] = (meta["id-prefix"], meta.lines.get("id-prefix", 0) + 1)
            provenance = items_sources.Provenance()
            if "sources" in meta:
                provenance, found = items_sources.parse(meta["sources"], registry)
                language.errors += [f"{src}:{meta.lines.get('sources', 0) + 1}: {p}" for p in found]
            scan = items_markdown.scan(body, src=src, offset=offset, page_provenance=provenance,
                                       registry=registry, snippet_paths=[os.path.join(site.root, "includes")])
            language.errors += scan.errors
            language.broken |= scan.broken
            lines = text.split("\n")
            url = page_ledger.address(os.path.relpath(path, folder).replace(os.sep, "/"))
            for c in scan.candidates:
                m = items_markdown.ITEM_RE.match(lines[c.line - 1])
                shown = reader_text(render(m["text"].strip())) if m else ""
                language.items.append(items_rules.Item(c.id, c.kind, shown, f"{url}#{c.id}", c.section,
                                                       c.provenance, src, c.line))
    pairs, distinct_errors = items_rules.distinct_pairs(
        (site.extra.get("items") or {}).get("distinct"),
        lambda n: site.lines.line("extra", "items", "distinct", *([n] if n >= 0 else [])) or 1,
        os.path.basename(site.config_file_path),
    )
    notes = changes.load(site, site.languages)
    errors += items.check(languages, ledger, {pair for _, pair in pairs}, notes, _known_pages(site)) + distinct_errors
    errors += items_rules.stale_pairs(pairs, {i.id for lang in languages.values() for i in lang.items},
                                      os.path.basename(site.config_file_path))
    errors += _pages_and_redirects(site)
    return sorted(set(errors), key=items_rules.location_key)


def _known_pages(site: Site) -> set[str]:
    """Page files a change note may name: pages now, published ones, old addresses (redirects)."""
    if not site.default:
        return set()
    folder = site.folder(site.default)
    known = {os.path.relpath(p, folder).replace(os.sep, "/") for p in frontmatter.page_files(folder)}
    path = (site.extra.get("pages") or {}).get("ledger")
    if path:
        known |= set(page_ledger.load_file(os.path.join(site.root, path), path).entries)
    redirects = site.extra.get("redirects") or {}
    return known | ({str(old) for old in redirects} if isinstance(redirects, dict) else set())


def _pages_and_redirects(site: Site) -> list[str]:
    import redirects

    errors = []
    redirect_map = site.extra.get("redirects") or {}
    path = (site.extra.get("pages") or {}).get("ledger")
    if path and site.default:
        folder = site.folder(site.default)
        ledger = page_ledger.load_file(os.path.join(site.root, path), path)
        errors += page_ledger.check(
            ledger, [os.path.relpath(p, folder).replace(os.sep, "/") for p in frontmatter.page_files(folder)],
            [str(old) for old in redirect_map] if isinstance(redirect_map, dict) else [],
            config_file=os.path.basename(site.config_file_path),
            redirects_line=site.lines.line("extra", "redirects"),
            docs=os.path.relpath(folder, site.root).replace(os.sep, "/"),
        )
    if isinstance(redirect_map, dict) and redirect_map:
        shim = _MkDocsShim(site)
        entries = redirects._entries(shim)
        for line, old, new in entries:
            errors += redirects._check(line, old, new, shim, entries)
    return errors


class _MkDocsShim(SimpleNamespace):
    """The few attributes of a MkDocs config that hooks/redirects.py reads."""

    def __init__(self, site: Site):
        i18n = SimpleNamespace(default_language=site.default, build_languages=site.languages) if site.i18n else None
        super().__init__(config_file_path=site.config_file_path, docs_dir=site.docs_dir, extra=site.extra,
                         plugins={"i18n": i18n} if i18n else {}, theme={"language": site.languages[0]})


def _inline_renderer(site: Site):
    """Item text as the build renders it (Markdown inline: links, emphasis, entities, abbreviations)."""
    import markdown

    names, configs = [], {}
    for entry in site.markdown_extensions:
        name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        if name in ("abbr", "attr_list", "pymdownx.tasklist") or name.startswith("pymdownx.") and name in (
                "pymdownx.caret", "pymdownx.tilde", "pymdownx.mark", "pymdownx.smartsymbols"):
            names.append(name)
            if options:
                configs[name] = options
    md = markdown.Markdown(extensions=names, extension_configs=configs)

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def _body(text: str) -> tuple[str, int]:
    """The Markdown after the front matter, and how many lines come before it."""
    lines = text.split("\n")
    if lines and frontmatter.OPEN_RE.match(lines[0].lstrip("\ufeff")):
        end = next((n for n in range(1, len(lines)) if frontmatter.CLOSE_RE.match(lines[n])), None)
        if end is not None:
            rest = lines[end + 1:]
            skipped = end + 1
            while rest and not rest[0].strip():  # MkDocs strips the blank lines after it
                rest, skipped = rest[1:], skipped + 1
            return "\n".join(rest), skipped
    return text, 0


if __name__ == "__main__":
    sys.exit(main())
