"""Quality gates in Chromium: WCAG 2.2 A/AA by axe-core on every page in both languages and both
palettes, what axe cannot see of WCAG 2.2 (target size 2.5.8 on a phone, focus not obscured
2.4.11 by the sticky header), keyboard focus visible, no request to any host but the one serving
the site, and the whole site working under the strict Content-Security-Policy with no failed
request."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import CSP_RECORDER, NotFoundPages, _QuietHandler, serve_folder, site_walk

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# Transitions off, so that what is measured is the state a reader sees once the page settles
# (a palette switched in place, a control scrolled into view), not a frame in between.
NO_TRANSITIONS = """
document.addEventListener("DOMContentLoaded", function () {
  var style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; scroll-behavior: auto !important; }";
  document.head.appendChild(style);
});
"""


def all_paths(site: Path) -> list[str]:
    """Every page and booklet of both languages, as paths below the site root ("/" for the front
    page). A redirect page only sends the browser on (tests/test_redirects.py follows them)."""
    return sorted(b.address or "/" for b in site_walk(site) if b.kind in ("page", "booklet"))


def set_palette(page, scheme: str) -> None:
    """Choose Material's light ('default') or dark ('slate') palette as the reader's toggle does:
    it is stored for the whole site and applied before the next page paints."""
    index = 1 if scheme == "slate" else 0
    page.evaluate(
        "([scheme, index]) => __md_set('__palette', {index: index, color: "
        "{media: '(prefers-color-scheme: ' + (index ? 'dark' : 'light') + ')', scheme: scheme, "
        "primary: 'custom', accent: 'custom'}})",
        [scheme, index],
    )


# The site walk is cut in shards, so that `pytest -n` spreads it over the machine's cores.
SHARDS = 6
# Rules whose result depends on colours: what the second palette can change.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def shard(paths: list[str], number: int) -> list[str]:
    """Every SHARDS-th path from `number`: each shard gets small and large pages alike."""
    return paths[number::SHARDS]


def axe_violations(page, axe: Axe, where: dict | None, options: dict) -> list[dict]:
    """axe-core on the page as it is, injected once per page load (not once per run)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe.axe_script)
    return page.evaluate("([where, options]) => axe.run(where || document, options).then(r => r.violations)",
                         [where, options])


@pytest.mark.heavy(3)
@pytest.mark.parametrize("number", range(SHARDS))
def test_every_page_passes_axe_wcag22_aa_in_both_palettes(browser, served, site, number):
    """One load per page: every rule in the palette the page opens in, then, after switching the
    palette with the header's toggle as a reader does (the choice is stored, so the next page opens
    in it), the rules whose result depends on colours.

    A booklet's chapters are the pages' own articles, checked on the pages in both palettes: in a
    booklet axe checks the whole document for everything but colour (its ids, headings, landmarks
    and lists are the booklet's own), and the colours of what only the booklet has (cover,
    contents, the frame) in both palettes."""
    context = browser.new_context()
    context.add_init_script(NO_TRANSITIONS)
    page = context.new_page()
    axe = Axe()
    failures = []
    paths = all_paths(site)
    assert len(paths) >= 70
    checked = {"default": 0, "slate": 0}
    mine = shard(paths, number)
    every_rule = AXE_OPTIONS
    colours = {"runOnly": {"type": "rule", "values": COLOUR_RULES}, "resultTypes": ["violations"]}
    no_colours = {**AXE_OPTIONS, "rules": {rule: {"enabled": False} for rule in COLOUR_RULES}}
    frame = {"exclude": [[".booklet-chapter"]]}
    for path in mine:
        page.goto(served + path.lstrip("/"))
        booklet = path.rstrip("/").endswith("utskrift")
        for turn in range(2):
            if turn:
                _toggle_palette(page)
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            checked[scheme] += 1
            if booklet:
                runs = ([(None, no_colours)] if not turn else []) + [(frame, colours)]
            else:
                runs = [(None, colours if turn else every_rule)]
            for where, options in runs:
                for violation in axe_violations(page, axe, where, options):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    failures.append(f"{path} [{scheme}] {violation['id']}: {violation['help']} {targets}")
    context.close()
    assert checked == {"default": len(mine), "slate": len(mine)}
    assert failures == [], "\n".join(failures)


