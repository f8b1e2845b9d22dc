"""What readers stumble on (issue 25) and the builder's legal warning (issue 20), in Chromium on the
real site under a sub-path and the strict CSP: tick boxes seen and focused in both palettes and
tapped on a phone, focus after the plan's file dialog, the booklets (the new-hire record, running
heads, contents, the builder's page), search on the 404 pages and with typos, the interview sheet
on one A4 page with its address, the copied link, and the warning on questions about health;
plus the `extra.items.sensitive` rule on a tiny site."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT, TINY_I18N, TINY_SITE, mkdocs_build, write_tiny_site, pdf_texts, print_pdf, pdf_text
from test_plan import path_items, plan_page  # noqa: F401  (a fixture)
from test_quality import SITE_PATH, served_at_site_path, set_palette  # noqa: F401  (a fixture)
from test_search import results

BUILDER = "rekruttering/intervjuark/"
SENSITIVE = {"int2-tilbakefall", "int2-forhold-til-rus", "int1-negative-tanker", "int1-pavirket-livet"}


def flat(text: str) -> str:
    return "".join(text.split())  # line breaks fall anywhere on paper


def bank(site: Path, lang: str) -> list[dict]:
    items = json.loads((site / lang / "items.json").read_text(encoding="utf-8"))
    return [i for i in items if i["kind"] == "question" and i["url"].startswith("rekruttering/intervju-")]


# ----------------------------------------------------------------------------
# Colours and pixels
# ----------------------------------------------------------------------------

def rgba(css: str) -> tuple[float, float, float, float]:
    """'rgb(1, 2, 3)', 'rgba(1, 2, 3, 0.5)' or Chromium's 'color(srgb r g b / a)' (0-1)."""
    if css.startswith("color(srgb"):
        parts = re.findall(r"[\d.]+", css)
        r, g, b = (float(x) * 255 for x in parts[:3])
        return r, g, b, float(parts[3]) if len(parts) > 3 else 1.0
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def over(top: tuple, bottom: tuple) -> tuple:
    """`top` painted over an opaque `bottom`."""
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3)) + (1.0,)


def contrast(a: tuple, b: tuple) -> float:
    def luminance(c):
        channels = [x / 255 for x in c[:3]]
        channels = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# The colour a reader sees of an item's tick box, and the page behind it: every background from
# the canvas down to the item, blended in order. The box is the indicator's ::before: its border
# where it has one (a ring), else its fill (a disc, or Material's masked circle).
BOX_COLOURS = """li => {
  const chain = [];
  for (let e = li; e; e = e.parentElement) chain.unshift(getComputedStyle(e).backgroundColor);
  const box = getComputedStyle(li.querySelector('.task-list-indicator'), '::before');
  const ring = parseFloat(box.borderTopWidth) > 0 && box.borderTopStyle !== 'none';
  return {backgrounds: chain, box: ring ? box.borderTopColor : box.backgroundColor,
          canvas: getComputedStyle(document.documentElement).colorScheme};
}"""


def seen_contrast(page, li) -> float:
    found = li.evaluate(BOX_COLOURS)
    behind = (255.0, 255.0, 255.0, 1.0)  # the canvas: white unless a background covers it
    for colour in found["backgrounds"]:
        behind = over(rgba(colour), behind)
    return contrast(over(rgba(found["box"]), behind), behind)


