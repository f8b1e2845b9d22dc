"""History and review dates on every page, «Hva er nytt» and its Atom feed.

The rules and texts live in sibling modules (changes.py: the notes and the history; changes_html.py:
what readers see; feed.py: the Atom feed; reviews.py: review dates). This hook guarantees that

- every page's template context has `page_history` (`html`: the «Endringer» / "Changes" section
  under the page, shown by overrides/partials/source-file.html; `last_major`, `last_major_text`:
  the newest major change, in the print margin) and `page_review` (`html`: «Sist gjennomgått» /
  "Last reviewed" and «Neste gjennomgang» / "Next review due" for the page-info line);
- an item changed by a major note carries a hidden «Endret DATE» mark after its text, which
  docs/assets/changes.js shows within 90 days of that date by the reader's clock;
- the page whose Markdown holds a line `<!-- changes -->` (/endringer/) lists every change readers
  are told of, by month; beside it `atom.xml` is written for its language, and every page's head
  links that feed (`<link rel="alternate feed" type="application/atom+xml">`);
- nothing it writes depends on the day of the build, and it never writes a tracked file;
- a note naming a section (`page.md#anchor`) the page does not have, a `reviewed:` that is no
  date, a bad `review_interval:` or `extra.review`, or twins with different reviews stop the build
  with a `PluginError`, one `file:LINE: message` each, once every language is built. The notes'
  other problems are the item hook's to report (hooks/items.py), with the item rules.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import changes
import changes_html
import feed
import handbook_i18n
import items_ledger
import page_ledger
import reviews

MARKER = "<!-- changes -->"
FEED = "atom.xml"
ITEM_RE = re.compile(
    r'<span class="item-text" id="(?P<id>[^"]+)" data-kind="[^"]*">(?P<text>.*?)</span> '
    r'<a class="item-permalink" href="#(?P=id)"', re.S)
ID_RE = re.compile(r'\sid="([^"]+)"')


@dataclass
class Language:
    items: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (text, page address)
    titles: dict[str, str] = field(default_factory=dict)  # page address -> title
    sections: dict[str, dict[str, str]] = field(default_factory=dict)  # address -> anchor -> heading
    ids: dict[str, set[str]] = field(default_factory=dict)  # address -> every id on the page
    reviews: dict[str, tuple] = field(default_factory=dict)  # page file -> (Review, src, line)
    changes_page: str | None = None  # the address of the page with the marker
    site_dir: str = ""  # where this language's root is written
    prefix: str = ""  # its path below the site root ("" or "en/")
    site_name: str = ""
    site_url: str = ""  # absolute, with a slash at the end: the site root (not the language's)
    owner: str = ""  # the default owner's name in this language (the feed's author)
    history: list | None = None  # changes.Event, newest first (once every page is rendered)


@dataclass
class State:
    notes: changes.Notes | None = None
    ledger: items_ledger.Ledger | None = None
    changed: dict[str, str] = field(default_factory=dict)  # id -> newest major note
    redirects: dict[str, str] = field(default_factory=dict)
    pages_added: dict[str, str] = field(default_factory=dict)  # page file -> first published
    review: reviews.Settings = field(default_factory=reviews.Settings)
    problems: list[str] = field(default_factory=list)
    languages: dict[str, Language] = field(default_factory=dict)
    checked: bool = False


_state = State()

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _state
    if not handbook_i18n.building(config):
        root = os.path.dirname(config.config_file_path)
        notes = changes.load(config, handbook_i18n.all_languages(config))
        redirects = config.extra.get("redirects") or {}
        with open(config.config_file_path, encoding="utf-8-sig") as f:
            settings, problems = reviews.settings(config.extra, f.read(), os.path.basename(config.config_file_path))
        pages_path = ((config.extra.get("pages") or {}).get("ledger")) or None
        added = page_ledger.load_file(os.path.join(root, pages_path), pages_path).entries if pages_path else {}
        _state = State(
            notes=notes, ledger=items_ledger.load(config), changed=changes.changed(notes),
            redirects={str(k): str(v) for k, v in redirects.items()} if isinstance(redirects, dict) else {},
            pages_added={path: day for path, (day, _line) in added.items() if day},
            review=settings, problems=problems,
        )
    code = handbook_i18n.language(config)
    owner = (config.extra.get("owners") or {}).get(config.extra.get("owner")) or {}
    _state.languages[code] = Language(
        site_dir=config.site_dir, prefix=handbook_i18n.prefix(config), site_name=config.site_name,
        site_url=_site_url(config), owner=str(owner.get(code) or owner.get("name") or config.site_name),
    )


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = _language(config)
    if MARKER in markdown:
        language.changes_page = _address(page, config)
    src = _source_path(page, config)
    review, problems = reviews.of_page(page.meta, _state.review.interval, src,
                                       reviews.front_matter_lines(page.file.content_string))
    _state.problems += problems
    lines = reviews.front_matter_lines(page.file.content_string)
    language.reviews[page.file.src_uri.partition("/")[2] if _i18n(config) else page.file.src_uri] = (
        review, src, lines.get("reviewed", 0))
    return markdown


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """After the item hook: read each item's text, the page's title and headings; mark items
    changed by a major note."""
    language = _language(config)
    code = handbook_i18n.language(config)
    address = _address(page, config)
    language.titles[address] = _plain(page.title or "")
    language.sections[address] = {a: t for a, t in _headings(page.toc)}
    language.ids[address] = set(ID_RE.findall(html_text))
    for m in ITEM_RE.finditer(html_text):
        language.items[m["id"]] = (_plain(m["text"]), address)

    def mark(m: re.Match[str]) -> str:
        date = _state.changed.get(m["id"])
        return (changes_html.changed_mark(date, code) + m.group(0)) if date else m.group(0)

    if _state.changed:
        html_text = re.sub(r'<a class="item-permalink" href="#(?P<id>[^"]+)"', mark, html_text)
    return html_text


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    language = _language(config)
    code = handbook_i18n.language(config)
    if language.history is None:
        item_pages = {i: where for i, (_text, where) in language.items.items()}
        language.history = changes.events(_state.notes, _state.ledger, item_pages, _state.redirects,
                                          _state.pages_added)
        default = _state.languages.get(_default_language(config))
        if default is not None and default is not language:
            for event in language.history:
                event.sections = [(where, _twin_anchor(where, anchor, default, language))
                                  for where, anchor in event.sections]
    address = _address(page, config)
    site = _site(code, language, lambda where, anchor: _relative(config, page, where, anchor))
    all_changes = (_relative(config, page, language.changes_page, "")
                   if language.changes_page is not None and language.changes_page != address else None)
    last = changes.last_major(language.history, address)
    context["page_history"] = {
        "html": changes_html.page_history(language.history, site, address, all_changes),
        "last_major": last,
        "last_major_text": (changes_html.text(code)["major_print"].format(date=changes_html.day(last, code))
                            if last else ""),
    }
    key = page.file.src_uri.partition("/")[2] if _i18n(config) else page.file.src_uri
    review = language.reviews.get(key, (None,))[0]
    context["page_review"] = {"html": reviews.html(review, code, changes_html.day)} if review else None
    if address == language.changes_page and page.content and MARKER in page.content:
        page.content = page.content.replace(
            MARKER, changes_html.listing(language.history, site, FEED), 1)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Every page's head names the feed of its language."""
    language = _language(config)
    if language.changes_page is None or "</head>" not in output:
        return output
    href = _relative(config, page, language.changes_page, "") + FEED
    title = f"{config.site_name} – {changes_html.text(handbook_i18n.language(config))['feed_title']}"
    # "alternate feed", not "alternate" alone: Material fetches sitemap.xml beside every
    # link[rel=alternate] (here endringer/sitemap.xml, a failing request); feed readers look for
    # the alternate token and the Atom type, which this keeps.
    link = (f'<link rel="alternate feed" type="application/atom+xml" title="{html.escape(title, quote=True)}" '
            f'href="{html.escape(href, quote=True)}">')
    return output.replace("</head>", link + "</head>", 1)


