"""The built handbook: strict build, items.json in both languages, page languages, twins, no
outside assets, links and anchors that resolve, sources on every page."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import get_yaml_loader

from conftest import MOVED, ROOT, project_of, site_walk

FIXED_PATHS = [
    "rekruttering/sjekkliste/", "rekruttering/intervjuark/", "ny-i-jobben/",
    "workshops/rus/", "workshops/vennskap/", "workshops/mobbing-og-ensomhet/",
    "workshops/fordommer/", "workshops/psykisk-helse/", "workshops/hatprat/",
]


def pages(site: Path) -> list[Path]:
    """Every page with an article: the content pages and the booklets (conftest.site_walk), not
    the redirect pages, the not-found and the offline pages."""
    return [b.file for b in site_walk(site) if b.kind in ("page", "booklet")]


def language_of(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "nb"


@functools.cache
def soup(page: Path) -> BeautifulSoup:
    """Parsed HTML of a built page (cached: tests only read it)."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_items_json_in_both_languages_with_the_same_ids(site):
    nb = json.loads((site / "items.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en" / "items.json").read_text(encoding="utf-8"))
    assert len(nb) > 300
    assert [i["id"] for i in nb] == [i["id"] for i in en]
    for item in nb + en:
        assert set(item) >= {"id", "kind", "text", "url"}
        assert item["kind"] in {"checklist", "question"}
        assert item["url"].endswith("#" + item["id"]) and not item["url"].startswith("/")
        assert item["text"] and "{#" not in item["text"]


def test_every_item_url_points_at_its_item(site):
    for lang_root in (site, site / "en"):
        items = json.loads((lang_root / "items.json").read_text(encoding="utf-8"))
        cache: dict[str, BeautifulSoup] = {}
        for item in items:
            path, _, anchor = item["url"].partition("#")
            html = cache.setdefault(path, soup(lang_root / path / "index.html"))
            target = html.find(id=anchor)
            assert target is not None, item
            assert target.get_text().split() == item["text"].split(), item


def test_the_hiring_checklist_has_the_ten_points(site):
    nb = json.loads((site / "items.json").read_text(encoding="utf-8"))
    checklist = [i for i in nb if i["url"].startswith("rekruttering/sjekkliste/#")]
    assert len(checklist) == 10
    assert all(i["kind"] == "checklist" for i in checklist)
    assert checklist[0]["id"] == "rek-sjekk-lest-opp"


def test_fixed_paths_exist_in_both_languages(site):
    for path in FIXED_PATHS:
        assert (site / path / "index.html").exists(), path
        assert (site / "en" / path / "index.html").exists(), path


def test_every_page_has_a_twin(walked):
    nb = {p.relative_to(walked) for p in pages(walked) if language_of(walked, p) == "nb"}
    en = {p.relative_to(walked / "en") for p in pages(walked / "en")}
    assert nb == en
    assert len(nb) >= 35


def test_every_redirect_page_sends_readers_on_to_a_page_of_its_language(walked):
    """A redirect page (hooks/redirects.py) has no article and no foot: it has its language, a
    refresh and a visible link, both to a page of the same language that exists."""
    walk = site_walk(walked)
    redirects = [b for b in walk if b.kind == "redirect"]
    content = {b.address for b in walk if b.kind == "page"}
    if project_of(walked) != ROOT:  # the page moved: its old address in both languages
        old = MOVED[0].removesuffix(".md") + "/"
        assert {b.address for b in redirects} >= {old, "en/" + old}
    for built in redirects:
        page = soup(built.file)
        target = re.fullmatch(r"0; url=(\S+)", page.find("meta", attrs={"http-equiv": "refresh"})["content"]).group(1)
        assert [a["href"] for a in page.select("body a")] == [target], built.address
        landing = posixpath.normpath(posixpath.join(built.address, target.split("#")[0])) + "/"
        assert landing in content and landing.startswith("en/") == (built.lang == "en"), (built.address, target)


def test_every_page_the_search_benchmark_expects_is_a_page(walked):
    """bench/search-queries.yml names pages by address: a moved page's new address (CONTRIBUTING.md)."""
    queries = yaml.safe_load((project_of(walked) / "bench" / "search-queries.yml").read_text(encoding="utf-8"))
    content = {b.address for b in site_walk(walked) if b.kind == "page"}
    for lang, root in (("nb", ""), ("en", "en/")):
        missing = {e for q in queries[lang] for e in q["expect"] if root + e.removeprefix("./") not in content | {root}}
        assert missing == set(), lang


