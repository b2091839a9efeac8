"""Small pictograms drawn as shapes (no font glyphs, no ids, so drawings can be inlined).

>>> from parcours.render.svg.canvas import Canvas
>>> c = Canvas()
>>> star(c, 10, 10, 8, fill="#d89b00")
>>> c.elements[0].startswith("<polygon")
True
"""

from __future__ import annotations

import math

from parcours.render.svg.canvas import Canvas


def star(canvas: Canvas, cx: float, cy: float, radius: float, *, fill: str) -> None:
    """A five-pointed star (moments of truth)."""
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    canvas.polygon(points, fill=fill, stroke="#ffffff", stroke_width=0.8)


def lightning(canvas: Canvas, cx: float, cy: float, size: float, *, fill: str) -> None:
    """A lightning bolt (breaking points), ``size`` is half its height."""
    s = size
    shape = [
        (0.25, -1.0),
        (-0.55, 0.12),
        (-0.02, 0.12),
        (-0.3, 1.0),
        (0.55, -0.18),
        (0.02, -0.18),
        (0.3, -1.0),
    ]
    canvas.polygon(
        [(cx + dx * s, cy + dy * s) for dx, dy in shape],
        fill=fill,
        stroke="#ffffff",
        stroke_width=0.6,
    )


def marker(
    canvas: Canvas,
    shape: str,
    cx: float,
    cy: float,
    radius: float,
    *,
    fill: str,
    stroke: str = "#ffffff",
    data: dict[str, str] | None = None,
) -> None:
    """A data point: ``circle``, ``square``, ``diamond`` or ``triangle``.

    Every shape carries a transparent circle with the ``data-*`` attributes, so that
    points can be found in the SVG whatever their shape.
    """
    r = radius
    corners = _marker_corners(shape, cx, cy, r)
    if corners:
        canvas.polygon(corners, fill=fill, stroke=stroke, stroke_width=1.5)
    else:
        canvas.circle(cx, cy, r, fill=fill, stroke=stroke, stroke_width=1.5)
    canvas.circle(cx, cy, r, fill="none", css_class="point", data=data)


def _marker_corners(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """The corners of a polygonal marker (none for a circle or an unknown shape)."""
    if shape == "square":
        s = r * 0.88
        return [(cx - s, cy - s), (cx + s, cy - s), (cx + s, cy + s), (cx - s, cy + s)]
    if shape == "diamond":
        s = r * 1.2
        return [(cx, cy - s), (cx + s, cy), (cx, cy + s), (cx - s, cy)]
    if shape == "triangle":
        s = r * 1.25
        return [(cx, cy - s), (cx + s * 0.95, cy + s * 0.7), (cx - s * 0.95, cy + s * 0.7)]
    return []
