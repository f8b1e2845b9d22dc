"""Places in the source documents: the forms a reference may take, and the places each source has.

Used by hooks/items_sources.py. A reference is a source key and a place (`001 §11.4`). Each
source in the registry (includes/sources.yml) lists under `places:` the places that can be
cited, one line per form, read off the document's headings and table of contents:

    '002':
      places:
        kap.: 1-6              # chapters
        vedlegg: 1-13          # appendices
    '000':
      places:
        §: 1, 2, 2.1, 2.2, 3, 3.1-3.2, 4, 4.1-4.9

Numbers are separated by commas; `1-6` (or `1–6`) is every number from 1 to 6, `4.1-4.9` every
section from 4.1 to 4.9. Named parts (for a document without numbered sections) are a list:

      places:
        parts: [Innledning, Kort historikk]

This module guarantees that a reference names a place in one of the documented forms and that
the place exists in that source; a cited range (`spm. 16–21`) must lie inside it, low end first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    pattern: str  # how it is written before the number
    what: str  # for messages
    example: str  # a placeholder, never a real place


FORMS: dict[str, Form] = {
    "§": Form(r"§", "sections", "§SECTION"),
    "kap.": Form(r"kap\.", "chapters", "kap. CHAPTER"),
    "vedlegg": Form(r"vedlegg(?=\s)", "appendices", "vedlegg NUMBER"),
    "spm.": Form(r"spm\.", "questions", "spm. NUMBER"),
    "s.": Form(r"s\.", "pages", "s. PAGE"),
}
PARTS = "parts"  # named parts: the place is the part's name

NUMBER = r"\d+(?:\.\d+)*"
PLACE_RE = re.compile(
    r"^(?P<form>" + "|".join(f.pattern for f in FORMS.values()) + r")\s*"
    rf"(?P<first>{NUMBER})(?:\s*[-–]\s*(?P<last>{NUMBER}))?$",
    re.I,
)
RANGE_RE = re.compile(rf"^(?P<first>{NUMBER})(?:\s*[-–]\s*(?P<last>{NUMBER}))?$")
QUOTES = "«»\"“”'‘’"

Number = tuple[int, ...]


@dataclass
class Places:
    """What one source can be cited by."""

    numbers: dict[str, set[Number]] = field(default_factory=dict)  # form -> numbers
    parts: dict[str, str] = field(default_factory=dict)  # folded name -> name as listed
    where: str = ""  # includes/sources.yml:LINE of `places:`

    def hint(self) -> str:
        """How this source is cited, e.g. "§SECTION" or "spm. NUMBER or a part's name (…)"."""
        ways = [FORMS[f].example for f in FORMS if f in self.numbers]
        if self.parts:
            names = list(self.parts.values())
            shown = ", ".join(names[:4]) + (f" … {len(names)} in all" if len(names) > 4 else "")
            ways.append(f"a part's name ({shown})")
        return " or ".join(ways) or "nothing yet"


# ----------------------------------------------------------------------------
# Reading the registry's lists
# ----------------------------------------------------------------------------


def read(value, where: str) -> tuple[Places, list[str]]:
    """A source's `places:` mapping; problems as plain words (the caller adds file:line)."""
    places = Places(where=where)
    if not isinstance(value, dict) or not value:
        return places, ['places: list the places that can be cited, one form a line, e.g. "§: 1, 2, 2.1-2.4"']
    problems = []
    for form, listed in value.items():
        form = str(form)
        if form == PARTS:
            names = listed if isinstance(listed, list) else None
            if not names or not all(isinstance(n, str) and _fold(n) for n in names):
                problems.append(f"places: {PARTS}: write the names as a list, [Innledning, Kort historikk]")
                continue
            places.parts.update((_fold(n), n.strip()) for n in names)
            continue
        canonical = next((f for f in FORMS if f.casefold() == form.casefold()), None)
        if canonical is None:
            problems.append(f'places: "{form}" is not a form of place: the forms are '
                            + ", ".join(FORMS) + f" and {PARTS}")
            continue
        numbers: set[Number] = set()
        for token in str(listed if listed is not None else "").split(","):
            expanded = _expand(token.strip())
            if expanded is None:
                problems.append(f'places: {form} lists "{token.strip()}", which is not a number or a '
                                "range of numbers (1-6, 4.1-4.9)")
            else:
                numbers |= expanded
        places.numbers[canonical] = numbers
    return places, problems


def _expand(token: str) -> set[Number] | None:
    m = RANGE_RE.match(token)
    if not m:
        return None
    first = _number(m["first"])
    if not m["last"]:
        return {first}
    last = _number(m["last"])
    if len(first) != len(last) or first[:-1] != last[:-1] or first[-1] > last[-1]:
        return None
    return {first[:-1] + (n,) for n in range(first[-1], last[-1] + 1)}


# ----------------------------------------------------------------------------
# Checking a cited place
# ----------------------------------------------------------------------------


def check(key: str, place: str, places: Places, name: str) -> str | None:
    """What is wrong with citing `place` in source `key` (called `name`), or None."""
    cited = f'"{key} {place}"'
    listed = f"its places are listed at {places.where}"
    m = PLACE_RE.match(place)
    if m is None:
        if _fold(place) in places.parts:
            return None
        if "," in place:
            return f'{cited}: name one place in a reference, and separate references with ; ("KEY PLACE; KEY PLACE")'
        return f"{cited} is no place in {key} ({name}): cite it as {places.hint()}; {listed}"
    form = next(f for f in FORMS if f.casefold() == m["form"].casefold())
    if form not in places.numbers:
        return f"{cited}: {key} ({name}) has no {form}: cite it as {places.hint()}; {listed}"
    first, last = _number(m["first"]), _number(m["last"]) if m["last"] else None
    known = places.numbers[form]
    for number in (first, last):
        if number is not None and number not in known:
            shown = f"{form} {_text(number)}" if form != "§" else f"§{_text(number)}"
            span = f"{_text(min(known))} to {_text(max(known))}" if known else "none"
            return (f"{cited}: {key} ({name}) has no {shown}: its {FORMS[form].what} ({form}) go from "
                    f"{span}; {listed}")
    if last is not None and last <= first:
        return f"{cited}: write the range low end first, and two different numbers"
    return None


def _number(text: str) -> Number:
    return tuple(int(p) for p in text.split("."))


def _text(number: Number) -> str:
    return ".".join(map(str, number))


def _fold(name: str) -> str:
    return " ".join(name.strip().strip(QUOTES).casefold().split())