@event_priority(-200)  # after mkdocs-static-i18n, in the last language's build and the outer one
def on_post_build(*, config: MkDocsConfig) -> None:
    """Once every language is built: write each language's feed, then stop on any problem."""
    if _state.checked or set(handbook_i18n.build_languages(config)) - set(_state.languages):
        return
    _state.checked = True
    for code, language in _state.languages.items():
        if language.changes_page is not None and language.history is not None:
            _write_feed(code, language, config.extra.get("timezone") or "UTC")
    default = _default_language(config)
    problems = list(_state.problems) + _anchor_problems(_state.languages.get(default))
    problems += reviews.twins({c: l.reviews for c, l in _state.languages.items()}, default)
    if problems:
        raise PluginError(f"{len(problems)} problem(s) with change notes or review dates - fix them "
                          "and build again:\n" + "\n".join(sorted(set(problems))))


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _write_feed(code: str, language: Language, zone: str) -> None:
    root = language.site_url + language.prefix
    site = _site(code, language, lambda where, anchor: root + where + (f"#{anchor}" if anchor else ""))
    entries = [
        feed.FeedEntry(e.feed_key, e.date, e.title, site.href(*e.link), e.body)
        for e in changes_html.entries(language.history, site)
    ]
    folder = os.path.join(language.site_dir, language.prefix, language.changes_page)
    os.makedirs(folder, exist_ok=True)
    text = feed.atom(
        entries, language=code,
        title=f"{language.site_name} – {changes_html.text(code)['feed_title']}",
        feed_url=root + language.changes_page + FEED, page_url=root + language.changes_page,
        author=language.owner, zone=zone,
    )
    with open(os.path.join(folder, FEED), "w", encoding="utf-8") as f:
        f.write(text)