def test_every_page_loads_one_stylesheet_and_at_most_two_scripts_of_the_handbooks_own(walked):
    """hooks/assets.py: pages, booklets, the not-found and offline pages load the handbook's CSS
    as one bundle and its scripts as one or two; beside them only Material's files, print.css
    (for paper) and material-state.js (the palette, before the first paint)."""
    allowed = {"print.css", "material-state.js"}
    wrong = []
    for built in site_walk(walked):
        if built.kind == "redirect":
            continue
        text = built.file.read_text(encoding="utf-8")
        css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        js = re.findall(r'<script src="([^"]+)"', text)
        own = [u for u in css + js if "/stylesheets/" not in u and "/javascripts/" not in u
               and u.rsplit("/", 1)[-1] not in allowed]
        bundled_css = [u for u in own if re.search(r"assets/bundles/[0-9a-f]{12}\.css$", u)]
        bundled_js = [u for u in own if re.search(r"assets/bundles/[0-9a-f]{12}\.js$", u)]
        least = 0 if built.kind == "offline" else 1  # the offline page is read, nothing runs on it
        if len(bundled_css) != 1 or not least <= len(bundled_js) <= 2 or len(own) != len(bundled_css) + len(bundled_js):
            wrong.append(f"{built.address}: {own}")
    assert wrong == []


def test_html_lang_matches_the_language(walked):
    for built in site_walk(walked):
        html = soup(built.file).html
        assert html is not None and html.get("lang") == built.lang, built.address


def test_english_pages_are_in_english(walked):
    """A page left in Norwegian fails: its running text must read as English, not bokmål."""
    norwegian = {"og", "ikke", "det", "som", "er", "på", "til", "med", "en", "av", "for", "har", "du", "vi"}
    english = {"the", "and", "of", "to", "is", "you", "in", "for", "a", "with", "not", "are", "your", "we"}
    for page in pages(walked / "en"):
        article = soup(page).select_one("article")
        words = re.findall(r"[a-zæøå]+", article.get_text(" ").lower())
        nb_hits = sum(w in norwegian for w in words)
        en_hits = sum(w in english for w in words)
        assert en_hits > 3 * nb_hits, f"{page}: {en_hits} English vs {nb_hits} Norwegian words"


def test_no_html_references_an_asset_outside_the_site(walked):
    for page in sorted(walked.rglob("*.html")):
        html = soup(page)
        for tag in html.find_all(["script", "link", "img", "iframe", "source", "video", "audio"]):
            for attr in ("src", "href"):
                value = tag.get(attr)
                if not value or (tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"])):
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{page}: {tag.name} {attr}={value}"
    for css in walked.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            assert not re.match(r"^['\"]?(https?:)?//", url), f"{css}: {url}"


ID_RE = re.compile(r'\sid="([^"]*)"')
HREF_RE = re.compile(r'<a\s[^>]*?href="([^"]*)"')


@functools.cache
def ids_of(page: Path) -> frozenset[str]:
    """Every id on a built page (read with a pattern: the pages are the build's own HTML)."""
    return frozenset(html.unescape(i) for i in ID_RE.findall(page.read_text(encoding="utf-8")))


def test_every_internal_link_and_anchor_resolves(walked):
    for page in pages(walked):
        text = page.read_text(encoding="utf-8")
        article = text[text.find("<article"): text.rfind("</article>")]
        for href in (html.unescape(h) for h in HREF_RE.findall(article)):
            if re.match(r"^(https?:|mailto:|tel:)", href):
                continue
            parts = urlsplit(href)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page}: {href}"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in ids_of(target) or parts.fragment in ids_of(target), f"{page}: {href}"


def test_every_page_names_its_sources(walked):
    for page in pages(walked):
        heading = "sources" if language_of(walked, page) == "en" else "kilder"
        ids = {h.get("id") for h in soup(page).select("article h2")}
        assert heading in ids, page


def test_every_page_links_to_two_related_pages(walked):
    for page in pages(walked):
        article = soup(page).select_one("article")
        if article.select_one(".booklet"):
            continue  # a booklet (hooks/booklets.py) holds the pages it would link to
        links = {
            a["href"].split("#")[0] for a in article.select("a[href]")
            if not re.match(r"^(https?:|mailto:|#)", a["href"]) and "headerlink" not in a.get("class", [])
        }
        assert len(links - {""}) >= 2, page


