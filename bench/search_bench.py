"""Search benchmark (`make search-bench`; not a test): how often the search box finds the right page.

Builds the handbook (`mkdocs build --strict`), serves it on 127.0.0.1 under a sub-path as an
intranet server would, and for every query in bench/search-queries.yml types it into the site's
own Material search box in Chromium (Playwright, /usr/bin/chromium) and reads the result list the
reader sees. Reports, per language, the share of queries with an expected page first (top 1) and
among the first three (top 3), the queries that missed, and the search data a page fetches before
anyone uses the search box (KB gzip). Writes the table to bench/search-results.md.

    make search-bench                       # build and run everything
    .venv/bin/python bench/search_bench.py --site site   # an existing build
    .venv/bin/python bench/search_bench.py -v            # every query with its first three pages

Targets (issue 11): top 3 ≥ 95 % and top 1 ≥ 80 % in each language.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "search-queries.yml"
RESULTS = ROOT / "bench" / "search-results.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SUBPATH = "handbok/"
TARGET_TOP3, TARGET_TOP1 = 0.95, 0.80
LANGUAGES = {"nb": "", "en": "en/"}  # language: its root below the site root


# ----------------------------------------------------------------------------
# Site: build and serve
# ----------------------------------------------------------------------------


def build_site(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"search-bench: the build failed\n{result.stdout}{result.stderr}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path, www: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a copy of the site at http://127.0.0.1:PORT/handbok/ (a sub-path, as on an intranet)."""
    shutil.copytree(site, www / SUBPATH)
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}"


# ----------------------------------------------------------------------------
# Browser: type a query, read the results
# ----------------------------------------------------------------------------


def page_of(href: str, root: str) -> str:
    """A result link as a page path relative to the language root: `rekruttering/utlysning/`."""
    path = urlsplit(href).path
    return path.removeprefix(urlsplit(root).path) or "./"


def search(page, query: str, root: str, waiting: set[str]) -> list[str]:
    """Type `query` into the search box; the pages of the result list, in order, once it is stable."""
    box = page.locator("input[data-md-component=search-query]")
    box.fill("")
    box.press("End")  # Material reads the box on keyup
    page.wait_for_function("() => !document.querySelector('.md-search-result__list li')")
    box.focus()
    page.keyboard.type(query)
    last, since, start = None, time.monotonic(), time.monotonic()
    while True:
        state = page.evaluate(
            """() => [document.querySelector('.md-search-result__meta').textContent,
                      [...document.querySelectorAll('.md-search-result__item > a')].slice(0, 10)
                        .map(a => a.href)]"""
        )
        if state != last:
            last, since = state, time.monotonic()
        elif state[0] not in waiting and time.monotonic() - since > 0.35:
            break
        if time.monotonic() - start > 20:
            raise TimeoutError(f"no search result for {query!r}")
        time.sleep(0.05)
    pages: list[str] = []
    for href in last[1]:
        p = page_of(href, root)
        if p not in pages:
            pages.append(p)
    return pages


def search_data_before_use(context, root: str) -> tuple[int, list[str]]:
    """Gzip bytes of the search data (JSON under search/) a page fetches before the box is used."""
    fetched: list = []
    p = context.new_page()
    p.on("response", lambda r: fetched.append(r) if "/search/" in urlsplit(r.url).path else None)
    p.goto(root, wait_until="networkidle")
    p.wait_for_timeout(500)
    size = sum(len(gzip.compress(r.body(), 6)) for r in fetched if r.ok)
    urls = [urlsplit(r.url).path for r in fetched]
    p.close()
    return size, urls


# ----------------------------------------------------------------------------
# Run and report
# ----------------------------------------------------------------------------


def run(site: Path, verbose: bool) -> str:
    from playwright.sync_api import sync_playwright

    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    rows, misses, data = [], [], []
    with tempfile.TemporaryDirectory() as www, sync_playwright() as pw:
        server, base = serve(site, Path(www))
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for lang, rel in LANGUAGES.items():
                root = base + rel
                context = browser.new_context(locale="nb-NO" if lang == "nb" else "en-GB",
                                              viewport={"width": 1280, "height": 900})
                size, urls = search_data_before_use(context, root)
                data.append((lang, size, urls))
                page = context.new_page()
                page.goto(root, wait_until="networkidle")
                tr = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).translations")
                waiting = {tr["search.result.placeholder"], "", "Initializing search", "Starter søk"}
                page.locator("input[data-md-component=search-query]").click()
                stats: dict[str, list[int]] = {}  # set or kind: [queries, top 1, top 3]
                for item in queries[lang]:
                    q, expect = str(item["q"]), item["expect"]
                    found = search(page, q, root, waiting)
                    hit1 = bool(found) and found[0] in expect
                    hit3 = any(p in expect for p in found[:3])
                    group = "held out" if item.get("holdout") else "main"
                    for key in (group, "all", "kind " + item["kind"]):
                        k = stats.setdefault(key, [0, 0, 0])
                        k[0] += 1
                        k[1] += hit1
                        k[2] += hit3
                    if not hit1:
                        misses.append((lang, q, "top 3" if hit3 else "MISS", expect, found[:3]))
                    if verbose:
                        print(f"{lang} {'1' if hit1 else '3' if hit3 else '-'} {q!r}: {found[:3]}", flush=True)
                rows.append((lang, stats))
                context.close()
        finally:
            browser.close()
            server.shutdown()

    lines = [f"# Search benchmark ({time.strftime('%Y-%m-%d %H:%M')})", "",
             f"Queries: `{QUERIES.relative_to(ROOT)}`, typed into the built site's search box in Chromium.",
             "*held out*: queries written after the pages' keywords were chosen.", "",
             "| language | queries | top 1 | top 3 | search data before the box is used |",
             "| --- | --- | ---: | ---: | ---: |"]
    for (lang, stats), (_, size, urls) in zip(rows, data):
        for group in ("main", "held out", "all"):
            if group in stats:
                n, t1, t3 = stats[group]
                lines.append(f"| {lang} | {group} ({n}) | {t1 / n:.0%} ({t1}) | {t3 / n:.0%} ({t3}) | {size / 1024:.1f} KB gzip |")
    lines += ["", "By kind (queries / top 1 / top 3):", ""]
    for lang, stats in rows:
        lines.append(f"- {lang}: " + "; ".join(f"{k[5:]} {v[0]}/{v[1]}/{v[2]}" for k, v in sorted(stats.items()) if k.startswith("kind ")))
    lines += ["", "Search files fetched on page load, before the box is used:", ""]
    lines += [f"- {lang}: " + (", ".join(f"`{u}`" for u in urls) or "none") for lang, _, urls in data]
    lines += ["", "Not first (expected pages → first three results):", ""]
    lines += [f"- {lang} `{q}` ({what}): {', '.join(e)} → {', '.join(f) or 'nothing'}" for lang, q, what, e, f in misses]
    met = all(st["main"][2] / st["main"][0] >= TARGET_TOP3 and st["main"][1] / st["main"][0] >= TARGET_TOP1
              for _, st in rows)
    lines += ["", f"Targets on the main queries (top 3 ≥ {TARGET_TOP3:.0%}, top 1 ≥ {TARGET_TOP1:.0%} per language): "
              + ("met" if met else "MISSED")]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build to measure (default: build now)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query's first three pages")
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit(f"search-bench: {CHROMIUM} is missing (make chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site)
        report = run(site.resolve(), args.verbose)
    print(report)
    RESULTS.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