def test_keyboard_reaches_every_control_and_shows_focus(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served + "rekruttering/sjekkliste/")
    seen = set()
    for _ in range(250):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                const s = getComputedStyle(e), box = e.getBoundingClientRect();
                const indicator = e.tagName === 'INPUT' && e.nextElementSibling ? getComputedStyle(e.nextElementSibling) : null;
                return {key: e.outerHTML.slice(0, 120), cls: e.className, tag: e.tagName,
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                        indicatorOutline: indicator ? (indicator.outlineStyle !== 'none' || indicator.boxShadow !== 'none') : false,
                        shadow: s.boxShadow !== 'none', item: e.closest('li.item') ? e.closest('li.item').dataset.item : null}; }"""
        )
        if info is None:
            continue
        assert info["outline"] or info["indicatorOutline"] or info["shadow"], f"focus not visible on {info['key']}"
        if info["item"] and info["tag"] == "INPUT":
            seen.add(info["item"])
        if "checklist-reset" in str(info["cls"]):
            seen.add("reset")
    context.close()
    assert len([s for s in seen if s.startswith("rek-sjekk-")]) == 10
    assert "reset" in seen


# --- What axe cannot see of WCAG 2.2 -------------------------------------------------------------

# The region a tap or click reaches a control through (the control, its labels and what they draw,
# found by hit-testing every pixel around it), and whether that region is at least 24 × 24 px or,
# when smaller, a 24 px circle on its centre touches no other target (WCAG 2.5.8, spacing).
TARGET_SIZE = """(selector) => {
  const targets = "a[href], button, input:not([type=hidden]), select, textarea, summary, label, [tabindex]:not([tabindex='-1'])";
  const shown = e => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden";
  const owned = (owners, e) => owners.some(o => o.contains(e) || e.contains(o));
  const controls = Array.from(document.querySelectorAll(selector)).filter(e => shown(e) || (e.labels && Array.from(e.labels).some(shown)));
  const measured = controls.map(e => {
    e.scrollIntoView({block: "center"});
    const owners = [e, ...(e.labels ? Array.from(e.labels) : [])];
    const name = (e.getAttribute("aria-label") || e.textContent || (e.labels && e.labels[0] && e.labels[0].textContent) ||
                  e.getAttribute("aria-labelledby") || e.outerHTML).trim().replace(/\\s+/g, " ").slice(0, 50);
    const rects = owners.map(o => o.getBoundingClientRect()).filter(r => r.width || r.height);
    const x0 = Math.min(...rects.map(r => r.left)) - 30, x1 = Math.max(...rects.map(r => r.right)) + 30;
    const y0 = Math.min(...rects.map(r => r.top)) - 30, y1 = Math.max(...rects.map(r => r.bottom)) + 30;
    // Every 3rd pixel first, then every pixel in a band around each edge found.
    const on = (x, y) => { const hit = document.elementFromPoint(x + 0.5, y + 0.5); return hit && owners.some(o => o.contains(hit)); };
    const scan = (xa, xb, ya, yb, step, box) => {
      for (let y = Math.max(0, ya); y < Math.min(innerHeight, yb); y += step) {
        for (let x = Math.max(0, xa); x < Math.min(innerWidth, xb); x += step) {
          if (on(x, y)) box = box ? {l: Math.min(box.l, x), t: Math.min(box.t, y), r: Math.max(box.r, x + 1), b: Math.max(box.b, y + 1)}
                                  : {l: x, t: y, r: x + 1, b: y + 1};
        }
      }
      return box;
    };
    // A control whose own box is large: enough that a 24 × 24 square on its centre is all its own.
    const u = {l: x0 + 30, t: y0 + 30, r: x1 - 30, b: y1 - 30};
    if (u.r - u.l >= 24 && u.b - u.t >= 24) {
      const mx = (u.l + u.r) / 2, my = (u.t + u.b) / 2;
      const square = [-11.5, -6, 0, 6, 11.5].flatMap(dx => [-11.5, -6, 0, 6, 11.5].map(dy => [mx + dx, my + dy]));
      if (square.every(([x, y]) => on(x - 0.5, y - 0.5))) return {name, w: Math.round(u.r - u.l), h: Math.round(u.b - u.t)};
    }
    let box = scan(x0, x1, y0, y1, 3, null);
    if (box) {
      const c = {...box};
      box = scan(c.l - 3, c.l + 3, c.t - 3, c.b + 3, 1, box);
      box = scan(c.r - 3, c.r + 3, c.t - 3, c.b + 3, 1, box);
      box = scan(c.l - 3, c.r + 3, c.t - 3, c.t + 3, 1, box);
      box = scan(c.l - 3, c.r + 3, c.b - 3, c.b + 3, 1, box);
    }
    if (!box) return {name, problem: "cannot be tapped: nothing of it is on top where it is drawn"};
    const w = box.r - box.l, h = box.b - box.t;
    if (w >= 24 && h >= 24) return {name, w, h};
    // Undersized: no other target within the 24 px circle on its centre.
    const cx = (box.l + box.r) / 2, cy = (box.t + box.b) / 2;
    const near = Array.from(document.querySelectorAll(targets)).filter(o => shown(o) && !owned(owners, o)).filter(o => {
      const r = o.getBoundingClientRect();
      const dx = Math.max(r.left - cx, 0, cx - r.right), dy = Math.max(r.top - cy, 0, cy - r.bottom);
      return r.width && r.height && dx * dx + dy * dy < 144;
    }).map(o => o.outerHTML.slice(0, 60));
    return near.length ? {name, w, h, problem: `${w}×${h} px and another target within 12 px of its centre: ${near[0]}`} : {name, w, h};
  });
  return measured;
}"""


@pytest.mark.parametrize("path,selector,least", [
    ("rekruttering/sjekkliste/", "li.item--checklist input[type=checkbox], .md-content button", 12),
    ("ny-i-jobben/", ".md-content button, .md-content input, .md-content select", 8),
    ("workshops/rus/?present", ".present button", 5),
    ("personvern/", ".forget button, footer .site-links a", 3),
])
def test_controls_are_targets_of_at_least_24_px_on_a_phone(browser, served, path, selector, least):
    """WCAG 2.2 2.5.8 on a 375 px wide phone: tick boxes, the plan's buttons and fields, the
    projector's controls, the delete button and the footer links."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    context.add_init_script(NO_TRANSITIONS)
    page = context.new_page()
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    if "present" in path:
        page.locator(".present").wait_for()
    measured = page.evaluate(TARGET_SIZE, selector)
    context.close()
    assert len(measured) >= least, measured
    problems = [f"{path} {m['name']!r}: {m['problem']}" for m in measured if "problem" in m]
    assert problems == [], "\n".join(problems)


