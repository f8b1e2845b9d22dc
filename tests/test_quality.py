"""Quality gates in Chromium: WCAG 2.1 A/AA by axe-core on every page in both languages and both
palettes, keyboard focus visible, no request to any host but the one serving the site, and the
whole site working under the strict Content-Security-Policy with no failed request."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import CSP_RECORDER, _QuietHandler

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def all_paths(site: Path) -> list[str]:
    """Every page of both languages, as paths below the site root."""
    return sorted(
        p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


def set_palette(page, scheme: str) -> None:
    """Choose Material's light ('default') or dark ('slate') palette as the reader's toggle does:
    it is stored for the whole site and applied before the next page paints."""
    index = 1 if scheme == "slate" else 0
    page.evaluate(
        "([scheme, index]) => __md_set('__palette', {index: index, color: "
        "{media: '(prefers-color-scheme: ' + (index ? 'dark' : 'light') + ')', scheme: scheme, "
        "primary: 'custom', accent: 'custom'}})",
        [scheme, index],
    )


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_page_passes_axe_wcag21_aa(browser, served, site, scheme):
    context = browser.new_context()
    page = context.new_page()
    axe = Axe()
    failures = []
    paths = all_paths(site)
    assert len(paths) >= 70
    page.goto(served)
    set_palette(page, scheme)
    for path in paths:
        page.goto(served + path.lstrip("/"))
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        results = axe.run(page, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path} [{scheme}] {violation['id']}: {violation['help']} {targets}")
    context.close()
    assert failures == [], "\n".join(failures)


def test_no_request_leaves_the_site(browser, served, site):
    context = browser.new_context()
    page = context.new_page()
    host = urlsplit(served).netloc
    outside = []
    page.on("request", lambda r: urlsplit(r.url).netloc not in (host, "") and outside.append(r.url))
    for path in all_paths(site):
        page.goto(served + path.lstrip("/"))
        page.wait_for_load_state("networkidle")
    # Search loads its worker, index and language support on first use. A query typed before the
    # worker is ready goes unanswered (likelier on a busy machine), so type it again until it is.
    page.goto(served + "en/")
    box, hit = page.locator("input.md-search__input"), page.locator(".md-search-result__item").first
    for attempt in range(10):
        box.fill("")
        box.fill("peer")
        try:
            hit.wait_for(timeout=3000)
            break
        except PlaywrightTimeoutError:
            continue
    hit.wait_for()
    context.close()
    assert outside == []


def test_keyboard_reaches_every_control_and_shows_focus(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served + "rekruttering/sjekkliste/")
    seen = set()
    for _ in range(250):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                const s = getComputedStyle(e), box = e.getBoundingClientRect();
                const indicator = e.tagName === 'INPUT' && e.nextElementSibling ? getComputedStyle(e.nextElementSibling) : null;
                return {key: e.outerHTML.slice(0, 120), cls: e.className, tag: e.tagName,
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                        indicatorOutline: indicator ? (indicator.outlineStyle !== 'none' || indicator.boxShadow !== 'none') : false,
                        shadow: s.boxShadow !== 'none', item: e.closest('li.item') ? e.closest('li.item').dataset.item : null}; }"""
        )
        if info is None:
            continue
        assert info["outline"] or info["indicatorOutline"] or info["shadow"], f"focus not visible on {info['key']}"
        if info["item"] and info["tag"] == "INPUT":
            seen.add(info["item"])
        if "checklist-reset" in str(info["cls"]):
            seen.add("reset")
    context.close()
    assert len([s for s in seen if s.startswith("rek-sjekk-")]) == 10
    assert "reset" in seen


# --- Strict Content-Security-Policy, no failed request ------------------------------------------


class Watch:
    """What goes wrong on a page: CSP violations (events and console), script errors, and every
    response with a status of 400 or more."""

    def __init__(self, context) -> None:
        context.add_init_script(CSP_RECORDER)
        self.console: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requests: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def violations(self, page) -> list[str]:
        return page.evaluate("window.__cspViolations") + [
            c for c in self.console if "Content Security Policy" in c
        ]


def test_every_page_works_under_strict_csp_with_no_failed_request(browser, served, site):
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    problems = []
    paths = all_paths(site)
    assert len(paths) >= 70 and "en/" in paths
    for path in paths:
        page.goto(served + path.lstrip("/"))
        page.wait_for_load_state("load")
        # Material's bundle ran (it marks the page) and no policy stopped anything.
        assert page.evaluate("typeof window.document$ === 'object'"), path
        problems += [f"{path}: {v}" for v in watch.violations(page)]
        watch.console.clear()
    page.wait_for_load_state("networkidle")
    context.close()
    assert problems == []
    assert watch.errors == []
    assert watch.failed == []


