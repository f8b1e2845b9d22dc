"""The speed targets of the handbook, each measured side by side in one run (`make bench`).

Every ratio compares the handbook with the same Markdown under plain MkDocs + Material (no hooks,
no extra CSS or JS, no theme overrides), measured in the same run and interleaved, because this
2-core machine is noisy: a ratio is what the project adds, not a time. Prints one line per target,
`PASS` or `MISSED`, and writes the table to bench/targets.md.

    python bench/targets.py [--quick]      (--quick: fewer runs, no 30x point)

Targets (issue 24):
- a page loads at most 3 CSS and 3 JS files of the project's own beyond Material's; its own JS is
  at most 15 KB gzip; its `load` event comes no later than 1.1x plain Material's (Chromium, 4x CPU
  slowdown, cold cache, median);
- the editor's save-to-reload under `mkdocs serve` is at most 2x plain MkDocs' on the same page;
- a full build takes at most 1.2x the same build without the project's hooks;
- the item hook grows linearly with the content: exponent at most 1.05 from 1x to 30x;
- the first search after a cold page load (focus, then type) is no slower than plain Material's;
- `make check` answers in under a second.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import logging
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
os.environ["NO_MKDOCS_2_WARNING"] = "1"

import bench  # noqa: E402  builds in process, the synthetic corpus, the hooks' clock
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

QUICK = "--quick" in sys.argv
RUNS = 3 if QUICK else 7
PAGES = ["", "rekruttering/sjekkliste/", "rekruttering/intervjuark/", "workshops/rus/", "ny-i-jobben/"]
MATERIAL_ASSETS = re.compile(r"assets/(javascripts|stylesheets)/")
rows: list[tuple[str, str, str, bool | None]] = []


def row(name: str, value: str, note: str, ok: bool | None = None) -> None:
    rows.append((name, value, note, ok))
    print(f"{'PASS  ' if ok else 'MISSED' if ok is False else '      '} {name}: {value}  {note}", flush=True)


# ----------------------------------------------------------------------------
# The plain variant: the same Markdown, plain MkDocs + Material
# ----------------------------------------------------------------------------


def plain_config(project: Path, name: str = ".bench-plain.yml") -> str:
    """mkdocs.yml without the project's hooks, CSS, JS and theme overrides (same pages, plugins,
    Markdown extensions)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    config.update(hooks=[], extra_css=[], extra_javascript=[])
    config["theme"].pop("custom_dir", None)
    config.pop("watch", None)
    # Read with today's environment, `!ENV [SITE_URL, …]` became the example address, and
    # `mkdocs serve` would serve below its path: without it, at the root, as the project's serve.
    config.pop("site_url", None)
    (project / name).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return name


def serve(root: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


# ----------------------------------------------------------------------------
# A page: its files, its scripts' weight, its load event
# ----------------------------------------------------------------------------


def own_files(site: Path) -> tuple[int, int, int, str]:
    """Across every page: most own CSS files, most own JS files, most own JS bytes gzip (and where)."""
    most_css = most_js = most_gz = 0
    where = ""
    for html_file in site.rglob("*.html"):
        if "assets" in html_file.parts:
            continue
        html = html_file.read_text(encoding="utf-8")
        css = [h for h in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) if not MATERIAL_ASSETS.search(h)]
        js = [s for s in re.findall(r'<script src="([^"]+)"', html) if not MATERIAL_ASSETS.search(s)]
        def file(src: str) -> Path:  # the not-found pages link absolutely, from site_url's path
            path = src.split("?")[0]
            return site / path.split("/", 2)[2] if path.startswith("/") else html_file.parent / path
        gz = sum(len(gzip.compress(file(s).resolve().read_bytes(), 9)) for s in js)
        most_css, most_js = max(most_css, len(css)), max(most_js, len(js))
        if gz > most_gz:
            most_gz, where = gz, html_file.parent.relative_to(site).as_posix()
    return most_css, most_js, most_gz, where


