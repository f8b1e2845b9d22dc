"""`make publish`: build the handbook for publishing, and record what it publishes.

    python tools/publish.py [--config-file mkdocs.yml] [--site-dir site]

Publishing is the one step that writes the ledgers in `includes/` (every item id and page
address ever published; see CONTRIBUTING.md, "What publishing means"). It

1. refuses placeholder addresses in mkdocs.yml (hooks/placeholders.py), naming the setting and
   its line: the published pages must lead readers' error reports and complaints somewhere real;
2. runs the full strict build of every language (`mkdocs build --strict`): every item, source,
   ledger, redirect and link rule;
3. only when that build succeeded, records in the item ledger (`extra.items.ledger`) every new id
   with the day of publication, and every live item's page, text fingerprint and how many change
   notes (`extra.changes`, hooks/changes.py) name it - so a published note is used up, and the
   next new wording of that item needs a note of its own - and in the page
   ledger (`extra.pages.ledger`) every new page address. Each file is replaced in one step (a
   temporary file, then a rename): a failed or interrupted publication leaves both untouched;
4. when it recorded anything, builds the site again, so the published pages show it (`added` in
   items.json, the day a page and its new items were first published); should that build fail,
   the ledgers are put back as they were.

Then commit the ledgers with the publication (`git add includes/ && git commit`). The day of
publication is today in `extra.timezone` (or SOURCE_DATE_EPOCH when set); no build depends on it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))

import changes  # noqa: E402
import items_ledger  # noqa: E402
import page_ledger  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config-file", default="mkdocs.yml")
    parser.add_argument("--site-dir", default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    from mkdocs.config import load_config

    config_file = os.path.abspath(args.config_file)
    project = os.path.dirname(config_file)
    config = load_config(config_file)
    site_dir = os.path.abspath(args.site_dir) if args.site_dir else config.site_dir

    problems = placeholder_problems(config_file)
    if problems:
        print("publish: not published - mkdocs.yml still has placeholder addresses:", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1

    build = _build(config_file, site_dir, project)
    if build.returncode != 0:
        print("publish: the build failed (see above): nothing was published or recorded; "
              "the ledgers are unchanged", file=sys.stderr)
        return build.returncode

    date = publication_date(config)
    messages = []
    previous: dict[str, str | None] = {}  # ledger file -> its text before this publication
    item_path = items_ledger.path_of(config)
    if item_path:
        abs_path = os.path.join(project, item_path)
        ledger = items_ledger.load_file(abs_path, item_path, today=date)
        if ledger.problems:  # the build checked them; a file changed under us
            print("\n".join(ledger.problems), file=sys.stderr)
            return 1
        notes = changes.load(config, [code for code, _folder in languages(config)])
        recorded = items_ledger.record(ledger, live_items(config, site_dir), date, changes.counts(notes))
        if _changed(abs_path, recorded.text):
            previous[abs_path] = _read(abs_path)
            items_ledger.write_atomic(abs_path, recorded.text)
        messages.append(
            f"{item_path}: {len(recorded.added)} new item id(s) recorded as published on {date}"
            + (f" ({', '.join(recorded.added[:8])}{' …' if len(recorded.added) > 8 else ''})" if recorded.added else "")
            + (f"; new wording recorded for {', '.join(recorded.reworded)}" if recorded.reworded else "")
            + (f"; moved to another page: {', '.join(recorded.moved)}" if recorded.moved else "")
        )
    pages_path = ((config.extra.get("pages") or {}).get("ledger")) or None
    if pages_path:
        abs_path = os.path.join(project, pages_path)
        pages = page_ledger.load_file(abs_path, pages_path)
        text, added = page_ledger.record(pages, live_pages(config), date)
        if _changed(abs_path, text):
            previous[abs_path] = _read(abs_path)
            items_ledger.write_atomic(abs_path, text)
        messages.append(f"{pages_path}: {len(added)} new page address(es) recorded"
                        + (f" ({', '.join(page_ledger.shown(a) for a in added)})" if added else ""))
    if previous:
        # The site shows what was just recorded (each item's `added` in items.json, each page's
        # first publication and what it added in its history), so it is built once more.
        again = _build(config_file, site_dir, project)
        if again.returncode != 0:
            for path, text in previous.items():
                if text is None:
                    os.unlink(path)
                else:
                    items_ledger.write_atomic(path, text)
            print("publish: the build with the new ledgers failed (see above): nothing was "
                  "published or recorded; the ledgers are as they were", file=sys.stderr)
            return again.returncode
    print("publish: the site in " + os.path.relpath(site_dir, project) + " is ready to copy to the server")
    for message in messages:
        print("publish: " + message)
    print("publish: commit the ledgers with this publication: git add includes/ && git commit")
    return 0


def _build(config_file: str, site_dir: str, project: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config_file,
         "--site-dir", site_dir],
        cwd=project,
    )


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None


def placeholder_problems(config_file: str) -> list[str]:
    """Placeholder addresses in mkdocs.yml (hooks/placeholders.py), when that check exists."""
    try:
        import placeholders
    except ImportError:
        return []
    return placeholders.problems(config_file, os.environ)


def publication_date(config) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    zone = ZoneInfo(config.extra.get("timezone") or "UTC")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), zone).date().isoformat()
    return datetime.datetime.now(zone).date().isoformat()


def languages(config) -> list[tuple[str, str]]:
    """(language, its folder below the site root): [("nb", ""), ("en", "en")]."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [(config.theme.get("language") or "en", "")]
    default = i18n.config.languages[0].locale
    for language in i18n.config.languages:
        if language.default:
            default = language.locale
    codes = [language.locale for language in i18n.config.languages if language.build]
    return [(code, "" if code == default else code) for code in [default, *[c for c in codes if c != default]]]


def live_items(config, site_dir: str) -> dict[str, dict]:
    """id -> {kind, page, text: {language: text}} from the items.json of every language."""
    live: dict[str, dict] = {}
    for language, folder in languages(config):
        with open(os.path.join(site_dir, folder, "items.json"), encoding="utf-8") as f:
            for item in json.load(f):
                entry = live.setdefault(item["id"], {"kind": item["kind"], "page": item["url"].partition("#")[0], "text": {}})
                entry["text"][language] = item["text"]
    return live


def live_pages(config) -> list[str]:
    import pages

    return pages.live_files(config)


def _changed(path: str, text: str) -> bool:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read() != text
    except FileNotFoundError:
        return True


if __name__ == "__main__":
    sys.exit(main())
