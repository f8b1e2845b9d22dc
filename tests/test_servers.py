"""The README's server configurations, run for real: the built site published at the README's
sub-path under Debian's nginx and Apache, each started on a free port of 127.0.0.1 with the
README's own configuration block (read from README.md, so the two cannot drift apart) and stopped
after. Every file answers with the README's Content-Security-Policy and compressed when it is
text, a missing address gets the not-found page of its language, and in Chromium the pages run
with no policy violation, no failed request, and working search and ticks."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, search_until_answered as search
from test_quality import Watch

README = (ROOT / "README.md").read_text(encoding="utf-8")
SITE_PATH = "/erfaringskompetanse/"  # where the README publishes the site (site_url's path, too)
FOLDER = "/srv/erfaringskompetanse/site/"  # the README's folder, replaced by the test's copy
TEXT = {".html", ".css", ".js", ".json", ".xml", ".svg"}  # what must be compressed on the way
BINARIES = {"nginx": "/usr/sbin/nginx", "apache": "/usr/sbin/apache2"}


def readme_block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", README, re.S)
    assert len(blocks) == 1, f"README.md has {len(blocks)} ```{language} blocks, expected one"
    return blocks[0]


def readme_csp(block: str) -> str:
    """The Content-Security-Policy the README's block sends (every response must carry it)."""
    policies = set(re.findall(r'Content-Security-Policy "([^"]+)"', block))
    assert len(policies) == 1, policies
    return policies.pop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NGINX = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{block}
    }}
}}
"""

APACHE = """\
ServerRoot {run}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {run}/apache.pid
ErrorLog {run}/error.log
LogLevel warn
DefaultRuntimeDir {run}
Mutex file:{run} default
User www-data
Group www-data
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
LoadModule filter_module /usr/lib/apache2/modules/mod_filter.so
LoadModule deflate_module /usr/lib/apache2/modules/mod_deflate.so
TypesConfig /etc/mime.types
DirectoryIndex index.html
Alias {path} {site}/
<Directory {site}>
    AllowOverride All
    Require all granted
</Directory>
"""


class Server:
    """One web server serving the published copy; `base` is http://127.0.0.1:PORT."""

    def __init__(self, kind: str, published: Path):
        self.kind = kind
        self.run = Path(tempfile.mkdtemp(prefix=f"ekh-{kind}-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        site = published / "site"
        if kind == "nginx":
            self.block = readme_block("nginx")
            block = "\n".join("        " + line for line in self.block.replace(FOLDER, f"{site}/").splitlines())
            conf = self.run / "nginx.conf"
            conf.write_text(NGINX.format(run=self.run, port=self.port, block=block), encoding="utf-8")
            command = [BINARIES[kind], "-e", str(self.run / "error.log"), "-p", str(self.run), "-c", str(conf),
                       "-g", "daemon off;"]
        else:
            self.block = readme_block("apache")
            (site / ".htaccess").write_text(self.block, encoding="utf-8")  # "in the published folder"
            conf = self.run / "apache2.conf"
            conf.write_text(APACHE.format(run=self.run, port=self.port, path=SITE_PATH, site=site), encoding="utf-8")
            command = [BINARIES[kind], "-f", str(conf), "-DFOREGROUND"]
        self.csp = readme_csp(self.block)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{kind} stopped at start: {self.process.stderr.read()} {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"{kind} did not answer on port {self.port}: {self.log()}")

    def log(self) -> str:
        path = self.run / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.run, ignore_errors=True)


@pytest.fixture(scope="module")
def published(site):
    """A copy of the built site in a folder the servers' worker users can read."""
    folder = Path(tempfile.mkdtemp(prefix="ekh-www-"))
    folder.chmod(0o755)
    shutil.copytree(site, folder / "site")
    for path in [folder / "site", *(p for p in (folder / "site").rglob("*") if p.is_dir())]:
        path.chmod(0o755)  # pytest's temporary folders are the test user's alone
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request, published):
    if not os.path.exists(BINARIES[request.param]):
        pytest.fail(f"{BINARIES[request.param]} is missing: run `make test` (it installs Debian's nginx and apache2)")
    running = Server(request.param, published)
    yield running
    running.stop()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def text(headers: dict[str, str], body: bytes) -> str:
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8")


