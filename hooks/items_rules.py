"""The rules over all items of all languages, once every page is built (used by hooks/items.py).

Each rule returns one message per occurrence, `docs/…md:LINE: …`, naming the other places.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from items_sources import Provenance

NOT_WORD_RE = re.compile(r"[\W_]+")

# Two items whose normalised texts are this alike (rapidfuzz's ratio, 0-100) read as the same
# item: an item pasted and one word changed scores 88-97. Calibrated on the handbook's 417 items
# (November 2026): at 88, two pairs in bokmål and English that are different on purpose, and one
# real duplicate; below 85, pairs of distinct short questions ("… hos en leder?" / "… hos en god
# kollega?") start to score alike. Questions asked again in quite other words score 50-75, like
# unrelated items: no string measure finds them, reviewers must.
# The same threshold holds for the texts with their words sorted (rapidfuzz's token_sort_ratio),
# which catches a copy with its words reordered (100 when no word changed). Calibrated on the
# 410 items per language of December 2026: the highest pairs that are not marked distinct score
# 85 in bokmål ("Hvordan kan ensomhet se ut?" / "Hvordan kan vi møte ensomhet?") and 81 in
# English; the pairs marked distinct 83-93. Texts are compared only when they share one of their
# RARE_WORDS rarest words: on that corpus this finds every pair at 80 or more that comparing all
# pairs finds, with 2 % of the pairs.
NEAR_DUPLICATE = 88
# fuzz.ratio is 2·matches/(len a + len b) ≤ 2·short/(short + long): below this share it cannot reach 88.
LENGTH_RATIO = NEAR_DUPLICATE / (200 - NEAR_DUPLICATE)
# Texts are compared when they share one of their this many rarest words (see near_duplicates).
RARE_WORDS = 6


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
    """Items that read almost alike, in the same or another word order, unless the pair is marked
    as different on purpose.

    Only texts that share one of their RARE_WORDS rarest words are compared (a copy with up to
    RARE_WORDS - 1 words changed, or reordered, still shares one), and only when the shorter is
    at least LENGTH_RATIO of the longer (below it, fuzz.ratio cannot reach NEAR_DUPLICATE): rare
    words stand in few texts, so the work grows with the number of items, not with its square."""
    texts = [normalise(i.text) for i in items]
    reordered_texts = [" ".join(sorted(t.split())) for t in texts]
    errors = []
    for a, b in _candidates(texts):
        one, other = items[a], items[b]
        if one.id == other.id or texts[b] == texts[a]:  # same id / same text: other rules
            continue
        score = fuzz.ratio(texts[a], texts[b])
        reordered = score < NEAR_DUPLICATE
        if reordered:
            score = fuzz.ratio(reordered_texts[a], reordered_texts[b])
            if score < NEAR_DUPLICATE:
                continue
        if frozenset((one.id, other.id)) in distinct:
            continue
        pair = f"[{min(one.id, other.id)}, {max(one.id, other.id)}]"
        how = f"{score:.0f} % alike" + (" in another word order" if reordered else "")
        for x, y in ((one, other), (other, one)):
            errors.append(
                f'{x.src}:{x.line}: item "{x.id}" reads almost like "{y.id}" at {y.src}:{y.line} '
                f"({how}): merge them into one item, or if they are different on "
                f"purpose, add {pair} to {mark}"
            )
    return errors


def _candidates(texts: list[str]) -> list[tuple[int, int]]:
    """Pairs (a < b) of texts that share one of their RARE_WORDS rarest words (rarest across all
    texts, ties by the word) and whose lengths allow NEAR_DUPLICATE % (fuzz.ratio is
    2·matches/(len a + len b) ≤ 2·short/(short + long)): each word's texts are kept by length,
    so a text looks only at those of a length within reach."""
    words = [set(t.split()) for t in texts]
    frequency = Counter(w for ws in words for w in ws)
    keys = [sorted(ws, key=lambda w: (frequency[w], w))[:RARE_WORDS] for ws in words]
    index: dict[str, list[tuple[int, int]]] = {}  # word -> (length, text) sorted
    for n, ks in enumerate(keys):
        for k in ks:
            index.setdefault(k, []).append((len(texts[n]), n))
    for postings in index.values():
        postings.sort()
    pairs = set()
    for a, ks in enumerate(keys):
        low, high = len(texts[a]) * LENGTH_RATIO, len(texts[a]) / LENGTH_RATIO
        for k in ks:
            postings = index[k]
            start = bisect.bisect_left(postings, (low, -1))
            for length, b in postings[start:]:
                if length > high:
                    break
                if b > a:
                    pairs.add((a, b))
    return sorted(pairs)


def no_provenance(items: list[Item]) -> list[str]:
    return [
        f'{item.src}:{item.line}: item "{item.id}" does not say where it comes from: add '
        'sources="KEY PLACE" in its braces, a <!-- sources: KEY PLACE --> line above its list, or '
        'sources: in the front matter ("proposal" if the handbook proposes it)'
        for item in items if not item.provenance
    ]


def twins(by_language: dict[str, list[Item]], broken: dict[str, set[str]] | None = None,
          explained: set[str] | None = None) -> list[str]:
    """Every id stands in every language, on the page with the same path, as the same kind,
    with the same sources. An id whose twin line was refused (`broken`: ids written on refused
    lines, by language) or that another message explains (`explained`, e.g. a look-alike id) is
    not also reported as missing its twin."""
    errors = []
    broken = broken or {}
    explained = explained or set()
    index = {code: {i.id: i for i in items} for code, items in by_language.items()}
    for code, items in index.items():
        for other_code, other_items in index.items():
            if other_code == code:
                continue
            for item_id, item in items.items():
                twin = other_items.get(item_id)
                if twin is None:
                    if item_id in broken.get(other_code, ()) or item_id in explained:
                        continue
                    errors.append(
                        f'{item.src}:{item.line}: item "{item_id}" has no twin in '
                        f"'{other_code}': add it with the same id to {twin_path(item.src, code, other_code)}"
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


def lookalikes(by_language: dict[str, list[Item]], published: set[str]) -> tuple[list[str], set[str]]:
    """An id that is new and stands where a published id (or its twin's id) is missing, written
    almost alike (edit distance 1-2), is a typo of it: ids never change, so say "change it back",
    and never advise adding a twin or retiring the right id. Returns the messages and the ids
    they explain (whose "no twin" and "gone from the pages" messages would mislead)."""
    ids = {code: {i.id: i for i in items} for code, items in by_language.items()}
    errors: list[str] = []
    explained: set[str] = set()
    for code, here in ids.items():
        for item_id, item in sorted(here.items()):
            if item_id in published:
                continue
            missing_here = [p for p in published if p not in here]
            match = _closest(item_id, missing_here)
            if match is not None:
                stands = [f"{o[match].src}:{o[match].line}" for c, o in ids.items() if match in o]
                at = f" (at {', '.join(stands)})" if stands else ""
                errors.append(
                    f'{item.src}:{item.line}: item id "{item_id}" looks like the published '
                    f'"{match}"{at}: ids never change — change it back'
                )
                explained |= {item_id, match}
                continue
            for other_code, there in ids.items():
                if other_code == code or item_id in there:
                    continue
                twin = _closest(item_id, [t for t in there if t not in here and t not in published])
                if twin is not None:
                    other = there[twin]
                    errors.append(
                        f'{item.src}:{item.line}: item id "{item_id}" looks like "{twin}" at '
                        f"{other.src}:{other.line}, its twin in '{other_code}': twins have the same "
                        "id — write both alike"
                    )
                    explained |= {item_id, twin}
    return errors, explained


def prefixes(items: list[Item], page_prefix: dict[str, tuple[str, int]], published: set[str]) -> list[str]:
    """Every new id starts with its page's `id-prefix:` (front matter, `page_prefix[src]` =
    (prefix, line)); a published id keeps its id even where its item has moved."""
    errors = []
    missing: dict[str, list[Item]] = {}
    for item in items:
        if item.id in published:
            continue
        if item.src not in page_prefix:
            missing.setdefault(item.src, []).append(item)
            continue
        prefix, line = page_prefix[item.src]
        if not item.id.startswith(prefix):
            errors.append(
                f'{item.src}:{item.line}: item id "{item.id}" does not start with this page\'s '
                f'id-prefix "{prefix}" (line {line}): write {{#{prefix}…}}'
            )
    for src, found in missing.items():
        common = _common_prefix([i.id for i in items if i.src == src])
        example = common or "PREFIX-"
        errors.append(
            f'{src}:1: this page has items but no id-prefix: add "id-prefix: {example}" to its '
            "front matter, the start every item id on this page shares"
        )
    return errors


def prefix_twins(prefixes: dict[str, dict[str, tuple[str, int]]]) -> list[str]:
    """A page and its twin declare the same id-prefix (`prefixes[language][src]` = (prefix, line))."""
    errors = []
    for code, pages in prefixes.items():
        for other_code, other in prefixes.items():
            if other_code == code:
                continue
            for src, (prefix, line) in pages.items():
                twin = twin_path(src, code, other_code)
                if twin in other and other[twin][0] != prefix:
                    errors.append(
                        f'{src}:{line}: id-prefix "{prefix}" differs from "{other[twin][0]}" at '
                        f"{twin}:{other[twin][1]}: give both twins the same id-prefix"
                    )
    return errors


def distinct_pairs(value, line_of: Callable[[int], int], where: str) -> tuple[list[tuple[int, frozenset[str]]], list[str]]:
    """`extra.items.distinct` as (line, pair) and the problems with it; `line_of(n)` is the line
    of entry n in mkdocs.yml, `where` the file (for messages)."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [f"{where}:{line_of(-1)}: extra.items.distinct must be a list of pairs, one a line: "
                    '"- [ID-ONE, ID-TWO]"']
    pairs, errors = [], []
    for n, pair in enumerate(value):
        if (isinstance(pair, list) and len(pair) == 2 and all(isinstance(i, str) and i for i in pair)
                and pair[0] != pair[1]):
            pairs.append((line_of(n), frozenset(pair)))
        else:
            errors.append(f"{where}:{line_of(n)}: extra.items.distinct: {_flow(pair)} is not a pair of two "
                          'different item ids: write "- [ID-ONE, ID-TWO]"')
    return pairs, errors


