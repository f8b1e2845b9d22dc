"""tools/shared_runs.py: the runs of 8+ words a page shares with a source, quotes and items left out."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

TOOL = ROOT / "tools" / "shared_runs.py"

# A source as the PDF extraction leaves it: a blank line after every line, a word split at a line end.
SEED = """\
Forord

Erfaringskonsulenter bruker sin egen erfaring som et verktøy i møte med brukerne av

tjenesten, og de ser ofte andre og mer kreative løsninger enn fagfolk gjør. Det tar tid å bli

trygg i rollen, og veiledning er viktig for alle som jobber med erfarings-

kompetanse i det daglige arbeidet i tjenesten vår. Hvorfor søker du på denne stillingen hos oss i dag?

Odden, S. (2015). Opplærings- og veiledningsbehov hos erfaringskonsulenter i kommunale tjenester.
"""

PAGE = """\
---
sources: 000 §1
keywords: [test]
---

# Side

Hos oss bruker erfaringskonsulenter sin egen erfaring som et verktøy i møte
med brukerne, sier kilden.

Kilden sier at de «ser ofte andre og mer kreative løsninger enn fagfolk gjør».

Det tar tid å bli trygg i jobben, skriver de.

Vi mener veiledning er viktig for alle som jobber med erfaringskompetanse i det daglige arbeidet.

1. [?] Hvorfor søker du på denne stillingen hos oss i dag? {#int1-hvorfor}

> Det tar tid å bli trygg i rollen, og veiledning er viktig for alle som jobber med

| Erfaringskonsulenter bruker sin egen erfaring | som et verktøy i møte med brukerne |
| --- | --- |

- Odden, S. (2015). *Opplærings- og veiledningsbehov hos erfaringskonsulenter i kommunale tjenester.*

!!! example "Case 1"
    Det tar tid å bli trygg i rollen, og veiledning er viktig for alle som jobber med
    erfaringskompetanse i det daglige arbeidet.

Etterpå: veiledning er viktig for alle som jobber med erfaringskompetanse i det daglige arbeidet.
"""


def run_tool(tmp_path: Path, *pages: str, page: str = PAGE, min_words: int | None = None):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "000_abc.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "docs" / "nb").mkdir(parents=True, exist_ok=True)
    (tmp_path / "docs" / "nb" / "side.md").write_text(textwrap.dedent(page), encoding="utf-8")
    args = [sys.executable, str(TOOL), "--seeds", str(seeds)]
    if min_words:
        args += ["--min", str(min_words)]
    return subprocess.run([*args, *(pages or ["docs/nb/side.md"])], cwd=tmp_path,
                          capture_output=True, text=True)


def test_lists_each_unquoted_run_with_page_and_source_line(tmp_path):
    result = run_tool(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        # Across two page lines; the source's line 3, where the run begins.
        "docs/nb/side.md:8: 000:3 (10 words): sin egen erfaring som et verktøy i møte med brukerne",
        # The source splits «erfarings-kompetanse» over two lines: it is one word.
        "docs/nb/side.md:15: 000:7 (13 words): veiledning er viktig for alle som jobber med erfaringskompetanse i det daglige arbeidet",
        # After a case box, prose counts again.
        "docs/nb/side.md:30: 000:7 (13 words): veiledning er viktig for alle som jobber med erfaringskompetanse i det daglige arbeidet",
        "3 runs of 8+ words shared with a source, on 1 of 1 pages",
    ]
    # Left out: the quoted run (line 11), the 7-word run (line 13), the item (17), the
    # blockquote (19), the table whose cells split the run (21), the reference entry (24), the
    # case box (26–28).


def test_the_same_words_without_quotation_marks_are_a_run(tmp_path):
    page = PAGE.replace("«ser ofte", "ser ofte").replace("fagfolk gjør».", "fagfolk gjør.")
    result = run_tool(tmp_path, page=page)
    lines = result.stdout.splitlines()
    assert lines[1] == "docs/nb/side.md:11: 000:5 (11 words): de ser ofte andre og mer kreative løsninger enn fagfolk gjør"
    assert lines[-1] == "4 runs of 8+ words shared with a source, on 1 of 1 pages"


def test_shorter_runs_with_min(tmp_path):
    result = run_tool(tmp_path, min_words=7)
    assert "docs/nb/side.md:13: 000:5 (7 words): Det tar tid å bli trygg i" in result.stdout


def test_missing_page_is_named(tmp_path):
    result = run_tool(tmp_path, "docs/nb/borte.md")
    assert result.returncode == 2
    assert result.stderr.strip() == "shared_runs: docs/nb/borte.md: no such page or folder"
