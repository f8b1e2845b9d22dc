"""Items: every checklist item and question stands once, with a stable id and its sources, in every language.

An *item* is one Markdown list line with a marker and an id at its end (see CONTRIBUTING.md):

    - [ ] Vi har laget en stillingsbeskrivelse. {#rek-sjekk-stillingsbeskrivelse}
    1. [?] Hvorfor søker du på denne stillingen? {#int1-hvorfor-soke sources="000 §10.1"}

`[ ]` is a checklist item (a box to tick), `[?]` a question. Where an item comes from is written
for the page (`sources:` in front matter), for a section (`<!-- sources: 001 §7 -->`) or for the
item (`sources="…"`), as references into the source registry or `proposal`. This hook guarantees:

- each item's text is wrapped in `<span class="item-text" id="ID" data-kind="…">`, followed by a
  permalink and its visible source tags (or the proposal badge); its `<li>` gets
  `class="item item--KIND"` and `data-item="ID"`, its checkbox is labelled by the text; links to
  `page.md#ID` are validated like links to headings;
- every language build writes `items.json` at its root: a list of `{id, kind, text, url, section,
  sources, proposal}`, `text` as a reader sees it, `url` relative to the language root, and
  `"sensitive": true` on the questions listed under `extra.items.sensitive` (items_sensitive);
- Markdown decides what is an item: a marker line inside a ``` fence is an example; one that
  Markdown renders as code, raw HTML or joined to other text, or one in a table cell, a
  definition or a footnote, is refused;
- an item's id is the only element with that id on its final page (headings, hooks/anchors.py's
  old anchors, anything the theme or a hook adds), and never one of reserved_ids.py; a new id
  starts with its page's `id-prefix:`;
- a message leads to the right fix: a new id that looks like a published or twin id (1-2 edits)
  is a typo ("change it back"), never "add a twin" or "retire the right id"; a twin line that
  was refused is not also "missing"; `extra.items.distinct` is read strictly (malformed or stale
  pairs named with their mkdocs.yml line);
- the build stops with a `PluginError`, one `docs/…md:LINE: message` per occurrence, on any
  broken rule (items_markdown, items_html, items_rules, items_ledger), reported as soon as every
  language has been built and before anything else can abort the build;
- no published id is lost (items_ledger): the build stops when the ledger is broken or a
  published id is gone, and a retired id's ticks, `page/#id` links and builder links lead to its
  successor (`replaces` in items.json, `#ekh-retired` data on every page, an anchor on the page
  it stood on); the build never writes the ledger (`make publish` does, after a build that
  succeeded: tools/publish.py);
- a published item reworded without a new change note stops the build, and `items.json` dates
  each item (`added`: first published, `changed`: newest major change note), both from
  hooks/changes.py and the ledger, null when there is none;
- `--dirty` builds are refused: they rebuild only changed pages, so the rules could not see all.
"""

from __future__ import annotations

import html as htmllib
import json
import os
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

import configfile
import changes
import handbook_i18n
import items_html
import items_ledger
import items_markdown
import items_rules
import items_sensitive
import items_sources
import page_ledger
import pages
import safe_html
from items_ledger import Ledger
from items_rules import Item
from items_sources import Provenance

PERMALINK_TITLE = {"nb": "Lenke til dette punktet", "en": "Link to this item"}
DISTINCT = "extra.items.distinct in mkdocs.yml"
log = get_plugin_logger(__name__)


@dataclass
class Language:
    site_dir: str = ""
    items: list[Item] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    scans: dict[str, items_markdown.Scan] = field(default_factory=dict)  # by source path
    broken: set[str] = field(default_factory=set)  # ids written on lines that were refused
    prefixes: dict[str, tuple[str, int]] = field(default_factory=dict)  # src -> (id-prefix, line)
    by_src: dict[str, list[Item]] = field(default_factory=dict)  # the items of each page
    tags: str | None = None  # the data every page of the language carries (on_post_page)


@dataclass
class State:
    languages: dict[str, Language] = field(default_factory=dict)
    registry: dict[str, dict] = field(default_factory=dict)
    ledger: Ledger | None = None
    replaced_by: dict[str, list[str]] = field(default_factory=dict)  # live id -> retired ids
    retired_on: dict[str, list] = field(default_factory=dict)  # page address -> retired entries
    retired: set[str] = field(default_factory=set)  # every retired id
    notes: changes.Notes | None = None  # the change notes (extra.changes)
    known_pages: set[str] = field(default_factory=set)  # page files a change note may name
    checked: bool = False


