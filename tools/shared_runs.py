"""List every run of 8 or more words a handbook page shares with a source document.

The handbook's prose is written in its own words: a sentence copied from a source must be marked
as a quote and cited. This tool finds what was copied without marks. Run it from the repository:

    python tools/shared_runs.py                      # every page in docs/nb and docs/en
    python tools/shared_runs.py docs/nb/om/kunnskap.md docs/nb/verdier/index.md
    python tools/shared_runs.py --min 10 --seeds ../shared/seeds docs/nb

Each run is printed as `page:line: seed:line (N words): the words`, where `seed` is the source's
number (000–004, the start of its file name) and both lines are where the run begins; a summary
line ends the output. Left out, because they may repeat a source word for word: quotes (text
between « » or “ ”, and blockquote lines starting with `>`), items (checklist and question
lines, `- [ ] … {#id}`), cases (`!!! example` boxes, which reproduce a source's case the way an
item reproduces its question, and name the source on the page), entries of a reference list (a list line with a year in brackets and a
full stop: `- Borg, M. (2009). *Title* …`), front matter, HTML comments and code. A run never
crosses a blank line, a heading, a list item or a table cell. Words are compared in lower case,
and a word the source's PDF text splits at a line end («erfarings-» + «konsulent») is joined.
A run is reported once, however many places in the sources hold it (all are listed).

Plain Python, no MkDocs needed. The sources are read from `../shared/seeds/` next to the
repository unless `--seeds DIR` (or the environment variable HANDBOOK_SEEDS) names another folder.
The exit status is 0 whatever is found (2 when a page or the sources cannot be read).
"""

from __future__ import annotations

import argparse
import bisect
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS = 8

# A word: letters and digits, hyphens inside it dropped ("recovery-orientert" = "recoveryorientert").
WORD_RE = re.compile(r"[^\W_]+(?:[-\u00ad][^\W_]+)*")
# In a source, also a word split at a line end by the PDF extraction: "erfarings-\n\nkonsulent".
SEED_WORD_RE = re.compile(WORD_RE.pattern + r"(?:-[ \t]*\n\s*[^\W_]+(?:-[^\W_]+)*)*")
ITEM_RE = re.compile(
    r"^(?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX?]\][ \t]+.*\{#[a-z0-9-]+[^}]*\}[ \t]*$"
)
FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
BLOCKQUOTE_RE = re.compile(r"^[ \t]*>")
CASE_RE = re.compile(r"^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]+example\b")
# A line that starts a new block: a heading, a list item, an admonition, a table row.
BLOCK_START_RE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?|\|)")
# An entry of a reference list: a list line with a year in brackets and a full stop, "(2017)."
REFERENCE_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t].*\(\d{4}(?:[–-]\d{2,4})?[a-z]?\)\.")
TOKEN_RE = re.compile(r"<!--|-->|[«»“”|]|" + WORD_RE.pattern)
OPEN_CLOSE = {"«": "»", "“": "”"}
BREAK = None  # stands between words that must not join into one run


@dataclass
class Words:
    """A text as a list of normalised words (or BREAK) with the line each word stands on."""
    words: list[str | None] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # each word as written, for the report

    def add(self, word: str | None, line: int, written: str = "") -> None:
        if word is None and (not self.words or self.words[-1] is None):
            return
        self.words.append(word)
        self.lines.append(line)
        self.text.append(written)


@dataclass
class Run:
    page: str
    line: int
    start: int
    end: int
    words: str
    places: list[tuple[str, int]]

    def __str__(self) -> str:
        places = ", ".join(f"{seed}:{line}" for seed, line in self.places)
        return f"{self.page}:{self.line}: {places} ({self.end - self.start} words): {self.words}"


def normalise(word: str) -> str:
    return word.replace("-", "").replace("\u00ad", "").lower()


def seed_words(text: str) -> Words:
    """A source's words, in one stream: its line breaks and blank lines do not end a run."""
    words = Words()
    newlines = [m.start() for m in re.finditer("\n", text)]
    for m in SEED_WORD_RE.finditer(text):
        written = re.sub(r"-\s+", "-", m.group())
        words.add(normalise(written), bisect.bisect_right(newlines, m.start()) + 1, written)
    return words


