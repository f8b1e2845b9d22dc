"""The ledger of published item ids (used by hooks/items.py): an id, once published, is kept forever.

The ledger (`extra.items.ledger` in mkdocs.yml) is a YAML file with one line per id ever published:

    int1-om-deg: {kind: question, page: rekruttering/intervju-1/}
    ny-mnd5-sp-likeverdig: {kind: question, page: ny-i-jobben/fem-maneder/, retired: 2026-11-24,
      reason: "…", successor: led-samtale-likeverd}

This module guarantees that a published id is never silently lost: the build stops when a live id
is gone from the pages, a retired id is used again, an id changes kind, or a successor is not a
live id. A successful build adds new ids itself, so adding content never fails the build. A
retired id with a successor carries over: `successors()` resolves chains to the live id.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass

import yaml
from mkdocs.exceptions import PluginError

# libyaml's safe loader when PyYAML has it (ten times faster on the ledger), else PyYAML's own.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HEADER = """\
# Every item id ever published, one line each (hooks/items_ledger.py; see CONTRIBUTING.md).
# The build adds new ids itself. Never delete a line of a published id: to retire one, add
# retired: YYYY-MM-DD, reason: "…" and, if another item takes its place, successor: its-id.
"""
FIELDS = ("kind", "page", "retired", "reason", "successor")


@dataclass
class Entry:
    id: str
    kind: str
    page: str
    line: int
    retired: str = ""
    reason: str = ""
    successor: str = ""


@dataclass
class Ledger:
    path: str  # as written in mkdocs.yml, for messages
    abs_path: str
    entries: dict[str, Entry]

    def where(self, item_id: str) -> str:
        return f"{self.path}:{self.entries[item_id].line}"


# ----------------------------------------------------------------------------
# Reading and writing
# ----------------------------------------------------------------------------


def load(config) -> Ledger | None:
    path = ((config.extra.get("items") or {}).get("ledger")) or None
    if not path:
        return None
    abs_path = os.path.join(os.path.dirname(config.config_file_path), path)
    if not os.path.exists(abs_path):
        return Ledger(path, abs_path, {})
    with open(abs_path, encoding="utf-8") as f:
        text = f.read()
    try:
        data = yaml.load(text, Loader=LOADER) or {}
    except yaml.YAMLError as error:
        raise PluginError(f"{path}: not valid YAML: {error}")
    lines = {m[1]: n for n, m in enumerate((re.match(r"^([a-z0-9-]+):", l) for l in text.split("\n")), 1) if m}
    entries = {}
    for item_id, fields in data.items():
        line = lines.get(str(item_id), 1)
        if not isinstance(fields, dict) or fields.get("kind") not in ("checklist", "question"):
            raise PluginError(f"{path}:{line}: {item_id}: write {{kind: checklist|question, page: …}}")
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise PluginError(f"{path}:{line}: {item_id}: unknown field(s) {', '.join(sorted(unknown))}")
        entries[str(item_id)] = Entry(
            str(item_id), fields["kind"], str(fields.get("page", "")), line,
            str(fields.get("retired") or ""), str(fields.get("reason") or ""),
            str(fields.get("successor") or ""),
        )
    return Ledger(path, abs_path, entries)


def write(ledger: Ledger, live: dict[str, tuple[str, str]]) -> int:
    """Add every live id that is new: `live` maps id -> (kind, page). Returns how many were added."""
    new = {i: v for i, v in live.items() if i not in ledger.entries}
    if not new:
        return 0
    for item_id, (kind, page) in new.items():
        ledger.entries[item_id] = Entry(item_id, kind, page, 0)
    lines = [HEADER]
    for entry in sorted(ledger.entries.values(), key=lambda e: e.id):
        fields = {"kind": entry.kind, "page": entry.page}
        if entry.retired:
            fields.update(retired=entry.retired, reason=entry.reason)
            if entry.successor:
                fields["successor"] = entry.successor
        body = ", ".join(f"{k}: {_scalar(v)}" for k, v in fields.items())
        lines.append(f"{entry.id}: {{{body}}}\n")
    os.makedirs(os.path.dirname(ledger.abs_path) or ".", exist_ok=True)
    with open(ledger.abs_path, "w", encoding="utf-8") as f:
        f.write("".join(lines))
    return len(new)


# ----------------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------------


def check(ledger: Ledger, items: dict[str, list]) -> list[str]:
    """`items` maps each live id to its items (all languages). One message per broken promise."""
    errors = []
    for entry in ledger.entries.values():
        where = ledger.where(entry.id)
        found = items.get(entry.id, [])
        if entry.retired:
            for item in found:
                errors.append(
                    f'{item.src}:{item.line}: item id "{entry.id}" was retired on {entry.retired} '
                    f"({where}): give this item a new id"
                )
            if entry.successor:
                final = successor(ledger, entry.id)
                if final is None or final not in items:
                    errors.append(
                        f'{where}: the successor of "{entry.id}" ("{entry.successor}") is not an '
                        "item on the pages: name a live id, or leave successor out"
                    )
            continue
        if not found:
            errors.append(
                f'{where}: item "{entry.id}" was published on {entry.page} and is gone from the '
                "pages: put it back, or retire it here (retired: date, reason: …, successor: …)"
            )
        for item in found:
            if item.kind != entry.kind:
                errors.append(
                    f'{item.src}:{item.line}: item "{entry.id}" was published as a {entry.kind} '
                    f"({where}): an item of another kind needs a new id"
                )
    return errors


def successor(ledger: Ledger, item_id: str) -> str | None:
    """The live id a retired id leads to, following a chain; None without one (or in a loop)."""
    seen = set()
    while item_id in ledger.entries and ledger.entries[item_id].retired:
        if item_id in seen or not ledger.entries[item_id].successor:
            return None
        seen.add(item_id)
        item_id = ledger.entries[item_id].successor
    return item_id


def replaced_by(ledger: Ledger | None) -> dict[str, list[str]]:
    """Live id -> the retired ids that lead to it."""
    result: dict[str, list[str]] = {}
    if ledger is None:
        return result
    for entry in ledger.entries.values():
        if entry.retired and (final := successor(ledger, entry.id)):
            result.setdefault(final, []).append(entry.id)
    return result


def today() -> str:
    return datetime.date.today().isoformat()


def _scalar(value: str) -> str:
    if re.fullmatch(r"[a-z0-9][a-z0-9/._-]*", value) and not re.fullmatch(r"[\d.]+|true|false|null|yes|no", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
