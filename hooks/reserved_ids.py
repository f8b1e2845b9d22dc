"""The ids the build, the theme and the handbook's scripts put on pages: no item may take one.

A sibling module of the hooks (not a hook). An item's id is the id of its element on the page,
so it must be the only element with that id; hooks/items.py checks every item against the final
HTML of its page (headings, the old anchors of hooks/anchors.py, the data of hooks/items.py …)
and against this list, which also holds the ids that appear only on some pages or only once a
script has run. Add an id here when a hook, a template or a script starts using one.
"""

from __future__ import annotations

import re

# id -> who puts it on the page
RESERVED: dict[str, str] = {
    "ekh-retired": "hooks/items.py (retired ids and their successors)",
    "ekh-sources": "hooks/items.py (the source labels)",
    "sheet-builder": "the interview-sheet builder (docs/assets/builder.js)",
    "builder-theme": "the interview-sheet builder (docs/assets/builder.js)",
    "builder-sheet-title": "the interview-sheet builder (docs/assets/builder.js)",
    "np-start": "the new-hire plan (docs/assets/plan.js)",
    "np-start-hint": "the new-hire plan (docs/assets/plan.js)",
    "present-now": "the projector view (docs/assets/present.js)",
    "present-help": "the projector view (docs/assets/present.js)",
    "booklet-contents": "the booklets (hooks/booklets.py)",
    "booklet-cover": "the booklets (hooks/booklets.py)",
    "booklet-title": "the booklets (hooks/booklets.py)",
}

# (pattern, who): ids made from a pattern.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"ekh-.*"), "the handbook's data on every page (hooks/items.py)"),
    (re.compile(r"builder-(?:round|q)-.*"), "the interview-sheet builder (docs/assets/builder.js)"),
    (re.compile(r"kilde-\d{3}"), "the source registry's anchors (hooks/items_sources.py)"),
    (re.compile(r"__.*"), "Material for MkDocs (__search, __drawer, __palette_0 …)"),
]


def reserved(item_id: str) -> str | None:
    """Who uses `item_id` on pages, or None when an item may have it."""
    if item_id in RESERVED:
        return RESERVED[item_id]
    return next((who for pattern, who in PATTERNS if pattern.fullmatch(item_id)), None)
