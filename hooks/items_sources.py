"""Where items come from: the source registry, provenance references and how readers see them.

Used by hooks/items.py. The registry (`extra.sources.registry` in mkdocs.yml, a YAML file) maps a
source key (`000` … `004`) to its label and full reference in every language. A *provenance* is
what an editor writes after `sources:` (front matter, a `<!-- sources: … -->` line, or
`sources="…"` in an item's braces): references separated by `;`, each a key and a place in the
source (`001 §11.4`, `002 vedlegg 8`), and/or the word `proposal` for the handbook's own proposal.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass

from mkdocs.exceptions import PluginError

import configfile
import source_places
import yamlfile

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

PROPOSAL = "proposal"
REFERENCE_RE = re.compile(r"^(?P<key>\d{3})(?:\s+(?P<place>\S.*))?$")
# `<!-- sources: 001 §7 -->` on a line of its own; `<!-- sources …` without the colon is a typo.
COMMENT_RE = re.compile(r"^[ \t]*<!--[ \t]*sources[ \t]*:(?P<value>.*?)-->[ \t]*$")
COMMENT_TYPO_RE = re.compile(r"^[ \t]*<!--[ \t]*(?:sources?|kilder?)(?![\w-])(?![ \t]*:.*-->)", re.I)
# The Ressurser page lists the registry where it says `<!-- source-registry -->`.
REGISTRY_MARK_RE = re.compile(r"^[ \t]*<!--[ \t]*source-registry[ \t]*-->[ \t]*$", re.M)
# `!!! proposal` (or `??? proposal`) without a title gets the handbook's title for proposals.
PROPOSAL_ADMONITION_RE = re.compile(
    r"^(?P<head>[ \t]*(?:!!!|\?\?\?\+?)[ \t]+proposal)[ \t]*$", re.M
)

TEXT = {
    "nb": {"proposal": "Forslag fra håndboka", "source": "Kilde", "sources": "Kilder",
           "short": "Kort navn", "key": "Nøkkel"},
    "en": {"proposal": "The handbook's proposal", "source": "Source", "sources": "Sources",
           "short": "Short label", "key": "Key"},
}


@dataclass(frozen=True)
class Provenance:
    sources: tuple[str, ...] = ()
    proposal: bool = False
    broken: bool = False  # written, but wrong: reported once where it is written

    def __bool__(self) -> bool:
        return bool(self.sources) or self.proposal or self.broken

    def describe(self) -> str:
        return "; ".join(([PROPOSAL] if self.proposal else []) + list(self.sources)) or "nothing"


# ----------------------------------------------------------------------------
# Registry
# ----------------------------------------------------------------------------


class Registry(dict):
    """Source key -> its entry (label, title, short, reference, places); `places[key]` is what
    the source can be cited by (source_places.Places), `path` the file as mkdocs.yml names it."""

    path: str = ""
    places: dict[str, source_places.Places]


def load_registry(config) -> Registry:
    """The registry named by `extra.sources.registry`, or an empty one when the site has none.

    A registry that cannot be used stops the build here, once, naming the file and line: an
    empty or broken registry would otherwise make every reference on every page "unknown"."""
    registry = Registry()
    registry.places = {}
    path = (config.extra.get("sources") or {}).get("registry")
    if not path:
        return registry
    registry.path = path
    root = os.path.dirname(config.config_file_path)
    try:
        data = yamlfile.load_file(os.path.join(root, path), path)
    except OSError as error:
        where = configfile.read(config.config_file_path)
        at = where.where("extra", "sources", "registry") if where else "mkdocs.yml"
        raise PluginError(f"{at}: extra.sources.registry: cannot read {path}: {error.strerror}")
    except yamlfile.YamlProblem as problem:
        raise PluginError(f"the source registry cannot be read:\n{problem}")
    problems = registry_problems(data, path, registry)
    if problems:
        raise PluginError(f"the source registry cannot be used:\n" + "\n".join(problems))
    return registry


def registry_problems(data, path: str, registry: Registry) -> list[str]:
    """Fill `registry` from the file's data; what is wrong with it, `path:LINE: …`."""
    if not data:
        return [f"{path}:1: the source registry is empty: list every source document with its key, "
                "label and places (see CONTRIBUTING.md, \"Where an item comes from\")"]
    if not isinstance(data, dict):
        return [f"{path}:1: the registry must map each source key ('001') to its label and places"]
    problems = []
    for key, entry in data.items():
        line = data.lines.get(key, 1)
        key = str(key).zfill(3)
        if not REFERENCE_RE.match(key) or not isinstance(entry, dict) or "label" not in entry:
            problems.append(f'{path}:{line}: source "{key}" needs a three-digit key and a label')
            continue
        places_line = entry.lines.get("places", line)
        places, wrong = source_places.read(entry.get("places"), f"{path}:{places_line}")
        problems += [f'{path}:{places_line}: source "{key}": {w}' for w in wrong]
        registry[key] = entry
        registry.places[key] = places
    return problems


