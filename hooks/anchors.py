"""Heading anchors: readable in every language, old ones kept, the link title in the page's language.

- A heading's anchor keeps the Norwegian letters readable: æ, ø and å become ae, o and a
  (`## Spørsmål til gruppene` → `#sporsmal-til-gruppene`), as item ids are written. Python-Markdown's
  own slug, used before, dropped them (`#sprsmal-til-gruppene`).
- Where the old slug differs, the heading also carries it as an empty, invisible element, so
  bookmarks and links from outside the handbook keep landing on the heading.
- The title of the ¶ link beside each heading comes from `extra.permalink_title` in mkdocs.yml,
  one per language (`{nb: …, en: …}`); a language without one stops the build.
"""

from __future__ import annotations

import html
import re

from markdown.extensions.toc import slugify as markdown_slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

import handbook_i18n

# Letters that Unicode normalisation cannot reduce to ASCII, written as Norwegian spells them
# without them.
TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(-150)  # after mkdocs-static-i18n has chosen the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    language = handbook_i18n.language(config)
    titles = config.extra.get("permalink_title") or {}
    if language not in titles:
        raise PluginError(f"mkdocs.yml: extra.permalink_title: no title for language '{language}'")
    toc = dict(config.mdx_configs.get("toc", {}))
    toc["permalink_title"] = titles[language]
    toc["slugify"] = slugify
    config.mdx_configs["toc"] = toc
    return config


def on_page_content(html_: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    for anchor in _anchors(page.toc):
        old = markdown_slugify(html.unescape(anchor.title), "-")
        if not old or old == anchor.id or f'id="{old}"' in html_:
            continue
        heading = re.compile(rf'(<h[1-6][^>]*\bid="{re.escape(anchor.id)}"[^>]*>)')
        span = f'<span id="{html.escape(old, quote=True)}" class="anchor-previous"></span>'
        html_ = heading.sub(lambda m: m.group(1) + span, html_, count=1)
    return html_


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def slugify(text: str, sep: str) -> str:
    """Python-Markdown's slug, after writing æ, ø and å as ae, o and a."""
    return markdown_slugify(text.translate(TRANSLITERATE), sep)


def _anchors(links: list[AnchorLink]):
    for link in links:
        yield link
        yield from _anchors(link.children)
