"""The ledger of published item ids (used by hooks/items.py and tools/publish.py): an id, once
published, is kept forever.

The ledger (`extra.items.ledger` in mkdocs.yml) is a YAML file with one line per id ever published:

    int1-om-deg: {kind: question, page: rekruttering/intervju-1/, added: 2026-11-24, text: {nb: 1f0c9a7e2b, en: 8d2e41c0aa}}
    ny-mnd5-sp-likeverdig: {kind: question, page: ny-i-jobben/fem-maneder/, added: 2026-11-24,
      retired: 2026-11-24, reason: "…", successor: led-samtale-likeverd}

`added` is the day the id was first published, `text` a fingerprint of the item's text in each
language as last published, `notes` how many change notes named the id then (a new wording needs
a new note; hooks/changes.py). Editors write only `retired`, `reason` and `successor`; the rest is
written by `make publish` (tools/publish.py), never by a build.

This module guarantees that

- a published id is never silently lost: the rules stop the build when a live id is gone from the
  pages, a retired id is used again, an id changes kind, or a retired id's successor chain does
  not end in a live item of the same kind (it loops, ends in an id retired without successor, or
  names an id that is nowhere);
- the ledger itself is valid before anything reads it: a key written twice, an id that breaks the
  id rule, an unknown or missing field, a `retired:` that is not a date or lies after the build
  date, or a retirement without `reason:` is refused, naming `includes/ledger.yml:LINE`;
- only `record()` + `write_atomic()` change the file, and tools/publish.py calls them only after a
  strict build of every language succeeded: a failed build, `make build` and `make serve` leave
  it byte-identical;
- a retired id with a successor carries over: `successor()` resolves chains to the live id.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field

import yamlfile

HEADER = """\
# Every item id ever published, one line each (hooks/items_ledger.py; see CONTRIBUTING.md).
# `make publish` adds new ids and keeps `page`, `added` and `text` (a fingerprint of the
# published wording) up to date. Never delete a line of a published id: to retire one, add
# retired: YYYY-MM-DD, reason: "…" and, if another item takes its place, successor: its-id.
"""
FIELDS = ("kind", "page", "added", "text", "notes", "retired", "reason", "successor")
KINDS = ("checklist", "question")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PAGE_RE = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)*$")
FINGERPRINT_RE = re.compile(r"^[0-9a-f]{10}$")
RETIRE_EXAMPLE = "retired: date, reason: …, successor: …"


@dataclass
class Entry:
    id: str
    kind: str
    page: str
    line: int
    retired: str = ""
    reason: str = ""
    successor: str = ""
    added: str = ""
    text: dict[str, str] = field(default_factory=dict)  # language -> fingerprint
    notes: int = 0  # change notes naming this id when it was last published (includes/changes.yml)


@dataclass
class Ledger:
    path: str  # as written in mkdocs.yml, for messages
    abs_path: str
    entries: dict[str, Entry]
    problems: list[str] = field(default_factory=list)  # what is wrong with the file itself

    def where(self, item_id: str) -> str:
        return f"{self.path}:{self.entries[item_id].line}"


# ----------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------


def path_of(config) -> str | None:
    """The ledger's path as written in mkdocs.yml (`extra.items.ledger`), or None."""
    return ((config.extra.get("items") or {}).get("ledger")) or None


def load(config) -> Ledger | None:
    """The ledger named in mkdocs.yml, or None when the site keeps none."""
    path = path_of(config)
    if not path:
        return None
    return load_file(os.path.join(os.path.dirname(config.config_file_path), path), path)


def load_file(abs_path: str, path: str, *, today: str | None = None) -> Ledger:
    """Read and validate a ledger file. Problems are collected in `Ledger.problems` (one message
    each, `path:LINE: …`); entries too broken to use are left out. A missing file is empty."""
    if not os.path.exists(abs_path):
        return Ledger(path, abs_path, {})
    with open(abs_path, encoding="utf-8-sig") as f:
        text = f.read()
    return parse(text, path, abs_path, today=today)


