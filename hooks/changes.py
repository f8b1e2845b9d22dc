"""Change notes: what changed in the handbook, when, and whether readers are told (plain functions).

A sibling module of the hooks (used by hooks/items.py, hooks/history.py and tools/publish.py); it
does not need MkDocs. Editors record changes in one file, `extra.changes` in mkdocs.yml
(`includes/changes.yml`), a YAML list with one note per change:

    - date: 2026-12-10
      change: major            # major: readers are told; minor: a fix that keeps the meaning
      items: [int1-hvorfor-soke]          # the items whose text the note covers (optional)
      pages: [rekruttering/intervju-1.md] # pages (or page.md#section) changed without an item
      nb: Spørsmålet om motivasjon spør nå også om …
      en: The question on motivation now also asks …

This module guarantees that

- a notes file is valid before anything uses it: an unknown key, a date that is no date, a
  `change` other than major or minor, a missing text in a language, a note that names neither
  items nor pages, an item id that is neither on the pages nor in the ledger, or a page that is
  neither a page nor a published address is refused as `includes/changes.yml:LINE: …`;
- a new wording needs a new note: a live item whose published text fingerprint (ledger `text`)
  differs from today's in any language needs more notes naming it than the ledger counted when
  it was last published (`notes`); otherwise `reworded()` names the item's `docs/…md:LINE` and
  gives a note to paste. Counting, not dates: no result depends on the day of the build;
- every change gets a stable key (`Event.key`): the same note, item or page gives the same key in
  every build and language, so a reader's browser can tell what it has seen;
- `events()` is the handbook's history, newest first: the notes, plus what the ledgers record by
  themselves (items added after the first publication, retired items, new pages, and the first
  publication itself), each with the pages it touches.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import items_ledger
import yamlfile
from page_ledger import address as page_url

MAJOR, MINOR = "major", "minor"
KEYS = ("date", "change", "items", "pages")
EXAMPLE_PAGE = "rekruttering/intervju-1.md"


@dataclass
class Note:
    line: int
    date: str
    change: str  # major | minor
    items: list[str]
    pages: list[str]  # as written: a/b.md or a/b.md#anchor
    text: dict[str, str]  # language -> the note
    key: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # key -> line, for messages


@dataclass
class Notes:
    path: str  # as written in mkdocs.yml, for messages
    notes: list[Note] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def naming(self, item_id: str) -> list[Note]:
        return [n for n in self.notes if item_id in n.items]


# ----------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------


def path_of(config) -> str | None:
    """The notes file as written in mkdocs.yml (`extra.changes`), or None."""
    value = config.extra.get("changes")
    return value if isinstance(value, str) and value else None


def load(config, languages: list[str]) -> Notes | None:
    """The notes file named in mkdocs.yml, or None when the site keeps none."""
    path = path_of(config)
    if path is None:
        return None
    return load_file(os.path.join(os.path.dirname(config.config_file_path), path), path, languages)


def load_file(abs_path: str, path: str, languages: list[str]) -> Notes:
    """A missing file holds no notes."""
    if not os.path.exists(abs_path):
        return Notes(path)
    with open(abs_path, encoding="utf-8-sig") as f:
        return parse(f.read(), path, languages)


def parse(text: str, path: str, languages: list[str]) -> Notes:
    notes = Notes(path)
    data, notes.problems[:] = yamlfile.load_document(
        text, path, list, 'write the change notes as a list, each note starting with "- date: YYYY-MM-DD" '
        '(see CONTRIBUTING.md, "Change notes")')
    if data is None:
        return notes
    starts = _list_item_lines(text)
    for number, entry in enumerate(data):
        line = starts[number] if number < len(starts) else 1
        if isinstance(entry, dict) and entry.lines:
            line = min(entry.lines.values())
        note, problems = _note(entry, line, path, languages)
        notes.problems += problems
        if note is not None and not problems:
            notes.notes.append(note)
    return notes


def _note(entry, line: int, path: str, languages: list[str]) -> tuple[Note | None, list[str]]:
    where = f"{path}:{line}"
    if not isinstance(entry, dict):
        return None, [f"{where}: a change note is a group of lines `key: value` "
                      f"({', '.join(KEYS + tuple(languages))}), the first one after the dash"]
    lines = dict(entry.lines)

    def at(key: str) -> str:
        return f"{path}:{lines.get(key, line)}"

    problems = []
    for key in entry:
        if key not in KEYS and key not in languages:
            problems.append(f'{at(key)}: unknown key "{key}" in a change note (a note has '
                            f"{', '.join(KEYS + tuple(languages))})")
    date = yamlfile.day(entry.get("date"))
    if "date" not in entry:
        problems.append(f"{where}: the note has no date: add date: YYYY-MM-DD (the day the change was made)")
    elif not date:
        problems.append(f'{at("date")}: date: "{entry.get("date")}" is not a date: write YYYY-MM-DD')
    change = entry.get("change")
    if change not in (MAJOR, MINOR):
        problems.append(
            f"{at('change') if 'change' in entry else where}: change must be major (readers are told) "
            f'or minor (a spelling or wording fix that keeps the meaning), not "{change if change is not None else ""}"'
        )
    items, item_problem = _names(entry.get("items"), "items", "item ids", "[int1-hvorfor-soke]")
    pages, page_problem = _names(entry.get("pages"), "pages", "page paths", f"[{EXAMPLE_PAGE}]")
    problems += [f"{at('items')}: {p}" for p in item_problem] + [f"{at('pages')}: {p}" for p in page_problem]
    if not items and not pages and not item_problem and not page_problem:
        problems.append(f"{where}: the note names neither items nor pages: add items: [the-item-id] "
                        f"or pages: [{EXAMPLE_PAGE}]")
    text = {}
    for language in languages:
        value = entry.get(language)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{at(language) if language in entry else where}: the note has no {language} "
                            f"text: add {language}: what changed, in one sentence")
        else:
            text[language] = " ".join(value.split())
    note = Note(line, date, str(change), items, pages, text, lines=lines)
    note.key = note_key(note)
    return note, problems


def _names(value, key: str, what: str, example: str) -> tuple[list[str], list[str]]:
    """A list of names (one name alone is a list of one); a problem when it is something else."""
    if value is None:
        return [], []
    if isinstance(value, str) and value.strip():
        return [value.strip()], []
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value], []
    return [], [f"{key} must be a list of {what}: {key}: {example}"]


def _list_item_lines(text: str) -> list[int]:
    """The line of each entry of a top-level block list ("- …" at the start of a line)."""
    return [n for n, l in enumerate(text.split("\n"), 1) if l.startswith("-") and (len(l) == 1 or l[1] in " \t")]


def note_key(note: Note) -> str:
    """Stable across builds and languages, and across edits of the note's wording."""
    scope = f"{note.date}|{','.join(sorted(note.items))}|{','.join(sorted(note.pages))}"
    return "note-" + hashlib.sha1(scope.encode("utf-8")).hexdigest()[:10]


