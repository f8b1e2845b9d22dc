"""Benchmark of the handbook build and its pages (`make bench`; not a test).

Measures, on this machine:
- the build time of the real site (median of RUNS builds) and per page;
- the hooks' share: the same build with `hooks: []`;
- page dates: the time inside hooks/pagedates.py (one `git log` pass), and, when
  mkdocs-git-revision-date-localized-plugin is importable (it is not a dependency: put it on
  PYTHONPATH to compare), the same build with that plugin instead of the hook;
- growth: a synthetic corpus of ten times the content (every page copied nine more times below
  copyN/, each item with its own id and text) against the same setup at one time the content;
- page weight of a typical page (HTML + its CSS + JS, gzip) and each language's search index;
- the offline store: what the service worker stores per language (bytes and gzip), read from the
  built sw.js, and what the print booklets (stored only when opened) would add.

Prints one table and writes it to bench/results.md. Targets: ten times the content costs at most
ten times the time, a page weighs at most 150 KB gzip before the search index. The hooks' cost is
a target of bench/targets.py (the build with hooks at most 1.2x the build without), which
`make bench` runs after this script.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import re
import shutil
import statistics
import logging
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TYPICAL = "rekruttering/sjekkliste/"
os.environ["NO_MKDOCS_2_WARNING"] = "1"
ITEM_ID = re.compile(r"\{#([a-z0-9-]+)([^}]*)\}")
ITEM_LINE = re.compile(r"^(?P<lead>[ \t>]*(?:[-*+]|\d+\.)[ \t]+\[[ x?]\][ \t]+)(?P<text>.*?)(?P<id>[ \t]*\{#[a-z0-9-]+[^}]*\})[ \t]*$", re.M)


# Seconds spent inside event handlers, one entry per build: the project's hooks, of which
# hooks/pagedates.py, and the git-revision-date-localized plugin when a variant uses it.
SECONDS: dict[str, list[float]] = {"hooks": [], "pagedates": [], "plugin": []}


def _watched() -> dict[str, str]:
    watched = {"hooks": str(ROOT / "hooks") + os.sep, "pagedates": str(ROOT / "hooks" / "pagedates.py")}
    spec = importlib.util.find_spec("mkdocs_git_revision_date_localized_plugin")
    if spec and spec.origin:
        watched["plugin"] = os.path.dirname(spec.origin) + os.sep
    return watched


def time_hooks(cfg) -> None:
    """Wrap the handlers of the watched files so the time inside them is added to SECONDS[…][-1]."""
    watched = _watched()
    for series in SECONDS.values():
        series.append(0.0)
    for methods in cfg.plugins.events.values():
        for i, method in enumerate(methods):
            code = getattr(method, "__code__", None)
            path = os.path.abspath(code.co_filename) if code else ""
            labels = [label for label, prefix in watched.items() if path.startswith(prefix)]
            if not labels:
                continue

            def timed(*args, __method=method, __labels=labels, **kwargs):
                start = time.perf_counter()
                try:
                    return __method(*args, **kwargs)
                finally:
                    for label in __labels:
                        SECONDS[label][-1] += time.perf_counter() - start

            methods[i] = timed


def build(project: Path, config: str = "mkdocs.yml", site: Path | None = None) -> float:
    """One build in this process (load the config, build): its wall-clock seconds.

    In-process builds leave out the interpreter's start-up, which on a small virtual machine
    varies more than the build itself. A failed build stops the benchmark.
    """
    site = site or project / "site"
    start = time.perf_counter()
    try:
        cfg = load_config(config_file=str(project / config), site_dir=str(site))
        time_hooks(cfg)
        mkdocs_build(cfg)
    except (Abort, PluginError) as error:
        sys.exit(f"bench: build of {project / config} failed: {error}")
    return time.perf_counter() - start


def median_builds(variants: dict[str, tuple[Path, str]]) -> dict[str, float]:
    """Median build time of each variant, the runs interleaved so drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as out:
        for name, (project, config) in variants.items():  # warm-up: imports, caches
            build(project, config, Path(out) / name)
        for _ in range(RUNS):
            for name, (project, config) in variants.items():
                times[name].append(build(project, config, Path(out) / name))
    return {name: statistics.median(t) for name, t in times.items()}


