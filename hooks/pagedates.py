"""Page dates and owners: every page says when it last changed, who answers for it, and where to
report an error.

The date is that of the last commit that touched the page's source file, read for all pages with
one `git log --name-only` pass per build. Without usable history (no git, not a repository, a
tarball, or a shallow clone, where every page would get the newest commit's date) every page gets
the build date instead (`SOURCE_DATE_EPOCH` respected) and says so. A page not yet committed does
the same. Dates are written in the page's language (babel's long form: «23. november 2026»,
"23 November 2026") for the day in `extra.timezone`.

The owner is a team or role from `extra.owners` in mkdocs.yml (a name per language and an e-mail
address); `extra.owner` names the default, a page's front matter `owner:` overrides it. The error
link is a `mailto:` to the owner with the page title and address in the subject and body,
URL-encoded.

This hook guarantees that every page's template context has `page_info` (date, ISO date, whether it
comes from git history, owner name, e-mail, mailto link, interface text), which
`overrides/partials/source-file.html` shows at the foot of the content and
`overrides/partials/page-info-print.html` in the print margin. An unknown owner, or a page whose
twin in another language has another owner, stops the build with the file and line of the front
matter; a broken `extra.owners` stops it naming mkdocs.yml.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

import handbook_i18n

log = get_plugin_logger("pagedates")

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------


TEXT = {
    "nb": {
        "label": "Om denne siden",
        "changed": "Sist endret",
        "built": "Dato for bygget",
        "no_history": "endringshistorikken var ikke tilgjengelig",
        "owner": "Ansvarlig",
        "report": "Meld fra om feil",
        "subject": "Feil i håndboka: {title}",
        "body": "Side: {title}\r\nAdresse: {url}\r\n\r\nHva er feil, og hva bør stå der?\r\n",
    },
    "en": {
        "label": "About this page",
        "changed": "Last changed",
        "built": "Build date",
        "no_history": "the change history was not available",
        "owner": "Owner",
        "report": "Report an error",
        "subject": "Error in the handbook: {title}",
        "body": "Page: {title}\r\nAddress: {url}\r\n\r\nWhat is wrong, and what should it say?\r\n",
    },
}


@dataclass
class History:
    """Seconds since the epoch of the last commit per file (relative to the project root), or
    None when the build has no usable history; `why` says why not."""

    changed: dict[str, int] | None
    why: str = ""


_history = History(None, "not read yet")
# The owner of each page per language, to check that twins agree: {lang: {path: (key, src, line)}}.
_owners_seen: dict[str, dict[str, tuple[str, str, int]]] = {}


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Read the history once per outer build (not again for each language)."""
    global _history
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        return
    _owners_seen.clear()
    _owners(config)  # a broken configuration stops the build before any page is rendered
    _history = read_history(os.path.dirname(config.config_file_path), config.docs_dir)
    if _history.changed is None:
        log.info(f"pages show the build date: {_history.why}")


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    language = handbook_i18n.language(config)
    text = TEXT.get(language, TEXT["en"])
    root = os.path.dirname(config.config_file_path)
    source = os.path.relpath(page.file.abs_src_path, root).replace(os.sep, "/")
    zone = _zone(config)

    stamp = (_history.changed or {}).get(source)
    if stamp is None:
        day = get_build_datetime().astimezone(zone).date()
    else:
        day = datetime.fromtimestamp(stamp, zone).date()

    owners, default = _owners(config)
    key = str(page.meta.get("owner") or default)
    if key not in owners:
        raise PluginError(
            f"{source}:{_meta_line(page, 'owner')}: owner \"{key}\" is not in extra.owners in "
            f"mkdocs.yml (known: {', '.join(owners)})"
        )
    owner = owners[key]
    if config.plugins.get("i18n") is not None:
        line = _meta_line(page, "owner") if page.meta.get("owner") else 0
        path = page.file.src_uri.partition("/")[2]
        _owners_seen.setdefault(language, {})[path] = (key, source, line)
    title = html.unescape(re.sub(r"<[^>]+>", "", page.title or config.site_name))
    address = page.canonical_url or page.url
    mailto = (
        f"mailto:{quote(str(owner['email']), safe='@')}"
        f"?subject={quote(text['subject'].format(title=title), safe='')}"
        f"&body={quote(text['body'].format(title=title, url=address), safe='')}"
    )
    context["page_info"] = {
        "date": handbook_i18n.long_date(day, language),
        "iso": day.isoformat(),
        "from_history": stamp is not None,
        "owner": owner.get(language) or owner.get("name") or key,
        "email": owner["email"],
        "mailto": mailto,
        "text": text,
    }
    return context


@event_priority(-200)  # after mkdocs-static-i18n has built every language
def on_post_build(*, config: MkDocsConfig) -> None:
    """A page and its twins in the other languages have one owner."""
    if getattr(config.plugins.get("i18n"), "building", False):
        return
    errors = []
    for language, pages in _owners_seen.items():
        for other, other_pages in _owners_seen.items():
            for path, (key, source, line) in pages.items():
                twin = other_pages.get(path)
                if other != language and twin and twin[0] != key and line:
                    errors.append(
                        f'{source}:{line}: owner "{key}" here, but "{twin[0]}" on the {other} twin '
                        f"{twin[1]}: give both languages the same owner"
                    )
    if errors:
        raise PluginError("\n".join(sorted(errors)))


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def read_history(root: str, docs_dir: str) -> History:
    """One `git log` pass over docs_dir: the newest commit time of every file in it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout

    try:
        shallow = git("rev-parse", "--is-shallow-repository").strip()
        if shallow == "true":
            return History(None, "the repository is a shallow clone (git fetch --unshallow gives the history)")
        log_text = git("log", "--format=%x00%ct", "--name-only", "--relative", "--",
                       os.path.relpath(docs_dir, root))
    except FileNotFoundError:
        return History(None, "git is not installed")
    except subprocess.CalledProcessError as error:
        reason = ((error.stderr or "").strip().splitlines() or ["git failed"])[0]
        return History(None, f"no git history here ({reason})")

    changed: dict[str, int] = {}
    stamp = 0
    for line in log_text.splitlines():
        if line.startswith("\x00"):
            stamp = int(line[1:])
        elif line and stamp > changed.get(line, -1):
            changed[line] = stamp
    if not changed:
        return History(None, "no commit touches the docs folder")
    return History(changed)


def _owners(config: MkDocsConfig) -> tuple[dict[str, dict], str]:
    owners = config.extra.get("owners")
    default = config.extra.get("owner")
    if not isinstance(owners, dict) or not owners:
        raise PluginError("mkdocs.yml: extra.owners: name at least one owner (see CONTRIBUTING.md)")
    for key, owner in owners.items():
        if not isinstance(owner, dict) or "@" not in str(owner.get("email", "")):
            raise PluginError(f"mkdocs.yml: extra.owners.{key}: give it an email address and a name per language")
    if default not in owners:
        raise PluginError(f"mkdocs.yml: extra.owner: \"{default}\" is not in extra.owners ({', '.join(owners)})")
    return owners, default


def _zone(config: MkDocsConfig):
    name = config.extra.get("timezone") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PluginError(f"mkdocs.yml: extra.timezone: unknown time zone \"{name}\"")


def _meta_line(page: Page, key: str) -> int:
    for number, line in enumerate(page.file.content_string.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


