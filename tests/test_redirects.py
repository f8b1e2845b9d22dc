"""Moved pages keep their addresses: a tiny bilingual site with a redirect list (hooks/redirects.py)."""

from __future__ import annotations

import http.server
import posixpath
import shutil
from pathlib import Path

import pytest

from axe_playwright_python.sync_playwright import Axe

from conftest import CSP_RECORDER, MOVED, ROOT, TINY_I18N, TINY_SITE, mkdocs_build, serve_folder, write_tiny_site

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

CONFIG = f"""\
{TINY_SITE}plugins:
  - search
{TINY_I18N.replace("{locale: en, name: English, build: true}", "{locale: en, name: English, build: true, site_name: Tiny (en)}")}hooks:
  - {ROOT / "hooks" / "redirects.py"}
extra:
  redirects:
    a/gammel.md: a/liste.md
    b/index.md: a/liste.md#plan
"""

PAGES = {
    "nb/index.md": "# Hjem\n",
    "en/index.md": "# Home\n",
    "nb/a/liste.md": "# Liste\n\nTekst.\n\n## Plan\n\nMer tekst.\n",
    "en/a/liste.md": "# List\n\nText.\n\n## Plan\n\nMore text.\n",
}


def make_site(tmp_path: Path, config: str = CONFIG, pages: dict[str, str] = PAGES) -> Path:
    return write_tiny_site(tmp_path, config, pages, assets=("redirect.js",))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = make_site(tmp_path_factory.mktemp("redirects"))
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_old_address_redirects_in_both_languages_relatively(built):
    nb = (built / "a" / "gammel" / "index.html").read_text(encoding="utf-8")
    en = (built / "en" / "a" / "gammel" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nb">' in nb and '<html lang="en">' in en
    for page in (nb, en):
        assert '<meta http-equiv="refresh" content="0; url=../liste/">' in page
        assert '<link rel="canonical" href="../liste/">' in page
        assert '<meta name="robots" content="noindex">' in page
        assert "<script>" not in page  # no inline script: CSP script-src 'self'
    assert '<script src="../../assets/redirect.js"></script>' in nb
    assert '<script src="../../../assets/redirect.js"></script>' in en
    assert 'Denne siden har flyttet til <a href="../liste/">Liste</a>.' in nb
    assert 'This page has moved to <a href="../liste/">List</a>.' in en
    assert "<title>Siden har flyttet – Tiny</title>" in nb
    assert "<title>This page has moved – Tiny (en)</title>" in en


def test_redirect_to_an_anchor_from_a_section_index(built):
    for root in (built, built / "en"):
        page = (root / "b" / "index.html").read_text(encoding="utf-8")
        assert 'content="0; url=../a/liste/#plan"' in page


def test_redirects_are_in_neither_search_nor_sitemap(built):
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    index = (built / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "a/liste/" in sitemap  # the sitemap is there and lists the real page
    assert "gammel" not in sitemap and "/b/" not in sitemap
    assert "gammel" not in index and '"b/' not in index


@pytest.fixture(scope="module")
def served_tiny(built, tmp_path_factory):
    """The tiny site under a sub-path, every response with the handbook's strict CSP."""
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(built, www / "sub" / "handbok")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", CSP)
            super().end_headers()

        def log_message(self, *args) -> None:
            pass

    origin, server = serve_folder(www, Handler)
    yield origin + "sub/handbok/"
    server.shutdown()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_browser_lands_on_the_new_page_with_the_anchor(browser, served_tiny, lang):
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []  # on the redirect page (the tiny target page is Material's own)

    def record(message) -> None:
        if "/a/gammel/" in message.location.get("url", "") and "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", record)
    page.goto(f"{served_tiny}{lang}a/gammel/#plan")
    page.wait_for_url(f"{served_tiny}{lang}a/liste/#plan", timeout=5000)
    assert violations == []
    context.close()


def test_without_javascript_the_meta_refresh_still_moves_on(browser, served_tiny):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_tiny}en/b/")
    page.wait_for_url(f"{served_tiny}en/a/liste/#plan", timeout=5000)
    context.close()


# Lines of the two entries in CONFIG, as the messages must name them.
LINE_A = CONFIG.splitlines().index("    a/gammel.md: a/liste.md") + 1
LINE_B = CONFIG.splitlines().index("    b/index.md: a/liste.md#plan") + 1


def failing(project: Path) -> list[str]:
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    return [line.strip() for line in output.splitlines() if line.strip().startswith("mkdocs.yml:")]


def test_missing_target_and_leftover_old_page_name_the_line(tmp_path):
    config = CONFIG.replace("a/gammel.md: a/liste.md", "a/gammel.md: a/lista.md")
    pages = {**PAGES, "en/b/index.md": "# Old\n"}
    assert failing(make_site(tmp_path, config, pages)) == [
        f"mkdocs.yml:{LINE_A}: redirect a/gammel.md -> a/lista.md: docs/nb/a/lista.md does not exist (nb)",
        f"mkdocs.yml:{LINE_A}: redirect a/gammel.md -> a/lista.md: docs/en/a/lista.md does not exist (en)",
        f"mkdocs.yml:{LINE_B}: redirect b/index.md -> a/liste.md#plan: docs/en/b/index.md still exists: "
        "a moved page leaves no file behind",
    ]


