"""Front matter (hooks/frontmatter.py): known keys, values the hooks can use, and broken YAML named
as broken YAML - with the search and item hooks in the build, so that their messages ("no
`keywords:`", "no sources") are shown not to stand in for the real cause."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, TINY_I18N, TINY_SITE, mkdocs_build, write_tiny_site

CONFIG = f"""\
{TINY_SITE}plugins:
  - search:
      fields: {{title: {{boost: 1000}}, text: {{boost: 1}}, keywords: {{boost: 1000}}}}
{TINY_I18N}hooks:
  - {ROOT / "hooks" / "frontmatter.py"}
  - {ROOT / "hooks" / "items.py"}
  - {ROOT / "hooks" / "search.py"}
markdown_extensions:
  - attr_list
  - pymdownx.tasklist
extra:
  owners:
    fagteam: {{nb: Fagteamet, en: The team, email: team@example.org}}
    hr: {{nb: HR, en: HR, email: hr@example.org}}
"""

GOOD_NB = """\
---
title: Sjekkliste
description: Alt du må huske.
sheet: checklist
owner: hr
hide: [toc]
sources: proposal
id-prefix: t-
keywords: [huskeliste, minneliste]
---

# Sjekkliste

- [ ] Vi har lest. {#t-lest}
"""
GOOD_EN = GOOD_NB.replace("Sjekkliste", "Checklist").replace("Alt du må huske.", "All to remember.") \
    .replace("huskeliste", "to-do list").replace("Vi har lest.", "We have read.")

HOME = {"nb/index.md": "---\nkeywords: [hjem]\n---\n\n# Hjem\n",
        "en/index.md": "---\nkeywords: [home]\n---\n\n# Home\n"}

# Each page is broken in one way; one build names them all (file order), and nothing else.
BROKEN = {
    "nb/a.md": ("---\nkilder: proposal\nkeywords: [a]\n---\n\n# A\n",
                'docs/nb/a.md:2: unknown front-matter key "kilder": did you mean "sources"? (the keys a page '
                "may use: description, hide, id-prefix, keywords, owner, sheet, sources, title)"),
    "nb/b.md": ("---\nsheet: workshopp\nkeywords: [b]\n---\n\n# B\n",
                'docs/nb/b.md:2: sheet "workshopp" is not one of checklist, interview, questions, workshop, '
                'builder: did you mean "workshop"?'),
    "nb/c.md": ("---\nsources: proposal\nkeywords: [c, d\n---\n\n# C\n\n- [ ] Et punkt. {#t-c}\n",
                "docs/nb/c.md:3: a list opened with [ on this line is not closed with ]: close it on the same line"),
    "nb/d.md": ("---\nsources: proposal\nkeywords: [d]\n\n# D\n\nTekst.\n",
                "docs/nb/d.md:1: the front matter that starts here is never closed: end it with a line of three "
                "hyphens (---) before the page's text"),
    "nb/e.md": ("---\nsources: proposal\nkeywords: [e]\n\n# E\n\nTekst.\n\n---\n\nMer tekst.\n",
                "docs/nb/e.md:1: the front matter that starts here is not closed before the page's text (line 5): "
                "end it with a line of three hyphens (---)"),
    "nb/f.md": ("---\nowner: hrr\nkeywords: [f]\n---\n\n# F\n",
                'docs/nb/f.md:2: owner "hrr" is not one of fagteam, hr (extra.owners in mkdocs.yml): did you mean "hr"?'),
    "nb/g.md": ("---\nsources: proposal\n  keywords: [g]\n---\n\n# G\n",
                'docs/nb/g.md:3: this line is indented under line 2 ("sources: proposal"), which already has a value '
                "after its colon: indent this line like the line above"),
    "nb/h.md": ("---\nkeywords: [h]\nkeywords: [i]\n---\n\n# H\n",
                'docs/nb/h.md:3: "keywords" is written twice (first at line 2): keep one of them'),
    "en/i.md": ("---\nid-prefix: T_\nhide: [toc, nav]\nkeywords: [i]\n---\n\n# I\n",
                'docs/en/i.md:2: id-prefix "T_" is not valid: lowercase letters a-z, digits and single hyphens, '
                'ending with a hyphen, like "rek-sjekk-"\n'
                'docs/en/i.md:3: hide "nav" is not one of navigation, toc, footer, path'),
}


def build(tmp_path: Path, pages: dict[str, str]):
    project = write_tiny_site(tmp_path, CONFIG, {**HOME, **pages})
    result = mkdocs_build(project)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result.returncode, output


def test_every_key_and_value_the_schema_allows_builds(tmp_path):
    code, output = build(tmp_path, {"nb/liste.md": GOOD_NB, "en/liste.md": GOOD_EN})
    assert code == 0, output


def test_every_front_matter_mistake_is_named_for_its_real_cause(tmp_path):
    code, output = build(tmp_path, {name: text for name, (text, _) in BROKEN.items()})
    assert code != 0
    found = [line.strip() for line in output.splitlines() if line.strip().startswith("docs/")]
    expected = [line for _, message in BROKEN.values() for line in message.split("\n")]
    assert sorted(found) == sorted(expected), output
    # the hooks that read the front matter never ran: no "no keywords" or "no sources" in their stead
    assert "keywords:`" not in output and "does not say where it comes from" not in output, output