def parse(text: str, path: str, abs_path: str = "", *, today: str | None = None) -> Ledger:
    ledger = Ledger(path, abs_path, {})
    data, ledger.problems[:] = yamlfile.load_document(
        text, path, dict, "write one line per id: `an-id: {kind: checklist, page: a/page/}`")
    if data is None:
        return ledger
    today = today or build_date()
    for key, fields in data.items():
        line = data.lines.get(key, 1)
        where = f"{path}:{line}"
        item_id = str(key)
        problems = _entry_problems(item_id, fields, where, today)
        ledger.problems += problems
        if problems and not (isinstance(fields, dict) and fields.get("kind") in KINDS):
            continue
        text_fp = fields.get("text") if isinstance(fields.get("text"), dict) else {}
        ledger.entries[item_id] = Entry(
            item_id, fields["kind"], str(fields.get("page") or ""), line,
            yamlfile.day(fields.get("retired")), str(fields.get("reason") or "").strip(),
            str(fields.get("successor") or "").strip(), yamlfile.day(fields.get("added")),
            {str(k): str(v) for k, v in text_fp.items()},
            fields.get("notes") if isinstance(fields.get("notes"), int) else 0,
        )
    return ledger


def _entry_problems(item_id: str, fields, where: str, today: str) -> list[str]:
    if not ID_RE.match(item_id):
        return [f'{where}: "{item_id}" is not a valid item id: lowercase letters a-z, digits and single hyphens']
    if not isinstance(fields, dict):
        return [f"{where}: {item_id}: write {{kind: checklist|question, page: a/page/}} after the id"]
    problems = []
    unknown = sorted(str(k) for k in set(fields) - set(FIELDS))
    if unknown:
        problems.append(
            f"{where}: {item_id}: unknown field(s) {', '.join(unknown)} (a ledger line has "
            f"{', '.join(FIELDS)})"
        )
    if fields.get("kind") not in KINDS:
        problems.append(f'{where}: {item_id}: kind must be checklist or question, not "{fields.get("kind")}"')
    page = fields.get("page")
    if not isinstance(page, str) or not PAGE_RE.match(page):
        problems.append(f"{where}: {item_id}: page must be the address of a page, e.g. rekruttering/sjekkliste/")
    for name in ("added", "retired"):
        value = fields.get(name)
        if value is not None and not yamlfile.day(value):
            problems.append(f'{where}: {item_id}: {name}: "{value}" is not a date: write YYYY-MM-DD')
    notes = fields.get("notes")
    if notes is not None and not (isinstance(notes, int) and not isinstance(notes, bool) and notes >= 0):
        problems.append(f"{where}: {item_id}: notes is written by `make publish`: delete it and publish again")
    text = fields.get("text")
    if text is not None and not (isinstance(text, dict) and all(
            isinstance(v, str) and FINGERPRINT_RE.match(v) for v in text.values())):
        problems.append(f"{where}: {item_id}: text is written by `make publish`: delete it and publish again")
    retired = yamlfile.day(fields.get("retired"))
    if retired and retired > today:
        problems.append(
            f"{where}: {item_id}: retired: {retired} is after the date of this build ({today}): "
            "an id is retired on the day it leaves the pages, not before"
        )
    if fields.get("retired") is None and (fields.get("reason") or fields.get("successor")):
        problems.append(f"{where}: {item_id}: reason and successor belong to a retired id: add retired: YYYY-MM-DD")
    if retired and not str(fields.get("reason") or "").strip():
        problems.append(f'{where}: {item_id}: a retired id needs a reason: add reason: "why it was retired"')
    successor = fields.get("successor")
    if successor is not None and not (isinstance(successor, str) and ID_RE.match(successor)):
        problems.append(f'{where}: {item_id}: successor "{successor}" is not an item id')
    if successor == item_id:
        problems.append(f"{where}: {item_id}: an id cannot be its own successor")
    return problems


def build_date() -> str:
    """The date of this build: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    return datetime.date.today().isoformat()


# ----------------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------------


def check(ledger: Ledger, items: dict[str, list]) -> list[str]:
    """`items` maps each live id to its items (all languages). One message per broken promise."""
    errors = list(ledger.problems)
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
                errors += _successor_problems(ledger, entry, items)
            continue
        if not found:
            errors.append(
                f'{where}: item "{entry.id}" was published on {entry.page} and is gone from the '
                f"pages: put it back, or retire it here ({RETIRE_EXAMPLE})"
            )
        for item in found:
            if item.kind != entry.kind:
                errors.append(
                    f'{item.src}:{item.line}: item "{entry.id}" was published as a {entry.kind} '
                    f"({where}): an item of another kind needs a new id"
                )
    return errors


def _successor_problems(ledger: Ledger, entry: Entry, items: dict[str, list]) -> list[str]:
    """A successor chain must end in a live item of the retired id's kind."""
    where = ledger.where(entry.id)
    chain, current = [entry.id], entry.successor
    while current in ledger.entries and ledger.entries[current].retired:
        if current in chain:
            return [f'{where}: the successors of "{entry.id}" go round in a loop '
                    f"({' -> '.join(chain + [current])}): end the chain at a live item"]
        chain.append(current)
        nxt = ledger.entries[current].successor
        if not nxt:
            return [f'{where}: the successor of "{entry.id}" ("{entry.successor}") was retired '
                    f"itself without a successor ({ledger.where(current)}): name a live item, "
                    "or leave successor out"]
        current = nxt
    if current not in items:
        if entry.successor != current:
            return [f'{where}: the successors of "{entry.id}" end in "{current}", which is not an '
                    "item on the pages: name a live id, or leave successor out"]
        return [f'{where}: the successor of "{entry.id}" ("{entry.successor}") is not an item on '
                "the pages: name a live id, or leave successor out"]
    kind = items[current][0].kind
    if kind != entry.kind:
        return [f'{where}: "{entry.id}" was a {entry.kind}, but its successor "{current}" is a '
                f"{kind}: ticks and answers cannot carry over to another kind; name a {entry.kind}, "
                "or leave successor out"]
    return []


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