@pytest.mark.parametrize("lang", ["", "en/"])
def test_each_language_loads_its_own_items_and_search_index(browser, served, lang):
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + lang + "rekruttering/intervjuark/")
    page.locator(".builder--ready").wait_for()
    page.locator("input.md-search__input").fill("peer" if lang else "veiledning")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert watch.violations(page) == [] and watch.errors == [] and watch.failed == []
    context.close()
    assert served + lang + "items.json" in watch.requests
    assert served + lang + "search/search_index.json" in watch.requests
    other = "" if lang else "en/"
    assert served + other + "items.json" not in watch.requests
    assert served + other + "search/search_index.json" not in watch.requests


def test_icons_drawn_from_data_uris_show_under_csp(browser, served):
    """Admonition icons are CSS masks, and a ticked box's check a background image, with data:
    URIs (allowed by img-src)."""
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + "verdier/")
    icon = page.evaluate(
        "() => getComputedStyle(document.querySelector('.admonition-title'), '::before').maskImage"
    )
    page.goto(served + "rekruttering/sjekkliste/")
    page.evaluate("id => ekhTicks.setTicked(id, true)", "rek-sjekk-team")
    box = page.evaluate(
        "() => getComputedStyle(document.querySelector('li[data-item=rek-sjekk-team] .task-list-indicator'),"
        " '::before').backgroundImage"
    )
    assert icon.startswith('url("data:image/svg+xml'), icon
    assert box.startswith('url("data:image/svg+xml'), box
    assert watch.violations(page) == []
    context.close()


def _toggle_palette(page) -> str:
    """Click the header's palette toggle as a reader does; the scheme the page shows after it."""
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function(
        "b => document.body.getAttribute('data-md-color-scheme') !== b", arg=before
    )
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_palette_toggle_works_and_is_kept_under_csp(browser, served):
    context = browser.new_context(color_scheme="light")
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + "rekruttering/")
    assert _toggle_palette(page) == "slate"
    page.goto(served + "en/rekruttering/")  # the choice holds on the next page, in either language
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert _toggle_palette(page) == "default"
    assert watch.violations(page) == [] and watch.errors == []
    context.close()


def test_blocked_storage_does_not_kill_the_palette(browser, served):
    """With storage blocked (reading localStorage throws, as with cookies blocked), pages load
    without script errors and the palette toggle still works on the page."""
    context = browser.new_context(color_scheme="light")
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('The operation is insecure.', 'SecurityError'); }});"
    )
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + "rekruttering/sjekkliste/")
    assert page.evaluate("() => { try { localStorage; return false; } catch (e) { return true; } }")
    assert _toggle_palette(page) == "slate"
    assert watch.errors == [] and watch.violations(page) == []
    context.close()


# --- Not-found pages ----------------------------------------------------------------------------

SITE_PATH = "/erfaringskompetanse/"  # the path of site_url in mkdocs.yml


class _NotFoundHandler(_QuietHandler):
    """Answers a missing address with the not-found page of its language, as the README's nginx
    and Apache examples do."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        lang = "en/" if self.path.startswith(SITE_PATH + "en/") else ""
        body = (Path(self.directory) / SITE_PATH.strip("/") / lang / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def served_at_site_path(site, tmp_path_factory):
    """The built site at the path site_url names, missing addresses answered by the 404 pages."""
    root = tmp_path_factory.mktemp("www404")
    shutil.copytree(site, root / SITE_PATH.strip("/"))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(
    "missing,lang,title,other,other_lang",
    [
        ("finnes-ikke/", "nb", "Fant ikke siden", "en/", "en"),
        ("en/does-not-exist/", "en", "Page not found", "", "nb"),
    ],
)
def test_each_language_has_its_own_404_with_working_links(
    browser, served_at_site_path, missing, lang, title, other, other_lang
):
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    response = page.goto(served_at_site_path + SITE_PATH + missing)
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("article h1").inner_text() == title
    # Styles, scripts and icons load from the absolute paths; nothing else fails.
    assert page.evaluate("typeof window.document$ === 'object'")
    assert watch.failed == [f"404 {served_at_site_path}{SITE_PATH}{missing}"]
    assert watch.violations(page) == [] and watch.errors == []
    # The front-page link stays in this language; the language selector leads to the other one.
    front = page.locator("article a").first
    front.click()
    page.wait_for_load_state()
    assert page.url == served_at_site_path + SITE_PATH + ("en/" if lang == "en" else "")
    page.go_back()
    links = page.locator(f".md-select a[hreflang='{other_lang}']")
    assert links.count() == 1
    assert links.get_attribute("href") == SITE_PATH + other
    page.goto(served_at_site_path + links.get_attribute("href"))
    assert page.locator("html").get_attribute("lang") == other_lang
    context.close()
