"""What a page loads: the handbook's CSS and JS, bundled at build time by what the page uses.

A sibling module of hooks/assets.py (not a hook; no MkDocs needed). The handbook keeps one source
file per concern in `docs/assets/` (ticks, the builder, the plan, the projector …), listed in
`extra_css` and `extra_javascript` in mkdocs.yml; a page should not load twenty-six of them, nor
the builder's script where there is no builder. `extra.assets` in mkdocs.yml says which files a
page needs, by what its HTML contains:

    extra:
      assets:
        when:                       # a file not listed here is for every page
          builder.js: 'id="sheet-builder"'
          plan.js: 'data-plan'
          ticks.js: ['class="item ', 'task-list-item']   # any of them

This module guarantees that

- `needed()` gives, for a page's HTML, the files it uses, in the order of mkdocs.yml;
- `bundle()` joins them into one file whose name is the hash of its content
  (`assets/bundles/3f2a….js`): a new release replaces exactly the bundles that changed, and a
  browser or a service worker may keep one for ever;
- `rewrite()` replaces a page's tags of the listed files (as MkDocs and Material write them:
  `<link rel="stylesheet" href="…">`, `<script src="…" defer>`) by one tag per kind, at the place
  of the first, keeping the address prefix the page used (relative, or absolute on a 404 page);
- JavaScript is joined with `;\n` between files, each file as written: every file is a function
  expression or statements that stand alone, so joining changes nothing of what they do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

FOLDER = "bundles"  # below the site's assets folder

# Each starts with its literal tag, so that a page is searched for it quickly (a pattern that starts
# with optional spaces is tried at every character of the page); the spaces before a tag are
# handled by _replace.
LINK_RE = re.compile(r'<link rel="stylesheet" href="(?P<prefix>[^"]*?)(?P<name>[A-Za-z0-9._-]+\.css)"\s*/?>\n?')
SCRIPT_RE = re.compile(
    r'<script src="(?P<prefix>[^"]*?)(?P<name>[A-Za-z0-9._-]+\.js)"(?P<attrs>(?:\s+defer|\s+async)*)\s*>\s*</script>\n?'
)


@dataclass(frozen=True)
class Rule:
    """A file some pages need: the page needs it when its HTML holds any of `markers`."""

    name: str
    markers: tuple[str, ...]


def rules(when: dict | None) -> dict[str, Rule]:
    """`extra.assets.when` as rules, by file name (problems are found by `problems()`)."""
    found = {}
    for name, markers in (when or {}).items():
        if isinstance(markers, str):
            markers = [markers]
        found[str(name)] = Rule(str(name), tuple(str(m) for m in markers or ()))
    return found


def problems(when, files: list[str], where: str) -> list[str]:
    """What is wrong with `extra.assets.when` (`where` is `mkdocs.yml:LINE`)."""
    if when is None:
        return []
    if not isinstance(when, dict):
        return [f"{where}: extra.assets.when: write one line per file, `name.js: 'marker'`"]
    errors = []
    for name, markers in when.items():
        if str(name) not in files:
            errors.append(f"{where}: extra.assets.when: {name} is not in extra_css or extra_javascript")
        if isinstance(markers, str):
            markers = [markers]
        if not isinstance(markers, list) or not markers or not all(isinstance(m, str) and m for m in markers):
            errors.append(f"{where}: extra.assets.when: {name}: give the text a page's HTML holds when it needs the file")
    return errors


def needed(html: str, files: list[str], when: dict[str, Rule]) -> list[str]:
    """The files of `files` (in their order) this page needs."""
    return [f for f in files if f not in when or any(m in html for m in when[f].markers)]


def bundle(contents: list[tuple[str, str]], kind: str) -> tuple[str, str]:
    """(file name, text) of the bundle of (name, text) pairs; kind "css" or "js"."""
    parts = []
    for name, text in contents:
        body = text.strip("\n")
        parts.append(f"/* {name} */\n{body}\n" + (";\n" if kind == "js" else ""))
    text = "".join(parts)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{digest}.{kind}", text


def rewrite(html: str, css: set[str], js: set[str], css_bundle: str | None, js_bundles: list[str | None]) -> str:
    """The page with its tags of the files in `css`/`js` replaced by one stylesheet tag and one
    script tag per bundle of `js_bundles` (None: left out), where the first of them stood."""
    html = _replace(html, LINK_RE, css, [css_bundle], '<link rel="stylesheet" href="{href}">')
    return _replace(html, SCRIPT_RE, js, js_bundles, '<script src="{href}" defer></script>')


def _replace(html: str, pattern: re.Pattern, names: set[str], targets: list[str | None], tag: str) -> str:
    """Each tag of `names` removed with the spaces before it on its line; the first replaced by
    one tag per target, indented like it."""
    out: list[str] = []
    last, first = 0, True
    for m in pattern.finditer(html):
        if m["name"] not in names or not ("/" + m["prefix"]).endswith("/assets/"):
            continue  # another file (Material's, print.css), or one in another folder
        before = html[last:m.start()]
        kept = before.rstrip(" \t")
        out.append(kept)
        if first:
            first = False
            indent = before[len(kept):]
            out.append("".join(indent + tag.format(href=f"{m['prefix']}{FOLDER}/{t}") + "\n" for t in targets if t))
        last = m.end()
    out.append(html[last:])
    return "".join(out)
