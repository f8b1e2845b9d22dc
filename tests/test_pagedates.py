"""Every page says when it changed, who owns it and how to report an error (hooks/pagedates.py).

A tiny bilingual site in a temporary git repository: one commit for everything, a later one that
touches one page; then the same site without history, and as a shallow clone.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest

from conftest import ENV, ROOT, TINY_I18N, TINY_SITE, write_tiny_site, pdf_texts, site_walk

CONFIG = f"""\
{TINY_SITE}  custom_dir: {ROOT / "overrides"}
extra_css:
  - assets/pageinfo.css
plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "pagedates.py"}
extra:
  owner: fagteam
  owners:
    fagteam: {{nb: Fagteamet, en: The team, email: fag@example.org}}
    hr: {{nb: HR-avdelingen, en: HR, email: hr@example.org}}
  timezone: Europe/Oslo
"""

PAGES = {
    "nb/index.md": "# Hjem\n",
    "en/index.md": "# Home\n",
    "nb/a/liste.md": "---\nowner: hr\n---\n\n# Liste & plan\n\nTekst.\n",
    "en/a/liste.md": "---\nowner: hr\n---\n\n# List & plan\n\nText.\n",
}

FIRST = "2026-03-01T12:00:00+01:00"
# 23:30 in Oslo is 22:30 UTC: the page must say the 23rd, the day in extra.timezone.
SECOND = "2026-11-23T23:30:00+01:00"
BUILD_EPOCH = int(datetime(2027, 1, 15, 12, tzinfo=timezone.utc).timestamp())


def build(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project, env={**ENV, "SOURCE_DATE_EPOCH": str(BUILD_EPOCH), **env},
        capture_output=True, text=True,
    )


def git(project: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when or FIRST, "GIT_COMMITTER_DATE": when or FIRST}
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=project, env=env, check=True, capture_output=True,
    )


def make_site(folder: Path, pages: dict[str, str] = PAGES) -> Path:
    return write_tiny_site(folder, CONFIG, pages, assets=("pageinfo.css",))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The tiny site with history: everything on 1 March, then only nb/a/liste.md on 23 November."""
    project = make_site(tmp_path_factory.mktemp("pagedates") / "repo")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "first")
    page = project / "docs" / "nb" / "a" / "liste.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMer tekst.\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "one page", when=SECOND)
    return project


@pytest.fixture(scope="module")
def built(repo) -> Path:
    result = build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo / "site"


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def foot(page: str) -> str:
    m = re.search(r'<aside class="page-info".*?</aside>', page, re.S)
    assert m, "no page-info at the foot of the page"
    return " ".join(m.group(0).split())


def margin(page: str) -> str:
    m = re.search(r"@top-right \{ content: (\".*?\"); \}", page)
    assert m, "no page facts in the print margin"
    return m.group(1)


def test_date_of_the_commit_that_touched_the_page_in_its_language(built):
    assert 'Sist endret <time datetime="2026-11-23">23. november 2026</time>' in foot(html(built, "a/liste"))
    assert 'Last changed <time datetime="2026-03-01">1 March 2026</time>' in foot(html(built, "en/a/liste"))
    assert 'Sist endret <time datetime="2026-03-01">1. mars 2026</time>' in foot(html(built, "."))
    assert 'Last changed <time datetime="2026-03-01">1 March 2026</time>' in foot(html(built, "en"))


def test_owner_from_config_and_front_matter(built):
    assert "Ansvarlig: Fagteamet" in foot(html(built, "."))
    assert "Owner: The team" in foot(html(built, "en"))
    assert "Ansvarlig: HR-avdelingen" in foot(html(built, "a/liste"))
    assert "Owner: HR" in foot(html(built, "en/a/liste"))


def test_report_an_error_writes_to_the_owner_with_title_and_address(built):
    nb = re.search(r'href="(mailto:[^"]+)">Meld fra om feil</a>', html(built, "a/liste"))
    en = re.search(r'href="(mailto:[^"]+)">Report an error</a>', html(built, "en"))
    assert nb and en
    link = urlsplit(nb.group(1).replace("&amp;", "&"))
    assert link.path == "hr@example.org"
    assert " " not in link.query and "\n" not in link.query  # URL-encoded
    query = {k: v[0] for k, v in parse_qs(link.query).items()}
    assert query["subject"] == "Feil i håndboka: Liste & plan"
    assert query["body"].startswith("Side: Liste & plan\r\nAdresse: https://example.org/tiny/a/liste/\r\n")
    link = urlsplit(en.group(1).replace("&amp;", "&"))
    assert link.path == "fag@example.org"
    assert unquote(link.query).startswith("subject=Error in the handbook: Home&body=Page: Home")
    assert "Address: https://example.org/tiny/en/" in unquote(link.query)


