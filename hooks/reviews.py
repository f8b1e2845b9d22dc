"""Review dates: when a person last checked a page against its sources, and when that is due again
(plain functions; used by hooks/history.py and tools/review_report.py).

A page says in its front matter, on both language twins,

    reviewed: 2026-11-25        # the day a person checked the whole page against its sources
    review_interval: 6          # months until the next review (optional)

and `extra.review` in mkdocs.yml holds the default interval (`interval`, months) and how many
days ahead `make review-report` warns (`soon`). This module guarantees that

- the next review is due `interval` calendar months after `reviewed` (31 January + 1 month is
  28 or 29 February); a page without `reviewed:` has no due date and says it is not reviewed;
- a `reviewed:` that is no date, an interval that is not a whole number of months, and twins that
  disagree are refused as `docs/…md:LINE: …`; a broken `extra.review` as `mkdocs.yml:LINE: …`;
- nothing here looks at today's date except `status()`, which the report calls with the day it
  is run: a build never depends on the date (the browser says "overdue", docs/assets/review.js).
"""

from __future__ import annotations

import calendar
import datetime
import html as htmllib
import re
from dataclasses import dataclass

import yamlfile

DEFAULT_INTERVAL = 12  # months
DEFAULT_SOON = 30  # days

TEXT = {
    "nb": {"reviewed": "Sist gjennomgått", "due": "Neste gjennomgang", "overdue": "forsinket",
           "never": "Ikke gjennomgått mot kildene ennå"},
    "en": {"reviewed": "Last reviewed", "due": "Next review due", "overdue": "overdue",
           "never": "Not yet reviewed against its sources"},
}


@dataclass
class Review:
    reviewed: str  # YYYY-MM-DD, or "" when no one has reviewed the page
    interval: int  # months
    due: str  # YYYY-MM-DD, or ""


@dataclass
class Settings:
    interval: int = DEFAULT_INTERVAL
    soon: int = DEFAULT_SOON


def settings(extra: dict, config_text: str = "", config_file: str = "mkdocs.yml") -> tuple[Settings, list[str]]:
    """`extra.review` ({interval: months, soon: days}); defaults when it is missing."""
    value = extra.get("review")
    if value is None:
        return Settings(), []
    where = f"{config_file}:{_line(config_text, 'review')}"
    if not isinstance(value, dict):
        return Settings(), [f"{where}: extra.review: write interval: (months) and soon: (days) under it"]
    problems, result = [], Settings()
    for key, default in (("interval", DEFAULT_INTERVAL), ("soon", DEFAULT_SOON)):
        number = value.get(key, default)
        if not _whole(number):
            unit = "months between reviews, e.g. interval: 12" if key == "interval" else \
                "days ahead that make review-report warns, e.g. soon: 30"
            problems.append(f'{config_file}:{_line(config_text, key, after="review")}: extra.review.{key}: '
                            f'"{number}" is not a whole number: write the {unit}')
        else:
            setattr(result, key, number)
    for key in value:
        if key not in ("interval", "soon"):
            problems.append(f'{config_file}:{_line(config_text, str(key), after="review")}: extra.review: '
                            f'unknown key "{key}" (it has interval and soon)')
    return result, problems


def of_page(meta: dict, default: int, src: str, lines: dict[str, int]) -> tuple[Review, list[str]]:
    """A page's review from its front matter; `lines`: key -> line in the page file."""
    problems = []
    reviewed = yamlfile.day(meta.get("reviewed"))
    if "reviewed" in meta and not reviewed:
        problems.append(
            f'{src}:{lines.get("reviewed", 1)}: reviewed: "{meta.get("reviewed")}" is not a date: write '
            "YYYY-MM-DD, the day a person checked the whole page against its sources"
        )
    interval = meta.get("review_interval", default)
    if not _whole(interval):
        problems.append(
            f'{src}:{lines.get("review_interval", 1)}: review_interval: "{interval}" is not a whole '
            "number of months: write e.g. review_interval: 6"
        )
        interval = default
    due = add_months(datetime.date.fromisoformat(reviewed), interval).isoformat() if reviewed else ""
    return Review(reviewed, interval, due), problems


def twins(pages: dict[str, dict[str, tuple[Review, str, int]]], default: str) -> list[str]:
    """A page and its twins share one review: `pages` is language -> page file -> (review, src,
    line of `reviewed:` or 0). Reported at the other language's file, naming the default's."""
    problems = []
    for language, found in pages.items():
        if language == default:
            continue
        for path, (review, src, line) in found.items():
            twin = pages.get(default, {}).get(path)
            if twin is None:
                continue
            other, other_src, _ = twin
            if (review.reviewed, review.interval) != (other.reviewed, other.interval):
                mine = _said(review)
                theirs = _said(other)
                problems.append(
                    f"{src}:{line or 1}: {mine} here, but {theirs} on the {default} twin {other_src}: "
                    "a page is reviewed in both languages at once; write the same reviewed: and "
                    "review_interval: on both"
                )
    return problems


def _said(review: Review) -> str:
    text = f"reviewed: {review.reviewed}" if review.reviewed else "no reviewed:"
    return f"{text} (every {review.interval} months)"


def html(review: Review, language: str, day) -> str:
    """The review facts for the page-info line (overrides/partials/source-file.html); `day`
    formats a date in the language. docs/assets/review.js shows «forsinket» once the due date has
    passed by the reader's clock."""
    t = TEXT.get(language, TEXT["en"])
    if not review.reviewed:
        return (f'<span class="page-info__fact page-info__reviewed page-info__reviewed--never">'
                f'{htmllib.escape(t["never"])}</span>')
    return (
        f'<span class="page-info__fact page-info__reviewed">{htmllib.escape(t["reviewed"])} '
        f'<time datetime="{review.reviewed}">{htmllib.escape(day(review.reviewed, language))}</time></span>'
        f'<span class="page-info__fact page-info__due" data-due="{review.due}">{htmllib.escape(t["due"])} '
        f'<time datetime="{review.due}">{htmllib.escape(day(review.due, language))}</time>'
        f'<strong class="page-info__overdue" hidden> ({htmllib.escape(t["overdue"])})</strong></span>'
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day number `months` calendar months later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def status(review: Review, today: datetime.date, soon: int) -> str:
    """"overdue", "soon" (due within `soon` days), "current", or "never" (not reviewed)."""
    if not review.due:
        return "never"
    due = datetime.date.fromisoformat(review.due)
    if due < today:
        return "overdue"
    return "soon" if (due - today).days <= soon else "current"


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _line(text: str, key: str, after: str | None = None) -> int:
    """The line of `key:` in a YAML file (the first after `after:` when given), else 1."""
    start = 0
    lines = text.split("\n")
    if after is not None:
        start = next((n for n, l in enumerate(lines) if re.match(rf"^\s*{re.escape(after)}\s*:", l)), 0)
    for number in range(start, len(lines)):
        if re.match(rf"^\s*{re.escape(key)}\s*:", lines[number]):
            return number + 1
    return 1


def front_matter_lines(source: str) -> dict[str, int]:
    """key -> line of each top-level key in a page's front matter."""
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    result = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m:
            result.setdefault(m.group(1), number)
    return result