# Collected during one outer build (all languages); reset in on_pre_build.
_state = State()

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    if dirty:
        raise PluginError(
            "--dirty rebuilds only the pages you changed, so the item rules cannot see the whole "
            "handbook: run `make serve` (it rebuilds the language you edit in about a second) and `make check`"
        )


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _state
    if not handbook_i18n.building(config):
        ledger = items_ledger.load(config)
        _state = State(
            registry=items_sources.load_registry(config),
            ledger=ledger,
            replaced_by=items_ledger.replaced_by(ledger),
            retired_on=items_ledger.retired_by_page(ledger),
            retired={e.id for e in ledger.entries.values() if e.retired} if ledger else set(),
            notes=changes.load(config, handbook_i18n.all_languages(config)),
            known_pages=_known_pages(config),
        )
    _state.languages[handbook_i18n.language(config)] = Language(
        site_dir=os.path.join(config.site_dir, handbook_i18n.prefix(config))
    )


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = _state.languages.setdefault(handbook_i18n.language(config), Language())
    src = _source_path(page, config)
    if isinstance(page.meta.get("id-prefix"), str):  # its form: hooks/frontmatter.py
        language.prefixes[src] = (page.meta["id-prefix"], _front_matter_line(page, "id-prefix"))
    page_provenance = Provenance()
    if "sources" in page.meta:
        page_provenance, problems = items_sources.parse(page.meta["sources"], _state.registry)
        line = _front_matter_line(page, "sources")
        language.errors += [f"{src}:{line}: {p}" for p in problems]
    result = items_markdown.scan(
        markdown,
        src=src,
        offset=_front_matter_lines(page),
        page_provenance=page_provenance,
        registry=_state.registry,
        snippet_paths=_snippet_paths(config),
    )
    language.errors += result.errors
    language.broken |= result.broken
    language.scans[src] = result
    markdown = items_sources.title_proposals(result.markdown, handbook_i18n.language(config))
    if items_sources.REGISTRY_MARK_RE.search(markdown):
        listing = items_sources.registry_markdown(_state.registry, handbook_i18n.language(config))
        markdown = items_sources.REGISTRY_MARK_RE.sub(lambda m: listing, markdown)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    code = handbook_i18n.language(config)
    language = _state.languages.setdefault(code, Language())
    src = _source_path(page, config)
    result = language.scans.pop(src, None)
    if result is None or not result.candidates:
        if result is None or not (result.errors or result.snippet_items):
            _unmarked(html, language, src, page)
        return html + _retired_anchors(page, config)
    registry_url = _registry_url(page, config)
    meta = {
        c.index: items_sources.tags_html(c.provenance, _state.registry, code, registry_url)
        for c in result.candidates
    }
    html, rendered, errors = items_html.rewrite(
        html,
        result.candidates,
        src=src,
        permalink_title=PERMALINK_TITLE.get(code, PERMALINK_TITLE["en"]),
        meta=meta,
    )
    language.errors += errors
    language.broken |= {c.id for c in result.candidates} - {r.candidate.id for r in rendered}
    url = page.url.removeprefix(handbook_i18n.prefix(config))
    for r in rendered:
        c = r.candidate
        item = Item(c.id, c.kind, r.text, f"{url}#{c.id}", c.section, c.provenance, src, c.line)
        language.items.append(item)
        language.by_src.setdefault(src, []).append(item)
    if not (result.errors or result.snippet_items):  # those lines are reported already
        _unmarked(html, language, src, page)
    html += _retired_anchors(page, config)
    if page.present_anchor_ids is not None:  # links to items are checked like links to headings
        page.present_anchor_ids.update(r.candidate.id for r in rendered)
    return html


@event_priority(-100)  # after the other hooks have added what they add to the page
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Every page knows which retired ids lead where (ticks.js carries their ticks over) and what
    each source key is called (the interview-sheet builder shows sources as the pages do); each
    item's id is checked against the final page."""
    if "</body>" not in output:
        return output
    code = handbook_i18n.language(config)
    language = _state.languages.setdefault(code, Language())
    if language.tags is None:  # the same on every page of the language: made once
        language.tags = _page_data(code)
    output = output.replace("</body>", language.tags + "</body>", 1)
    items = language.by_src.get(_source_path(page, config))
    if items:
        language.errors += items_html.taken_ids(output, items, _state.retired, items_html.old_anchors(page.toc))
    return output


