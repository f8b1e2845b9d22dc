"""The handbook's history as readers see it (plain functions; used by hooks/history.py).

From the events of hooks/changes.py this module writes, in each language,

- a page's history («Endringer» / "Changes", under the page): every note that touches the page,
  newest first, a major one marked as a change («Endring»), a minor one as a correction
  («Rettelse»: recorded and shown here, never announced as a change anywhere else); items added
  or retired there; the day the page was first published. Each announced entry carries its
  stable keys (`data-change`), the items it names (`data-items`) and sections (`data-section`)
  for docs/assets/changes.js ("changed since your last visit");
- the site-wide listing of /endringer/ («Hva er nytt» / "What's new"), grouped by month, and the
  Atom feed's entries (hooks/feed.py): major notes, added and retired items, new pages and the
  first publication, never a minor note;
- the hidden «Endret 10. desember 2026» mark after an item changed by a major note, which
  changes.js shows for 90 days after that date (the reader's today, not the build's).

Every text from a note, an item or a title is escaped here; links come from the caller.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field
from typing import Callable

import handbook_i18n
from changes import Event

TEXT = {
    "nb": {
        "history": "Endringer",
        "major": "Endring",
        "minor": "Rettelse",
        "added": {"one": "Nytt punkt", "other": "Nye punkter"},
        "retired": {"one": "Tatt ut: {n} punkt", "other": "Tatt ut: {n} punkter"},
        "replaced": "erstattet av",
        "page": "Ny side",
        "concerns": "Gjelder",
        "published_page": "Siden ble publisert {date}.",
        "unpublished": "Siden er ikke publisert ennå.",
        "published": "Håndboka ble publisert med {n} sjekklistepunkter og spørsmål.",
        "published_title": "Håndboka ble publisert",
        "all": "Alle endringer i håndboka",
        "none": "Ingen endringer er registrert ennå.",
        "feed": "Følg endringene i en nyhetsleser (Atom-feed)",
        "feed_title": "Hva er nytt",
        "changed": "Endret {date}",
        "major_print": "Siste vesentlige endring {date}",
        "and": "og",
    },
    "en": {
        "history": "Changes",
        "major": "Change",
        "minor": "Correction",
        "added": {"one": "New item", "other": "New items"},
        "retired": {"one": "Removed: {n} item", "other": "Removed: {n} items"},
        "replaced": "replaced by",
        "page": "New page",
        "concerns": "Concerns",
        "published_page": "This page was first published on {date}.",
        "unpublished": "This page has not been published yet.",
        "published": "The handbook was published with {n} checklist items and questions.",
        "published_title": "The handbook was published",
        "all": "All changes to the handbook",
        "none": "No changes have been recorded yet.",
        "feed": "Follow the changes in a feed reader (Atom feed)",
        "feed_title": "What's new",
        "changed": "Changed {date}",
        "major_print": "Last major change {date}",
        "and": "and",
    },
}


def text(language: str) -> dict:
    return TEXT.get(language, TEXT["en"])


def day(iso: str, language: str) -> str:
    """«10. desember 2026», "10 December 2026"."""
    return handbook_i18n.long_date(datetime.date.fromisoformat(iso), language)


def month(iso: str, language: str) -> str:
    """«Desember 2026», "December 2026"."""
    name = handbook_i18n.long_date(datetime.date.fromisoformat(iso), language, "LLLL y")
    return name[:1].upper() + name[1:]


@dataclass
class Site:
    """What the build knows about the pages of one language, for links and names."""

    language: str
    items: dict[str, tuple[str, str]]  # live id -> (text, page address)
    titles: dict[str, str]  # page address -> title
    sections: dict[str, dict[str, str]]  # page address -> anchor -> heading text
    href: Callable[[str, str], str]  # (page address, anchor) -> a link from where it is shown
    pages_added: dict[str, str] = field(default_factory=dict)  # page address -> first published


# ----------------------------------------------------------------------------
# Entries
# ----------------------------------------------------------------------------


@dataclass
class Entry:
    date: str
    kind: str
    keys: list[str]  # stable keys of the events it shows ([] for a minor note)
    items: list[str]
    sections: list[tuple[str, str]]
    body: str  # HTML: what changed, with links
    title: str  # plain text, for a feed entry
    link: tuple[str, str]  # (page address, anchor) it is about
    successors: dict[str, str] = field(default_factory=dict)  # retired id -> live successor
    feed_key: str = ""  # stable: the note's key, or kind, day and page of a group


def entries(events: list[Event], site: Site, *, page: str | None = None) -> list[Entry]:
    """One entry per note, and one per day, kind and page for items added or retired. With
    `page`, only what touches that page (minor notes too); without, only what readers are told."""
    t = text(site.language)
    result: list[Entry] = []
    grouped: dict[tuple[str, str, str], Entry] = {}
    for event in events:
        if page is not None and page not in event.pages:
            continue
        if page is None and not event.major:
            continue
        if event.kind == "published" and page is not None:
            continue
        if event.kind in ("added", "retired"):
            where = event.pages[0] if event.pages else ""
            group = (event.date, event.kind, where)
            if group not in grouped:
                grouped[group] = Entry(event.date, event.kind, [], [], [], "", "", (where, ""),
                                       feed_key=f"{event.kind}-{event.date}-{where.strip('/') or 'index'}")
                result.append(grouped[group])
            grouped[group].keys.append(event.key)
            grouped[group].items += event.items
            grouped[group].successors.update(event.successors)
            continue
        result.append(_entry(event, site, t, page))
        result[-1].feed_key = event.key
    for entry in grouped.values():
        _fill_group(entry, site, t)
    return result


def _entry(event: Event, site: Site, t: dict, page: str | None) -> Entry:
    keys = [event.key] if event.major else []
    if event.kind == "note":
        words = html.escape(event.text.get(site.language, ""))
        links = [_item_link(i, site) for i in event.items if i in site.items]
        links += [_section_link(p, a, site, page) for p, a in event.sections]
        body = words + (f' <span class="changes__concerns">{t["concerns"]}: {_join(links, t)}</span>'
                        if links else "")
        first = (site.items[event.items[0]][1], event.items[0]) if event.items and event.items[0] in site.items \
            else (event.sections[0] if event.sections else (event.pages[0] if event.pages else "", ""))
        return Entry(event.date, "major" if event.major else "minor", keys, list(event.items),
                     [s for s in event.sections if page is None or s[0] == page], body,
                     event.text.get(site.language, ""), first)
    if event.kind == "page":
        where = event.pages[0]
        title = site.titles.get(where, where)
        return Entry(event.date, "page", keys, [], [], _a(site.href(where, ""), title),
                     f"{t['page']}: {title}", (where, ""))
    # the first publication
    body = html.escape(t["published"].format(n=event.count))
    return Entry(event.date, "published", keys, [], [], body, t["published_title"], ("", ""))


def _fill_group(entry: Entry, site: Site, t: dict) -> None:
    where = entry.link[0]
    title = site.titles.get(where, where)
    if entry.kind == "added":
        live = [i for i in entry.items if i in site.items]
        entry.body = _join([_item_link(i, site) for i in live], t)
        entry.title = f"{_form(t['added'], len(entry.items))}: {title}"
        entry.link = (where, live[0] if live else "")
        return
    names = list(dict.fromkeys(s for s in (entry.successors.get(i) for i in entry.items) if s in site.items))
    removed = _form(t["retired"], len(entry.items)).format(n=len(entry.items))
    entry.body = html.escape(removed) + (f", {t['replaced']} {_join([_item_link(i, site) for i in names], t)}"
                                         if names else "")
    entry.body += "."
    entry.title = f"{removed} ({title})"
    entry.link = (site.items[names[0]][1], names[0]) if names else (where, "")


def _form(forms: dict[str, str], n: int) -> str:
    return forms["one"] if n == 1 else forms["other"]


def _item_link(item_id: str, site: Site) -> str:
    words, where = site.items[item_id]
    return _a(site.href(where, item_id), _quote(_short(words), site.language))


def _section_link(where: str, anchor: str, site: Site, page: str | None) -> str:
    title = site.titles.get(where, where)
    if anchor:
        heading = site.sections.get(where, {}).get(anchor, anchor)
        title = heading if where == page else f"{title}: {heading}"
    return _a(site.href(where, anchor), title)


def _a(href: str, words: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(words)}</a>'


def _quote(words: str, language: str) -> str:
    return f"«{words}»" if language == "nb" else f"“{words}”"


def _short(words: str, limit: int = 90) -> str:
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + " …"


def _join(parts: list[str], t: dict) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t['and']} " + parts[-1]


def _label(entry: Entry, t: dict) -> str:
    if entry.kind == "minor":
        return t["minor"]
    if entry.kind == "added":
        return _form(t["added"], len(entry.items))
    if entry.kind == "page":
        return t["page"]
    if entry.kind in ("major",):
        return t["major"]
    return ""


def _li(entry: Entry, t: dict, language: str, *, css: str) -> str:
    attrs = f' class="{css}__entry {css}__entry--{entry.kind}"'
    if entry.keys:
        attrs += f' data-change="{html.escape(" ".join(entry.keys), quote=True)}"'
    if entry.items:
        attrs += f' data-items="{html.escape(" ".join(entry.items), quote=True)}"'
    anchors = [a for _, a in entry.sections if a]
    if anchors:
        attrs += f' data-section="{html.escape(" ".join(anchors), quote=True)}"'
    label = _label(entry, t)
    label_html = f'<span class="{css}__kind">{html.escape(label)}</span> ' if label else ""
    return (f'<li{attrs}><time datetime="{entry.date}">{html.escape(day(entry.date, language))}</time> '
            f'{label_html}<span class="{css}__text">{entry.body}</span></li>')


# ----------------------------------------------------------------------------
# A page's history, the listing, the items' marks
# ----------------------------------------------------------------------------


def page_history(events: list[Event], site: Site, page: str, all_changes: str | None) -> str:
    """The «Endringer» section under a page (`all_changes`: a link to /endringer/, or None)."""
    t = text(site.language)
    rows = [_li(e, t, site.language, css="page-history") for e in entries(events, site, page=page)]
    published = site.pages_added.get(page)
    if published:
        rows.append(f'<li class="page-history__entry page-history__entry--published">'
                    f'{html.escape(t["published_page"].format(date=day(published, site.language)))}</li>')
    body = (f'<ul class="page-history__list">{"".join(rows)}</ul>' if rows
            else f'<p class="page-history__none">{html.escape(t["unpublished"])}</p>')
    more = (f'<p class="page-history__all">{_a(all_changes, t["all"])}</p>' if all_changes else "")
    return (f'<section class="page-history" aria-labelledby="page-history" '
            f'data-page="{html.escape(page, quote=True)}">'
            f'<h2 id="page-history">{html.escape(t["history"])}</h2>{body}{more}</section>')


def listing(events: list[Event], site: Site, feed_href: str) -> str:
    """/endringer/: the feed link, then what readers are told, by month, newest first."""
    t = text(site.language)
    parts = [f'<p class="changes-feed"><a href="{html.escape(feed_href, quote=True)}" '
             f'type="application/atom+xml">{html.escape(t["feed"])}</a></p>']
    shown = entries(events, site)
    if not shown:
        parts.append(f'<p class="changes-none">{html.escape(t["none"])}</p>')
    current = ""
    for entry in shown:
        if entry.date[:7] != current:
            if current:
                parts.append("</ul>")
            current = entry.date[:7]
            heading = month(entry.date, site.language)
            parts.append(f'<h2 id="{current}">{html.escape(heading)}</h2><ul class="changes-list">')
        parts.append(_li(entry, t, site.language, css="changes-list"))
    if current:
        parts.append("</ul>")
    return "\n".join(parts)


def changed_mark(date: str, language: str) -> str:
    """The hidden mark after an item's text; changes.js shows it for 90 days after `date`."""
    words = text(language)["changed"].format(date=day(date, language))
    return (f'<span class="item-changed" data-changed="{date}" hidden data-search-exclude>'
            f"{html.escape(words)}</span> ")
