"""The experience map and the blueprint of a long journey are drawn in parts (issue 8).

One drawing of 60 or 200 steps, scaled to the page width, shrinks its text out of
sight; the report draws them in parts of at most ``DRAWING_STEPS_PER_PAGE`` steps.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from test_layout_scale import large_map

from parcours.model import JourneyMap
from parcours.render.html import DRAWING_STEPS_PER_PAGE, MARGINS_MM, PAPER_MM, render_html
from parcours.render.svg import blueprint_svg, experience_svg
from parcours.render.svg.layout import step_windows

SVG_NS = "{http://www.w3.org/2000/svg}"
PT_PER_MM = 72 / 25.4
SMALLEST_PRINTED_PT = 4.0
"""The smallest text size a drawing may be printed at once fitted to the page width."""


@pytest.fixture(scope="module")
def map60(map18: JourneyMap) -> JourneyMap:
    return large_map(map18, 60)


def _section(page: str, view: str) -> str:
    return page.split(f'id="view-{view}"')[1].split("</section>")[0]


def _drawings(section: str) -> list[ET.Element]:
    return [
        ET.fromstring(svg.replace('<svg class="drawing"', "<svg", 1))
        for svg in re.findall(r'<svg class="drawing".*?</svg>', section, re.DOTALL)
    ]


def _step_headers(root: ET.Element) -> list[str]:
    """The ``N. name`` texts of the step headers (the first line of each)."""
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    return [line for line in lines if re.match(r"\d+\. ", line)]


@pytest.mark.parametrize("paper", ["A3", "A4"])
@pytest.mark.parametrize("view", ["experience", "blueprint"])
def test_a_60_step_drawing_is_split_with_every_step_once_and_readable(
    map60: JourneyMap, view: str, paper: str
) -> None:
    page = render_html(map60, views=[view], paper=paper)  # type: ignore[arg-type]
    drawings = _drawings(_section(page, view))
    cap = DRAWING_STEPS_PER_PAGE[paper]
    assert len(drawings) >= 60 / cap > 1
    numbers = [int(h.split(".")[0]) for root in drawings for h in _step_headers(root)]
    assert numbers == list(range(1, 61))  # every step once, numbered across the parts
    page_width_mm = PAPER_MM[paper][0] - MARGINS_MM[paper][1] - MARGINS_MM[paper][3]
    for root in drawings:
        view_box_width = float(root.attrib["viewBox"].split()[2])
        sizes = [float(t.attrib["font-size"]) for t in root.iter(f"{SVG_NS}text")]
        printed_pt = min(sizes) * page_width_mm / view_box_width * PT_PER_MM
        assert printed_pt >= SMALLEST_PRINTED_PT, (view, paper, printed_pt)
    assert page.count("part 1 of") == 1


def test_the_whole_drawing_in_one_part_would_be_unreadable(map60: JourneyMap) -> None:
    """The check above can fail: the standalone drawing of 60 steps is far too wide."""
    root = ET.fromstring(blueprint_svg(map60, "en"))
    view_box_width = float(root.attrib["viewBox"].split()[2])
    printed_pt = 10.5 * 394 / view_box_width * PT_PER_MM
    assert printed_pt < SMALLEST_PRINTED_PT


def test_a_short_map_keeps_one_drawing(make_map: Callable[..., JourneyMap]) -> None:
    m = make_map(DRAWING_STEPS_PER_PAGE["A3"])
    page = render_html(m, views=["experience", "blueprint"])
    for view in ("experience", "blueprint"):
        assert len(_drawings(_section(page, view))) == 1
    assert "part 1 of" not in page


def test_standalone_svg_is_one_drawing_of_every_step(map60: JourneyMap) -> None:
    for drawing in (experience_svg, blueprint_svg):
        headers = _step_headers(ET.fromstring(drawing(map60, "en")))
        assert [int(h.split(".")[0]) for h in headers] == list(range(1, 61))


def test_step_windows_cover_the_steps_in_order(map60: JourneyMap) -> None:
    windows = step_windows(map60, 14)
    assert [i for w in windows for i in w] == list(range(60))
    assert max(len(w) for w in windows) <= 14
