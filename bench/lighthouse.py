"""Lighthouse on the handbook (`make lighthouse`; CI can run it: about 3 minutes).

Builds the site with --strict (or takes a built folder: `bench/lighthouse.py path/to/site`), serves
it on 127.0.0.1 under a sub-path with the strict Content-Security-Policy of the README and gzip, and runs
Lighthouse (npm `lighthouse`, pinned in package-lock.json; Debian's Chromium via CHROME_PATH) with
its default mobile preset, RUNS times (3) on each of the front page, the hiring checklist and the
interview-sheet builder. Prints the median of each score and of CLS per page, writes the table to
bench/lighthouse/results.md (with each run's JSON report beside it), and exits 1 when a median
misses its target: Performance >= 90, Accessibility, Best Practices and SEO 100, CLS <= 0.02.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CSP  # noqa: E402  the policy the tests serve the site with

RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
PAGES = {"front page": "", "hiring checklist": "rekruttering/sjekkliste/", "builder": "rekruttering/intervjuark/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
CLS_TARGET = 0.02
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
OUT = ROOT / "bench" / "lighthouse"

# ----------------------------------------------------------------------------
# Serving
# ----------------------------------------------------------------------------


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves as the README's server examples do: the CSP on every response, text compressed
    (gzip, as any production web server does), assets cacheable for an hour."""

    COMPRESS = (".html", ".css", ".js", ".json", ".xml", ".svg")

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESS or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()


def build(into: Path) -> Path:
    site = into / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    if run.returncode:
        sys.exit(run.stdout + run.stderr)
    return site


# ----------------------------------------------------------------------------
# Lighthouse
# ----------------------------------------------------------------------------


def lighthouse(url: str, report: Path) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    run = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    if run.returncode:
        sys.exit(f"lighthouse {url} failed:\n{run.stderr[-2000:]}")
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["cls"] = result["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["failed"] = sorted(
        a["id"] for c in CATEGORIES if c != "performance"
        for ref in result["categories"][c]["auditRefs"] if ref["weight"] > 0
        for a in [result["audits"][ref["id"]]] if a["score"] is not None and a["score"] < 1
    )
    return scores


def main() -> int:
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `make node-tools` (npm ci)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(sys.argv[1]) if len(sys.argv) > 1 else build(Path(tmp))
        www = Path(tmp) / "www"
        shutil.copytree(site, www / "handbok")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(www)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/handbok/"
        rows, missed = [], []
        for name, path in PAGES.items():
            runs = [lighthouse(base + path, OUT / f"{path.strip('/').replace('/', '-') or 'front'}-{n}.json")
                    for n in range(RUNS)]
            median = {k: statistics.median(r[k] for r in runs) for k in [*CATEGORIES, "cls"]}
            failed = sorted({a for r in runs for a in r["failed"]})
            rows.append(f"| {name} | " + " | ".join(f"{median[c]:.0f}" for c in CATEGORIES)
                        + f" | {median['cls']:.3f} | {', '.join(failed) or '–'} |")
            missed += [f"{name}: {c} {median[c]:.0f} < {t}" for c, t in TARGETS.items() if median[c] < t]
            if median["cls"] > CLS_TARGET:
                missed.append(f"{name}: CLS {median['cls']:.3f} > {CLS_TARGET}")
        server.shutdown()
    table = "\n".join([
        f"Lighthouse, mobile preset, median of {RUNS} runs, site under a sub-path with the strict CSP.",
        "",
        "| page | Performance | Accessibility | Best Practices | SEO | CLS | audits not passed (A11y, BP, SEO) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *rows,
    ])
    print(table)
    (OUT / "results.md").write_text(table + "\n", encoding="utf-8")
    for line in missed:
        print("missed:", line, file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
