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

import yaml
from mkdocs.exceptions import PluginError

# libyaml's safe loader when PyYAML has it (ten times faster on the ledger), else PyYAML's own.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


def load_registry(config) -> dict[str, dict]:
    """The registry named by `extra.sources.registry`, or {} when the site has none."""
    path = (config.extra.get("sources") or {}).get("registry")
    if not path:
        return {}
    root = os.path.dirname(config.config_file_path)
    try:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            data = yaml.load(f, Loader=LOADER) or {}
    except OSError as error:
        raise PluginError(f"mkdocs.yml: extra.sources.registry: cannot read {path}: {error.strerror}")
    except yaml.YAMLError as error:
        raise PluginError(f"{path}: not valid YAML: {error}")
    registry = {}
    for key, entry in data.items():
        key = str(key).zfill(3)
        if not REFERENCE_RE.match(key) or not isinstance(entry, dict) or "label" not in entry:
            raise PluginError(f'{path}: source "{key}" needs a three-digit key and a label')
        registry[key] = entry
    return registry


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
    for part in (" ".join(p.split()) for p in parts):
        if not part:
            continue
        if part.casefold() == PROPOSAL:
            proposal = True
            continue
        m = REFERENCE_RE.match(part)
        if not m:
            problems.append(
                f'"{part}" is not a source: write a key and a place ("001 §11.4") or "proposal", '
                "separated by ;"
            )
        elif m["key"] not in registry:
            known = ", ".join(sorted(registry)) or "none"
            problems.append(f'unknown source "{m["key"]}": the registry has {known}')
        elif not m["place"]:
            problems.append(
                f'source "{part}" names no place in it: write e.g. "{part} §7" '
                "(§, kap., vedlegg, spm. or s.)"
            )
        else:
            sources.append(f'{m["key"]} {re.sub(r"§ +", "§", m["place"])}')
    if not sources and not proposal and not problems:
        problems.append('sources is empty: name a source ("001 §11.4") or write "proposal"')
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
