"""`extra.offline` in mkdocs.yml, read and checked (a sibling module of hooks/offline.py).

    extra:
      offline:
        short_name: {nb: Håndboka, en: Handbook}   # under the icon on a home screen
        skip: [utskrift/, "*/utskrift/"]           # pages stored only when opened
        fetched: [items.json]                      # files scripts fetch that no page links to
        timeout: 3                                 # seconds a page waits for the network

`settings()` guarantees a `Settings` with every value of the right kind (defaults for what is
not written), or a `PluginError` `mkdocs.yml:LINE: extra.offline.KEY …` naming the line of the
key and saying what to write instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


@dataclass
class Settings:
    """`extra.offline` in mkdocs.yml."""

    short_name: dict[str, str] = field(default_factory=dict)  # per language
    skip: tuple[str, ...] = ()  # page addresses (patterns) stored only when opened
    fetched: tuple[str, ...] = ()  # files below each language root that scripts fetch
    timeout: float = 3.0  # seconds a page waits for the network before the stored copy


def settings(config: MkDocsConfig) -> Settings:
    """`extra.offline`, checked; `mkdocs.yml:LINE: …` for what is wrong."""
    raw = config.extra.get("offline")
    if raw is None:
        return Settings()
    lines = _lines(config)

    def problem(key: str, message: str) -> PluginError:
        where = f"{os.path.basename(config.config_file_path or 'mkdocs.yml')}:{lines.get(key, lines.get('', 0))}"
        return PluginError(f"{where}: extra.offline{'.' + key if key else ''} {message}")

    if not isinstance(raw, dict):
        raise problem("", "must be a mapping (short_name, skip, fetched, timeout)")
    unknown = sorted(set(raw) - {"short_name", "skip", "fetched", "timeout"})
    if unknown:
        raise problem(unknown[0], "is not a setting: the settings are short_name, skip, fetched and timeout")
    short = raw.get("short_name") or {}
    if not isinstance(short, dict) or not all(isinstance(v, str) and v.strip() for v in short.values()):
        raise problem("short_name", "must give a name per language, e.g. {nb: Håndboka, en: Handbook}")
    lists = {}
    for key in ("skip", "fetched"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise problem(key, "must be a list of addresses, e.g. [items.json]")
        lists[key] = tuple(v.strip() for v in value)
    timeout = raw.get("timeout", 3)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 60:
        raise problem("timeout", "must be a number of seconds between 0 and 60, e.g. 3")
    return Settings({str(k): v.strip() for k, v in short.items()}, lists["skip"], lists["fetched"], float(timeout))


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _lines(config: MkDocsConfig) -> dict[str, int]:
    """Line in mkdocs.yml of extra.offline ("") and of each key under it."""
    try:
        with open(config.config_file_path, encoding="utf-8") as f:
            root = yaml.compose(f, Loader=yaml.SafeLoader)
    except (OSError, TypeError, yaml.YAMLError):
        return {}
    node = _child(_child(root, "extra"), "offline", keep_key=True)
    if node is None:
        return {}
    key, value = node
    lines = {"": key.start_mark.line + 1}
    if isinstance(value, yaml.MappingNode):
        lines.update({k.value: k.start_mark.line + 1 for k, _ in value.value})
    return lines


def _child(node, name: str, keep_key: bool = False):
    if isinstance(node, tuple):
        node = node[1]
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if getattr(key, "value", None) == name:
            return (key, value) if keep_key else value
    return None