def stale_pairs(pairs: list[tuple[int, frozenset[str]]], live: set[str], where: str) -> list[str]:
    """A distinct pair that names an id no longer on the pages."""
    errors = []
    for line, pair in pairs:
        gone = sorted(pair - live)
        if gone:
            names = " and ".join(f'"{g}"' for g in gone)
            errors.append(
                f"{where}:{line}: extra.items.distinct: the pair {_flow(sorted(pair))} names {names}, "
                f"which {'is' if len(gone) == 1 else 'are'} no item on the pages: remove the line, "
                "or correct the id"
            )
    return errors


def twin_path(src: str, code: str, other_code: str) -> str:
    """docs/nb/a/b.md -> docs/en/a/b.md (the page where the twin belongs)."""
    head = f"docs/{code}/"
    return f"docs/{other_code}/{src[len(head):]}" if src.startswith(head) else f"the {other_code} page"


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


def _closest(item_id: str, candidates) -> str | None:
    """The candidate 1-2 edits away from `item_id` (the nearest, then the first in order)."""
    best = None
    for candidate in sorted(candidates):
        distance = Levenshtein.distance(item_id, candidate, score_cutoff=2)
        if 0 < distance <= 2 and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def _common_prefix(ids: list[str]) -> str:
    """The start all `ids` share, up to and including its last hyphen ("" when none)."""
    if not ids:
        return ""
    common = ids[0]
    for other in ids[1:]:
        while not other.startswith(common):
            common = common[:-1]
    return common[: common.rfind("-") + 1]


def _flow(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return str(value)


def _groups(items: list[Item], key: Callable[[Item], str]) -> list[list[Item]]:
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.values())
