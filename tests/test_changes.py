"""What changed, and is it still current (hooks/changes.py, changes_html.py, feed.py, reviews.py,
history.py; docs/assets/changes.js, review.js; tools/review_report.py).

The rules are plain functions, fed a notes file and asserting the exact `includes/changes.yml:LINE`
message. A tiny bilingual site is published, then an item is reworded: the build stops at the
item's line until a major note is written; then the change shows on the page, in items.json, in
the print margin, on /endringer/, in the Atom feed (read with feedparser) and in the builder, and
the reader's browser marks it as changed since the last visit until it is marked seen (both
languages). A page past its review date builds and says it is overdue.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from conftest import ENV, ROOT, TINY_I18N, TINY_SITE, _QuietHandler, mkdocs_build, serve_folder, write_tiny_site

sys.path.insert(0, str(ROOT / "hooks"))
import changes  # noqa: E402
import changes_html  # noqa: E402
import feed  # noqa: E402
import items_ledger  # noqa: E402
import reviews  # noqa: E402

PATH = "includes/changes.yml"
LANGS = ["nb", "en"]


def problems(text: str) -> list[str]:
    return changes.parse(text, PATH, LANGS).problems


# ----------------------------------------------------------------------------
# The notes file
# ----------------------------------------------------------------------------

GOOD = "- date: 2026-12-10\n  change: major\n  items: [t-a]\n  nb: Endret.\n  en: Changed.\n"

NOTE_CASES = [
    ("an unknown key",
     "- date: 2026-12-10\n  chnage: major\n  change: major\n  items: [t-a]\n  nb: A.\n  en: A.\n",
     ['includes/changes.yml:2: unknown key "chnage" in a change note (a note has date, change, items, pages, nb, en)']),
    ("a date that is no date",
     "- date: 10.12.2026\n  change: major\n  items: [t-a]\n  nb: A.\n  en: A.\n",
     ['includes/changes.yml:1: date: "10.12.2026" is not a date: write YYYY-MM-DD']),
    ("an impossible date",
     "- date: 2026-02-30\n  change: major\n  items: [t-a]\n  nb: A.\n  en: A.\n",
     ['includes/changes.yml:1: date: "2026-02-30" is not a date: write YYYY-MM-DD']),
    ("no date",
     "- change: major\n  items: [t-a]\n  nb: A.\n  en: A.\n",
     ["includes/changes.yml:1: the note has no date: add date: YYYY-MM-DD (the day the change was made)"]),
    ("a change that is neither major nor minor",
     GOOD + "- date: 2026-12-11\n  change: stor\n  items: [t-a]\n  nb: A.\n  en: A.\n",
     ['includes/changes.yml:7: change must be major (readers are told) or minor (a spelling or wording fix that keeps the meaning), not "stor"']),
    ("no change",
     "- date: 2026-12-11\n  items: [t-a]\n  nb: A.\n  en: A.\n",
     ['includes/changes.yml:1: change must be major (readers are told) or minor (a spelling or wording fix that keeps the meaning), not ""']),
    ("no English text",
     "- date: 2026-12-10\n  change: major\n  items: [t-a]\n  nb: Endret.\n",
     ["includes/changes.yml:1: the note has no en text: add en: what changed, in one sentence"]),
    ("an empty Norwegian text",
     "- date: 2026-12-10\n  change: major\n  items: [t-a]\n  nb: ''\n  en: Changed.\n",
     ["includes/changes.yml:4: the note has no nb text: add nb: what changed, in one sentence"]),
    ("neither items nor pages",
     "- date: 2026-12-10\n  change: minor\n  nb: Endret.\n  en: Changed.\n",
     ["includes/changes.yml:1: the note names neither items nor pages: add items: [the-item-id] or pages: [rekruttering/intervju-1.md]"]),
    ("items that are no list of ids",
     "- date: 2026-12-10\n  change: major\n  items: {t-a: 1}\n  nb: A.\n  en: A.\n",
     ["includes/changes.yml:3: items must be a list of item ids: items: [int1-hvorfor-soke]"]),
    ("a note that is no mapping",
     GOOD + "- just words\n",
     ["includes/changes.yml:6: a change note is a group of lines `key: value` (date, change, items, pages, nb, en), the first one after the dash"]),
    ("not a list",
     "date: 2026-12-10\nchange: major\n",
     ['includes/changes.yml:1: write the change notes as a list, each note starting with "- date: YYYY-MM-DD" (see CONTRIBUTING.md, "Change notes")']),
    ("not YAML",
     "- date: 2026-12-10\n  items: [t-a\n  nb: A.\n",
     ["includes/changes.yml:2: a list opened with [ on this line is not closed with ]: close it on the same line"]),
    ("a key written twice",
     "- date: 2026-12-10\n  change: major\n  change: minor\n  items: [t-a]\n  nb: A.\n  en: A.\n",
     ['includes/changes.yml:3: "change" is written twice (first at line 2): keep one of them']),
]


@pytest.mark.parametrize("name,text,expected", NOTE_CASES, ids=[c[0] for c in NOTE_CASES])
def test_a_broken_note_is_refused_naming_its_line(name, text, expected):
    assert problems(text) == expected


def test_valid_notes_are_read_with_stable_keys():
    text = (GOOD + "- date: 2026-12-11\n  change: minor\n  items: t-b\n  pages: [a.md#del]\n"
            "  nb: Skrivefeil.\n  en: Spelling.\n")
    notes = changes.parse(text, PATH, LANGS)
    assert notes.problems == []
    assert [(n.line, n.date, n.change, n.items, n.pages) for n in notes.notes] == [
        (1, "2026-12-10", "major", ["t-a"], []), (6, "2026-12-11", "minor", ["t-b"], ["a.md#del"])]
    # The key depends on what and when, not on the wording (a typo fixed in a note is no new change).
    again = changes.parse(text.replace("Endret.", "Endret, presisert."), PATH, LANGS)
    assert [n.key for n in again.notes] == [n.key for n in notes.notes]
    assert notes.notes[0].key != notes.notes[1].key
    assert changes.counts(notes) == {"t-a": 1, "t-b": 1}
    assert changes.changed(notes) == {"t-a": "2026-12-10"}  # minor notes date no change


LEDGER = ("t-a: {kind: question, page: a/, added: 2026-11-24, text: {nb: %s, en: %s}, notes: 1}\n"
          "t-old: {kind: question, page: a/, added: 2026-11-24, retired: 2026-11-30, reason: merged, successor: t-a}\n"
          % (items_ledger.fingerprint("Hvorfor?"), items_ledger.fingerprint("Why?")))


class Item:
    def __init__(self, id: str, text: str, src: str, line: int):
        self.id, self.text, self.src, self.line = id, text, src, line


def ledger():
    return items_ledger.parse(LEDGER, "includes/ledger.yml", today="2026-12-04")


def test_notes_may_name_live_and_retired_ids_and_known_pages_only():
    text = ("- date: 2026-12-10\n  change: major\n  items: [t-a, t-old, t-nowhere]\n"
            "  pages: [a.md, gammel.md, borte.md#x]\n  nb: A.\n  en: A.\n")
    notes = changes.parse(text, PATH, LANGS)
    assert changes.check(notes, {"t-a"}, ledger(), {"a.md", "gammel.md"}) == [
        'includes/changes.yml:3: item "t-nowhere" is neither on the pages nor in includes/ledger.yml: write the id from the braces at the end of the item\'s line',
        'includes/changes.yml:4: page "borte.md" is not a page of the handbook: write its path inside the language folder, e.g. rekruttering/intervju-1.md',
    ]


def test_a_new_wording_needs_more_notes_than_the_ledger_counted():
    items = {"nb": [Item("t-a", "Hvorfor søker du?", "docs/nb/a.md", 7)],
             "en": [Item("t-a", "Why?", "docs/en/a.md", 7)]}
    message = ('docs/nb/a.md:7: the wording of item "t-a" differs from the published one (includes/ledger.yml:1): '
               'record the change in includes/changes.yml: - {date: YYYY-MM-DD, change: major, items: [t-a], '
               'nb: "Hva er endret.", en: "What changed."} (change: minor for a spelling fix that keeps the '
               "meaning; a change of meaning needs a new id: retire this one)")
    # The ledger counted one note at the last publication: that note is used up.
    one = changes.parse(GOOD, PATH, LANGS)
    assert changes.reworded(one, ledger(), items) == [message]
    two = changes.parse(GOOD + GOOD.replace("12-10", "12-12"), PATH, LANGS)
    assert changes.reworded(two, ledger(), items) == []
    # The English text is as published: only the Norwegian occurrence is named.
    assert changes.reworded(changes.parse("", PATH, LANGS), ledger(), {"en": items["en"]}) == []


def test_the_history_leaves_out_the_first_publication_and_records_ledger_events_by_themselves():
    text = LEDGER + ("t-new: {kind: question, page: b/, added: 2026-12-01, text: {nb: 0123456789}}\n")
    book = items_ledger.parse(text, "includes/ledger.yml", today="2026-12-04")
    notes = changes.parse(GOOD + "- date: 2026-12-11\n  change: minor\n  pages: [a.md#del]\n  nb: R.\n  en: C.\n",
                          PATH, LANGS)
    history = changes.events(notes, book, {"t-a": "a/", "t-new": "b/"}, {},
                             {"a.md": "2026-11-23", "b.md": "2026-11-23", "c.md": "2026-12-02"})
    assert [(e.date, e.kind, e.key, e.major, e.pages) for e in history] == [
        ("2026-12-11", "note", notes.notes[1].key, False, ["a/"]),
        ("2026-12-10", "note", notes.notes[0].key, True, ["a/"]),
        ("2026-12-02", "page", "page-c", True, ["c/"]),
        ("2026-12-01", "added", "added-t-new", True, ["b/"]),
        ("2026-11-30", "retired", "retired-t-old", True, ["a/"]),
        ("2026-11-24", "published", "published", True, []),
    ]
    assert history[-1].count == 2  # t-a and t-old were in the first publication, not "added"
    assert changes.last_major(history, "a/") == "2026-12-10"


def test_a_page_history_marks_major_changes_and_lists_corrections_apart():
    notes = changes.parse(GOOD + "- date: 2026-12-11\n  change: minor\n  items: [t-a]\n  nb: Komma.\n  en: Comma.\n",
                          PATH, LANGS)
    history = changes.events(notes, ledger(), {"t-a": "a/"}, {}, {"a.md": "2026-11-23"})
    site = changes_html.Site("nb", {"t-a": ("Hvorfor søker du <her>?", "a/")}, {"a/": "Side A"}, {},
                             lambda where, anchor: f"/{where}#{anchor}", {"a/": "2026-11-23"})
    html = changes_html.page_history(history, site, "a/", "../endringer/")
    assert '<h2 id="page-history">Endringer</h2>' in html
    assert ('<li class="page-history__entry page-history__entry--minor" data-items="t-a"><time datetime="2026-12-11">'
            '11. desember 2026</time> <span class="page-history__kind">Rettelse</span>') in html
    assert (f'<li class="page-history__entry page-history__entry--major" data-change="{notes.notes[0].key}" '
            'data-items="t-a"><time datetime="2026-12-10">10. desember 2026</time> '
            '<span class="page-history__kind">Endring</span> <span class="page-history__text">Endret. '
            '<span class="changes__concerns">Gjelder: <a href="/a/#t-a">«Hvorfor søker du &lt;her&gt;?»</a></span>') in html
    assert "Tatt ut: 1 punkt, erstattet av <a href=\"/a/#t-a\">" in html
    assert "Siden ble publisert 23. november 2026." in html
    # What is listed site-wide never includes a minor note.
    assert "Komma." not in changes_html.listing(history, site, "atom.xml")


# ----------------------------------------------------------------------------
# Review dates
# ----------------------------------------------------------------------------


def test_review_dates_add_calendar_months_and_are_checked():
    assert reviews.add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert reviews.add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    review, found = reviews.of_page({"reviewed": datetime.date(2026, 11, 25), "review_interval": 6}, 12,
                                    "docs/nb/a.md", {})
    assert (review.due, found) == ("2027-05-25", [])
    _, found = reviews.of_page({"reviewed": "25.11.2026", "review_interval": "ett år"}, 12, "docs/nb/a.md",
                               {"reviewed": 2, "review_interval": 3})
    assert found == [
        'docs/nb/a.md:2: reviewed: "25.11.2026" is not a date: write YYYY-MM-DD, the day a person checked the whole page against its sources',
        'docs/nb/a.md:3: review_interval: "ett år" is not a whole number of months: write e.g. review_interval: 6',
    ]
    today = datetime.date(2027, 5, 1)
    assert [reviews.status(r, today, 30) for r in (
        reviews.Review("2026-04-01", 12, "2027-04-01"), reviews.Review("2026-05-20", 12, "2027-05-20"),
        reviews.Review("2026-11-25", 12, "2027-11-25"), reviews.Review("", 12, ""))] == [
        "overdue", "soon", "current", "never"]
    _, found = reviews.settings({"review": {"interval": 0, "sooon": 3}}, "extra:\n  review:\n    interval: 0\n    sooon: 3\n")
    assert found == [
        'mkdocs.yml:3: extra.review.interval: "0" is not a whole number: write the months between reviews, e.g. interval: 12',
        'mkdocs.yml:4: extra.review: unknown key "sooon" (it has interval and soon)',
    ]


def test_twins_share_their_review():
    nb = reviews.Review("2026-11-25", 12, "2027-11-25")
    en = reviews.Review("2026-11-24", 12, "2027-11-24")
    assert reviews.twins({"nb": {"a.md": (nb, "docs/nb/a.md", 2)}, "en": {"a.md": (en, "docs/en/a.md", 3)}}, "nb") == [
        "docs/en/a.md:3: reviewed: 2026-11-24 (every 12 months) here, but reviewed: 2026-11-25 (every 12 months) "
        "on the nb twin docs/nb/a.md: a page is reviewed in both languages at once; write the same "
        "reviewed: and review_interval: on both"]


# ----------------------------------------------------------------------------
# A tiny bilingual site: publish, reword, note, and what readers see
# ----------------------------------------------------------------------------

# Published at a real-looking address: `make publish` refuses placeholders (hooks/placeholders.py).
CONFIG = f"""\
{TINY_SITE.replace("https://example.org/tiny/", "https://intranett.kommune.no/tiny/")}  custom_dir: {ROOT / "overrides"}
extra_css:
  - assets/changes.css
  - assets/pageinfo.css