def png_pixels(data: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """A screenshot's pixels (8-bit RGB or RGBA PNG, as Chromium writes them) as rows of RGB."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6) and chunk[12] == 0, "not an 8-bit RGB(A) PNG"
            step = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * step, [], bytearray(width * step)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b, c = prev[x], prev[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, step)])
        prev = line
    return width, height, rows


def bbox(rows, keep) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the pixels where keep(x, y) holds."""
    points = [(x, y) for y in range(len(rows)) for x in range(len(rows[0])) if keep(x, y)]
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


# ----------------------------------------------------------------------------
# Tick boxes: contrast, focus, the whole line on a phone (WCAG 1.4.11, 2.4.7, 2.5.8)
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_tick_boxes_stand_out_3_to_1_unticked_and_ticked(browser, served, scheme):
    context = browser.new_context(color_scheme="dark" if scheme == "slate" else "light")
    page = context.new_page()
    page.goto(served + "rekruttering/sjekkliste/")
    set_palette(page, scheme)
    page.reload()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    items = page.locator("li.item--checklist")
    unticked, ticked = items.nth(0), items.nth(1)
    ticked.locator("input").check(force=True)
    assert ticked.locator("input").is_checked() and not unticked.locator("input").is_checked()
    for li, state in ((unticked, "unticked"), (ticked, "ticked")):
        ratio = seen_contrast(page, li)
        assert ratio >= 3, f"{scheme}: {state} box {ratio:.2f}:1"
    context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_a_focused_box_has_a_visible_ring_around_it(browser, served, scheme):
    context = browser.new_context(viewport={"width": 1000, "height": 700}, device_scale_factor=1)
    page = context.new_page()
    page.goto(served + "rekruttering/sjekkliste/")
    set_palette(page, scheme)
    page.reload()
    li = page.locator("li.item--checklist").first
    li.evaluate("e => e.scrollIntoView({block: 'center'})")
    area = li.bounding_box()
    # The circle sits left of the text; the clip holds it and a margin, and stops at the text.
    clip = {"x": area["x"] - 44, "y": area["y"] - 10, "width": 44, "height": 44}
    for state in ("unticked", "ticked"):
        before = png_pixels(page.screenshot(clip=clip))[2]
        # Keyboard focus: from the heading's link just above the list, one Tab.
        page.locator("h2#for-og-under-ansettelsen a.headerlink").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement === document.querySelector('li.item--checklist input')")
        after = png_pixels(page.screenshot(clip=clip))[2]
        page.keyboard.press("Shift+Tab")

        background = before[0][0]
        circle = bbox(before, lambda x, y: before[y][x] != background)
        ring = bbox(before, lambda x, y: after[y][x] != before[y][x])
        assert circle and ring, f"{scheme}, {state}: circle {circle}, ring {ring}"
        # The ring surrounds the circle on all four sides, close to it, as wide as it is high.
        assert ring[0] < circle[0] and ring[1] < circle[1] and ring[2] > circle[2] and ring[3] > circle[3], \
            f"{scheme}, {state}: ring {ring} does not surround the circle {circle}"
        assert all(0 < gap <= 8 for gap in (circle[0] - ring[0], circle[1] - ring[1],
                                            ring[2] - circle[2], ring[3] - circle[3])), (state, ring, circle)
        assert abs((ring[2] - ring[0]) - (ring[3] - ring[1])) <= 2, (state, ring)
        page.evaluate("id => ekhTicks.setTicked(id, true)", li.get_attribute("data-item"))
        assert li.locator("input").is_checked()
    context.close()


def test_tapping_an_item_text_ticks_its_box_on_a_phone(browser, served, site):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(served + "rekruttering/sjekkliste/")
    li = page.locator("li.item--checklist").nth(2)
    box = li.locator("input[type=checkbox]")
    text = li.locator(".item-text")
    text.evaluate("e => e.scrollIntoView({block: 'center'})")
    words = text.bounding_box()
    page.touchscreen.tap(words["x"] + words["width"] / 2, words["y"] + 8)
    assert box.is_checked()
    page.touchscreen.tap(words["x"] + 4, words["y"] + words["height"] - 4)
    assert not box.is_checked()
    # The whole line answers a tap, the box is 24 px square; the source link still leads on.
    line = li.bounding_box()
    assert line["height"] >= 24
    hits = page.evaluate("""([x0, x1, y]) => [...Array(9).keys()].map(i => {
        const e = document.elementFromPoint(x0 + (x1 - x0) * i / 8, y);
        return e && (e.closest('a') ? 'link' : e.closest('label.task-list-control') ? 'label' : e.tagName); })""",
                         [line["x"] - 20, line["x"] + line["width"] - 2, line["y"] + line["height"] / 2])
    assert set(hits) <= {"label", "link"} and hits.count("label") >= 6, hits
    size = box.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24, size
    source = li.locator("a.item-source").bounding_box()
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a.item-source') !== null",
                         [source["x"] + source["width"] / 2, source["y"] + source["height"] / 2])
    # In the interview-sheet builder a question's text is its box's label, and the page scrolls:
    # no list that scrolls inside it.
    page.goto(served + BUILDER)
    page.locator(".builder--ready").wait_for()
    question = bank(site, "")[3]
    label = page.locator(f"label[for='builder-q-{question['id']}']")
    label.evaluate("e => e.scrollIntoView({block: 'center'})")
    spot = label.bounding_box()
    page.touchscreen.tap(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
    assert page.locator(f"#builder-q-{question['id']}").is_checked()
    assert page.locator("ol.builder-questions li").all_inner_texts() == [question["text"]]
    scroll = page.locator(".builder-list").evaluate(
        "e => [getComputedStyle(e).overflowY, e.scrollHeight - e.clientHeight]")
    assert scroll[0] in ("visible", "clip") or scroll[1] <= 0, scroll
    context.close()


# ----------------------------------------------------------------------------
# The new-hire plan: focus after the file dialog
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("button", [".np-file__merge", ".np-file__cancel"])
def test_focus_goes_back_to_the_load_button_after_merge_or_cancel(plan_page, site, button):
    page = plan_page()
    theirs = path_items(site)["to-maneder"][0]["id"]
    payload = {"format": "ekh-ny-i-jobben", "version": 1, "start": None, "ticked": [theirs]}
    page.set_input_files(".np-file__input", files=[
        {"name": "p.json", "mimeType": "application/json", "buffer": json.dumps(payload).encode()}])
    page.locator(".np-file__review").wait_for()
    page.locator(button).focus()
    page.keyboard.press("Enter")
    page.locator(".np-file__review").wait_for(state="hidden")
    focused = page.evaluate("document.activeElement.className")
    assert "np-file__load" in focused, focused
    assert page.locator(".np-file__status").inner_text()


# ----------------------------------------------------------------------------
# Booklets
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["ny-i-jobben/utskrift/", "en/ny-i-jobben/utskrift/", "utskrift/"])
def test_the_new_hire_record_in_a_booklet_lists_every_item_of_the_path(page, served, site, path):
    lang = "en/" if path.startswith("en/") else ""
    items = [i for step in path_items(site, lang).values() for i in step]
    assert len(items) >= 20
    page.goto(served + lang + "ny-i-jobben/forste-uke/")
    page.evaluate("id => ekhTicks.setTicked(id, true)", items[5]["id"])
    page.goto(served + path)
    rows = page.locator(".np-record li[data-item]")
    rows.first.wait_for(state="attached")
    assert rows.evaluate_all("els => els.map(e => e.dataset.item)") == [i["id"] for i in items]
    assert page.locator(".np-record li.np-record__item--on").evaluate_all(
        "els => els.map(e => e.dataset.item)") == [items[5]["id"]]
    printed = page.locator(".np-record__printed").text_content()
    assert printed.endswith(("Krysset av: 1 av " if not lang else "Ticked: 1 of ") + f"{len(items)}.")
    if path == "en/ny-i-jobben/utskrift/":
        text = flat(pdf_text(print_pdf(page)))
        assert flat("Record for the new-hire talks") in text and flat(f"Ticked: 1 of {len(items)}.") in text
        for item in items:
            assert flat(item["text"]) in text


