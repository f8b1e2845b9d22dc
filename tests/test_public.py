"""Ready for a public body to publish: the accessibility statement and the privacy page linked
from the foot of every page in its language, the statement's facts filled in by the build
(hooks/facts.py), and the placeholder addresses a publishing build must refuse
(hooks/placeholders.py, tools/placeholders.py)."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ENV, ROOT, TINY_I18N, TINY_SITE, write_tiny_site, site_walk

sys.path.insert(0, str(ROOT / "hooks"))
import placeholders  # noqa: E402

LINKS = {"nb": ("Tilgjengelighetserklæring", "Personvern og lagring"),
         "en": ("Accessibility statement", "Privacy and storage")}


def html_pages(site: Path) -> list[Path]:
    """Every HTML file a reader reads: pages, booklets, the not-found and offline pages (a redirect
    page only sends the reader on: conftest.site_walk)."""
    return [b.file for b in site_walk(site) if b.kind != "redirect"]


# --- Linked from every page ---------------------------------------------------------------------


def test_every_page_links_both_pages_at_its_foot_in_its_own_language(walked):
    site = walked
    pages = html_pages(site)
    assert len(pages) >= 130 and site / "404.html" in pages and site / "en" / "utskrift" / "index.html" in pages
    for page in pages:
        rel = page.relative_to(site).as_posix()
        lang = "en" if rel.startswith("en/") else "nb"
        links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
            "footer .md-copyright nav.site-links a")
        assert [a.get_text(strip=True) for a in links] == list(LINKS[lang]), rel
        for a, target in zip(links, ("tilgjengelighet", "personvern")):
            href = a["href"]
            if rel.endswith("404.html"):  # served at any address: absolute, from site_url's path
                assert href == f"/erfaringskompetanse/{'en/' if lang == 'en' else ''}{target}/", rel
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            assert resolved == f"{'en/' if lang == 'en' else ''}{target}", f"{rel}: {href}"
            assert (site / resolved / "index.html").exists()


def test_the_plan_and_the_builder_link_the_privacy_page_where_they_speak_of_storage(site):
    for lang in ("", "en/"):
        for path in ("ny-i-jobben", "rekruttering/intervjuark"):
            soup = BeautifulSoup((site / lang / path / "index.html").read_text(encoding="utf-8"), "html.parser")
            hrefs = [a["href"] for a in soup.select("article a[href]")]
            assert "../personvern/" in hrefs or "../../personvern/" in hrefs, lang + path


# --- The statement's facts ----------------------------------------------------------------------

BUILT = datetime(2027, 3, 1, 23, 30, tzinfo=timezone.utc)  # 2 March in Oslo


def facts_site(folder: Path, page_nb: str, page_en: str) -> Path:
    config = f"""\
{TINY_SITE}plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "facts.py"}
extra:
  timezone: Europe/Oslo
  owner: fagteam
  owners:
    fagteam:
      nb: Fagteamet
      en: The team
      email: !ENV [HANDBOOK_OWNER_EMAIL_FAGTEAM, "team@intranett.example.no"]
  accessibility:
    uustatus: !ENV [HANDBOOK_UUSTATUS_URL, ""]
