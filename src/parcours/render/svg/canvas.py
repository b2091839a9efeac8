"""A tiny SVG builder: shapes and measured text, every value escaped.

All drawings of :mod:`parcours.render.svg` are built on a :class:`Canvas`. Text is
always written one line per ``<text>`` element with an explicit baseline, so that the
layout computed here is exactly what any renderer (browsers, WeasyPrint) shows.

>>> c = Canvas()
>>> _ = c.text(10, 20, "<b> & \\"x\\"", size=12)
>>> svg = c.to_svg(100, 40, title="Demo")
>>> "&lt;b&gt; &amp; &quot;x&quot;" in svg
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from parcours.render.svg.fontmetrics import text_width, wrap_text

FONT_FAMILY = "DejaVu Sans, Inter, Helvetica, Arial, sans-serif"
"""Font stack of every drawing: DejaVu Sans first, the only font WeasyPrint can count on."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

LINE_HEIGHT = 1.32
"""Distance between two baselines, in em."""

ASCENT = 0.93
"""Height above the baseline of DejaVu Sans capitals and accents, in em."""

DESCENT = 0.24
"""Depth below the baseline of DejaVu Sans descenders, in em."""

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(value: object) -> str:
    """Text safe inside an XML element or a double-quoted attribute.

    Characters XML forbids (control characters) are dropped.

    >>> escape('<script>alert(1)</script> & "x"')
    '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;'
    """
    return html.escape(_INVALID_XML.sub("", str(value)), quote=True)


