"""Facts that a page states but mkdocs.yml or the build knows: written `<!-- fact: NAME -->` in
the Markdown, filled in at build time in the page's language.

    <!-- fact: build-date -->    the date of this build («4. desember 2026», "4 December 2026"),
                                 the day in extra.timezone; SOURCE_DATE_EPOCH is respected
    <!-- fact: owner -->         the name of the page's owner (extra.owners, front matter owner:)
    <!-- fact: owner-email -->   the owner's e-mail address, as a mailto link
    <!-- fact: uustatus -->      a sentence linking the organisation's accessibility statement in
                                 uustatus.no (extra.accessibility.uustatus), or, while that is not
                                 set or a placeholder, saying where it is made

This hook guarantees that no page states these facts in its own words (they cannot drift from
mkdocs.yml, nor be typed in by hand), that both languages get the same facts, and that a marker
with an unknown name stops the build with file and line.
"""

from __future__ import annotations

import os
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime
from zoneinfo import ZoneInfo

import handbook_i18n
import placeholders

FACT_RE = re.compile(r"<!--[ \t]*fact[ \t]*:[ \t]*(?P<name>[^ \t>]*)[ \t]*-->")
TEXT = {
    "nb": {
        "uustatus": "Virksomheten har også lagt erklæringen inn i Digitaliseringsdirektoratets løsning "
                    "uustatus.no: [les tilgjengelighetserklæringen på uustatus.no]({url}).",
        "no_uustatus": "Offentlige virksomheter lager tilgjengelighetserklæringen sin i "
                       "Digitaliseringsdirektoratets løsning uustatus.no. Virksomheten som publiserer "
                       "denne utgaven av håndboka, har ikke lagt inn lenken til sin erklæring ennå.",
    },
    "en": {
        "uustatus": "The organisation has also entered the statement in uustatus.no, the Norwegian "
                    "Digitalisation Agency's service: [read the accessibility statement on uustatus.no]({url}).",
        "no_uustatus": "Public bodies make their accessibility statement in uustatus.no, the Norwegian "
                       "Digitalisation Agency's service. The organisation publishing this edition of the "
                       "handbook has not added the link to its statement yet.",
    },
}


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "fact" not in markdown:
        return markdown
    language = handbook_i18n.language(config)

    def fill(match: re.Match) -> str:
        name = match["name"]
        value = fact(name, page, config, language)
        if value is None:
            raise PluginError(
                f"{_source(page, config)}:{_line(page, match.group())}: unknown fact \"{name}\" in "
                f"{match.group()}: write one of {', '.join(FACTS)}"
            )
        return value

    return FACT_RE.sub(fill, markdown)


def fact(name: str, page: Page, config: MkDocsConfig, language: str) -> str | None:
    """The Markdown a fact stands for on a page, or None for an unknown name."""
    text = TEXT.get(language, TEXT["en"])
    if name == "build-date":
        zone = ZoneInfo(config.extra.get("timezone") or "UTC")
        day = get_build_datetime().astimezone(zone).date()
        return handbook_i18n.long_date(day, language)
    if name in ("owner", "owner-email"):
        owners = config.extra.get("owners") or {}
        owner = owners.get(str(page.meta.get("owner") or config.extra.get("owner"))) or {}
        if name == "owner":
            return str(owner.get(language) or owner.get("name") or "")
        email = str(owner.get("email") or "")
        return f"[{email}](mailto:{email})"
    if name == "uustatus":
        url = str((config.extra.get("accessibility") or {}).get("uustatus") or "")
        if placeholders.url_problem(url) is None:
            return text["uustatus"].format(url=url)
        return text["no_uustatus"]
    return None


FACTS = ("build-date", "owner", "owner-email", "uustatus")


def _source(page: Page, config: MkDocsConfig) -> str:
    root = os.path.dirname(config.config_file_path)
    return os.path.relpath(page.file.abs_src_path, root).replace(os.sep, "/")


def _line(page: Page, marker: str) -> int:
    for number, line in enumerate(page.file.content_string.split("\n"), start=1):
        if marker in line:
            return number
    return 1
