"""Booklets: the whole handbook and every section of the navigation as one printable page.

For every language build this hook writes, once that language's pages are on disk,

- `<lang root>/<folder>/` (the whole handbook) and `<lang root>/<section>/<folder>/` for every
  top-level section of the navigation (`folder` is `extra.booklets.folder` in mkdocs.yml,
  «utskrift»): a cover (title, language, build date, address), a table of contents, and every
  page of the section in navigation order, each a chapter that starts on a new sheet;
- a «Skriv ut hele seksjonen» / "Print the whole section" link on each section's front page
  (and «Skriv ut hele håndboka» / "Print the whole handbook" on the home page).

A booklet is assembled from the HTML the build has already written: each chapter is the article
of its page as rendered (item markup, boxes, ids and tick keys exactly as on the page), and the
section front page's HTML is the frame around them. No page is rendered again, so the item hook
never sees an item twice and `items.json` is not touched; booklets are written after the search
index and sitemap are collected, so they are in neither, nor in the navigation.

Inside a booklet every id is unique: an id that stands on more than one chapter (a heading such
as `kilder`, footnotes, tabs) keeps its name in the first chapter and gets the chapter's name in
front elsewhere (`rekruttering-intervju-1--kilder`), and every link to it follows. Item ids never
change. Links to a page of the booklet lead to its chapter and keep the page's own address in
`data-href` (scripts that read where a link leads, such as the new-hire path's, still find the
page); other links are rebased to the booklet's address, so the booklet works under any
sub-path. A link marked `{.web-address}` leads to the page on the web (from `site_url`), so its
address prints.

Chapters are numbered (sections of the whole handbook too: «4 Rekruttering», «4.2 …») in the
contents, on screen in the right-hand contents list, and in the running head of every printed
sheet, which names the chapter (a named page per chapter: Chromium prints no page numbers in a
table of contents, as it has no `target-counter()`). The top right margin of a chapter's sheets
carries that page's own date and owner. The left navigation marks no page as the current one.
"""

from __future__ import annotations

import functools
import html as html_lib
import os
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

import build_mode
import handbook_i18n
import safe_html

log = get_plugin_logger(__name__)

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

TEXT = {
    "nb": {
        "section_link": "Skriv ut hele seksjonen",
        "handbook_link": "Skriv ut hele håndboka",
        "booklet": "Utskrift",
        "whole": "Hele håndboka",
        "language": "Språk",
        "built": "Bygget",
        "address": "Adresse",
        "contents": "Innhold",
        "print": "Skriv ut",
        "pages": "{n} sider",
    },
    "en": {
        "section_link": "Print the whole section",
        "handbook_link": "Print the whole handbook",
        "booklet": "Print",
        "whole": "The whole handbook",
        "language": "Language",
        "built": "Built",
        "address": "Address",
        "contents": "Contents",
        "print": "Print",
        "pages": "{n} pages",
    },
}

ARTICLE_OPEN_RE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')
URL_ATTR_RE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
ID_ATTR_RE = re.compile(r'(\sid=")([^"]+)(")')
REF_ATTR_RE = re.compile(r'(\s(?:for|aria-labelledby|aria-describedby|aria-controls)=")([^"]+)(")')
TAB_NAME_RE = re.compile(r'(\sname=")(__tabbed_[^"]*)(")')
ITEM_RE = re.compile(r'\sdata-item="([^"]+)"')
SHEET_TOOLS_RE = re.compile(r'<div class="sheet-tools"[^>]*>.*?</div>\s*', re.S)
LINK_P_RE = re.compile(r'<p class="booklet-link"[^>]*>.*?</p>\s*', re.S)
H1_RE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|/)", re.I)
WEB_ADDRESS_RE = re.compile(r'<a\s[^>]*\bclass="(?:[^"]*\s)?web-address[\s"][^>]*>')
TOP_RIGHT_RE = re.compile(r"@top-right\s*\{\s*content:\s*(\"(?:[^\"\\]|\\.)*\")\s*;\s*\}")


@dataclass
class Chapter:
    url: str  # as the page's own: "rekruttering/sjekkliste/" or "en/rekruttering/sjekkliste/"
    key: str  # "chapter-rekruttering-sjekkliste" in every language: the chapter's id
    title: str = ""
    body: str = ""
    number: str = ""  # "4.2" in the whole handbook, "2" in a section booklet, "" for loose pages
    group: str = ""  # the section's title in the whole handbook
    top_right: str = ""  # the page's own top right margin (its date and owner), a CSS string
    ids: list[str] = field(default_factory=list)
    items: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)