# ----------------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------------


def check(notes: Notes, live: set[str], ledger, known_pages: set[str]) -> list[str]:
    """The notes' own problems, and every id or page a note names that the handbook does not know.
    `live`: ids on the pages; `ledger`: items_ledger.Ledger or None; `known_pages`: page files
    (a/b.md) that are pages now, were published, or are old addresses under `redirects:`."""
    errors = list(notes.problems)
    published = set(ledger.entries) if ledger is not None else set()
    ledger_path = ledger.path if ledger is not None else "the ledger"
    for note in notes.notes:
        for item_id in note.items:
            if item_id not in live and item_id not in published:
                errors.append(
                    f'{notes.path}:{note.lines.get("items", note.line)}: item "{item_id}" is neither on '
                    f"the pages nor in {ledger_path}: write the id from the braces at the end of the "
                    "item's line"
                )
        for page in note.pages:
            path = page.partition("#")[0]
            if path not in known_pages:
                errors.append(
                    f'{notes.path}:{note.lines.get("pages", note.line)}: page "{path}" is not a page of '
                    f"the handbook: write its path inside the language folder, e.g. {EXAMPLE_PAGE}"
                )
    return errors


def reworded(notes: Notes | None, ledger, items: dict[str, list]) -> list[str]:
    """A live item whose wording differs from the published one needs a new note naming it.
    `items`: language -> its items (items_rules.Item: id, text, src, line); each language's text
    is compared with the fingerprint the ledger keeps for that language (`text`)."""
    if ledger is None:
        return []
    path = notes.path if notes is not None else "a change notes file (extra.changes in mkdocs.yml)"
    errors = []
    for language, found in items.items():
        for item in found:
            entry = ledger.entries.get(item.id)
            if entry is None or entry.retired or language not in entry.text:
                continue
            if items_ledger.fingerprint(item.text) == entry.text[language]:
                continue
            if notes is not None and len(notes.naming(item.id)) > entry.notes:
                continue
            errors.append(
                f'{item.src}:{item.line}: the wording of item "{item.id}" differs from the published '
                f"one ({ledger.where(item.id)}): record the change in {path}: "
                f'- {{date: YYYY-MM-DD, change: major, items: [{item.id}], nb: "Hva er endret.", '
                f'en: "What changed."}} (change: minor for a spelling fix that keeps the meaning; '
                "a change of meaning needs a new id: retire this one)"
            )
    return errors


