"""The Nu HTML Checker (vnu.jar from npm vnu-jar, pinned in package-lock.json) on a handful of built
pages of both languages: the front pages, a section index, a checklist, a workshop sheet, the
builder, the new-hire path and both not-found pages. Any error fails, except those listed below
as coming from Material's templates where no override can reach them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGES = [
    "index.html", "en/index.html",
    "rekruttering/index.html", "en/rekruttering/index.html",  # section index pages (navigation.indexes)
    "rekruttering/sjekkliste/index.html", "en/workshops/rus/index.html",
    "rekruttering/intervjuark/index.html", "en/ny-i-jobben/index.html",
    "404.html", "en/404.html",
    "offline.html", "en/offline.html",  # what the service worker shows for an address not stored
]

# Errors from Material's own markup that no override fixes, as (start of) vnu's message. Empty:
# the three kinds the checker found (autocomplete on the drawer and search toggles, `label
# for="__toc"` on section index pages) are fixed by hooks/markup.py and overrides/partials/toc.html.
MATERIAL_ERRORS: list[str] = []


@pytest.mark.heavy
def test_built_pages_have_no_html_errors(site: Path):
    if not VNU.exists():
        pytest.fail(f"{VNU.relative_to(ROOT)} is missing: run `make test` (it runs npm ci)")
    if shutil.which("java") is None:
        pytest.fail("java is missing: run `make test` (it installs a headless JRE)")
    files = [str(site / p) for p in PAGES]
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{m['url'].split(str(site))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not any(m["message"].startswith(e) for e in MATERIAL_ERRORS)
    ]
    assert errors == []