extra_javascript:
  - path: assets/storage.js
    defer: true
  - path: assets/ticks.js
    defer: true
  - path: assets/path.js
    defer: true
  - path: assets/builder.js
    defer: true
  - path: assets/changes.js
    defer: true
  - path: assets/review.js
    defer: true
plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "items.py"}
  - {ROOT / "hooks" / "history.py"}
  - {ROOT / "hooks" / "pagedates.py"}
  - {ROOT / "hooks" / "anchors.py"}
markdown_extensions:
  - attr_list
  - md_in_html
  - toc
  - pymdownx.tasklist: {{custom_checkbox: true, clickable_checkbox: true}}
extra:
  timezone: Europe/Oslo
  owner: fagteam
  owners:
    fagteam: {{nb: Fagteamet, en: The team, email: fag@kommune.no}}
  accessibility:
    uustatus: https://uustatus.no/nb/erklaringer/publisert/tiny
  sources:
    registry: includes/sources.yml
  items:
    ledger: includes/ledger.yml
  changes: includes/changes.yml
  pages:
    ledger: includes/pages.yml
  review:
    interval: 12
  permalink_title: {{nb: Lenke hit, en: Link here}}
"""
REGISTRY = '"001": {label: {nb: PRIOslo 2022, en: PRIOslo 2022}, places: {§: 1-9}}\n'
NB = ("---\nid-prefix: t-\nsources: 001 §1\n---\n\n# Liste\n\n- [ ] Vi har en plan. {#t-plan}\n\n## Spørsmål\n\n"
      "1. [?] Hvorfor søker du? {#t-sporsmal}\n")
EN = ("---\nid-prefix: t-\nsources: 001 §1\n---\n\n# List\n\n- [ ] We have a plan. {#t-plan}\n\n## Questions\n\n"
      "1. [?] Why do you apply? {#t-sporsmal}\n")
BUILDER = """\
# {title}

