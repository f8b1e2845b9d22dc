"""The ledgers of what was published (hooks/items_ledger.py, hooks/page_ledger.py, hooks/pages.py)
and the one step that writes them (tools/publish.py).

The ledger's own rules are plain functions, fed the text of a ledger and asserting the exact
`includes/ledger.yml:LINE: …` message; tiny bilingual sites show that the build reports them, that
no build writes a ledger (a failed one least of all), that `make publish` records exactly what a
successful build published, and that a page moved without a redirect stops the build naming the
line to add.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, ROOT, TINY_I18N, TINY_SITE, mkdocs_build, write_tiny_site, handbook_copy

sys.path.insert(0, str(ROOT / "hooks"))
import items_ledger  # noqa: E402
import page_ledger  # noqa: E402

PATH = "includes/ledger.yml"
TODAY = "2026-12-04"


def problems(text: str) -> list[str]:
    return items_ledger.parse(text, PATH, today=TODAY).problems


# ----------------------------------------------------------------------------
# The ledger file itself
# ----------------------------------------------------------------------------

LEDGER_CASES = [
    ("a key written twice",
     "t-a: {kind: question, page: a/}\nt-b: {kind: question, page: a/}\nt-a: {kind: checklist, page: a/}\n",
     ['includes/ledger.yml:3: "t-a" is written twice (first at line 1): keep one of them']),
    ("an id that breaks the id rule",
     "t-a: {kind: question, page: a/}\nT_b: {kind: question, page: a/}\n",
     ['includes/ledger.yml:2: "T_b" is not a valid item id: lowercase letters a-z, digits and single hyphens']),
    ("a kind that is neither",
     "t-a: {kind: spørsmål, page: a/}\n",
     ['includes/ledger.yml:1: t-a: kind must be checklist or question, not "spørsmål"']),
    ("an unknown field",
     "t-a: {kind: question, page: a/, retierd: 2026-11-01}\n",
     ["includes/ledger.yml:1: t-a: unknown field(s) retierd (a ledger line has kind, page, added, text, notes, retired, reason, successor)"]),
    ("a retired date that is no date",
     't-a: {kind: question, page: a/, retired: "1. november", reason: merged}\n',
     ['includes/ledger.yml:1: t-a: retired: "1. november" is not a date: write YYYY-MM-DD']),
    ("an impossible date",
     "t-a: {kind: question, page: a/, retired: 2026-02-30, reason: merged}\n",
     ['includes/ledger.yml:1: t-a: retired: "2026-02-30" is not a date: write YYYY-MM-DD']),
    ("a retirement in the future",
     "t-a: {kind: question, page: a/, retired: 2027-01-01, reason: merged}\n",
     ["includes/ledger.yml:1: t-a: retired: 2027-01-01 is after the date of this build (2026-12-04): an id is retired on the day it leaves the pages, not before"]),
    ("a retirement without a reason",
     "t-a: {kind: question, page: a/, retired: 2026-11-01}\n",
     ['includes/ledger.yml:1: t-a: a retired id needs a reason: add reason: "why it was retired"']),
    ("a successor without a retirement",
     "t-a: {kind: question, page: a/, successor: t-b}\nt-b: {kind: question, page: a/}\n",
     ["includes/ledger.yml:1: t-a: reason and successor belong to a retired id: add retired: YYYY-MM-DD"]),
    ("its own successor",
     "t-a: {kind: question, page: a/, retired: 2026-11-01, reason: x, successor: t-a}\n",
     ["includes/ledger.yml:1: t-a: an id cannot be its own successor"]),
    ("a page that is no address",
     "t-a: {kind: question, page: ../../etc/}\n",
     ["includes/ledger.yml:1: t-a: page must be the address of a page, e.g. rekruttering/sjekkliste/"]),
    ("an edited fingerprint",
     "t-a: {kind: question, page: a/, text: {nb: endret}}\n",
     ["includes/ledger.yml:1: t-a: text is written by `make publish`: delete it and publish again"]),
    ("not YAML",
     "t-a: {kind: question, page: a/\nt-b: {kind: question, page: a/}\n",
     ["includes/ledger.yml:1: a { on this line is not closed with }: close it on the same line"]),
    ("a list instead of lines",
     "- t-a\n- t-b\n",
     ["includes/ledger.yml:1: write one line per id: `an-id: {kind: checklist, page: a/page/}`"]),
]


@pytest.mark.parametrize("name,text,expected", LEDGER_CASES, ids=[c[0] for c in LEDGER_CASES])
def test_a_broken_ledger_is_refused_naming_its_line(name, text, expected):
    assert problems(text) == expected


def test_the_handbooks_own_ledgers_are_valid():
    ledger = items_ledger.load_file(str(ROOT / PATH), PATH)
    assert ledger.problems == [] and len(ledger.entries) >= 417
    pages = page_ledger.load_file(str(ROOT / "includes/pages.yml"), "includes/pages.yml")
    assert pages.problems == [] and len(pages.entries) >= 54


class Live:
    def __init__(self, kind: str):
        self.kind = kind


CHAIN = {
    "ends in a retired id": (
        "t-a: {kind: question, page: a/, retired: 2026-11-01, reason: x, successor: t-b}\n"
        "t-b: {kind: question, page: a/, retired: 2026-11-02, reason: y}\n",
        {},
        ['includes/ledger.yml:1: the successor of "t-a" ("t-b") was retired itself without a successor (includes/ledger.yml:2): name a live item, or leave successor out']),
    "loops": (
        "t-a: {kind: question, page: a/, retired: 2026-11-01, reason: x, successor: t-b}\n"
        "t-b: {kind: question, page: a/, retired: 2026-11-02, reason: y, successor: t-a}\n",
        {},
        ['includes/ledger.yml:1: the successors of "t-a" go round in a loop (t-a -> t-b -> t-a): end the chain at a live item',
         'includes/ledger.yml:2: the successors of "t-b" go round in a loop (t-b -> t-a -> t-b): end the chain at a live item']),
    "names another kind": (
        "t-a: {kind: checklist, page: a/, retired: 2026-11-01, reason: x, successor: t-q}\n"
        "t-q: {kind: question, page: a/}\n",
        {"t-q": [Live("question")]},
        ['includes/ledger.yml:1: "t-a" was a checklist, but its successor "t-q" is a question: ticks and answers cannot carry over to another kind; name a checklist, or leave successor out']),
    "ends in an id that is nowhere": (
        "t-a: {kind: question, page: a/, retired: 2026-11-01, reason: x, successor: t-b}\n"
        "t-b: {kind: question, page: a/, retired: 2026-11-02, reason: y, successor: t-c}\n",
        {},
        ['includes/ledger.yml:1: the successors of "t-a" end in "t-c", which is not an item on the pages: name a live id, or leave successor out',
         'includes/ledger.yml:2: the successor of "t-b" ("t-c") is not an item on the pages: name a live id, or leave successor out']),
    "ends in a live item of the same kind": (
        "t-a: {kind: question, page: a/, retired: 2026-11-01, reason: x, successor: t-b}\n"
        "t-b: {kind: question, page: a/, retired: 2026-11-02, reason: y, successor: t-c}\n"
        "t-c: {kind: question, page: a/}\n",
        {"t-c": [Live("question")]},
        []),
}


@pytest.mark.parametrize("name", CHAIN)
def test_a_successor_chain_must_end_in_a_live_item_of_the_same_kind(name):
    text, live, expected = CHAIN[name]
    ledger = items_ledger.parse(text, PATH, today=TODAY)
    assert items_ledger.check(ledger, live) == expected


def test_a_recorded_ledger_reads_back_the_same():
    text = ("t-a: {kind: question, page: a/, added: 2026-11-24, text: {en: '0123456789', nb: '0b01010101'}, notes: 2}\n"
            't-b: {kind: checklist, page: a/, added: 2026-11-24, retired: 2026-11-25, reason: "a: b", successor: t-a}\n')
    ledger = items_ledger.parse(text, PATH, today=TODAY)
    assert ledger.problems == []
    again = items_ledger.parse(items_ledger.dump(ledger.entries), PATH, today=TODAY)
    assert again.problems == [] and {i: (e.text, e.notes, e.reason, e.added) for i, e in again.entries.items()} == {
        "t-a": ({"en": "0123456789", "nb": "0b01010101"}, 2, "", "2026-11-24"),
        "t-b": ({}, 0, "a: b", "2026-11-24"),
    }


# ----------------------------------------------------------------------------
# Builds and publishing on a tiny bilingual site
# ----------------------------------------------------------------------------

# A tiny site published at a real-looking address: `make publish` refuses placeholders
# (hooks/placeholders.py), which the handbook's own mkdocs.yml ships with.
CONFIG = f"""\
{TINY_SITE.replace("https://example.org/tiny/", "https://intranett.kommune.no/tiny/")}plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "frontmatter.py"}
  - {ROOT / "hooks" / "items.py"}
  - {ROOT / "hooks" / "redirects.py"}
  - {ROOT / "hooks" / "pages.py"}
