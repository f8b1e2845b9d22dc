"""Placeholder addresses that must never reach a published handbook.

A sibling module of the hooks and of `tools/` (not a hook; no MkDocs needed). mkdocs.yml ships
with example addresses so that `make build` and `make serve` work out of the box: `site_url`
(`https://intranett.example.no/…`), the owners' e-mail addresses that every «Meld fra om feil»
link and printed sheet carry, and an empty link to the organisation's accessibility statement
in uustatus.no. Each can be written in mkdocs.yml or come from the environment through `!ENV`,
so that one repository can be published by two kommuner:

    SITE_URL                        the published address (site_url)
    HANDBOOK_OWNER_EMAIL_<KEY>      the e-mail address of owner KEY in extra.owners, in capitals
                                    (HANDBOOK_OWNER_EMAIL_FAGTEAM)
    HANDBOOK_UUSTATUS_URL           the address of the statement in uustatus.no
                                    (extra.accessibility.uustatus)

`problems(config_path, environ)` guarantees one message per setting that would publish a
placeholder, `mkdocs.yml:LINE: …`, naming the setting, the value, why it is a placeholder and how
to set it (the variable when the value comes from `!ENV`). A placeholder is an address whose
domain is meant for examples or never exists (`example.*` at any level, `.invalid`, `.example`,
`.test`, `.localhost`), this machine (`localhost`, `127.0.0.1`, `::1`, `0.0.0.0`), or nothing.
`tools/placeholders.py` runs it from the command line; `make publish` calls it first.
"""

from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import urlsplit

import yaml

import yamlfile

# Top-level domains that never reach a real server (RFC 2606, RFC 6761).
RESERVED_TLDS = {"invalid": "a domain that never exists", "example": "a domain reserved for examples",
                 "test": "a domain reserved for testing"}
THIS_MACHINE = {"localhost", "0.0.0.0"}


# ----------------------------------------------------------------------------
# Judging one address
# ----------------------------------------------------------------------------


def why_placeholder(domain: str) -> str | None:
    """Why a host name (or an e-mail address's domain) is a placeholder, or None when it is not."""
    host = domain.strip().strip("[]").rstrip(".").lower()
    if not host:
        return "it is empty"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        if ip.is_loopback or ip.is_unspecified:
            return f"{host} is this machine, not a server readers can reach"
        return None
    labels = host.split(".")
    if host in THIS_MACHINE or labels[-1] == "localhost":
        return f"{host} is this machine, not a server readers can reach"
    if labels[-1] in RESERVED_TLDS:
        return f".{labels[-1]} is {RESERVED_TLDS[labels[-1]]}"
    if "example" in labels:
        return f"{host} is a domain reserved for examples"
    return None


def url_problem(value: str) -> str | None:
    """What is wrong with a published web address, said to follow `site_url is "…", `; or None."""
    if not value.strip():
        return "not set"
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not a web address (https://…)"
    reason = why_placeholder(parts.hostname)
    return f"a placeholder ({reason})" if reason else None


def email_problem(value: str) -> str | None:
    """What is wrong with a published e-mail address, as url_problem says it; or None."""
    value = value.strip()
    if not value:
        return "not set"
    if not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
        return "not an e-mail address (name@domain)"
    reason = why_placeholder(value.rpartition("@")[2])
    return f"a placeholder ({reason})" if reason else None


# ----------------------------------------------------------------------------
# mkdocs.yml
# ----------------------------------------------------------------------------


class Env:
    """A value written as `!ENV [VAR, …, default]`: the variables tried, in order, and the default."""

    def __init__(self, names: list[str], default):
        self.names, self.default = names, default

    def value(self, environ) -> tuple[object, str | None]:
        """The value and the variable it came from (None: the default)."""
        for name in self.names:
            if name in environ:
                return yaml.safe_load(environ[name]) if environ[name] != "" else "", name
        return self.default, None


def _loader():
    class Loader(yamlfile.StrictLoader):
        pass

    def env(loader, node):
        if isinstance(node, yaml.ScalarNode):
            return Env([loader.construct_scalar(node)], None)
        items = loader.construct_sequence(node, deep=True)
        if len(items) == 1:
            return Env([str(items[0])], None)
        return Env([str(i) for i in items[:-1]], items[-1])

    def other(loader, suffix, node):  # !!python/name:… and the like: not ours to judge
        return None

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", other)
    Loader.add_multi_constructor("!", other)
    return Loader


def load(config_path: str):
    """mkdocs.yml as data, `!ENV` values kept as Env; raises YamlProblem."""
    display = os.path.basename(config_path)
    with open(config_path, encoding="utf-8-sig") as f:
        text = f.read()
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        raise yamlfile.explain(error, display, text) from None


def problems(config_path: str, environ) -> list[str]:
    """Every placeholder a publishing build of this mkdocs.yml would publish, one message each:
    `mkdocs.yml:LINE: setting is "value", a placeholder (why): how to set it`."""
    display = os.path.basename(config_path)
    try:
        config = load(config_path)
    except yamlfile.YamlProblem as problem:
        return [str(problem)]
    if not isinstance(config, yamlfile.Mapping):
        return [f"{display}:1: not a MkDocs configuration"]
    found = []

    def judge(mapping, key, setting: str, kind: str, variable: str, how: str) -> None:
        written = mapping.get(key)
        value, source = written.value(environ) if isinstance(written, Env) else (written, None)
        value = "" if value is None else str(value)
        reason = url_problem(value) if kind == "url" else email_problem(value)
        if reason is None:
            return
        if isinstance(written, Env):
            where = f"set {' or '.join(written.names)} to {how}, or write it in {display}"
        else:
            where = f"write {how} here, or write `!ENV [{variable}, …]` and set {variable}"
        said = "is not set" if reason == "not set" else f'is "{value}"' + (f" (from {source})" if source else "") + f", {reason}"
        found.append(f"{display}:{mapping.line(key, 1)}: {setting} {said}: {where}")

    judge(config, "site_url", "site_url", "url", "SITE_URL", "the address the handbook is published at")
    extra = config.get("extra")
    if not isinstance(extra, yamlfile.Mapping):
        extra = yamlfile.Mapping()
        extra.lines = {}
    owners = extra.get("owners") if isinstance(extra.get("owners"), yamlfile.Mapping) else None
    for key, owner in (owners or {}).items():
        if isinstance(owner, yamlfile.Mapping):
            judge(owner, "email", f"extra.owners.{key}.email", "email",
                  f"HANDBOOK_OWNER_EMAIL_{re.sub(r'[^A-Za-z0-9]', '_', str(key)).upper()}",
                  "the owner's real address")
    accessibility = extra.get("accessibility")
    if isinstance(accessibility, yamlfile.Mapping):
        judge(accessibility, "uustatus", "extra.accessibility.uustatus", "url", "HANDBOOK_UUSTATUS_URL",
              "the address of the organisation's accessibility statement (make it at uustatus.no)")
    else:
        found.append(
            f"{display}:{config.line('extra', 1)}: extra.accessibility.uustatus is not set: add "
            "`accessibility: {uustatus: !ENV [HANDBOOK_UUSTATUS_URL, \"\"]}` under extra and set "
            "HANDBOOK_UUSTATUS_URL to the address of the organisation's accessibility statement "
            "(make it at uustatus.no)"
        )
    return found