"""
    return write_tiny_site(folder, config, {
        "nb/index.md": page_nb, "en/index.md": page_en,
    })


def build(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
        env={**ENV, "SOURCE_DATE_EPOCH": str(int(BUILT.timestamp())), **env},
        capture_output=True, text=True,
    )


def text_of(project: Path, lang: str = "") -> str:
    soup = BeautifulSoup((project / "site" / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
    return " ".join(soup.select_one("article").get_text(" ").split())


def test_the_build_fills_in_date_owner_and_uustatus_link_from_the_configuration(tmp_path):
    project = facts_site(
        tmp_path,
        "# Erklæring\n\nBygget <!-- fact: build-date -->. Skriv til <!-- fact: owner --> på\n"
        "<!-- fact: owner-email -->.\n\n<!-- fact: uustatus -->\n",
        "# Statement\n\nBuilt on <!-- fact: build-date -->. Owner: <!-- fact: owner -->,\n"
        "<!-- fact: owner-email -->.\n\n<!-- fact: uustatus -->\n",
    )
    url = "https://uustatus.no/nb/erklaringer/publisert/0f1e2d3c"
    result = build(project, HANDBOOK_OWNER_EMAIL_FAGTEAM="ek@bergen.kommune.no", HANDBOOK_UUSTATUS_URL=url)
    assert result.returncode == 0, result.stderr
    assert "Bygget 2. mars 2027. Skriv til Fagteamet på ek@bergen.kommune.no ." in text_of(project)
    assert "Built on 2 March 2027. Owner: The team, ek@bergen.kommune.no ." in text_of(project, "en")
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:ek@bergen.kommune.no"' in html and f'href="{url}"' in html
    assert "les tilgjengelighetserklæringen på uustatus.no" in text_of(project)
    assert "read the accessibility statement on uustatus.no" in text_of(project, "en")

    # Without a statement (or with a placeholder), the page says where one is made.
    result = build(project, HANDBOOK_UUSTATUS_URL="https://uustatus.example.no/x")
    assert result.returncode == 0, result.stderr
    assert "har ikke lagt inn lenken til sin erklæring ennå" in text_of(project)
    assert "has not added the link to its statement yet" in text_of(project, "en")
    assert "uustatus.example.no" not in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_an_unknown_fact_stops_the_build_naming_file_and_line(tmp_path):
    project = facts_site(tmp_path, "# Hjem\n\nTekst.\n\nBygget <!-- fact: build-day -->.\n", "# Home\n")
    result = build(project)
    assert result.returncode == 1
    assert ('docs/nb/index.md:5: unknown fact "build-day" in <!-- fact: build-day -->: write one of '
            "build-date, owner, owner-email, uustatus") in result.stderr


def test_the_real_statement_names_the_owner_address_and_no_test_file(site):
    for lang, words in (("", ("47 suksesskriterier", "WCAG 2.2", "Diskrimineringsnemnda", "Vi svarer innen tre uker")),
                        ("en/", ("47 success criteria", "WCAG 2.2", "Anti-Discrimination Tribunal", "We answer within three weeks"))):
        html = (site / lang / "tilgjengelighet" / "index.html").read_text(encoding="utf-8")
        text = " ".join(BeautifulSoup(html, "html.parser").select_one("article").get_text(" ").split())
        assert 'href="mailto:erfaringskompetanse@intranett.example.no"' in html
        assert all(w in text for w in words), lang
        assert "tests/" not in text and ".py" not in text


# --- Placeholders -------------------------------------------------------------------------------

CONFIG = ROOT / "mkdocs.yml"


def line_of(text: str) -> int:
    return next(n for n, line in enumerate(CONFIG.read_text(encoding="utf-8").splitlines(), 1) if text in line)


REAL = {
    "SITE_URL": "https://intranett.bergen.kommune.no/erfaringskompetanse/",
    "HANDBOOK_OWNER_EMAIL_FAGTEAM": "erfaringskompetanse@bergen.kommune.no",
    "HANDBOOK_UUSTATUS_URL": "https://uustatus.no/nb/erklaringer/publisert/0f1e2d3c",
}


def test_todays_configuration_is_refused_naming_each_placeholder_and_its_line():
    assert placeholders.problems(str(CONFIG), {}) == [
        f'mkdocs.yml:{line_of("site_url:")}: site_url is "https://intranett.example.no/erfaringskompetanse/", '
        "a placeholder (intranett.example.no is a domain reserved for examples): set SITE_URL to the "
        "address the handbook is published at, or write it in mkdocs.yml",
        f'mkdocs.yml:{line_of("HANDBOOK_OWNER_EMAIL_FAGTEAM")}: extra.owners.fagteam.email is '
        '"erfaringskompetanse@intranett.example.no", a placeholder (intranett.example.no is a domain '
        "reserved for examples): set HANDBOOK_OWNER_EMAIL_FAGTEAM to the owner's real address, or write "
        "it in mkdocs.yml",
        f"mkdocs.yml:{line_of('uustatus:')}: extra.accessibility.uustatus is not set: set "
        "HANDBOOK_UUSTATUS_URL to the address of the organisation's accessibility statement (make it "
        "at uustatus.no), or write it in mkdocs.yml",
    ]


def test_real_addresses_from_the_environment_pass_and_each_kommune_sets_its_own():
    assert placeholders.problems(str(CONFIG), REAL) == []
    other = {**REAL, "SITE_URL": "http://localhost:8000/"}
    assert placeholders.problems(str(CONFIG), other) == [
        f'mkdocs.yml:{line_of("site_url:")}: site_url is "http://localhost:8000/" (from SITE_URL), a '
        "placeholder (localhost is this machine, not a server readers can reach): set SITE_URL to the "
        "address the handbook is published at, or write it in mkdocs.yml",
    ]


def test_written_addresses_are_judged_too(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: X\nsite_url: https://kommune.example/handbok/\n"
        "extra:\n  owners:\n    hr:\n      nb: HR\n      email: hr@kommune.invalid\n"
        "  accessibility:\n    uustatus: https://uustatus.no/nb/erklaringer/publisert/1\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    assert placeholders.problems(str(config), {}) == [
        'mkdocs.yml:2: site_url is "https://kommune.example/handbok/", a placeholder (.example is a '
        "domain reserved for examples): write the address the handbook is published at here, or write "
        "`!ENV [SITE_URL, …]` and set SITE_URL",
        'mkdocs.yml:7: extra.owners.hr.email is "hr@kommune.invalid", a placeholder (.invalid is a '
        "domain that never exists): write the owner's real address here, or write "
        "`!ENV [HANDBOOK_OWNER_EMAIL_HR, …]` and set HANDBOOK_OWNER_EMAIL_HR",
    ]


@pytest.mark.parametrize("host,placeholder", [
    ("intranett.example.no", True), ("example.com", True), ("EXAMPLE.org", True), ("x.invalid", True),
    ("localhost", True), ("app.localhost", True), ("127.0.0.1", True), ("[::1]", True), ("0.0.0.0", True),
    ("intranett.bergen.kommune.no", False), ("example-kommune.no", False), ("intranett.local", False),
    ("10.1.2.3", False), ("examples.no", False),
])
def test_what_counts_as_a_placeholder(host, placeholder):
    assert (placeholders.why_placeholder(host) is not None) is placeholder


def test_the_command_line_refuses_and_passes_with_the_environment():
    run = [sys.executable, str(ROOT / "tools" / "placeholders.py")]
    base = {k: v for k, v in os.environ.items() if k not in REAL}
    refused = subprocess.run(run, env=base, capture_output=True, text=True)
    assert refused.returncode == 1 and refused.stderr.count("mkdocs.yml:") == 3
    passed = subprocess.run(run, env={**base, **REAL}, capture_output=True, text=True)
    assert (passed.returncode, passed.stdout, passed.stderr) == (0, "", "")
