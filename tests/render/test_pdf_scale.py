"""The PDF of large maps: SVG lines drawn as whole runs, long texts cut (issue 8)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import pypdfium2
import pytest
from pdf_text import pages_text
from test_layout_scale import SENTENCE, large_map

from parcours import rubric
from parcours.model import JourneyMap
from parcours.render import pdf
from parcours.render.html import render_html
from parcours.render.pdf_svg_text import whole_text_runs

DRAWING = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120"
  viewBox="0 0 600 120" font-family="DejaVu Sans">
<text x="10" y="30" font-size="14">Start-anchored line, déjà vu</text>
<text x="300" y="60" font-size="12" font-weight="bold" text-anchor="middle">Centred bold</text>
<text x="590" y="90" font-size="12" text-anchor="end" fill="#b42318">Right-anchored</text>
<text x="10" y="110" font-size="10" dx="3">Per-glyph offset keeps the slow path</text>
</svg>"""


def _page_image(svg: str, fast: bool) -> list[int]:
    """Grey levels of the one-page PDF of an HTML page holding ``svg``."""
    from weasyprint import HTML

    runs = whole_text_runs() if fast else contextlib.nullcontext(False)
    with runs:
        data = HTML(string=f"<html><body>{svg}</body></html>").write_pdf()
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=2).to_pil().convert("L")
    return list(image.get_flattened_data())


def test_whole_runs_draw_the_lines_where_weasyprint_does() -> None:
    slow, fast = _page_image(DRAWING, False), _page_image(DRAWING, True)
    inked = [i for i, grey in enumerate(slow) if grey < 128]
    assert len(inked) > 1000  # the text is drawn at all
    moved = sum(1 for i in inked if fast[i] >= 128)
    assert moved < 0.1 * len(inked), moved  # same places (kerning moves a few pixels)
    assert sum(1 for grey in fast if grey < 128) > 0.9 * len(inked)


def test_the_original_drawer_is_back_after_the_block() -> None:
    import weasyprint.svg as svg_module

    before = dict(svg_module.TAGS)
    with whole_text_runs() as swapped:
        assert swapped and svg_module.TAGS["text"] is not before["text"]
    assert before == svg_module.TAGS
    with whole_text_runs(), whole_text_runs():  # overlapping blocks (threads) share it
        pass
    with whole_text_runs():
        with whole_text_runs():
            pass
        assert svg_module.TAGS["text"] is not before["text"]  # the outer block still runs
    assert before == svg_module.TAGS and svg_module.text is before["text"]


def test_svg_value_helpers_remember_within_the_block_only() -> None:
    import weasyprint.svg as svg_module
    import weasyprint.svg.utils as utils

    originals = {name: getattr(utils, name) for name in ("size", "normalize", "color")}
    with whole_text_runs():
        assert svg_module.size is not originals["size"]
        assert utils.size("12pt") == originals["size"]("12pt") == 16
        first, second = utils.color("#b42318"), utils.color("#b42318")
        assert first == second and first is not second  # WeasyPrint changes its alpha
        assert utils.normalize("1,2") == originals["normalize"]("1,2")
    assert {name: getattr(utils, name) for name in originals} == originals
    assert svg_module.size is originals["size"] and svg_module.color is originals["color"]


def test_long_texts_are_cut_in_the_printed_report_only(map18: JourneyMap) -> None:
    m = JourneyMap.model_validate(
        {
            "journey": {"title": "Long"},
            "steps": [{"id": "s", "name": "S", "actions": [SENTENCE * 1_400]}],
        }
    )
    clipped = pdf.clip_texts(m, "fr")
    action = clipped.steps[0].actions[0]
    assert len(action) < pdf.PRINTED_TEXT_CHARS + 100
    assert action.endswith("[texte coupé : lisez-le en entier dans le rapport HTML ou le fichier]")
    assert m.steps[0].actions[0] == (SENTENCE * 1_400).strip()  # the map itself is untouched
    assert pdf.clip_texts(map18, "en") is map18  # nothing to cut: the same map


@pytest.fixture
def map60(map18: JourneyMap) -> Iterator[JourneyMap]:
    m = large_map(map18, 60)
    m.steps[0].actions.append(SENTENCE * 1_400)  # 100 KB in one cell
    yield m


def test_a_60_step_blueprint_pdf_renders_within_a_generous_bound(map60: JourneyMap) -> None:
    start = time.perf_counter()
    data = pdf.pdf_bytes(map60, lang="en", views=["blueprint"])
    seconds = time.perf_counter() - start
    assert seconds < 60, seconds
    text = " ".join(pages_text(data))
    assert map60.steps[59].name.split()[0] in text


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_the_printed_data_tables_have_a_fixed_layout_within_the_page(map6: JourneyMap) -> None:
    html = render_html(map6, lang="en", views=["data", "rubric"], report=rubric.check(map6))
    document = pdf.layout_document(html)
    tables = [
        box
        for page in document.pages
        for box in _boxes(page._page_box)
        if type(box).__name__ == "TableBox" and "data" in box.element.get("class", "").split()
    ]
    kinds = {box.element.get("class") for box in tables}
    assert kinds == {"data inventory", "data checklist", "data findings"}, kinds
    assert all(table.style["table_layout"] == "fixed" for table in tables)
    page = document.pages[0]._page_box
    right = page.content_box_x() + page.width
    assert all(t.border_box_x() + t.border_width() <= right + 0.5 for t in tables)


def test_held_drawings_are_served_and_nothing_else() -> None:
    held: dict[str, bytes] = {}
    html = pdf.drawings_as_images('<p><svg class="drawing" viewBox="0 0 1 1"></svg></p>', held)
    (address,) = held
    assert address in html and "base64" not in html
    fetch = pdf.held_drawings_fetcher(held)
    assert fetch(address).read() == b'<svg viewBox="0 0 1 1"></svg>'
    with pytest.raises(pdf.ExternalResourceError):
        fetch("http://example.com/x.svg")
