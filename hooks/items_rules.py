"""The rules over all items of all languages, once every page is built (used by hooks/items.py).

Each rule returns one message per occurrence, `docs/…md:LINE: …`, naming the other places.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from rapidfuzz import fuzz, process

from items_sources import Provenance

NOT_WORD_RE = re.compile(r"[\W_]+")

# Two items whose normalised texts are this alike (rapidfuzz's ratio, 0-100) read as the same
# item: an item pasted and one word changed scores 88-97. Calibrated on the handbook's 417 items
# (November 2026): at 88, two pairs in bokmål and English that are different on purpose, and one
# real duplicate; below 85, pairs of distinct short questions ("… hos en leder?" / "… hos en god
# kollega?") start to score alike. Questions asked again in quite other words score 50-75, like
# unrelated items: no string measure finds them, reviewers must.
NEAR_DUPLICATE = 88
# fuzz.ratio is 2·matches/(len a + len b) ≤ 2·short/(short + long): below this share it cannot reach 88.
LENGTH_RATIO = NEAR_DUPLICATE / (200 - NEAR_DUPLICATE)


@dataclass
class Item:
    id: str
    kind: str
    text: str
    url: str
    section: str
    provenance: Provenance
    src: str  # docs/nb/x.md
    line: int


# ----------------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------------


def same_id(items: list[Item]) -> list[str]:
    return [
        f'{item.src}:{item.line}: id "{item.id}" is used more than once: also at '
        + ", ".join(f"{o.src}:{o.line}" for o in group if o is not item)
        for group in _groups(items, key=lambda i: i.id) if len(group) > 1
        for item in group
    ]


def same_text(items: list[Item]) -> list[str]:
    return [
        f'{item.src}:{item.line}: item "{item.id}" has the same text as '
        + ", ".join(f'"{o.id}" at {o.src}:{o.line}' for o in group if o.id != item.id)
        + ": merge them into one item"
        for group in _groups(items, key=lambda i: normalise(i.text))
        if len({i.id for i in group}) > 1
        for item in group
    ]


def near_duplicates(items: list[Item], distinct: set[frozenset[str]], mark: str) -> list[str]:
    """Items that read almost alike, unless the pair is marked as different on purpose.

    Two texts can only be NEAR_DUPLICATE % alike if the shorter is at least LENGTH_RATIO of the
    longer, so each text is compared with the longer ones inside that window only (sorted by
    length): a tenth of the pairs, which keeps ten times the content near ten times the time."""
    texts = [normalise(i.text) for i in items]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    lengths = [len(texts[i]) for i in order]
    errors = []
    for rank, a in enumerate(order):
        stop = bisect.bisect_right(lengths, lengths[rank] / LENGTH_RATIO)
        window = [texts[b] for b in order[rank + 1:stop]]
        for _, score, k in process.extract(texts[a], window, scorer=fuzz.ratio,
                                           score_cutoff=NEAR_DUPLICATE, limit=None):
            b = order[rank + 1 + k]
            one, other = items[a], items[b]
            if one.id == other.id or texts[b] == texts[a]:  # same id / same text: other rules
                continue
            if frozenset((one.id, other.id)) in distinct:
                continue
            pair = f"[{min(one.id, other.id)}, {max(one.id, other.id)}]"
            for x, y in ((one, other), (other, one)):
                errors.append(
                    f'{x.src}:{x.line}: item "{x.id}" reads almost like "{y.id}" at {y.src}:{y.line} '
                    f"({score:.0f} % alike): merge them into one item, or if they are different on "
                    f"purpose, add {pair} to {mark}"
                )
    return errors


def no_provenance(items: list[Item]) -> list[str]:
    return [
        f'{item.src}:{item.line}: item "{item.id}" does not say where it comes from: add '
        'sources="001 §7" in its braces, a <!-- sources: … --> line above its list, or sources: '
        'in the front matter ("proposal" if the handbook proposes it)'
        for item in items if not item.provenance
    ]


def twins(by_language: dict[str, list[Item]]) -> list[str]:
    """Every id stands in every language, on the page with the same path, as the same kind,
    with the same sources."""
    errors = []
    index = {code: {i.id: i for i in items} for code, items in by_language.items()}
    for code, items in index.items():
        for other_code, other_items in index.items():
            if other_code == code:
                continue
            for item_id, item in items.items():
                twin = other_items.get(item_id)
                if twin is None:
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" has no twin in '
                        f"'{other_code}': add it with the same id to the {other_code} page"
                    )
                elif twin.url != item.url:
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" stands on {twin.src}:{twin.line} '
                        f"in '{other_code}': move it to the page with the same path"
                    )
                elif twin.kind != item.kind:
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" is a {item.kind} here but a '
                        f"{twin.kind} at {twin.src}:{twin.line}"
                    )
                elif twin.provenance != item.provenance and not (item.provenance.broken or twin.provenance.broken):
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" has sources '
                        f'"{item.provenance.describe()}" here but "{twin.provenance.describe()}" '
                        f"at {twin.src}:{twin.line}: give both twins the same sources"
                    )
    return errors


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Compare texts ignoring case, spacing, punctuation and symbols (« » – …)."""
    return " ".join(NOT_WORD_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def location_key(message: str) -> tuple[str, int]:
    path, _, rest = message.partition(":")
    number = rest.partition(":")[0]
    return (path, int(number) if number.isdigit() else 0)


def _groups(items: list[Item], key: Callable[[Item], str]) -> list[list[Item]]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.values())
