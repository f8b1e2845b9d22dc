"""Offline and on the home screen (hooks/offline.py, hooks/precache.py, assets/offline-worker.js,
assets/offline.js).

On tiny bilingual sites: the precache list of each language is read from the built pages (every
page of the language, what they load, the search files, the files scripts fetch), a new release
changes exactly the entries whose files changed, the manifest of each language, and the errors.

In Chromium, on a copy of the real site under a sub-path with the strict CSP, on a server that
can be switched off (Playwright's offline mode does not reach a service worker): after one visit
to the front page, with no network, ten pages never visited open, search finds, a tick holds, an
interview sheet is built and printed, the projector mode and the new-hire calendar work, and an
address not stored shows the offline page; a new release is offered with a button, downloads
only what changed and replaces the old cache; two copies on one host keep their own caches.
"""

from __future__ import annotations

import html as htmllib

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from babel.dates import format_date
from mkdocs.exceptions import PluginError
from pypdf import PdfReader

from conftest import CSP_RECORDER, ENV, MKDOCS, ROOT, TINY_I18N, TINY_SITE, _QuietHandler, mkdocs_build, write_tiny_site, pdf_texts, search_until_answered, serve_folder

sys.path.insert(0, str(ROOT / "hooks"))
import offline  # noqa: E402  the hook's plain functions
import precache  # noqa: E402

