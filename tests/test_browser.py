"""What only a browser shows: the language switch, ticks that persist, print, the new-hire path,
the interview-sheet builder, per-language search. Chromium on the site served on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT, print_pdf, pdf_text



def sheet_pages(kinds: set[str]) -> list[str]:
    """Paths (relative to the language root) of pages whose front matter says `sheet:` one of kinds."""
    found = []
    for md in sorted((ROOT / "docs" / "nb").rglob("*.md")):
        _, meta = get_data(md.read_text(encoding="utf-8"))
        if meta.get("sheet") in kinds:
            rel = md.relative_to(ROOT / "docs" / "nb").with_suffix("").as_posix()
            found.append(rel.removesuffix("index") if rel.endswith("index") else rel + "/")
    return found


def tick(page, item_id: str) -> None:
    """Tick a box as a reader does: by clicking the box drawn beside the item."""
    box = page.locator(f"li[data-item='{item_id}'] input[type=checkbox]")
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    area = box.bounding_box()
    page.mouse.click(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)


# --- Reading --------------------------------------------------------------------------------

@pytest.mark.parametrize("path,title", [("", "Erfaringskompetanse"), ("en/", "Handbook")])
def test_front_page_loads_in_both_languages(page, served, path, title):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(served + path)
    assert response.status == 200
    assert title.lower() in page.title().lower()
    assert page.locator("article h1").count() == 1
    assert page.locator(".role-paths").count() == 1
    assert errors == []


def test_language_switch_leads_to_the_twin_page(page, served):
    page.goto(served + "rekruttering/sjekkliste/")
    page.locator(".md-header [data-md-component='palette'] ~ .md-header__option .md-select, .md-select").first.hover()
    page.locator("a[hreflang='en']").first.click()
    page.wait_for_load_state()
    assert page.url == served + "en/rekruttering/sjekkliste/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-select").first.hover()
    page.locator("a[hreflang='nb']").first.click()
    page.wait_for_load_state()
    assert page.url == served + "rekruttering/sjekkliste/"


def test_every_role_path_link_resolves(page, served):
    for lang in ("", "en/"):
        page.goto(served + lang)
        links = page.locator(".role-paths a[href]")
        assert links.count() >= 20
        for href in links.evaluate_all("els => els.map(e => e.href)"):
            assert page.request.get(href).status == 200, href


# --- Ticks ----------------------------------------------------------------------------------

def test_a_ticked_box_survives_a_reload_and_the_reset_clears_it(page, served):
    page.goto(served + "rekruttering/sjekkliste/")
    box = page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]")
    assert not box.is_checked()
    tick(page, "rek-sjekk-lonn")
    assert box.is_checked()
    page.reload()
    assert page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]").is_checked()
    assert "1" in page.locator(".checklist-count").first.inner_text()
    # The same id in the other language shares the tick.
    page.goto(served + "en/rekruttering/sjekkliste/")
    assert page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]").is_checked()
    page.locator(".checklist-reset").first.click()
    page.reload()
    assert not page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]").is_checked()


def test_ticks_are_keyed_by_id_so_they_survive_a_new_release(page, served):
    """A release may reorder or reword items: a tick stored under the id still applies."""
    page.goto(served + "rekruttering/sjekkliste/")
    page.evaluate("ekhStorage.set('ekh.tick.rek-sjekk-opplaeringsplan', '1')")
    page.reload()
    assert page.locator("li[data-item='rek-sjekk-opplaeringsplan'] input").is_checked()
    assert page.locator("li.item--checklist input:checked").count() == 1


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_retired_item_leads_to_its_successor_and_hands_over_its_tick(page, served, lang):
    """ny-mnd5-sp-likeverdig was merged into the appraisal question (includes/ledger.yml)."""
    page.goto(served + lang + "rekruttering/sjekkliste/")
    page.evaluate("ekhStorage.set('ekh.tick.ny-mnd5-sp-likeverdig', '1')")
    page.goto(served + lang + "ny-i-jobben/fem-maneder/#ny-mnd5-sp-likeverdig")
    page.wait_for_url("**/ledelse/medarbeidersamtaler/#led-samtale-likeverd")
    assert page.url == served + lang + "ledelse/medarbeidersamtaler/#led-samtale-likeverd"
    assert page.evaluate("ekhStorage.get('ekh.tick.led-samtale-likeverd')") == "1"
    assert page.evaluate("ekhStorage.get('ekh.tick.ny-mnd5-sp-likeverdig')") is None


def test_every_checkbox_has_a_label(page, served):
    page.goto(served + "opplaering/opplaeringsplan/")
    boxes = page.locator("li.item--checklist input[type=checkbox]")
    assert boxes.count() > 10
    for i in range(boxes.count()):
        label = boxes.nth(i).get_attribute("aria-labelledby")
        assert label and page.locator(f"#{label}").inner_text().strip()


# --- Print ----------------------------------------------------------------------------------

def test_no_site_chrome_in_print(page, served):
    page.goto(served + "rekruttering/sjekkliste/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                     ".md-search", ".sheet-tools", ".checklist-tools", ".item-permalink", ".headerlink"):
        for i in range(page.locator(selector).count()):
            assert not page.locator(selector).nth(i).is_visible(), selector
    text = pdf_text(print_pdf(page))
    for chrome in ("Innholdsliste", "Søk", "Fjern krysset", "Made with"):
        assert chrome not in text


@pytest.mark.heavy(2)
def test_every_page_with_items_prints_and_sheets_fit_on_two_pages(page, served, site):
    """Print every page that holds items, in both languages: each item's text is on paper, and
    checklists and workshop sheets take at most two A4 pages."""
    short = set(sheet_pages({"checklist", "workshop"}))
    assert len(short) >= 14
    for lang in ("", "en/"):
        items = json.loads((site / lang / "items.json").read_text(encoding="utf-8"))
        by_page: dict[str, list[str]] = {}
        for item in items:
            by_page.setdefault(item["url"].split("#")[0], []).append(item["text"])
        assert short <= set(by_page)
        for path, texts in sorted(by_page.items()):
            page.goto(served + lang + path)
            reader = print_pdf(page)
            text = "".join(pdf_text(reader).split())  # line breaks fall anywhere on paper
            for item_text in texts:
                assert "".join(item_text.split()) in text, f"{lang}{path}: not printed: {item_text}"
            if path in short:
                assert 1 <= len(reader.pages) <= 2, f"{lang}{path}: {len(reader.pages)} pages"


def test_every_checkbox_prints_and_a_ticked_box_prints_ticked(page, served):
    page.goto(served + "rekruttering/sjekkliste/")
    tick(page, "rek-sjekk-team")
    page.emulate_media(media="print")
    boxes = page.locator("li.item--checklist .task-list-indicator")
    assert boxes.count() == 10
    marks = boxes.evaluate_all(
        "els => els.map(e => { const s = getComputedStyle(e, '::before');"
        " return {content: s.content, border: s.borderTopWidth, w: s.width}; })"
    )
    assert all(m["border"] != "0px" and m["w"] != "0px" for m in marks), marks
    assert [m["content"] for m in marks].count('"✓"') == 1
    text = pdf_text(print_pdf(page, "hiring-checklist.pdf"))
    assert text.count("✓") == 1
    page.emulate_media(media="screen")
    page.locator(".checklist-reset").first.click()


def test_printed_pages_carry_title_address_and_date(page, served):
    page.goto(served + "workshops/rus/")
    text = pdf_text(print_pdf(page, "workshop-rus.pdf"))
    assert "Erfaringskompetanse-håndboka – Rus" in text
    assert "workshops/rus/" in text
    assert re.search(r"Bygget \d{4}-\d{2}-\d{2}", text)
    assert "Side 1 av" in text
    assert "Gruppe:" in text


def test_interview_bank_prints_as_an_interview_sheet(page, served):
    page.goto(served + "en/rekruttering/intervju-1/")
    page.emulate_media(media="print")
    assert page.locator(".sheet-head").is_visible()
    space = page.locator("li.item--question").first.evaluate("e => getComputedStyle(e).paddingBottom")
    assert float(space.removesuffix("px")) > 60
    text = pdf_text(print_pdf(page, "interview-1-en.pdf"))
    assert "Candidate's name:" in text and "Date:" in text


def test_details_print_open(page, served):
    page.goto(served + "rekruttering/sjekkliste/")
    page.evaluate("""() => {
        const d = document.createElement('details'); d.innerHTML = '<summary>S</summary><p>Hidden words</p>';
        document.querySelector('article').appendChild(d); }""")
    assert "Hidden words" in pdf_text(print_pdf(page))


# --- The new-hire path ----------------------------------------------------------------------

def test_new_hire_steps_are_in_order_and_progress_persists(page, served):
    page.goto(served + "ny-i-jobben/")
    steps = page.locator(".np-path ol > li > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert steps == ["for-forste-dag/", "forste-uke/", "andre-uke/", "forste-maned/", "to-maneder/", "fem-maneder/"]
    # «forrige / neste» between steps follows the same order.
    page.goto(served + "ny-i-jobben/forste-uke/")
    assert page.locator(".md-footer__link--next").get_attribute("href").endswith("andre-uke/")
    assert page.locator(".md-footer__link--prev").get_attribute("href").endswith("for-forste-dag/")
    tick(page, page.locator("li.item--checklist").first.get_attribute("data-item"))
    page.goto(served + "ny-i-jobben/")
    badge = page.locator(".np-path ol > li").nth(1).locator(".np-progress")
    badge.wait_for()
    assert re.match(r"1 av \d+ gjort", badge.inner_text())
    assert page.locator(".np-total progress").get_attribute("value") == "1"
    page.reload()
    assert re.match(r"1 av \d+", page.locator(".np-path ol > li").nth(1).locator(".np-progress").inner_text())


# --- The interview-sheet builder ------------------------------------------------------------

def builder_items(site: Path, lang: str) -> list[dict]:
    items = json.loads((site / (lang + "items.json")).read_text(encoding="utf-8"))
    return [i for i in items if i["kind"] == "question" and i["url"].startswith("rekruttering/intervju-")]


@pytest.mark.parametrize("lang", ["", "en/"])
def test_builder_prints_exactly_the_chosen_questions_and_its_link_restores_them(page, served, site, lang):
    bank = builder_items(site, lang)
    page.goto(served + lang + "rekruttering/intervjuark/")
    page.locator(".builder-list input").first.wait_for()
    assert page.locator(".builder-list input").count() == len(bank)
    # The builder holds no question text in its HTML: it reads items.json.
    html = (site / lang / "rekruttering/intervjuark/index.html").read_text(encoding="utf-8")
    assert not any(q["text"] in html for q in bank)
    # Filter by round and theme.
    page.locator(".builder-rounds input").first.uncheck()
    second = [q for q in bank if q["url"].startswith("rekruttering/intervju-2/")]
    assert page.locator(".builder-list input").count() == len(second)
    page.locator(".builder-rounds input").first.check()
    theme = bank[0]["section"]
    page.select_option("#builder-theme", theme)
    assert page.locator(".builder-list input").count() == len([q for q in bank if q["section"] == theme])
    page.select_option("#builder-theme", "")
    chosen = [bank[1], bank[4], second[2]]
    for q in chosen:
        page.locator(f"#builder-q-{q['id']}").check()
    assert page.locator("ol.builder-questions li").count() == 3
    assert f"sheet={chosen[0]['id']}%2C" in page.url or f"sheet={chosen[0]['id']}," in page.url
    assert page.locator(".md-search__input").input_value() == ""  # the search stays closed
    link = page.locator(".builder-link").get_attribute("href")
    other = page.context.new_page()
    other.goto(link)
    other.locator("ol.builder-questions li").first.wait_for()
    assert other.locator("ol.builder-questions li").all_inner_texts() == [q["text"] for q in chosen]
    other.close()
    text = pdf_text(print_pdf(page, f"interview-sheet-{lang.strip('/') or 'nb'}.pdf"))
    for q in bank:
        words = " ".join(q["text"].split())
        assert (words in text) == (q in chosen), q["id"]
    assert ("Kandidatens navn" if not lang else "Candidate's name") in text


# --- Search ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,query,word", [("", "veiledning", "veiledning"), ("en/", "supervision", "supervision")])
def test_search_returns_pages_of_the_page_language_only(page, served, lang, query, word):
    page.goto(served + lang + "rekruttering/")
    page.locator("label.md-header__button[for='__search']").click() if page.locator("label.md-header__button[for='__search']").is_visible() else None
    page.locator("input.md-search__input").fill(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs
    for href in hrefs:
        assert href.startswith(served), href
        assert href.startswith(served + "en/") == (lang == "en/"), href