# --- Every response -----------------------------------------------------------------------------


def test_every_file_answers_with_the_readmes_policy_and_text_is_compressed(server, site):
    files = sorted(p for p in site.rglob("*") if p.is_file())
    assert len(files) > 150
    problems = []
    for path in files:
        rel = path.relative_to(site).as_posix()
        url = server.base + SITE_PATH + quote(rel)
        status, headers, body = get(url)
        if status != 200:
            problems.append(f"{rel}: {status}")
            continue
        if headers.get("content-security-policy") != server.csp:
            problems.append(f"{rel}: Content-Security-Policy {headers.get('content-security-policy')!r}")
        if headers.get("x-content-type-options") != "nosniff":
            problems.append(f"{rel}: X-Content-Type-Options {headers.get('x-content-type-options')!r}")
        if path.suffix in TEXT and path.stat().st_size > 1024 and headers.get("content-encoding") != "gzip":
            problems.append(f"{rel}: not compressed ({headers.get('content-type')})")
    for folder in ("", "en/", "rekruttering/sjekkliste/"):  # the addresses readers use: folders
        status, headers, _ = get(server.base + SITE_PATH + folder)
        if status != 200 or headers.get("content-security-policy") != server.csp:
            problems.append(f"{folder or '/'}: {status} {headers.get('content-security-policy')!r}")
    assert problems == [], f"{server.kind}:\n" + "\n".join(problems)


@pytest.mark.parametrize("missing,lang,title", [
    ("finnes-ikke/", "nb", "Fant ikke siden"),
    ("en/does-not-exist/", "en", "Page not found"),
    ("rekruttering/gammel-side.html", "nb", "Fant ikke siden"),
])
def test_a_missing_address_gets_the_not_found_page_of_its_language(server, missing, lang, title):
    status, headers, body = get(server.base + SITE_PATH + missing)
    page = text(headers, body)
    assert status == 404
    assert f'<html lang="{lang}"' in page and f"<h1>{title}</h1>" in page
    assert headers.get("content-security-policy") == server.csp


# --- In the browser -----------------------------------------------------------------------------

PAGES = ["", "en/", "rekruttering/sjekkliste/", "en/rekruttering/intervjuark/", "ny-i-jobben/",
         "workshops/rus/?present", "personvern/", "en/tilgjengelighet/", "veiledning/utskrift/"]


def test_pages_search_and_ticks_work_in_chromium_under_the_server(browser, server):
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    site = server.base + SITE_PATH
    violations = []
    for path in PAGES:
        page.goto(site + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.document$ === 'object'"), path  # Material's bundle ran
        violations += [f"{path}: {v}" for v in watch.violations(page)]
    # Ticks: kept across a reload under this server.
    page.goto(site + "rekruttering/sjekkliste/")
    box = page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]")
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    area = box.bounding_box()
    page.mouse.click(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    page.reload()
    assert page.locator("li[data-item='rek-sjekk-lonn'] input[type=checkbox]").is_checked()
    # Search in each language, its index fetched from this server.
    search(page, "veiledning")
    page.goto(site + "en/")
    search(page, "peer")
    # The not-found page loads its styles and scripts from the absolute paths.
    response = page.goto(site + "en/does-not-exist/")
    assert response.status == 404 and page.locator("article h1").inner_text() == "Page not found"
    assert page.evaluate("typeof window.document$ === 'object'")
    page.wait_for_load_state("networkidle")
    violations += watch.violations(page)
    context.close()
    assert violations == [] and watch.errors == []
    assert watch.failed == [f"404 {site}en/does-not-exist/"], f"{server.kind}: {watch.failed}"