@dataclass
class Booklet:
    url: str  # "rekruttering/utskrift/"
    frame: str  # the page whose HTML frames the booklet: "rekruttering/"
    title: str  # plain text
    groups: list[tuple[str, list[str]]]  # (section title as plain text or "", page urls) in order


# The navigation of the language being built, kept from on_nav for on_post_build.
_nav: dict[str, Navigation] = {}


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(-150)  # after mkdocs-static-i18n has made the navigation of this language
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    _nav[handbook_i18n.language(config)] = nav
    return nav


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A link to the booklet right below the title of the home page and each section's front."""
    text = TEXT.get(handbook_i18n.language(config), TEXT["en"])
    nav = _nav.get(handbook_i18n.language(config))
    if page.is_homepage or (nav is not None and nav.homepage is page):
        label, booklet = text["handbook_link"], f"{handbook_i18n.prefix(config)}{_folder(config)}/"
    elif _is_section_front(page):
        label, booklet = text["section_link"], f"{_section_root(page.url, config)}/{_folder(config)}/"
    else:
        return html
    link = (
        f'<p class="booklet-link" data-search-exclude><a class="md-button" '
        f'href="{_relative(booklet, page.url)}">'
        f"{html_lib.escape(label)}</a></p>\n"
    )
    m = re.search(r"</h1>\s*", html)
    return html[: m.end()] + link + html[m.end():] if m else link + html


@event_priority(50)  # before mkdocs-static-i18n builds the next language inside its own post_build
def on_post_build(*, config: MkDocsConfig) -> None:
    """Runs once per language (English inside the Norwegian build), after its pages are written;
    not in the editor's preview (hooks/preview.py)."""
    if build_mode.preview():
        return
    language = handbook_i18n.language(config)
    nav = _nav.get(language)
    if nav is None:
        return
    written = _booklets(nav, config)
    for booklet in written:
        _write(booklet, config, language)
    log.info(f"{len(written)} booklets for '{language}': " + ", ".join(f"/{b.url}" for b in written))


# ----------------------------------------------------------------------------
# Which booklets
# ----------------------------------------------------------------------------


def _booklets(nav: Navigation, config: MkDocsConfig) -> list[Booklet]:
    folder = _folder(config)
    text = TEXT.get(handbook_i18n.language(config), TEXT["en"])
    sections: list[Booklet] = []
    whole: list[tuple[str, list[str]]] = []
    loose: list[str] = []
    for node in nav.items:
        if isinstance(node, Page):
            loose.append(node.url)
            continue
        if not isinstance(node, Section):
            continue
        urls = [p.url for p in _pages(node)]
        if not urls:
            continue
        # A section title is HTML in the navigation (hooks/content_safety.py escapes it there).
        title = safe_html.html_text(node.title or "")
        whole.append((title, urls))
        root = _section_root(urls[0], config)
        frame = f"{root}/" if f"{root}/" in urls else urls[0]
        sections.append(Booklet(f"{root}/{folder}/", frame, title, [("", urls)]))
    home = nav.homepage.url if nav.homepage else handbook_i18n.prefix(config)
    handbook = Booklet(
        f"{handbook_i18n.prefix(config)}{folder}/", home, text["whole"], [("", loose), *whole]
    )
    seen: dict[str, str] = {}
    for booklet in sections:
        if booklet.url in seen or booklet.url == handbook.url:
            raise PluginError(
                f"{_nav_line(config, booklet.title)}: section «{booklet.title}» would share the "
                f"booklet /{booklet.url} with «{seen.get(booklet.url, text['whole'])}»: "
                "give each section of the navigation its own folder"
            )
        seen[booklet.url] = booklet.title
    return [handbook, *sections]


def _pages(section: Section) -> list[Page]:
    pages: list[Page] = []
    for child in section.children:
        if isinstance(child, Page):
            pages.append(child)
        elif isinstance(child, Section):
            pages += _pages(child)
    return pages


def _section_root(url: str, config: MkDocsConfig) -> str:
    """The folder of a section: "rekruttering" for "rekruttering/x/", "en/rekruttering" in English."""
    prefix = handbook_i18n.prefix(config)
    return prefix + url.removeprefix(prefix).split("/")[0]


