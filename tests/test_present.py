"""Presentation mode of the workshop sheets in Chromium (docs/assets/present.js): opened by the
button and by the address in both languages, one item or case at a time in type of at least
32 px that fits a projector at 1280×720 and 1920×1080, the keys a clicker sends, the place kept
in the address, Esc back to the same place on the page, facilitator notes never on screen, axe
clean, and working under the handbook's strict Content-Security-Policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from axe_playwright_python.sync_playwright import Axe

from conftest import pdf_texts, ARTIFACTS, print_pdf
from test_browser import sheet_pages
from test_quality import AXE_OPTIONS

SHEETS = sheet_pages({"workshop"})
OPEN = {"nb": "Vis på storskjerm", "en": "Show on screen"}
PREFIX = {"nb": "", "en": "en/"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:")

# --- Helpers -------------------------------------------------------------------------------------


def words(text: str) -> str:
    return " ".join(text.split())


def expected_items(site: Path, lang: str, sheet: str) -> list[str]:
    """The sheet's item texts as the build indexed them (items.json), in page order."""
    items = json.loads((site / PREFIX[lang] / "items.json").read_text(encoding="utf-8"))
    return [words(i["text"]) for i in items if i["url"].split("#")[0] == sheet]


SLIDE_JS = """() => { const v = document.querySelector('.present');
    if (!v) return null;
    const t = v.querySelector('.present__text'), s = v.querySelector('.present__slide');
    const box = t.getBoundingClientRect();
    return {text: t.textContent, kind: s.className.includes('--case') ? 'case' : 'item',
            label: v.querySelector('.present__label').textContent,
            count: v.querySelector('.present__count').textContent,
            title: v.querySelector('.present__title').textContent,
            size: parseFloat(getComputedStyle(t).fontSize),
            box: {top: box.top, left: box.left, bottom: box.bottom, right: box.right},
            vw: innerWidth, vh: innerHeight,
            scrolls: document.scrollingElement.scrollTop > 0 || v.scrollHeight > v.clientHeight,
            live: v.querySelector('[aria-live]').textContent,
            focusInside: v.contains(document.activeElement)}; }"""


def slide(page) -> dict:
    """What the presentation shows now, and where."""
    return page.evaluate(SLIDE_JS)


def position(page) -> int:
    return int(slide(page)["count"].split("/")[0])


def all_slides(page) -> list[dict]:
    """Every slide from the first to the last, stepping with the → key inside the page (one round
    trip instead of one per slide; test_each_key_moves_as_a_clicker_expects presses real keys)."""
    return page.evaluate(
        """(read) => { const see = new Function('return (' + read + ')()');
            const view = document.querySelector('.present');
            const press = key => view.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
            press('Home');
            const seen = [see()], total = parseInt(seen[0].count.split('/')[1], 10);
            for (let i = 1; i < total; i++) { press('ArrowRight'); seen.push(see()); }
            return seen; }""",
        SLIDE_JS,
    )


def inside(s: dict) -> bool:
    b = s["box"]
    return b["top"] >= 0 and b["left"] >= 0 and b["bottom"] <= s["vh"] and b["right"] <= s["vw"]


# --- Opening -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_button_opens_the_first_item_large_over_the_whole_window(browser, served, site, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(served + PREFIX[lang] + "workshops/rus/")
    assert page.locator(".present").count() == 0
    button = page.get_by_role("button", name=OPEN[lang], exact=True)
    # Next to the print button.
    assert button.evaluate("b => b.parentElement.querySelector('.sheet-print') !== null")
    button.click()
    dialog = page.get_by_role("dialog", name={"nb": "Storskjermvisning: Rus", "en": "Presentation: Substance use"}[lang])
    assert dialog.get_attribute("aria-modal") == "true"
    s = slide(page)
    assert words(s["text"]) == expected_items(site, lang, "workshops/rus/")[0]
    assert s["size"] >= 32
    assert s["count"] == f"1 / {len(expected_items(site, lang, 'workshops/rus/'))}"
    assert s["title"] == page.locator(".md-content h1").evaluate("h => h.firstChild.textContent.trim()")
    assert s["focusInside"]
    description = dialog.evaluate(
        "d => d.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent).join(' ')"
    )
    assert words(s["text"]) in words(description)
    assert words(s["live"]).endswith(words(s["text"]))
    assert page.url.endswith("?present=1")
    # No site chrome: the header, navigation and the sheet itself are covered and out of reach.
    for selector in [".md-header", ".md-sidebar--primary", ".sheet-tools"]:
        assert page.evaluate(
            f"""() => {{ const e = document.querySelector('{selector}'), r = e.getBoundingClientRect();
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return !!(hit && hit.closest('.present')) || r.width === 0; }}"""
        ), selector
    assert page.evaluate("document.querySelector('.md-header').closest('[inert]') !== null")
    context.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("sheet", SHEETS)