def copy_project(target: Path) -> None:
    for name in ("docs", "includes", "overrides", "hooks"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")


def write_config(project: Path, name: str, **changes) -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    for key, value in changes.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    (project / name).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return name


def multiply(project: Path, times: int) -> None:
    """Add times-1 copies of every page below copyN/, with unique item ids and texts."""
    for lang in ("nb", "en"):
        source = ROOT / "docs" / lang
        for n in range(2, times + 1):
            for md in source.rglob("*.md"):
                text = md.read_text(encoding="utf-8")
                ids = {m[0] for m in ITEM_ID.findall(text)}
                # Each copy's item texts are made-up words, so that no two items read alike (the
                # same-text and near-duplicate rules then see a corpus as varied as a real one).
                text = ITEM_LINE.sub(lambda m: m["lead"] + shuffled(m["text"], f"{n}{m['id']}") + m["id"], text)
                text = ITEM_ID.sub(lambda m: f"{{#{m.group(1)}-c{n}{m.group(2)}}}", text)
                for item_id in ids:  # links to items on the copied pages follow their copy
                    text = re.sub(rf"#{item_id}\b", f"#{item_id}-c{n}", text)
                out = project / "docs" / lang / f"copy{n}" / md.relative_to(source)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(text, encoding="utf-8")
            # Links that climb out of a copy (e.g. ../ressurser/) stay inside it: its own tree.


def shuffled(text: str, seed: str) -> str:
    """The item's text in made-up words of the same lengths, different for every copy and item."""
    def word(w: str) -> str:
        digest = hashlib.sha256(f"{seed}:{w}".encode()).digest()
        return "".join(chr(97 + b % 26) for b in digest[: max(1, len(w))])
    return " ".join(word(w) for w in text.split())


def count_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("index.html") if "assets" not in p.parts)


