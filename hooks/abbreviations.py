"""Abbreviations: every page explains the handbook's abbreviations on hover, in its own language.

`extra.abbreviations` in mkdocs.yml names a file of abbreviation definitions with `{language}` in
its path, one per line as in Markdown (`*[EK]: erfaringskonsulent`). For each language build this
hook hands that language's definitions to the `abbr` extension as its glossary, so every page
marks each use, without parsing the definitions again for every page. A missing file or a line
that is not a definition stops the build with file and line.
"""

from __future__ import annotations

import os
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import handbook_i18n

DEFINITION_RE = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:[ \t]*(?P<title>\S.*?)[ \t]*$")

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(-150)  # after mkdocs-static-i18n has chosen the language of this build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    template = config.extra.get("abbreviations")
    if template:
        abbr = dict(config.mdx_configs.get("abbr", {}))
        abbr["glossary"] = _glossary(config, template)
        config.mdx_configs["abbr"] = abbr
    return config


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _glossary(config: MkDocsConfig, template: str) -> dict[str, str]:
    language = handbook_i18n.language(config)
    root = os.path.dirname(config.config_file_path)
    path = template.format(language=language)
    try:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as error:
        raise PluginError(f"mkdocs.yml: extra.abbreviations: cannot read {path}: {error.strerror}")
    glossary = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        m = DEFINITION_RE.match(line)
        if not m:
            raise PluginError(f"{path}:{number}: not an abbreviation: write *[ABBR]: explanation")
        glossary[m["abbr"]] = m["title"]
    return glossary