def page_words(text: str) -> Words:
    """A page's prose words: quotes, items, front matter, comments and code become breaks."""
    words = Words()
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    fence: str | None = None
    quotes: list[str] = []  # the closing marks of the quotes we are inside
    in_comment = False
    case_indent: int | None = None  # inside a case box: the indent of its `!!! example` line
    for number, line in enumerate(lines[start:], start + 1):
        if case_indent is not None:
            if not line.strip() or len(line) - len(line.lstrip()) > case_indent:
                continue
            case_indent = None
        case = CASE_RE.match(line)
        if case and not fence:
            case_indent = len(case.group(1))
            words.add(BREAK, number)
            continue
        m = FENCE_RE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            words.add(BREAK, number)
            continue
        if m:
            fence = m.group(1)
            words.add(BREAK, number)
            continue
        if not line.strip() or ITEM_RE.match(line) or BLOCKQUOTE_RE.match(line) or REFERENCE_RE.match(line):
            words.add(BREAK, number)
            quotes.clear()  # a quote never runs past its paragraph
            continue
        if BLOCK_START_RE.match(line):
            words.add(BREAK, number)
            quotes.clear()
        for token in TOKEN_RE.finditer(_strip_markup(line)):
            t = token.group()
            if t == "<!--":
                in_comment = True
                words.add(BREAK, number)
            elif t == "-->":
                in_comment = False
            elif in_comment:
                continue
            elif t in OPEN_CLOSE:
                quotes.append(OPEN_CLOSE[t])
                words.add(BREAK, number)
            elif quotes and t == quotes[-1]:
                quotes.pop()
                words.add(BREAK, number)
            elif t in ("»", "”", "|"):
                words.add(BREAK, number)  # a table cell ends, or a closing mark without its opening
            elif not quotes:
                words.add(normalise(t), number, t)
    return words


def _strip_markup(line: str) -> str:
    """Drop what Markdown readers never see as words: link targets, attribute lists, HTML tags."""
    line = re.sub(r"\]\([^)]*\)", "]", line)  # [text](target) -> [text]
    line = re.sub(r"\{[#.:][^}]*\}", " ", line)  # {#id ...} / {: .class}
    line = re.sub(r"</?[a-zA-Z][^>]*>", " ", line)  # <div markdown>, <br>
    line = re.sub(r"^\s*\*\[[^\]]*\]:.*$", " ", line)  # abbreviation definitions
    line = re.sub(r"^(\s*)(?:!!!|\?\?\?\+?)\s+\S+", r"\1", line)  # admonition keyword
    return line


def index(seeds: dict[str, Words], size: int) -> dict[tuple[str, ...], list[tuple[str, int]]]:
    grams: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for name, seed in seeds.items():
        w = seed.words
        for j in range(len(w) - size + 1):
            grams.setdefault(tuple(w[j:j + size]), []).append((name, j))
    return grams


def runs_in(page: str, words: Words, seeds: dict[str, Words], grams, size: int) -> list[Run]:
    """The maximal runs of `size`+ words of `words` found in a seed, once per stretch of page."""
    w = words.words
    spans: dict[tuple[int, int], list[tuple[str, int]]] = {}
    for i in range(len(w) - size + 1):
        gram = tuple(w[i:i + size])
        if None in gram:
            continue
        for name, j in grams.get(gram, ()):
            s = seeds[name].words
            if i > 0 and j > 0 and w[i - 1] is not None and w[i - 1] == s[j - 1]:
                continue  # not where the shared stretch begins
            k = size
            while i + k < len(w) and j + k < len(s) and w[i + k] is not None and w[i + k] == s[j + k]:
                k += 1
            spans.setdefault((i, i + k), []).append((name, seeds[name].lines[j]))
    found = []
    for (a, b), places in sorted(spans.items()):
        if any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans):
            continue  # inside a longer run already reported
        text = " ".join(words.text[a:b])
        found.append(Run(page, words.lines[a], a, b, text, sorted(set(places))))
    return found


def load_seeds(folder: Path) -> dict[str, Words]:
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"shared_runs: no source documents (*.txt) in {folder}: name the folder with --seeds DIR")
    return {f.name.split("_")[0]: seed_words(f.read_text(encoding="utf-8")) for f in files}


def pages(paths: list[str]) -> list[Path]:
    if not paths:
        paths = [str(ROOT / "docs" / "nb"), str(ROOT / "docs" / "en")]
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(p.rglob("*.md")))
        elif p.is_file():
            found.append(p)
        else:
            raise SystemExit(f"shared_runs: {p}: no such page or folder")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="pages or folders (default: docs/nb and docs/en)")
    parser.add_argument("--seeds", default=os.environ.get("HANDBOOK_SEEDS", str(ROOT.parent / "shared" / "seeds")),
                        help="folder of the source documents (default: ../shared/seeds)")
    parser.add_argument("--min", type=int, default=MIN_WORDS, help="shortest run reported, in words (default 8)")
    args = parser.parse_args(argv)
    if args.min < 2:
        parser.error("--min must be at least 2")
    try:
        seeds = load_seeds(Path(args.seeds))
        files = pages(args.paths)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 2
    grams = index(seeds, args.min)
    total, with_runs = 0, 0
    for f in files:
        try:
            shown = f.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = f
        found = runs_in(str(shown), page_words(f.read_text(encoding="utf-8")), seeds, grams, args.min)
        for run in found:
            print(run)
        total += len(found)
        with_runs += bool(found)
    print(f"{total} runs of {args.min}+ words shared with a source, on {with_runs} of {len(files)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
