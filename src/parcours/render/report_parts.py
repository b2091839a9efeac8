"""The report's HTML cut in two parts, each a whole HTML page laid out on its own.

:func:`parcours.render.html.marked_html` writes a :data:`~parcours.render.html.PART_MARK`
wherever the report starts a new page: before each section and before each page of the
journey-map grid after its first. :func:`cut` splits the page there into pieces;
:func:`part_html` makes a page of a run of pieces: the same ``<head>`` (stylesheet and
metadata), the section a run starts inside of reopened (without its heading nor its
``id``: they stay in the part before), and the running header's texts the part does not
set itself given to its ``<body>``. :func:`balanced_cut` picks where to cut so the two
parts cost about as much to lay out and to draw.

>>> from parcours.render.html import PART_MARK
>>> page = ('<html><head><style></style></head><body><h1 class="doc-title">T</h1>'
...     f'{PART_MARK}<section class="view view-map" id="view-map"><div class="view-head">'
...     f'<h2>Map</h2></div><div class="grid-chunk">1</div>{PART_MARK}'
...     '<div class="grid-chunk">2</div></section></body></html>')
>>> report = cut(page)
>>> len(report.pieces), report.pieces[1].heading
(2, 'Map')
>>> print(part_html(report, 1, 2, front=False))  # doctest: +NORMALIZE_WHITESPACE
<html><head><style></style></head><body><section class="view view-map"><div
style='string-set: journey-title &quot;T&quot;, section-title &quot;Map&quot;'></div><div
class="grid-chunk">2</div></section></body></html>
"""

from __future__ import annotations

import html as markup
import re
from dataclasses import dataclass

from parcours.render.html import PART_MARK, css_string

_SECTION = re.compile(r'<section class="([^"]*)"[^>]*>')
_HEADING = re.compile(r"<h2>(.*?)</h2>", re.DOTALL)
_TITLE = re.compile(r'<h1 class="doc-title">(.*?)</h1>', re.DOTALL)
_DRAWING = re.compile(r'<svg class="drawing".*?</svg>', re.DOTALL)
_SECTION_END = "</section>"


@dataclass(frozen=True)
class Piece:
    """A run of the report from one :data:`PART_MARK` to the next: a section, or a page
    of the grid continuing its section."""

    html: str
    section: str
    """The ``class`` of the section the piece lies in (``view view-map``)."""
    heading: str
    """That section's heading, as text."""
    starts_section: bool
    ends_section: bool

    @property
    def view(self) -> str:
        """The name of the view of the piece's section (``map``).

        >>> Piece("", "view view-map", "Map", True, True).view
        'map'
        """
        return self.section.rpartition("view-")[2]

    @property
    def drawing_chars(self) -> int:
        """Characters of the piece's drawings (inline SVG), drawn as images.

        >>> Piece('<p>a</p><svg class="drawing"></svg>', "", "", True, True).drawing_chars
        27
        """
        return sum(len(found) for found in _DRAWING.findall(self.html))


@dataclass(frozen=True)
class MarkedReport:
    """A report page cut at its marks: what comes before the first piece (``head``: up to
    ``<body>``; ``front``: the cover or the header), the pieces, and the end."""

    head: str
    front: str
    pieces: list[Piece]
    tail: str
    journey_title: str

    @property
    def has_cover(self) -> bool:
        """Whether the front is the cover (with its table of contents), not a header."""
        return '<div class="cover">' in self.front


def cut(marked: str) -> MarkedReport:
    """``marked`` (a page of :func:`~parcours.render.html.marked_html`) cut at its marks.

    >>> cut("<html><head></head><body><p>x</p></body></html>").pieces
    []
    """
    first, *rest = marked.split(PART_MARK)
    body = first.index("<body>") + len("<body>")
    head, front = first[:body], first[body:]
    last = rest[-1] if rest else front
    end = last.rindex("</body>")
    tail = last[end:]
    if rest:
        rest[-1] = last[:end]
    else:
        front = front[: front.rindex("</body>")]
    title = _TITLE.search(front)
    journey_title = _text(title.group(1)) if title else ""
    return MarkedReport(head, front, _pieces(rest), tail, journey_title)


def _text(fragment: str) -> str:
    """The text of an HTML fragment without tags (whitespace collapsed)."""
    return " ".join(markup.unescape(re.sub(r"<[^>]*>", "", fragment)).split())


def _pieces(parts: list[str]) -> list[Piece]:
    pieces: list[Piece] = []
    section, heading = "", ""
    for part in parts:
        opening = _SECTION.match(part.lstrip())
        if opening:
            section = opening.group(1)
            found = _HEADING.search(part)
            heading = _text(found.group(1)) if found else ""
        ends = part.rstrip().endswith(_SECTION_END)
        pieces.append(Piece(part, section, heading, opening is not None, ends))
    return pieces