def load_times(browser, bases: dict[str, str]) -> dict[str, float]:
    """Median `load` event (ms after navigation start) over PAGES x RUNS, cold cache, 4x CPU."""
    times: dict[str, list[float]] = {name: [] for name in bases}
    for _ in range(RUNS):
        for path in PAGES:
            for name, base in bases.items():
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                page.goto(base + path, wait_until="load")
                times[name].append(page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventStart; }"))
                context.close()
    return {name: statistics.median(t) for name, t in times.items()}


def first_search(browser, bases: dict[str, str], query: str = "veiledning") -> dict[str, float]:
    """Median ms from the first keystroke to the first result, on a cold page: the reader clicks
    into the box, starts typing 300 ms later (4x CPU, as on a phone)."""
    times: dict[str, list[float]] = {name: [] for name in bases}
    for _ in range(RUNS):
        for name, base in bases.items():
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto(base + "rekruttering/", wait_until="load")
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator("input.md-search__input").focus()
            page.wait_for_timeout(300)
            page.evaluate("""() => { window.__typed = performance.now();
                new MutationObserver((m, o) => { if (document.querySelector('.md-search-result__item')) {
                  window.__found = performance.now(); o.disconnect(); } })
                .observe(document.body, {childList: true, subtree: true}); }""")
            page.keyboard.type(query, delay=0)
            page.wait_for_function("() => window.__found", timeout=30000)
            times[name].append(page.evaluate("() => window.__found - window.__typed"))
            context.close()
    return {name: statistics.median(t) for name, t in times.items()}


# ----------------------------------------------------------------------------
# The editor: save to reload under mkdocs serve
# ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def save_to_reload(project: Path, config: str, page_file: Path, url_path: str) -> float:
    """Median seconds from saving a page to `mkdocs serve` serving the new text."""
    port = free_port()
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", config, "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import urllib.request

    def fetch() -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{url_path}", timeout=5) as r:
                return r.read().decode("utf-8", "replace")
        except OSError:
            return ""

    original = page_file.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.time() + 180
        while "</html>" not in fetch():
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError(f"mkdocs serve of {config} did not start")
            time.sleep(0.2)
        time.sleep(1.0)
        for n in range(RUNS):
            token = f"benchtoken{n}x{time.time_ns()}"
            start = time.perf_counter()
            page_file.write_text(original + f"\n\n{token}\n", encoding="utf-8")
            while token not in fetch():
                if time.perf_counter() - start > 120:
                    raise RuntimeError("no reload")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            time.sleep(1.0)
    finally:
        page_file.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return statistics.median(times)


# ----------------------------------------------------------------------------
# Scale: the item hook at 1x, 3x, 10x, 30x the content
# ----------------------------------------------------------------------------


def item_hook_seconds(project: Path) -> float:
    """Seconds inside hooks/items.py's handlers during one build (time_hooks watches hooks/)."""
    bench.SECONDS["items"] = []
    watched = bench._watched

    def only_items() -> dict[str, str]:  # the copy's own hooks/items.py (scale_project copies hooks/)
        return {"items": os.path.abspath(project / "hooks" / "items.py")}

    bench._watched = only_items
    try:
        with tempfile.TemporaryDirectory() as out:
            bench.build(project, "mkdocs.yml", Path(out) / "site")
    finally:
        bench._watched = watched
    return bench.SECONDS["items"][-1]


def scale_project(tmp: Path, times: int) -> Path:
    """The handbook at `times` its content, with the item rules and nothing else that scales
    with pages (no booklets, search or offline list: they are measured apart)."""
    project = tmp / f"x{times}"
    bench.copy_project(project)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    hooks = [h for h in config["hooks"] if any(k in h for k in ("items.py", "frontmatter.py", "history.py"))]
    bench.write_config(project, "mkdocs.yml", nav=None, hooks=hooks,
                       validation={"nav": {"omitted_files": "ignore"}, "links": {"not_found": "ignore", "anchors": "ignore"}})
    bench.multiply(project, times)
    return project


# ----------------------------------------------------------------------------


