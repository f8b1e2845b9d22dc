#!/usr/bin/env python3
"""Refuse to publish placeholder addresses: `python tools/placeholders.py [mkdocs.yml]`.

Prints one line per placeholder (`mkdocs.yml:LINE: …`, naming the setting and how to set it) and
exits 1, or exits 0 silently when site_url, every owner's e-mail address and the uustatus.no link
are real. Reads the environment as the build will (SITE_URL, HANDBOOK_OWNER_EMAIL_<KEY>,
HANDBOOK_UUSTATUS_URL). The rules: hooks/placeholders.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import placeholders  # noqa: E402


def main(argv: list[str]) -> int:
    config = argv[1] if len(argv) > 1 else str(ROOT / "mkdocs.yml")
    found = placeholders.problems(config, os.environ)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"{len(found)} placeholder(s): a published handbook would carry them; see README.md, "
              "Publishing", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