def number(value: float) -> str:
    """A coordinate written compactly (two decimals at most).

    >>> number(3.0), number(2.456)
    ('3', '2.46')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class TextBox:
    """The box a line of text occupies (for layout checks)."""

    x: float
    y: float
    width: float
    height: float


@dataclass
class Canvas:
    """Accumulates SVG elements; :meth:`to_svg` wraps them in a standalone document."""

    elements: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ shapes
    def _add(self, tag: str, attributes: dict[str, object | None], content: str = "") -> None:
        parts = [tag]
        for name, value in attributes.items():
            if value is None:
                continue
            shown = number(value) if isinstance(value, float | int) else escape(value)
            parts.append(f'{name}="{shown}"')
        opening = " ".join(parts)
        if content:
            self.elements.append(f"<{opening}>{content}</{tag}>")
        else:
            self.elements.append(f"<{opening}/>")

    def rect(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        fill: str = "none",
        stroke: str | None = None,
        stroke_width: float = 1,
        radius: float = 0,
        opacity: float | None = None,
        dash: str | None = None,
    ) -> None:
        """A rectangle (``radius`` rounds its corners)."""
        self._add(
            "rect",
            {
                "x": x,
                "y": y,
                "width": max(width, 0.0),
                "height": max(height, 0.0),
                "rx": radius or None,
                "fill": fill,
                "fill-opacity": opacity,
                "stroke": stroke,
                "stroke-width": stroke_width if stroke else None,
                "stroke-dasharray": dash,
            },
        )

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        stroke: str,
        stroke_width: float = 1,
        dash: str | None = None,
    ) -> None:
        """A straight line."""
        self._add(
            "line",
            {
                "x1": x1,
                "y1": y1,
                "x2": x2,
                "y2": y2,
                "stroke": stroke,
                "stroke-width": stroke_width,
                "stroke-dasharray": dash,
            },
        )

    def path(
        self,
        d: str,
        *,
        stroke: str | None = None,
        fill: str = "none",
        stroke_width: float = 1,
        dash: str | None = None,
        css_class: str | None = None,
        linejoin: str | None = "round",
    ) -> None:
        """A path given by its ``d`` data."""
        self._add(
            "path",
            {
                "d": d,
                "class": css_class,
                "fill": fill,
                "stroke": stroke,
                "stroke-width": stroke_width if stroke else None,
                "stroke-dasharray": dash,
                "stroke-linejoin": linejoin if stroke else None,
                "stroke-linecap": "round" if stroke else None,
            },
        )

    def circle(
        self,
        cx: float,
        cy: float,
        r: float,
        *,
        fill: str,
        stroke: str | None = None,
        stroke_width: float = 1,
        css_class: str | None = None,
        data: dict[str, str] | None = None,
    ) -> None:
        """A circle; ``data`` adds ``data-*`` attributes (used by tests and scripts)."""
        attributes: dict[str, object | None] = {
            "class": css_class,
            "cx": cx,
            "cy": cy,
            "r": r,
            "fill": fill,
            "stroke": stroke,
            "stroke-width": stroke_width if stroke else None,
        }
        for key, value in (data or {}).items():
            attributes[f"data-{key}"] = value
        self._add("circle", attributes)

    def polygon(
        self,
        points: Sequence[tuple[float, float]],
        *,
        fill: str,
        stroke: str | None = None,
        stroke_width: float = 1,
    ) -> None:
        """A closed polygon."""
        self._add(
            "polygon",
            {
                "points": " ".join(f"{number(x)},{number(y)}" for x, y in points),
                "fill": fill,
                "stroke": stroke,
                "stroke-width": stroke_width if stroke else None,
                "stroke-linejoin": "round" if stroke else None,
            },
        )

    def raw_group_start(self, css_class: str) -> None:
        """Open a ``<g>`` with a class (close it with :meth:`group_end`)."""
        self.elements.append(f'<g class="{escape(css_class)}">')

    def group_end(self) -> None:
        """Close the last group."""
        self.elements.append("</g>")

    # -------------------------------------------------------------------- text
    def text(
        self,
        x: float,
        baseline: float,
        content: str,
        *,
        size: float,
        bold: bool = False,
        fill: str = "#1f2933",
        anchor: str = "start",
        italic: bool = False,
    ) -> TextBox:
        """One line of text; returns the box it occupies."""
        width = text_width(content, size, bold)
        self._add(
            "text",
            {
                "x": x,
                "y": baseline,
                "font-family": FONT_FAMILY,
                "font-size": size,
                "font-weight": "bold" if bold else None,
                "font-style": "italic" if italic else None,
                "text-anchor": anchor if anchor != "start" else None,
                "fill": fill,
            },
            escape(content) or " ",
        )
        left = x - width * {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor]
        return TextBox(left, baseline - ASCENT * size, width, (ASCENT + DESCENT) * size)

    def text_lines(
        self,
        x: float,
        top: float,
        lines: Iterable[str],
        *,
        size: float,
        bold: bool = False,
        fill: str = "#1f2933",
        anchor: str = "start",
        italic: bool = False,
    ) -> float:
        """Lines of text whose first line's top is at ``top``; returns the height used."""
        height = 0.0
        for line in lines:
            self.text(
                x,
                top + height + ASCENT * size,
                line,
                size=size,
                bold=bold,
                fill=fill,
                anchor=anchor,
                italic=italic,
            )
            height += LINE_HEIGHT * size
        return height

    # ---------------------------------------------------------------- document
    def to_svg(self, width: float, height: float, *, title: str, description: str = "") -> str:
        """The complete standalone SVG document.

        >>> Canvas().to_svg(10, 10, title="T").startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        True
        """
        w, h = number(width), number(height)
        head = (
            f'<svg xmlns="{SVG_NAMESPACE}" version="1.1" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" role="img" font-family="{FONT_FAMILY}" '
            f'style="font-family: {FONT_FAMILY}">'
        )
        parts = [head, f"<title>{escape(title)}</title>"]
        if description:
            parts.append(f"<desc>{escape(description)}</desc>")
        parts.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>')
        parts.extend(self.elements)
        parts.append("</svg>")
        return "\n".join(parts) + "\n"


def lines_height(line_count: int, size: float) -> float:
    """Height of a block of ``line_count`` lines written with :meth:`Canvas.text_lines`.

    >>> lines_height(2, 10)
    26.4
    """
    return round(line_count * LINE_HEIGHT * size, 2)


def wrapped(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Shorthand for :func:`parcours.render.svg.fontmetrics.wrap_text`."""
    return wrap_text(text, width, size, bold)