def _is_section_front(page: Page) -> bool:
    parent = page.parent
    if parent is None or parent.parent is not None or not parent.children:
        return False
    return parent.children[0] is page


# ----------------------------------------------------------------------------
# Assembling one booklet
# ----------------------------------------------------------------------------


def _write(booklet: Booklet, config: MkDocsConfig, language: str) -> None:
    text = TEXT.get(language, TEXT["en"])
    urls = [url for _, group in booklet.groups for url in group]
    chapters = {url: _chapter(url, config) for url in urls}
    _make_ids_unique(list(chapters.values()))
    _number(booklet, chapters)
    frame_html = _read(booklet.frame, config)

    date = get_build_datetime().strftime("%Y-%m-%d")
    address = urljoin(config.site_url or "", booklet.url) if config.site_url else f"/{booklet.url}"
    handbook = config.site_name
    title = handbook if booklet.title == text["whole"] else f"{handbook}: {booklet.title}"
    language_name = _language_name(config, language)

    contents = ['<nav class="booklet-contents" aria-labelledby="booklet-contents">',
                f'<h2 id="booklet-contents">{text["contents"]}</h2>',
                _contents_list(booklet, chapters, "ol", "li", "{}", ""), "</nav>"]

    body = [
        '<div class="sheet-tools booklet-tools">'
        f'<button type="button" class="md-button md-button--primary sheet-print">{text["print"]}'
        "</button></div>",
        '<header class="booklet-cover" id="booklet-cover">',
        f'<p class="booklet-cover__kind">{text["booklet"]}</p>',
        f'<h1 id="booklet-title">{html_lib.escape(title)}</h1>',
        '<dl class="booklet-cover__facts">',
        f'<dt>{text["language"]}</dt><dd lang="{language}">{html_lib.escape(language_name)}</dd>',
        f'<dt>{text["built"]}</dt><dd>{date}</dd>',
        f'<dt>{text["address"]}</dt><dd>{html_lib.escape(address)}</dd>',
        "</dl></header>",
        *contents,
    ]
    for url in urls:
        chapter = chapters[url]
        content = _relink(chapter, chapters, booklet.url, config.site_url)
        body.append(
            f'<section class="booklet-chapter" id="{html_lib.escape(chapter.key, quote=True)}" '
            f'data-page="{html_lib.escape(url, quote=True)}">\n'
            f"{content}\n</section>"
        )

    page = _frame(frame_html, booklet, config, title=title, address=address, date=date)
    page = _sidebar_contents(page, _contents_list(
        booklet, chapters, 'ul class="md-nav__list"', 'li class="md-nav__item"',
        '<a href="#{key}" class="md-nav__link"><span class="md-ellipsis">{label}</span></a>',
        'nav class="md-nav"'), text["contents"])
    running = "".join(_running_head(chapter, title) for chapter in chapters.values())
    page = page.replace("</head>", f"<style>{running}</style>\n</head>", 1)
    m = ARTICLE_OPEN_RE.search(page)
    end = page.find("</article>", m.end()) if m else -1
    if not m or end < 0:
        raise PluginError(f"{booklet.frame}: no <article> in the built page to frame the booklet")
    page = page[: m.end()] + '<div class="booklet">\n' + "\n".join(body) + "\n</div>\n" + page[end:]
    path = os.path.join(config.site_dir, *booklet.url.split("/"), "index.html")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(page)


def _number(booklet: Booklet, chapters: dict[str, Chapter]) -> None:
    """«4.2» for the second page of the fourth section of the whole handbook, «2» in a section
    booklet; pages outside any section (the home page) have no number."""
    section = 0
    for group_title, group in booklet.groups:
        if group_title:
            section += 1
        for n, url in enumerate(group, start=1):
            chapter = chapters[url]
            chapter.group = group_title
            if group_title:
                chapter.number = f"{section}.{n}"
            elif len(booklet.groups) == 1:
                chapter.number = str(n)


