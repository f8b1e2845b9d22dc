"""Abbreviations: every page explains the handbook's abbreviations on hover, in its own language.

`extra.abbreviations` in mkdocs.yml names a file of Markdown abbreviation definitions
(`*[EK]: erfaringskonsulent`) with `{language}` in its path; this hook appends the current
language's file to every page, so the `abbr` extension marks each use. A missing file stops the
build with its path.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    template = config.extra.get("abbreviations")
    if not template:
        return markdown
    return f"{markdown}\n\n{_definitions(config, template)}\n"


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _definitions(config: MkDocsConfig, template: str) -> str:
    i18n = config.plugins.get("i18n")
    language = getattr(i18n, "current_language", None) or config.theme.get("language")
    root = os.path.dirname(config.config_file_path)
    path = os.path.join(root, template.format(language=language))
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as error:
        raise PluginError(f"mkdocs.yml: extra.abbreviations: cannot read {path}: {error.strerror}")
