"""The new-hire path as a personal plan (plan.js, calendar.js, progress-file.js), in Chromium on
the site served under a sub-path: dates from a first working day (month ends, leap years,
weekends), the calendar file read by a real iCalendar parser, progress moved through a file, and
the printed record for the talks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import pdf_texts, ARTIFACTS, print_pdf

LANGS = {"": "nb-NO", "en/": "en-GB"}
STEPS = ["for-forste-dag", "forste-uke", "andre-uke", "forste-maned", "to-maneder", "fem-maneder"]


def path_items(site: Path, lang: str = "") -> dict[str, list[dict]]:
    """The checklist items of each step of the path, in page order, from the built items.json."""
    items = json.loads((site / lang / "items.json").read_text(encoding="utf-8"))
    return {
        step: [i for i in items if i["kind"] == "checklist" and i["url"].startswith(f"ny-i-jobben/{step}/#")]
        for step in STEPS
    }


@pytest.fixture()
def plan_page(browser, served):
    """Open the path page in a language with the clock fixed on 20 April 2027; storage starts empty."""
    contexts = []

    def open_(lang: str = "", *, now: str = "2027-04-20T10:00:00"):
        context = browser.new_context(locale=LANGS[lang], accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.clock.set_fixed_time(now)
        page.goto(served + lang + "ny-i-jobben/")
        page.wait_for_selector("#np-start")
        return page

    yield open_
    for context in contexts:
        context.close()


def set_start(page, day: str) -> None:
    page.fill("#np-start", day)
    page.dispatch_event("#np-start", "change")


def stored(page) -> dict[str, str]:
    """What the plan keeps: the ticks and the first working day (storage.js puts the copy's path in
    front of each name; not what other scripts keep, such as the changes a reader has seen)."""
    return page.evaluate(
        "() => Object.fromEntries(ekhStorage.stored().filter(s => s.name.startsWith('ekh.tick.') || s.name === 'ekh.plan.start')"
        ".map(s => [s.name, ekhStorage.get(s.name)]))"
    )


def step_line(page, n: int) -> str:
    return " ".join(page.locator(".np-path ol > li").nth(n).locator(".np-when").inner_text().split())


# --- Dates ----------------------------------------------------------------------------------

def test_months_clamp_at_month_end_and_in_leap_years(plan_page):
    page = plan_page()
    add = "([d, n]) => ekhPlan.iso(ekhPlan.addMonths(ekhPlan.parseISO(d), n))"
    assert page.evaluate(add, ["2025-01-31", 1]) == "2025-02-28"
    assert page.evaluate(add, ["2028-01-31", 1]) == "2028-02-29"  # leap year
    assert page.evaluate(add, ["2024-02-29", 12]) == "2025-02-28"
    assert page.evaluate(add, ["2025-08-31", 1]) == "2025-09-30"
    assert page.evaluate(add, ["2025-10-31", 4]) == "2026-02-28"  # across the year end
    assert page.evaluate(add, ["2027-03-04", 2]) == "2027-05-04"
    assert page.evaluate("() => ekhPlan.parseISO('2027-02-29')") is None  # no such day

    spans = """d => { const s = ekhPlan.schedule(d), out = {};
        for (const [k, v] of Object.entries(s.steps)) out[k] = [v.from && ekhPlan.iso(v.from), ekhPlan.iso(v.to), ekhPlan.iso(v.event)];
        return out; }"""
    # 31 January 2028 is a Monday; a month later is 29 February (leap year).
    s = page.evaluate(spans, "2028-01-31")
    assert s["forste-uke"] == ["2028-01-31", "2028-02-06", "2028-01-31"]
    assert s["forste-maned"] == ["2028-02-14", "2028-02-28", "2028-02-14"]
    assert s["to-maneder"] == ["2028-02-29", "2028-03-31", "2028-03-31"]
    assert s["fem-maneder"] == ["2028-04-01", "2028-06-30", "2028-06-30"]
    # 31 January 2025 is a Friday; a month later is 28 February.
    s = page.evaluate(spans, "2025-01-31")
    assert s["forste-maned"][1] == "2025-02-27"
    assert s["to-maneder"][2] == "2025-03-31"
    assert s["fem-maneder"][2] == "2025-06-30"
    assert s["for-forste-dag"] == [None, "2025-01-30", "2025-01-24"]


def test_a_weekend_start_counts_from_the_monday_after_and_says_so(plan_page):
    page = plan_page()
    # Saturday 1 May 2027: the plan counts from Monday 3 May. Two months on is Saturday 3 July
    # and five months on Sunday 3 October: both talks move to the Monday after.
    s = page.evaluate("""d => { const s = ekhPlan.schedule(d);
        return [ekhPlan.iso(s.first), ekhPlan.iso(s.steps['to-maneder'].event), s.steps['to-maneder'].moved,
                ekhPlan.iso(s.steps['fem-maneder'].event), s.steps['fem-maneder'].moved]; }""", "2027-05-01")
    assert s == ["2027-05-03", "2027-07-05", True, "2027-10-04", True]
    set_start(page, "2027-05-01")
    hint = page.locator(".np-start__hint").inner_text()
    assert hint == "Du har valgt lørdag 1. mai 2027, som er en helgedag: planen regner fra mandag 3. mai 2027."
    assert step_line(page, 1).startswith("3.–9. mai 2027")
    assert step_line(page, 4).startswith("Samtalen: mandag 5. juli 2027 (flyttet fra helgen)")
    # A weekday start is used as it is and needs no note.
    set_start(page, "2027-03-04")
    assert page.locator(".np-start__hint").inner_text() == ""


@pytest.mark.parametrize("lang,lines", [
    ("", ["Fram til 3. mars 2027", "4.–10. mars 2027", "11.–17. mars 2027", "18. mars–3. april 2027",
          "Samtalen: tirsdag 4. mai 2027", "Samtalen: onsdag 4. august 2027"]),
    ("en/", ["Until 3 March 2027", "4 – 10 March 2027", "11 – 17 March 2027", "18 March – 3 April 2027",
             "The talk: Tuesday, 4 May 2027", "The talk: Wednesday, 4 August 2027"]),
])
def test_each_step_shows_its_dates_in_the_reader_language_and_the_date_is_kept(plan_page, lang, lines):
    page = plan_page(lang)
    set_start(page, "2027-03-04")
    shown = [step_line(page, n) for n in range(6)]
    for line, expected in zip(shown, lines):
        assert line.replace("\u2009", " ").startswith(expected), shown
    assert stored(page)["ekh.plan.start"] == "2027-03-04"
    page.reload()
    page.wait_for_selector(".np-when")
    assert page.input_value("#np-start") == "2027-03-04"
    assert [step_line(page, n) for n in range(6)] == shown


def test_today_is_marked_and_a_past_step_with_unticked_items_says_so(plan_page, site):
    page = plan_page()  # today: 20 April 2027
    before = path_items(site)["for-forste-dag"]
    for item in before:
        page.evaluate("id => ekhTicks.setTicked(id, true)", item["id"])
    set_start(page, "2027-03-04")
    steps = page.locator(".np-path ol > li")
    # 4 April – 4 May 2027 leads up to the two-month talk: that is today's step, and the only one.
    assert page.locator(".np-path li[aria-current=step]").count() == 1
    assert steps.nth(4).get_attribute("aria-current") == "step"
    assert "Du er her" in step_line(page, 4)
    # Every item before day one is ticked: past, but nothing to say.
    assert "np-step--behind" not in steps.nth(0).get_attribute("class")
    n_week1 = len(path_items(site)["forste-uke"])
    assert f"Trinnet er passert, og {n_week1} av punktene er ikke krysset av." in step_line(page, 1)
    assert "np-step--behind" in steps.nth(1).get_attribute("class")
    # The talk after five months is ahead: neither marked nor past.
    assert step_line(page, 5) == "Samtalen: onsdag 4. august 2027"


# --- Calendar -------------------------------------------------------------------------------

def download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(button)
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


@pytest.mark.parametrize("lang,summary,name", [
    ("", "Ny i jobben: samtale etter to måneder", "ny-i-jobben-kalender.ics"),
    ("en/", "New in the job: the two-month talk", "new-hire-calendar.ics"),
])
def test_the_calendar_file_is_rfc5545_and_a_parser_reads_the_right_dates(plan_page, served, lang, summary, name):
    page = plan_page(lang)
    set_start(page, "2027-05-01")  # a Saturday: first day Monday 3 May, talks 5 July and 4 October
    filename, data = download(page, ".np-calendar__button")
    assert filename == name
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long descriptions are folded
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"new-hire-{lang.strip('/') or 'nb'}.ics").write_bytes(data)

    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and "Erfaringskompetanse" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    got = {str(e["SUMMARY"]): (e.decoded("DTSTART"), e.decoded("DTEND")) for e in events}
    assert len(events) == 3
    assert got[summary] == (dt.date(2027, 7, 5), dt.date(2027, 7, 6))
    assert sorted(v[0] for v in got.values()) == [dt.date(2027, 5, 3), dt.date(2027, 7, 5), dt.date(2027, 10, 4)]
    assert cal.errors == [] and [e.errors for e in events] == [[], [], []]  # the parser's complaints
    for e in events:
        assert str(e["UID"]) and e.get("DTSTAMP") is not None
        assert not isinstance(e.decoded("DTSTART"), dt.datetime)  # all-day: VALUE=DATE
        assert e.decoded("DTSTAMP").tzinfo is not None
    talk = next(e for e in events if str(e["SUMMARY"]) == summary)
    # The description survives escaping and folding: commas, a line break, the absolute link.
    description = str(talk["DESCRIPTION"])
    assert served + lang + "ny-i-jobben/to-maneder/" in description
    assert "\n" in description
    assert any("," in str(e["DESCRIPTION"]) for e in events)
    assert b"\\," in data and b"\\n" in data

    # The same plan downloaded again has the same UIDs, so a calendar updates instead of doubling.
    again = Calendar.from_ical(download(page, ".np-calendar__button")[1])
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events)
    assert len({str(e["UID"]) for e in events}) == 3

    # Every step is an option.
    for box in page.locator(".np-calendar input[type=checkbox]").all():
        box.check()
    every = Calendar.from_ical(download(page, ".np-calendar__button")[1]).walk("VEVENT")
    assert sorted(e.decoded("DTSTART") for e in every) == [
        dt.date(2027, 4, 26), dt.date(2027, 5, 3), dt.date(2027, 5, 10), dt.date(2027, 5, 17),
        dt.date(2027, 7, 5), dt.date(2027, 10, 4)]


def test_the_calendar_asks_for_a_start_date_first(plan_page):
    page = plan_page()
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click(".np-calendar__button")
    assert page.locator(".np-calendar__status").inner_text() == "Skriv inn første arbeidsdag over stien først."
    assert downloads == []


# --- Progress in a file ---------------------------------------------------------------------

def test_progress_saved_to_a_file_comes_back_after_storage_is_cleared(plan_page, site, tmp_path):
    page = plan_page()
    items = path_items(site)
    chosen = [items["for-forste-dag"][0]["id"], items["forste-uke"][2]["id"], items["fem-maneder"][-1]["id"]]
    for item_id in chosen:
        page.evaluate("id => ekhTicks.setTicked(id, true)", item_id)
    set_start(page, "2027-03-04")
    before = stored(page)
    assert len(before) == 4

    filename, data = download(page, ".np-file__save")
    assert filename == "ny-i-jobben-framdrift.json"
    saved = json.loads(data)
    assert saved["version"] == 1 and saved["format"] == "ekh-ny-i-jobben"
    assert saved["start"] == "2027-03-04" and sorted(saved["ticked"]) == sorted(chosen)
    (tmp_path / filename).write_bytes(data)

    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.wait_for_selector("#np-start")
    assert stored(page) == {}
    assert page.locator(".np-total progress").get_attribute("value") == "0"

    page.set_input_files(".np-file__input", str(tmp_path / filename))
    review = page.locator(".np-file__review")
    review.wait_for()
    assert "Første arbeidsdag blir torsdag 4. mars 2027 (nå: ikke satt)." in review.inner_text()
    assert sorted(review.locator("li[data-item]").evaluate_all("els => els.map(e => e.dataset.item)")) == sorted(chosen)
    assert stored(page) == {}  # nothing changes before the reader says so
    page.click(".np-file__merge")
    assert stored(page) == before
    assert page.locator(".np-file__status").inner_text() == "Framdriften er hentet. Nye kryss: 3."
    assert page.locator(".np-total progress").get_attribute("value") == "3"
    assert step_line(page, 1).startswith("4.–10. mars 2027")


def test_loading_merges_and_never_removes_a_tick(plan_page, site):
    page = plan_page("en/")
    items = path_items(site, "en/")
    mine, theirs = items["andre-uke"][0]["id"], items["to-maneder"][0]["id"]
    page.evaluate("id => ekhTicks.setTicked(id, true)", mine)
    payload = {"format": "ekh-ny-i-jobben", "version": 1, "start": None, "ticked": [theirs]}
    file = [{"name": "p.json", "mimeType": "application/json", "buffer": json.dumps(payload).encode()}]
    # Cancel leaves everything as it was.
    page.set_input_files(".np-file__input", files=file)
    page.locator(".np-file__review").wait_for()
    page.click(".np-file__cancel")
    assert page.locator(".np-file__status").inner_text() == "Nothing has changed."
    assert stored(page) == {f"ekh.tick.{mine}": "1"}
    # The same file again, merged this time.
    page.set_input_files(".np-file__input", files=file)
    page.locator(".np-file__review").wait_for()
    assert page.locator(".np-file__review li").all_inner_texts() == [items["to-maneder"][0]["text"]]
    page.click(".np-file__merge")
    assert stored(page) == {f"ekh.tick.{mine}": "1", f"ekh.tick.{theirs}": "1"}
    assert page.locator(".np-file__status").inner_text() == "Progress loaded. New ticks: 1."


@pytest.mark.parametrize("content,message", [
    (b'{"format": "ekh-ny-i-jobben", "version": 1, "ticked": ["ny-for-les-plan"', "er ikke en framdriftsfil fra håndboka"),
    (b'{"format": "ekh-ny-i-jobben", "version": 1, "start": null, "ticked": ["ny-for-les-plan", "ny-uke1-hacked"]}',
     "har punkter som ikke finnes på stien: ny-uke1-hacked"),
    (b'{"format": "ekh-ny-i-jobben", "version": 2, "start": null, "ticked": []}', "har versjon 2, men håndboka leser bare versjon 1"),
    (b'{"format": "ekh-ny-i-jobben", "version": 1, "start": "2027-02-30", "ticked": []}', "har en ugyldig første arbeidsdag: \"2027-02-30\""),
    (b'{"format": "ekh-ny-i-jobben", "version": 1, "start": null, "ticked": [{"id": "ny-for-les-plan"}]}', "er ikke en framdriftsfil"),
    (b'["ny-for-les-plan"]', "er ikke en framdriftsfil fra håndboka"),
    # Names every object inherits are no item of the path.
    (b'{"format": "ekh-ny-i-jobben", "version": 1, "start": null, "ticked": ["constructor"]}',
     "har punkter som ikke finnes på stien: constructor"),
    (b'{"format": "ekh-ny-i-jobben", "version": 1, "start": null, "ticked": ["ny-for-les-plan", "toString", "__proto__", "hasOwnProperty"]}',
     "har punkter som ikke finnes på stien: toString, __proto__, hasOwnProperty"),
    # The handbook writes the version as a number: "1" is no file of its own, and the message
    # never reads "version 1, but the handbook reads version 1".
    (b'{"format": "ekh-ny-i-jobben", "version": "1", "start": null, "ticked": []}', "er ikke en framdriftsfil fra håndboka"),
    (b'{"format": "ekh-ny-i-jobben", "start": null, "ticked": []}', "er ikke en framdriftsfil fra håndboka"),
])
def test_a_tampered_file_is_refused_with_a_message_and_nothing_changes(plan_page, content, message):
    page = plan_page()
    page.evaluate("id => ekhTicks.setTicked(id, true)", "ny-uke1-hils")
    set_start(page, "2027-03-04")
    before = stored(page)
    page.set_input_files(".np-file__input", files=[{"name": "framdrift.json", "mimeType": "application/json", "buffer": content}])
    status = page.locator(".np-file__status")
    status.wait_for()
    assert status.inner_text().startswith(f"«framdrift.json» {message}")
    assert status.inner_text().endswith(". Ingenting er endret.")
    assert page.locator(".np-file__review").is_hidden()
    assert stored(page) == before


# A progress file larger than this is refused before it is read (progress-file.js, LIMIT).
LIMIT = 1_000_000


@pytest.mark.parametrize("lang,message", [
    ("", "«stor.json» er 2,1 MB, og en framdriftsfil fra håndboka er aldri større enn 1 MB. Ingenting er endret."),
    ("en/", "“stor.json” is 2.1 MB, and a progress file from the handbook is never larger than 1 MB. Nothing has changed."),
])
def test_a_file_over_the_size_limit_is_refused_unread_with_the_limit_in_the_message(plan_page, site, lang, message):
    page = plan_page(lang)
    before = stored(page)
    item = path_items(site, lang)["forste-uke"][0]["id"]
    # A valid file, padded past the limit: read, it would be offered for merge.
    data = json.dumps({"format": "ekh-ny-i-jobben", "version": 1, "start": None, "ticked": [item]})
    data = data[:-1] + " " * (2_050_000 - len(data)) + "}"
    page.set_input_files(".np-file__input", files=[{"name": "stor.json", "mimeType": "application/json",
                                                     "buffer": data.encode()}])
    status = page.locator(".np-file__status")
    status.wait_for()
    assert status.inner_text() == message
    assert page.locator(".np-file__review").is_hidden()
    assert stored(page) == before


def test_a_file_with_every_item_ticked_is_far_below_the_size_limit(plan_page, site):
    """The limit leaves a wide margin: the largest real progress file is a few kilobytes."""
    page = plan_page()
    every = [i["id"] for step in STEPS for i in path_items(site)[step]]
    for item_id in every:
        page.evaluate("id => ekhTicks.setTicked(id, true)", item_id)
    set_start(page, "2027-03-04")
    _, data = download(page, ".np-file__save")
    assert sorted(json.loads(data)["ticked"]) == sorted(every)
    assert len(data) * 100 < LIMIT, len(data)
    print(f"a progress file with all {len(every)} items ticked: {len(data)} bytes")


# --- The printed record ---------------------------------------------------------------------

@pytest.mark.parametrize("lang,dates", [
    ("", ["torsdag 4. mars 2027", "Fram til 3. mars 2027", "Samtalen: tirsdag 4. mai 2027", "Samtalen: onsdag 4. august 2027"]),
    ("en/", ["Thursday, 4 March 2027", "Until 3 March 2027", "The talk: Tuesday, 4 May 2027", "The talk: Wednesday, 4 August 2027"]),
])
def test_the_printed_record_fits_two_a4_pages_with_every_item_its_tick_and_the_dates(plan_page, site, lang, dates):
    page = plan_page(lang)
    items = path_items(site, lang)
    every = [i for step in STEPS for i in items[step]]
    ticked = [items["forste-uke"][0]["id"], items["to-maneder"][1]["id"]]
    for item_id in ticked:
        page.evaluate("id => ekhTicks.setTicked(id, true)", item_id)
    set_start(page, "2027-03-04")
    page.emulate_media(media="print")
    reader = print_pdf(page, f"new-hire-record-{lang.strip('/') or 'nb'}.pdf", print_background=False)
    assert len(reader.pages) <= 2
    first = reader.pages[0].mediabox
    assert (round(float(first.width) * 25.4 / 72), round(float(first.height) * 25.4 / 72)) == (210, 297)
    text = " ".join(" ".join(t.split()) for t in pdf_texts(reader))
    flat = "".join(text.split())
    for item in every:
        assert "".join(item["text"].split()) in flat, item["id"]
    for date in dates:
        assert "".join(date.split()) in flat, date
    assert text.count("✓") == len(ticked)
    for mark in ("✓" + "".join(items["forste-uke"][0]["text"].split()), "✓" + "".join(items["to-maneder"][1]["text"].split())):
        assert mark in flat
    words = {"": ["Notater fra den nyansatte", "Notater fra lederen", "Signatur, den nyansatte", "Signatur, leder"],
             "en/": ["Notes from the new hire", "Notes from the manager", "Signature, new hire", "Signature, manager"]}[lang]
    for word in words:
        assert word in text
    # The screen tools stay off paper.
    assert "Legg i kalenderen" not in text and "Add to calendar" not in text
    page.emulate_media(media="screen")


# --- Accessibility of the plan's own controls -------------------------------------------------

@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_plan_with_dates_marks_and_a_pending_merge_passes_axe(plan_page, scheme):
    from axe_playwright_python.sync_playwright import Axe
    from test_quality import AXE_OPTIONS, set_palette

    page = plan_page()
    set_palette(page, scheme)
    page.reload()
    page.wait_for_selector("#np-start")
    set_start(page, "2027-03-04")  # today (20 April) is in the two-month step; earlier steps are behind
    page.set_input_files(".np-file__input", files=[{"name": "p.json", "mimeType": "application/json",
                                                     "buffer": b'{"format": "ekh-ny-i-jobben", "version": 1, "ticked": ["ny-mnd1-logg"]}'}])
    page.locator(".np-file__review").wait_for()
    assert page.locator(".np-step--behind").count() == 4 and page.locator(".np-step--now").count() == 1
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


def test_a_step_page_shows_its_own_dates(plan_page, served):
    page = plan_page("en/")
    set_start(page, "2027-03-04")
    page.goto(served + "en/ny-i-jobben/to-maneder/")
    line = page.locator("h1 + .np-when--page")
    assert " ".join(line.inner_text().split()) == "First working day: 4 March 2027 · The talk: Tuesday, 4 May 2027"
    page.goto(served + "en/ny-i-jobben/andre-uke/")
    assert " ".join(page.locator("h1 + .np-when--page").inner_text().split()).endswith("· 11 – 17 March 2027")
