"""Paper beyond one page: booklets of the whole handbook and of every section (hooks/booklets.py),
and one list printed alone (printlist.js). Built site, then Chromium and the printed PDF."""

from __future__ import annotations

import json
import shutil
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import get_yaml_loader

from conftest import ROOT, TINY_I18N, mkdocs_build, pdf_texts, ARTIFACTS, print_pdf

LANGS = {"": "nb", "en/": "en"}
CHROME = {  # what the site shows around a page and must not print (patterns)
    "nb": ("Innholdsliste", "Tilbake til toppen", "Gå til innhold", "Made with", "Fjern krysset",
           r"\d+ av \d+ krysset av", "Skriv ut listen", "Skriv ut hele", r"Skriv ut\s*$"),
    "en": ("Table of contents", "Back to top", "Skip to content", "Made with", "Clear the ticks",
           r"\d+ of \d+ ticked", "Print this list", "Print the whole", r"Print\s*$"),
}
COVER = {"nb": ("Innhold", "Norsk (bokmål)", "Bygget"), "en": ("Contents", "English", "Built")}


def config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())


def section_folders() -> list[str]:
    """The folder of every top-level section of the navigation: its first page's first folder."""
    folders = []
    for entry in config()["nav"]:
        if isinstance(entry, dict):
            first = next(iter(entry.values()))[0]
            folders.append(first.split("/")[0])
    return folders


def booklets() -> list[str]:
    """Every booklet's path below the site root, in both languages."""
    return [f"{lang}{folder}utskrift/" for lang in LANGS for folder in ["", *(f + "/" for f in section_folders())]]


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def chapters(site: Path, path: str) -> list[str]:
    """The pages a booklet holds, relative to its language root, in order."""
    return [s["data-page"] for s in soup(site, path).select("section.booklet-chapter")]


def flat(text: str) -> str:
    return "".join(text.split())  # line breaks fall anywhere on paper


def tick(page, item_id: str) -> None:
    box = page.locator(f"li[data-item='{item_id}'] input[type=checkbox]").first
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    area = box.bounding_box()
    page.mouse.click(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)


# --- The built booklets ---------------------------------------------------------------------

def test_every_section_of_the_navigation_has_a_booklet_in_both_languages(site):
    folders = section_folders()
    assert {"rekruttering", "ny-i-jobben", "workshops", "evaluering", "om", "rollen"} <= set(folders)
    for path in booklets():
        assert (site / path / "index.html").is_file(), path
        lang = LANGS["en/" if path.startswith("en/") else ""]
        assert soup(site, path).html["lang"] == lang, path
    # The whole handbook holds every page of the navigation; a section booklet its own pages.
    for lang in LANGS:
        whole = chapters(site, f"{lang}utskrift/")
        assert len(whole) == len(set(whole)) >= 50
        parts = [p for f in folders for p in chapters(site, f"{lang}{f}/utskrift/")]
        assert whole[1:] == parts  # the home page first, then every section in order
        assert all(p.startswith(lang) for p in whole)


def test_booklet_ids_are_unique_item_ids_unchanged_and_every_link_lands(site):
    for path in booklets():
        html = soup(site, path)
        ids = Counter(e["id"] for e in html.select("[id]"))
        assert [i for i, n in ids.items() if n > 1] == [], path
        for item in html.select("li.item[data-item]"):
            text = item.select_one(".item-text")
            assert text["id"] == item["data-item"], path
            box = item.select_one("input[type=checkbox]")
            assert box is None or box["aria-labelledby"] == item["data-item"], path
        article = html.select_one("article")
        for a in article.select("a[href^='#']"):
            assert a["href"] == "#" or a["href"][1:] in ids, f"{path}: {a['href']}"
        for label in article.select("label[for]"):
            assert label["for"] in ids, f"{path}: label for={label['for']}"
    # A repeated heading is renamed after the first chapter; links to it follow. Item ids stay.
    for lang, sources in (("", "kilder"), ("en/", "sources")):
        html = soup(site, f"{lang}workshops/utskrift/")
        assert html.select_one(f"#chapter-workshops #{sources}") is not None
        assert html.select_one(f"#chapter-workshops-rus #workshops-rus--{sources}") is not None
        assert html.select_one(f"a.headerlink[href='#workshops-rus--{sources}']") is not None
        assert html.select_one("#chapter-workshops-rus #ws-rus-press.item-text") is not None
        # A link to another page of the booklet (rus.md links to index.md#…) leads into that chapter.
        front = html.select_one("#chapter-workshops")
        into_front = [a["href"] for a in html.select("#chapter-workshops-rus a[href^='#']")
                      if a["href"] == "#chapter-workshops" or front.select_one(f"[id='{a['href'][1:]}']")]
        assert into_front, "no link from the rus chapter into the workshops front chapter"