def test_the_address_opens_every_sheet_and_shows_its_items_and_cases_never_its_notes(
    browser, served, site, lang, sheet
):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(served + PREFIX[lang] + sheet + "?present")
    cases = page.locator(".sheet-body .admonition.example").evaluate_all(
        "els => els.map(e => Array.from(e.children).filter(c => !c.matches('.admonition-title'))"
        ".map(c => c.textContent).join(' '))"
    )
    notes = page.locator(".sheet-body .admonition:not(.example), .sheet-body details:not(.example)")
    note_texts = [words(t) for t in notes.all_text_contents()]
    assert note_texts, "every workshop sheet has a note for the facilitator"
    shown = all_slides(page)
    assert [words(s["text"]) for s in shown if s["kind"] == "item"] == expected_items(site, lang, sheet)
    assert [words(s["text"]) for s in shown if s["kind"] == "case"] == [words(c) for c in cases]
    for s in shown:
        assert s["size"] >= 32, s["text"]
        assert "¶" not in s["text"]
        assert not any(words(s["text"]) in n or n in words(s["text"]) for n in note_texts)
    # A case comes before its questions.
    kinds = [s["kind"] for s in shown]
    for i, kind in enumerate(kinds):
        if kind == "case":
            assert kinds[i + 1] == "item"
    context.close()


