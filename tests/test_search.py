"""Search (hooks/search.py, docs/assets/javascripts/workers/handbook-search.js): what staff type
finds the page about it, in both languages, typed into the built site's own search box in Chromium;
no search data before the box is used; every page has keywords or the build stops."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, TINY_I18N, mkdocs_build

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def results(page, root: str, query: str) -> list[str]:
    """Type `query` into the search box of `root`; the result pages in order, once stable."""
    box = page.locator("input[data-md-component=search-query]")
    if page.url != root:
        page.goto(root)
    box.fill("")
    box.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list li')")
    # The worker says on the channel which query it has answered: wait for the whole query's
    # answer, not a stable answer to a part of it («skolemobbi» finds nothing).
    page.evaluate("""() => { window.__answered = [];
        new BroadcastChannel('handbook-search').onmessage = e => window.__answered.push(e.data.query); }""")
    box.press_sequentially(query)
    page.wait_for_function("q => window.__answered.some(a => a.trim() === q.trim())", arg=query, timeout=15000)
    read = """() => [document.querySelector('.md-search-result__meta').textContent,
                     [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)]"""
    placeholder = page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
    )
    last, since, deadline = None, time.monotonic(), time.monotonic() + 15
    while time.monotonic() < deadline:
        state = page.evaluate(read)
        if state != last:
            last, since = state, time.monotonic()
        elif state[0] not in ("", placeholder) and time.monotonic() - since > 0.3:
            break
        page.wait_for_timeout(50)
    else:
        pytest.fail(f"no stable search result for {query!r}")
    pages: list[str] = []
    for href in last[1]:
        path = urlsplit(href).path.removeprefix(urlsplit(root).path) or "./"
        if path not in pages:
            pages.append(path)
    return pages


# ----------------------------------------------------------------------------
# What staff type (Chromium, the real site under a sub-path)
# ----------------------------------------------------------------------------

# (language root, query, the page that must come first, what it shows)
FIRST = [
    # Inflection: the typed form is not the page's form; the worker stems it like the index.
    ("", "mikroaggresjoner", "fallgruver/", "inflection: the page says «mikroaggresjon»"),
    ("en/", "triggered", "veiledning/tema/", "inflection: the page says 'triggers'"),
    # Compound: no page writes it; the worker splits it into words the index knows.
    ("", "skolemobbing", "workshops/mobbing-og-ensomhet/", "compound: skole + mobbing"),
    ("en/", "hatespeech", "workshops/hatprat/", "compound: hate + speech"),
    # Synonym: only in the page's front-matter keywords.
    ("", "sykmelding", "ledelse/sykefravaer/", "synonym: the page says «sykdom og fravær»"),
    ("en/", "salary", "rekruttering/kontrakt-og-lonn/", "synonym: the page says 'pay'"),
    # Ranking: the page about it comes before pages that mention the words.
    ("", "tokenisme", "fallgruver/", "ranking: a heading «(tokenisme)» beats mentions"),
    ("en/", "work phone", "ledelse/arbeidstid-og-stillinger/", "ranking: 'work' must not favour workshops"),
]


@pytest.mark.parametrize("lang,query,first,why", FIRST, ids=[f"{l or 'nb/'}{q}" for l, q, _, _ in FIRST])
def test_the_page_about_the_query_comes_first(page, served, lang, query, first, why):
    found = results(page, served + lang, query)
    assert found and found[0] == first, f"{why}: {query!r} gave {found[:3]}"
    assert all(not p.startswith("en/") for p in found), found  # each language its own pages


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_year_is_searchable(page, served, lang):
    """The Norwegian trimmer would strip digits; the pipeline has none, so «2023» finds its source."""
    assert "ressurser/" in results(page, served + lang, "2023")[:3]


def test_no_search_data_before_the_box_is_used_and_the_index_loads_when_it_gets_focus(page, served):
    fetched: list[tuple[str, int]] = []
    page.on("response", lambda r: fetched.append((urlsplit(r.url).path, len(r.body()))) if "/search/" in r.url else None)
    page.goto(served + "en/rekruttering/", wait_until="networkidle")
    page.wait_for_timeout(300)
    before = list(fetched)
    assert [p for p, _ in before] == [urlsplit(served).path + "en/search/search_index.json"]
    assert before[0][1] < 1024  # the stub: configuration and the full index's address
    full = urlsplit(served).path + "en/search/search_full.json"
    # Going to the box (no key pressed) starts loading the full index while the reader types.
    with page.expect_response(lambda r: urlsplit(r.url).path == full, timeout=5000):
        page.locator("input.md-search__input").focus()
    assert page.locator("input.md-search__input").input_value() == ""
    assert results(page, page.url, "salary")
    assert [p for p, _ in fetched].count(full) == 1  # loaded once, not again by the query


# ----------------------------------------------------------------------------
# Keywords: every page has them, or the build stops with file and line
# ----------------------------------------------------------------------------

CONFIG = f"""\
site_name: Tiny
theme: {{name: material, language: nb}}
plugins:
  - search:
      fields: {{title: {{boost: 1000}}, text: {{boost: 1}}, keywords: {{boost: 1000}}}}
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "search.py"}
"""


def make_site(tmp_path, nb_index: str):
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for lang, text in (("nb", nb_index), ("en", "---\nkeywords: [sick leave]\n---\n\n# Home\n")):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(text, encoding="utf-8")
    return tmp_path


def test_keywords_reach_the_index_of_their_language(tmp_path):
    project = make_site(tmp_path, "---\nsheet: checklist\nkeywords: [sykmelding, sykemelding]\n---\n\n# Hjem\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    nb = json.loads((project / "site/search/search_full.json").read_text(encoding="utf-8"))
    en = json.loads((project / "site/en/search/search_full.json").read_text(encoding="utf-8"))
    assert [d.get("keywords") for d in nb["docs"] if d["location"] == ""] == ["sykmelding sykemelding"]
    assert [d.get("keywords") for d in en["docs"] if d["location"] == ""] == ["sick leave"]
    stub = json.loads((project / "site/en/search/search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["index"] == "../../../en/search/search_full.json"


def test_a_bare_year_or_date_is_a_keyword(tmp_path):
    """YAML reads `2023` as a number and `2023-05-01` as a date: both are the words as written."""
    project = make_site(tmp_path, "---\nkeywords: [sykmelding, 2023, 2023-05-01]\n---\n\n# Hjem\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    nb = json.loads((project / "site/search/search_full.json").read_text(encoding="utf-8"))
    assert [d.get("keywords") for d in nb["docs"] if d["location"] == ""] == ["sykmelding 2023 2023-05-01"]


@pytest.mark.parametrize("text,message", [
    ("# Hjem\n",
     "docs/nb/index.md:1: no `keywords:` in the front matter: list the words people search for, "
     "e.g. `keywords: [sykmelding, sykemelding, fravær]`"),
    ("---\nsheet: checklist\nkeywords: sykmelding\n---\n\n# Hjem\n",
     "docs/nb/index.md:3: `keywords:` must be a list of words, e.g. `keywords: [sykmelding, sykemelding, fravær]`"),
    ("---\nkeywords: [sykmelding, '']\n---\n\n# Hjem\n",
     "docs/nb/index.md:2: `keywords:` has an empty or non-text entry (''): write each as a word"),
    ("---\nkeywords: [sykmelding, no]\n---\n\n# Hjem\n",
     "docs/nb/index.md:2: `keywords:` has False, which YAML makes of a bare yes, no, on or off: put "
     'the word in quotes, e.g. `keywords: ["no", nei]`'),
])
def test_a_page_without_keywords_stops_the_build_with_file_and_line(tmp_path, text, message):
    result = mkdocs_build(make_site(tmp_path, text))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert message in output
    assert "Traceback" not in output
