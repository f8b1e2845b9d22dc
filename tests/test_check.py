"""`make check` (tools/check.py): the build's own messages, without building.

Each case is a tiny bilingual site with mistakes of one kind; `tools/check.py` must print exactly
the messages `mkdocs build` stops with (file:line and words), and nothing for a good site.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ENV, ROOT, mkdocs_build, write_tiny_site
from test_ledger import CONFIG, EN, NB, PAGES, PUBLISHED, REGISTRY


def located(output: str) -> list[str]:
    return sorted(line.strip() for line in output.splitlines()
                  if line.strip().startswith(("docs/", "includes/", "mkdocs.yml:")))


def check(project) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "check.py"), str(project / "mkdocs.yml")],
                          cwd=project, env=ENV, capture_output=True, text=True)


def site(tmp_path, nb: str = NB, en: str = EN, pages: dict[str, str] | None = None, ledger: str = PUBLISHED):
    files = {"includes/sources.yml": REGISTRY, "includes/ledger.yml": ledger, "includes/pages.yml": PAGES,
             "nb/index.md": "# Hjem\n", "en/index.md": "# Home\n"}
    if pages is None:
        files.update({"nb/liste.md": nb, "en/liste.md": en})
    else:
        files.update(pages)
    return write_tiny_site(tmp_path / "p", CONFIG, files)


CASES = {
    "items": dict(
        nb=NB.replace("{#t-lest}", "{#t-lesst}") + "- [ ] Vi har en plan. {#t-kopi}\n- [ ] Ny sak. {#t-ny sources=\"001 §99\"}\n",
        en=EN.replace("{#t-lest}", "{#t-lesst}") + "- [ ] We copied. {#t-kopi}\n",
    ),
    "front matter": dict(nb=NB.replace("id-prefix: t-", "id-prefix: t-\nkilder: 001"), en=EN.replace("sources: 001 §1", "sources: [001 §1")),
    "a page moved": dict(pages={"nb/lister.md": NB, "en/lister.md": EN}),
    "the ledger": dict(ledger=PUBLISHED + "t-gammel: {kind: checklist, page: liste/, retired: 2026-11-01, successor: t-plan}\n"),
}


@pytest.mark.parametrize("name", CASES)
def test_make_check_says_what_the_build_says(tmp_path, name):
    project = site(tmp_path, **CASES[name])
    built = mkdocs_build(project, "--strict")
    checked = check(project)
    assert built.returncode != 0 and checked.returncode == 1, checked.stdout + checked.stderr
    expected = located(built.stdout + built.stderr)
    assert expected, built.stderr
    assert located(checked.stdout) == expected


def test_make_check_passes_a_good_site_and_the_handbook(tmp_path):
    checked = check(site(tmp_path))
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
    assert "make check: no problems" in checked.stderr
    handbook = subprocess.run([sys.executable, str(ROOT / "tools" / "check.py")], cwd=ROOT, env=ENV,
                              capture_output=True, text=True)
    assert handbook.returncode == 0, handbook.stdout + handbook.stderr
