"""The PNG report: PDF pages rasterised with pypdfium2."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from parcours.model import JourneyMap
from parcours.render import render_pdf, render_png
from parcours.render.html import MARGINS_MM
from parcours.render.png import rasterise_pdf

GENERATED_ON = date(2025, 3, 7)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _expected_size(width_mm: float, height_mm: float, dpi: float) -> tuple[int, int]:
    return round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi)


def test_one_page_is_a_png_of_the_page_size(tmp_path: Path, map6: JourneyMap) -> None:
    out = tmp_path / "cover.png"
    # the map view alone (cover + grid): page 1 is still picked out of several, and its
    # size depends on the paper only, not on how many views follow (the whole report of
    # map6 is printed by tests/render/test_pdf.py)
    written = render_png(map6, out, page=1, dpi=50, views=["map"], generated_on=GENERATED_ON)
    assert written == [out]
    assert out.read_bytes()[:8] == PNG_SIGNATURE
    with Image.open(out) as image:
        image.verify()
    with Image.open(out) as image:
        expected = _expected_size(420, 297, 50)
        assert abs(image.width - expected[0]) <= 1 and abs(image.height - expected[1]) <= 1
        assert image.mode in ("RGB", "RGBA")


def test_every_page_gets_its_numbered_file(tmp_path: Path, map6: JourneyMap) -> None:
    pdf = render_pdf(
        map6, tmp_path / "r.pdf", views=["map", "listening"], generated_on=GENERATED_ON
    )
    count = len(PdfReader(pdf).pages)
    assert count >= 2
    written = rasterise_pdf(pdf.read_bytes(), tmp_path / "r.png", dpi=30)
    assert [p.name for p in written] == [f"r-{n}.png" for n in range(1, count + 1)]
    for path in written:
        assert path.read_bytes()[:8] == PNG_SIGNATURE


def test_a4_size_follows_the_dpi(tmp_path: Path, map6: JourneyMap) -> None:
    [out] = render_png(
        map6,
        tmp_path / "a4.png",
        page=1,
        dpi=72,
        paper="A4",
        views=["map"],
        generated_on=GENERATED_ON,
    )
    with Image.open(out) as image:
        expected = _expected_size(297, 210, 72)
        assert abs(image.width - expected[0]) <= 1 and abs(image.height - expected[1]) <= 1


def test_missing_page_is_a_clear_error(tmp_path: Path, map6: JourneyMap) -> None:
    with pytest.raises(ValueError, match=r"page 99 does not exist: the report has \d+ page"):
        render_png(map6, tmp_path / "x.png", page=99, views=["map"], generated_on=GENERATED_ON)
    assert list(tmp_path.iterdir()) == []


def test_right_margin_stays_blank_on_grid_pages(tmp_path: Path, map18: JourneyMap) -> None:
    """Rasterised proof that nothing of the long grid spills into the right margin."""
    dpi = 40
    written = render_png(
        map18, tmp_path / "grid.png", views=["map"], dpi=dpi, generated_on=GENERATED_ON
    )
    assert len(written) == 3
    margin_px = int(MARGINS_MM["A3"][1] / 25.4 * dpi) - 1
    for path in written:
        with Image.open(path) as image:
            grey = image.convert("L")
            strip = grey.crop((grey.width - margin_px, 0, grey.width, grey.height))
            lowest: Any = strip.getextrema()[0]
            assert lowest >= 250, f"{path.name}: ink in the right margin"
            # and the grid itself reaches close to the margin (the check is not vacuous)
            body = grey.crop((grey.width - margin_px - 4, 0, grey.width - margin_px, grey.height))
            body_lowest: Any = body.getextrema()[0]
            assert body_lowest < 250
