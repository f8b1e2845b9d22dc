"""tools/check_config.py: mkdocs.yml checked before MkDocs reads it, each mistake one plain line
`mkdocs.yml:LINE: …` and exit 1; the handbook's own mkdocs.yml (with MkDocs' tags) passes."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from conftest import ROOT

TOOL = [sys.executable, str(ROOT / "tools" / "check_config.py")]

GOOD = """\
site_name: Tiny
site_url: !ENV [SITE_URL, "https://example.org/"]
docs_dir: !relative $config_dir/docs
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  redirects:
    a/gammel.md: a/ny.md
  items:
    distinct:
      - [t-a, t-b]
"""

BAD = {
    # the guide's redirect line pasted under `redirects: {}` (issue 26)
    "redirects: {} with a line under it": (
        GOOD.replace("  redirects:\n", "  redirects: {}\n"),
        ['mkdocs.yml:9: this line is indented under line 8 ("redirects: {}"), which already has a value after '
         "its colon: remove the {} or [] there, so the lines below belong to it"]),
    "a key written twice": (
        GOOD.replace("site_name: Tiny\n", "site_name: Tiny\nsite_name: Tiny 2\n"),
        ['mkdocs.yml:2: "site_name" is written twice (first at line 1): keep one of them']),
    "a tab": (
        GOOD.replace("  items:", "\titems:"),
        ["mkdocs.yml:10: a tab indents this line: indent with spaces only"]),
    "an unclosed quote": (
        GOOD.replace('site_name: Tiny', 'site_name: "Tiny'),
        ["mkdocs.yml:1: a quotation mark opened on this line is never closed: close it at the end of the value"]),
    "a malformed distinct pair and redirects as a list": (
        GOOD.replace("      - [t-a, t-b]", "      - [t-a]").replace("    a/gammel.md: a/ny.md", "    - a/gammel.md"),
        ['mkdocs.yml:8: extra.redirects: write one line per moved page, "old/path.md: new/path.md", indented under it',
         'mkdocs.yml:12: extra.items.distinct: [t-a] is not a pair of two different item ids: write "- [ID-ONE, ID-TWO]"']),
}


def check(tmp_path, text: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return subprocess.run([*TOOL, "mkdocs.yml"], cwd=tmp_path, capture_output=True, text=True)


def test_the_handbooks_mkdocs_yml_passes_fast():
    start = time.monotonic()
    result = subprocess.run(TOOL, cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert time.monotonic() - start < 2  # in well under a second on a free machine


def test_mkdocs_tags_are_accepted(tmp_path):
    result = check(tmp_path, GOOD)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("name", BAD)
def test_a_broken_mkdocs_yml_is_said_in_plain_words(tmp_path, name):
    text, expected = BAD[name]
    result = check(tmp_path, text)
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.splitlines() == expected
