"""Redirects: a page that moved keeps its old address, in every language.

`extra.redirects` in mkdocs.yml maps each old page to its new one, both written as the path of the
Markdown file inside a language folder (the same path in docs/nb/ and docs/en/), the new one
optionally with an #anchor:

    extra:
      redirects:
        rekruttering/gammel-sjekkliste.md: rekruttering/sjekkliste.md
        rollen/veiledning.md: veiledning/index.md#gruppeveiledning

This hook guarantees that, once every language is built,

- each language has a small page at the old address (e.g. `rekruttering/gammel-sjekkliste/` and
  `en/rekruttering/gammel-sjekkliste/`) that sends the reader to the new page of the same
  language: a meta refresh and a visible link, both relative, so the site works under any
  sub-path; `assets/redirect.js` (no inline script: CSP `script-src 'self'`) carries the #anchor
  of the old address along;
- redirect pages are written after the pages, so they are in neither the search index nor the
  sitemap, and they say `noindex`;
- a redirect never overwrites, escapes or dangles: the build stops with `mkdocs.yml:LINE: …`
  when an entry is not a pair of `.md` paths inside the language folder (`..`, a leading `/` or
  a language folder in front are refused: a page would be written outside the language's site),
  its old address is the address of a page that exists (`workshops.md` is the address of
  `workshops/index.md`: addresses are compared, not file names) or of a page the build writes
  (a booklet), two entries share an old address, its new page or anchor is missing in a
  language, or it points at another redirect.
"""

from __future__ import annotations

import html
import os
import posixpath
import re

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

import handbook_i18n
import safe_html

# ----------------------------------------------------------------------------
# Conventions
# ----------------------------------------------------------------------------

SCRIPT = "assets/redirect.js"  # relative to the site root (docs/assets/redirect.js)

TEXT = {
    "nb": {"title": "Siden har flyttet", "moved": "Denne siden har flyttet til"},
    "en": {"title": "This page has moved", "moved": "This page has moved to"},
}

PAGE = """\
<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} – {site_name}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<script src="{script}"></script>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>{moved} <a href="{target}">{label}</a>.</p>
</body>
</html>
"""

# Titles of the pages of each language, by source path inside the language folder, and the site
# name of each language (mkdocs-static-i18n gives each its own).
_titles: dict[str, dict[str, str]] = {}
_site_names: dict[str, str] = {}


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    if not handbook_i18n.building(config):
        _titles.clear()
        _site_names.clear()


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    language, path = _split_language(page.file.src_uri, config)
    # A page title is HTML (a heading's text, escaped by hooks/content_safety.py): kept as text.
    _titles.setdefault(language, {})[path] = safe_html.html_text(page.title or "") or path
    _site_names[language] = config.site_name
    return context


@event_priority(-200)  # after mkdocs-static-i18n has built every language
def on_post_build(*, config: MkDocsConfig) -> None:
    if handbook_i18n.building(config):
        return
    entries = _entries(config)
    if not entries:
        return
    errors: list[str] = []
    pages: list[tuple[str, str]] = []  # (file below site_dir, its HTML)
    for line, old, new in entries:
        errors += _check(line, old, new, config, entries)
    if not errors:
        errors += _generated(entries, config)
    if errors:
        raise PluginError(
            f"{len(errors)} redirect problem(s) in extra.redirects - fix them and build again:\n"
            + "\n".join(errors)
        )
    for language, root in _languages(config):
        for line, old, new in entries:
            target, _, anchor = new.partition("#")
            old_dir = posixpath.join(root, _url(old))
            new_dir = posixpath.join(root, _url(target))
            new_html = os.path.join(config.site_dir, new_dir, "index.html")
            if anchor and f'id="{anchor}"' not in _read(new_html):
                errors.append(
                    f"{_yml(config)}:{line}: redirect {old} -> {new}: "
                    f"the {language} page has no anchor #{anchor}"
                )
                continue
            href = safe_html.relative_href(
                posixpath.relpath(new_dir, old_dir) + "/" + (f"#{anchor}" if anchor else "")
            )
            script = posixpath.relpath(SCRIPT, old_dir)
            text = TEXT.get(language, TEXT["en"])
            pages.append((
                posixpath.join(old_dir, "index.html"),
                PAGE.format(
                    lang=language,
                    title=html.escape(text["title"]),
                    site_name=html.escape(_site_names.get(language, config.site_name)),
                    target=html.escape(href),
                    script=html.escape(script),
                    moved=html.escape(text["moved"]),
                    label=html.escape(_titles.get(language, {}).get(target, href)),
                ),
            ))
    if errors:
        raise PluginError(
            f"{len(errors)} redirect problem(s) in extra.redirects - fix them and build again:\n"
            + "\n".join(errors)
        )
    for path, text in pages:
        out = os.path.join(config.site_dir, path)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _entries(config: MkDocsConfig) -> list[tuple[int, str, str]]:
    """The redirect list as (line in mkdocs.yml, old path, new path)."""
    redirects = config.extra.get("redirects") or {}
    if not isinstance(redirects, dict):
        raise PluginError(f"{_yml(config)}: extra.redirects must map old page paths to new ones")
    lines = _lines(config)
    return [(lines.get(str(old), 0), str(old), str(new)) for old, new in redirects.items()]