def part_html(report: MarkedReport, start: int, stop: int, *, front: bool) -> str:
    """The page of ``report``'s pieces ``start`` to ``stop`` (excluded), with the front
    (cover or header) first when ``front``.

    Its ``<body>`` sets the running header's journey title when the front is not there,
    and the section title when the part starts inside a section.
    """
    pieces = report.pieces[start:stop]
    strings = []
    if not front and report.journey_title:
        strings.append(f"journey-title {css_string(report.journey_title)}")
    body = [report.front] if front else []
    if pieces and not pieces[0].starts_section:
        strings.append(f"section-title {css_string(pieces[0].heading)}")
        body.append(f'<section class="{pieces[0].section}">')
    body.extend(piece.html for piece in pieces)
    if pieces and not pieces[-1].ends_section:
        body.append(_SECTION_END)
    page = "".join(body)
    if strings and pieces:
        # an empty element on the part's first page only (a string set on <body> would
        # be set again on every page), first in its first section: before the section,
        # it would be a page of its own (sections start on a new page)
        opening = _SECTION.search(page)
        at = opening.end() if opening else 0
        marker = f"<div style='string-set: {markup.escape(', '.join(strings))}'></div>"
        page = page[:at] + marker + page[at:]
    return report.head + page + report.tail


# Calibrated on the 200-step map of benchmarks/render_scale.py (2026-12-03, the collector
# paused as :func:`parcours.render.pdf.pdf_bytes` pauses it): each piece laid out on its own,
# its CPU seconds less the 0.14 s any page costs, over its characters.
LAYOUT_SECONDS_PER_CHAR = 27e-6
"""Laying out the report's HTML, drawings aside: the journey-map grid (a box for each of
many short texts) and the tables of the other sections cost the same per character."""
DRAWING_LAYOUT_SECONDS_PER_CHAR = 0.17e-6
"""Laying out a drawing (inline SVG): WeasyPrint reads its elements (0.4 s for the 2.2 MB
blueprint; the estimate once left it out, and the second part, which holds the drawings,
took 2.2 s longer to lay out than the first)."""
FRONT_LAYOUT_SECONDS_PER_CHAR = 68e-6
"""Laying out the cover (boxes side by side, cards: 0.4 s for its 5.5 KB)."""
DRAW_SECONDS_PER_CHAR = 8e-6
"""Drawing the pages of that HTML."""
DRAW_SECONDS_PER_DRAWING_CHAR = 3.5e-6
"""Drawing the drawings (experience map, blueprint: SVG) on their pages."""


def costs(piece: Piece) -> tuple[float, float]:
    """Estimated seconds to lay out and to draw ``piece``.

    >>> costs(Piece("x" * 1000, "view view-data", "", True, True))
    (0.027, 0.008)
    """
    drawings = piece.drawing_chars
    rest = len(piece.html) - drawings
    layout = rest * LAYOUT_SECONDS_PER_CHAR + drawings * DRAWING_LAYOUT_SECONDS_PER_CHAR
    return layout, rest * DRAW_SECONDS_PER_CHAR + drawings * DRAW_SECONDS_PER_DRAWING_CHAR


def balanced_cut(report: MarkedReport) -> int:
    """Where the second part starts (1 to the number of pieces - 1): the cut giving two
    parts about as long to lay out, the front (laid out in the first part's process)
    included.

    Only the layouts are balanced: the drawing starts once both are done (the page
    numbers need both), and the second part's pages are drawn by two processes (it
    holds the drawings, the most costly pages to draw), so the drawing takes about half
    of all of it whatever the cut.

    >>> page = '<body>' + ''.join(f'<!--parcours:part--><section class="v">{"x" * n}</section>'
    ...                           for n in (10, 10, 10, 100)) + '</body>'
    >>> balanced_cut(cut(page))
    3
    """
    layouts = [costs(piece)[0] for piece in report.pieces]
    first = len(report.front) * FRONT_LAYOUT_SECONDS_PER_CHAR
    total = first + sum(layouts)
    best, best_seconds = 1, float("inf")
    for index in range(1, len(layouts)):
        first += layouts[index - 1]
        seconds = max(first, total - first)
        if seconds < best_seconds:
            best, best_seconds = index, seconds
    return best


def estimated_seconds(report: MarkedReport) -> float:
    """Estimated seconds to lay out and draw the whole report in one process.

    >>> page = '<body><!--parcours:part--><section class="v">' + 'x' * 10_000 + '</section></body>'
    >>> round(estimated_seconds(cut(page)), 2)
    0.35
    """
    front = len(report.front) * (FRONT_LAYOUT_SECONDS_PER_CHAR + DRAW_SECONDS_PER_CHAR)
    return front + sum(sum(costs(piece)) for piece in report.pieces)
