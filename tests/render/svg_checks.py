"""Checks shared by the SVG drawing tests: parsing, text extents, finding groups.

Imported as a top-level module (``from svg_checks import ...``): ``tests/render`` has no
``__init__.py``, so pytest puts this folder on ``sys.path`` when it collects the tests.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from parcours.render.svg.canvas import ASCENT, DESCENT
from parcours.render.svg.fontmetrics import text_width

NS = "{http://www.w3.org/2000/svg}"
"""The SVG namespace, as ElementTree spells it in tag names."""

TEMPLATES = sorted(
    (Path(__file__).resolve().parents[2] / "src" / "parcours" / "templates").glob("*.yaml")
)
"""The built-in template files (every name in every language)."""

LONG_WORD = "Anticonstitutionnellementissimementextraordinairementinterminable"
"""A word wider than any column: the drawings must break it."""

HOSTILE = '<script>alert("x")</script> Tom & "Jerry"'
"""User text full of characters SVG must escape."""

_ANCHOR_SHIFT = {"start": 0.0, "middle": 0.5, "end": 1.0}


def squash(value: str) -> str:
    """Text without whitespace nor hyphens, so wrapped and cut lines compare equal."""
    return re.sub(r"[\s\-\u00a0\u202f]", "", value)


def text_box(element: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a ``<text>`` line, measured with DejaVu metrics."""
    size = float(element.get("font-size", "12"))
    bold = element.get("font-weight") == "bold"
    width = text_width(element.text or "", size, bold)
    x, baseline = float(element.get("x", "0")), float(element.get("y", "0"))
    left = x - _ANCHOR_SHIFT[element.get("text-anchor", "start")] * width
    return left, baseline - ASCENT * size, left + width, baseline + DESCENT * size


def texts_of(element: ET.Element) -> list[ET.Element]:
    """Every ``<text>`` line inside ``element`` (itself included)."""
    return list(element.iter(f"{NS}text"))


def joined(elements: Iterable[ET.Element]) -> str:
    """The squashed text of ``elements``, in order."""
    return squash(" ".join(e.text or "" for e in elements))


def text_of(element: ET.Element) -> str:
    """The squashed text of every line inside ``element``."""
    return joined(texts_of(element))


def parse_inside_viewbox(svg: str) -> ET.Element:
    """Parse the drawing and check that no text line leaves the viewBox."""
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    for element in texts_of(root):
        left, top, right, bottom = text_box(element)
        assert left >= -0.5 and right <= width + 0.5, (element.text, left, right, width)
        assert top >= -0.5 and bottom <= height + 0.5, (element.text, top, bottom, height)
    return root


def groups(root: ET.Element, css_class: str | None = None, **data: str) -> list[ET.Element]:
    """The ``<g>`` of class ``css_class`` (any if None) whose ``data-KEY`` equal ``data``.

    A ``_`` in a key stands for ``-``: ``groups(root, line="visibility")`` finds
    ``<g data-line="visibility">``.
    """
    wanted = {f"data-{key.replace('_', '-')}": value for key, value in data.items()}
    return [
        g
        for g in root.iter(f"{NS}g")
        if (css_class is None or g.get("class") == css_class)
        and all(g.get(key) == value for key, value in wanted.items())
    ]


def groups_by_step(root: ET.Element, css_class: str) -> dict[str, ET.Element]:
    """Step id (``data-step``) -> the group of class ``css_class`` drawn for that step."""
    return {g.get("data-step", ""): g for g in groups(root, css_class)}