def _page_data(code: str) -> str:
    """The retired ids and where they lead, and the source keys' labels in this language."""
    tags = ""
    if _state.replaced_by:
        data = {old: new for new, olds in _state.replaced_by.items() for old in olds}
        tags += f'<script type="application/json" id="ekh-retired">{_json(data)}</script>'
    if _state.registry:
        labels = {k: items_sources.localized(e, "label", code) for k, e in _state.registry.items()}
        tags += f'<script type="application/json" id="ekh-sources">{_json(labels)}</script>'
    return tags


def _json(data: dict) -> str:
    """JSON safe inside <script>: no "<" at all, so nothing in it can end or change the element."""
    return safe_html.script_json(data)


@event_priority(-200)  # after mkdocs-static-i18n, in the last language's build and the outer one
def on_post_build(*, config: MkDocsConfig) -> None:
    """Once every language is built: write each items.json, then stop on any broken rule.

    mkdocs-static-i18n builds the other languages inside the default language's on_post_build,
    and a strict warning there would abort before the outer build gets here: so the rules run
    in whichever build completes the set of languages, which is the first to see them all.
    """
    if _state.checked or set(handbook_i18n.build_languages(config)) - set(_state.languages):
        return
    _state.checked = True
    kinds = {i.id: i.kind for i in next(iter(_state.languages.values())).items}
    sensitive, sensitive_errors = items_sensitive.read(config.extra, kinds, config.config_file_path)
    changed_on = changes.changed(_state.notes)
    for language in _state.languages.values():
        records = [
            {"id": i.id, "kind": i.kind, "text": i.text, "url": i.url, "section": i.section,
             "sources": list(i.provenance.sources), "proposal": i.provenance.proposal,
             **({"replaces": _state.replaced_by[i.id]} if i.id in _state.replaced_by else {}),
             **({"sensitive": True} if i.id in sensitive else {}),
             **changes.item_dates(i.id, _state.ledger, changed_on)}
            for i in language.items
        ]
        os.makedirs(language.site_dir, exist_ok=True)
        with open(os.path.join(language.site_dir, "items.json"), "w", encoding="utf-8") as f:
            json.dump(records, f, ensure_ascii=False, separators=(",", ":"))
    pairs, errors = _distinct(config)
    errors = check(_state.languages, _state.ledger, {pair for _, pair in pairs}, _state.notes, _state.known_pages) + errors + sensitive_errors
    errors += items_rules.stale_pairs(pairs, {i.id for lang in _state.languages.values() for i in lang.items},
                                      _yml(config))
    if errors:
        raise PluginError(
            f"{len(errors)} item problem(s) - fix them and build again:\n" + "\n".join(errors)
        )
    if _state.ledger is not None:
        default = next(iter(_state.languages.values()))
        if waiting := items_ledger.unpublished(_state.ledger, (i.id for i in default.items)):
            log.info(
                f"{len(waiting)} item id(s) not yet in {_state.ledger.path}: `make publish` records "
                f"them ({', '.join(waiting[:5])}{' …' if len(waiting) > 5 else ''})"
            )


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def check(languages: dict[str, Language], ledger: Ledger | None = None,
          distinct: set[frozenset[str]] | None = None, notes: changes.Notes | None = None,
          known_pages: set[str] = frozenset()) -> list[str]:
    """Every rule over the items of all languages; one message per occurrence, in file order."""
    errors: list[str] = []
    published = set(ledger.entries) if ledger is not None else set()
    live_published = {e.id for e in ledger.entries.values() if not e.retired} if ledger is not None else set()
    by_language = {code: lang.items for code, lang in languages.items()}
    lookalike_errors, explained = items_rules.lookalikes(by_language, live_published)
    for language in languages.values():
        errors += language.errors
        errors += items_rules.same_id(language.items)
        errors += items_rules.same_text(language.items)
        errors += items_rules.near_duplicates(language.items, distinct or set(), DISTINCT)
        errors += items_rules.no_provenance(language.items)
        errors += items_rules.prefixes(language.items, language.prefixes, published)
    errors += lookalike_errors
    errors += items_rules.twins(by_language, {code: lang.broken for code, lang in languages.items()}, explained)
    errors += items_rules.prefix_twins({code: lang.prefixes for code, lang in languages.items()})
    if ledger is not None:
        by_id: dict[str, list[Item]] = {}
        for language in languages.values():
            for item in language.items:
                by_id.setdefault(item.id, []).append(item)
        # A published id whose lines were refused, or that a look-alike id explains, is not "gone".
        said = explained | {i for lang in languages.values() for i in lang.broken}
        quiet = {f"{ledger.path}:{e.line}:" for e in ledger.entries.values()
                 if (e.id if not e.retired else items_ledger.successor(ledger, e.id)) in said}
        errors += [e for e in items_ledger.check(ledger, by_id) if e.split(" ", 1)[0] not in quiet]
        errors += changes.reworded(notes, ledger, {code: lang.items for code, lang in languages.items()})
    if notes is not None:
        live = {item.id for language in languages.values() for item in language.items}
        errors += changes.check(notes, live, ledger, set(known_pages))
    return sorted(set(errors), key=items_rules.location_key)


