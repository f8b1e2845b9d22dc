"""The storage registry (includes/storage.yml): reading it, holding the scripts' writes against
it, and showing it to readers.

A sibling module of hooks/storage.py (not a hook; no MkDocs needed). Each entry is a name a
script stores (`ekh.tick.<id>`, `<…>` a part that varies), the kind of storage, and what it holds,
why and how long in every language (`what`, `holds`, `why`, `kept`); `dormant: true` marks a name
the theme's code could store for a feature the handbook does not use. This module guarantees that
a registry with a mistake is refused naming its line (`YamlProblem`), and that `check()` says, one
message per place, every write no entry covers (or covers under another kind of storage) and
every entry no write uses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import storage_scan
import yamlfile

NAME_RE = re.compile(r"^(?:[A-Za-z0-9_.\-]|<[a-z-]+>)+$")
STORAGES = {v: k for k, v in storage_scan.KINDS.items()}  # "localStorage" -> "local"
FIELDS = ("what", "holds", "why", "kept")
TEXT = {
    "nb": {"name": "Navn", "storage": "Lagres i", "holds": "Hva", "why": "Hvorfor", "kept": "Hvor lenge",
           "dormant": "Temaet håndboka er laget med (Material for MkDocs) har også kode som kan lagre "
                      "disse navnene, men bare for funksjoner håndboka ikke bruker. De blir derfor aldri "
                      "lagret her:"},
    "en": {"name": "Name", "storage": "Stored in", "holds": "What", "why": "Why", "kept": "How long",
           "dormant": "The theme the handbook is built with (Material for MkDocs) also has code that "
                      "could store these names, but only for features the handbook does not use. So "
                      "they are never stored here:"},
}


@dataclass
class Entry:
    """One name (or kind of name) the handbook stores, with its line in the registry."""

    name: str
    storage: str  # "local", "session", "cache", "indexeddb"
    line: int
    dormant: bool
    texts: dict  # language -> {what, holds, why, kept}

    @property
    def regex(self) -> re.Pattern:
        parts = re.split(r"<[a-z-]+>", self.name)
        return re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$", re.S)

    def js_pattern(self) -> str:
        parts = re.split(r"<[a-z-]+>", self.name)
        return "^" + ".+".join(re.sub(r"[.*+?^${}()|[\]\\/-]", lambda m: "\\" + m.group(), p) for p in parts) + "$"


def load(text: str, path: str, languages: list[str]) -> list[Entry]:
    """The entries of a registry file; raises YamlProblem naming the line of the first mistake."""
    data = yamlfile.load(text, path)
    if data is None:
        return []
    if not isinstance(data, yamlfile.Mapping):
        raise yamlfile.YamlProblem(path, 1, "write one entry per name: `ekh.x.y:` and under it storage:, nb: and en:")
    entries = []
    for name, body in data.items():
        line = data.line(name, 1)
        name = str(name)
        if not NAME_RE.match(name):
            raise yamlfile.YamlProblem(path, line, (
                f'"{name}" is not a name a script stores: letters, digits, ".", "-", "_", and <word> '
                "for a part that varies (ekh.tick.<id>)"))
        if not isinstance(body, yamlfile.Mapping):
            raise yamlfile.YamlProblem(path, line, f'"{name}" needs storage:, nb: and en: under it')
        unknown = [k for k in body if k not in ("storage", "dormant", *languages)]
        if unknown:
            raise yamlfile.YamlProblem(path, body.line(unknown[0], line), (
                f'"{unknown[0]}" is not a field of an entry: write storage:, dormant: (for a theme\'s '
                f"unused name) and one block per language ({', '.join(languages)})"))
        storage = body.get("storage")
        if storage not in STORAGES:
            raise yamlfile.YamlProblem(path, body.line("storage", line), (
                f'"{name}": storage: must be one of {", ".join(STORAGES)} (found {storage!r})'))
        dormant = body.get("dormant", False)
        if not isinstance(dormant, bool):
            raise yamlfile.YamlProblem(path, body.line("dormant", line), f'"{name}": dormant: is true or false')
        required = ("what", "why") if dormant else FIELDS
        texts = {}
        for language in languages:
            block = body.get(language)
            if not isinstance(block, yamlfile.Mapping):
                raise yamlfile.YamlProblem(path, body.line(language, line), (
                    f'"{name}" has no {language}: block: write {", ".join(required)} in {language} under it'))
            for key in block:
                if key not in FIELDS:
                    raise yamlfile.YamlProblem(path, block.line(key, line), (
                        f'"{key}" is not a text of an entry: write {", ".join(FIELDS)}'))
            missing = [k for k in required if not str(block.get(k) or "").strip()]
            if missing:
                raise yamlfile.YamlProblem(path, body.line(language, line), (
                    f'"{name}" ({language}) says nothing under {", ".join(missing)}: '
                    "the privacy page shows it to readers"))
            texts[language] = {k: " ".join(str(block.get(k) or "").split()) for k in FIELDS}
        entries.append(Entry(name, STORAGES[storage], line, dormant, texts))
    return entries


def check(writes: list[storage_scan.Write], entries: list[Entry], path: str) -> list[str]:
    """Each write against the registry, and each entry against the writes."""
    problems = []
    used: set[int] = set()
    for write in writes:
        probe = (write.name or "").replace("*", "\x00")
        matches = [e for e in entries if e.regex.match(probe)]
        same = [e for e in matches if e.storage == write.kind]
        if same:
            used.add(id(same[0]))
        elif matches:
            entry = matches[0]
            used.add(id(entry))
            problems.append(
                f'{write.path}:{write.line}: stores "{write.name}" in {storage_scan.KINDS[write.kind]} '
                f"({write.code}), but {path}:{entry.line} lists it under "
                f"{storage_scan.KINDS[entry.storage]}: make them the same"
            )
        else:
            problems.append(
                f'{write.path}:{write.line}: stores "{write.name}" in {storage_scan.KINDS[write.kind]} '
                f"({write.code}), but {path} does not list it: add it there (what it holds, why and "
                "how long, in every language), so the privacy page names it and «Slett alt» finds it"
            )
    for entry in entries:
        if id(entry) not in used:
            problems.append(
                f'{path}:{entry.line}: no script stores "{entry.name}" in '
                f"{storage_scan.KINDS[entry.storage]}: remove the entry, so the privacy page lists "
                "only what is stored"
            )
    return problems


def markdown(entries: list[Entry], language: str) -> str:
    t = TEXT.get(language, TEXT["en"])
    parts = []
    for entry in (e for e in entries if not e.dormant):
        text = entry.texts[language]
        parts.append(
            f"### {text['what']}\n\n"
            f"- **{t['name']}:** `{entry.name}`\n"
            f"- **{t['storage']}:** {storage_scan.KINDS[entry.storage]}\n"
            f"- **{t['holds']}:** {_escape(text['holds'])}\n"
            f"- **{t['why']}:** {_escape(text['why'])}\n"
            f"- **{t['kept']}:** {_escape(text['kept'])}\n"
        )
    dormant = [e for e in entries if e.dormant]
    if dormant:
        parts.append(t["dormant"] + "\n\n" + "".join(
            f"- `{e.name}` ({storage_scan.KINDS[e.storage]}): {_escape(e.texts[language]['why'])}\n"
            for e in dormant
        ))
    return "\n".join(parts)


def as_json(entries: list[Entry], language: str) -> str:
    data = [
        {"name": e.name, "pattern": e.js_pattern(), "storage": e.storage,
         "what": e.texts[language]["what"], "dormant": e.dormant}
        for e in entries
    ]
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _escape(text: str) -> str:
    """Registry text as Markdown that shows it as written: <…> and * are not markup."""
    return text.replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_")
