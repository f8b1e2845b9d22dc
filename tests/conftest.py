"""Shared fixtures: the repository, a strict build of the real site, and Chromium."""

from __future__ import annotations

import functools
import http.server
import io
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
os.environ["NO_MKDOCS_2_WARNING"] = "1"  # for the builds this process runs itself


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "heavy: a test of many seconds (a walk over every page, "
                            "printing every booklet, whole builds): collected first, so that the "
                            "cores of `pytest -n auto` finish together instead of one waiting for it")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def weight(item: pytest.Item) -> int:  # heavy(3) before heavy(2) before heavy; else as written
        mark = item.get_closest_marker("heavy")
        return 0 if mark is None else -(mark.args[0] if mark.args else 1)
    items.sort(key=weight)


# The head of every tiny site the hook tests build: Material in bokmål at a sub-path.
TINY_SITE = """\
site_name: Tiny
site_url: https://example.org/tiny/
theme:
  name: material
  language: nb
"""

# The i18n plugin as the handbook uses it, for the tiny sites the hook tests build.
TINY_I18N = """\
  - i18n:
      docs_structure: folder
      languages:
        - {locale: nb, name: Norsk, default: true, build: true}
        - {locale: en, name: English, build: true}
"""


def write_tiny_site(folder: Path, config: str, files: dict[str, str], assets: tuple[str, ...] = ()) -> Path:
    """A tiny site for a hook test: mkdocs.yml, the pages (`nb/x.md`, dedented, below docs/; a
    name starting with `includes/` goes there) and copies of the handbook's assets it needs."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        path = folder / name if name.startswith("includes/") else folder / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for asset in assets:
        (folder / "docs" / "assets").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / "assets" / asset, folder / "docs" / "assets" / asset)
    return folder


class _CompiledTemplates:
    """What every in-process build would otherwise redo: compile Material's templates (60 % of a
    tiny site's build) and list the files of its theme folder. Compiled templates are kept by
    name and checked against their source's checksum by Jinja itself (a changed template is
    compiled again); only folders of installed packages, which no test changes, are listed once.
    The output of a build is the same; `mkdocs_build_subprocess` runs MkDocs as it ships."""

    def __init__(self) -> None:
        import jinja2
        from mkdocs import theme

        class Memory(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket) -> None:
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket) -> None:
                self.store[bucket.key] = bucket.bytecode_to_string()

        memory, listed = Memory(), {}
        installed = str(Path(jinja2.__file__).resolve().parent.parent)
        get_env, list_templates = theme.Theme.get_env, jinja2.FileSystemLoader.list_templates

        def cached_env(self):
            env = get_env(self)
            env.bytecode_cache = memory
            return env

        def cached_list(self):
            found: set[str] = set()
            for folder in self.searchpath:
                if str(folder).startswith(installed):
                    if folder not in listed:
                        listed[folder] = list_templates(jinja2.FileSystemLoader(folder))
                    found.update(listed[folder])
                else:
                    found.update(list_templates(jinja2.FileSystemLoader(folder)))
            return sorted(found)

        theme.Theme.get_env = cached_env
        jinja2.FileSystemLoader.list_templates = cached_list


_COMPILED: _CompiledTemplates | None = None


def mkdocs_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in a project folder; output and exit code for the test to judge, as the
    command gives them (log lines `LEVEL   -  message` on stderr, "Aborted …" on stdout).

    It runs in this process, as `mkdocs serve` rebuilds: no interpreter to start and no MkDocs,
    Material and hooks to import again for each of the suite's tiny sites, and what a hook wrongly
    keeps from one build to the next shows. `mkdocs_build_subprocess` runs the real command."""
    from mkdocs.commands import build as build_command
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    global _COMPILED
    _COMPILED = _COMPILED or _CompiledTemplates()

    options = {"config_file": str(project / "mkdocs.yml")}
    dirty = strict = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--strict":
            strict = True
        elif arg == "--dirty":
            dirty = True
        elif arg in ("--site-dir", "-d"):
            options["site_dir"] = rest.pop(0)
        elif arg in ("--config-file", "-f"):
            options["config_file"] = str(project / rest.pop(0))
        else:
            raise ValueError(f"mkdocs_build: {arg} is not supported in process; use mkdocs_build_subprocess")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    cwd = os.getcwd()
    code, stdout = 0, ""
    try:
        os.chdir(project)
        config = load_config(strict=strict or None, **options)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            build_command.build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    except Abort as error:  # the command prints it and exits 1
        code, stdout = 1, f"\n{error}\n"
    except MkDocsException as error:  # click prints "Error: …" and exits 1
        code = 1
        stream.write(f"Error: {error}\n")
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
    return subprocess.CompletedProcess(["mkdocs", "build", *args], code, stdout, stream.getvalue())


