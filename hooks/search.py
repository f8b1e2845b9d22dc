"""Search per language: a Norwegian page searches Norwegian pages only, an English page English.

mkdocs-static-i18n writes one search index for all languages at `search/search_index.json`.
Once every language is built, this hook splits it: the default language keeps the root index,
every other language gets `<lang>/search/search_index.json` with locations relative to its own
root and its own lunr language. `overrides/main.html` points each page's search at its language's
index (Material's `__config.base`).
"""

from __future__ import annotations

import json
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# lunr.js knows Norwegian as "no"; every other language here uses its own code.
LUNR = {"nb": "no", "nn": "no"}

# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


@event_priority(-200)  # after mkdocs-static-i18n has built every language and merged the index
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return
    root = config.site_dir
    path = os.path.join(root, "search", "search_index.json")
    try:
        with open(path, encoding="utf-8") as f:
            index = json.load(f)
    except OSError as error:
        raise PluginError(f"search index {path}: {error.strerror}")

    default = i18n.default_language
    others = [lang for lang in i18n.build_languages if lang != default]
    parts: dict[str, list[dict]] = {lang: [] for lang in [default, *others]}
    for doc in index["docs"]:
        lang = next((l for l in others if doc["location"].startswith(f"{l}/")), default)
        if lang != default:
            doc = {**doc, "location": doc["location"].removeprefix(f"{lang}/")}
        parts[lang].append(doc)

    for lang, docs in parts.items():
        folder = root if lang == default else os.path.join(root, lang)
        _write(folder, {**index, "config": {**index["config"], "lang": [LUNR.get(lang, lang)]}, "docs": docs})


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _write(folder: str, index: dict) -> None:
    os.makedirs(os.path.join(folder, "search"), exist_ok=True)
    with open(os.path.join(folder, "search", "search_index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False, separators=(",", ":"))
