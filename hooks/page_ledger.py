"""The ledger of published page addresses (used by hooks/pages.py, tools/publish.py and
tools/check.py): an address, once published, keeps working.

People bookmark pages, print them (the address stands in every printed margin) and link to them
from other intranet pages. The page ledger (`extra.pages.ledger` in mkdocs.yml) lists every page
ever published, by its Markdown file inside a language folder (the same path in every language),
one line each:

    rekruttering/sjekkliste.md: {added: 2026-11-23}

Only `make publish` writes it. This module guarantees that a published address is never silently
lost: when no page has it any more and `extra.redirects` does not send it on, the build stops,
naming the address and the exact line to add under `redirects:` in mkdocs.yml. Addresses are
compared, not file names (`a/b.md` and `a/b/index.md` are both `a/b/`).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field

import yamlfile

HEADER = """\
# Every page address ever published, by its file inside docs/nb/ and docs/en/
# (hooks/page_ledger.py; see CONTRIBUTING.md). Written by `make publish`: do not edit.
# A page that moves keeps its old address through a line under `redirects:` in mkdocs.yml.
"""
FILE_RE = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9._-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*\.md$")


@dataclass
class PageLedger:
    path: str
    abs_path: str
    entries: dict[str, tuple[str, int]]  # file -> (added, line)
    problems: list[str] = field(default_factory=list)


def address(file: str) -> str:
    """The address of a page file below its language root: a/b.md -> a/b/, a/index.md -> a/,
    index.md -> "" (use_directory_urls)."""
    stem = file[: -len(".md")] if file.endswith(".md") else file
    if stem == "index" or stem.endswith("/index"):
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def shown(file: str) -> str:
    """An address as people see it: `/` for the front page, `/a/b/` for the others."""
    return "/" + address(file)


def parse(text: str, path: str, abs_path: str = "") -> PageLedger:
    ledger = PageLedger(path, abs_path, {})
    data, ledger.problems[:] = yamlfile.load_document(
        text, path, dict, "write one line per page: `a/page.md: {added: YYYY-MM-DD}`")
    if data is None:
        return ledger
    for key, fields in data.items():
        line = data.lines.get(key, 1)
        file = str(key)
        if not FILE_RE.match(file):
            ledger.problems.append(f'{path}:{line}: "{file}" is not the path of a page file (a/page.md)')
            continue
        added = yamlfile.day(fields.get("added")) if isinstance(fields, dict) else ""
        ledger.entries[file] = (added, line)
    return ledger


def load_file(abs_path: str, path: str) -> PageLedger:
    try:
        with open(abs_path, encoding="utf-8-sig") as f:
            text = f.read()
    except FileNotFoundError:
        return PageLedger(path, abs_path, {})
    return parse(text, path, abs_path)


def check(ledger: PageLedger, live: list[str], redirects: list[str], *, config_file: str,
          redirects_line: int, docs: str) -> list[str]:
    """One message per published address that no page has and no redirect sends on.

    `live`: the page files of the default language; `redirects`: the old files under
    `extra.redirects`; `redirects_line`: the line of `redirects:` in mkdocs.yml (0 if absent);
    `docs`: the default language's folder, for messages (docs/nb)."""
    errors = list(ledger.problems)
    have = {address(f) for f in live} | {address(f) for f in redirects}
    new = [f for f in live if address(f) not in {address(p) for p in ledger.entries}]
    for file, (_, line) in sorted(ledger.entries.items(), key=lambda kv: kv[1][1]):
        if address(file) in have:
            continue
        target = _likely_target(file, new) or "NEW/PAGE.md"
        where = (f"under `redirects:` (line {redirects_line})" if redirects_line
                 else "under `extra:` as `redirects:`")
        errors.append(
            f"{ledger.path}:{line}: the page {shown(file)} ({docs}/{file}) was published, and no "
            f"page has that address now: bookmarks and printed sheets lead there. If it moved, "
            f"add this line to {config_file} {where}:  {file}: {target}"
            + ("" if target != "NEW/PAGE.md" else "  (the path of the page that took its place)")
        )
    return errors


def _likely_target(file: str, new: list[str]) -> str | None:
    """The unpublished page that most likely took a vanished page's place (same name first)."""
    name = posixpath.basename(address(file).rstrip("/")) or "index"
    same = [f for f in new if posixpath.basename(address(f).rstrip("/")) == name]
    if len(same) == 1:
        return same[0]
    close = difflib.get_close_matches(file, new, n=1, cutoff=0.6)
    return close[0] if close else None


def record(ledger: PageLedger, live: list[str], date: str) -> tuple[str, list[str]]:
    """The page ledger after publishing `live` on `date`, and the files recorded for the first time."""
    entries = {file: added for file, (added, _) in ledger.entries.items()}
    known = {address(f) for f in entries}
    added = []
    for file in sorted(live):
        if address(file) not in known:
            entries[file] = date
            known.add(address(file))
            added.append(file)
    lines = [HEADER] + [
        f"{file}: {{added: {day}}}\n" if day else f"{file}: {{}}\n" for file, day in sorted(entries.items())
    ]
    return "".join(lines), added