def mkdocs_build_subprocess(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `mkdocs build` command in a project folder."""
    return subprocess.run(
        [*MKDOCS, "build", *args], cwd=project, env=ENV, capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


# ----------------------------------------------------------------------------
# The site walk: every HTML file of a built site, for what it is
# ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Built:
    """One HTML file of a built site."""

    file: Path
    address: str  # below the site root, as a reader's address ends: "en/verdier/", "404.html"
    lang: str  # "nb" or "en"
    kind: str  # "page", "booklet", "redirect", "notfound" or "offline"


def site_walk(site: Path) -> list[Built]:
    """Every HTML file of a built site, each for what it is, so that a walk checks each kind for
    what it must have: a *page* (an article, the foot, the dates), a *booklet* (the pages of a
    section printed as one: hooks/booklets.py), a *redirect* (an old address that sends readers
    on: hooks/redirects.py; no article, no foot), the *notfound* page of each language (served at
    any address) and the *offline* page (shown by the service worker)."""
    found = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        text = file.read_text(encoding="utf-8")
        if file.name == "404.html":
            kind = "notfound"
        elif file.name == "offline.html":
            kind = "offline"
        elif 'http-equiv="refresh"' in text:
            kind = "redirect"
        elif 'class="booklet-cover"' in text:
            kind = "booklet"
        else:
            kind = "page"
        address = rel.removesuffix("index.html")
        found.append(Built(file, address, "en" if rel.startswith("en/") else "nb", kind))
    return found


def handbook_copy(folder: Path) -> Path:
    """A clone of this repository with its working tree as it is now (committed or not): the
    handbook to change in a test without touching the real one."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    for name in ("bench", "docs", "hooks", "includes", "overrides", "tools"):
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


# An everyday move, as CONTRIBUTING.md tells an editor to do it: the page about sickness and
# absence gets a new file name in both languages, the navigation and the links to it follow.
MOVED = ("ledelse/sykefravaer.md", "ledelse/sykdom-og-fravaer.md")


def move_page(project: Path, old: str = MOVED[0], new: str = MOVED[1]) -> None:
    """Move a page in both languages, with its line in `nav:`, every link to it and the search
    benchmark's expected address (what the editor does before the build asks for the redirect)."""
    for lang in ("nb", "en"):
        (project / "docs" / lang / old).rename(project / "docs" / lang / new)
        for md in (project / "docs" / lang).rglob("*.md"):
            text = md.read_text(encoding="utf-8")
            moved = text.replace(posixpath.basename(old), posixpath.basename(new))
            if moved != text:
                md.write_text(moved, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"- {old}\n", f"- {new}\n"), encoding="utf-8")
    bench = project / "bench" / "search-queries.yml"
    address = lambda path: path.removesuffix(".md").removesuffix("index") .rstrip("/") + "/"  # noqa: E731
    bench.write_text(bench.read_text(encoding="utf-8").replace(address(old), address(new)), encoding="utf-8")


def project_of(site: Path) -> Path:
    """The project a built site was built from: the moved copy builds into its own site/."""
    return site.parent if (site.parent / "mkdocs.yml").exists() else ROOT