markdown_extensions:
  - attr_list
  - toc
  - pymdownx.tasklist: {{custom_checkbox: true, clickable_checkbox: true}}
extra:
  timezone: Europe/Oslo
  accessibility:
    uustatus: https://uustatus.no/nb/erklaringer/publisert/tiny
  sources:
    registry: includes/sources.yml
  items:
    ledger: includes/ledger.yml
  changes: includes/changes.yml
  pages:
    ledger: includes/pages.yml
  redirects:
    # gammel.md: ny.md
"""
REGISTRY = '"001": {label: {nb: PRIOslo 2022, en: PRIOslo 2022}, places: {§: 1-9}}\n'
NB = "---\nid-prefix: t-\nsources: 001 §1\n---\n\n# Liste\n\n- [ ] Vi har en plan. {#t-plan}\n- [ ] Vi har lest. {#t-lest}\n"
EN = "---\nid-prefix: t-\nsources: 001 §1\n---\n\n# List\n\n- [ ] We have a plan. {#t-plan}\n- [ ] We have read. {#t-lest}\n"
PUBLISHED = ("t-lest: {kind: checklist, page: liste/, added: 2026-11-24}\n"
             "t-plan: {kind: checklist, page: liste/, added: 2026-11-24}\n")
PAGES = "index.md: {added: 2026-11-23}\nliste.md: {added: 2026-11-23}\n"


def tiny(tmp_path: Path, nb: str = NB, en: str = EN, ledger: str = PUBLISHED, pages: str = PAGES,
         config: str = CONFIG, extra: dict[str, str] | None = None) -> Path:
    return write_tiny_site(tmp_path / "p", config, {
        "includes/sources.yml": REGISTRY, "includes/ledger.yml": ledger, "includes/pages.yml": pages,
        "nb/index.md": "# Hjem\n", "en/index.md": "# Home\n",
        "nb/liste.md": nb, "en/liste.md": en, **(extra or {}),
    })


def snapshot(project: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "includes").iterdir()}


def publish(project: Path, epoch: str = "1796425200") -> subprocess.CompletedProcess[str]:
    """tools/publish.py on a project; SOURCE_DATE_EPOCH 1796425200 is 2026-12-05 in Oslo."""
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "publish.py")], cwd=project,
        env={**ENV, "SOURCE_DATE_EPOCH": epoch}, capture_output=True, text=True,
    )


NEW_NB = NB + "- [ ] Vi har en ny rutine. {#t-ny}\n"
NEW_EN = EN + "- [ ] We have a new routine. {#t-ny}\n"


def test_a_build_never_writes_the_ledgers_and_says_what_publishing_will_record(tmp_path):
    project = tiny(tmp_path, NEW_NB, NEW_EN)
    before = snapshot(project)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 item id(s) not yet in includes/ledger.yml: `make publish` records them (t-ny)" in result.stderr
    assert snapshot(project) == before


def test_a_failed_build_leaves_the_ledger_byte_identical_and_publish_records_nothing(tmp_path):
    broken_nb = NEW_NB + "\nSe [siden](finnes-ikke.md).\n"
    project = tiny(tmp_path, broken_nb, NEW_EN)
    before = snapshot(project)
    result = mkdocs_build(project, "--strict")
    assert result.returncode != 0 and "finnes-ikke.md" in result.stderr
    assert snapshot(project) == before
    result = publish(project)
    assert result.returncode != 0
    assert ("publish: the build failed (see above): nothing was published or recorded; the ledgers "
            "are unchanged") in result.stderr
    assert snapshot(project) == before


@pytest.mark.heavy
def test_publish_records_new_ids_pages_and_wording_once(tmp_path):
    project = tiny(tmp_path, NEW_NB, NEW_EN, extra={"nb/ny.md": "# Ny\n", "en/ny.md": "# New\n"})
    result = publish(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "publish: includes/ledger.yml: 1 new item id(s) recorded as published on 2026-12-05 (t-ny)" in result.stdout
    assert "publish: includes/pages.yml: 1 new page address(es) recorded (/ny/)" in result.stdout
    ledger = items_ledger.load_file(str(project / PATH), PATH)
    assert ledger.problems == []
    ny = ledger.entries["t-ny"]
    assert (ny.kind, ny.page, ny.added) == ("checklist", "liste/", "2026-12-05")
    assert ny.text == {"nb": items_ledger.fingerprint("Vi har en ny rutine."),
                       "en": items_ledger.fingerprint("We have a new routine.")}
    assert ledger.entries["t-plan"].added == "2026-11-24"  # the first publication is kept
    assert "ny.md: {added: 2026-12-05}\n" in (project / "includes/pages.yml").read_text(encoding="utf-8")
    before = snapshot(project)
    again = publish(project, epoch="1827961200")  # a year later: nothing new, nothing changes
    assert again.returncode == 0 and "0 new item id(s)" in again.stdout
    assert snapshot(project) == before
    # A new wording needs a change note (hooks/changes.py); publishing records it as used up.
    note = "- {date: 2026-12-06, change: minor, items: [t-ny], nb: Presisert., en: Made clearer.}\n"
    reworded = tiny(tmp_path / "b", NEW_NB.replace("ny rutine", "ny, bedre rutine"), NEW_EN,
                    ledger=(project / PATH).read_text(encoding="utf-8"),
                    extra={"includes/changes.yml": note})
    result = publish(reworded)
    assert "new wording recorded for t-ny" in result.stdout, result.stdout + result.stderr
    assert items_ledger.load_file(str(reworded / PATH), PATH).entries["t-ny"].notes == 1


def test_publish_refuses_the_handbooks_placeholders_before_building_and_changes_nothing(tmp_path):
    """The handbook's own mkdocs.yml, as shipped: example addresses, no uustatus statement."""
    before = snapshot(ROOT)
    env = {k: v for k, v in ENV.items() if k not in ("SITE_URL", "HANDBOOK_OWNER_EMAIL_FAGTEAM", "HANDBOOK_UUSTATUS_URL")}
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "publish.py"), "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "publish: not published - mkdocs.yml still has placeholder addresses:"
    assert [line.split(":")[0:2] for line in lines[1:]] == [
        ["mkdocs.yml", str(_line("site_url:"))],
        ["mkdocs.yml", str(_line("email: !ENV [HANDBOOK_OWNER_EMAIL_FAGTEAM"))],
        ["mkdocs.yml", str(_line("uustatus:"))],
    ]
    assert 'site_url is "https://intranett.example.no/erfaringskompetanse/", a placeholder' in lines[1]
    assert "set HANDBOOK_OWNER_EMAIL_FAGTEAM to the owner's real address" in lines[2]
    assert "set HANDBOOK_UUSTATUS_URL" in lines[3]
    assert not (tmp_path / "site").exists() and snapshot(ROOT) == before