# Whether the focused element can be seen: 9 points of each of its boxes (and its labels') are
# hit-tested; entirely hidden when none of them finds it (WCAG 2.2 2.4.11: not entirely hidden by
# author content such as the sticky header). Elements outside the page's content and footer
# (header, navigation drawer, search) are skipped: Material owns those.
FOCUS_SEEN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || !e.closest(".md-content, .md-footer")) return null;
  const owners = [e, ...(e.labels ? Array.from(e.labels) : [])];
  const boxes = owners.map(o => o.getBoundingClientRect()).filter(r => r.width && r.height);
  if (!boxes.length) return null;
  let seen = 0; const over = new Set();
  for (const r of boxes) for (const fx of [0.05, 0.5, 0.95]) for (const fy of [0.05, 0.5, 0.95]) {
    const x = r.left + r.width * fx, y = r.top + r.height * fy;
    const hit = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight ? document.elementFromPoint(x, y) : null;
    if (hit && owners.some(o => o.contains(hit) || hit.contains(o))) seen++;
    else over.add(hit ? hit.tagName.toLowerCase() + "." + String(hit.className).split(" ")[0] : "outside the window");
  }
  return {name: (e.textContent || "").trim().slice(0, 40) || e.outerHTML.slice(0, 80), seen, over: Array.from(over)};
}"""


def test_the_wcag_22_checks_catch_small_crowded_targets_and_a_header_over_focus(browser):
    """The two checks above on a page made to fail them: 16 px buttons side by side (a lone one
    passes by spacing), and a link focused under an opaque fixed header."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<button id="a" style="width:16px;height:16px;padding:0;border:0">a</button>'
        '<button id="b" style="width:16px;height:16px;padding:0;border:0">b</button>'
        '<button id="c" style="width:16px;height:16px;padding:0;border:0;margin-left:40px">c</button>'
        '<button id="d" style="width:60px;height:30px;margin-left:40px">wide</button>'
    )
    measured = {m["name"]: m for m in page.evaluate(TARGET_SIZE, "button")}
    assert "another target within 12 px" in measured["a"]["problem"]
    assert "another target within 12 px" in measured["b"]["problem"]
    assert "problem" not in measured["c"] and "problem" not in measured["wide"]
    page.set_content(
        '<div style="position:fixed;top:0;left:0;right:0;height:120px;background:#000;z-index:5"></div>'
        '<div class="md-content"><p style="margin-top:40px"><a id="x" href="#x">under the header</a></p>'
        '<p style="margin-top:200px"><a id="y" href="#y">in sight</a></p></div>'
    )
    page.focus("#x")
    assert page.evaluate(FOCUS_SEEN)["seen"] == 0
    page.focus("#y")
    assert page.evaluate(FOCUS_SEEN)["seen"] == 9
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 720}, {"width": 375, "height": 740}])
def test_focus_is_never_hidden_under_the_sticky_header(browser, served, viewport):
    """Tab down a long page and Shift+Tab back up: every link, button and box reached stays in
    sight, also when moving up makes the browser scroll it in at the top (WCAG 2.2 2.4.11)."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(NO_TRANSITIONS)
    page = context.new_page()
    page.goto(served + "opplaering/opplaeringsplan/")
    stops = page.evaluate("document.querySelectorAll('.md-content a[href], .md-content button, .md-content input, .md-footer a[href]').length")
    hidden, reached = [], 0
    for key in ["Tab"] * (stops + 40) + ["Shift+Tab"] * (stops + 40):
        page.keyboard.press(key)
        info = page.evaluate(FOCUS_SEEN)
        if info is None:
            continue
        reached += 1
        if not info["seen"]:
            hidden.append(f"{key} to {info['name']!r}: hidden by {', '.join(info['over'])}")
    context.close()
    assert reached >= 2 * stops
    assert hidden == [], "\n".join(hidden)


# --- Strict Content-Security-Policy, no failed request ------------------------------------------


class Watch:
    """What goes wrong on a page: CSP violations (events and console), script errors, and every
    response with a status of 400 or more."""

    def __init__(self, context) -> None:
        context.add_init_script(CSP_RECORDER)
        self.console: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requests: list[str] = []

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def violations(self, page) -> list[str]:
        return page.evaluate("window.__cspViolations") + [
            c for c in self.console if "Content Security Policy" in c
        ]


@pytest.mark.heavy
@pytest.mark.parametrize("number", range(SHARDS))
def test_every_page_works_under_strict_csp_with_no_failed_request_and_nothing_leaves_the_site(browser, served, site, number):
    """Every page once: Material's bundle runs, no policy blocks anything, no script error, no
    response of 400 or more, and no request to any host but the one serving the site (every
    request a page makes while it is open is seen; the search's, made on first use, too)."""
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    problems = []
    paths = all_paths(site)
    assert len(paths) >= 70 and "en/" in paths
    for path in shard(paths, number):
        page.goto(served + path.lstrip("/"))
        page.wait_for_load_state("load")
        # Material's bundle ran (it marks the page) and no policy stopped anything.
        assert page.evaluate("typeof window.document$ === 'object'"), path
        problems += [f"{path}: {v}" for v in watch.violations(page)]
        watch.console.clear()
    if number == 0:
        # Search loads its worker, index and language support on first use. A query typed before
        # the worker is ready goes unanswered (likelier on a busy machine): type it until it is.
        page.goto(served + "en/")
        box, hit = page.locator("input.md-search__input"), page.locator(".md-search-result__item").first
        for attempt in range(10):
            box.fill("")
            box.fill("peer")
            try:
                hit.wait_for(timeout=3000)
                break
            except PlaywrightTimeoutError:
                continue
        hit.wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    host = urlsplit(served).netloc
    assert [url for url in watch.requests if urlsplit(url).netloc not in (host, "")] == []
    assert problems == []
    assert watch.errors == []
    assert watch.failed == []


@pytest.mark.parametrize("lang", ["", "en/"])
def test_each_language_loads_its_own_items_and_search_index(browser, served, lang):
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + lang + "rekruttering/intervjuark/")
    page.locator(".builder--ready").wait_for()
    page.locator("input.md-search__input").fill("peer" if lang else "veiledning")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert watch.violations(page) == [] and watch.errors == [] and watch.failed == []
    context.close()
    assert served + lang + "items.json" in watch.requests
    assert served + lang + "search/search_index.json" in watch.requests
    other = "" if lang else "en/"
    assert served + other + "items.json" not in watch.requests
    assert served + other + "search/search_index.json" not in watch.requests


