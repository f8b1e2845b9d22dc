"""Which language a hook is building, for every hook of the handbook (a sibling module, not a hook).

mkdocs-static-i18n builds the default language first and every other one inside its
on_post_build, switching `current_language` as it goes. These helpers answer the questions the
hooks ask of it, and fall back to the theme's language when a site has no i18n plugin.
"""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING

from babel.dates import format_date

if TYPE_CHECKING:  # the rules that format dates are used without MkDocs too (tools/check.py)
    from mkdocs.config.defaults import MkDocsConfig

# babel's locale for each page language where the bare code gives the wrong form ("November 23").
BABEL_LOCALE = {"en": "en_GB"}


@functools.lru_cache(maxsize=None)  # babel is slow, and the same few dates recur on every page
def long_date(day: datetime.date, language: str, pattern: str = "long") -> str:
    """A date as the page's language writes it: «10. desember 2026», "10 December 2026" (or in
    babel's `pattern`)."""
    return format_date(day, pattern, locale=BABEL_LOCALE.get(language, language))


def language(config: MkDocsConfig) -> str:
    """The language of the build under way: "nb", "en"."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", None):
        return i18n.current_language
    return config.theme.get("language") or "en"


def prefix(config: MkDocsConfig) -> str:
    """The path of the current language's root below the site root: "" or "en/"."""
    i18n = config.plugins.get("i18n")
    if i18n is None or language(config) == i18n.default_language:
        return ""
    return f"{language(config)}/"


def build_languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    return list(i18n.build_languages) if i18n is not None else [language(config)]


def building(config: MkDocsConfig) -> bool:
    """True inside the i18n plugin's build of a language other than the default."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def all_languages(config: MkDocsConfig) -> list[str]:
    """Every language of the handbook, built in this run or not (the editor's preview builds one:
    hooks/preview.py): what files written for every language must cover."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [language(config)]
    return [lang.locale for lang in i18n.config.languages]
