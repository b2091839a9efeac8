"""The look, measured: the login, workspace, map and shared pages on a laptop (1366x768) and a
projector (1920x1080) screen: no sideways scrolling of the page, the drawing as wide as the
content, the local font in use.

Set ``PARCOURS_SCREENSHOTS=docs/screenshots`` to keep the screenshots (docs/web.md shows them);
otherwise they go to a temporary folder and are only checked for being taken.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import LAPTOP, PROJECTOR, LiveSite, log_in, new_page

SCREENS = {"laptop": LAPTOP, "projector": PROJECTOR}


@pytest.fixture(scope="module")
def share_url(browser: Any, live_site: LiveSite) -> str:
    page = new_page(browser, live_site)
    log_in(page, "owner")
    page.goto(f"/maps/{live_site.site.map_id}")
    page.click(f"form[action='/maps/{live_site.site.map_id}/shares'] button")
    url: str = page.locator("input.share-url").input_value()
    page.context.close()
    return url


def _folder(tmp_path: Path) -> Path:
    chosen = os.environ.get("PARCOURS_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot(page: Any, path: Path) -> None:
    """A screenshot; kept ones are reduced to 256 colours (small PNGs for the docs)."""
    page.screenshot(path=str(path))
    if os.environ.get("PARCOURS_SCREENSHOTS"):
        from PIL import Image

        with Image.open(path) as image:
            small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)


def _check_layout(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the page scrolls sideways"
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Inter"') or family.startswith("Inter"), family
    loaded = page.evaluate(
        "document.fonts.load('16px Inter').then(faces => faces.map(f => f.family))"
    )
    assert loaded == ["Inter"], loaded  # the shipped woff2 loads (no CDN, no fallback)


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_pages_fit_the_screen(
    browser: Any, live_site: LiveSite, share_url: str, screen: str, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    page = new_page(browser, live_site, viewport=SCREENS[screen])
    page.goto("/login")
    _check_layout(page)
    _shoot(page, folder / f"login-{screen}.png")
    log_in(page, "owner")
    page.goto(f"/workspaces/{live_site.site.workspace_id}")
    _check_layout(page)
    _shoot(page, folder / f"workspace-{screen}.png")
    page.goto(f"/maps/{live_site.site.map_id}")
    _check_layout(page)
    drawing = page.locator(".drawing-scroll").bounding_box()
    content = page.locator("main").bounding_box()
    assert drawing["width"] >= 0.9 * content["width"] - 64, "the drawing is not full width"
    image = page.locator(".drawing-scroll img.drawing").bounding_box()  # its own resource
    assert image["width"] >= drawing["width"] - 4, "the drawing does not fill its frame"
    _shoot(page, folder / f"map-{screen}.png")
    page.goto(f"/maps/{live_site.flawed_map_id}")  # a map with rubric findings
    _check_layout(page)
    page.evaluate(
        "window.scrollTo(0, document.querySelector('.steps-card')"
        ".getBoundingClientRect().top + window.scrollY - 78)"
    )
    _shoot(page, folder / f"map-rubric-{screen}.png")
    page.context.close()
    shared = new_page(browser, live_site, viewport=SCREENS[screen])
    shared.goto(share_url)
    _check_layout(shared)
    _shoot(shared, folder / f"shared-{screen}.png")
    shared.context.close()
    assert len(list(folder.glob(f"*-{screen}.png"))) >= 5