def test_icons_drawn_from_data_uris_show_under_csp(browser, served):
    """Admonition icons are CSS masks, and a ticked box's check a background image, with data:
    URIs (allowed by img-src)."""
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + "verdier/")
    icon = page.evaluate(
        "() => getComputedStyle(document.querySelector('.admonition-title'), '::before').maskImage"
    )
    page.goto(served + "rekruttering/sjekkliste/")
    page.evaluate("id => ekhTicks.setTicked(id, true)", "rek-sjekk-team")
    box = page.evaluate(
        "() => getComputedStyle(document.querySelector('li[data-item=rek-sjekk-team] .task-list-indicator'),"
        " '::before').backgroundImage"
    )
    assert icon.startswith('url("data:image/svg+xml'), icon
    assert box.startswith('url("data:image/svg+xml'), box
    assert watch.violations(page) == []
    context.close()


def _toggle_palette(page) -> str:
    """Click the header's palette toggle as a reader does; the scheme the page shows after it."""
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function(
        "b => document.body.getAttribute('data-md-color-scheme') !== b", arg=before
    )
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_palette_toggle_works_and_is_kept_under_csp(browser, served):
    context = browser.new_context(color_scheme="light")
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + "rekruttering/")
    assert _toggle_palette(page) == "slate"
    page.goto(served + "en/rekruttering/")  # the choice holds on the next page, in either language
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert _toggle_palette(page) == "default"
    assert watch.violations(page) == [] and watch.errors == []
    context.close()


