"""What kind of build is under way, for every hook (a sibling module, not a hook).

hooks/preview.py sets it: `serving` is True under `mkdocs serve` (the editor's preview), and
`language` is then the one language the preview builds (None in a full build). Hooks that make
what a preview does not need (booklets, the service worker) skip it when `language` is set.
"""

serving: bool = False
language: str | None = None


def preview() -> bool:
    """True while `make serve` builds one language for an editor (not in `mkdocs build`)."""
    return language is not None
