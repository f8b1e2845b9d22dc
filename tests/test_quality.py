"""Quality gates in Chromium: WCAG 2.1 A/AA by axe-core on every page in both languages and both
palettes, keyboard focus visible, and no request to any host but the one serving the site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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