def _distinct(config: MkDocsConfig) -> tuple[list[tuple[int, frozenset[str]]], list[str]]:
    """The pairs of `extra.items.distinct` with their lines in mkdocs.yml, and what is malformed."""
    value = (config.extra.get("items") or {}).get("distinct")
    lines = configfile.read(config.config_file_path)

    def line_of(n: int) -> int:  # 1 when mkdocs.yml cannot be read strictly (tools/check_config.py says why)
        found = lines.line("extra", "items", "distinct", *([n] if n >= 0 else [])) if lines else 0
        return found or 1

    return items_rules.distinct_pairs(value, line_of, _yml(config))


def _yml(config: MkDocsConfig) -> str:
    return os.path.basename(config.config_file_path or "mkdocs.yml")


def _known_pages(config: MkDocsConfig) -> set[str]:
    """Page files a change note may name: pages now, published ones, old addresses (redirects)."""
    known = set(pages.live_files(config))
    path = pages.ledger_path(config)
    if path:
        known |= set(page_ledger.load_file(os.path.join(os.path.dirname(config.config_file_path), path), path).entries)
    redirects = config.extra.get("redirects") or {}
    return known | ({str(old) for old in redirects} if isinstance(redirects, dict) else set())


def _retired_anchors(page: Page, config: MkDocsConfig) -> str:
    """A link to page/#retired-id still lands on its successor (docs/assets/retired.js follows it)."""
    if _state.ledger is None:
        return ""
    url = page.url.removeprefix(handbook_i18n.prefix(config))
    anchors = []
    for entry in _state.retired_on.get(url, ()):
        final = items_ledger.successor(_state.ledger, entry.id)
        target = _state.ledger.entries.get(final) if final else None
        if target is None:
            continue
        href = safe_html.relative_href(
            get_relative_url(handbook_i18n.prefix(config) + target.page, page.url) + f"#{final}"
        )
        anchors.append(
            f'<a class="item-retired" id="{htmllib.escape(entry.id, quote=True)}" '
            f'href="{htmllib.escape(href, quote=True)}" hidden></a>'
        )
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.add(entry.id)
    return "".join(anchors)


def _unmarked(html: str, language: Language, src: str, page: Page) -> None:
    """A box to tick that is not an item (from a snippet, raw HTML …) would keep no tick."""
    for text in items_html.unmarked_checkboxes(html):
        lines = page.file.content_string.split("\n")
        line = next((n for n, l in enumerate(lines, 1) if text and text[:30] in l), 1)
        language.errors.append(
            f'{src}:{line}: a box to tick without an item id ("{text[:40]}"): write it on the page '
            'as "- [ ] text {#id}"'
        )


def _registry_url(page: Page, config: MkDocsConfig) -> str | None:
    target = (config.extra.get("sources") or {}).get("page")
    if not target:
        return None
    path = target.removesuffix(".md")
    path = path.removesuffix("index") if path.endswith("index") else path + "/"
    return get_relative_url(handbook_i18n.prefix(config) + path, page.url)


def _snippet_paths(config: MkDocsConfig) -> list[str]:
    root = os.path.dirname(config.config_file_path)
    paths = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
    return [os.path.join(root, p) for p in ([paths] if isinstance(paths, str) else paths)]


def _source_path(page: Page, config: MkDocsConfig) -> str:
    root = os.path.dirname(config.config_file_path)
    return os.path.relpath(page.file.abs_src_path, root).replace(os.sep, "/")


def _front_matter_lines(page: Page) -> int:
    """Lines before the Markdown that on_page_markdown receives (front matter, blank lines)."""
    source = page.file.content_string
    if source.startswith("#"):  # a title first: no front matter
        return 0
    rest, _ = get_data(source)
    return source[: len(source) - len(rest)].count("\n") if source.endswith(rest) else 0


def _front_matter_line(page: Page, key: str) -> int:
    for number, line in enumerate(page.file.content_string.split("\n")[:50], start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1