def test_booklet_contents_numbered_and_on_screen_no_front_page_marked_current(page, served, site):
    page.goto(served + "utskrift/")
    chapters = page.locator("section.booklet-chapter").evaluate_all("els => els.map(e => e.id)")
    side = page.locator(".md-sidebar--secondary [data-md-component=toc] a")
    targets = side.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert [t for t in dict.fromkeys(targets)] == ["#" + c for c in chapters]
    assert side.first.is_visible()
    labels = side.evaluate_all("els => els.map(e => e.textContent.trim().replace(/\\s+/g, ' '))")
    assert "4 Rekruttering" in labels and "4.2 Sjekkliste ved ansettelse" in labels
    assert page.locator(".md-sidebar--primary .md-nav__link--active").count() == 0
    assert page.locator(".md-sidebar--primary .md-nav__item--active:not(.md-nav__item--nested)").count() == 0
    contents = page.locator(".booklet-contents").inner_text()
    assert "4.2 Sjekkliste ved ansettelse" in " ".join(contents.split())


@pytest.mark.parametrize("lang,head,chapter", [
    ("", "Erfaringskompetanse-håndboka: Ny i jobben – 3 Første uke", "Første uke"),
    ("en/", "The Lived Experience Handbook: New in the job – 3 The first week", "The first week"),
])
def test_each_booklet_sheet_names_its_chapter_in_the_running_head(page, served, lang, head, chapter):
    page.goto(served + lang + "ny-i-jobben/utskrift/")
    reader = print_pdf(page, outline=True, tagged=True)
    starts = {flat(m.title): reader.get_destination_page_number(m) for m in reader.outline
              if not isinstance(m, list)}
    texts = [flat(t) for t in pdf_texts(reader)]
    assert flat(head) in texts[starts[flat(chapter)]]
    # Every sheet after the cover and the contents names its chapter, with its number, in the head.
    assert all(re.search(r"–\d+\D", t[:200]) for t in texts[2:]), [t[:120] for t in texts[2:]]
    assert not re.search(r"–\d+\D", texts[0][:200] + texts[1][:200])


