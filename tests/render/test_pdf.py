"""The print-quality PDF report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pdf_text import pages_text
from pypdf import PdfReader
from ruamel.yaml import YAML

from parcours.model import JourneyMap
from parcours.render import render_pdf
from parcours.render.html import render_html
from parcours.render.pdf import (
    ExternalResourceError,
    clip_texts,
    layout_document,
    refuse_url,
)
from parcours.render.pdf_svg_text import whole_text_runs

GENERATED_ON = date(2025, 3, 7)
MM = 72 / 25.4
LANES = (
    "Customer actions",
    "Touchpoints",
    "Emotions",
    "Irritants",
    "Enchantments",
    "Data collected",
    "Stakeholders",
    "Metrics",
    "Regulation",
)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages_text(path: Path) -> list[str]:
    return [_normalise(page) for page in pages_text(path)]


@pytest.fixture(scope="module")
def pdf6(tmp_path_factory: pytest.TempPathFactory, map6: JourneyMap) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "map6.pdf"
    return render_pdf(map6, out, generated_on=GENERATED_ON)


@dataclass(frozen=True)
class Printed:
    """One laid-out report: the boxes leaving the page (:func:`overflowing_boxes`) and
    the PDF written from that same layout."""

    problems: list[str]
    pdf: Path


def print_once(m: JourneyMap, out: Path, **options: Any) -> Printed:
    """What :func:`render_pdf` writes for ``m`` (the same HTML, laid out and drawn as
    :func:`parcours.render.pdf.document_pdf` does), with the overflow check run on that
    layout instead of laying the report out a second time (a layout is most of a PDF's
    cost)."""
    assert clip_texts(m, m.language.value) is m  # render_pdf would print this very map
    html = render_html(m, generated_on=GENERATED_ON, **options)
    with whole_text_runs():
        document = layout_document(html)
        problems = overflowing_document(document)
        out.write_bytes(document.write_pdf())
    return Printed(problems, out)


@pytest.fixture(scope="module")
def printed18(tmp_path_factory: pytest.TempPathFactory, map18: JourneyMap) -> Printed:
    return print_once(map18, tmp_path_factory.mktemp("pdf") / "map18.pdf")


@pytest.fixture(scope="module")
def pdf18(printed18: Printed) -> Path:
    return printed18.pdf


@pytest.fixture(scope="module")
def pages18(pdf18: Path) -> list[str]:
    """The text of each page of the long map's PDF (extracting it costs seconds: once)."""
    return _pages_text(pdf18)


def test_the_shared_layout_prints_what_render_pdf_prints(tmp_path: Path) -> None:
    """:func:`print_once` stands for :func:`render_pdf` (compared on a small map: the
    same pages, the same text on each)."""
    m = JourneyMap.model_validate(
        {
            "journey": {"title": "Shared layout"},
            "steps": [{"id": "s-1", "name": "Ask"}, {"id": "s-2", "name": "Receive"}],
        }
    )
    shared = print_once(m, tmp_path / "shared.pdf", views=["map"])
    rendered = render_pdf(m, tmp_path / "rendered.pdf", views=["map"], generated_on=GENERATED_ON)
    texts = _pages_text(shared.pdf)
    assert texts == _pages_text(rendered)
    assert texts and "Receive" in " ".join(texts)


@pytest.fixture(scope="module")
def pdf18_a4(tmp_path_factory: pytest.TempPathFactory, map18_fr: JourneyMap) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "map18-a4.pdf"
    return render_pdf(map18_fr, out, paper="A4", views=["map", "data"], generated_on=GENERATED_ON)


def test_pdf_holds_title_steps_and_lane_headers(pages18: list[str], map18: JourneyMap) -> None:
    text = " ".join(pages18)
    assert map18.journey.title in text
    for step in map18.steps:
        assert step.name in text, step.name
    for lane in LANES:
        assert lane in text, lane
    for phase in map18.phases:
        assert phase.name in text


def test_running_header_and_footer(pdf6: Path, map6: JourneyMap) -> None:
    pages = _pages_text(pdf6)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {total}" in text
        assert "parcours · March 7, 2025" in text
        if number > 1:  # the cover has no running header
            assert map6.journey.title in text


def test_page_count_of_a_short_map(pdf6: Path) -> None:
    # cover + grid + experience + blueprint + listening + data + opportunities + rubric
    assert 8 <= len(PdfReader(pdf6).pages) <= 10


def test_long_map_grid_splits_with_lane_headers_on_every_page(pages18: list[str]) -> None:
    pages = pages18
    assert 12 <= len(pages) <= 16  # the experience map and the blueprint in two parts each
    grid_pages = [t for t in pages if "Journey map — part" in t]
    assert len(grid_pages) == 3  # three chunks of six steps, each on one page
    for text in grid_pages:
        for lane in LANES:
            assert lane in text
        assert "Phase" in text and "Step" in text


def test_pages_are_landscape_a3_by_default(pdf6: Path) -> None:
    for page in PdfReader(pdf6).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(420 * MM, abs=1)
        assert height == pytest.approx(297 * MM, abs=1)


