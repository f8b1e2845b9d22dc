"""Sensitive questions: the ids listed under `extra.items.sensitive` in mkdocs.yml (used by hooks/items.py).

Some interview questions touch on health (substance use, relapse, mental health). They stay in
the question banks, but a tool that reuses them (the interview-sheet builder) warns the reader.
Which questions they are is data, not code: editors list their ids in mkdocs.yml,

    extra:
      items:
        sensitive: [int2-tilbakefall, int2-forhold-til-rus]

and `items.json` marks each of them `"sensitive": true`. This module guarantees that every listed
id is a question of the handbook: an id that is no item, or a checklist item, stops the build with
`mkdocs.yml:LINE: …` (LINE is that of the id in the list). No MkDocs needed: plain functions.
"""

from __future__ import annotations

import os
import re

KEY = "extra.items.sensitive"


def read(extra: dict, kinds: dict[str, str], config_path: str | None) -> tuple[set[str], list[str]]:
    """The ids under extra.items.sensitive, and one `mkdocs.yml:LINE: …` message per problem.

    `kinds` maps every item id of the handbook to its kind ("question", "checklist").
    """
    value = (extra.get("items") or {}).get("sensitive")
    if value is None:
        return set(), []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        where = f"{_name(config_path)}:{line_of('sensitive', config_path)}"
        return set(), [f"{where}: {KEY} must be a list of question ids, e.g. "
                       "`sensitive: [int2-tilbakefall, int1-negative-tanker]`"]
    ids = [v.strip() for v in value]
    return set(ids), problems(ids, kinds, config_path)


def problems(ids: list[str], kinds: dict[str, str], config_path: str | None) -> list[str]:
    """One message per listed id that is not a question: `mkdocs.yml:LINE: …`."""
    out = []
    for id_ in ids:
        kind = kinds.get(id_)
        if kind == "question":
            continue
        where = f"{_name(config_path)}:{line_of(id_, config_path)}"
        if kind is None:
            out.append(f'{where}: {KEY} lists "{id_}", which is no item of the handbook: '
                       "write the id of a question as it stands in its braces on the page")
        else:
            out.append(f'{where}: {KEY} lists "{id_}", a {kind} item: only questions can be sensitive')
    return out


def line_of(id_: str, config_path: str | None) -> int:
    """The line of `id_` in the `sensitive:` list of mkdocs.yml (the list's own line when the id
    is not found, 1 when the file cannot be read)."""
    if not config_path:
        return 1
    try:
        with open(config_path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError:
        return 1
    start = next((n for n, l in enumerate(lines) if re.match(r"\s*sensitive\s*:", l)), None)
    if start is None:
        return 1
    word = re.compile(rf"(?<![\w-]){re.escape(id_)}(?![\w-])")
    for n in range(start, len(lines)):
        if n > start and re.match(r"\s*[\w-]+\s*:", lines[n]):  # the next key: the list has ended
            break
        if word.search(lines[n]):
            return n + 1
    return start + 1


def _name(config_path: str | None) -> str:
    return os.path.basename(config_path) if config_path else "mkdocs.yml"
