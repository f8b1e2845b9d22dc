"""The item rules: each fed a tiny bilingual site in a temporary folder (hooks/items.py)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, TINY_I18N, mkdocs_build

CONFIG = f"""\
site_name: Tiny
site_url: https://example.org/tiny/
theme:
  name: material
  language: nb
plugins:
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "items.py"}
markdown_extensions:
  - attr_list
  - pymdownx.tasklist: {{custom_checkbox: true, clickable_checkbox: true}}
"""

NB_LIST = """\
---
title: Liste
---

# Liste

## Før

- [ ] Vi har lest oss opp. {#t-lest}
- [ ] Vi har laget en plan. {#t-plan}

## Intervju

1. [?] Hvorfor søker du? {#t-hvorfor}
"""

EN_LIST = """\
# List

## Before

- [ ] We have read up. {#t-lest}
- [ ] We have made a plan. {#t-plan}

## Interview

1. [?] Why do you apply? {#t-hvorfor}
"""


def make_site(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    base = {"nb/index.md": "# Hjem\n", "en/index.md": "# Home\n"}
    for name, text in {**base, **pages}.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def failing(project: Path) -> list[str]:
    """Build; it must fail. Returns the item messages (lines that start with docs/)."""
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    return [line.strip() for line in output.splitlines() if line.strip().startswith("docs/")]


def test_clean_site_builds_and_items_json_is_exact(tmp_path):
    project = make_site(tmp_path, {"nb/a/liste.md": NB_LIST, "en/a/liste.md": EN_LIST})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    nb = json.loads((project / "site" / "items.json").read_text(encoding="utf-8"))
    en = json.loads((project / "site" / "en" / "items.json").read_text(encoding="utf-8"))
    assert nb == [
        {"id": "t-lest", "kind": "checklist", "text": "Vi har lest oss opp.", "url": "a/liste/#t-lest", "section": "Før"},
        {"id": "t-plan", "kind": "checklist", "text": "Vi har laget en plan.", "url": "a/liste/#t-plan", "section": "Før"},
        {"id": "t-hvorfor", "kind": "question", "text": "Hvorfor søker du?", "url": "a/liste/#t-hvorfor", "section": "Intervju"},
    ]
    assert [i["id"] for i in en] == [i["id"] for i in nb]
    assert en[2] == {"id": "t-hvorfor", "kind": "question", "text": "Why do you apply?", "url": "a/liste/#t-hvorfor", "section": "Interview"}
    html = (project / "site" / "a" / "liste" / "index.html").read_text(encoding="utf-8")
    assert '<span class="item-text" id="t-lest" data-kind="checklist">Vi har lest oss opp.</span>' in html
    assert 'data-search-exclude>' in html
    assert 'aria-labelledby="t-lest"' in html
    assert 'class="item-permalink" href="#t-lest"' in html
    assert 'data-item="t-hvorfor"' in html
    assert "{#" not in html and "[?]" not in html


def test_item_without_id_names_file_and_line(tmp_path):
    nb = NB_LIST.replace(" {#t-plan}", "")
    project = make_site(tmp_path, {"nb/a/liste.md": nb, "en/a/liste.md": EN_LIST})
    assert failing(project) == [
        "docs/en/a/liste.md:6: item \"t-plan\" has no twin in 'nb': add it with the same id to the nb page",
        "docs/nb/a/liste.md:10: checklist item has no id: end the line with {#an-id}",
    ]


def test_malformed_id_is_refused(tmp_path):
    nb = NB_LIST.replace("{#t-plan}", "{#T Plan}")
    en = EN_LIST.replace("{#t-plan}", "{#T Plan}")
    project = make_site(tmp_path, {"nb/a/liste.md": nb, "en/a/liste.md": en})
    assert failing(project) == [
        'docs/en/a/liste.md:6: item id "T Plan" is not valid: use lowercase letters a-z, digits and single hyphens',
        'docs/nb/a/liste.md:10: item id "T Plan" is not valid: use lowercase letters a-z, digits and single hyphens',
    ]


def test_id_used_twice_names_every_occurrence(tmp_path):
    nb_other = "# Annen\n\n- [?] Hva heter du? {#t-plan}\n"
    en_other = "# Other\n\n- [?] What is your name? {#t-plan}\n"
    project = make_site(
        tmp_path,
        {"nb/a/liste.md": NB_LIST, "en/a/liste.md": EN_LIST, "nb/annen.md": nb_other, "en/annen.md": en_other},
    )
    messages = failing(project)
    assert 'docs/nb/a/liste.md:10: id "t-plan" is used more than once: also at docs/nb/annen.md:3' in messages
    assert 'docs/nb/annen.md:3: id "t-plan" is used more than once: also at docs/nb/a/liste.md:10' in messages
    assert 'docs/en/annen.md:3: id "t-plan" is used more than once: also at docs/en/a/liste.md:6' in messages


def test_same_text_under_two_ids_ignores_case_spacing_and_punctuation(tmp_path):
    # A checklist line pasted into another page under a new id, with other case and punctuation.
    nb_other = "# Annen\n\n- [ ] vi har  LAGET en plan {#t-plan-2}\n"
    en_other = "# Other\n\n- [ ] We have made a plan!! {#t-plan-2}\n"
    project = make_site(
        tmp_path,
        {"nb/a/liste.md": NB_LIST, "en/a/liste.md": EN_LIST, "nb/annen.md": nb_other, "en/annen.md": en_other},
    )
    assert failing(project) == [
        'docs/en/a/liste.md:6: item "t-plan" has the same text as "t-plan-2" at docs/en/annen.md:3: merge them into one item',
        'docs/en/annen.md:3: item "t-plan-2" has the same text as "t-plan" at docs/en/a/liste.md:6: merge them into one item',
        'docs/nb/a/liste.md:10: item "t-plan" has the same text as "t-plan-2" at docs/nb/annen.md:3: merge them into one item',
        'docs/nb/annen.md:3: item "t-plan-2" has the same text as "t-plan" at docs/nb/a/liste.md:10: merge them into one item',
    ]


def test_id_in_one_language_only(tmp_path):
    en = EN_LIST.replace("1. [?] Why do you apply? {#t-hvorfor}\n", "")
    project = make_site(tmp_path, {"nb/a/liste.md": NB_LIST, "en/a/liste.md": en})
    assert failing(project) == [
        "docs/nb/a/liste.md:14: item \"t-hvorfor\" has no twin in 'en': add it with the same id to the en page",
    ]


def test_twin_on_another_page_or_of_another_kind(tmp_path):
    en = EN_LIST.replace("1. [?] Why do you apply?", "- [ ] Why do you apply?")
    en = en.replace("- [ ] We have made a plan. {#t-plan}\n", "")
    project = make_site(
        tmp_path,
        {"nb/a/liste.md": NB_LIST, "en/a/liste.md": en, "en/annen.md": "# Other\n\n- [ ] We have made a plan. {#t-plan}\n"},
    )
    messages = failing(project)
    assert "docs/nb/a/liste.md:10: item \"t-plan\" stands on docs/en/annen.md:3 in 'en': move it to the page with the same path" in messages
    assert 'docs/nb/a/liste.md:14: item "t-hvorfor" is a question here but a checklist at docs/en/a/liste.md:9' in messages


def test_items_in_code_blocks_are_examples_not_items(tmp_path):
    nb = NB_LIST + "\n```markdown\n- [ ] Eksempel uten id\n```\n"
    project = make_site(tmp_path, {"nb/a/liste.md": nb, "en/a/liste.md": EN_LIST})
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_prose_right_after_an_item_would_join_it(tmp_path):
    nb = NB_LIST.replace("- [ ] Vi har laget en plan. {#t-plan}\n", "- [ ] Vi har laget en plan. {#t-plan}\nDette avsnittet mangler en tom linje.\n")
    project = make_site(tmp_path, {"nb/a/liste.md": nb, "en/a/liste.md": EN_LIST})
    assert failing(project) == [
        "docs/nb/a/liste.md:11: this line would join the item above: leave a blank line after the list",
    ]


def test_an_item_that_is_not_a_list_item_is_refused(tmp_path):
    # Inside a raw HTML block Markdown renders no list: the item would have no anchor.
    nb = NB_LIST + "\nEt avsnitt\n<div>\n- [ ] Inne i HTML. {#t-html}\n</div>\n"
    en = EN_LIST + "\nA paragraph\n<div>\n- [ ] Inside HTML. {#t-html}\n</div>\n"
    project = make_site(tmp_path, {"nb/a/liste.md": nb, "en/a/liste.md": en})
    messages = failing(project)
    assert 'docs/nb/a/liste.md:18: item "t-html" is not rendered as a list item (inside a code block or HTML?): write it as a list line of its own' in messages