def page_weight(site: Path, path: str) -> dict[str, int]:
    """Bytes of a page and the CSS and JS it loads, raw and gzip (level 6)."""
    html_file = site / path / "index.html"
    html = html_file.read_text(encoding="utf-8")
    assets = re.findall(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"', html)
    files = {"html": [html_file], "css": [], "js": []}
    for ref in assets:
        local = (html_file.parent / urlsplit(ref).path).resolve()
        files["css" if local.suffix == ".css" else "js"].append(local)
    weight = {}
    for kind, paths in files.items():
        data = [p.read_bytes() for p in paths]
        weight[kind] = sum(len(d) for d in data)
        weight[kind + "_gz"] = sum(len(gzip.compress(d, 6)) for d in data)
    return weight


def precache_weight(site: Path) -> list[tuple[str, str, str]]:
    """Rows: what the service worker stores ahead for each language (sw.js's list; hooks/offline.py),
    both languages together, and the booklets it stores only when opened, raw and gzip (level 6)."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    data = json.loads(text.split("\n", 1)[0][len("self.HANDBOOK_OFFLINE = "):].rstrip(";"))

    def file_of(address: str) -> Path:
        return site / (address + "index.html" if address.endswith("/") else address).removeprefix("./")

    def weigh(addresses: set[str]) -> tuple[int, int]:
        blobs = [file_of(a).read_bytes() for a in sorted(addresses)]
        return sum(len(b) for b in blobs), sum(len(gzip.compress(b, 6)) for b in blobs)

    rows, every = [], set()
    for lang, language in data["languages"].items():
        files = set(language["files"])
        every |= files
        size, gz = weigh(files)
        pages = sum(1 for a in files if a.endswith("/"))
        rows.append((f"offline store ({lang})", f"{size / 1024:.0f} KB",
                     f"{gz / 1024:.0f} KB gzip; {len(files)} files, {pages} pages"))
        size, gz = weigh(set(language["later"]))
        rows.append((f"booklets, stored when opened ({lang})", f"{size / 1024:.0f} KB",
                     f"{gz / 1024:.0f} KB gzip; {len(language['later'])} booklets"))
    size, gz = weigh(every)
    rows.append(("offline store, both languages", f"{size / 1024:.0f} KB", f"{gz / 1024:.0f} KB gzip"))
    return rows


def git_revision_plugin() -> bool:
    try:
        import mkdocs_git_revision_date_localized_plugin  # noqa: F401
    except ImportError:
        return False
    return True


def date_variants() -> dict[str, tuple[Path, str]]:
    """The real build without page dates, and (if installed) with the plugin instead of the hook."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    hooks = [h for h in config["hooks"] if not h.endswith("pagedates.py")]
    variants = {"no-dates": (ROOT, write_config(ROOT, ".bench-nodates.yml", hooks=hooks))}
    if git_revision_plugin():
        plugin = {"git-revision-date-localized": {"fallback_to_build_date": True, "strict": False}}
        variants["plugin"] = (ROOT, write_config(ROOT, ".bench-plugin.yml", hooks=hooks, plugins=[*config["plugins"], plugin]))
    return variants


def main() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        no_hooks_config = write_config(ROOT, ".bench-nohooks.yml", hooks=[])
        variants = {"real": (ROOT, "mkdocs.yml"), "bare": (ROOT, no_hooks_config)}
        try:
            variants.update(date_variants())
            timed = median_builds(variants)
        finally:
            for _, config in variants.values():
                if config.startswith(".bench-"):
                    (ROOT / config).unlink()
        real, bare = timed["real"], timed["bare"]
        step = len(variants)  # the runs are interleaved: "real" is every step-th, first
        inside, dates = (statistics.median(SECONDS[k][-(step * RUNS):][::step]) for k in ("hooks", "pagedates"))
        no_dates, plugin = timed["no-dates"], timed.get("plugin")
        if plugin:  # its runs: the last variant
            inside_plugin = statistics.median(SECONDS["plugin"][-(step * RUNS):][step - 1::step])
        site = tmp / "site"
        build(ROOT, site=site)
        pages = count_pages(site)

        one, ten = tmp / "one", tmp / "ten"
        for project, times in ((one, 1), (ten, 10)):
            copy_project(project)
            write_config(project, "mkdocs.yml", nav=None, validation={"nav": {"omitted_files": "ignore"}})
            multiply(project, times)
        timed = median_builds({"one": (one, "mkdocs.yml"), "ten": (ten, "mkdocs.yml")})
        t1, t10 = timed["one"], timed["ten"]
        ten_site = tmp / "ten-site"
        build(ten, site=ten_site)
        ten_pages = count_pages(ten_site)

        weight = page_weight(site, TYPICAL)
        total_gz = weight["html_gz"] + weight["css_gz"] + weight["js_gz"]
        # Search: a stub fetched on every page load, the full index on the first query (hooks/search.py).
        index = {f"{what} ({lang})": site / rel / "search" / name
                 for lang, rel in (("nb", "."), ("en", "en"))
                 for what, name in (("search data on page load", "search_index.json"),
                                    ("search index on the first query", "search_full.json"))}

        share = (real - bare) / bare * 100
        growth = t10 / t1
        rows += [
            ("build, real site (median of %d)" % RUNS, f"{real:.2f} s", f"{pages} pages"),
            ("build per page", f"{real / pages * 1000:.1f} ms", ""),
            ("build without the project's hooks", f"{bare:.2f} s", f"hooks add {share:+.1f} % (target in bench/targets.py)"),
            ("time inside the hooks' handlers", f"{inside:.3f} s", f"{inside / real * 100:.1f} % of the build"),
            ("page dates: inside hooks/pagedates.py", f"{dates:.3f} s", f"{dates / real * 100:.1f} % of the build (target ≤ 10 %)"),
            ("page dates: build without them", f"{no_dates:.2f} s", f"the hook adds {(real - no_dates) / no_dates * 100:+.1f} %"),
            ("page dates: git-revision-date-localized 1.6.3 instead", f"{plugin:.2f} s" if plugin else "–",
             f"the plugin adds {(plugin - no_dates) / no_dates * 100:+.1f} %" if plugin else "not installed (put it on PYTHONPATH to compare)"),
        ]
        if plugin:
            rows.append(("page dates: inside the plugin's handlers", f"{inside_plugin:.3f} s",
                         f"{inside_plugin / plugin * 100:.1f} % of its build"))
        rows += [
            ("synthetic corpus ×1 (no nav)", f"{t1:.2f} s", ""),
            ("synthetic corpus ×10", f"{t10:.2f} s", f"{ten_pages} pages; ×{growth:.2f} the time (target ≤ ×10)"),
            (f"page weight {TYPICAL}: HTML", f"{weight['html'] / 1024:.1f} KB", f"{weight['html_gz'] / 1024:.1f} KB gzip"),
            ("page weight: CSS", f"{weight['css'] / 1024:.1f} KB", f"{weight['css_gz'] / 1024:.1f} KB gzip"),
            ("page weight: JS", f"{weight['js'] / 1024:.1f} KB", f"{weight['js_gz'] / 1024:.1f} KB gzip"),
            ("page weight: total before search index", "", f"{total_gz / 1024:.1f} KB gzip (target ≤ 150 KB)"),
        ]
        for name, path in index.items():
            data = path.read_bytes()
            rows.append((name, f"{len(data) / 1024:.1f} KB", f"{len(gzip.compress(data, 6)) / 1024:.1f} KB gzip"))
        rows += precache_weight(site)

    verdicts = [
        ("page dates ≤ 10 %", dates / real <= 0.10),
        ("×10 content ≤ ×10 time", growth <= 10),
        ("page ≤ 150 KB gzip", total_gz <= 150 * 1024),
    ]
    lines = [f"# Benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, Python {sys.version.split()[0]})", ""]
    lines += ["| measure | value | note |", "| --- | ---: | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += ["", "Targets: " + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in verdicts)]
    table = "\n".join(lines)
    print(table)
    (ROOT / "bench" / "results.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