def counts(notes: Notes | None) -> dict[str, int]:
    """id -> how many notes name it (tools/publish.py records it in the ledger)."""
    result: dict[str, int] = {}
    for note in notes.notes if notes is not None else ():
        for item_id in dict.fromkeys(note.items):
            result[item_id] = result.get(item_id, 0) + 1
    return result


def changed(notes: Notes | None) -> dict[str, str]:
    """id -> the date of the newest major note naming it."""
    result: dict[str, str] = {}
    for note in notes.notes if notes is not None else ():
        if note.change == MAJOR:
            for item_id in note.items:
                result[item_id] = max(result.get(item_id, ""), note.date)
    return result


def item_dates(item_id: str, ledger, changed_on: dict[str, str]) -> dict[str, str | None]:
    """`added` and `changed` of an item for items.json (null when not yet published / changed)."""
    entry = ledger.entries.get(item_id) if ledger is not None else None
    return {"added": (entry.added or None) if entry else None, "changed": changed_on.get(item_id)}


# ----------------------------------------------------------------------------
# The history
# ----------------------------------------------------------------------------


@dataclass
class Event:
    date: str
    kind: str  # "note", "added", "retired", "page", "published"
    key: str  # stable, for "changed since your last visit" and feed entry ids
    major: bool  # shown to readers as a change
    pages: list[str]  # every page address it touches (a/b/), in order
    items: list[str] = field(default_factory=list)  # item ids it names
    sections: list[tuple[str, str]] = field(default_factory=list)  # (page address, anchor or "")
    text: dict[str, str] = field(default_factory=dict)  # a note's words per language
    successors: dict[str, str] = field(default_factory=dict)  # retired id -> its live successor
    count: int = 0  # the first publication: how many items


_ORDER = {"note": 0, "page": 1, "added": 2, "retired": 3, "published": 4}


def first_publication(ledger) -> str:
    """The day of the first publication: the ledger's earliest `added` ("" without one)."""
    days = [e.added for e in ledger.entries.values() if e.added] if ledger is not None else []
    return min(days) if days else ""


def events(notes: Notes | None, ledger, item_pages: dict[str, str], redirects: dict[str, str],
           pages_added: dict[str, str] | None = None) -> list[Event]:
    """The handbook's history, newest first. `item_pages`: live id -> page address; `redirects`:
    old page file -> new page file (#anchor); `pages_added`: page file -> day first published."""
    result: list[Event] = []
    for note in notes.notes if notes is not None else ():
        event = Event(note.date, "note", note.key, note.change == MAJOR, [], list(note.items),
                      text=dict(note.text))
        for item_id in note.items:
            page = item_pages.get(item_id) or _ledger_page(ledger, item_id)
            if page is not None:
                _add(event.pages, page)
        for written in note.pages:
            path, _, anchor = written.partition("#")
            target = str(redirects.get(path) or path)
            target_path, _, target_anchor = target.partition("#")
            url = page_url(target_path)
            event.sections.append((url, anchor or target_anchor))
            _add(event.pages, url)
        result.append(event)
    first = first_publication(ledger)
    if ledger is not None and first:
        at_first = [e for e in ledger.entries.values() if e.added == first]
        result.append(Event(first, "published", "published", True, [], count=len(at_first)))
        for entry in ledger.entries.values():
            page = item_pages.get(entry.id) or entry.page
            if entry.added and entry.added > first:
                result.append(Event(entry.added, "added", f"added-{entry.id}", True, [page], [entry.id]))
            if entry.retired:
                successor = items_ledger.successor(ledger, entry.id)
                result.append(Event(entry.retired, "retired", f"retired-{entry.id}", True, [entry.page],
                                    [entry.id], successors={entry.id: successor} if successor else {}))
    if pages_added:
        first_page = min(pages_added.values())
        for path, day in pages_added.items():
            if day > first_page:
                result.append(Event(day, "page", f"page-{page_url(path).strip('/') or 'index'}", True,
                                    [page_url(path)]))
    result.sort(key=lambda e: (_desc(e.date), _ORDER[e.kind], e.key))
    return result


def _ledger_page(ledger, item_id: str) -> str | None:
    entry = ledger.entries.get(item_id) if ledger is not None else None
    return entry.page if entry else None


def _add(pages: list[str], page: str) -> None:
    if page not in pages:
        pages.append(page)


def _desc(date: str) -> tuple[int, ...]:
    return tuple(-int(p) for p in date.split("-")) if date else (0,)


def on_page(history: list[Event], page: str) -> list[Event]:
    """The events that touch one page (its address, a/b/), newest first."""
    return [e for e in history if page in e.pages]


def last_major(history: list[Event], page: str) -> str:
    """The date of the newest major change note on a page ("" without one)."""
    return next((e.date for e in history if e.kind == "note" and e.major and page in e.pages), "")