def test_a4_is_landscape_and_french(pdf18_a4: Path, map18_fr: JourneyMap) -> None:
    reader = PdfReader(pdf18_a4)
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(297 * MM, abs=1)
        assert float(page.mediabox.height) == pytest.approx(210 * MM, abs=1)
    pages = _pages_text(pdf18_a4)
    grid_pages = [t for t in pages if "Carte du parcours — partie" in t]
    assert len(grid_pages) == 6
    for text in grid_pages:
        assert "Actions du client" in text and "Points de contact" in text
    assert "Page 1 / " in pages[0]


def _fonts(reader: PdfReader) -> Iterator[tuple[str, Any]]:
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            continue
        for font in fonts.get_object().values():
            font = font.get_object()
            yield str(font.get("/BaseFont")), font


def test_fonts_are_dejavu_and_embedded(pdf6: Path) -> None:
    seen = 0
    for name, font in _fonts(PdfReader(pdf6)):
        seen += 1
        assert "DejaVu" in name, name
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name
    assert seen > 0


def test_written_atomically_without_leftovers(tmp_path: Path, map6: JourneyMap) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old content")
    render_pdf(map6, out, views=["listening"], generated_on=GENERATED_ON)
    assert out.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_external_urls_are_refused() -> None:
    with pytest.raises(ExternalResourceError, match=r"http://example\.com/a\.png"):
        refuse_url("http://example.com/a.png")


# ----------------------------------------------------------------------- overflow
def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _walk(child)


def overflowing_boxes(html: str) -> list[str]:
    """Boxes whose border box leaves the page content area (left, right or bottom)."""
    return overflowing_document(layout_document(html))


def overflowing_document(document: Any) -> list[str]:
    """:func:`overflowing_boxes` of a document already laid out."""
    problems: list[str] = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        bottom = page_box.content_box_y() + page_box.height
        root = page_box.children[0]  # the <html> box; the others are margin boxes
        for box in _walk(root):
            x, width = box.border_box_x(), box.border_width()
            y_end = box.border_box_y() + box.border_height()
            if x < left - 0.5 or x + width > right + 0.5 or y_end > bottom + 0.5:
                tag = getattr(box, "element_tag", "?")
                problems.append(
                    f"page {number}: {type(box).__name__} <{tag}> spans x {x:.1f}..{x + width:.1f}"
                    f" (content {left:.1f}..{right:.1f}), ends at y {y_end:.1f} (max {bottom:.1f})"
                )
    return problems


def test_overflow_detector_sees_a_too_wide_box() -> None:
    html = (
        "<html><head><style>@page { size: A4 landscape; margin: 10mm }</style></head>"
        "<body><div style='width: 400mm'>wide</div>"
        "<p style='white-space: nowrap'>" + "unbreakable " * 200 + "</p></body></html>"
    )
    problems = overflowing_boxes(html)
    assert any("<div>" in p for p in problems)
    assert any("<p>" in p for p in problems)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_nothing_overflows_on_the_long_map(
    map18: JourneyMap, paper: str, request: pytest.FixtureRequest
) -> None:
    if paper == "A3":  # the default paper: the very layout the module's long PDF is made of
        problems = request.getfixturevalue("printed18").problems
    else:
        html = render_html(map18, paper=paper, generated_on=GENERATED_ON)  # type: ignore[arg-type]
        problems = overflowing_boxes(html)
    assert problems == []


def test_long_unbroken_words_wrap_inside_cells(map6: JourneyMap) -> None:
    data = map6.model_dump()
    data["steps"][0]["actions"] = ["Types" + "x" * 300]
    data["steps"][1]["name"] = "Y" * 120
    data["custom_lanes"][0]["name"] = "Z" * 80
    m = JourneyMap.model_validate(data)
    assert overflowing_boxes(render_html(m, views=["map"], generated_on=GENERATED_ON)) == []


# ------------------------------------------------------------------ real template
_BANK = Path(__file__).parents[2] / "src" / "parcours" / "templates" / "bank-account.fr.yaml"


def test_bank_account_template_renders_cleanly(tmp_path: Path) -> None:
    m = JourneyMap.model_validate(YAML(typ="safe").load(_BANK.read_text(encoding="utf-8")))
    printed = print_once(m, tmp_path / "bank.pdf")  # one layout: checked, then printed
    assert printed.problems == []
    pages = _pages_text(printed.pdf)
    assert m.journey.title in pages[0]
    text = " ".join(pages)
    for step in m.steps:
        assert _normalise(step.name) in text, step.name
    assert len(pages) <= 18


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_large_drawings_are_scaled_to_the_page(
    map6: JourneyMap, paper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def huge(m: JourneyMap, lang: str) -> str:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="2600" '
            'viewBox="0 0 3000 2600"><rect width="3000" height="2600" fill="#eee"/>'
            '<text x="10" y="50">Huge drawing</text></svg>'
        )

    monkeypatch.setattr("parcours.render.html.drawing_function", lambda name: huge)
    for parts in ("experience_svg_parts", "blueprint_svg_parts"):
        monkeypatch.setattr(f"parcours.render.svg.{parts}", lambda m, lang, **_: [huge(m, lang)])
    html = render_html(map6, views=["experience", "blueprint"], paper=paper)  # type: ignore[arg-type]
    assert html.count('<svg class="drawing"') == 2
    assert overflowing_boxes(html) == []