@pytest.fixture(scope="session")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook with a page moved (MOVED) and the redirect line the build asks for
    pasted where the message says, built with --strict: a site with redirect pages in it, for
    the site walks."""
    project = handbook_copy(tmp_path_factory.mktemp("moved") / "handbook")
    move_page(project)
    refused = mkdocs_build(project, "--strict")
    assert refused.returncode != 0
    asked = re.search(r"add this line to mkdocs.yml under `redirects:` \(line (\d+)\):  (\S+: \S+)", refused.stderr)
    assert asked, refused.stderr
    line, redirect = int(asked.group(1)), asked.group(2)
    assert redirect == f"{MOVED[0]}: {MOVED[1]}"
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    at = line  # below `redirects:` and the comment lines under it, as CONTRIBUTING.md shows
    while lines[at].strip().startswith("#"):
        at += 1
    lines.insert(at, " " * (len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 2) + redirect)
    (project / "mkdocs.yml").write_text("\n".join(lines), encoding="utf-8")
    # Committed, as the editor does before publishing: the page's date is then the move's.
    subprocess.run(["git", "add", "--all"], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.name=Redaktør", "-c", "user.email=redaktor@example.org", "commit",
                    "--quiet", "--all", "--message", f"Flytt {MOVED[0]} til {MOVED[1]}"],
                   cwd=project, check=True)
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


# The policy the handbook promises to work under (README: publishing); every response carries it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self'; manifest-src 'self'"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


class NotFoundPages:
    """Mixed into a request handler: a missing address is answered with the not-found page of its
    language (below `site_path`), as the README's nginx and Apache examples do."""

    site_path = "/handbok/"

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        lang = "en/" if self.path.startswith(self.site_path + "en/") else ""
        body = (Path(self.directory) / self.site_path.strip("/") / lang / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_folder(root: Path, handler: type = _QuietHandler) -> tuple[str, http.server.ThreadingHTTPServer]:
    """`root` served on 127.0.0.1 from a thread (by default with the strict CSP on every
    response): its origin, http://127.0.0.1:PORT/, and the server to shut down."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def served(site: Path, tmp_path_factory: pytest.TempPathFactory):
    """The built site served on 127.0.0.1 under a sub-path, as on an intranet server, with the
    strict Content-Security-Policy on every response.

    Yields the base URL, e.g. http://127.0.0.1:PORT/handbok/.
    """
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(site, root / "handbok")
    origin, server = serve_folder(root)
    yield origin + "handbok/"
    server.shutdown()


@pytest.fixture(params=["handbook", "moved"])
def walked(request) -> Path:
    """The site walks run over the handbook as built and over the handbook with a page moved and
    its redirect line pasted (`moved_site`): redirect pages must pass them too."""
    return request.getfixturevalue("site" if request.param == "handbook" else "moved_site")


ARTIFACTS = ROOT / "test-artifacts"  # printed sheets kept after `make test` (README)


def print_pdf(page, name: str | None = None, **options):
    """The open page printed to PDF as Chromium's print dialog does (the page's CSS sets A4), as a
    pypdf reader; a copy kept in test-artifacts/ when named."""
    from pypdf import PdfReader

    data = page.pdf(prefer_css_page_size=True, **options)
    if name:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / name).write_bytes(data)
    return PdfReader(io.BytesIO(data))


def pdf_text(reader) -> str:
    """All printed text of a PDF, its runs of white space made one space."""
    return " ".join(" ".join(t.split()) for t in pdf_texts(reader))


def search_until_answered(page, query: str) -> None:
    """Type `query` into the search box until a result shows: a query typed before the search
    worker is ready goes unanswered (likelier on a busy machine)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    box, hit = page.locator("input.md-search__input"), page.locator(".md-search-result__item").first
    for _ in range(10):
        box.fill("")
        box.fill(query)
        try:
            hit.wait_for(timeout=3000)
            return
        except PlaywrightTimeoutError:
            continue
    hit.wait_for()


def pdf_texts(pdf) -> list[str]:
    """The text of each printed page of a PDF (bytes, or a pypdf reader of bytes), read by
    poppler's pdftotext (installed with Chromium by `make test`): twenty times faster than
    pypdf's own extraction on a booklet. `-raw` keeps the text in the order it was drawn, as
    pypdf reads it, and keeps a hyphen that ends a line (without it poppler joins «LAR-» and
    «medisin» into «LARmedisin»)."""
    data = pdf if isinstance(pdf, (bytes, bytearray)) else pdf.stream.getvalue()
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=bytes(data),
                         capture_output=True, check=True).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing in CI is a failure, never a skip."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield _NoServiceWorkers(b)
        b.close()


class _NoServiceWorkers:
    """The browser, whose contexts block the handbook's service worker unless a test asks for it
    (`service_workers="allow"`, tests/test_offline.py): in every other test's fresh context it
    would store the whole precache (3 MB) after the first page, for nothing."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_context(**options)

    def new_page(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_page(**options)

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture()
def page(browser):
    context = browser.new_context(locale="nb-NO")
    p = context.new_page()
    yield p
    context.close()


# Records every Content-Security-Policy violation of a page, from before its first script runs.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                              " at " + e.sourceFile + ":" + e.lineNumber);
});
"""