@pytest.mark.parametrize("lang,pointer", [
    ("", "Intervjuarket setter du sammen på nett"),
    ("en/", "You put the interview sheet together online"),
])
def test_the_builder_page_in_a_booklet_points_to_the_builder(page, served, lang, pointer):
    page.goto(served + lang + "rekruttering/utskrift/")
    chapter = page.locator("#chapter-rekruttering-intervjuark")
    page.emulate_media(media="print")
    assert chapter.locator(".booklet-only").is_visible()
    assert pointer in chapter.locator(".booklet-only").inner_text()
    link = chapter.locator("a.web-address")
    assert link.get_attribute("href") == f"https://intranett.example.no/erfaringskompetanse/{lang}{BUILDER}"
    assert chapter.locator("#sheet-builder").is_hidden()
    assert chapter.locator(".sheet-head").is_hidden()
    assert chapter.locator(".builder--ready").count() == 0  # the builder is not built in a booklet
    # The pointer's links to the banks lead to their chapters in this booklet.
    banks = chapter.locator(".booklet-only a:not(.web-address)").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert banks == ["#chapter-rekruttering-intervju-1", "#chapter-rekruttering-intervju-2"]


# ----------------------------------------------------------------------------
# Search: on the 404 pages, typos, ranking
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("missing,query,found", [
    ("finnes-ikke/", "sjekkliste", "rekruttering/sjekkliste/"),
    ("en/does-not-exist/", "checklist", "en/rekruttering/sjekkliste/"),
])
def test_search_on_the_404_page_finds_pages(browser, served_at_site_path, missing, query, found):
    page = browser.new_page()
    response = page.goto(served_at_site_path + SITE_PATH + missing)
    assert response.status == 404
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially(query)
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(timeout=15000)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs[0].split("?")[0] == served_at_site_path + SITE_PATH + found, hrefs[:3]
    assert all((SITE_PATH + "en/" in h) == missing.startswith("en/") for h in hrefs)
    page.close()


@pytest.mark.parametrize("lang,typo,word,first", [
    ("", "erfaringskonsulennt", "erfaringskonsulent", ("rollen/", "om/begreper/", "om/")),
    ("", "stilingsannonse", "stillingsannonse", ("rekruttering/utlysning/",)),
    ("en/", "supervison", "supervision", ("veiledning/", "veiledning/organisering/")),
])
def test_a_typo_finds_the_page_and_suggests_the_word(page, served, lang, typo, word, first):
    found = results(page, served + lang, typo)
    assert found and found[0] in first, found[:3]
    hint = page.locator(".ekh-suggest")
    assert " ".join(hint.inner_text().split()) == (f"Mente du {word}?" if not lang else f"Did you mean {word}?")
    # The suggestion puts the word in the box and searches for it; a known word suggests nothing.
    hint.locator("button").click()
    assert page.locator("input[data-md-component=search-query]").input_value() == word
    page.wait_for_function("() => !document.querySelector('.ekh-suggest').textContent")
    assert results(page, page.url, word)[0] in first
    assert page.locator(".ekh-suggest").inner_text() == ""


