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

import http.server
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from conftest import ROOT, NotFoundPages, mkdocs_build, serve_folder, write_tiny_site

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
     [f"<noscript> {RAW}", f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<textarea><img src=x onerror=alert(1)></textarea>", [f"<textarea> {RAW}", f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<!-- --!><img src=x onerror=alert(1)> -->",
     ['"--!>" ends an HTML comment in browsers but not in every HTML reader: end a comment with "-->"',
      f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<!--><img src=x onerror=alert(1)> -->",
     ['"<!-->" is a comment that browsers end at once: write "<!-- text -->" or remove it',
      f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<![CDATA[ ><img src=x onerror=alert(1)> ]]>",
     ['"<![CDATA[" is not HTML: browsers end it at the first ">", so what follows would be read as '
      "markup: remove it", f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<p><img src=x onerror=alert(1)//</p>", [f'onerror="alert(1)//</p" on <img> {HANDLER}']),
    ('<details open ontoggle="alert(1)"><summary>x</summary></details>', [f'ontoggle="alert(1)" on <details> {HANDLER}']),
    # Attributes as a browser's tokenizer reads them: no space needed after a quoted value, "/"
    # between attributes, "=" around spaces, a tag inside a raw "<" in a quoted value.
    ('<img src="x"onerror="alert(1)">', [f'onerror="alert(1)" on <img> {HANDLER}']),
    ("<img/src=x/onerror=alert(1)>", []),  # one unquoted value: src="x/onerror=alert(1)"
    ("<img src=x/ onerror = 'alert(1)'>", [f'onerror="alert(1)" on <img> {HANDLER}']),
    ('<a title="<img src=x onerror=alert(1)>">x</a>', [f'onerror="alert(1)" on <img> {HANDLER}']),
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
    # What Markdown escapes in an attribute is text, whatever it says (abbreviations, link titles).
    '<abbr title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">EK</abbr>',
    '<a href="https://example.org/" title="&lt;b onclick=alert(1)&gt; javascript:alert(1)">x</a>',
    "<div data-rounds='{\"a/\": \"Første &lt;img src=x onerror=alert(1)&gt;\"}'></div>",
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
    assert safe_html.css_string("a</style>") == '"a\\3C /style\\3E "'


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
    # The privacy page's registry describes the handbook's own pages: a tiny site has none of them.
    base = {key: value for key, value in cfg["extra"].items() if key != "storage"}
    cfg.update(site_name="Tiny", site_url="https://example.org/handbok/", nav=nav,
               extra={**base, **extra})
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
"001": {label: {nb: PRIOslo 2022, en: PRIOslo 2022}, short: {nb: Veilederen, en: The guide}, places: {§: 1-9}}
"002": {label: {nb: Bergen 2021, en: Bergen 2021}, title: {nb: "Bergen <img src=x onerror=alert(40)>", en: "Bergen <img src=x onerror=alert(41)>"}, places: {§: 1-9}}
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
        en("<noscript>", f"<noscript> {RAW}"), en("<noscript>", f'onerror="alert(23)" on <img> {HANDLER}')]),
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


# ----------------------------------------------------------------------------
# 3. Hostile text that is valid: it builds, and no page runs it without the CSP
# ----------------------------------------------------------------------------

# A payload runs alert(N) (or sets window.__xss) if anything turns it into markup; N names the path
# it took: 1xx in Norwegian, 2xx in English.
WORDS = {
    "nb": dict(home="Hjem", text="Tekst på siden.", list="Listen", check="Sjekk", item="Sjekk",
               read="Les", question="Hva med", rec="Rekruttering", bank="Spørsmål", builder="Lag ark",
               round="Første", path="Ny i jobben", before="Før første dag", week="Første uke",
               plan="Planen din", ws="Workshops", rus="Rus", sources="Kilder", part="Del",
               meet="Møt fadderen og ta med", who="Hvem i teamet kjenner til", allowed="Er det greit å ha med seg"),
    "en": dict(home="Home", text="Text on the page.", list="The list", check="Check", item="Check",
               read="Read", question="What about", rec="Recruitment", bank="Questions", builder="Build a sheet",
               round="First", path="New in the job", before="Before day one", week="First week",
               plan="Your plan", ws="Workshops", rus="Drugs", sources="Sources", part="Part",
               meet="Meet your buddy and bring", who="Who on the team knows about", allowed="Is it fine to carry"),
}
SECTION = {"nb": "Sjekk </style></title><script>window.__xss = 101</script>",
           "en": "Check </style></title><script>window.__xss = 201</script>"}


def img(n: int) -> str:
    """The payload as a reader must see it."""
    return f"<img src=x onerror=alert({n})>"


def ent(text: str) -> str:
    """The payload written with entities in Markdown: valid text, never markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hostile_pages(lang: str) -> dict[str, str]:
    w, n = WORDS[lang], 100 if lang == "nb" else 200
    breakout = f"</title></style><script>alert({n + 12})</script>"
    pages = {
        "index.md": f"""\
            ---
            description: '"><script>alert({n + 10})</script>'
            keywords: ["<img src=x onerror=alert({n + 11})>", 2023]
            ---

            # {w['home']}

            {w['text']} [{w['list']}](sjekk/liste.md).
            """,
        "sjekk/index.md": f"---\nkeywords: [{w['check']}]\n---\n\n# {w['check']}\n\n{w['text']}\n",
        "sjekk/liste.md": f"""\
            ---
            sheet: checklist
            sources: 001 §1
            id-prefix: t-
            keywords: [{w['list']}]
            ---

            # {w['list']} {ent(breakout)}

            {w['text']} {ent(img(n + 13))}, `<script>alert({n + 14})</script>`, [{w['read']}](https://example.org/ "<b onclick=alert({n + 15})>").

            ## {w['part']} {ent(img(n + 16))}

            - [ ] {w['item']} {ent(img(n + 17))} {{#t-sjekk}}
            - [ ] {w['read']} `</script><script>alert({n + 18})</script>` {{#t-les}}

            ```html
            <script>alert({n + 19})</script>
            ```

            [JavaScript](https://example.org/?q=javascript:alert({n + 20})) <span class="merk">x</span> <kbd>Ctrl</kbd>
            """,
        "sjekk/tittel.md": f"""\
            ---
            title: "</title></style><script>alert({n + 21})</script>"
            keywords: [{w['check']}]
            ---

            {w['text']}
            """,
        "rekruttering/index.md": f"---\nkeywords: [{w['rec']}]\n---\n\n# {w['rec']}\n\n{w['text']}\n",
        "rekruttering/intervju-1.md": f"""\
            ---
            sheet: interview
            sources: 001 §1
            id-prefix: int1-
            keywords: [{w['bank']}]
            ---

            # {w['bank']}

            ## {w['part']}

            1. [?] {w['who']} {ent(img(n + 22))}? {{#int1-a}}
            2. [?] {w['question']} `</script><script>alert({n + 23})</script>`? {{#int1-b}}
            """,
        "rekruttering/intervjuark.md": f"""\
            ---
            sheet: builder
            keywords: [{w['builder']}]
            ---

            # {w['builder']}

            <div id="sheet-builder" class="builder" data-rounds='{{"rekruttering/intervju-1/": "{w['round']} {ent(img(n + 24))}"}}' markdown>

            {w['text']}

            </div>
            """,
        "ny-i-jobben/index.md": f"""\
            ---
            keywords: [{w['path']}]
            ---

            # {w['path']}

            <div class="np-path" markdown>

            1. [{w['before']}](for-forste-dag.md) – {w['text']}
            2. [{w['week']}](forste-uke.md) – {w['text']}

            </div>

            ## {w['plan']}

            <div class="np-plan" markdown>

            {w['text']}

            </div>
            """,
        "ny-i-jobben/for-forste-dag.md": f"""\
            ---
            sheet: checklist
            sources: 001 §1
            id-prefix: ny-for-
            keywords: [{w['before']}]
            ---

            # {w['before']}

            - [ ] {w['meet']} {ent(img(n + 25))} {{#ny-for-a}}
            """,
        "ny-i-jobben/forste-uke.md": f"""\
            ---
            sheet: checklist
            sources: 001 §1
            id-prefix: ny-uke1-
            keywords: [{w['week']}]
            ---

            # {w['week']}

            - [ ] {w['read']} {ent(img(n + 26))} {{#ny-uke1-a}}
            """,
        "workshops/index.md": f"---\nkeywords: [{w['ws']}]\n---\n\n# {w['ws']}\n\n{w['text']}\n",
        "workshops/rus.md": f"""\
            ---
            sheet: workshop
            sources: 001 §1
            id-prefix: ws-rus-
            keywords: [{w['rus']}]
            ---

            # {w['rus']}

            ## {w['part']}

            1. [?] {w['allowed']} {ent(img(n + 27))}? {{#ws-rus-a}}
            2. [?] {w['read']} `<svg onload=alert({n + 28})>` {{#ws-rus-b}}
            """,
        "kilder.md": f"---\nkeywords: [{w['sources']}]\n---\n\n# {w['sources']}\n\n<!-- source-registry -->\n",
    }
    return {f"{lang}/{path}": text for path, text in pages.items()}


HOSTILE_REGISTRY = """\
"001":
  label: {nb: "</script><!--<script>alert(130)</script>", en: "</script><!--<script>alert(230)</script>"}
  title: {nb: "Veilederen &lt;img src=x onerror=alert(131)&gt;", en: "The guide &lt;img src=x onerror=alert(231)&gt;"}
  short: {nb: '&quot;&gt;&lt;img src=x onerror=alert(132)&gt;', en: '&quot;&gt;&lt;img src=x onerror=alert(232)&gt;'}
  reference: {nb: "Oslo kommune (2022).", en: "City of Oslo (2022)."}
  places: {§: 1-9}
"""

HOSTILE_FILES = {
    **hostile_pages("nb"), **hostile_pages("en"),
    "includes/sources.yml": HOSTILE_REGISTRY,
    "includes/ledger.yml": "",
    "includes/abbreviations.nb.md": '*[Tekst]: "><img src=x onerror=alert(133)>\n',
    "includes/abbreviations.en.md": '*[Text]: "><img src=x onerror=alert(233)>\n',
}
HOSTILE_NAV = [
    "index.md",
    {SECTION["nb"]: ["sjekk/index.md", "sjekk/liste.md", "sjekk/tittel.md"]},
    {"Rekruttering": ["rekruttering/index.md", "rekruttering/intervju-1.md", "rekruttering/intervjuark.md"]},
    {"Ny i jobben": ["ny-i-jobben/index.md", "ny-i-jobben/for-forste-dag.md", "ny-i-jobben/forste-uke.md"]},
    {"Workshops": ["workshops/index.md", "workshops/rus.md"]},
    "kilder.md",
]
HOSTILE_EXTRA = {
    "sources": {"registry": "includes/sources.yml", "page": "kilder.md"},
    "items": {"ledger": "includes/ledger.yml", "distinct": []},
    "redirects": {"sjekk/gammel.md": "sjekk/liste.md"},
    "owner": "fagteam",
    "owners": {"fagteam": {"nb": "Team </style><script>alert(134)</script>",
                           "en": "Team </style><script>alert(234)</script>",
                           "email": 'team@example.org"></style><script>window.__xss = 135</script>'}},
}
HOSTILE_CONFIG = handbook_config(
    nav=HOSTILE_NAV, extra=HOSTILE_EXTRA,
    nav_translations={SECTION["nb"]: SECTION["en"], "Rekruttering": "Recruitment",
                      "Ny i jobben": "New in the job", "Workshops": "Workshops"},
)


class _NoCSP(NotFoundPages, http.server.SimpleHTTPRequestHandler):
    """The site as an intranet server that forgets the CSP header would serve it: files as they
    are, and each language's 404 page at any address that is not found."""

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = write_handbook_site(tmp_path_factory.mktemp("hostile"), HOSTILE_CONFIG, HOSTILE_FILES)
    code, found, output = build_messages(project)
    assert code == 0 and found == [], output
    return project / "site"


@pytest.fixture(scope="module")
def served_without_csp(hostile_site, tmp_path_factory):
    www = tmp_path_factory.mktemp("www-no-csp")
    shutil.copytree(hostile_site, www / "handbok")
    origin, server = serve_folder(www, _NoCSP)
    yield origin + "handbok/"
    server.shutdown()


# Everything on a page that could run: handlers, script addresses, inline scripts (JSON is data).
SCRIPTABLE = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${el.localName} ${a.name}=${a.value}`);
      if (/^(href|src|action|formaction|xlink:href|data|poster|srcset)$/i.test(a.name)
          && /^[\\s\\x00-\\x1f]*(javascript|vbscript|data):/i.test(a.value)) found.push(`${el.localName} ${a.name}=${a.value}`);
    }
    if (el.localName === "script" && !el.src && el.type !== "application/json") found.push(`script ${el.textContent.slice(0, 60)}`);
    if (["iframe", "object", "embed", "svg", "math", "form", "base"].includes(el.localName) && el.closest("article")) found.push(el.localName);
  }
  return found;
}"""


@pytest.fixture()
def visitor(browser):
    """A browser tab that records every dialog (and dismisses it) and whether a payload set
    window.__xss; `visit(url)` opens a page and returns what ran and the page's text."""
    context = browser.new_context(locale="nb-NO", accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def visit(url: str, *, ready: str | None = None, then=None) -> str:
        page.goto(url)
        page.wait_for_load_state("load")
        if ready:
            page.wait_for_selector(ready)
        if then:
            then(page)
        page.wait_for_timeout(150)  # an image that fails to load fires its onerror by now
        assert visited() == [], url
        return page.evaluate("() => document.title + '\\n' + document.body.innerText")

    def visited() -> list[str]:
        """What ran (dialogs, window.__xss) and what could run on the page as it is now."""
        ran = dialogs + ([f"window.__xss = {page.evaluate('window.__xss')}"]
                         if page.evaluate("window.__xss !== undefined") else [])
        return ran + page.evaluate(SCRIPTABLE)

    visit.page, visit.visited = page, visited
    yield visit
    context.close()


LANG_N = {"": 100, "en/": 200}


@pytest.mark.parametrize("lang", ["", "en/"])
def test_titles_text_and_items_show_as_text(visitor, served_without_csp, lang):
    n = LANG_N[lang]
    text = visitor(served_without_csp + lang + "sjekk/liste/")
    assert visitor.page.title().startswith(f"{WORDS['nb' if not lang else 'en']['list']} </title></style><script>alert({n + 12})</script> - Tiny")
    for shown in (img(n + 13), f"<script>alert({n + 14})</script>", img(n + 16), img(n + 17),
                  SECTION["nb" if not lang else "en"]):
        assert shown in text, shown
    assert visitor.page.locator("article a[href='https://example.org/']").get_attribute("title") == \
        f"<b onclick=alert({n + 15})>"
    margins = visitor.page.evaluate("() => [...document.querySelectorAll('style')].map(s => s.textContent).join('')")
    assert "\\3C /style\\3E \\3C script\\3E alert(" in margins  # the title and the owner, escaped for CSS
    text = visitor(served_without_csp + lang + "sjekk/tittel/")
    assert visitor.page.title() == f"</title></style><script>alert({n + 21})</script> - Tiny" + (" (en)" if lang else "")
    assert visitor.page.locator("article h1").inner_text() == f"</title></style><script>alert({n + 21})</script>"
    description = visitor.page.locator("meta[name=description]").get_attribute("content")
    visitor(served_without_csp + lang)
    assert visitor.page.locator("meta[name=description]").get_attribute("content") == f'"><script>alert({n + 10})</script>'
    assert description != visitor.page.locator("meta[name=description]").get_attribute("content")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_booklets_show_section_and_page_titles_as_text(visitor, served_without_csp, lang):
    n, section = LANG_N[lang], SECTION["nb" if not lang else "en"]
    text = visitor(served_without_csp + lang + "sjekk/utskrift/")
    assert visitor.page.title() == f"Tiny{' (en)' if lang else ''}: {section}"
    assert visitor.page.locator("#booklet-title").inner_text() == f"Tiny{' (en)' if lang else ''}: {section}"
    assert f"</title></style><script>alert({n + 12})</script>" in visitor.page.locator(".booklet-contents").inner_text()
    assert img(n + 17) in text
    text = visitor(served_without_csp + lang + "utskrift/")
    assert section in visitor.page.locator(".booklet-contents").inner_text()
    assert img(n + 25) in text and img(n + 22) in text


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_projector_view_shows_the_items_as_text(visitor, served_without_csp, lang):
    n = LANG_N[lang]
    visitor(served_without_csp + lang + "workshops/rus/?present", ready=".present")
    texts = visitor.page.evaluate("""() => { const v = document.querySelector('.present'), seen = [];
        const press = key => v.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
        press('Home'); seen.push(v.querySelector('.present__text').textContent);
        press('ArrowRight'); seen.push(v.querySelector('.present__text').textContent);
        return seen; }""")
    assert img(n + 27) in texts[0] and f"<svg onload=alert({n + 28})>" in texts[1]
    visitor.page.wait_for_timeout(150)
    assert visitor.visited() == []


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_interview_sheet_builder_shows_questions_rounds_and_sources_as_text(visitor, served_without_csp, lang):
    n = LANG_N[lang]
    # constructor and toString name no question: a link cannot pick what every object inherits.
    text = visitor(served_without_csp + lang + "rekruttering/intervjuark/?sheet=int1-a,int1-b,constructor,toString",
                   ready=".builder--ready")
    chosen = visitor.page.locator("ol.builder-questions li").all_inner_texts()
    assert len(chosen) == 2 and img(n + 22) in chosen[0]
    assert f"</script><script>alert({n + 23})</script>" in chosen[1]
    assert img(n + 24) in text  # the round's name, from data-rounds
    assert f"</script><!--<script>alert({n + 30})</script> §1" in text  # the source's label
    notice = visitor.page.locator(".builder-notice").inner_text()
    assert notice.startswith("2 ")  # both unknown ids dropped, and said so


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_new_hire_plan_record_and_progress_file_show_items_as_text(visitor, served_without_csp, lang):
    n = LANG_N[lang]

    def plan(page) -> None:
        page.fill("#np-start", "2027-03-04")
        page.dispatch_event("#np-start", "change")
        payload = {"format": "ekh-ny-i-jobben", "version": 1, "start": None, "ticked": ["ny-uke1-a"]}
        page.set_input_files(".np-file__input", files=[
            {"name": "<img src=x onerror=alert(9)>.json", "mimeType": "application/json",
             "buffer": json.dumps(payload).encode()}])
        page.locator(".np-file__review").wait_for()

    visitor(served_without_csp + lang + "ny-i-jobben/", ready="#np-start", then=plan)
    record = visitor.page.locator(".np-record").text_content()
    assert img(n + 25) in record and img(n + 26) in record
    review = visitor.page.locator(".np-file__review").inner_text()
    assert img(n + 26) in review and "<img src=x onerror=alert(9)>.json" in review
    text = visitor(served_without_csp + lang + "ny-i-jobben/forste-uke/")
    assert img(n + 26) in text


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_sources_page_and_source_tags_show_the_registry_as_text(visitor, served_without_csp, lang):
    n = LANG_N[lang]
    text = visitor(served_without_csp + lang + "kilder/")
    assert img(n + 31) in text and f'"><img src=x onerror=alert({n + 32})>' in text
    visitor(served_without_csp + lang + "sjekk/liste/")
    labels = visitor.page.evaluate("() => JSON.parse(document.getElementById('ekh-sources').textContent)")
    assert labels == {"001": f"</script><!--<script>alert({n + 30})</script>"}
    assert visitor.page.locator(".item-source").first.inner_text() == f"</script><!--<script>alert({n + 30})</script> §1"


@pytest.mark.parametrize("lang", ["", "en/"])
def test_abbreviations_redirects_and_not_found_pages_run_nothing(visitor, served_without_csp, hostile_site, lang):
    n = LANG_N[lang]
    visitor(served_without_csp + lang + "sjekk/liste/")
    titles = visitor.page.locator("article abbr").evaluate_all("els => els.map(e => e.title)")
    assert f'"><img src=x onerror=alert({n + 33})>' in titles
    redirect = (hostile_site / lang / "sjekk" / "gammel" / "index.html").read_text(encoding="utf-8")
    assert f"&lt;/title&gt;&lt;/style&gt;&lt;script&gt;alert({n + 12})&lt;/script&gt;</a>" in redirect
    visitor.page.goto(served_without_csp + lang + "sjekk/gammel/")  # it moves on at once: not visit()
    visitor.page.wait_for_url(served_without_csp + lang + "sjekk/liste/", timeout=5000)
    visitor.page.wait_for_load_state("load")
    assert visitor.visited() == []
    text = visitor(served_without_csp + lang + "finnes-ikke/")
    assert ("Page not found" if lang else "Fant ikke siden") in text
    assert SECTION["nb" if not lang else "en"] in text  # the navigation of the 404 page


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("query", ["alert", "<img src=x onerror=alert(9)>"])
def test_search_results_show_titles_and_text_as_text(visitor, served_without_csp, lang, query):
    from test_search import results

    visitor(served_without_csp + lang)
    found = results(visitor.page, visitor.page.url, query)
    assert found, query
    visitor.page.wait_for_timeout(300)  # a payload in a result would have fired by now
    assert visitor.visited() == []
    text = visitor.page.locator(".md-search-result").inner_text()
    assert img(LANG_N[lang] + 13) in text or img(LANG_N[lang] + 17) in text  # the page's text, as text
    if query == "alert":  # the titles too
        assert f"</title></style><script>alert({LANG_N[lang] + 21})</script>" in text


# ----------------------------------------------------------------------------
# The ledger: a retired id is written into the page it stood on
# ----------------------------------------------------------------------------

# What the build writes from the ledger runs nothing, whatever the ledger holds. The ledger's own
# rules (hooks/items_ledger.py) may refuse these lines first: then the build stops naming them,
# which is as safe; otherwise every value is escaped, and the old id's link stays a path.
HOSTILE_ID = '"><img src=x onerror=alert(301)>'
LEDGER = f"""\
'{HOSTILE_ID}': {{kind: checklist, page: '', retired: 2026-01-01, reason: "<img src=x onerror=alert(302)>", successor: t-plan}}
t-plan: {{kind: checklist, page: "javascript:alert(303)%2F%2F"}}
"""


@pytest.fixture(scope="module")
def ledger_site(tmp_path_factory):
    files = {
        "includes/sources.yml": '"001": {label: PRIOslo 2022, places: {§: 1-9}}\n',
        "includes/ledger.yml": LEDGER,
        "includes/abbreviations.nb.md": "", "includes/abbreviations.en.md": "",
        "nb/index.md": "---\nkeywords: [hjem]\nsources: 001 §1\n---\n\n# Hjem\n\n- [ ] Vi har en plan. {#t-plan}\n",
        "en/index.md": "---\nkeywords: [home]\nsources: 001 §1\n---\n\n# Home\n\n- [ ] We have a plan. {#t-plan}\n",
    }
    config = handbook_config(nav=["index.md"], extra={**REFUSED_EXTRA, "sources": {"registry": "includes/sources.yml"}},
                             nav_translations={})
    project = write_handbook_site(tmp_path_factory.mktemp("ledger"), config, files)
    code, found, output = build_messages(project)
    if code != 0:
        yield code, found, output, None, None
        return
    assert found == [], output
    www = tmp_path_factory.mktemp("www-ledger")
    shutil.copytree(project / "site", www / "handbok")
    origin, server = serve_folder(www, _NoCSP)
    yield code, found, output, project / "site", origin + "handbok/"
    server.shutdown()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_retired_id_from_the_ledger_is_refused_or_an_attribute_value_and_a_path(visitor, ledger_site, lang):
    code, found, output, site, url = ledger_site
    if code != 0:  # refused by the ledger's rules, at the hostile lines
        assert [m.split(":")[:2] for m in found] == [["includes/ledger.yml", "1"], ["includes/ledger.yml", "2"]], output
        return
    html = (site / lang / "index.html").read_text(encoding="utf-8")
    assert ('<a class="item-retired" id="&quot;&gt;&lt;img src=x onerror=alert(301)&gt;" '
            'href="./javascript:alert(303)%2F%2F#t-plan" hidden></a>') in html
    visitor(url + lang)
    retired = visitor.page.evaluate("() => JSON.parse(document.getElementById('ekh-retired').textContent)")
    assert retired == {HOSTILE_ID: "t-plan"}
    # A link to the old id follows the anchor (retired.js): to an address on the site, never code.
    visitor.page.goto(url + lang + "#" + quote(HOSTILE_ID))  # retired.js navigates on: not visit()
    visitor.page.wait_for_url(re.compile(r".*/javascript:alert\(303\)%2F%2F#t-plan$"), timeout=5000)
    visitor.page.wait_for_load_state("load")
    assert visitor.visited() == []
