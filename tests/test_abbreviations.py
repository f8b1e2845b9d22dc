"""The abbreviation glossary (hooks/abbreviations.py): explained on hover in each language, and a
line that is not a definition stops the build with file and line."""

from __future__ import annotations

from conftest import ROOT, TINY_I18N, mkdocs_build

CONFIG = f"""\
site_name: Tiny
theme: {{name: material, language: nb}}
plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "abbreviations.py"}
markdown_extensions: [abbr]
extra:
  abbreviations: abbr.{{language}}.md
"""


def make_site(tmp_path, nb_glossary: str):
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "abbr.nb.md").write_text(nb_glossary, encoding="utf-8")
    (tmp_path / "abbr.en.md").write_text("*[EK]: peer worker\n", encoding="utf-8")
    for lang, text in (("nb", "# Hjem\n\nEn EK hjelper.\n"), ("en", "# Home\n\nAn EK helps.\n")):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(text, encoding="utf-8")
    return tmp_path


def test_each_language_explains_with_its_own_glossary(tmp_path):
    project = make_site(tmp_path, "*[EK]: erfaringskonsulent\n\n*[NAV]: Arbeids- og velferdsetaten\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '<abbr title="erfaringskonsulent">EK</abbr>' in (project / "site/index.html").read_text(encoding="utf-8")
    assert '<abbr title="peer worker">EK</abbr>' in (project / "site/en/index.html").read_text(encoding="utf-8")


def test_a_line_that_is_not_a_definition_names_file_and_line(tmp_path):
    project = make_site(tmp_path, "*[EK]: erfaringskonsulent\nNAV: Arbeids- og velferdsetaten\n")
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "abbr.nb.md:2: not an abbreviation: write *[ABBR]: explanation" in output
    assert "Traceback" not in output