<div id="sheet-builder" class="builder" data-rounds='{{"liste/": "{round}"}}' markdown>

<span class="builder-nojs">JavaScript.</span>

</div>
"""
PAGES = {
    "includes/sources.yml": REGISTRY,
    "nb/index.md": "# Hjem\n", "en/index.md": "# Home\n",
    "nb/liste.md": NB, "en/liste.md": EN,
    "nb/ark.md": BUILDER.format(title="Ark", round="Liste"),
    "en/ark.md": BUILDER.format(title="Sheet", round="List"),
    "nb/endringer/index.md": "# Hva er nytt\n\n<!-- changes -->\n\n## Kilder\n\nNotatene.\n",
    "en/endringer/index.md": "# What's new\n\n<!-- changes -->\n\n## Sources\n\nThe notes.\n",
    "nb/sti.md": "# Sti\n\n<div class=\"np-path\" markdown>\n\n1. [Liste](liste.md) – det første trinnet.\n\n</div>\n",
    "en/sti.md": "# Path\n\n<div class=\"np-path\" markdown>\n\n1. [List](liste.md) – the first step.\n\n</div>\n",
    # Reviewed long ago: it must build, and say it is overdue in the reader's browser.
    "nb/gammel.md": "---\nreviewed: 2020-01-01\n---\n\n# Gammel\n\nTekst.\n",
    "en/gammel.md": "---\nreviewed: 2020-01-01\n---\n\n# Old\n\nText.\n",
}
ASSETS = ("storage.js", "ticks.js", "path.js", "builder.js", "changes.js", "review.js", "changes.css", "pageinfo.css")
NOTE = ("- date: 2026-12-10\n  change: major\n  items: [t-plan, t-sporsmal]\n"
        "  nb: Planen skal nå være skriftlig, og spørsmålet spør om motivasjon.\n"
        "  en: The plan must now be written, and the question asks about motivation.\n"
        "- date: 2026-12-09\n  change: major\n  pages: [liste.md#sporsmal]\n"
        "  nb: Spørsmålene står nå under en egen overskrift.\n  en: The questions now have a heading of their own.\n")
PUBLISHED_ON = "1796425200"  # SOURCE_DATE_EPOCH: 2026-12-05 in Oslo


def reword(project: Path) -> None:
    for lang, old, new in (("nb", "en plan.", "en skriftlig plan."), ("en", "a plan.", "a written plan."),
                           ("nb", "søker du?", "søker du på denne stillingen?"),
                           ("en", "you apply?", "you apply for this post?")):
        page = project / "docs" / lang / "liste.md"
        page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def publish(project: Path, epoch: str = PUBLISHED_ON) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "publish.py")], cwd=project,
                          env={**ENV, "SOURCE_DATE_EPOCH": epoch}, capture_output=True, text=True)


def build(project: Path, site_dir: Path, epoch: str = "1797000000") -> subprocess.CompletedProcess[str]:
    """A strict build on the day `epoch` (SOURCE_DATE_EPOCH; 1797000000 is 2026-12-11)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env={**ENV, "SOURCE_DATE_EPOCH": epoch}, capture_output=True, text=True)


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict:
    """v1: the tiny site as first published; `failed`: the build after rewording two items without
    a note; v2: the build with a major note; v2_again: the same, built on another day."""
    folder = tmp_path_factory.mktemp("changes")
    project = write_tiny_site(folder / "p", CONFIG, PAGES, assets=ASSETS)
    published = publish(project)
    assert published.returncode == 0, published.stdout + published.stderr
    shutil.copytree(project / "site", folder / "v1")
    reword(project)
    failed = build(project, folder / "failed")
    (project / PATH).write_text(NOTE, encoding="utf-8")
    built = build(project, folder / "v2")
    assert built.returncode == 0, built.stdout + built.stderr
    again = build(project, folder / "v2_again", epoch="1830000000")  # 2027-12-29
    assert again.returncode == 0, again.stdout + again.stderr
    return {"project": project, "v1": folder / "v1", "v2": folder / "v2", "v2_again": folder / "v2_again",
            "failed": failed, "note": changes.parse(NOTE, PATH, LANGS).notes[0],
            "section_note": changes.parse(NOTE, PATH, LANGS).notes[1]}


