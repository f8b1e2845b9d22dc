"""Not-found pages: one 404 page per language, each at its language's root.

MkDocs renders the theme's `404.html` into the site root on every build, and mkdocs-static-i18n
builds every other language into the same folder, so the last language built wins. This hook
guarantees that `404.html` is the default language's page and `<lang>/404.html` each other
language's, every one with its own `lang`, texts and navigation.

A 404 page is served at whatever address was not found, so its links are absolute, from the path
of `site_url` (MkDocs does this): set `site_url` to the published address when building.

The page asks the reader to search, so its search works as on every other page: its `__config`
names the handbook's search worker (hooks/search.py does the same for content pages, which MkDocs
renders through another event), which fetches the full index of the page's language on the
first query; Material's own worker would search the empty stub index and find nothing.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from search import CONFIG_RE, MATERIAL_WORKER_RE, WORKER

# The default language's 404 page, kept while the other languages are built over it.
_default_page: dict[str, bytes] = {}

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """The not-found page searches with the handbook's worker, like every other page."""
    if template_name != "404.html":
        return output_content
    return name_worker(output_content)


def name_worker(html: str) -> str:
    """The page's __config with Material's search worker replaced by the handbook's, which loads
    Material's from beside it (`?material=`). Raises PluginError when the page has a __config
    without Material's worker: the search would silently find nothing."""
    match = CONFIG_RE.search(html)
    if match is None:
        return html
    block, n = MATERIAL_WORKER_RE.subn(rf'\g<1>{WORKER}?material=\g<2>"', match.group(1))
    if n != 1:
        raise PluginError("404.html: Material's search worker not found in the page's __config")
    return html[: match.start()] + block + html[match.end():]


@event_priority(-60)  # after hooks/assets.py (-50) bundled the page; before i18n's next language (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Runs in every language's build, before mkdocs-static-i18n starts the next language."""
    i18n = config.plugins.get("i18n")
    path = os.path.join(config.site_dir, "404.html")
    if i18n is None or not os.path.exists(path):
        return
    with open(path, "rb") as f:
        page = f.read()
    if i18n.current_language == i18n.default_language:
        _default_page[config.site_dir] = page
        return
    if config.site_dir not in _default_page:
        raise PluginError(f"404.html: the {i18n.default_language} not-found page was not built")
    folder = os.path.join(config.site_dir, i18n.current_language)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "404.html"), "wb") as f:
        f.write(page)
    with open(path, "wb") as f:
        f.write(_default_page[config.site_dir])