@pytest.mark.parametrize("lang,query,first,never", [
    # Three words: the page that holds all three before a page with one of them in its title.
    ("", "dele egen historie", ("veiledning/tema/", "om/begreper/", "rollen/"), ("om/politikk-og-historie/",)),
    ("en/", "sharing your own story", ("veiledning/tema/", "om/begreper/", "rollen/"), ()),
    # «må» is a word, not the start of «måned»: the new-hire month pages do not come up.
    ("", "må man være rusfri", None,
     ("ny-i-jobben/forste-maned/", "ny-i-jobben/to-maneder/", "ny-i-jobben/fem-maneder/")),
])
def test_more_typed_words_rank_higher_and_short_words_are_not_prefixes(page, served, lang, query, first, never):
    found = results(page, served + lang, query)
    assert found, query
    assert first is None or found[0] in first, found[:3]
    assert not set(never) & set(found[:5]), found[:5]


# ----------------------------------------------------------------------------
# The interview sheet on paper, its link, and the warning on questions about health
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang,title,lines,law", [
    ("", "Intervjuark – første intervju", ("Kandidatens navn:", "Dato:", "Intervjuet av:"),
     ("«Hva loven sier»", "GDPR art. 9")),
    ("en/", "Interview sheet – first interview", ("Candidate's name:", "Date:", "Interviewed by:"),
     ("“What the law says”", "GDPR Art. 9")),
])
def test_five_questions_print_on_one_a4_page_with_the_sheet_in_the_printed_address(
        page, served, site, lang, title, lines, law):
    chosen = [q for q in bank(site, lang) if q["url"].startswith("rekruttering/intervju-1/")
              and q["id"] not in SENSITIVE][:5]
    page.goto(served + lang + BUILDER + "?sheet=" + ",".join(q["id"] for q in chosen))
    page.locator(".builder--ready").wait_for()
    reader = print_pdf(page, f"interview-sheet-five-{lang.strip('/') or 'nb'}.pdf")
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    assert text.index(title) < text.index(lines[0]) < text.index(chosen[0]["text"][:30])
    for words in (*lines, *law):
        assert words in text, words
    for q in chosen:
        assert flat(q["text"]) in flat(text)
    # The address on paper leads back to this sheet; the web page's instructions stay on screen.
    address = f"https://intranett.example.no/erfaringskompetanse/{lang}{BUILDER}?sheet=" + \
        ",".join(q["id"] for q in chosen)
    assert flat(address) in flat(text)
    for screen_only in ("Her setter du sammen", "Here you put together", "Velg spørsmål", "Choose questions",
                        "Obs: spørsmål om helse", "Note: questions about health"):
        assert screen_only not in text
    assert page.locator("ol.builder-questions li").count() == 5


@pytest.mark.parametrize("lang,copied", [("", "Kopiert"), ("en/", "Copied")])
def test_the_sheet_link_is_copied_with_round_and_theme_and_the_page_stays(browser, served, site, lang, copied):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + lang + BUILDER)
    page.locator(".builder--ready").wait_for()
    second = [q for q in bank(site, lang) if q["url"].startswith("rekruttering/intervju-2/")]
    theme = second[4]["section"]
    page.locator(".builder-rounds input").first.uncheck()
    page.select_option("#builder-theme", theme)
    shown = [q for q in second if q["section"] == theme]
    for q in shown[:2]:
        page.locator(f"#builder-q-{q['id']}").check()
    page.evaluate("window.__stayed = true")
    link = page.locator(".builder-link")
    link.scroll_into_view_if_needed()
    scrolled = page.evaluate("scrollY")
    link.click()
    page.wait_for_function("() => document.querySelector('.builder-copied').textContent")
    status = page.locator(".builder-copied")
    assert status.is_visible() and status.inner_text() == copied
    address = page.evaluate("navigator.clipboard.readText()")
    assert page.evaluate("window.__stayed") is True and page.evaluate("scrollY") == scrolled
    assert address == page.url
    query = unquote(address.split("?", 1)[1])
    assert f"sheet={shown[0]['id']},{shown[1]['id']}" in query
    assert "round=intervju-2" in query and f"theme={theme}".replace(" ", "+") in query.replace(" ", "+")
    # The copied link opens the same sheet with the same round and theme.
    other = context.new_page()
    other.goto(address)
    other.locator(".builder--ready").wait_for()
    assert not other.locator(".builder-rounds input").first.is_checked()
    assert other.locator(".builder-rounds input").nth(1).is_checked()
    assert other.locator("#builder-theme").input_value() == theme
    assert other.locator(".builder-list input").count() == len(shown)
    assert other.locator("ol.builder-questions li").all_inner_texts() == [q["text"] for q in shown[:2]]
    context.close()