@pytest.mark.heavy
def test_publish_passes_the_handbook_once_real_addresses_come_from_the_environment(tmp_path):
    """One repository, a kommune's own addresses: a copy of the handbook publishes, recording what
    it publishes (in the copy)."""
    copy = handbook_copy(tmp_path / "handbook")
    env = {**ENV, "SITE_URL": "https://intranett.bergen.kommune.no/erfaringskompetanse/",
           "HANDBOOK_OWNER_EMAIL_FAGTEAM": "erfaringskompetanse@bergen.kommune.no",
           "HANDBOOK_UUSTATUS_URL": "https://uustatus.no/nb/erklaringer/publisert/0000-bergen",
           "SOURCE_DATE_EPOCH": "1796425200"}
    result = subprocess.run([sys.executable, "tools/publish.py"], cwd=copy, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "publish: the site in site is ready to copy to the server" in result.stdout
    ledger = items_ledger.load_file(str(copy / PATH), PATH)
    assert ledger.problems == [] and all(e.added for e in ledger.entries.values())
    html = (copy / "site" / "index.html").read_text(encoding="utf-8")
    assert "erfaringskompetanse@bergen.kommune.no" in html and "example.no" not in html


def _line(start: str) -> int:
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith(start))


def test_a_page_moved_without_a_redirect_stops_the_build_naming_the_line_to_add(tmp_path):
    moved_nb = "---\nid-prefix: t-\nsources: 001 §1\n---\n\n# Liste\n\n- [ ] Vi har en plan. {#t-plan}\n- [ ] Vi har lest. {#t-lest}\n"
    project = write_tiny_site(tmp_path / "p", CONFIG, {
        "includes/sources.yml": REGISTRY, "includes/ledger.yml": PUBLISHED.replace("page: liste/", "page: lister/liste/"),
        "includes/pages.yml": PAGES,
        "nb/index.md": "# Hjem\n", "en/index.md": "# Home\n",
        "nb/lister/liste.md": moved_nb, "en/lister/liste.md": EN,
    })
    result = mkdocs_build(project, "--strict")
    assert result.returncode != 0
    line = CONFIG.split("\n").index("  redirects:") + 1
    assert (f"includes/pages.yml:2: the page /liste/ (docs/nb/liste.md) was published, and no page has "
            f"that address now: bookmarks and printed sheets lead there. If it moved, add this line "
            f"to mkdocs.yml under `redirects:` (line {line}):  liste.md: lister/liste.md") in result.stderr
    # The line pasted as the guide says, under the example: the build passes and the old address
    # sends readers on in both languages.
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("    # gammel.md: ny.md\n", "    # gammel.md: ny.md\n    liste.md: lister/liste.md\n"),
        encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    for folder in ("", "en/"):
        page = (project / "site" / folder / "liste" / "index.html").read_text(encoding="utf-8")
        assert 'content="0; url=../lister/liste/"' in page


def test_the_same_address_from_another_file_is_no_move(tmp_path):
    """liste.md and liste/index.md have one address: /liste/."""
    project = write_tiny_site(tmp_path / "p", CONFIG, {
        "includes/sources.yml": REGISTRY, "includes/ledger.yml": PUBLISHED, "includes/pages.yml": PAGES,
        "nb/index.md": "# Hjem\n", "en/index.md": "# Home\n",
        "nb/liste/index.md": NB, "en/liste/index.md": EN,
    })
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.heavy
def test_make_build_and_make_serve_leave_every_tracked_file_untouched(tmp_path):
    """The real handbook: a strict build and a `mkdocs serve` session change no tracked file."""
    def tracked() -> dict[str, str]:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True).stdout
        return {f: hashlib.sha256((ROOT / f).read_bytes()).hexdigest()
                for f in files.split("\0") if f and (ROOT / f).is_file()}

    before = tracked()
    result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    serve = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", "127.0.0.1:0", "--no-livereload"],
                             cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, seen = time.time() + 120, ""
        while time.time() < deadline and "Serving on" not in seen and serve.poll() is None:
            seen += serve.stdout.readline()
        assert "Serving on" in seen, seen
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    assert tracked() == before
