"""Storage on the reader's device: the scripts held to one registry (hooks/storage.py,
hooks/storage_scan.py, includes/storage.yml), every name kept to this copy's path
(docs/assets/storage.js), and «Slett alt som er lagret her» on the privacy page
(docs/assets/forget.js) deleting exactly this copy's names and caches, in Chromium under a
sub-path with other sites' names on the same origin."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TINY_I18N, TINY_SITE, mkdocs_build, write_tiny_site

sys.path.insert(0, str(ROOT / "hooks"))
import storage_scan  # noqa: E402

REGISTRY = (ROOT / "includes" / "storage.yml").read_text(encoding="utf-8")
# The handbook's own scripts that store something: a tiny site with them and the real registry
# passes the check as the handbook does; each test adds what it is about.
STORING = tuple(sorted(p.name for p in (ROOT / "docs" / "assets").glob("*.js")))


# --- Reading the scripts ------------------------------------------------------------------------


def names(text: str) -> list[tuple[int, str, str | None]]:
    writes, problems = storage_scan.scan(text, "x.js")
    assert problems == [], [str(p) for p in problems]
    return [(w.line, w.kind, w.name) for w in writes]


def test_names_are_read_through_constants_concatenation_and_templates():
    text = """\
var PREFIX = "ekh.tick.", KEY = 'ekh.plan.start';
const BASE = PREFIX + "x.";
ekhStorage.set(PREFIX + id, "1");
window.ekhStorage.set(KEY, text);
ekhStorage.set(`ekh.visit.${lang}`, now);
ekhStorage.set(BASE + "y", 1);
__md_set("__palette", s);
__md_set("__outdated", s, sessionStorage, base);
var CACHE = ekhStorage.name("ekh.offline.v1");
caches.open(CACHE).then(function (c) { return c.addAll(files); });
indexedDB.open(ekhStorage.name("ekh.notes"), 1);
"""
    assert names(text) == [
        (3, "local", "ekh.tick.*"),
        (4, "local", "ekh.plan.start"),
        (5, "local", "ekh.visit.*"),
        (6, "local", "ekh.tick.x.y"),
        (7, "local", "__palette"),
        (8, "session", "__outdated"),
        (10, "cache", "ekh.offline.v1"),
        (11, "indexeddb", "ekh.notes"),
    ]


def test_comments_and_strings_never_count_as_storage():
    text = """\
