#!/usr/bin/env python3
"""Check mkdocs.yml before MkDocs reads it, and say what is wrong in plain words.

MkDocs parses mkdocs.yml before any hook runs, and answers a mistake with the YAML parser's own
words («expected <block end>, but found '<block mapping start>'») or keeps the last of two equal
keys silently. This tool reads the file the way hooks/yamlfile.py reads the handbook's other
files (MkDocs' `!ENV`, `!relative` and `!!python/name:` tags accepted) and prints one line per
problem, `mkdocs.yml:LINE: plain words`, then exits 1; a good file prints nothing and exits 0.
It is plain and fast (no MkDocs, no build), for `make build`, `serve`, `check` and `publish` to
run first:

    python tools/check_config.py [mkdocs.yml]

Besides the YAML itself it checks the parts editors write by hand whose shape the hooks need:
`extra.redirects` (old path: new path, one a line) and `extra.items.distinct` (pairs of ids).
"""

from __future__ import annotations

import os
import sys

HOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "hooks")
sys.path.insert(0, HOOKS)

import configfile  # noqa: E402
import items_rules  # noqa: E402
import yamlfile  # noqa: E402


def problems(path: str, display: str | None = None) -> list[str]:
    """Every problem of the mkdocs.yml at `path`, as `mkdocs.yml:LINE: …`."""
    display = display or os.path.basename(path)
    try:
        config = configfile.load(path, display)
    except OSError as error:
        return [f"{display}:1: cannot read the file: {error.strerror}"]
    except yamlfile.YamlProblem as problem:
        return [str(problem)]
    data = config.data if isinstance(config.data, dict) else None
    if data is None:
        return [f"{display}:1: mkdocs.yml must be lines of \"key: value\" (site_name: …, nav: …)"]
    found = []
    extra = data.get("extra")
    if extra is not None and not isinstance(extra, dict):
        return [f"{config.where('extra')}: extra: write its settings indented under it, one a line"]
    extra = extra or {}
    redirects = extra.get("redirects")
    if redirects is not None and not isinstance(redirects, dict):
        found.append(f"{config.where('extra', 'redirects')}: extra.redirects: write one line per moved page, "
                     '"old/path.md: new/path.md", indented under it')
    for old, new in (redirects.items() if isinstance(redirects, dict) else ()):
        if not isinstance(old, str) or not isinstance(new, str):
            found.append(f"{config.where('extra', 'redirects', str(old))}: extra.redirects: {old}: write "
                         '"old/path.md: new/path.md" (both paths of .md files)')
    items = extra.get("items")
    if items is not None and not isinstance(items, dict):
        found.append(f"{config.where('extra', 'items')}: extra.items: write its settings indented under it")
    elif items:  # the same rule, and words, as the build's (hooks/items_rules.py)
        def line_of(n: int) -> int:
            return config.line("extra", "items", "distinct", *([n] if n >= 0 else []))

        found += items_rules.distinct_pairs(items.get("distinct"), line_of, display)[1]
    return found


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "mkdocs.yml"
    found = problems(path, os.path.relpath(path) if os.path.isabs(path) else path)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