def _contents_list(booklet: Booklet, chapters: dict[str, Chapter], ol: str, li: str, link: str,
                   sub: str) -> str:
    """The booklet's contents as nested lists: `ol`/`li` are the opening tags, `link` the entry
    ("{}" for the page's own contents, or a template with {key} and {label}), `sub` a wrapper
    around a section's list."""

    def entry(key: str, label: str) -> str:
        if link == "{}":
            return f'<a href="#{key}">{label}</a>'
        return link.format(key=key, label=label)

    def close(tag: str) -> str:
        return f"</{tag.split()[0]}>"

    out = [f"<{ol}>"]
    section = 0
    for group_title, group in booklet.groups:
        entries = "".join(
            f"<{li}>{entry(chapters[u].key, _label(chapters[u]))}{close(li)}" for u in group
        )
        if group_title:
            section += 1
            label = f'<span class="booklet-number">{section}</span> {html_lib.escape(group_title)}'
            head = label if link == "{}" else entry(chapters[group[0]].key, label)
            inner = f"<{ol}>{entries}{close(ol)}"
            if sub:
                inner = f"<{sub}>{inner}{close(sub)}"
            out.append(f"<{li}>{head}{inner}{close(li)}")
        else:
            out.append(entries)
    out.append(close(ol))
    return "".join(out)


def _label(chapter: Chapter) -> str:
    number = f'<span class="booklet-number">{chapter.number}</span> ' if chapter.number else ""
    return number + chapter.title


def _running_head(chapter: Chapter, title: str) -> str:
    """The printed sheets of a chapter: a page of their own (CSS named pages) whose running head
    names the chapter, and whose top right margin is that page's own date and owner."""
    name = html_lib.unescape(chapter.title)
    parts = [x for x in (title, chapter.group) if x and x != name]
    head = " – ".join([*parts, f"{chapter.number} {name}".strip()])
    top_right = f" @top-right {{ content: {chapter.top_right}; }}" if chapter.top_right else ""
    return (f"#{chapter.key} {{ page: {chapter.key}; }} "
            f"@page {chapter.key} {{ @top-left {{ content: {safe_html.css_string(head)}; }}{top_right} }}\n")


def _chapter(url: str, config: MkDocsConfig) -> Chapter:
    page = _read(url, config)
    m = ARTICLE_OPEN_RE.search(page)
    end = page.rfind("</article>")
    if not m or end < m.end():
        raise PluginError(f"{url}: no <article> in the built page: cannot put it into a booklet")
    body = page[m.end(): end]
    body = SHEET_TOOLS_RE.sub("", body, count=1)  # the page's own print button
    body = LINK_P_RE.sub("", body)  # the link to the booklet itself
    key = url.removeprefix(handbook_i18n.prefix(config)).removesuffix("/").replace("/", "-") or "index"
    h1 = H1_RE.search(body)
    title = re.sub(r"<a [^>]*headerlink.*?</a>|<[^>]+>", "", h1.group(1), flags=re.S) if h1 else url
    top_right = TOP_RIGHT_RE.search(page[: m.start()])
    return Chapter(
        url=url,
        key=f"chapter-{key}",
        title=title.strip(),
        body=body,
        top_right=top_right.group(1) if top_right else "",
        ids=[m.group(2) for m in ID_ATTR_RE.finditer(body)],
        items=set(ITEM_RE.findall(body)),
    )


def _make_ids_unique(chapters: list[Chapter]) -> None:
    """An id on several chapters keeps its name in the first and takes the chapter's elsewhere."""
    owner: dict[str, Chapter] = {}
    reserved = {"booklet-cover", "booklet-title", "booklet-contents"} | {c.key for c in chapters}
    for chapter in chapters:
        for id_ in dict.fromkeys(chapter.ids):
            if id_ in chapter.items:
                continue  # item ids are tick keys and permalinks: never renamed
            if id_ in owner or id_ in reserved:
                chapter.renamed[id_] = f"{chapter.key.removeprefix('chapter-')}--{id_}"
            else:
                owner[id_] = chapter