def test_rewording_a_published_item_without_a_note_stops_the_build_naming_it(versions):
    failed = versions["failed"]
    assert failed.returncode != 0
    for src, item in (("docs/nb/liste.md:8", "t-plan"), ("docs/en/liste.md:8", "t-plan"),
                      ("docs/nb/liste.md:12", "t-sporsmal"), ("docs/en/liste.md:12", "t-sporsmal")):
        line = 1 if item == "t-plan" else 2  # the ledger is sorted by id, under a 4-line header
        assert (f'{src}: the wording of item "{item}" differs from the published one (includes/ledger.yml:{line + 4}): '
                f"record the change in includes/changes.yml: - {{date: YYYY-MM-DD, change: major, items: [{item}], "
                'nb: "Hva er endret.", en: "What changed."} (change: minor for a spelling fix that keeps the '
                "meaning; a change of meaning needs a new id: retire this one)") in failed.stderr, failed.stderr
    assert "4 item problem(s)" in failed.stderr


def test_a_major_change_shows_in_items_json_on_the_page_and_in_the_print_margin(versions):
    v2 = versions["v2"]
    for lang, mark, margin in (("", "Endret 10. desember 2026", "Siste vesentlige endring 10. desember 2026"),
                               ("en/", "Changed 10 December 2026", "Last major change 10 December 2026")):
        items = {i["id"]: i for i in json.loads((v2 / lang / "items.json").read_text(encoding="utf-8"))}
        assert {k: (v["added"], v["changed"]) for k, v in items.items()} == {
            "t-plan": ("2026-12-05", "2026-12-10"), "t-sporsmal": ("2026-12-05", "2026-12-10")}
        page = (v2 / lang / "liste" / "index.html").read_text(encoding="utf-8")
        assert (f'<span class="item-changed" data-changed="2026-12-10" hidden data-search-exclude>{mark}</span> '
                '<a class="item-permalink" href="#t-plan"') in page
        assert f'data-change="{versions["note"].key}" data-items="t-plan t-sporsmal"' in page
        assert margin in re.search(r"@top-right \{ content: (\".*?\"); \}", page).group(1)
    v1 = (versions["v1"] / "liste" / "index.html").read_text(encoding="utf-8")
    assert "item-changed" not in v1 and "Siden ble publisert 5. desember 2026." in v1
    v1_items = json.loads((versions["v1"] / "items.json").read_text(encoding="utf-8"))
    assert [(i["added"], i["changed"]) for i in v1_items] == [("2026-12-05", None)] * 2