def _check(line: int, old: str, new: str, config: MkDocsConfig, entries) -> list[str]:
    where = f"{_yml(config)}:{line}: redirect {old} -> {new}"
    target = new.partition("#")[0]
    languages = [language for language, _ in _sources(config)]
    for path in (old, target):
        if problem := path_problem(path, languages):
            return [f"{where}: {problem}"]
    olds = {_url(other): other for _, other, _ in entries}
    if _url(target) in olds:
        return [f"{where}: {target} is itself redirected (to {dict((o, n) for _, o, n in entries)[olds[_url(target)]]}): "
                "point at the final page"]
    twice = [other for _, other, _ in entries if other != old and _url(other) == _url(old)]
    if twice:
        return [f"{where}: {twice[0]} has the same address ({_url(old)}/): keep one of the two lines"]
    errors = []
    docs = config.docs_dir
    for language, root in _sources(config):
        pages = _addresses(os.path.join(docs, root))
        if os.path.isfile(os.path.join(docs, root, old)):
            errors.append(f"{where}: docs/{posixpath.join(root, old)} still exists: a moved page leaves no file behind")
        elif _url(old) in pages:
            errors.append(
                f"{where}: the old address {_shown(_url(old))} is the address of "
                f"docs/{posixpath.join(root, pages[_url(old)])}, a page that exists: a redirect would replace it"
            )
        if not os.path.isfile(os.path.join(docs, root, target)):
            at = pages.get(_url(target))
            errors.append(
                f"{where}: docs/{posixpath.join(root, target)} does not exist ({language})"
                + (f": the page at that address is {at}, write that" if at else "")
            )
    return errors


def path_problem(path: str, languages: list[str]) -> str | None:
    """What keeps `path` from being a page path inside a language folder (None when it is one)."""
    if not path.endswith(".md"):
        return "write both as paths of .md files inside a language folder, e.g. rekruttering/sjekkliste.md"
    if path.startswith(("/", "\\")) or "\\" in path or re.match(r"^[A-Za-z]:", path):
        return (f"{path} is not a path inside the language folder: write it without a leading / "
                "(rekruttering/sjekkliste.md)")
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return (f"{path} steps out of the language folder (. or .. or //): write the path from the "
                "language folder down (rekruttering/sjekkliste.md)")
    if len(parts) > 1 and parts[0] in languages:
        return (f"{path} starts with the language folder {parts[0]}/: write the path inside it, "
                "the same for every language")
    return None


def _generated(entries, config: MkDocsConfig) -> list[str]:
    """An old address where the build has already written a page (a booklet, …)."""
    errors = []
    for language, root in _languages(config):
        for line, old, new in entries:
            written = os.path.join(config.site_dir, root, _url(old), "index.html")
            if os.path.isfile(written):
                errors.append(
                    f"{_yml(config)}:{line}: redirect {old} -> {new}: the build writes a page at the old "
                    f"address {_shown(posixpath.join(root, _url(old)))} ({language}), which a redirect would "
                    "replace: choose the old path the page really had"
                )
    return errors


def _addresses(folder: str) -> dict[str, str]:
    """The address of every page below a language folder -> its path there (index.md -> ".")."""
    found = {}
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                path = os.path.relpath(os.path.join(base, name), folder).replace(os.sep, "/")
                found.setdefault(_url(path), path)
    return found


def _shown(url: str) -> str:
    return "/" if url in (".", "") else url.rstrip("/") + "/"


def _url(path: str) -> str:
    """The folder of a page's address (use_directory_urls), e.g. a/b.md -> a/b, a/index.md -> a."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        stem = posixpath.dirname(stem)
    return stem or "."


def _languages(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(language, its folder below the site root): [("nb", ""), ("en", "en")]."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [(config.theme.get("language") or "en", "")]
    default = i18n.default_language
    return [(lang, "" if lang == default else lang) for lang in [default, *[l for l in i18n.build_languages if l != default]]]


def _sources(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(language, its folder below docs_dir): [("nb", "nb"), ("en", "en")]."""
    if config.plugins.get("i18n") is None:
        return [(language, "") for language, _ in _languages(config)]
    return [(language, language) for language, _ in _languages(config)]


def _split_language(src_uri: str, config: MkDocsConfig) -> tuple[str, str]:
    if config.plugins.get("i18n") is None:
        return (_languages(config)[0][0], src_uri)
    language, _, path = src_uri.partition("/")
    return (language, path)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def _lines(config: MkDocsConfig) -> dict[str, int]:
    """Line in mkdocs.yml of each key under extra.redirects (for error messages)."""
    try:
        with open(config.config_file_path, encoding="utf-8") as f:
            root = yaml.compose(f, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    redirects = _child(_child(root, "extra"), "redirects")
    if not isinstance(redirects, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in redirects.value}


def _child(node, name: str):
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for key, value in node.value if getattr(key, "value", None) == name), None)


def _yml(config: MkDocsConfig) -> str:
    return os.path.basename(config.config_file_path or "mkdocs.yml")