@pytest.mark.parametrize("lang,warning,flag", [
    ("", "Obs: spørsmål om helse.", "Spørsmål om helse"),
    ("en/", "Note: questions about health.", "Question about health"),
])
def test_a_question_about_health_brings_the_warning_on_screen_and_on_paper(page, served, site, lang, warning, flag):
    questions = bank(site, lang)
    sensitive = [q for q in questions if q.get("sensitive")]
    assert {q["id"] for q in sensitive} == SENSITIVE
    plain = [q for q in questions if not q.get("sensitive")][:4]
    # Without a question about health: no warning, on screen or on paper.
    page.goto(served + lang + BUILDER + "?sheet=" + ",".join(q["id"] for q in plain))
    page.locator(".builder--ready").wait_for()
    assert page.locator(".builder-warning").is_hidden()
    assert warning not in pdf_text(print_pdf(page))
    # Ticking one brings the warning, which links to the full legal note («Hva loven sier» on the interview page).
    box = page.locator(f"#builder-q-{sensitive[0]['id']}")
    box.check()
    note = page.locator(".builder-warning")
    assert note.is_visible() and note.inner_text().startswith(warning)
    for words in (("HR", "ta dem ut", "mestring") if not lang else ("HR", "leave them out", "coping")):
        assert words in note.inner_text()
    assert note.locator("a").first.get_attribute("href").endswith(("intervju/#hva-loven-sier", "intervju/#what-the-law-says"))
    assert page.locator(f"li[data-item='{sensitive[0]['id']}']").get_attribute("data-flag") == flag
    assert page.locator(f"#builder-q-{sensitive[0]['id']} ~ .builder-sensitive").inner_text() == flag
    reader = print_pdf(page, f"interview-sheet-warning-{lang.strip('/') or 'nb'}.pdf")
    text = pdf_text(reader)
    assert len(reader.pages) == 1
    assert warning in text and flag in text
    assert text.index(warning) < text.index(plain[0]["text"][:25])
    # Unticking it takes the warning away again.
    box.uncheck()
    assert note.is_hidden()


# ----------------------------------------------------------------------------
# extra.items.sensitive: only question ids, or the build stops with the line
# ----------------------------------------------------------------------------

SENSITIVE_CONFIG = f"""\
{TINY_SITE}plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "items.py"}
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.tasklist: {{custom_checkbox: true}}
extra:
  items:
    sensitive:
      - t-helse
      {{more}}
"""
PAGES = {
    "nb/index.md": "---\nid-prefix: t-\nsources: proposal\n---\n\n# Hjem\n\n- [ ] Et punkt. {#t-punkt}\n\n"
                   "1. [?] Hvordan har du det? {#t-helse}\n2. [?] Hva kan du? {#t-kan}\n",
    "en/index.md": "---\nid-prefix: t-\nsources: proposal\n---\n\n# Home\n\n- [ ] A point. {#t-punkt}\n\n"
                   "1. [?] How are you? {#t-helse}\n2. [?] What can you do? {#t-kan}\n",
}


def test_sensitive_questions_are_marked_in_items_json(tmp_path):
    project = write_tiny_site(tmp_path, SENSITIVE_CONFIG.replace("{more}", ""), PAGES)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in ("", "en/"):
        items = json.loads((project / "site" / lang / "items.json").read_text(encoding="utf-8"))
        assert {i["id"]: i.get("sensitive") for i in items} == {"t-punkt": None, "t-helse": True, "t-kan": None}


@pytest.mark.parametrize("more,message", [
    ("- t-finnes-ikke", 'mkdocs.yml:{line}: extra.items.sensitive lists "t-finnes-ikke", which is no item of '
                        "the handbook: write the id of a question as it stands in its braces on the page"),
    ("- t-punkt", 'mkdocs.yml:{line}: extra.items.sensitive lists "t-punkt", a checklist item: '
                  "only questions can be sensitive"),
])
def test_a_sensitive_id_that_is_no_question_stops_the_build_with_the_line(tmp_path, more, message):
    config = SENSITIVE_CONFIG.replace("{more}", more)
    line = config.splitlines().index("      " + more) + 1
    result = mkdocs_build(write_tiny_site(tmp_path, config, PAGES))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert message.format(line=line) in output
    assert "Traceback" not in output