def _relink(chapter: Chapter, chapters: dict[str, Chapter], booklet_url: str,
            site_url: str | None = None) -> str:
    """The chapter's HTML with renamed ids, links into the booklet, other links rebased."""
    renamed = chapter.renamed

    def web(m: re.Match[str]) -> str:  # {.web-address}: the page on the web, its address printed
        def absolute(h: re.Match[str]) -> str:
            url = h.group(2)
            if not url or EXTERNAL_RE.match(url):
                return h.group(0)
            target = _resolve(url, chapter.url)
            return h.group(1) + (urljoin(site_url, target) if site_url else "/" + target) + h.group(3)
        return URL_ATTR_RE.sub(absolute, m.group(0), count=1)

    def ids(m: re.Match[str]) -> str:
        return m.group(1) + renamed.get(m.group(2), m.group(2)) + m.group(3)

    def refs(m: re.Match[str]) -> str:
        return m.group(1) + " ".join(renamed.get(v, v) for v in m.group(2).split()) + m.group(3)

    def urls(m: re.Match[str]) -> str:
        link = _link(m.group(2), chapter, chapters, booklet_url)
        if link.startswith("#") and not m.group(2).startswith("#") and "href" in m.group(1):
            # Into a chapter: the page's own address stays at hand for scripts (path.js).
            own = _relative(_resolve(m.group(2), chapter.url), booklet_url)
            return f'{m.group(1)}{link}" data-href="{own}{m.group(3)}'
        return m.group(1) + link + m.group(3)

    body = chapter.body  # each pattern only where the page can hold what it changes (faster)
    if "web-address" in body:
        body = WEB_ADDRESS_RE.sub(web, body)
    if renamed:
        body = ID_ATTR_RE.sub(ids, body)
        body = REF_ATTR_RE.sub(refs, body)
    if "__tabbed_" in body:
        body = TAB_NAME_RE.sub(lambda m: f"{m.group(1)}{chapter.key}-{m.group(2)}{m.group(3)}", body)
    return URL_ATTR_RE.sub(urls, body)


def _link(url: str, chapter: Chapter, chapters: dict[str, Chapter], booklet_url: str) -> str:
    if url.startswith("#"):
        return "#" + chapter.renamed.get(url[1:], url[1:]) if len(url) > 1 else url
    if not url or EXTERNAL_RE.match(url):
        return url
    target = _resolve(url, chapter.url)
    path, _, fragment = target.partition("#")
    inside = chapters.get(path.split("?")[0])
    if inside is not None and "?" not in path:
        return "#" + (inside.renamed.get(fragment, fragment) if fragment else inside.key)
    return _relative(target, booklet_url)


# ----------------------------------------------------------------------------
# The frame: the section front page's HTML, one folder deeper
# ----------------------------------------------------------------------------


def _frame(page: str, booklet: Booklet, config: MkDocsConfig, *, title: str, address: str,
           date: str) -> str:
    source = booklet.frame
    text = TEXT.get(handbook_i18n.language(config), TEXT["en"])

    def urls(m: re.Match[str]) -> str:
        url = m.group(2)
        if not url or EXTERNAL_RE.match(url):
            return m.group(0)
        return m.group(1) + _relative(_resolve(url, source), booklet.url) + m.group(3)

    # What belongs to the front page alone: its neighbours, its contents (in the left navigation
    # and on the right: _sidebar_contents puts the booklet's there), its footer links, and the
    # navigation's mark on it as the page being read.
    page = re.sub(r'\s*<link rel="(?:prev|next)"[^>]*>', "", page)
    while (dropped := _drop_element(page, '<nav class="md-nav md-nav--secondary"', "nav")) != page:
        page = dropped
    page = _drop_element(page, '<nav class="md-footer__inner', "nav")
    page = re.sub(r'<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\s*', "", page)
    page = re.sub(r'<label class="md-nav__link[^"]*" for="__toc">.*?</label>\s*', "", page, flags=re.S)
    page = re.sub(r'(<a\s[^>]*class="md-nav__link) md-nav__link--active"', r'\1"', page)
    page = page.replace('<li class="md-nav__item md-nav__item--active">', '<li class="md-nav__item">')
    page = re.sub(r'(<a href=")#[^"]*(" class="md-skip")', r"\1#booklet-cover\2", page)
    # (functions as replacements: a backslash in a title or address is text, not a group)
    page = re.sub(r"<title>.*?</title>", lambda m: f"<title>{html_lib.escape(title)}</title>", page,
                  flags=re.S)
    page = re.sub(r'(<link rel="canonical" href=")[^"]*',
                  lambda m: m.group(1) + html_lib.escape(address, quote=True), page)
    # Links and assets one folder deeper; the language switch leads to the other booklet.
    page = URL_ATTR_RE.sub(urls, page)
    folder = _folder(config)
    page = re.sub(
        r'<(?:a|link)\s[^>]*\shreflang="[^"]*"[^>]*>',
        lambda m: re.sub(r'(\shref=")([^"#]*)', lambda h: h.group(1) + h.group(2) + f"{folder}/",
                         m.group(0), count=1),
        page,
    )

    def folder_url(m: re.Match[str]) -> str:  # Material's base: a folder, written without "/"
        return m.group(1) + _relative(_resolve(m.group(2) + "/", source), booklet.url).rstrip("/") \
            + m.group(3)

    page = re.sub(r'(new URL\(")([^"]*)(",location\))', folder_url, page)
    page = re.sub(r'(\sdata-scope=")([^"]*)(")', folder_url, page)  # material-state.js: stored settings
    page = re.sub(r'("base": ")([^"]*)(")', folder_url, page)
    page = re.sub(
        r'("search": ")([^"]*)(")',
        lambda m: m.group(1) + _relative(_resolve(m.group(2), source), booklet.url) + m.group(3),
        page,
    )
    # The margins of every printed sheet name the booklet (after the page's own @page rule).
    margin = (
        "<style>@page { "
        f"@top-left {{ content: {safe_html.css_string(title)}; }} "
        f"@bottom-left {{ content: {safe_html.css_string(address + '  ·  ' + text['built'] + ' ' + date)}; }} "
        "}</style>\n"
    )
    return page.replace("</head>", margin + "</head>", 1)