def test_blocked_storage_does_not_kill_the_palette(browser, served):
    """With storage blocked (reading localStorage throws, as with cookies blocked), pages load
    without script errors and the palette toggle still works on the page."""
    context = browser.new_context(color_scheme="light")
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('The operation is insecure.', 'SecurityError'); }});"
    )
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    page.goto(served + "rekruttering/sjekkliste/")
    assert page.evaluate("() => { try { localStorage; return false; } catch (e) { return true; } }")
    assert _toggle_palette(page) == "slate"
    assert watch.errors == [] and watch.violations(page) == []
    context.close()


# --- Not-found pages ----------------------------------------------------------------------------

SITE_PATH = "/erfaringskompetanse/"  # the path of site_url in mkdocs.yml


class _NotFoundHandler(NotFoundPages, _QuietHandler):
    site_path = SITE_PATH


@pytest.fixture(scope="module")
def served_at_site_path(site, tmp_path_factory):
    """The built site at the path site_url names, missing addresses answered by the 404 pages."""
    root = tmp_path_factory.mktemp("www404")
    shutil.copytree(site, root / SITE_PATH.strip("/"))
    origin, server = serve_folder(root, _NotFoundHandler)
    yield origin.rstrip("/")
    server.shutdown()


@pytest.mark.parametrize(
    "missing,lang,title,other,other_lang",
    [
        ("finnes-ikke/", "nb", "Fant ikke siden", "en/", "en"),
        ("en/does-not-exist/", "en", "Page not found", "", "nb"),
    ],
)
def test_each_language_has_its_own_404_with_working_links(
    browser, served_at_site_path, missing, lang, title, other, other_lang
):
    context = browser.new_context()
    watch = Watch(context)
    page = context.new_page()
    watch.attach(page)
    response = page.goto(served_at_site_path + SITE_PATH + missing)
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("article h1").inner_text() == title
    # Styles, scripts and icons load from the absolute paths; nothing else fails.
    assert page.evaluate("typeof window.document$ === 'object'")
    assert watch.failed == [f"404 {served_at_site_path}{SITE_PATH}{missing}"]
    assert watch.violations(page) == [] and watch.errors == []
    # The front-page link stays in this language; the language selector leads to the other one.
    front = page.locator("article a").first
    front.click()
    page.wait_for_load_state()
    assert page.url == served_at_site_path + SITE_PATH + ("en/" if lang == "en" else "")
    page.go_back()
    links = page.locator(f".md-select a[hreflang='{other_lang}']")
    assert links.count() == 1
    assert links.get_attribute("href") == SITE_PATH + other
    page.goto(served_at_site_path + links.get_attribute("href"))
    assert page.locator("html").get_attribute("lang") == other_lang
    context.close()
