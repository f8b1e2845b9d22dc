"""Reading mkdocs.yml as editors wrote it: strictly, with the line of every key and list entry.

A sibling module of the hooks and of `tools/check_config.py` (not a hook; it does not need
MkDocs). MkDocs parses mkdocs.yml before any hook runs, and keeps no line numbers; this module
reads the same file again so that messages can say `mkdocs.yml:LINE: …`. It guarantees that

- `load()` reads mkdocs.yml with `hooks/yamlfile.py`'s rules (a key written twice is refused, a
  broken line is said in plain words with its line: `YamlProblem`), and accepts the tags MkDocs
  accepts: `!ENV VAR` / `!ENV [VAR, default]` (the variable's value, else the default),
  `!relative` (a path, kept as written) and `!!python/name:…` (kept as its name);
- `Config.line(*keys)` is the line of a key, or of a list entry (an int in `keys`), so hooks can
  name the line of `extra.items.distinct` or `extra.redirects` entries.
"""

from __future__ import annotations

import os

import yaml

import yamlfile


class ConfigLoader(yamlfile.StrictLoader):
    """yamlfile's strict loader plus the tags MkDocs reads in mkdocs.yml."""


def _env(loader: ConfigLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode) and node.value:
        *heads, last = node.value
        names = [loader.construct_scalar(n) for n in (heads or [last])]
        default = loader.construct_object(last) if heads else None
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV takes a variable name, or [NAME, default]", node.start_mark)
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _relative(loader: ConfigLoader, node: yaml.Node):
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else ""


def _python_name(loader: ConfigLoader, suffix: str, node: yaml.Node):
    return f"python/name:{suffix}"


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_constructor("!relative", _relative)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


class Config:
    """mkdocs.yml as data, with the line of each key and list entry."""

    def __init__(self, data, root: yaml.Node | None, display: str):
        self.data, self.root, self.display = data, root, display

    def line(self, *keys) -> int:
        """The line of `extra` → `items` → `distinct` → entry 2, …; 0 when it is not there."""
        node, line = self.root, 0
        for key in keys:
            if isinstance(node, yaml.MappingNode) and isinstance(key, str):
                found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), None)
                if found is None:
                    return 0
                line, node = found[0].start_mark.line + 1, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return 0
        return line

    def where(self, *keys) -> str:
        """`mkdocs.yml:LINE` (or just `mkdocs.yml` when the key is not written)."""
        line = self.line(*keys)
        return f"{self.display}:{line}" if line else self.display


def load(path: str, display: str | None = None) -> Config:
    """mkdocs.yml read strictly; raises `yamlfile.YamlProblem` (`mkdocs.yml:LINE: plain words`)."""
    display = display or os.path.basename(path)
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    try:
        data = yaml.load(text, Loader=ConfigLoader)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise yamlfile.explain(error, display, text) from None
    return Config(data, root, display)


_cache: dict[str, tuple[float, Config]] = {}


def read(path: str) -> Config | None:
    """`load()` for hooks, once per change of the file; None when it cannot be read (MkDocs has
    read it already, so a hook only loses line numbers)."""
    try:
        stamp = os.path.getmtime(path)
        if path in _cache and _cache[path][0] == stamp:
            return _cache[path][1]
        config = load(path)
    except (OSError, yamlfile.YamlProblem):
        return None
    _cache[path] = (stamp, config)
    return config