def localized(entry: dict, field: str, language: str) -> str:
    value = entry.get(field, "")
    if isinstance(value, dict):
        return str(value.get(language) or value.get("en") or next(iter(value.values()), ""))
    return str(value)


def registry_markdown(registry: dict[str, dict], language: str) -> str:
    """The registry as Markdown for the Ressurser page: one `###` per source, anchor kilde-KEY."""
    t = TEXT.get(language, TEXT["en"])
    parts = []
    for key, entry in sorted(registry.items()):
        parts.append(
            f"### {localized(entry, 'title', language) or localized(entry, 'label', language)}"
            f" {{#kilde-{key}}}\n\n"
            f"**{t['key']}:** `{key}` · **{t['short']}:** {localized(entry, 'short', language)}\n\n"
            f"{localized(entry, 'reference', language).strip()}\n"
        )
    return "\n".join(parts)


# ----------------------------------------------------------------------------
# Parsing what editors write
# ----------------------------------------------------------------------------


def parse(value, registry: dict[str, dict]) -> tuple[Provenance, list[str]]:
    """A provenance from what follows `sources:`; problems come back as messages, not raised."""
    if isinstance(value, (list, tuple)):
        parts = [str(v) for v in value]
    else:
        parts = str(value if value is not None else "").split(";")
    sources: list[str] = []
    proposal = False
    problems = []
    places = getattr(registry, "places", {})
    for part in (" ".join(p.split()) for p in parts):
        if not part:
            continue
        if part.casefold() == PROPOSAL:
            proposal = True
            continue
        m = REFERENCE_RE.match(part)
        if not m:
            problems.append(
                f'"{part}" is not a source: write a key from the registry and a place in it '
                '("KEY PLACE") or "proposal", separated by ;'
            )
        elif m["key"] not in registry:
            known = ", ".join(sorted(registry)) or "none"
            problems.append(f'unknown source "{m["key"]}": the registry has {known}')
        elif not m["place"]:
            hint = places[m["key"]].hint() if m["key"] in places else "a place"
            problems.append(f'source "{part}" names no place in it: write {hint} after the key')
        elif m["key"] in places and (
            wrong := source_places.check(m["key"], m["place"], places[m["key"]],
                                         localized(registry[m["key"]], "label", "en"))
        ):
            problems.append(wrong)
        else:
            sources.append(f'{m["key"]} {re.sub(r"§ +", "§", m["place"])}')
    if not sources and not proposal and not problems:
        problems.append('sources is empty: name a source ("KEY PLACE") or write "proposal"')
    return Provenance(tuple(sources), proposal, broken=bool(problems)), problems


# ----------------------------------------------------------------------------
# What readers see
# ----------------------------------------------------------------------------


def tags_html(provenance: Provenance, registry: dict[str, dict], language: str,
              registry_url: str | None) -> str:
    """Short, visible source tags after an item (kept out of the search index)."""
    t = TEXT.get(language, TEXT["en"])
    tags = []
    for reference in provenance.sources:
        key, _, place = reference.partition(" ")
        entry = registry.get(key, {})
        label = html.escape(f"{localized(entry, 'label', language)} {place}".strip())
        title = html.escape(localized(entry, "short", language) or label, quote=True)
        if registry_url is not None:
            tags.append(
                f'<a class="item-source" href="{registry_url}#kilde-{key}" title="{title}">{label}</a>'
            )
        else:
            tags.append(f'<span class="item-source" title="{title}">{label}</span>')
    if provenance.proposal:
        tags.append(f'<span class="item-proposal">{html.escape(t["proposal"])}</span>')
    noun = t["sources"] if len(provenance.sources) > 1 else t["source"]
    label = f'<span class="item-meta__label">{noun}:</span> ' if provenance.sources else ""
    return f'<span class="item-meta" data-search-exclude>{label}{" ".join(tags)}</span>'



def title_proposals(markdown: str, language: str) -> str:
    """`!!! proposal` without a title gets «Forslag fra håndboka» / "The handbook's proposal"."""
    title = TEXT.get(language, TEXT["en"])["proposal"].replace('"', "'")
    return PROPOSAL_ADMONITION_RE.sub(lambda m: f'{m["head"]} "{title}"', markdown)