def test_print_margin_says_date_owner_and_address_for_errors(built):
    assert margin(html(built, "a/liste")) == (
        '"Sist endret 23. november 2026\\A Ansvarlig: HR-avdelingen\\A Meld fra om feil: hr@example.org"'
    )
    assert margin(html(built, "en")) == (
        '"Last changed 1 March 2026\\A Owner: The team\\A Report an error: fag@example.org"'
    )


def test_printed_page_carries_the_facts_in_its_margin(built, browser):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto((built / "a" / "liste" / "index.html").as_uri())
    text = pdf_texts(page.pdf(format="A4", prefer_css_page_size=True))[0]
    page.close()
    lines = text.splitlines()
    assert "Sist endret 23. november 2026" in lines  # a line of its own, top right
    assert "Ansvarlig: HR-avdelingen" in lines
    assert "Meld fra om feil: hr@example.org" in lines
    assert "Mer tekst." in lines  # the page's last line: the on-screen foot is not printed
    assert not any(line.endswith("Meld fra om feil") for line in lines)


NO_HISTORY_NB = 'Dato for bygget <time datetime="2027-01-15">15. januar 2027</time> (endringshistorikken var ikke tilgjengelig)'
NO_HISTORY_EN = 'Build date <time datetime="2027-01-15">15 January 2027</time> (the change history was not available)'


def test_without_git_history_the_build_date_is_shown_and_said(repo, tmp_path):
    project = tmp_path / "tarball"
    shutil.copytree(repo, project, ignore=shutil.ignore_patterns(".git", "site"))
    result = build(project, GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pages show the build date: no git history here" in result.stderr
    assert NO_HISTORY_NB in foot(html(project / "site", "a/liste"))
    assert NO_HISTORY_EN in foot(html(project / "site", "en"))
    assert margin(html(project / "site", "a/liste")).startswith(
        '"Dato for bygget 15. januar 2027 (endringshistorikken var ikke tilgjengelig)\\A '
    )


def test_a_shallow_clone_counts_as_no_history(repo, tmp_path):
    # In a shallow clone git would date every page by the newest commit: wrong, so not used.
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(tmp_path / "ci")], check=True)
    result = build(tmp_path / "ci")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shallow clone" in result.stderr
    assert NO_HISTORY_NB in foot(html(tmp_path / "ci" / "site", "."))


def test_a_page_not_committed_yet_shows_the_build_date(repo, tmp_path):
    project = tmp_path / "work"
    shutil.copytree(repo, project, ignore=shutil.ignore_patterns("site"))
    for lang, title in (("nb", "Ny"), ("en", "New")):
        (project / "docs" / lang / "ny.md").write_text(f"# {title}\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert NO_HISTORY_NB in foot(html(project / "site", "ny"))
    assert "23. november 2026" in foot(html(project / "site", "a/liste"))


def test_unknown_owner_names_file_and_line(tmp_path):
    pages = {**PAGES, "nb/a/liste.md": PAGES["nb/a/liste.md"].replace("owner: hr", "owner: hrr")}
    result = build(make_site(tmp_path, pages))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert 'docs/nb/a/liste.md:2: owner "hrr" is not in extra.owners in mkdocs.yml (known: fagteam, hr)' in result.stderr


def test_twins_with_different_owners_are_refused(tmp_path):
    pages = {**PAGES, "en/a/liste.md": "# List & plan\n\nText.\n"}  # the owner forgotten in English
    result = build(make_site(tmp_path, pages))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (
        'docs/nb/a/liste.md:2: owner "hr" here, but "fagteam" on the en twin docs/en/a/liste.md: '
        "give both languages the same owner"
    ) in result.stderr


# ----------------------------------------------------------------------------
# The real handbook
# ----------------------------------------------------------------------------


def test_every_page_of_the_handbook_says_date_owner_and_report_link(walked):
    site = walked
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    pages = [b.file for b in site_walk(site) if b.kind in ("page", "booklet")]
    assert len(pages) > 50
    for path in pages:
        text = path.read_text(encoding="utf-8")
        info = foot(text)
        assert "mailto:" in info and ("Ansvarlig:" in info or "Owner:" in info), path
        assert ("Sist endret" in info or "Last changed" in info) == (shallow == "false"), (path, info)
        margin(text)
    # The date of one page is that of the last commit that touched its source.
    if shallow == "false":
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "docs/nb/verdier/index.md"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()
        day = datetime.fromtimestamp(int(stamp), ZoneInfo("Europe/Oslo")).date()
        assert f'datetime="{day.isoformat()}"' in foot(html(site, "verdier"))
