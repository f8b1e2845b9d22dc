"""Published page addresses keep working: a page that disappears without a redirect stops the build.

This hook guarantees that, before any page is rendered, every address in the page ledger
(`extra.pages.ledger` in mkdocs.yml, written by `make publish`; see hooks/page_ledger.py) is still
the address of a page of the default language or an old address under `extra.redirects`;
otherwise the build stops with a `PluginError` naming the ledger line, the address and the exact
line to add under `redirects:` in mkdocs.yml. It never writes the ledger.
"""

from __future__ import annotations

import os
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

import handbook_i18n
import page_ledger


def on_pre_build(*, config: MkDocsConfig) -> None:
    if handbook_i18n.building(config):
        return
    errors = check(config)
    if errors:
        raise PluginError(
            f"{len(errors)} published page address(es) would break - fix them and build again:\n"
            + "\n".join(errors)
        )


def check(config: MkDocsConfig) -> list[str]:
    """The page-ledger rule for a loaded configuration (also used by tools/check.py)."""
    path = ledger_path(config)
    if not path:
        return []
    root = os.path.dirname(config.config_file_path)
    ledger = page_ledger.load_file(os.path.join(root, path), path)
    folder = default_folder(config)
    redirects = config.extra.get("redirects") or {}
    return page_ledger.check(
        ledger,
        live_files(config),
        [str(old) for old in redirects] if isinstance(redirects, dict) else [],
        config_file=os.path.basename(config.config_file_path),
        redirects_line=_redirects_line(config.config_file_path),
        docs=os.path.relpath(folder, root).replace(os.sep, "/"),
    )


def ledger_path(config: MkDocsConfig) -> str | None:
    return ((config.extra.get("pages") or {}).get("ledger")) or None


def default_folder(config: MkDocsConfig) -> str:
    """The folder of the default language's pages (docs/nb), or docs/ without the i18n plugin."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return config.docs_dir
    return os.path.join(config.docs_dir, i18n.default_language)


def live_files(config: MkDocsConfig) -> list[str]:
    """Every page file of the default language, relative to its folder (a/b.md)."""
    folder = default_folder(config)
    files = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".md"):
                files.append(os.path.relpath(os.path.join(dirpath, name), folder).replace(os.sep, "/"))
    return sorted(files)


def _redirects_line(config_file: str) -> int:
    try:
        with open(config_file, encoding="utf-8-sig") as f:
            for number, line in enumerate(f, start=1):
                if re.match(r"^\s+redirects\s*:", line):
                    return number
    except OSError:
        pass
    return 0
