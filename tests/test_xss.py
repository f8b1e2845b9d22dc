"""Nothing from content runs as script, even where the server sends no Content-Security-Policy
(hooks/content_safety.py, hooks/safe_html.py, the templates in overrides/, the hooks that write
HTML, docs/assets/progress-file.js).

1. The content rule alone (safe_html): what it refuses, and look-alikes it must let through.
2. A tiny bilingual site with the handbook's own configuration (hooks, templates, assets, Markdown
   extensions, read from mkdocs.yml) and hostile text written every way that reaches HTML: the
   build stops with one exact `file:LINE: …` message for each.
3. The same site with hostile text that is valid (escaped in Markdown, or plain text where
   the handbook takes text): it builds, and Chromium, served *without* the CSP header, opens every
   kind of page it makes (pages, English twins, booklets, `?present`, the interview-sheet builder,
   the new-hire plan, search results, redirect and 404 pages): no payload runs, and the hostile
   text is shown as text.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from conftest import ROOT, mkdocs_build, write_tiny_site

import sys

sys.path.insert(0, str(ROOT / "hooks"))
import safe_html  # noqa: E402

# ----------------------------------------------------------------------------
# 1. The content rule alone
# ----------------------------------------------------------------------------

RUNS = "runs code when it is followed: link to a page ([text](page.md)) or to an address that starts with https://"
DATA = "puts a whole file inside the page, which can hold a script: save the file in docs/assets/ and link to it"
HANDLER = "is an event handler, which runs code: remove it (pages take no scripts)"
EMBED = "loads another document into the page: link to it instead, [what it is](https://…)"
HEAD = "belongs in the head of a page, where the theme writes it: remove it"
FOREIGN = ("can carry scripts and is read differently inside a page: save the picture as a file in "
           "docs/assets/ and show it with ![what it shows](../assets/picture.svg)")
RAW = ("makes browsers read the markup inside it as text, unlike the build's check: remove it and "
       "write the text in Markdown")
SCRIPT = "<script> runs code: pages take no scripts (a feature belongs in docs/assets/, see CONTRIBUTING.md)"
STYLE = "<style> restyles every page element: remove it (styles belong in docs/assets/, see CONTRIBUTING.md)"


@pytest.mark.parametrize("fragment,messages", [
    ("<p>Tekst</p><script>alert(1)</script>", [SCRIPT]),
    ("<SCRIPT SRC=//example.org/x.js></SCRIPT>", [SCRIPT]),
    ("<style>body{display:none}</style>", [STYLE]),
    ('<img src="x.png" onerror="alert(1)">', [f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<IMG SRC=x OnError=alert(1)>", [f'onerror="alert(1)" on <img> {HANDLER}']),
    ('<a href="javascript:alert(1)">x</a>', [f'href="javascript:alert(1)" on <a> {RUNS}']),
    ('<a href=" JaVa&#x09;Script&colon;alert(1)">x</a>', [f'href="JaVaScript:alert(1)" on <a> {RUNS}']),
    ('<a href="&#106;avascript:alert(1)">x</a>', [f'href="javascript:alert(1)" on <a> {RUNS}']),
    ('<a href="vbscript:msgbox(1)">x</a>', [f'href="vbscript:msgbox(1)" on <a> {RUNS}']),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', [f'src="data:image/svg+xml;base64,PHN2Zz4=" on <img> {DATA}']),
    ('<img srcset="a.png 1x, data:image/png;base64,AAA 2x">', [f'srcset="data:image/png;base64" on <img> {DATA}']),
    ('<button formaction="javascript:alert(1)">x</button>', [f'formaction="javascript:alert(1)" on <button> {RUNS}']),
    ('<video poster="javascript:alert(1)"></video>', [f'poster="javascript:alert(1)" on <video> {RUNS}']),
    ('<iframe src="https://example.org/"></iframe>', [f"<iframe> {EMBED}"]),
    ("<object data='x.pdf'></object><embed src='x.swf'>", [f"<object> {EMBED}", f"<embed> {EMBED}"]),
    ('<link rel="stylesheet" href="x.css"><base href="https://example.org/">',
     [f"<link> {HEAD}", f"<base> {HEAD}"]),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', [f"<meta> {HEAD}"]),
    ('<form action="https://example.org/"><input name="q"></form>',
     ["<form> sends what readers type to an address: link to the form instead"]),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     [f"<svg> {FOREIGN}", f'xlink:href="javascript:alert(1)" on <a> {RUNS}']),
    ('<svg/onload=alert(1)>', [f"<svg> {FOREIGN}", f'onload="alert(1)" on <svg> {HANDLER}']),
    ("<math><mtext>x</mtext></math>", [f"<math> {FOREIGN}"]),
    # Browsers read these differently from an HTML parser in Python: each part is refused.
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
     [f"<noscript> {RAW}", f"onerror= on <img> {HANDLER}"]),
    ("<textarea><img src=x onerror=alert(1)></textarea>", [f"<textarea> {RAW}", f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<!-- --!><img src=x onerror=alert(1)> -->",
     ['"--!>" ends an HTML comment in browsers but not in every HTML reader: end a comment with "-->"',
      f"onerror= on <img> {HANDLER}"]),
    ("<!--><img src=x onerror=alert(1)> -->",
     ['"<!-->" is a comment that browsers end at once: write "<!-- text -->" or remove it',
      f"onerror= on <img> {HANDLER}"]),
    ("<![CDATA[ ><img src=x onerror=alert(1)> ]]>",
     ['"<![CDATA[" is not HTML: browsers end it at the first ">", so what follows would be read as '
      "markup: remove it", f"onerror= on <img> {HANDLER}"]),
    ("<p><img src=x onerror=alert(1)//</p>", [f'onerror="alert(1)//</p" on <img> {HANDLER}']),
    ('<details open ontoggle="alert(1)"><summary>x</summary></details>', [f'ontoggle="alert(1)" on <details> {HANDLER}']),
])
def test_the_rule_refuses_what_runs_and_says_what_to_write_instead(fragment, messages):
    assert [f.message for f in safe_html.findings(fragment)] == messages


# What the handbook writes, and what looks like the refused forms but runs nothing.
LOOK_ALIKES = [
    '<div class="np-path" markdown="1"><p>Tekst</p></div>',
    "<span class=\"builder-nojs\">x</span><br><kbd>Ctrl</kbd><abbr title=\"erfaringskonsulent\">EK</abbr>",
    '<a href="https://example.org/javascript:alert(1)">x</a><a href="../om/index.html#del">y</a>',
    '<a href="https://example.org/?next=javascript:alert(1)">x</a><a href="mailto:a@b.no">e</a>',
    '<a href="data/rapport.pdf">rapport</a><a href="javascript.html">js</a><a href="#">top</a>',
    '<p data-onclick="x" class="online" title="Klikk på onclick-knappen">tekst om onclick=</p>',
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; og <code>&lt;img src=x onerror=alert(1)&gt;</code></p>",
    '<pre><code>&lt;iframe src="javascript:alert(1)"&gt;</code></pre>',
    '<div id="sheet-builder" data-rounds=\'{"a/": "Første intervju"}\'></div>',
    '<img src="../assets/logo.png" alt="Logo" style="width: 3em"><details><summary>Mer</summary></details>',
    "<!-- sources: 001 §7 --><p>Etter en kommentar</p><sup id=\"fnref:1\"><a href=\"#fn:1\">1</a></sup>",
    '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
    '<input type="checkbox"><span class="task-list-indicator"></span></label> x</li></ul>',
]


@pytest.mark.parametrize("fragment", LOOK_ALIKES)
def test_the_rule_lets_the_look_alikes_through(fragment):
    assert safe_html.findings(fragment) == []


def test_the_css_string_of_the_templates_and_of_the_hooks_agree_and_end_nothing():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    template = env.from_string('{% from "partials/css-string.html" import css_string %}{{ css_string(x) }}')
    for text in ['Ark "sitat" \\ </style><script>alert(1)</script>', "Linje\nto\r\f'&", "Vanlig – tekst"]:
        css = safe_html.css_string(text)
        assert template.render(x=text) == css
        assert css.count('"') == 2 and "<" not in css and "\n" not in css
    assert safe_html.css_string("a</style>") == '"a\\3c /style\\3e "'


def test_json_in_a_script_element_holds_no_angle_bracket_and_reads_back():
    text = safe_html.script_json({"x": "</script><!--<script>&"})
    assert "<" not in text and ">" not in text and json.loads(text) == {"x": "</script><!--<script>&"}


def test_an_address_that_would_start_with_a_scheme_gets_a_dot_slash():
    assert safe_html.relative_href("javascript:alert(1)/") == "./javascript:alert(1)/"
    assert safe_html.relative_href("../liste/#plan") == "../liste/#plan"
    assert safe_html.relative_href("liste/") == "liste/"


# ----------------------------------------------------------------------------
# A tiny site with the handbook's configuration
# ----------------------------------------------------------------------------

OWNERS = {"fagteam": {"nb": "Fagteamet", "en": "The team", "email": "team@example.org"}}


def handbook_config(*, nav: list, extra: dict, nav_translations: dict) -> str:
    """mkdocs.yml of the handbook (its theme and templates, assets, plugins, hooks and Markdown
    extensions) for a tiny site: with this navigation and these `extra` settings."""
    cfg = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    cfg.pop("watch", None)
    cfg.update(site_name="Tiny", site_url="https://example.org/handbok/", nav=nav,
               extra={**cfg["extra"], **extra})
    cfg["theme"]["custom_dir"] = str(ROOT / "overrides")
    cfg["hooks"] = [str(ROOT / hook) for hook in cfg["hooks"]]
    for plugin in cfg["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                if "nav_translations" in language:
                    language["nav_translations"] = nav_translations
                if language.get("site_name"):
                    language["site_name"] = "Tiny (en)"
    return yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False, width=1000)


def write_handbook_site(folder: Path, config: str, files: dict[str, str]) -> Path:
    """The pages and includes, and a copy of every asset of the handbook."""
    write_tiny_site(folder, config, files)
    shutil.copytree(ROOT / "docs" / "assets", folder / "docs" / "assets", dirs_exist_ok=True)
    return folder


def build_messages(project: Path) -> tuple[int, list[str], str]:
    result = mkdocs_build(project, "--strict")
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    found = [line.strip() for line in output.splitlines()
             if re.match(r"\s*(docs|includes)/[^:]+:\d+: |\s*mkdocs\.yml:\d+: ", line)]
    return result.returncode, found, output


def line_of(text: str, needle: str) -> int:
    """The line of the first line of `text` (dedented like the site's files) holding `needle`."""
    import textwrap
    lines = textwrap.dedent(text).split("\n")
    return next(n for n, line in enumerate(lines, 1) if needle in line)


# ----------------------------------------------------------------------------
# 2. What must be refused, with the exact message
# ----------------------------------------------------------------------------

REGISTRY_REFUSED = """\
"001": {label: {nb: PRIOslo 2022, en: PRIOslo 2022}, short: {nb: Veilederen, en: The guide}}
"002": {label: {nb: Bergen 2021, en: Bergen 2021}, title: {nb: "Bergen <img src=x onerror=alert(40)>", en: "Bergen <img src=x onerror=alert(41)>"}}
"""

# Each hostile line is preceded by a look-alike that must not be refused (or taken for it).
NB_REFUSED = """\
---
keywords: [farlig]
sources: 001 §1
---

# Farlig side

Skriv aldri `<script>` i en side, og se eksemplet:

```html
<script>alert(0)</script>
```

<script>alert(1)</script>

Tekst <img src="x.png" onerror="alert(2)"> inne i et avsnitt, og ordet onerror= i teksten.

[Lenke om javascript:](https://example.org/javascript:alert) og [klikk](javascript:alert(3)).

Se [veiledningen][ref].

Et avsnitt med en klasse.
{: .merk }

Et avsnitt med attributt.
{: onclick="alert(5)" }

<div markdown onmouseover="alert(6)">

Tekst i en blokk.

</div>

![Bilde](data:image/svg+xml;base64,PHN2Zz4=)

<a href="jav&#x09;ascript:alert(8)">skjult</a>

<iframe src="https://example.org/"></iframe>

<form action="https://example.org/"><button formaction="javascript:alert(9)">Send</button></form>

<svg><a xlink:href="javascript:alert(10)"><text>x</text></a></svg>

<object data="x.pdf"></object> <embed src="x.swf"> <math><mi>x</mi></math>

<link rel="stylesheet" href="x.css"><meta http-equiv="refresh" content="0"><base href="https://example.org/">

!!! note "<img src=x onerror=alert(14)>"
    Tekst i boksen.

## Del <img src=x onerror=alert(16)>

- [ ] Sjekk <img src=x onerror=alert(17)> nå. {#t-farlig}

Med fotnote.[^1]

--8<-- "farlig-snutt.md"

[^1]: <span onclick="alert(15)">fotnote</span>

[ref]: JaVaScRiPt:alert(4)
"""

EN_REFUSED = """\
---
keywords: [dangerous]
sources: 001 §1
---

# Dangerous page

A [link](vbscript:msgbox(20)).

<style>body { display: none }</style>

<img srcset="a.png 1x, data:image/png;base64,AAAA 2x" alt="">

<noscript><p title="</noscript><img src=x onerror=alert(23)>"></noscript>

- [ ] Check <img src=x onerror=alert(21)> now. {#t-farlig}
"""

SNIPPET_REFUSED = "Fra en snutt.\n\n<script>alert(18)</script>\n"

REFUSED_PAGES = {
    "includes/sources.yml": REGISTRY_REFUSED,
    "includes/ledger.yml": "",
    "includes/farlig-snutt.md": SNIPPET_REFUSED,
    "includes/abbreviations.nb.md": "*[EK]: erfaringskonsulent\n",
    "includes/abbreviations.en.md": "*[EK]: peer worker\n",
    "nb/index.md": "---\nkeywords: [hjem]\n---\n\n# Hjem\n\nTekst.\n",
    "en/index.md": "---\nkeywords: [home]\n---\n\n# Home\n\nText.\n",
    "nb/kilder.md": "---\nkeywords: [kilder]\n---\n\n# Kilder\n\n<!-- source-registry -->\n",
    "en/kilder.md": "---\nkeywords: [sources]\n---\n\n# Sources\n\n<!-- source-registry -->\n",
    "nb/farlig.md": NB_REFUSED,
    "en/farlig.md": EN_REFUSED,
}
REFUSED_NAV = ["index.md", "farlig.md", "kilder.md", {"Farlig lenke": "javascript:alert(22)"}]
REFUSED_EXTRA = {
    "sources": {"registry": "includes/sources.yml", "page": "kilder.md"},
    "items": {"ledger": "includes/ledger.yml", "distinct": []},
    "redirects": {}, "owner": "fagteam", "owners": OWNERS,
}
REFUSED_CONFIG = handbook_config(nav=REFUSED_NAV, extra=REFUSED_EXTRA, nav_translations={})


@dataclass
class Refused:
    name: str
    messages: list[str]


def nb(needle: str, message: str) -> str:
    return f"docs/nb/farlig.md:{line_of(NB_REFUSED, needle)}: {message}"


def en(needle: str, message: str) -> str:
    return f"docs/en/farlig.md:{line_of(EN_REFUSED, needle)}: {message}"


REFUSED = [
    Refused("a <script> element", [nb("<script>alert(1)", SCRIPT)]),
    Refused("an event handler in raw HTML", [nb('onerror="alert(2)"', f'onerror="alert(2)" on <img> {HANDLER}')]),
    Refused("a javascript: Markdown link", [nb("alert(3)", f'href="javascript:alert(3)" on <a> {RUNS}')]),
    Refused("a javascript: reference link", [nb("[ref]: JaVaScRiPt", f'href="JaVaScRiPt:alert(4)" on <a> {RUNS}')]),
    Refused("an event handler from attr_list", [nb("alert(5)", f'onclick="alert(5)" on <p> {HANDLER}')]),
    Refused("an event handler on <div markdown>", [nb("alert(6)", f'onmouseover="alert(6)" on <div> {HANDLER}')]),
    Refused("a data: image", [nb("![Bilde](data:", f'src="data:image/svg+xml;base64,PHN2Zz4=" on <img> {DATA}')]),
    Refused("a javascript: address hidden by an entity", [nb("alert(8)", f'href="javascript:alert(8)" on <a> {RUNS}')]),
    Refused("an <iframe>", [nb("<iframe", f"<iframe> {EMBED}")]),
    Refused("a <form> with a javascript: formaction", [
        nb("<form", "<form> sends what readers type to an address: link to the form instead"),
        nb("<form", f'formaction="javascript:alert(9)" on <button> {RUNS}')]),
    Refused("an <svg> with a javascript: link", [
        nb("<svg>", f"<svg> {FOREIGN}"), nb("<svg>", f'xlink:href="javascript:alert(10)" on <a> {RUNS}')]),
    Refused("<object>, <embed> and <math>", [
        nb("<object", f"<object> {EMBED}"), nb("<object", f"<embed> {EMBED}"), nb("<object", f"<math> {FOREIGN}")]),
    Refused("<link>, <meta> and <base>", [
        nb("<link", f"<link> {HEAD}"), nb("<link", f"<meta> {HEAD}"), nb("<link", f"<base> {HEAD}")]),
    Refused("an admonition title", [nb("alert(14)", f'onerror="alert(14)" on <img> {HANDLER}')]),
    Refused("a heading", [nb("alert(16)", f'onerror="alert(16)" on <img> {HANDLER}')]),
    Refused("an item's text", [nb("alert(17)", f'onerror="alert(17)" on <img> {HANDLER}')]),
    Refused("a footnote", [nb("alert(15)", f'onclick="alert(15)" on <span> {HANDLER}')]),
    Refused("a snippet", [f"includes/farlig-snutt.md:3: {SCRIPT} (shown on docs/nb/farlig.md)"]),
    Refused("the source registry's titles", [
        f"includes/sources.yml:2: onerror=\"alert(40)\" on <img> {HANDLER} (shown on docs/nb/kilder.md)",
        f"includes/sources.yml:2: onerror=\"alert(41)\" on <img> {HANDLER} (shown on docs/en/kilder.md)"]),
    Refused("the English twin", [
        en("vbscript", f'href="vbscript:msgbox(20)" on <a> {RUNS}'), en("<style>", STYLE),
        en("alert(21)", f'onerror="alert(21)" on <img> {HANDLER}'),
        en("srcset", f'srcset="data:image/png;base64" on <img> {DATA}')]),
    Refused("a <noscript> that hides a tag from the parser", [
        en("<noscript>", f"<noscript> {RAW}"), en("<noscript>", f"onerror= on <img> {HANDLER}")]),
    Refused("a javascript: link in the navigation", [
        f"mkdocs.yml:{line_of(REFUSED_CONFIG, 'javascript:alert(22)')}: the nav link \"Farlig lenke\" goes to "
        f"\"javascript:alert(22)\", which {RUNS}"]),
]


@pytest.fixture(scope="module")
def refused_build(tmp_path_factory) -> tuple[int, list[str], str]:
    project = write_handbook_site(tmp_path_factory.mktemp("refused"), REFUSED_CONFIG, REFUSED_PAGES)
    return build_messages(project)


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_hostile_markup_is_refused_with_file_line_and_what_to_write(refused_build, case):
    code, found, output = refused_build
    assert code != 0
    for message in case.messages:
        assert message in found, output


def test_nothing_else_is_refused_and_every_message_is_said_once(refused_build):
    """The look-alikes beside every hostile line (code, prose, safe links, a class) pass."""
    code, found, output = refused_build
    expected = [m for case in REFUSED for m in case.messages]
    assert sorted(found) == sorted(expected), output