def test_section_front_pages_link_to_their_booklet(site):
    for lang in LANGS:
        for folder in ["", *(f + "/" for f in section_folders())]:
            link = soup(site, f"{lang}{folder}").select_one("article .booklet-link a")
            assert link is not None, f"{lang}{folder}"
            assert (site / lang / folder / link["href"] / "index.html").resolve() == \
                (site / f"{lang}{folder}utskrift" / "index.html").resolve()
        assert soup(site, f"{lang}rekruttering/sjekkliste/").select_one(".booklet-link") is None
    assert soup(site, "workshops/").select_one(".booklet-link").get_text() == "Skriv ut hele seksjonen"
    assert soup(site, "en/workshops/").select_one(".booklet-link").get_text() == "Print the whole section"


def test_booklets_are_not_in_navigation_search_or_sitemap(site):
    for lang in LANGS:
        index = json.loads((site / lang / "search" / "search_full.json").read_text(encoding="utf-8"))  # search_index.json is a stub
        assert index["docs"] and not [d for d in index["docs"] if "utskrift/" in d["location"]]
        nav = soup(site, f"{lang}rekruttering/").select(".md-nav a[href]")
        assert nav and not [a for a in nav if "utskrift" in a["href"]]
    assert "utskrift/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_items_json_is_the_same_with_and_without_booklets(site, tmp_path):
    """The booklets are assembled from built pages: the item hook sees each item once."""
    cfg = config()
    hooks = [h for h in cfg["hooks"] if not h.endswith("booklets.py")]
    assert len(hooks) == len(cfg["hooks"]) - 1
    project = tmp_path / "project"  # a copy of the repository's build, without the booklet hook
    for name in ("docs", "includes", "overrides", "hooks"):
        shutil.copytree(ROOT / name, project / name)
    (project / "mkdocs.yml").write_text(yaml.safe_dump({**cfg, "hooks": hooks}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(project, "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (out / "utskrift").exists()
    for lang in LANGS:
        assert (out / lang / "items.json").read_bytes() == (site / lang / "items.json").read_bytes()


def test_two_sections_in_one_folder_stop_the_build_with_the_line(tmp_path):
    """Each section's booklet lives in its folder: two sections there would overwrite each other."""
    for lang, word in (("nb", "Side"), ("en", "Page")):
        for path in ("index.md", "a/index.md", "a/mer.md"):
            md = tmp_path / "docs" / lang / path
            md.parent.mkdir(parents=True, exist_ok=True)
            md.write_text(f"# {word} {path}\n\nTekst.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Tiny\ntheme:\n  name: material\n  language: nb\nplugins:\n"
        f"{TINY_I18N}hooks:\n  - {ROOT / 'hooks' / 'booklets.py'}\n"
        "nav:\n  - index.md\n  - A:\n      - a/index.md\n  - B:\n      - a/mer.md\n",
        encoding="utf-8",
    )
    line = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8").splitlines().index("  - B:") + 1
    result = mkdocs_build(tmp_path)
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}: section «B» would share the booklet /a/utskrift/ with «A»" in result.stderr


# --- On paper -------------------------------------------------------------------------------

@pytest.mark.heavy(2)
def test_every_booklet_prints_cover_contents_every_item_and_each_chapter_on_a_new_sheet(
        page, served, site):
    counts = []
    for path in booklets():
        lang = "en/" if path.startswith("en/") else ""
        code = LANGS[lang]
        held = chapters(site, path)
        items = [
            i for i in json.loads((site / lang / "items.json").read_text(encoding="utf-8"))
            if lang + i["url"].split("#")[0] in held
        ]
        page.goto(served + path)
        kept = path in ("workshops/utskrift/", "en/ny-i-jobben/utskrift/")
        name = "booklet-" + path.replace("/utskrift/", "").replace("/", "-") + ".pdf" if kept else None
        reader = print_pdf(page, name, outline=True, tagged=True)
        texts = pdf_texts(reader)
        whole = flat(" ".join(texts))
        counts.append(f"{path}: {len(reader.pages)} pages, {len(held)} chapters, {len(items)} items")
        for item in items:
            assert flat(item["text"]) in whole, f"{path}: not printed: {item['text']}"
        for chrome in CHROME[code]:
            assert not re.search(chrome, "\n".join(texts), re.M), f"{path}: {chrome!r} printed"
        # The cover: title, language, build date, address; then the contents on a sheet of its own.
        title = soup(site, path).select_one("#booklet-title").get_text()
        cover = " ".join(texts[0].split())
        assert title in cover and COVER[code][1] in cover, cover
        assert re.search(COVER[code][2] + r" \d{4}-\d{2}-\d{2}", cover) and path in cover, cover
        assert flat(COVER[code][0]) in flat(texts[1])
        # Every chapter: a top-level bookmark in page order, its title first on its page.
        marks = [(flat(m.title), reader.get_destination_page_number(m)) for m in reader.outline
                 if not isinstance(m, list)]
        assert marks[0] == (flat(title), 0)
        assert len(marks) == len(held) + 1, path
        assert [n for _, n in marks] == sorted({n for _, n in marks}), f"{path}: two chapters share a page"
        for name, number in marks[1:]:
            # The margins first (the running head names the chapter too), up to the build date.
            body = re.sub(r"^.*?\d{4}-\d{2}-\d{2}", "", flat(texts[number]), count=1)
            before = body[: body.index(name)] if name in body else body
            assert re.fullmatch(r"([^:]{1,40}:)*", before), f"{path}: {name}: {before[:200]!r}"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "booklet-pages.txt").write_text("\n".join(counts) + "\n", encoding="utf-8")


def test_a_booklet_shows_the_ticks_made_on_the_page(page, served):
    page.goto(served + "rekruttering/sjekkliste/")
    tick(page, "rek-sjekk-team")
    page.goto(served + "en/rekruttering/utskrift/")
    boxes = page.locator("li[data-item='rek-sjekk-team'] input[type=checkbox]")
    assert boxes.count() == 1 and boxes.is_checked()
    assert page.locator("li.item--checklist input:checked").count() == 1
    text = " ".join(pdf_texts(print_pdf(page)))
    assert text.count("✓") == 1


@pytest.mark.parametrize("lang,path,list_heading,other_heading", [
    ("", "opplaering/opplaeringsplan/", "Generell opplæring", "Stillingsspesifikk opplæring"),
    ("en/", "rekruttering/intervju-1/", "Experience and lived experience", "Strengths and self-care"),
])
def test_one_list_prints_alone_on_one_sheet_with_its_ticks(page, served, site, lang, path,
                                                           list_heading, other_heading):
    items = [i for i in json.loads((site / lang / "items.json").read_text(encoding="utf-8"))
             if i["url"].startswith(path + "#")]
    chosen = [i for i in items if i["section"] == list_heading]
    assert chosen and len(chosen) < len(items)
    page.goto(served + lang + path)
    title = page.locator("article h1").first.inner_text().strip("¶ \n")
    first = chosen[0]["id"]
    if chosen[0]["kind"] == "checklist":
        tick(page, first)
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    button = page.locator(f"li[data-item='{first}']").locator(
        "xpath=ancestor::*[self::ul or self::ol][1]/following-sibling::div[@class='printlist-tools'][1]/button")
    assert button.inner_text() == ("Print this list" if lang else "Skriv ut listen")
    button.click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    if chosen[0]["kind"] == "question":
        space = page.locator(f"li[data-item='{first}']").evaluate("e => getComputedStyle(e).paddingBottom")
        assert float(space.removesuffix("px")) > 20  # room to write
    reader = print_pdf(page, f"list-{(lang + path).strip('/').replace('/', '-')}.pdf")
    assert len(reader.pages) == 1
    text = " ".join(pdf_texts(reader)[0].split())
    for item in chosen:
        assert flat(item["text"]) in flat(text), item["text"]
    for item in items:
        if item not in chosen:
            assert flat(item["text"]) not in flat(text), item["text"]
    assert title in text and list_heading in text and other_heading not in text
    assert ("Sources" if lang else "Kilder") in text
    assert re.search(r"(Bygget|Built) \d{4}-\d{2}-\d{2}", text) and path in text
    assert text.count("✓") == (1 if chosen[0]["kind"] == "checklist" else 0)
    # After printing, the page is whole again.
    page.emulate_media(media="screen")
    assert page.locator(".printlist-hidden").count() == 0
    assert page.locator("article h2", has_text=other_heading).first.is_visible()