def test_whats_new_lists_the_change_by_month_with_links(versions):
    for lang, month, concerns in (("", "Desember 2026", "Gjelder: "), ("en/", "December 2026", "Concerns: ")):
        page = (versions["v2"] / lang / "endringer" / "index.html").read_text(encoding="utf-8")
        listing = page[page.index('<p class="changes-feed">'): page.index('id="kilder"' if not lang else 'id="sources"')]
        assert listing.index(f'<h2 id="2026-12">{month}</h2>') < listing.index(versions["note"].text["en" if lang else "nb"])
        assert f'{concerns}<a href="../liste/#t-plan">' in listing
        assert '<a href="atom.xml" type="application/atom+xml">' in listing
        assert '<link rel="alternate feed" type="application/atom+xml"' in page


def test_the_feed_is_valid_atom_with_stable_ids_and_dates_from_the_notes(versions):
    for lang, base in (("nb", "https://intranett.kommune.no/tiny/"), ("en", "https://intranett.kommune.no/tiny/en/")):
        folder = "" if lang == "nb" else "en/"
        text = (versions["v2"] / folder / "endringer" / "atom.xml").read_text(encoding="utf-8")
        parsed = feedparser.parse(text)
        assert parsed.bozo == 0 and parsed.version == "atom10", parsed.get("bozo_exception")
        assert parsed.feed.links[0].href == base + "endringer/atom.xml"
        assert parsed.feed.updated == "2026-12-10T00:00:00+01:00"
        first = parsed.entries[0]
        assert first.title == versions["note"].text[lang]
        assert first.link == base + "liste/#t-plan"
        assert first.updated == "2026-12-10T00:00:00+01:00"
        assert first.id == feed.entry_id(lang, versions["note"].key) and first.id.startswith("urn:uuid:")
        assert [e.title for e in parsed.entries[1:]] == [
            versions["section_note"].text[lang], changes_html.text(lang)["published_title"]]
        assert parsed.entries[1].link == base + ("liste/#sporsmal" if lang == "nb" else "liste/#questions")
        # A rebuild on another day makes nothing new.
        assert (versions["v2_again"] / folder / "endringer" / "atom.xml").read_text(encoding="utf-8") == text


