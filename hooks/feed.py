"""The Atom feed of what changed (RFC 4287), one per language (plain functions; hooks/history.py).

This module guarantees that the feed

- is well-formed XML in the Atom namespace with the elements RFC 4287 requires: the feed's
  `id`, `title`, `updated`, `author` and `link rel="self"`; each entry's `id`, `title`, `updated`,
  `link rel="alternate"` and `content`;
- depends on the notes and ledgers only, never on the day of the build: `updated` is an entry's
  date (midnight in `extra.timezone`), the feed's is its newest entry's, so a rebuild makes no
  entry new; ids are `urn:uuid:` names derived from the language and the change's stable key,
  the same at any address the handbook is published;
- links absolutely (from `site_url`), as feed readers need.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:erfaringskompetanse-handboka:changes")
EPOCH = "1970-01-01"


@dataclass
class FeedEntry:
    key: str  # the change's stable key
    date: str  # YYYY-MM-DD
    title: str  # plain text
    link: str  # absolute
    content: str  # HTML, links absolute


def entry_id(language: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{language}:{key}')}"


def timestamp(date: str, zone: str) -> str:
    """Midnight of a day in the handbook's time zone, as RFC 3339: 2026-12-10T00:00:00+01:00."""
    moment = datetime.datetime.combine(datetime.date.fromisoformat(date), datetime.time(), ZoneInfo(zone))
    return moment.isoformat()


def atom(entries: list[FeedEntry], *, language: str, title: str, feed_url: str, page_url: str,
         author: str, zone: str) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})

    def sub(parent, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", entry_id(language, "feed"))
    sub(feed, "title", title)
    sub(feed, "updated", timestamp(max((e.date for e in entries), default=EPOCH), zone))
    sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    sub(sub(feed, "author"), "name", author)
    for entry in entries:
        element = sub(feed, "entry")
        sub(element, "id", entry_id(language, entry.key))
        sub(element, "title", entry.title)
        sub(element, "updated", timestamp(entry.date, zone))
        sub(element, "link", rel="alternate", type="text/html", href=entry.link)
        sub(element, "content", entry.content, type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
