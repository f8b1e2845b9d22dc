"""Interface text and the interview-sheet builder in Chromium: plural forms in both languages, what a
shared link with retired or unknown ids becomes, each question's sources and the handbook's
proposal badge, a clear message when the question list cannot load, and a builder that moves
nothing on the page when it replaces its fallback text (CLS)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

BUILDER = "rekruttering/intervjuark/"


def bank(site: Path, lang: str) -> list[dict]:
    items = json.loads((site / (lang + "items.json")).read_text(encoding="utf-8"))
    return [i for i in items if i["kind"] == "question" and i["url"].startswith("rekruttering/intervju-")]


def serve_items(page, items: list[dict]) -> None:
    """Answer this page's items.json with the given records (the lead's new fields, for example)."""
    body = json.dumps(items)
    page.route("**/items.json", lambda route: route.fulfill(status=200, content_type="application/json", body=body))


def open_builder(page, served, lang: str, query: str = "") -> None:
    page.goto(served + lang + BUILDER + query)
    page.locator(".builder--ready").wait_for()


# --- Plural forms -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang,one,two", [
    ("", "1 spørsmål valgt", "2 spørsmål valgt"),
    ("en/", "1 question chosen", "2 questions chosen"),
])
def test_builder_counts_in_the_right_plural_form(page, served, site, lang, one, two):
    questions = bank(site, lang)
    open_builder(page, served, lang)
    page.locator(f"#builder-q-{questions[0]['id']}").check()
    assert page.locator(".builder-count").inner_text() == one
    page.locator(f"#builder-q-{questions[1]['id']}").check()
    assert page.locator(".builder-count").inner_text() == two
    shown = page.locator(".builder-shown").inner_text()
    assert shown == (f"{len(questions)} spørsmål vises" if not lang else f"{len(questions)} questions shown")


def test_builder_says_one_question_shown_in_english(page, served, site):
    questions = bank(site, "en/")
    serve_items(page, questions[:1])
    open_builder(page, served, "en/")
    assert page.locator(".builder-shown").inner_text() == "1 question shown"


@pytest.mark.parametrize("lang,text", [
    ("", r"Du har gjort 0 av \d+ punkter på stien\."),
    ("en/", r"You have ticked off 0 of \d+ items on the path\."),
])
def test_new_hire_path_progress_reads_naturally(page, served, lang, text):
    page.goto(served + lang + "ny-i-jobben/")
    total = page.locator(".np-total p")
    total.wait_for()
    assert re.fullmatch(text, total.inner_text())


# --- Shared links -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang,message", [
    ("", "2 spørsmål i lenken finnes ikke lenger i spørsmålsbankene og er tatt ut av arket."),
    ("en/", "2 questions in the link are no longer in the question banks and have been left out."),
])
def test_a_shared_link_with_unknown_ids_says_how_many_were_dropped(page, served, site, lang, message):
    questions = bank(site, lang)
    ids = [questions[0]["id"], "int1-finnes-ikke", questions[3]["id"], "int2-borte"]
    open_builder(page, served, lang, "?sheet=" + ",".join(ids))
    assert page.locator("ol.builder-questions li").all_inner_texts() == [questions[0]["text"], questions[3]["text"]]
    assert page.locator(".builder-notice").inner_text() == message
    assert page.locator(".builder-notice").get_attribute("role") == "status"


def test_a_link_without_unknown_ids_shows_no_notice(page, served, site):
    questions = bank(site, "")
    open_builder(page, served, "", "?sheet=" + questions[2]["id"])
    assert page.locator(".builder-notice").is_hidden()


@pytest.mark.parametrize("lang,message", [
    ("", "1 spørsmål i lenken er byttet ut med den nyere utgaven av spørsmålet. "
         "1 spørsmål i lenken finnes ikke lenger i spørsmålsbankene og er tatt ut av arket."),
    ("en/", "1 question in the link has been replaced by its newer version. "
            "1 question in the link is no longer in the question banks and has been left out."),
])
def test_a_retired_id_in_a_link_selects_its_successor(page, served, site, lang, message):
    questions = bank(site, lang)
    successor = {**questions[5], "replaces": ["int1-gammel-utgave"]}
    serve_items(page, [successor if q is questions[5] else q for q in questions])
    open_builder(page, served, lang, "?sheet=int1-gammel-utgave,int1-ukjent")
    assert page.locator("ol.builder-questions li").all_inner_texts() == [questions[5]["text"]]
    assert page.locator(f"#builder-q-{questions[5]['id']}").is_checked()
    assert page.locator(".builder-notice").inner_text() == message
    assert f"sheet={questions[5]['id']}" in page.url  # the address now names the successor


# --- Sources and proposals --------------------------------------------------------------------

@pytest.mark.parametrize("lang,one,many,badge", [
    # Keys read as the pages show them: labels from includes/sources.yml via #ekh-sources.
    ("", "Kilde: PRIOslo 2022 §11.4", "Kilder: Uteseksjonen 2023 §10.1, PRIOslo 2022 §11.2", "Forslag fra håndboka"),
    ("en/", "Source: PRIOslo 2022 §11.4", "Sources: Uteseksjonen 2023 §10.1, PRIOslo 2022 §11.2", "The handbook's proposal"),
])
def test_builder_shows_sources_and_the_proposal_badge_when_items_json_has_them(page, served, site, lang, one, many, badge):
    questions = bank(site, lang)
    records = [dict(q, sources=["001 §11.4"], proposal=False) for q in questions]
    records[1] = dict(questions[1], sources=["000 §10.1", "001 §11.2"], proposal=True)
    serve_items(page, records)
    open_builder(page, served, lang)
    first = page.locator(f"#builder-q-{questions[0]['id']}").locator("xpath=..")
    second = page.locator(f"#builder-q-{questions[1]['id']}").locator("xpath=..")
    assert first.locator(".builder-meta").inner_text().endswith(" · " + one)
    assert second.locator(".builder-meta").inner_text().endswith(" · " + many)
    assert first.locator(".builder-proposal").count() == 0
    assert second.locator(".builder-proposal").inner_text() == badge
    assert page.locator(".builder-proposal").count() == 1


def test_builder_without_the_new_fields_shows_neither(page, served, site):
    questions = [{k: q[k] for k in ("id", "kind", "text", "url", "section")} for q in bank(site, "en/")]
    serve_items(page, questions)
    open_builder(page, served, "en/")
    assert page.locator(".builder-proposal").count() == 0
    assert "Source" not in page.locator(".builder-list").inner_text()


# --- Failure and layout -----------------------------------------------------------------------

@pytest.mark.parametrize("lang,message", [
    ("", "Spørsmålslisten kunne ikke lastes"),
    ("en/", "The list of questions could not be loaded"),
])
def test_builder_says_the_list_could_not_load_when_items_json_is_missing(page, served, lang, message):
    page.route("**/items.json", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(served + lang + BUILDER)
    page.locator(".builder--failed").wait_for()
    text = page.locator("#sheet-builder").inner_text()
    assert message in text
    assert "JavaScript" not in text
    assert page.locator("#sheet-builder a[href$='intervju-1/']").count() == 1  # the banks stay linked


@pytest.mark.parametrize("width,height", [(412, 823), (1350, 940)])
def test_builder_replaces_its_fallback_without_moving_the_page(browser, served, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(
        "window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())"
        " if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    page = context.new_page()
    # A slow list, so the fallback is surely painted before the builder replaces it.
    page.route("**/items.json", lambda route: (page.wait_for_timeout(300), route.continue_()))
    for lang in ["", "en/"]:
        page.goto(served + lang + BUILDER)
        page.locator(".builder--ready").wait_for()
        page.wait_for_timeout(300)
        cls = page.evaluate("window.__cls")
        assert cls <= 0.02, f"{lang or 'nb/'} at {width}px: CLS {cls:.3f}"
    context.close()