def test_navigation_reaches_every_page():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())

    def walk(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, list):
            for n in node:
                yield from walk(n)
        elif isinstance(node, dict):
            for v in node.values():
                yield from walk(v)

    in_nav = set(walk(config["nav"]))
    for lang in ("nb", "en"):
        files = {p.relative_to(ROOT / "docs" / lang).as_posix() for p in (ROOT / "docs" / lang).rglob("*.md")}
        assert files == in_nav, lang


def test_abbreviations_are_explained_on_every_page(walked):
    for page in pages(walked):
        if "EK" in soup(page).select_one("article").get_text():
            assert soup(page).select_one('article abbr[title]') is not None, page


def test_language_switch_on_every_page_points_at_its_twin(walked):
    for page in pages(walked):
        lang = language_of(walked, page)
        other = "nb" if lang == "en" else "en"
        rel = page.relative_to(walked / "en" if lang == "en" else walked)
        twin = (walked / rel) if other == "nb" else (walked / "en" / rel)
        link = soup(page).select_one(f"a.md-select__link[hreflang='{other}']")
        assert link is not None, page
        target = (page.parent / link["href"]).resolve()
        assert (target / "index.html" if target.is_dir() else target) == twin.resolve(), f"{page}: {link['href']}"


# --- Heading anchors, 404 pages, no inline script ------------------------------------------------

PERMALINK_TITLE = {"nb": "Lenke til denne delen", "en": "Link to this section"}


def test_heading_links_are_titled_in_the_page_language(walked):
    wrong = []
    for page in pages(walked):
        lang = language_of(walked, page)
        for link in soup(page).select("a.headerlink"):
            if link.get("title") != PERMALINK_TITLE[lang]:
                wrong.append(f"{page.relative_to(walked)}: {link.get('title')}")
    assert wrong == []


def test_heading_anchors_keep_norwegian_letters_readable_and_old_anchors_still_land(site):
    page = soup(site / "workshops" / "rus" / "index.html")
    heading = page.find(id="sporsmal-til-gruppene")
    assert heading.name == "h2" and heading.get_text().startswith("Spørsmål til gruppene")
    # The anchor Python-Markdown's slug gave before stays, inside the same heading.
    assert page.find(id="sprsmal-til-gruppene").find_parent("h2") is heading
    ids = [tag["id"] for p in pages(site) for tag in soup(p).select("h1[id], h2[id], h3[id], h4[id]")]
    assert all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids), [i for i in ids if not re.fullmatch(r"[a-z0-9_-]+", i)]


def test_each_language_has_its_own_not_found_page(site):
    for path, lang, title in [("404.html", "nb", "Fant ikke siden"), ("en/404.html", "en", "Page not found")]:
        page = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == lang
        assert page.select_one("article h1").get_text() == title
        switch = {a["hreflang"]: a["href"] for a in page.select(".md-select a[hreflang]")}
        assert switch == {"nb": "/erfaringskompetanse/", "en": "/erfaringskompetanse/en/"}


def test_no_page_has_an_inline_script(walked):
    """Under `script-src 'self'` inline scripts and handlers would not run: only data blocks are inline."""
    inline = []
    for page in [b.file for b in site_walk(walked)]:  # redirect, not-found and offline pages too
        for script in soup(page).find_all("script"):
            if not script.get("src") and script.get("type") != "application/json":
                inline.append(f"{page.relative_to(walked)}: {script.get_text()[:60]}")
        for tag in soup(page).find_all(lambda t: any(a.startswith("on") for a in t.attrs)):
            inline.append(f"{page.relative_to(walked)}: inline handler on <{tag.name}>")
    assert inline == []


def test_only_the_palette_script_runs_before_the_page_is_parsed(site):
    """Material's bundle and the project's scripts load deferred (Lighthouse: render-blocking),
    print styles load for print only; material-state.js alone runs at once, as it must set the
    palette before the first paint."""
    for page in [site / "index.html", site / "en" / "rekruttering" / "intervjuark" / "index.html"]:
        scripts = soup(page).select("script[src]")
        blocking = [s["src"] for s in scripts if not s.has_attr("defer") and not s.has_attr("async")]
        assert [src.rsplit("/", 1)[-1] for src in blocking] == ["material-state.js"]
        assert any("bundle." in s["src"] for s in scripts)
        print_css = [l for l in soup(page).select("link[rel=stylesheet]") if l["href"].endswith("print.css")]
        assert [l.get("media") for l in print_css] == ["print"]
