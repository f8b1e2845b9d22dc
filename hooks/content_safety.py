"""Nothing from content runs as script: every page is checked, every title is plain text.

What the build publishes must be safe even where the server sends no Content-Security-Policy.
This hook guarantees, for every page of every language:

- the HTML that Markdown rendered from the page (raw HTML, links and reference links, attr_list
  `{…}`, `<div markdown>`, snippets, the source registry listing) holds nothing that the content
  rule of hooks/safe_html.py refuses: no `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`,
  `<link>`, `<meta>`, `<base>`, `<form>`, `<svg>`, `<math>` or raw-text element, no event handler
  (`onclick=` …), no `javascript:`, `vbscript:` or `data:` address. Each finding is one line
  `docs/nb/x.md:LINE: what was found: what to write instead` (LINE where it is written; a snippet
  or `includes/sources.yml` is named instead when the text came from there), and the build stops
  once every language has been built, with all of them;
- a link in `nav:` to a `javascript:`, `vbscript:` or `data:` address stops the build too;
- every page title (the front matter's `title:`, a title given in `nav:`, or the first `# heading`)
  and every section title of the navigation is plain text: by the time a template prints it,
  `page.title` (and `page.meta.title`) hold it HTML-escaped, so Material's templates, which print
  titles as HTML, show it as written and nothing in it becomes markup. A heading's title is what
  readers see of it (tags dropped, entities read), escaped again.

The templates escape what they print themselves (overrides/main.html, overrides/partials/).
"""

from __future__ import annotations

import os
import re
from collections import Counter

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

import handbook_i18n
import safe_html

SNIPPET_RE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*(?P<names>.*)$")

# Messages of each language build, by language; reported once every language is built.
_errors: dict[str, list[str]] = {}
_reported = False

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _reported
    if not handbook_i18n.building(config):
        _errors.clear()
        _reported = False
    _errors[handbook_i18n.language(config)] = []


@event_priority(-160)  # after mkdocs-static-i18n has translated the section titles
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    errors = _errors.setdefault(handbook_i18n.language(config), [])
    for node in _walk(nav.items):
        if isinstance(node, (Section, Link)):
            node.title = safe_html.text_html(node.title or "")
        if isinstance(node, Link):
            scheme = safe_html.url_scheme(node.url or "")
            if scheme in safe_html.SCHEMES:
                errors.append(
                    f"{_config_line(config, node.url)}: the nav link \"{safe_html.html_text(node.title)}\" "
                    f"goes to \"{node.url[:40]}\", which {safe_html.SCHEMES[scheme]}"
                )
    return nav


@event_priority(100)  # the HTML as Markdown made it, before other hooks add their own markup
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    found = safe_html.findings(html)
    if found:
        errors = _errors.setdefault(handbook_i18n.language(config), [])
        errors += located(found, page, config)
    _plain_title(page)
    return html


@event_priority(-200)  # after mkdocs-static-i18n, in the build that completes the set of languages
def on_post_build(*, config: MkDocsConfig) -> None:
    global _reported
    if _reported or set(handbook_i18n.build_languages(config)) - set(_errors):
        return
    _reported = True
    # A message about mkdocs.yml comes from every language: said once.
    counts: Counter[str] = Counter()
    for found in _errors.values():
        counts |= Counter(found)
    errors = sorted(counts.elements(), key=_location_key)
    if errors:
        raise PluginError(
            f"{len(errors)} thing(s) on the pages could run as a script or load another page "
            "(see CONTRIBUTING.md, \"What a page may not contain\") - fix them and build again:\n"
            + "\n".join(errors)
        )


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def located(found: list[safe_html.Finding], page: Page, config: MkDocsConfig) -> list[str]:
    """One message per finding, at the line of the page, snippet or registry that wrote it."""
    root = os.path.dirname(config.config_file_path)
    src = os.path.relpath(page.file.abs_src_path, root).replace(os.sep, "/")
    text = page.file.content_string
    sources = [safe_html.Source(src, text)]
    for path in [*_snippets(text, config), _registry(config)]:
        if path and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                name = os.path.relpath(path, root).replace(os.sep, "/")
                sources.append(safe_html.Source(name, f.read()))
    messages = []
    for finding in found:
        where, shown_on = f"{src}:1", ""
        for again in (False, True):  # the next occurrence in the page, a snippet …, else the first
            hit = next(((s, n) for s in sources if (n := s.line_of(finding, again=again))), None)
            if hit:
                where = f"{hit[0].name}:{hit[1]}"
                shown_on = f" (shown on {src})" if hit[0].name != src else ""
                break
        messages.append(f"{where}: {finding.message}{shown_on}")
    return messages


def _plain_title(page: Page) -> None:
    """The page title as escaped plain text (see the module's docstring)."""
    if "title" in vars(page):  # given in nav:
        text = str(vars(page)["title"])
    elif "title" in page.meta:  # front matter
        text = str(page.meta["title"])
    else:  # the first heading, as HTML, or a name MkDocs made from the file name
        text = safe_html.html_text(page.title or "")
    title = safe_html.text_html(text)
    page.title = title  # type: ignore[misc]  # a weak property: this value is kept
    if "title" in page.meta:
        page.meta["title"] = title


def _walk(items):
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _snippets(text: str, config: MkDocsConfig) -> list[str]:
    """The files that `--8<--` lines of a page name (one per line, or a block between two)."""
    settings = config.mdx_configs.get("pymdownx.snippets", {})
    bases = settings.get("base_path", ["."])
    root = os.path.dirname(config.config_file_path)
    names, block = [], False
    for line in text.split("\n"):
        m = SNIPPET_RE.match(line)
        if m and not m["names"].strip():
            block = not block
            continue
        if m:
            names += re.findall(r'"([^"]+)"|\'([^\']+)\'|(\S+)', m["names"])
        elif block and line.strip():
            names.append(("", "", line.strip()))
    paths = []
    for name in (next(n for n in group if n) for group in names):
        name = re.sub(r"(:\d*)+$", "", name)  # line ranges: file.md:3:5
        for base in [bases] if isinstance(bases, str) else bases:
            paths.append(os.path.join(root, base, name))
    return paths


def _registry(config: MkDocsConfig) -> str | None:
    path = (config.extra.get("sources") or {}).get("registry")
    return os.path.join(os.path.dirname(config.config_file_path), path) if path else None


def _config_line(config: MkDocsConfig, text: str) -> str:
    name = os.path.basename(config.config_file_path or "mkdocs.yml")
    try:
        with open(config.config_file_path, encoding="utf-8") as f:
            for number, line in enumerate(f, start=1):
                if text in line:
                    return f"{name}:{number}"
    except (OSError, TypeError):
        pass
    return name


def _location_key(message: str) -> tuple[str, int, str]:
    m = re.match(r"([^:]+):(\d+):", message)
    return (m.group(1), int(m.group(2)), message) if m else (message, 0, message)