def _anchor_problems(language: Language | None) -> list[str]:
    """A note's page.md#anchor must name an element of that page (a heading, an item)."""
    if language is None or _state.notes is None:
        return []
    problems = []
    for note in _state.notes.notes:
        for written in note.pages:
            path, _, anchor = written.partition("#")
            target = _state.redirects.get(path, path).partition("#")[0]
            ids = language.ids.get(page_ledger.address(target))
            if anchor and ids is not None and anchor not in ids:
                problems.append(
                    f'{_state.notes.path}:{note.lines.get("pages", note.line)}: "{written}": the page has '
                    f"no section #{anchor}: write the anchor of a heading (its ¶ link shows it), or "
                    "leave out the # part"
                )
    return problems


def _twin_anchor(where: str, anchor: str, default: Language, language: Language) -> str:
    """A note names a section by its anchor in the default language; a twin's headings have
    their own anchors, in the same order: the same anchor if the twin has it, else the heading at
    the same place, else none (the note then points at the page)."""
    if not anchor or anchor in language.ids.get(where, ()):
        return anchor
    mine, theirs = list(default.sections.get(where, {})), list(language.sections.get(where, {}))
    if anchor in mine and len(mine) == len(theirs):
        return theirs[mine.index(anchor)]
    return ""


def _default_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.default_language if i18n is not None else handbook_i18n.language(config)


def _site(code: str, language: Language, href) -> changes_html.Site:
    return changes_html.Site(
        code, language.items, language.titles, language.sections, href,
        {page_ledger.address(p): d for p, d in _state.pages_added.items()},
    )


def _relative(config: MkDocsConfig, page: Page, where: str, anchor: str) -> str:
    href = get_relative_url(handbook_i18n.prefix(config) + where, page.url)
    if href in (".", ".."):  # a folder: with its slash, as every other address
        href += "/"
    return href + (f"#{anchor}" if anchor else "")


def _site_url(config: MkDocsConfig) -> str:
    url = config.site_url or ""
    prefix = handbook_i18n.prefix(config)
    if prefix and url.rstrip("/").endswith("/" + prefix.strip("/")):
        url = url.rstrip("/")[: -len(prefix.strip("/"))]
    return url if url.endswith("/") else url + "/"


def _language(config: MkDocsConfig) -> Language:
    return _state.languages.setdefault(handbook_i18n.language(config), Language())


def _address(page: Page, config: MkDocsConfig) -> str:
    return page.url.removeprefix(handbook_i18n.prefix(config))


def _i18n(config: MkDocsConfig) -> bool:
    return config.plugins.get("i18n") is not None


def _headings(toc) -> list[tuple[str, str]]:
    result = []
    for entry in toc or ():
        result.append((entry.id, _plain(entry.title)))
        result += _headings(entry.children)
    return result


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _source_path(page: Page, config: MkDocsConfig) -> str:
    root = os.path.dirname(config.config_file_path)
    return os.path.relpath(page.file.abs_src_path, root).replace(os.sep, "/")
