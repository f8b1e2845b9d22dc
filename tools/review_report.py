"""`make review-report`: which pages are due for review, by owner, for the owners' regular check.

    python tools/review_report.py [--config-file mkdocs.yml] [--today YYYY-MM-DD] [--soon DAYS]

Reads every page of the default language (the twins share their review; the build checks that),
its `reviewed:` and `review_interval:` (hooks/reviews.py) and its owner (`owner:`, else
`extra.owner`), and lists, for each owner, the pages whose review is overdue, due within `soon`
days (`extra.review.soon`, 30 unless set) and never done, each with its file and title. Today is
the day it runs (`--today` to ask about another day); the build itself never looks at the date.
Exits 1 only when a page's review dates cannot be read (the message names file and line).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))

import pages  # noqa: E402
import reviews  # noqa: E402

ORDER = ("overdue", "soon", "never")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config-file", default="mkdocs.yml")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    parser.add_argument("--soon", type=int, default=None, help="days ahead (default: extra.review.soon)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    config_file = os.path.abspath(args.config_file)
    project = os.path.dirname(config_file)
    config = load_config(config_file)
    with open(config_file, encoding="utf-8-sig") as f:
        settings, problems = reviews.settings(config.extra, f.read(), os.path.basename(config_file))
    soon = args.soon if args.soon is not None else settings.soon
    today = args.today or datetime.date.today()
    owners = config.extra.get("owners") or {}
    default_owner = config.extra.get("owner")
    language = _default_language(config)

    folder = pages.default_folder(config)
    found: dict[str, list[tuple[str, str, str, reviews.Review]]] = defaultdict(list)
    counted = {"overdue": 0, "soon": 0, "never": 0, "current": 0}
    for path in pages.live_files(config):
        abs_path = os.path.join(folder, path)
        with open(abs_path, encoding="utf-8-sig") as f:
            source = f.read()
        body, meta = get_data(source)
        src = os.path.relpath(abs_path, project).replace(os.sep, "/")
        review, page_problems = reviews.of_page(meta, settings.interval, src, reviews.front_matter_lines(source))
        problems += page_problems
        state = reviews.status(review, today, soon)
        counted[state] += 1
        if state in ORDER:
            title = next((l[2:].strip() for l in body.splitlines() if l.startswith("# ")), path)
            found[str(meta.get("owner") or default_owner)].append((state, path, title, review))

    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"Review report for {today.isoformat()}: pages overdue, due within {soon} days, or never "
          f"reviewed, by owner (a page is due {settings.interval} months after its `reviewed:` date "
          "unless it sets `review_interval:`).")
    width = max((len(_status_text(f[0], f[3], today)) for rows in found.values() for f in rows), default=0)
    for key in sorted(found, key=lambda k: _owner_name(owners, k, language)):
        print()
        owner = owners.get(key) or {}
        print(f"{_owner_name(owners, key, language)} <{owner.get('email', '?')}>")
        for state, path, title, review in sorted(found[key], key=lambda f: (ORDER.index(f[0]), f[3].due, f[1])):
            print(f"  {_status_text(state, review, today):{width}}  {path}  ({title})")
    print()
    print(f"{counted['overdue']} overdue, {counted['soon']} due within {soon} days, "
          f"{counted['never']} never reviewed, {counted['current']} current.")
    return 0


def _status_text(state: str, review: reviews.Review, today: datetime.date) -> str:
    if state == "never":
        return "never reviewed"
    days = (datetime.date.fromisoformat(review.due) - today).days
    if state == "overdue":
        return f"overdue since {review.due} ({-days} days)"
    return f"due {review.due} (in {days} days)"


def _owner_name(owners: dict, key: str, language: str) -> str:
    owner = owners.get(key) or {}
    return str(owner.get(language) or owner.get("name") or key)


def _default_language(config) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.default_language if i18n is not None else (config.theme.get("language") or "en")


if __name__ == "__main__":
    sys.exit(main())