def main() -> int:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = plain_config(ROOT)
        try:
            # Builds: the project, the same without its hooks, plain Material.
            nohooks = bench.write_config(ROOT, ".bench-nohooks.yml", hooks=[])
            timed = bench.median_builds({"project": (ROOT, "mkdocs.yml"), "nohooks": (ROOT, nohooks)})
            ratio = timed["project"] / timed["nohooks"]
            row("build: project / no hooks", f"{ratio:.2f}x",
                f"{timed['project']:.2f} s / {timed['nohooks']:.2f} s (target <= 1.2x)", ratio <= 1.2)
            sites = {"project": tmp / "project", "plain": tmp / "plain"}
            bench.build(ROOT, "mkdocs.yml", sites["project"])
            bench.build(ROOT, plain, sites["plain"])
        finally:
            for name in (".bench-nohooks.yml",):
                (ROOT / name).unlink(missing_ok=True)

        css, js, gz, where = own_files(sites["project"])
        material = next((sites["project"] / "assets" / "javascripts").glob("bundle.*.min.js"))
        material_gz = len(gzip.compress(material.read_bytes(), 9))
        row("a page: own CSS files", str(css), "most on any page (target <= 3)", css <= 3)
        row("a page: own JS files", str(js), "most on any page (target <= 3)", js <= 3)
        row("a page: own JS, gzip", f"{gz / 1024:.1f} KB",
            f"most on any page ({where}); Material's bundle {material_gz / 1024:.1f} KB (target <= 15 KB)", gz <= 15 * 1024)

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            bases = {}
            servers = []
            for name, site in sites.items():
                base, server = serve(site)
                bases[name] = base
                servers.append(server)
            loads = load_times(browser, bases)
            ratio = loads["project"] / loads["plain"]
            row("a page: load event, project / plain Material", f"{ratio:.2f}x",
                f"{loads['project']:.0f} ms / {loads['plain']:.0f} ms, median of {RUNS}x{len(PAGES)} cold loads at 4x CPU (target <= 1.1x)",
                ratio <= 1.1)
            searches = first_search(browser, bases)
            ratio = searches["project"] / searches["plain"]
            row("first search, project / plain Material", f"{ratio:.2f}x",
                f"{searches['project']:.0f} ms / {searches['plain']:.0f} ms from the first keystroke (target <= 1.0x)",
                ratio <= 1.0)
            for server in servers:
                server.shutdown()
            browser.close()

        # The editor's loop: the same page saved under both servers, one after the other.
        page = ROOT / "docs" / "nb" / "verdier" / "index.md"
        project_s = save_to_reload(ROOT, "mkdocs.yml", page, "verdier/")
        plain_s = save_to_reload(ROOT, plain, page, "verdier/")
        ratio = project_s / plain_s
        row("editor: save to reload, make serve / plain MkDocs", f"{ratio:.2f}x",
            f"{project_s:.2f} s / {plain_s:.2f} s (target <= 2x)", ratio <= 2)
        (ROOT / plain).unlink(missing_ok=True)

        # make check.
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "tools" / "check.py")], cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        check = statistics.median(times)
        row("make check", f"{check:.2f} s", "the whole command, median (target < 1 s)", check < 1)

        # Scale.
        points = [1, 3, 10] if QUICK else [1, 3, 10, 30]
        seconds = {}
        for times_ in points:
            project = scale_project(tmp, times_)
            runs = [item_hook_seconds(project) for _ in range(1 if times_ >= 10 else 3)]
            seconds[times_] = statistics.median(runs)
            shutil.rmtree(project)
            row(f"item hook at {times_}x the content", f"{seconds[times_]:.2f} s",
                f"x{seconds[times_] / seconds[1]:.1f} the 1x time")
        top = points[-1]
        exponent = math.log(seconds[top] / seconds[1]) / math.log(top)
        row(f"item hook growth exponent, 1x to {top}x", f"{exponent:.2f}", "(target <= 1.05)", exponent <= 1.05)

    lines = [f"# Speed targets ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)", "",
             "| target | measured | note | |", "| --- | ---: | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {'PASS' if ok else 'MISSED' if ok is False else ''} |" for a, b, c, ok in rows]
    (ROOT / "bench" / "targets.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if all(ok is not False for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
