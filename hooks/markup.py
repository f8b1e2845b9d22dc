"""Valid HTML where Material's templates are not: the drawer and search toggles lose `autocomplete`.

Material writes `autocomplete="off"` on its two checkbox toggles (`__drawer`, `__search`), which
HTML allows on text-like inputs only (the Nu HTML Checker's one error on every page). The markup
sits outside any template block, so this hook removes the attribute from every built page and
both 404 pages; assets/material-state.js closes both toggles whenever a page is shown instead,
which is what the attribute was for (a browser restoring an open drawer on reload or back).
If a Material release changes those lines, the build warns (and `--strict` stops it).
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

TOGGLES = [
    '<input class="md-toggle" data-md-toggle="{0}" type="checkbox" id="__{0}" autocomplete="off">'.format(name)
    for name in ("drawer", "search")
]

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _valid(output, page.file.src_uri)


@event_priority(10)  # before hooks/notfound.py moves the 404 page of this language
def on_post_build(*, config: MkDocsConfig) -> None:
    path = os.path.join(config.site_dir, "404.html")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        html = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(_valid(html, "404.html"))


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _valid(html: str, name: str) -> str:
    for toggle in TOGGLES:
        if toggle not in html:
            log.warning(f"{name}: Material's toggle markup changed, cannot drop autocomplete: {toggle}")
            continue
        html = html.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return html