/* Ticks are kept with localStorage.setItem("ekh.tick.x") - in a comment. */
// caches.open("x"); document.cookie = "a=b";
var help = "call localStorage.setItem( or caches.open( to store";
var re = /localStorage\\.setItem\\(/;
var total = a / b; ekhStorage.set("ekh.ok", 1); var c = d / e;
"""
    assert names(text) == [(5, "local", "ekh.ok")]


def test_direct_writes_unscoped_caches_cookies_and_unknown_names_are_refused_with_their_line():
    text = """\
localStorage.setItem("ekh.raw", "1");
window.sessionStorage.setItem(key, v);
localStorage["ekh.x"] = 1;
document.cookie = "seen=1";
caches.open("ekh-offline");
ekhStorage.set(makeName(), 1);
localStorage.setItem(PREFIX + key, v);  // storage-helper: callers' names are checked
if (document.cookie == "x") {}
"""
    writes, problems = storage_scan.scan(text, "docs/assets/x.js")
    assert writes == []
    assert [str(p).split(" (")[0] for p in problems] == [
        "docs/assets/x.js:1: writes localStorage directly",
        "docs/assets/x.js:2: writes sessionStorage directly",
        "docs/assets/x.js:3: writes localStorage directly",
        "docs/assets/x.js:4: sets a cookie",
        "docs/assets/x.js:5: opens a cache whose name does not come from ekhStorage.name(…)",
        "docs/assets/x.js:6: cannot tell which name this stores under",
    ]


def test_template_scripts_are_read_but_their_comments_and_markup_are_not():
    text = """\
{#- Material's __md_set(key) in a Jinja comment, and localStorage.setItem( in one -#}
<p>Call localStorage.setItem(x) to store.</p>
<script>__md_set("__consent", data)</script>
<script type="application/json">{"localStorage.setItem(": 1}</script>
"""
    writes, problems = storage_scan.scan(text, "overrides/x.html", template=True)
    assert [(w.line, w.name) for w in writes] == [(3, "__consent")] and problems == []


# --- The build check, on a tiny bilingual site ---------------------------------------------------


def tiny(folder: Path, script: str, registry: str = REGISTRY, pages: dict | None = None) -> Path:
    config = f"""\
{TINY_SITE}plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "storage.py"}
extra:
  storage:
    registry: includes/storage.yml
    page: personvern.md
"""
    files = {
        "nb/index.md": "# Hjem\n",
        "en/index.md": "# Home\n",
        "nb/personvern.md": "# Personvern\n\n<!-- storage-registry -->\n",
        "en/personvern.md": "# Privacy\n\n<!-- storage-registry -->\n",
        "includes/storage.yml": registry,
        "assets/last-visit.js": script,
        **(pages or {}),
    }
    return write_tiny_site(folder, config, files, assets=STORING)


ENTRY = """
{name}:
  storage: {storage}
  nb: {{what: "Siste besøk", holds: "Datoen.", why: "Vise det nye.", kept: "Til du sletter det."}}
  en: {{what: "Last visit", holds: "The date.", why: "Show what is new.", kept: "Until you delete it."}}
"""


def error_lines(result) -> list[str]:
    """The build's messages, one per line, without MkDocs' `ERROR    -  ` in front."""
    return [re.sub(r"^ERROR\s+-\s+", "", line.strip()) for line in (result.stdout + result.stderr).splitlines()]


def test_a_script_storing_a_name_the_registry_lacks_stops_the_build_naming_file_and_line(tmp_path):
    script = """\
/* Remembers the last visit. */
(function () {
  var KEY = "ekh.last.visit";
  window.ekhStorage.set(KEY, new Date().toISOString().slice(0, 10));
  localStorage.setItem("ekh.raw", "1");
  document.cookie = "seen=1";
  caches.open("ekh-offline");
  __md_set("ekh.session.thing", 1, sessionStorage);
})();
"""
    registry = REGISTRY + ENTRY.format(name="ekh.old.thing", storage="localStorage") \
        + ENTRY.format(name="ekh.session.thing", storage="localStorage")
    old_line = registry.splitlines().index("ekh.old.thing:") + 1
    session_line = registry.splitlines().index("ekh.session.thing:") + 1
    result = mkdocs_build(tiny(tmp_path, script, registry))
    assert result.returncode == 1
    lines = error_lines(result)
    expected = [
        'docs/assets/last-visit.js:4: stores "ekh.last.visit" in localStorage (ekhStorage.set(KEY, …)), '
        "but includes/storage.yml does not list it: add it there (what it holds, why and how long, in "
        "every language), so the privacy page names it and «Slett alt» finds it",
        'docs/assets/last-visit.js:5: writes localStorage directly (localStorage.setItem): store through '
        'ekhStorage.set("ekh.…", value), which puts this copy\'s path in front of the name, and list the '
        "name in includes/storage.yml",
        "docs/assets/last-visit.js:6: sets a cookie (document.cookie =): the handbook keeps nothing in "
        "cookies (a server would receive them with every request); store through "
        'ekhStorage.set("ekh.…", value) and list the name in includes/storage.yml',
        'docs/assets/last-visit.js:7: opens a cache whose name does not come from ekhStorage.name(…) '
        '(caches.open("ekh-offline")): name it ekhStorage.name("ekh.…"), which puts this copy\'s path '
        "in front so «Slett alt» finds it and leaves other sites' alone, and list the name in "
        "includes/storage.yml",
        'docs/assets/last-visit.js:8: stores "ekh.session.thing" in sessionStorage '
        f'(__md_set("ekh.session.thing", …)), but includes/storage.yml:{session_line} lists it under '
        "localStorage: make them the same",
        f'includes/storage.yml:{old_line}: no script stores "ekh.old.thing" in localStorage: remove the '
        "entry, so the privacy page lists only what is stored",
    ]
    for line in expected:
        assert line in lines, "\n".join(lines)


def test_a_registered_name_builds_and_the_privacy_page_lists_it_in_each_language(tmp_path):
    script = """\
(function () {
  window.ekhStorage.set("ekh.last.visit", new Date().toISOString().slice(0, 10));
  var CACHE = ekhStorage.name("ekh.scratch.v1");
  caches.open(CACHE);
})();
"""
    registry = REGISTRY + ENTRY.format(name="ekh.last.visit", storage="localStorage") \
        + ENTRY.format(name="ekh.scratch.<version>", storage="Cache Storage")
    project = tiny(tmp_path, script, registry)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    nb = (project / "site" / "personvern" / "index.html").read_text(encoding="utf-8")
    en = (project / "site" / "en" / "personvern" / "index.html").read_text(encoding="utf-8")
    assert "Siste besøk</h3>" in nb and "<code>ekh.last.visit</code>" in nb and "Cache Storage" in nb
    assert "Last visit</h3>" in en and "Ticks in the checklists</h3>" in en
    data = json.loads(nb.split('id="ekh-storage">')[1].split("</script>")[0])
    assert {"name": "ekh.scratch.<version>", "pattern": r"^ekh\.scratch\..+$", "storage": "cache",
            "what": "Siste besøk", "dormant": False} in data
    assert [e["name"] for e in data if e["dormant"]] == ["__tabs", "__announce", "__outdated", "__source"]
    # The theme's names it never stores are listed apart, not as things stored.
    assert "__tabs</code> (localStorage)" in nb and "Valgt fane</h3>" not in nb


@pytest.mark.parametrize("case", ["unknown field", "no mark"])
def test_a_broken_registry_or_privacy_page_is_named_with_its_line(tmp_path, case):
    script = 'ekhStorage.set("ekh.tick.x", 1);\n'
    if case == "unknown field":
        registry = REGISTRY.replace("    kept: Til du bytter igjen eller sletter alt her.\n",
                                    "    kept_for: Til du bytter igjen eller sletter alt her.\n", 1)
        line = registry.splitlines().index("    kept_for: Til du bytter igjen eller sletter alt her.") + 1
        expected = (f'includes/storage.yml:{line}: "kept_for" is not a text of an entry: write what, '
                    "holds, why, kept")
        result = mkdocs_build(tiny(tmp_path, script, registry))
    else:
        expected = ("docs/en/personvern.md:1: the privacy page has no <!-- storage-registry --> line: "
                    "put it, on a line of its own, where the list of what the site stores belongs")
        result = mkdocs_build(tiny(tmp_path, script, pages={"en/personvern.md": "# Privacy\n"}))
    assert result.returncode == 1
    assert expected in error_lines(result), result.stderr


def test_the_handbook_itself_passes_and_lists_every_name_its_scripts_store(site):
    nb = (site / "personvern" / "index.html").read_text(encoding="utf-8")
    for name in ("ekh.tick.&lt;id&gt;", "ekh.plan.start", "ekh.present.scheme", "__palette"):
        assert f"<code>{name}</code>" in nb


# --- In the browser: this copy's names, the delete button ---------------------------------------

OTHERS = {  # what other sites (and another copy below this one's path) keep on the same origin
    "/annen/.ekh.tick.rek-sjekk-lonn": "1",
    "other-site-setting": "1",
    "/handbok/kopi/.ekh.tick.rek-sjekk-lonn": "1",
}
TEXT = {
    "": {"ticks": "Avkryssinger i sjekklistene (1)", "start": "Første arbeidsdag i planen for nyansatte",
         "other": "Annet lagret av håndboka (2)", "offer": "(1 kryss og første arbeidsdag)",
         "cancelled": "Ingenting er slettet.", "done": "Alt håndboka hadde lagret i denne nettleseren, er slettet.",
         "none": "Håndboka har ikke lagret noe i denne nettleseren."},
    "en/": {"ticks": "Ticks in the checklists (1)", "start": "First working day in the new-hire plan",
            "other": "Other things stored by the handbook (2)", "offer": "(1 tick and first working day)",
            "cancelled": "Nothing has been deleted.",
            "done": "Everything the handbook had stored in this browser is deleted.",
            "none": "The handbook has stored nothing in this browser."},
}


def local_names(page) -> dict[str, str]:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_delete_everything_clears_exactly_this_copys_names_and_caches(browser, served, lang):
    t = TEXT[lang]
    assert served.endswith("/handbok/")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    # The reader ticks a point on the new-hire path and sets a first working day.
    page.goto(served + lang + "ny-i-jobben/forste-uke/")
    first = page.locator("li.item--checklist").first
    item = first.get_attribute("data-item")
    box = first.locator("input[type=checkbox]")
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    area = box.bounding_box()
    page.mouse.click(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    page.goto(served + lang + "ny-i-jobben/")
    page.fill("#np-start", "2027-03-01")
    page.dispatch_event("#np-start", "change")
    # Other sites on this origin, and things of this copy no registry entry names.
    page.evaluate("""others => {
        Object.entries(others).forEach(([k, v]) => localStorage.setItem(k, v));
        sessionStorage.setItem(ekhStorage.name('ekh.session.x'), '1');
        sessionStorage.setItem('/annen/.ekh.session.x', '1');
        return Promise.all([caches.open(ekhStorage.name('ekh.scratch.v1')),
                            caches.open('/annen/.ekh.scratch.v1'), caches.open('some-other-cache')]);
    }""", OTHERS)
    mine = {k for k in local_names(page) if k.startswith("/handbok/.")}
    assert {f"/handbok/.ekh.tick.{item}", "/handbok/.ekh.plan.start", "/handbok/.__palette"} <= mine

    page.goto(served + lang + "personvern/")
    page.locator(".forget--ready").wait_for()
    summary = page.locator(".forget__summary li").all_inner_texts()
    assert t["ticks"] in summary and t["start"] in summary and t["other"] in summary

    # Cancel: nothing changes.
    page.click(".forget__start")
    page.locator(".forget__confirm:not([hidden])").wait_for()
    assert page.evaluate("document.activeElement.id") == "forget-head"
    assert page.locator(".forget__confirm li").all_inner_texts() == summary
    assert t["offer"] in page.locator(".forget__offer").inner_text()
    page.click(".forget__no")
    assert page.locator(".forget__status").inner_text() == t["cancelled"]
    assert {k for k in local_names(page) if k.startswith("/handbok/.")} == mine

    # Save the progress file first, then delete.
    page.click(".forget__start")
    with page.expect_download() as info:
        page.click(".forget__save")
    saved = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert (saved["format"], saved["ticked"], saved["start"]) == ("ekh-ny-i-jobben", [item], "2027-03-01")
    page.click(".forget__yes")
    page.locator(".forget__status").filter(has_text=t["done"]).wait_for()
    assert local_names(page) == OTHERS
    assert page.evaluate("Object.keys(sessionStorage)") == ["/annen/.ekh.session.x"]
    assert sorted(page.evaluate("caches.keys()")) == ["/annen/.ekh.scratch.v1", "some-other-cache"]
    assert page.locator(".forget__summary").inner_text() == t["none"]

    # The tick is gone from the page too; the file brings it back.
    page.goto(served + lang + "ny-i-jobben/forste-uke/")
    assert not page.locator(f"li[data-item='{item}'] input[type=checkbox]").is_checked()
    context.close()


def test_ticks_stored_before_names_carried_the_path_move_under_it(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served + "rekruttering/sjekkliste/")
    page.evaluate("""() => {
        localStorage.clear();
        localStorage.setItem('ekh.tick.rek-sjekk-lonn', '1');
        localStorage.setItem('ekh.plan.start', '2026-01-05');
        localStorage.setItem('/handbok/.ekh.plan.start', '2027-03-01');
    }""")
    page.reload()
    assert page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]").is_checked()
    stored = local_names(page)
    assert stored["/handbok/.ekh.tick.rek-sjekk-lonn"] == "1"
    assert stored["/handbok/.ekh.plan.start"] == "2027-03-01"  # the newer, path-scoped date wins
    assert not [k for k in stored if k.startswith("ekh.")]
    context.close()