def test_publishing_uses_the_note_up(versions, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(versions["project"], project)
    result = publish(project, epoch="1797000000")
    assert result.returncode == 0, result.stdout + result.stderr
    ledger = items_ledger.load_file(str(project / "includes/ledger.yml"), "includes/ledger.yml")
    assert ledger.entries["t-plan"].notes == 1
    page = project / "docs" / "nb" / "liste.md"
    page.write_text(page.read_text(encoding="utf-8").replace("skriftlig plan", "skriftlig plan for året"),
                    encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode != 0 and 'docs/nb/liste.md:8: the wording of item "t-plan" differs' in result.stderr


def test_bad_notes_and_reviews_stop_a_tiny_build_with_their_lines(tmp_path):
    pages = {**PAGES,
             "includes/changes.yml": "- date: 2026-12-10\n  change: major\n  items: [t-nowhere]\n"
                                     "  pages: [liste.md#finnes-ikke]\n  nb: A.\n  en: B.\n",
             "en/gammel.md": "---\nreviewed: 2020-01-02\n---\n\n# Old\n\nText.\n"}
    project = write_tiny_site(tmp_path / "p", CONFIG, pages, assets=ASSETS)
    result = mkdocs_build(project, "--strict")
    assert result.returncode != 0
    assert ('includes/changes.yml:3: item "t-nowhere" is neither on the pages nor in includes/ledger.yml: '
            "write the id from the braces at the end of the item's line") in result.stderr
    (project / PATH).write_text("- date: 2026-12-10\n  change: major\n  pages: [liste.md#finnes-ikke]\n"
                                "  nb: A.\n  en: B.\n", encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode != 0
    assert ('includes/changes.yml:3: "liste.md#finnes-ikke": the page has no section #finnes-ikke: write the '
            "anchor of a heading (its ¶ link shows it), or leave out the # part") in result.stderr
    assert ("docs/en/gammel.md:2: reviewed: 2020-01-02 (every 12 months) here, but reviewed: 2020-01-01 "
            "(every 12 months) on the nb twin docs/nb/gammel.md") in result.stderr


def test_review_report_lists_overdue_and_never_reviewed_pages_by_owner(versions):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "review_report.py"), "--today", "2026-12-04"],
                            cwd=versions["project"], env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Fagteamet <fag@kommune.no>" in lines
    assert "  overdue since 2021-01-01 (2163 days)  gammel.md  (Gammel)" in lines
    assert "  never reviewed                        liste.md  (Liste)" in lines
    assert lines[-1] == "1 overdue, 0 due within 30 days, 5 never reviewed, 0 current."


# ----------------------------------------------------------------------------
# In the reader's browser
# ----------------------------------------------------------------------------


class _FreshHandler(_QuietHandler):
    """No page is kept in the browser's cache: each test swaps the release being served."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@pytest.fixture(scope="module")
def tiny_served(versions, tmp_path_factory):
    """The tiny site under /tiny/ with the strict CSP; `show(version)` swaps what is served."""
    root = tmp_path_factory.mktemp("www")

    def show(version: str) -> None:
        shutil.rmtree(root / "tiny", ignore_errors=True)
        shutil.copytree(versions[version], root / "tiny")

    show("v1")
    origin, server = serve_folder(root, _FreshHandler)
    yield origin + "tiny/", show
    server.shutdown()


LANG_CASES = [
    ("", "nb-NO", "Endret siden sist du var her", "Merk som sett", "Merket som sett.", "Endret 10. desember 2026",
     "1 av spørsmålene du har valgt, er endret siden sist du var her:",
     "1 av punktene du har krysset av, er endret siden sist du var her:", "sporsmal"),
    ("en/", "en-GB", "Changed since your last visit", "Mark as seen", "Marked as seen.", "Changed 10 December 2026",
     "1 of the questions you have chosen has changed since your last visit:",
     "1 of the items you have ticked has changed since your last visit:", "questions"),
]


@pytest.mark.parametrize("lang,locale,title,button,done,mark,chosen,ticked,section", LANG_CASES, ids=["nb", "en"])
def test_changed_since_the_last_visit_is_marked_until_seen(browser, tiny_served, versions, lang, locale, title,
                                                           button, done, mark, chosen, ticked, section):
    base, show = tiny_served
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime(2026, 12, 20, 12))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        show("v1")
        page.goto(base + lang + "liste/")  # the first visit remembers what the page showed
        page.locator("li[data-item=t-plan] input[type=checkbox]").check(force=True)
        page.goto(base + lang + "sti/")  # the new-hire path, with the tick
        page.locator(".np-progress").wait_for()
        page.goto(base + lang + "ark/?sheet=t-sporsmal")
        page.locator(".builder--ready").wait_for()
        assert page.locator(".changes-since:visible").count() == 0
        show("v2")  # a new release with the major change
        page.goto(base + lang + "liste/")
        box = page.locator(".changes-since")
        assert box.locator(".changes-since__title").inner_text() == title
        assert versions["note"].text[lang.strip("/") or "nb"] in box.inner_text()
        assert page.locator("li.item--unseen").evaluate_all("els => els.map(e => e.dataset.item)") == [
            "t-plan", "t-sporsmal"]
        assert page.locator(".section--unseen").evaluate_all("els => els.map(e => e.id)") == [section]
        assert page.locator("li[data-item=t-plan] .item-changed").inner_text() == mark  # within 90 days
        box.get_by_role("button", name=button).click()
        assert page.locator("li.item--unseen, .section--unseen").count() == 0
        assert box.get_by_role("status").inner_text() == done
        assert box.locator(".changes-since__list").count() == 0
        page.reload()
        assert page.locator(".changes-since:visible").count() == 0
        # The builder: the chosen question changed since the last visit there, and is marked.
        page.goto(base + lang + "ark/?sheet=t-sporsmal")
        page.locator(".builder--ready").wait_for()
        notice = page.locator(".changes-since--items")
        assert notice.locator(".changes-since__title").inner_text() == chosen
        assert page.locator(".builder-list li:has(#builder-q-t-sporsmal) .item-changed").inner_text() == mark
        notice.get_by_role("button", name=button).click()
        assert notice.is_hidden()
        page.reload()
        page.locator(".builder--ready").wait_for()
        assert page.locator(".changes-since--items").is_hidden()
        # The path says which ticked item changed, until that is marked seen too.
        page.goto(base + lang + "sti/")
        notice = page.locator(".np-changes .changes-since--items")
        assert notice.locator(".changes-since__title").inner_text() == ticked
        assert notice.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))") == [
            base + lang + "liste/#t-plan"]
        notice.get_by_role("button", name=button).click()
        assert notice.is_hidden()
        assert errors == []
    finally:
        context.close()


def test_the_changed_mark_lasts_90_days_by_the_readers_clock(browser, tiny_served):
    base, show = tiny_served
    show("v2")
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    try:
        for day, shown in ((datetime.datetime(2027, 3, 10, 12), True), (datetime.datetime(2027, 3, 11, 12), False)):
            page.clock.set_fixed_time(day)
            page.goto(base + "liste/")
            assert page.locator("li[data-item=t-plan] .item-changed").is_visible() == shown, day
    finally:
        context.close()


@pytest.mark.parametrize("lang,due", [("", "Neste gjennomgang 1. januar 2021 (forsinket)"),
                                      ("en/", "Next review due 1 January 2021 (overdue)")])
def test_a_page_past_its_review_date_builds_and_says_so(browser, tiny_served, lang, due):
    base, show = tiny_served
    show("v2")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.clock.set_fixed_time(datetime.datetime(2026, 12, 20, 12))
        page.goto(base + lang + "gammel/")
        assert page.locator(".page-info__due").inner_text() == due
        page.clock.set_fixed_time(datetime.datetime(2020, 6, 1, 12))
        page.reload()
        assert page.locator(".page-info__due").inner_text() == due.rsplit(" (", 1)[0]
    finally:
        context.close()
