"""Make the handbook's app icons from its logo: `.venv/bin/python tools/make-icons.py`.

The logo is Material's `theme.icon.logo` of mkdocs.yml (material/handshake-outline), drawn white
on the header colour of docs/assets/palette.css (`--md-primary-fg-color`), and rendered to PNG by
Chromium (the browser the tests use; no image library needed). It writes to docs/assets/icons/:

- icon-192.png and icon-512.png: a rounded square, the logo on it (the manifest's "any" icons);
- icon-maskable-512.png: the colour to the edges, the logo inside the central safe zone (a phone
  cuts the icon to its own shape: circle, squircle);
- apple-touch-icon.png (180 × 180): the colour to the edges (iOS rounds the corners itself).

hooks/offline.py names these files in each language's manifest; run this again after changing
the logo or the palette, and commit the icons.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "icons"
CHROMIUM = "/usr/bin/chromium"

# (file, size, corner radius as a share of the size, logo size as a share of the size)
ICONS = [
    ("icon-192.png", 192, 0.22, 0.66),
    ("icon-512.png", 512, 0.22, 0.66),
    ("icon-maskable-512.png", 512, 0.0, 0.52),
    ("apple-touch-icon.png", 180, 0.0, 0.62),
]

PAGE = """<!doctype html><html><head><style>
html, body {{ margin: 0; background: transparent; }}
div {{ width: {size}px; height: {size}px; border-radius: {radius}px; background: {color};
       display: flex; align-items: center; justify-content: center; }}
svg {{ width: {logo}px; height: {logo}px; fill: #ffffff; }}
</style></head><body><div>{svg}</div></body></html>"""


def logo_svg() -> str:
    """The SVG of the logo mkdocs.yml names (theme.icon.logo), from Material's bundled icons."""
    import material

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    name = config["theme"]["icon"]["logo"]
    path = Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg"
    return path.read_text(encoding="utf-8")


def header_color() -> str:
    css = (ROOT / "docs" / "assets" / "palette.css").read_text(encoding="utf-8")
    return re.search(r"--md-primary-fg-color\s*:\s*(#[0-9a-fA-F]{3,8})\s*;", css).group(1)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml has tags (!ENV) a plain loader does not know: read them as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: loader.construct_scalar(node)
                              if isinstance(node, yaml.ScalarNode) else None)


def main() -> int:
    from playwright.sync_api import sync_playwright

    svg, color = logo_svg(), header_color()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        for name, size, radius, logo in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
            page.set_content(PAGE.format(size=size, radius=round(size * radius), color=color,
                                         logo=round(size * logo), svg=svg))
            page.screenshot(path=str(OUT / name), omit_background=True)
            page.close()
            print(f"{OUT.relative_to(ROOT) / name}: {size}×{size}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