def retired_by_page(ledger: Ledger | None) -> dict[str, list[Entry]]:
    """Page address -> the retired entries that stood on it (one pass, not one per page)."""
    result: dict[str, list[Entry]] = {}
    if ledger is None:
        return result
    for entry in ledger.entries.values():
        if entry.retired:
            result.setdefault(entry.page, []).append(entry)
    return result


def unpublished(ledger: Ledger | None, live_ids) -> list[str]:
    """Live ids that `make publish` has not recorded yet (they may still be renamed freely)."""
    if ledger is None:
        return []
    return sorted(i for i in live_ids if i not in ledger.entries)


# ----------------------------------------------------------------------------
# Recording a publication (tools/publish.py)
# ----------------------------------------------------------------------------


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of an item's text as a reader sees it."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


@dataclass
class Recorded:
    text: str  # the new ledger file
    added: list[str]  # ids recorded for the first time
    reworded: list[str]  # ids whose text fingerprint changed
    moved: list[str]  # ids that now stand on another page


def record(ledger: Ledger, live: dict[str, dict], date: str, notes: dict[str, int] | None = None) -> Recorded:
    """The ledger after publishing `live` (id -> {"kind", "page", "text": {language: text}}) on
    `date`: new ids added, every live id's page, text fingerprints and count of change notes
    (`notes`: id -> how many notes name it) brought up to date, retired ids kept as they are.
    The ledger must be free of problems (the build checked)."""
    notes = notes or {}
    entries = {i: Entry(**vars(e)) for i, e in ledger.entries.items()}
    added, reworded, moved = [], [], []
    for item_id, item in live.items():
        texts = {lang: fingerprint(t) for lang, t in sorted(item["text"].items())}
        entry = entries.get(item_id)
        if entry is None:
            entries[item_id] = Entry(item_id, item["kind"], item["page"], 0, added=date, text=texts,
                                     notes=notes.get(item_id, 0))
            added.append(item_id)
            continue
        if entry.text and entry.text != texts:
            reworded.append(item_id)
        if entry.page != item["page"]:
            moved.append(item_id)
        entry.page, entry.text, entry.notes = item["page"], texts, notes.get(item_id, 0)
        entry.added = entry.added or date
    return Recorded(dump(entries), sorted(added), sorted(reworded), sorted(moved))


def dump(entries: dict[str, Entry]) -> str:
    lines = [HEADER]
    for entry in sorted(entries.values(), key=lambda e: e.id):
        fields = {"kind": entry.kind, "page": entry.page}
        if entry.added:
            fields["added"] = entry.added
        if entry.text:
            fields["text"] = "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in entry.text.items()) + "}"
        if entry.notes:
            fields["notes"] = str(entry.notes)
        if entry.retired:
            fields.update(retired=entry.retired, reason=entry.reason)
            if entry.successor:
                fields["successor"] = entry.successor
        body = ", ".join(f"{k}: {v if k in ('text', 'notes') else _scalar(v)}" for k, v in fields.items())
        lines.append(f"{entry.id}: {{{body}}}\n")
    return "".join(lines)


def write_atomic(abs_path: str, text: str) -> None:
    """Replace a file in one step: a temporary file beside it, then a rename (never half-written)."""
    folder = os.path.dirname(abs_path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.basename(abs_path), dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, abs_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _scalar(value: str) -> str:
    if re.fullmatch(r"[a-z0-9][a-z0-9/._-]*", value) and not re.fullmatch(
            r"[\d.]+|0b[01_]+|true|false|null|yes|no|on|off|y|n|~", value):
        return value
    if DATE_RE.match(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