def test_the_source_tags_show_small_below_and_never_in_the_statement(browser, served, site):
    """The item hook writes each item's source tags (.item-meta); the slide shows them small."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(served + "workshops/rus/?present")
    items = expected_items(site, "nb", "workshops/rus/")
    assert page.locator("li.item .item-meta").count() == len(items)
    s = slide(page)
    assert words(s["text"]) == items[0]
    first_tags = page.locator("li.item .item-meta").first.text_content()
    source = page.locator(".present__source")
    assert words(source.text_content()) == words(first_tags) and "Kilde" in first_tags
    small = source.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert small < s["size"] / 2
    assert inside(s)
    context.close()


def test_a_text_longer_than_the_screen_stays_at_32_px_and_scrolls_instead_of_being_cut(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(
        """document.addEventListener('readystatechange', () => {
            const t = document.querySelector('li.item .item-text');
            if (t && document.readyState === 'interactive') t.textContent = 'Veldig lang påstand. '.repeat(60);
        });"""
    )
    page.goto(served + "workshops/rus/?present")
    s = slide(page)
    assert s["text"].startswith("Veldig lang påstand.") and s["size"] == 32
    stage = page.locator(".present__stage")
    assert stage.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    assert stage.evaluate("e => e.scrollHeight > e.clientHeight")
    assert s["box"]["top"] >= 0  # the start is on screen
    page.keyboard.press("ArrowRight")  # an ordinary question fits again and does not scroll
    assert stage.evaluate("e => getComputedStyle(e).overflowY") == "hidden"
    context.close()


# --- Moving --------------------------------------------------------------------------------------


def test_each_key_moves_as_a_clicker_expects(page, served):
    page.goto(served + "workshops/hatprat/?present")
    total = int(slide(page)["count"].split("/")[1])
    assert total == 13  # eight statements, two cases and their questions, one reflection
    for key in ["ArrowRight", "ArrowDown", "PageDown", "Space"]:
        before = position(page)
        page.keyboard.press(key)
        assert position(page) == before + 1, key
    assert position(page) == 5
    for key in ["ArrowLeft", "ArrowUp", "PageUp"]:
        before = position(page)
        page.keyboard.press(key)
        assert position(page) == before - 1, key
    page.keyboard.press("End")
    assert position(page) == total
    page.keyboard.press("ArrowRight")
    assert position(page) == total  # stays on the last
    page.keyboard.press("Home")
    assert position(page) == 1
    page.keyboard.press("ArrowLeft")
    assert position(page) == 1
    assert page.url.endswith("?present=1")


def test_the_sites_own_shortcuts_are_off_and_a_clickers_blank_key_blanks_the_screen(page, served):
    page.goto(served + "workshops/rus/?present=2")
    url = page.url
    for key in ["n", "p", "s", "/"]:  # Material: next page, previous page, search
        page.keyboard.press(key)
    assert page.url == url and position(page) == 2
    assert page.evaluate("document.querySelector('[data-md-toggle=search]').checked") is False
    text = page.locator(".present__text")
    for key in [".", "b"]:
        page.keyboard.press(key)
        assert not text.is_visible(), key
        page.keyboard.press(key)
        assert text.is_visible(), key
    page.keyboard.press("b")
    page.keyboard.press("PageDown")  # moving on shows the next slide
    assert text.is_visible() and position(page) == 3
    assert page.url.endswith("?present=3")


def test_a_tap_on_the_right_half_goes_on_and_on_the_left_half_back(browser, served):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    page.goto(served + "en/workshops/vennskap/?present=2")
    page.touchscreen.tap(900, 400)
    assert position(page) == 3
    page.touchscreen.tap(900, 400)
    assert position(page) == 4
    page.touchscreen.tap(100, 400)
    assert position(page) == 3
    context.close()


def test_keys_still_work_after_the_next_button_runs_out(page, served):
    page.goto(served + "workshops/hatprat/?present=12")
    page.get_by_role("button", name="Neste").click()
    assert position(page) == 13
    # The button is now disabled; focus stays in the presentation and the keys still work.
    assert page.evaluate("document.querySelector('.present').contains(document.activeElement)")
    page.keyboard.press("PageUp")
    assert position(page) == 12


def test_full_screen_by_button_and_key_and_left_with_the_presentation(page, served):
    page.goto(served + "en/workshops/rus/")
    page.get_by_role("button", name=OPEN["en"]).click()
    full = page.get_by_role("button", name="Full screen")
    full.click()
    page.wait_for_function("document.fullscreenElement !== null")
    # The button follows the fullscreenchange event, which fires just after the switch.
    expect(full).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")
    expect(full).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null")
    page.get_by_role("button", name="Close").click()
    page.wait_for_function("document.fullscreenElement === null")


def test_an_address_out_of_range_opens_the_nearest_slide(page, served):
    page.goto(served + "workshops/hatprat/?present=99")
    assert position(page) == 13 and page.url.endswith("?present=13")
    page.goto(served + "workshops/hatprat/?present=abc")
    assert position(page) == 1 and page.url.endswith("?present=1")


def test_the_position_survives_a_reload(page, served):
    page.goto(served + "workshops/psykisk-helse/")
    page.get_by_role("button", name=OPEN["nb"]).click()
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    assert page.url.endswith("/workshops/psykisk-helse/?present=3")
    text = slide(page)["text"]
    page.reload()
    assert position(page) == 3
    assert slide(page)["text"] == text


def test_escape_returns_to_the_page_at_the_current_item(page, served):
    page.goto(served + "workshops/hatprat/?present=12")
    assert slide(page)["kind"] == "item"
    page.keyboard.press("Escape")
    assert page.locator(".present").count() == 0
    assert not page.url.endswith("present=12") and "present" not in page.url
    assert page.evaluate("document.querySelector('.md-header').closest('[inert]') === null")
    focused = page.evaluate("document.activeElement.closest('li.item')?.dataset.item")
    assert focused == "ws-hat-case-skolegard"
    box = page.locator('li[data-item="ws-hat-case-skolegard"]').bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]
    # The page scrolled there: the sheet's title is out of view.
    assert page.locator(".md-content h1").bounding_box()["y"] < 0


def test_leaving_by_the_button_returns_focus_to_the_page_and_opening_again_works(page, served):
    page.goto(served + "en/workshops/fordommer/")
    page.get_by_role("button", name=OPEN["en"]).click()
    page.get_by_role("button", name="Close").click()
    assert page.locator(".present").count() == 0
    assert page.evaluate("document.activeElement.closest('li.item')?.dataset.item") == "ws-ford-hva"
    page.get_by_role("button", name=OPEN["en"]).click()
    assert position(page) == 1


# --- Fitting a projector -----------------------------------------------------------------------


PROJECTORS = [(1280, 720), (1920, 1080)]


@pytest.mark.heavy
def test_every_slide_fits_a_projector_whole_and_the_longest_is_photographed(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    longest = None
    for lang in ["nb", "en"]:
        for sheet in SHEETS:
            page.goto(served + PREFIX[lang] + sheet + "?present")
            for width, height in PROJECTORS:
                page.set_viewport_size({"width": width, "height": height})
                for s in all_slides(page):
                    assert s["size"] >= 32, (sheet, s["text"])
                    assert inside(s), (width, sheet, s["text"], s["box"])
                    assert not s["scrolls"]
                    if longest is None or len(s["text"]) > len(longest[2]):
                        longest = (lang, sheet, s["text"], s["count"].split("/")[0].strip())
    lang, sheet, text, number = longest
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in PROJECTORS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(served + PREFIX[lang] + sheet + f"?present={number}")
        page.wait_for_timeout(250)  # the entrance has finished
        s = slide(page)
        assert s["text"] == text and inside(s) and s["size"] >= 32
        page.screenshot(path=str(ARTIFACTS / f"present-longest-{width}x{height}.png"))
    context.close()


def test_a_short_statement_fills_the_width_of_the_screen(browser, served):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(served + "workshops/hatprat/?present=1")
    s = slide(page)
    assert s["size"] >= 96
    assert s["box"]["right"] - s["box"]["left"] >= 0.6 * 1920
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "present-statement-1920x1080.png"))
    context.close()


def test_printing_during_the_presentation_prints_the_sheet_not_the_slide(page, served):
    page.goto(served + "workshops/hatprat/")
    plain = print_pdf(page)
    page.goto(served + "workshops/hatprat/?present=5")
    during = print_pdf(page)
    assert len(during.pages) == len(plain.pages) <= 2
    text = " ".join(pdf_texts(during))
    assert "Kilder" in text and "5 / 13" not in text and "Avslutt" not in text


def test_only_workshop_sheets_present_and_presenting_asks_nothing_of_the_network(browser, served):
    context = browser.new_context()
    page = context.new_page()
    for path in ["workshops/", "rekruttering/sjekkliste/", "en/rekruttering/intervju-1/"]:
        page.goto(served + path + "?present")
        assert page.locator(".present, .sheet-present").count() == 0, path
    page.goto(served + "en/workshops/hatprat/")
    page.wait_for_load_state("networkidle")
    requests = []
    # Chromium itself looks at the favicon again whenever the address changes; the page asks nothing.
    page.on("request", lambda r: r.url.endswith("/favicon.png") or requests.append(r.url))
    context.set_offline(True)
    page.get_by_role("button", name=OPEN["en"]).click()
    shown = all_slides(page)
    assert len(shown) == 13
    page.keyboard.press("Escape")
    assert requests == []
    context.close()


# --- Palette, motion, accessibility, CSP ---------------------------------------------------------


def test_light_by_default_even_when_the_site_is_dark_and_the_presenter_can_switch(page, served):
    page.goto(served + "en/workshops/hatprat/")
    page.evaluate(
        "__md_set('__palette', {index: 1, color: {media: '(prefers-color-scheme: dark)', "
        "scheme: 'slate', primary: 'custom', accent: 'custom'}})"
    )
    page.goto(served + "en/workshops/hatprat/?present")
    view = page.locator(".present")
    assert view.get_attribute("data-md-color-scheme") == "default"
    assert view.evaluate("v => getComputedStyle(v).backgroundColor") == "rgb(255, 255, 255)"
    page.get_by_role("button", name="Dark background").click()
    assert view.get_attribute("data-md-color-scheme") == "slate"
    page.reload()
    assert page.locator(".present").get_attribute("data-md-color-scheme") == "slate"


@pytest.mark.parametrize("motion, animated", [("reduce", False), ("no-preference", True)])
def test_slides_move_only_when_the_reader_allows_motion(browser, served, motion, animated):
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto(served + "workshops/rus/?present")
    page.keyboard.press("ArrowRight")
    name = page.evaluate("getComputedStyle(document.querySelector('.present__slide')).animationName")
    assert (name != "none") is animated
    context.close()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_axe_finds_nothing_in_presentation_mode(browser, served, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    axe = Axe()
    failures = []
    for scheme_button in [None, {"nb": "Mørk bakgrunn", "en": "Dark background"}[lang]]:
        for number in [1, 9, 10]:  # a statement, a case, a question after a case
            page.goto(served + PREFIX[lang] + f"workshops/hatprat/?present={number}")
            if scheme_button and page.locator('.present[data-md-color-scheme="default"]').count():
                page.get_by_role("button", name=scheme_button).click()
            page.wait_for_timeout(250)  # let the entrance finish before colours are read
            for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
                failures.append(f"{number} {violation['id']}: {[n['target'] for n in violation['nodes']][:3]}")
    context.close()
    assert failures == []


def test_works_under_the_strict_content_security_policy(browser, served):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    # Material's own inline scripts are blocked until the hardening issue moves them out; what
    # counts here is that nothing of the presentation fails.
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    page.route("**/*", with_csp)
    page.goto(served + "workshops/mobbing-og-ensomhet/")
    page.get_by_role("button", name=OPEN["nb"]).click()
    page.keyboard.press("End")
    s = slide(page)
    assert s["count"] == "10 / 10" and s["size"] >= 32 and inside(s)
    assert [e for e in errors if "present" in e] == []
    page.unroute_all(behavior="ignoreErrors")
    context.close()