LANGS = {"nb": "", "en": "en/"}
LOCALES = {"nb": "nb-NO", "en": "en-GB"}
UPDATE = {"nb": "En ny versjon av håndboka er klar — last inn på nytt", "en": "A new version is ready — reload"}
OFFLINE = {
    "nb": "Du er uten nett. Du leser utgaven av håndboka fra {date}, lagret på enheten.",
    "en": "You are offline. You are reading the edition of the handbook from {date}, saved on this device.",
}
FALLBACK_HEADING = {"nb": "Denne siden er ikke lagret på enheten", "en": "This page is not saved on your device"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


# ----------------------------------------------------------------------------
# Tiny sites: the list, the manifest, the errors
# ----------------------------------------------------------------------------

def tiny_config(offline_settings: str = "") -> str:
    settings = offline_settings or """\
  offline:
    short_name: {nb: Lille, en: Tiny}
    skip: ["*/trykk/"]
    fetched: [data.json]
"""
    i18n = TINY_I18N.replace("{locale: en, name: English, build: true}", "{locale: en, name: English, build: true, site_name: Tiny (en)}")
    return f"""\
{TINY_SITE}  custom_dir: {ROOT / "overrides"}
extra_css:
  - assets/palette.css
  - assets/bakgrunn.css
extra_javascript:
  - path: assets/offline.js
    defer: true
plugins:
  - search
{i18n}hooks:
  - {ROOT / "hooks" / "search.py"}
  - {ROOT / "hooks" / "offline.py"}
extra:
{settings}"""


KEYWORDS = "---\nkeywords: [ord]\n---\n\n"  # hooks/search.py wants them on every page
TINY_PAGES = {
    "nb/index.md": KEYWORDS + "# Hjem\n\nVelkommen.\n",
    "en/index.md": KEYWORDS + "# Home\n\nWelcome.\n",
    "nb/a/index.md": KEYWORDS + "# Avsnitt\n\nTekst om noe.\n",
    "en/a/index.md": KEYWORDS + "# Section\n\nText about something.\n",
    "nb/a/side.md": KEYWORDS + "# Side\n\nEn side.\n\n<img src=\"../../bilde.png\" alt=\"Et bilde\">\n",
    "en/a/side.md": KEYWORDS + "# Page\n\nA page.\n\n<img src=\"../../bilde.png\" alt=\"A picture\">\n",
    "nb/a/trykk.md": KEYWORDS + "# Trykk\n\nTil papir.\n",
    "en/a/trykk.md": KEYWORDS + "# Print\n\nFor paper.\n",
    "nb/data.json": "[1]\n",
    "en/data.json": "[2]\n",
    "nb/bilde.png": "not really a png\n",
    "en/bilde.png": "not really a png\n",
}


# The handbook's overrides (main.html links the manifest) and the assets they and the config load.
TINY_ASSETS = ("palette.css", "offline-worker.js", "offline.js", "material-state.js", "print.css")


def tiny_site(folder: Path, config: str | None = None, pages: dict[str, str] | None = None) -> Path:
    project = write_tiny_site(folder, config or tiny_config(), pages or TINY_PAGES, assets=TINY_ASSETS)
    (project / "docs" / "assets" / "bakgrunn.css").write_text("body { background: url(bilder/flis.png); }\n", encoding="utf-8")
    (project / "docs" / "assets" / "bilder").mkdir()
    (project / "docs" / "assets" / "bilder" / "flis.png").write_bytes(b"tile")
    shutil.copytree(ROOT / "docs" / "assets" / "icons", project / "docs" / "assets" / "icons")
    shutil.copytree(ROOT / "docs" / "assets" / "javascripts", project / "docs" / "assets" / "javascripts")
    return project


def worker_data(site: Path) -> dict:
    return offline.read_worker((site / "sw.js").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    project = tiny_site(tmp_path_factory.mktemp("offline-tiny"))
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_each_language_stores_its_pages_and_what_they_load(tiny):
    site = tiny / "site"
    data = worker_data(site)
    nb, en = data["languages"]["nb"], data["languages"]["en"]
    assert (nb["root"], nb["fallback"], en["root"], en["fallback"]) == ("", "offline.html", "en/", "en/offline.html")
    nb_pages = sorted(a for a in nb["files"] if a.endswith("/"))
    en_pages = sorted(a for a in en["files"] if a.endswith("/"))
    # Every page of the language, none of the other's; the skipped page is stored when opened.
    assert nb_pages == ["./", "a/", "a/side/"]
    assert en_pages == ["en/", "en/a/", "en/a/side/"]
    assert nb["later"] == ["a/trykk/"] and en["later"] == ["en/a/trykk/"]
    for lang, files in (("nb", nb["files"]), ("en", en["files"])):
        root = LANGS[lang]
        # What the pages load: the image in a page, the stylesheet's background, the manifest and
        # its icons, Material's bundle and search (worker, index), the fetched file, the offline page.
        for address in [root + "bilde.png", "assets/bakgrunn.css", "assets/bilder/flis.png", "assets/palette.css",
                        "assets/icons/icon-192.png", "assets/icons/icon-maskable-512.png", root + "manifest.json",
                        root + "data.json", root + "offline.html", root + "search/search_index.json",
                        root + "search/search_full.json", "assets/javascripts/workers/handbook-search.js"]:
            assert address in files, (lang, address)
        assert any(re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", a) for a in files)
        assert any(re.fullmatch(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", a) for a in files)
        assert not any(a.endswith(".map") or a.endswith("sitemap.xml") or a == "sw.js" for a in files)
        # Each entry is the hash of the file's bytes.
        for address, digest in files.items():
            path = site / (address + "index.html" if address.endswith("/") else address).removeprefix("./")
            assert digest == hashlib.sha256(path.read_bytes()).hexdigest()[:16], address
    assert not (site / "assets" / "offline-worker.js").exists()  # published only as sw.js
    assert (site / "sw.js").read_text(encoding="utf-8").endswith(
        (ROOT / "docs" / "assets" / "offline-worker.js").read_text(encoding="utf-8"))


def test_a_new_release_changes_exactly_the_entries_whose_files_changed(tiny, tmp_path):
    before = worker_data(tiny / "site")
    project = tmp_path / "p"
    shutil.copytree(tiny, project, ignore=shutil.ignore_patterns("site"))
    page = project / "docs" / "nb" / "a" / "side.md"
    page.write_text(page.read_text(encoding="utf-8").replace("En side.", "En side, nå endret."), encoding="utf-8")
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    after = worker_data(project / "site")
    changed = {
        lang: sorted(a for a in after["languages"][lang]["files"]
                     if after["languages"][lang]["files"][a] != before["languages"][lang]["files"].get(a))
        for lang in ("nb", "en")
    }
    # The page, and the language's search index that holds its text; nothing in the other language.
    assert changed == {"nb": ["a/side/", "search/search_full.json"], "en": []}
    assert after["release"]["id"] != before["release"]["id"]
    assert set(after["languages"]["nb"]["files"]) == set(before["languages"]["nb"]["files"])


def test_each_language_has_a_manifest_relative_to_itself(tiny):
    site = tiny / "site"
    palette = (ROOT / "docs" / "assets" / "palette.css").read_text(encoding="utf-8")
    colour = re.search(r"--md-primary-fg-color:\s*(#[0-9a-f]{6})", palette).group(1)
    for lang, root, name, short in (("nb", "", "Tiny", "Lille"), ("en", "en/", "Tiny (en)", "Tiny")):
        manifest = json.loads((site / root / "manifest.json").read_text(encoding="utf-8"))
        assert (manifest["name"], manifest["short_name"], manifest["lang"]) == (name, short, lang)
        assert (manifest["start_url"], manifest["scope"], manifest["id"]) == ("./", "./", "./")
        assert manifest["display"] == "standalone" and manifest["theme_color"] == colour
        sizes = {(i["sizes"], i["purpose"]) for i in manifest["icons"]}
        assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
        for icon in manifest["icons"]:
            png = (site / root / icon["src"]).resolve().read_bytes()
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
            assert f"{width}x{height}" == icon["sizes"]
    offline_nb = (site / "offline.html").read_text(encoding="utf-8")
    assert '<html lang="nb">' in offline_nb and "<script" not in offline_nb
    assert f"<h1>{FALLBACK_HEADING['nb']}</h1>" in offline_nb
    # The pages stored ahead, by the navigation (not the page stored only when opened).
    assert '<ul><li><a href="./">Forsiden</a></li><li><a href="a/">A</a><ul><li><a href="a/side/">Side</a></li></ul></li></ul>' in offline_nb
    offline_en = (site / "en" / "offline.html").read_text(encoding="utf-8")
    assert '<ul><li><a href="./">Front page</a></li><li><a href="a/">A</a><ul><li><a href="a/side/">Page</a></li></ul></li></ul>' in offline_en
    assert '<link rel="stylesheet" href="../assets/palette.css">' in offline_en


def test_a_page_that_loads_a_missing_file_stops_the_strict_build_with_file_and_line(tmp_path):
    pages = {**TINY_PAGES, "nb/a/side.md": KEYWORDS + "# Side\n\nEn side.\n\n<img src=\"../../borte.png\" alt=\"Borte\">\n"}
    project = tiny_site(tmp_path, pages=pages)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 1
    assert ("WARNING -  offline: docs/nb/a/side.md:9: the page loads ../../borte.png, which the build did not write: "
            "it cannot be stored for offline use") in result.stderr


def test_malformed_settings_stop_the_build_naming_the_line(tmp_path):
    config = tiny_config("  offline:\n    timeout: snart\n")
    lines = config.splitlines()
    project = tiny_site(tmp_path, config=config)
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (f"mkdocs.yml:{lines.index('    timeout: snart') + 1}: extra.offline.timeout must be a number of "
            "seconds between 0 and 60, e.g. 3") in result.stderr


@pytest.mark.parametrize("settings,key,message", [
    ("  offline:\n    fetched: items.json\n", "fetched", "extra.offline.fetched must be a list of addresses, e.g. [items.json]"),
    ("  offline:\n    skip: []\n    pages: [a/]\n", "pages", "extra.offline.pages is not a setting: the settings are short_name, skip, fetched and timeout"),
    ("  offline:\n    short_name: Håndboka\n", "short_name", "extra.offline.short_name must give a name per language, e.g. {nb: Håndboka, en: Handbook}"),
    ("  offline: [items.json]\n", "", "extra.offline must be a mapping (short_name, skip, fetched, timeout)"),
])
def test_malformed_settings_are_named_with_their_line(tmp_path, settings, key, message):
    """The same check as the build's (hooks/offline.py `settings`), without a build."""
    text = tiny_config(settings)
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    config = types.SimpleNamespace(extra=yaml.safe_load(text.replace("!ENV", ""))["extra"],
                                   config_file_path=str(tmp_path / "mkdocs.yml"))
    lines = text.splitlines()
    line = next(i + 1 for i, l in enumerate(lines) if l.strip().startswith((key or "offline") + ":"))
    with pytest.raises(PluginError) as error:
        offline.settings(config)
    assert str(error.value) == f"mkdocs.yml:{line}: {message}"


def test_missing_icons_stop_the_build_naming_the_tool(tmp_path):
    project = tiny_site(tmp_path)
    (project / "docs" / "assets" / "icons" / "icon-maskable-512.png").unlink()
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert ("docs/assets/icons/icon-maskable-512.png is missing: run `.venv/bin/python tools/make-icons.py` "
            "to make the handbook's icons from its logo") in result.stderr


def test_the_precache_list_of_the_real_site_follows_its_pages(site):
    """Every page of the language and every script and stylesheet a page links, with nothing
    from the other language and no booklet: the list is read from the pages, not kept by hand."""
    data = worker_data(site)
    for lang, root in LANGS.items():
        files = data["languages"][lang]["files"]
        pages = {precache.address(p.relative_to(site).as_posix()) for p in (site / root).rglob("index.html")
                 if not p.relative_to(site).as_posix().startswith(("assets/", "en/") if not root else "assets/")}
        booklets = {a for a in pages if a.endswith("utskrift/")}
        assert booklets and set(data["languages"][lang]["later"]) == booklets
        assert {a for a in files if a.endswith("/")} == pages - booklets
        front = (site / root / "index.html").read_text(encoding="utf-8")
        for ref in re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', front):
            assert precache.resolve(root + "index.html", ref) in files, ref
        for needed in (root + "items.json", root + "search/search_full.json", root + "search/search_index.json",
                       "assets/javascripts/workers/handbook-search.js"):
            assert needed in files, needed
        assert ("assets/javascripts/lunr/min/lunr.no.min.js" in files) == (lang == "nb")


def test_mkdocs_serve_registers_no_worker(tmp_path):
    """Editors see their last save: under `mkdocs serve` pages link the manifest but no worker,
    and there is no sw.js to register."""
    project = tiny_site(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen([*MKDOCS, "serve", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"],
                             cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/tiny/"
        deadline = time.monotonic() + 60
        while True:
            try:
                front = urllib.request.urlopen(base, timeout=5).read().decode("utf-8")
                break
            except OSError:
                assert serve.poll() is None and time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.3)
        assert '<link rel="manifest" href="manifest.json">' in front
        assert "data-worker" not in front
        assert json.loads(urllib.request.urlopen(base + "manifest.json", timeout=5).read())["short_name"] == "Lille"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "sw.js", timeout=5)
        assert missing.value.code == 404
    finally:
        serve.terminate()
        serve.wait(timeout=30)


# ----------------------------------------------------------------------------
# Chromium: a copy of the real site on a server that can go offline
# ----------------------------------------------------------------------------


class _Switchable(_QuietHandler):
    """Serves with the CSP; logs each path; with the server offline, closes every connection
    unanswered (the network is gone for the service worker too); with a delay, answers pages late."""

    def handle(self) -> None:
        if self.server.offline:
            return
        super().handle()

    def end_headers(self) -> None:
        if self.server.no_store:
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        self.server.log.append(self.path.split("?")[0])
        if self.server.slow_pages and self.path.endswith("/"):
            time.sleep(self.server.slow_pages)
        super().do_GET()


class Server:
    """Copies of the built site below `paths` on 127.0.0.1. The worker of each copy waits
    `timeout` seconds for the network before it shows a stored page (None: as built, 3 s): a
    test machine under load can take longer than 3 s to answer."""

    def __init__(self, site: Path, folder: Path, paths: tuple[str, ...] = ("handbok",), timeout: float | None = 20) -> None:
        for path in paths:
            shutil.copytree(site, folder / path)
            if timeout is not None:
                text = (folder / path / "sw.js").read_text(encoding="utf-8")
                data = offline.read_worker(text)
                (folder / path / "sw.js").write_text(offline.worker_script(
                    data["languages"], text.split("\n", 1)[1], default=data["default"],
                    date=data["release"]["date"], timeout=timeout), encoding="utf-8")
            # Published weeks ago, as on a real server: with Last-Modified and no Cache-Control
            # the browser may keep a file for a tenth of its age (three days here) without asking.
            weeks_ago = time.time() - 30 * 86400
            for file in (folder / path).rglob("*"):
                os.utime(file, (weeks_ago, weeks_ago))
        self.root = folder
        self.origin, self.httpd = serve_folder(folder, _Switchable)
        self.httpd.offline = False
        self.httpd.slow_pages = 0
        self.httpd.no_store = False
        self.httpd.log = []
        self.url = self.origin + paths[0] + "/"

    @property
    def log(self) -> list[str]:
        return self.httpd.log

    def go_offline(self, context) -> None:
        self.httpd.offline = True
        context.set_offline(True)

    def go_online(self, context) -> None:
        self.httpd.offline = False
        context.set_offline(False)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server(site, tmp_path):
    servers = []

    def start(*paths: str, timeout: float | None = 20) -> Server:
        servers.append(Server(site, tmp_path / f"www{len(servers)}", paths or ("handbok",), timeout))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


class Watch:
    """CSP violations and script errors on every page of a context."""

    def __init__(self, context) -> None:
        context.add_init_script(CSP_RECORDER)
        self.errors: list[str] = []
        context.on("page", self.attach)

    def attach(self, page) -> None:
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text and self.errors.append(m.text))

    def check(self, page) -> None:
        violations = page.evaluate("window.__cspViolations || []")
        assert violations == [] and self.errors == [], violations + self.errors


def open_context(browser, lang: str):
    context = browser.new_context(service_workers="allow", locale=LOCALES[lang], accept_downloads=True,
                                  viewport={"width": 1280, "height": 800})
    return context, Watch(context)


STORED = """async (lang) => {
    const scope = (await navigator.serviceWorker.ready).scope;
    for (const name of await caches.keys()) {
      if (!name.startsWith(new URL(scope).pathname + '.ekh.offline.')) continue;
      const hit = await (await caches.open(name)).match(new URL('.handbook-offline/' + lang, scope).href);
      if (hit) return name;
    }
    return null;
}"""


def stored_language(page, lang: str, timeout: float = 30) -> str:
    """Wait until this page is controlled and the worker has stored every file of the language
    (it marks a language done last); the name of the cache it stored them in."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while (name := page.evaluate(STORED, lang)) is None:
        assert time.monotonic() < deadline, f"the worker did not store {lang} in {timeout} s"
        page.wait_for_timeout(200)
    return name


def release(page) -> dict:
    return page.evaluate("""() => new Promise(resolve => {
        const c = new MessageChannel(); c.port1.onmessage = e => resolve(e.data);
        navigator.serviceWorker.controller.postMessage({type: 'handbook-release'}, [c.port2]); })""")


def title_of(site: Path, address: str) -> str:
    html = (site / address / "index.html").read_text(encoding="utf-8")
    return htmllib.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def never_visited(data: dict, lang: str, avoid: set[str], count: int = 10) -> list[str]:
    """`count` pages of the language spread over the whole list, none of `avoid`."""
    root = LANGS[lang]
    pages = sorted(a for a in data["languages"][lang]["files"] if a.endswith("/") and a not in ("./", root) and a not in avoid)
    step = len(pages) / count
    return [pages[int(i * step)] for i in range(count)]


def search(page, word: str) -> list[str]:
    """The result titles of `word`, typed until the worker answers."""
    search_until_answered(page, word)
    return page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_after_one_visit_everything_a_reader_does_works_offline(browser, server, site, lang):
    srv = server()
    root = LANGS[lang]
    data = worker_data(site)
    date = format_date(dt.date.fromisoformat(data["release"]["date"]), format="long",
                       locale={"nb": "nb", "en": "en_GB"}[lang])
    context, watch = open_context(browser, lang)
    page = context.new_page()
    page.goto(srv.url + root)
    stored_language(page, lang)
    assert page.locator(".offline-bar__offline").count() == 0  # online: no notice
    # A booklet opened once is kept for offline use too.
    page.goto(srv.url + root + "verdier/utskrift/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    srv.go_offline(context)
    # Ten pages never visited, across the whole language.
    tools = {root + p for p in ("rekruttering/sjekkliste/", "rekruttering/intervjuark/", "workshops/rus/", "ny-i-jobben/")}
    pages = never_visited(data, lang, tools)
    assert len(set(pages)) == 10
    for address in pages:
        response = page.goto(srv.origin + "handbok/" + address)
        assert response.ok, address
        assert page.title() == title_of(site, address)
        assert page.evaluate("typeof window.document$ === 'object'"), address  # Material's bundle ran
    notice = page.locator(".offline-bar__offline")
    assert notice.inner_text() == OFFLINE[lang].format(date=date)
    assert page.evaluate("document.documentElement.dataset.offlineRelease") == data["release"]["date"]
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [v["id"] for v in violations]

    # Search: the full index and lunr's language files come from the device.
    results = search(page, {"nb": "veiledning", "en": "supervision"}[lang])
    assert results and any(("eiledning" if lang == "nb" else "upervision") in r for r in results), results

    # A tick, kept across a reload (the address typed without its last slash, as a server answers it).
    page.goto(srv.url + root + "rekruttering/sjekkliste")
    assert page.url == srv.url + root + "rekruttering/sjekkliste/"
    box = page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]")
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    area = box.bounding_box()
    page.mouse.click(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    page.reload()
    assert page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]").is_checked()

    # An interview sheet: built from items.json, printed.
    page.goto(srv.url + root + "rekruttering/intervjuark/")
    page.locator(".builder--ready").wait_for()
    items = json.loads((site / root / "items.json").read_text(encoding="utf-8"))
    question = next(i for i in items if i["kind"] == "question" and i["url"].startswith("rekruttering/intervju-1/"))
    page.locator(f"#builder-q-{question['id']}").check()
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    text = " ".join(" ".join(t.split()) for t in pdf_texts(printed))
    assert " ".join(question["text"].split()) in text

    # The projector mode.
    page.goto(srv.url + root + "workshops/rus/?present")
    dialog = page.get_by_role("dialog", name={"nb": "Storskjermvisning: Rus", "en": "Presentation: Substance use"}[lang])
    dialog.wait_for()
    assert page.locator(".present__slide").inner_text().strip()

    # The new-hire plan and its calendar file.
    page.goto(srv.url + root + "ny-i-jobben/")
    page.fill("#np-start", "2027-05-03")
    page.dispatch_event("#np-start", "change")
    with page.expect_download() as download:
        page.click(".np-calendar__button")
    assert Path(download.value.path()).read_bytes().startswith(b"BEGIN:VCALENDAR")

    # The booklet opened online is there; an address not stored shows the offline page, whose
    # links work from wherever it is shown.
    page.goto(srv.url + root + "verdier/utskrift/")
    assert page.title() == title_of(site, root + "verdier/utskrift/")
    response = page.goto(srv.url + root + "rekruttering/utskrift/")
    assert response.status == 503
    assert page.locator("h1").inner_text() == FALLBACK_HEADING[lang]
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [v["id"] for v in violations]
    page.locator("article a[href='rekruttering/sjekkliste/']").click()
    page.wait_for_load_state()
    assert page.url == srv.url + root + "rekruttering/sjekkliste/"
    assert page.title() == title_of(site, root + "rekruttering/sjekkliste/")
    watch.check(page)
    context.close()


# ----------------------------------------------------------------------------
# A new release
# ----------------------------------------------------------------------------

def new_release(www: Path, change: str, marker: str, *, same_mtime: bool = False) -> dict:
    """A rebuild in place, as a release is published: the page `change` (below the site root)
    gains a paragraph and its stylesheet a custom property, so the stylesheet gets a new name (a
    bundle is named by its content, hooks/assets.py) which that page links; sw.js gets the new
    hashes of every entry (the page and the new stylesheet differ). The new precache data.

    Last-Modified counts whole seconds, so a file changed in the second the browser fetched it
    looks unchanged to the browser's HTTP cache; a real release comes later than that, and the
    changed files get a later time. `same_mtime` keeps the page's old time instead: every cache
    then believes the old copy (the worker must notice by the hash)."""
    page = www / change / "index.html"
    old_css = stylesheet_of(page)
    text = (www / "assets" / old_css).read_text(encoding="utf-8") + "\n:root { --offline-test-release: 2; }\n"
    new_css = f"bundles/{hashlib.sha256(text.encode()).hexdigest()[:12]}.css"
    (www / "assets" / new_css).write_text(text, encoding="utf-8")
    old = page.stat().st_mtime
    html = page.read_text(encoding="utf-8").replace("</h1>", f'</h1><p id="ny-utgave">{marker}</p>', 1)
    page.write_text(html.replace(old_css, new_css), encoding="utf-8")
    for path in (page, www / "assets" / new_css):
        when = old if same_mtime else time.time() + 2
        os.utime(path, (when, when))
    text = (www / "sw.js").read_text(encoding="utf-8")
    data, source = offline.read_worker(text), text.split("\n", 1)[1]
    for language in data["languages"].values():
        if "assets/" + old_css in language["files"]:
            language["files"]["assets/" + new_css] = ""
        for address in language["files"]:
            path = www / (address + "index.html" if address.endswith("/") else address).removeprefix("./")
            language["files"][address] = precache.file_hash(path)
    (www / "sw.js").write_text(offline.worker_script(
        data["languages"], source, default=data["default"], date=data["release"]["date"],
        timeout=data["timeout"] / 1000), encoding="utf-8")
    return offline.read_worker((www / "sw.js").read_text(encoding="utf-8"))


def stylesheet_of(page: Path) -> str:
    """The handbook's stylesheet a built page loads, below assets/ (one bundle, hooks/assets.py)."""
    return re.search(r'href="[^"]*assets/(bundles/[0-9a-f]+\.css)"', page.read_text(encoding="utf-8")).group(1)


def caches_of(page) -> list[str]:
    return sorted(page.evaluate("caches.keys()"))


def css_release(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--offline-test-release').trim()")


@pytest.mark.heavy
def test_a_new_release_is_offered_with_a_button_and_replaces_only_what_changed(browser, server, site, lang="nb"):
    srv = server()
    root, other = LANGS[lang], LANGS["en" if lang == "nb" else "nb"]
    before = worker_data(site)
    context, watch = open_context(browser, lang)
    page = context.new_page()
    page.goto(srv.url + other)  # a reader of both languages: both are stored
    stored_language(page, "en" if lang == "nb" else "nb")
    page.goto(srv.url + root)
    old_cache = stored_language(page, lang)
    assert old_cache == f"/handbok/.ekh.offline.{before['release']['id']}" and caches_of(page) == [old_cache]

    changed = root + "verdier/"
    after = new_release(srv.root / "handbok", changed, "Ny utgave")
    srv.log.clear()
    # The next page the reader opens finds the new release: it is offered, never swapped in.
    page.goto(srv.url + root + "om/")
    update = page.locator(".offline-bar__update")
    update.wait_for(timeout=30000)
    assert update.inner_text() == UPDATE[lang]
    assert page.get_by_role("button", name=UPDATE[lang].split(" — ")[1]).is_visible()
    # Downloaded: the worker (with storage.js, which it imports: the browser checks both for an
    # update), the page that changed and the stylesheet; every other file was copied from the old
    # release's cache (the navigations are the reader's own).
    downloads = set(srv.log) - {"/handbok/" + root + "om/", "/handbok/" + root + "manifest.json"}
    css = stylesheet_of(srv.root / "handbok" / changed / "index.html")
    assert downloads == {"/handbok/sw.js", "/handbok/assets/storage.js", "/handbok/" + changed,
                         "/handbok/assets/" + css}
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert violations == [], [v["id"] for v in violations]
    # Until the reader asks, the old release serves this page, whole: the old stylesheet.
    assert css_release(page) == ""
    assert release(page)["id"] == before["release"]["id"]
    # A page of the new release read from the network gets the new release's files with it.
    page.goto(srv.url + changed)
    assert page.locator("#ny-utgave").inner_text() == "Ny utgave" and css_release(page) == "2"
    page.locator(".offline-bar__update").wait_for()

    with page.expect_navigation():
        page.locator(".offline-bar__button").click()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert page.locator(".offline-bar__update").count() == 0
    assert release(page)["id"] == after["release"]["id"]
    new_cache = f"/handbok/.ekh.offline.{after['release']['id']}"
    assert caches_of(page) == [new_cache]  # the old release's cache is gone

    srv.go_offline(context)
    page.goto(srv.url + changed)
    assert page.locator("#ny-utgave").inner_text() == "Ny utgave" and css_release(page) == "2"
    assert page.evaluate("document.documentElement.dataset.offlineRelease") == after["release"]["date"]
    # The other language came along into the new release.
    other_page = other + "rekruttering/kontrakt-og-lonn/"
    page.goto(srv.url + other_page)
    assert page.title() == title_of(site, other_page)
    watch.check(page)
    context.close()


@pytest.mark.heavy
def test_two_copies_on_one_host_keep_their_own_caches_and_english_gets_its_release_too(browser, server, site):
    """The English site under /en/ of two copies of the handbook on one host: each copy its own
    cache; a new release of one, offered in English, replaces that copy's cache only."""
    srv = server("handbok", "kopi")
    context, watch = open_context(browser, "en")
    page = context.new_page()
    page.goto(srv.origin + "handbok/en/")
    first = stored_language(page, "en")
    page.goto(srv.origin + "kopi/en/")
    second = stored_language(page, "en")
    release_id = worker_data(site)["release"]["id"]
    assert caches_of(page) == [f"/handbok/.ekh.offline.{release_id}", f"/kopi/.ekh.offline.{release_id}"] == sorted([first, second])
    # A new release of one copy replaces its own cache, not the other's. The server says its
    # changed files are as old as before: the worker still stores the new ones (by their hash).
    after = new_release(srv.root / "kopi", "en/verdier/", "The copy's new edition", same_mtime=True)
    page.goto(srv.origin + "kopi/en/om/")
    update = page.locator(".offline-bar__update")
    update.wait_for(timeout=30000)
    assert update.inner_text() == UPDATE["en"]
    with page.expect_navigation():
        page.locator(".offline-bar__button").click()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert page.locator(".offline-bar__update").count() == 0
    assert caches_of(page) == [f"/handbok/.ekh.offline.{release_id}", f"/kopi/.ekh.offline.{after['release']['id']}"]
    srv.go_offline(context)
    page.goto(srv.origin + "handbok/en/verdier/")
    assert page.locator("#ny-utgave").count() == 0 and css_release(page) == ""
    page.goto(srv.origin + "kopi/en/verdier/")
    assert page.locator("#ny-utgave").inner_text() == "The copy's new edition" and css_release(page) == "2"
    watch.check(page)
    context.close()


def test_a_page_the_network_is_slow_to_send_comes_from_the_device_after_the_timeout(browser, server, site):
    srv = server(timeout=None)  # as built: 3 s
    srv.httpd.no_store = True  # every page from the server, none from the browser's HTTP cache
    data = worker_data(site)
    assert data["timeout"] == 3000
    context, watch = open_context(browser, "nb")
    page = context.new_page()
    page.goto(srv.url)
    stored_language(page, "nb")
    srv.httpd.slow_pages = 8  # a network that connects but does not answer in time
    start = time.monotonic()
    page.goto(srv.url + "ledelse/sykefravaer/")
    waited = time.monotonic() - start
    assert 3 <= waited < 8, waited
    assert page.title() == title_of(site, "ledelse/sykefravaer/")
    assert page.evaluate("document.documentElement.dataset.offlineRelease") == data["release"]["date"]
    assert page.locator(".offline-bar__offline").is_visible()
    watch.check(page)
    context.close()