def _sidebar_contents(page: str, contents: str, label: str) -> str:
    """The booklet's contents in the right-hand sidebar, where a page has its own."""
    m = re.search(r'<div class="md-sidebar md-sidebar--secondary"[^>]*>\s*'
                  r'<div class="md-sidebar__scrollwrap">\s*<div class="md-sidebar__inner">', page)
    if not m:
        return page
    contents = contents.replace('<ul class="md-nav__list">', '<ul class="md-nav__list" '
                                'data-md-component="toc" data-md-scrollfix>', 1)
    nav = (f'<nav class="md-nav md-nav--secondary" aria-label="{html_lib.escape(label)}">'
           f'<span class="md-nav__title">{html_lib.escape(label)}</span>{contents}</nav>')
    return page[: m.end()] + nav + page[m.end():]


def _drop_element(page: str, opening: str, tag: str) -> str:
    start = page.find(opening)
    if start < 0:
        return page
    depth = 0
    pattern = re.compile(rf"<(/?){tag}[\s>]")
    for m in pattern.finditer(page, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = page.find(">", m.end() - 1) + 1
            return page[:start] + page[end:]
    return page


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)  # the same links stand on many pages and in many booklets
def _resolve(url: str, base: str) -> str:
    """A relative URL on the page at `base` as a path from the site root (with query/fragment)."""
    return urljoin(f"http://site/{base}", url).removeprefix("http://site/")


@functools.lru_cache(maxsize=1 << 16)
def _relative(target: str, base: str) -> str:
    """The path from the site root `target` as a URL relative to the page at `base`."""
    parts = urlsplit(target)
    path = parts.path
    rel = posixpath.relpath("/" + path, "/" + base.rstrip("/"))
    if path.endswith("/") or not path:
        rel = "./" if rel == "." else rel + "/"
    if parts.query:
        rel += "?" + parts.query
    if parts.fragment:
        rel += "#" + parts.fragment
    return rel


def _nav_line(config: MkDocsConfig, title: str) -> str:
    """Where a section stands in mkdocs.yml, as "mkdocs.yml:LINE" (or just the file)."""
    path = config.config_file_path or "mkdocs.yml"
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if re.match(rf"\s*-\s*[\"']?{re.escape(title)}[\"']?\s*:", line):
                    return f"{name}:{number}"
    except OSError:
        pass
    return name


def _read(url: str, config: MkDocsConfig) -> str:
    path = os.path.join(config.site_dir, *url.split("/"), "index.html") if url.endswith("/") or not url \
        else os.path.join(config.site_dir, *url.split("/"))
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as error:
        raise PluginError(f"{path}: cannot read the built page for a booklet: {error.strerror}")


def _folder(config: MkDocsConfig) -> str:
    settings = config.extra.get("booklets") or {}
    folder = str(settings.get("folder", "utskrift")).strip("/")
    if not re.fullmatch(r"[a-z0-9-]+", folder):
        raise PluginError(f"mkdocs.yml: extra.booklets.folder: '{folder}' is not a folder name")
    return folder


def _language_name(config: MkDocsConfig, language: str) -> str:
    i18n = config.plugins.get("i18n")
    for entry in getattr(getattr(i18n, "config", None), "languages", []) or []:
        if entry.locale == language:
            return entry.name
    return language