def test_an_address_instead_of_a_file_path_is_refused(tmp_path):
    config = CONFIG.replace("a/gammel.md: a/liste.md", "a/gammel/: a/liste.md")
    assert failing(make_site(tmp_path, config)) == [
        f"mkdocs.yml:{LINE_A}: redirect a/gammel/ -> a/liste.md: write both as paths of .md files "
        "inside a language folder, e.g. rekruttering/sjekkliste.md",
    ]


def test_missing_anchor_names_the_line_and_language(tmp_path):
    pages = {**PAGES, "en/a/liste.md": "# List\n\nText.\n\n## Planning\n"}
    assert failing(make_site(tmp_path, pages=pages)) == [
        f"mkdocs.yml:{LINE_B}: redirect b/index.md -> a/liste.md#plan: the en page has no anchor #plan",
    ]


# A redirect never overwrites a page, escapes the language's site or dangles (issue 19).
HOSTILE = {
    "workshops.md: a/liste.md": [
        "the old address workshops/ is the address of docs/{lang}/workshops/index.md, a page that exists: "
        "a redirect would replace it"],
    "../ute.md: a/liste.md": [
        "../ute.md steps out of the language folder (. or .. or //): write the path from the language folder "
        "down (rekruttering/sjekkliste.md)"],
    "/rot.md: a/liste.md": [
        "/rot.md is not a path inside the language folder: write it without a leading / (rekruttering/sjekkliste.md)"],
    "en/x.md: a/liste.md": [
        "en/x.md starts with the language folder en/: write the path inside it, the same for every language"],
    "c/gammel.md: ../en/a/liste.md": [
        "../en/a/liste.md steps out of the language folder (. or .. or //): write the path from the language "
        "folder down (rekruttering/sjekkliste.md)"],
    "d/gammel.md: a/liste/index.md": [
        "docs/{lang}/a/liste/index.md does not exist ({lang}): the page at that address is a/liste.md, write that"],
    "e/gammel.md: b.md": ["b.md is itself redirected (to a/liste.md#plan): point at the final page"],
    "f.md: a/liste.md": ["f/index.md has the same address (f/): keep one of the two lines"],
    "f/index.md: a/liste.md": ["f.md has the same address (f/): keep one of the two lines"],
}


def test_a_redirect_cannot_overwrite_a_page_escape_or_dangle(tmp_path):
    config = CONFIG + "".join(f"    {line}\n" for line in HOSTILE)
    lines = config.splitlines()
    pages = {**PAGES, "nb/workshops/index.md": "# Workshops\n", "en/workshops/index.md": "# Workshops\n"}
    expected = []
    for entry, messages in HOSTILE.items():
        where = f"mkdocs.yml:{lines.index('    ' + entry) + 1}: redirect {entry.replace(': ', ' -> ')}: "
        for message in messages:
            langs = ("nb", "en") if "{lang}" in message else ("",)
            expected += [where + message.format(lang=lang) for lang in langs]
    assert sorted(failing(make_site(tmp_path, config, pages))) == sorted(expected)
    assert not (tmp_path / "ute").exists() and not (tmp_path / "site" / "en" / "x").exists()


def test_a_redirect_cannot_replace_a_page_the_build_writes(tmp_path):
    """`en.md` is the address en/ in Norwegian: the English front page."""
    config = CONFIG + "    en.md: index.md\n"
    line = config.splitlines().index("    en.md: index.md") + 1
    project = make_site(tmp_path, config)
    assert failing(project) == [
        f"mkdocs.yml:{line}: redirect en.md -> index.md: the build writes a page at the old address en/ (nb), "
        "which a redirect would replace: choose the old path the page really had"]
    assert "<h1" in (project / "site" / "en" / "index.html").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------
# The real handbook with a page moved as CONTRIBUTING.md says (conftest.moved_site)
# ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served_moved(moved_site, tmp_path_factory):
    """The moved handbook under a sub-path, every response with the handbook's strict CSP."""
    www = tmp_path_factory.mktemp("www-moved")
    shutil.copytree(moved_site, www / "handbok")
    origin, server = serve_folder(www)
    yield origin + "handbok/"
    server.shutdown()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_moved_pages_old_address_and_the_links_to_it_land_on_it_under_the_strict_csp(browser, served_moved, lang):
    old, new = (path.removesuffix(".md") + "/" for path in MOVED)
    context = browser.new_context()
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.goto(served_moved + lang + old)  # a bookmark, a printed address
    page.wait_for_url(served_moved + lang + new, timeout=10000)
    page.wait_for_load_state("load")
    assert page.locator("article h1").count() == 1
    assert page.evaluate("window.__cspViolations") == [] and problems == []
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [v["id"] for v in violations]
    # The section's front page links the new address.
    page.goto(served_moved + lang + posixpath.dirname(old.rstrip("/")) + "/")
    hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    assert served_moved + lang + new in hrefs and served_moved + lang + old not in hrefs
    context.close()
