"""The opportunity matrix: every improvement idea placed by impact and effort.

Impact (1-5) runs bottom to top, effort (1-5) left to right. The four quadrants follow
:attr:`parcours.model.Opportunity.quadrant`: high impact means ``impact >= 3`` and low
effort ``effort <= 3``, so the dividing lines sit at impact 2.5 and effort 3.5.

Each opportunity is a numbered bubble; numbers are the ranks of the report's table
(:func:`parcours.analytics.rank_opportunities`: priority = impact / effort, then impact,
then estimated impact, then title; a person's ``impact_override`` counts). Opportunities
proposed from evidence and not yet in the map (``proposed``) are drawn with an orange
outline; the two actions to start with (the first two open ones) get a gold ring and are
named above the plot. Opportunities with the same
scores are packed on a hexagonal lattice around their point, so bubbles never overlap
and always stay inside their quadrant. The bubble's style tells the status.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from parcours.analytics.opportunities import OPEN_STATUSES, TOP, rank_opportunities
from parcours.i18n import label
from parcours.model import JourneyMap, Opportunity, OpportunityStatus
from parcours.render.svg import layout, style
from parcours.render.svg.canvas import Canvas, lines_height, number
from parcours.render.svg.fontmetrics import text_width, wrap_text
from parcours.render.svg.labels import text

SCORES = (1, 2, 3, 4, 5)
HIGH_IMPACT_FROM = 3
"""Impact at and above which an opportunity is high impact (see ``Opportunity.quadrant``)."""
LOW_EFFORT_UP_TO = 3
"""Effort at and below which an opportunity is low effort."""
MIN_PITCH = 92.0
"""Smallest distance between two score positions, px."""
BUBBLE_GAP = 6.0
"""Space between two bubbles of one point, px."""
LEGEND_WIDTH = 330.0
LEGEND_BUBBLE = 11.0
NAVY = style.HEADER_BG
PROPOSED_STROKE = "#c25e00"
"""Outline of an opportunity proposed from evidence, not yet accepted into the map."""
TOP_RING = "#d99a00"
"""Ring around the two actions to start with."""

QUADRANT_COLOURS: dict[str, tuple[str, str]] = {
    "quick_win": ("#e3f4ea", "#17643a"),
    "major_project": ("#e2ecf9", "#1e4e8c"),
    "fill_in": ("#fdf3dc", "#7a5200"),
    "thankless": ("#f1f1f3", "#5a5f66"),
}
"""Background and ink of each quadrant."""


@dataclass(frozen=True)
class BubbleStyle:
    """How a status looks: fill, outline, dash and number colour."""

    fill: str
    stroke: str
    dash: str | None
    ink: str
    crossed: bool = False


STATUS_STYLES: dict[OpportunityStatus, BubbleStyle] = {
    OpportunityStatus.IDEA: BubbleStyle("#ffffff", NAVY, "3 2.5", NAVY),
    OpportunityStatus.PLANNED: BubbleStyle("#ffffff", NAVY, None, NAVY),
    OpportunityStatus.IN_PROGRESS: BubbleStyle("#9fb3c8", NAVY, None, NAVY),
    OpportunityStatus.DONE: BubbleStyle(NAVY, NAVY, None, "#ffffff"),
    OpportunityStatus.DROPPED: BubbleStyle("#e4e7eb", style.FAINT, "3 2.5", style.MUTED, True),
}


def ranked(m: JourneyMap, proposed: Sequence[Opportunity] = ()) -> list[Opportunity]:
    """Opportunities of the map and the ``proposed`` ones not in it yet, in the order of the
    report's ranked table (rank = index + 1).

    >>> m = JourneyMap(journey={"title": "T"}, opportunities=[
    ...     {"title": "B", "impact": 2, "effort": 2}, {"title": "A", "impact": 5, "effort": 1}])
    >>> [o.title for o in ranked(m)]
    ['A', 'B']
    """
    known = {o.id for o in m.opportunities if o.id is not None}
    extra = [o for o in proposed if o.id is None or o.id not in known]
    return rank_opportunities([*m.opportunities, *extra])


def top_indices(opportunities: Sequence[Opportunity], count: int = TOP) -> list[int]:
    """Positions of the first ``count`` open opportunities (the actions to start with).

    >>> top_indices([Opportunity(title="A", status="done"), Opportunity(title="B"),
    ...     Opportunity(title="C"), Opportunity(title="D")])
    [1, 2]
    """
    return [k for k, o in enumerate(opportunities) if o.status in OPEN_STATUSES][:count]


def cluster_offsets(count: int, spacing: float) -> list[tuple[float, float]]:
    """``count`` points ``spacing`` apart on a hexagonal lattice, centred on (0, 0).

    The points nearest the centre are taken (the first one is the most central), so
    the cluster stays compact; any two points are at least ``spacing`` apart.

    >>> cluster_offsets(1, 30)
    [(0.0, 0.0)]
    >>> [(round(x), round(y)) for x, y in cluster_offsets(2, 30)]
    [(-15, 0), (15, 0)]
    """
    if count <= 0:
        return []
    rings = 1
    while 3 * rings * (rings + 1) + 1 < count:
        rings += 1
    lattice = []
    for row in range(-rings, rings + 1):
        for col in range(-rings, rings + 1):
            x = (col + row / 2) * spacing
            y = row * spacing * math.sqrt(3) / 2
            angle = math.atan2(y, x) % (2 * math.pi)
            lattice.append((round(math.hypot(x, y), 6), round(angle, 6), x, y))
    lattice.sort()
    chosen = [(x, y) for _, _, x, y in lattice[:count]]
    cx = sum(x for x, _ in chosen) / count
    cy = sum(y for _, y in chosen) / count
    return [(x - cx + 0.0, y - cy + 0.0) for x, y in chosen]


def opportunity_matrix_svg(m: JourneyMap, lang: str, proposed: Sequence[Opportunity] = ()) -> str:
    """The impact / effort matrix of the opportunities of ``m`` (and of the ``proposed``
    ones not in it yet) as a standalone SVG; the two to start with are highlighted.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "Demo"},
    ...     opportunities=[{"title": "Fee simulator", "impact": 5, "effort": 2}])
    >>> svg = opportunity_matrix_svg(m, "en")
    >>> svg.startswith("<svg") and "Quick wins" in svg and "Fee simulator" in svg
    True
    >>> "Start with: 1" in svg
    True
    """
    title = text("titled", lang, view=text("matrix_title", lang), journey=m.journey.title)
    return _MatrixDrawing(m, lang, title, proposed).render()


class _MatrixDrawing:
    """Places the bubbles, sizes the plot from the biggest cluster, then draws."""

    def __init__(
        self, m: JourneyMap, lang: str, title: str, proposed: Sequence[Opportunity] = ()
    ) -> None:
        self.m = m
        self.lang = lang
        self.title = title
        self.canvas = Canvas()
        self.ranked = ranked(m, proposed)
        known = {id(o) for o in m.opportunities}
        self.proposed = {k for k, o in enumerate(self.ranked) if id(o) not in known}
        self.top = top_indices(self.ranked)
        widest_number = text_width(str(len(self.ranked)), style.SMALL_SIZE, True)
        self.radius = max(13.0, widest_number / 2 + 6)
        groups: dict[tuple[int, int], list[int]] = {}
        for index, o in enumerate(self.ranked):
            groups.setdefault((o.scored_impact, o.effort), []).append(index)
        spacing = 2 * self.radius + BUBBLE_GAP
        self.offsets: dict[int, tuple[float, float]] = {}
        extent = self.radius
        for members in groups.values():
            for index, offset in zip(members, cluster_offsets(len(members), spacing), strict=True):
                self.offsets[index] = offset
                extent = max(extent, math.hypot(*offset) + self.radius)
        self.pitch = max(MIN_PITCH, math.ceil(2 * extent + 12))

    # --------------------------------------------------------------- geometry
    def _strip(self) -> float:
        """Height of the band holding the quadrant names, above and below the points."""
        most = max(len(self._quadrant_lines(q)) for q in QUADRANT_COLOURS)
        return lines_height(most, style.HEADING_SIZE) + 14

    def _quadrant_lines(self, quadrant: str) -> list[str]:
        cells = 3 if quadrant in ("quick_win", "fill_in") else 2
        return wrap_text(
            text(quadrant, self.lang), cells * self.pitch - 20, style.HEADING_SIZE, True
        )

    def x_of(self, effort: float) -> float:
        """Horizontal position of an effort score."""
        return self.plot_left + self.pitch / 2 + (effort - 1) * self.pitch

    def y_of(self, impact: float) -> float:
        """Vertical position of an impact score."""
        return self.plot_top + self._strip() + self.pitch / 2 + (5 - impact) * self.pitch

    # ------------------------------------------------------------------ render
    def render(self) -> str:
        c = self.canvas
        axis_name = text("impact", self.lang) + " ↑"
        gutter = max(text_width(axis_name, style.BODY_SIZE, True), 24.0) + 14
        self.plot_left = style.MARGIN + gutter
        plot_width = 5 * self.pitch
        plot_height = 5 * self.pitch + 2 * self._strip()
        legend_left = self.plot_left + plot_width + 32
        width = (legend_left + LEGEND_WIDTH if self.ranked else legend_left - 32) + style.MARGIN
        inner = width - 2 * style.MARGIN
        y = layout.draw_title(c, self.title, left=style.MARGIN, top=style.MARGIN, width=inner)
        if self.top:
            ranks = ", ".join(str(k + 1) for k in self.top)
            c.raw_group_start("matrix-top")
            c.text(
                style.MARGIN,
                y + style.BODY_SIZE + 2,
                text("matrix_top", self.lang, ranks=ranks),
                size=style.BODY_SIZE,
                bold=True,
                fill=TOP_RING,
            )
            c.group_end()
            y += style.BODY_SIZE + 10
        self.plot_top = y + 6
        plot_bottom = self.plot_top + plot_height

        self._quadrants(plot_width, plot_bottom)
        c.text(
            self.plot_left - 10,
            self.plot_top + self._strip() / 2 + 4,
            axis_name,
            size=style.BODY_SIZE,
            bold=True,
            fill=style.INK,
            anchor="end",
        )
        self._ticks(plot_bottom)
        axis_y = plot_bottom + 36
        c.text(
            self.plot_left + plot_width,
            axis_y,
            text("effort", self.lang) + " →",
            size=style.BODY_SIZE,
            bold=True,
            fill=style.INK,
            anchor="end",
        )
        bottom = axis_y + 8
        if self.ranked:
            self._bubbles()
            bottom = self._status_key(self.plot_left, bottom + 10, plot_width)
            legend_bottom = self._legend(legend_left, self.plot_top)
            bottom = max(bottom, legend_bottom)
        else:
            self._empty_message(plot_width, plot_bottom)
        return c.to_svg(width, bottom + style.MARGIN, title=self.title)

    def _ticks(self, plot_bottom: float) -> None:
        """Score numbers, each centred on its grid line."""
        c, size = self.canvas, style.SMALL_SIZE
        c.raw_group_start("axis-impact")
        for score in SCORES:
            c.text(
                self.plot_left - 10,
                self.y_of(score) + 0.36 * size,
                str(score),
                size=size,
                fill=style.MUTED,
                anchor="end",
            )
        c.group_end()
        c.raw_group_start("axis-effort")
        for score in SCORES:
            c.text(
                self.x_of(score),
                plot_bottom + 16,
                str(score),
                size=size,
                fill=style.MUTED,
                anchor="middle",
            )
        c.group_end()

    def _quadrants(self, plot_width: float, plot_bottom: float) -> None:
        c = self.canvas
        x_split = self.x_of(LOW_EFFORT_UP_TO + 0.5)
        y_split = self.y_of(HIGH_IMPACT_FROM - 0.5)
        left, right, top = self.plot_left, self.plot_left + plot_width, self.plot_top
        boxes = {
            "quick_win": (left, top, x_split, y_split),
            "major_project": (x_split, top, right, y_split),
            "fill_in": (left, y_split, x_split, plot_bottom),
            "thankless": (x_split, y_split, right, plot_bottom),
        }
        for quadrant, (x1, y1, x2, y2) in boxes.items():
            tint, ink = QUADRANT_COLOURS[quadrant]
            c.raw_group_start(f"quadrant {quadrant}")
            c.rect(x1 + 1.5, y1 + 1.5, x2 - x1 - 3, y2 - y1 - 3, fill=tint, radius=6)
            c.group_end()
        for score in SCORES:
            x, y = self.x_of(score), self.y_of(score)
            c.line(x, top + 4, x, plot_bottom - 4, stroke="#ffffff", stroke_width=1.2, dash="2 4")
            c.line(left + 4, y, right - 4, y, stroke="#ffffff", stroke_width=1.2, dash="2 4")
        for quadrant, (x1, y1, x2, y2) in boxes.items():
            ink = QUADRANT_COLOURS[quadrant][1]
            c.raw_group_start(f"quadrant-name {quadrant}")
            lines = self._quadrant_lines(quadrant)
            at_top = quadrant in ("quick_win", "major_project")
            at_left = quadrant in ("quick_win", "fill_in")
            block = lines_height(len(lines), style.HEADING_SIZE)
            text_top = y1 + 9 if at_top else y2 - 9 - block
            c.text_lines(
                x1 + 12 if at_left else x2 - 12,
                text_top,
                lines,
                size=style.HEADING_SIZE,
                bold=True,
                fill=ink,
                anchor="start" if at_left else "end",
            )
            c.group_end()

    def _bubbles(self) -> None:
        for index, o in enumerate(self.ranked):
            dx, dy = self.offsets[index]
            x, y = self.x_of(o.effort) + dx, self.y_of(o.scored_impact) + dy
            self._bubble(x, y, self.radius, index + 1, o.status, index)
            self.canvas.circle(
                x,
                y,
                self.radius,
                fill="none",
                css_class="bubble",
                data={
                    "rank": str(index + 1),
                    "quadrant": o.quadrant,
                    "impact": str(o.scored_impact),
                    "effort": str(o.effort),
                    "status": o.status.value,
                    "proposed": "true" if index in self.proposed else "false",
                    "top": "true" if index in self.top else "false",
                },
            )

    def _bubble(
        self,
        x: float,
        y: float,
        radius: float,
        rank: int,
        status: OpportunityStatus,
        index: int | None = None,
    ) -> None:
        look = STATUS_STYLES[status]
        if index is not None and index in self.proposed:
            look = BubbleStyle(look.fill, PROPOSED_STROKE, look.dash, PROPOSED_STROKE, look.crossed)
        c = self.canvas
        if index is not None and index in self.top:
            c.circle(x, y, radius + 1.5, fill="none", stroke=TOP_RING, stroke_width=2.0)
        circle = (
            f"M{number(x - radius)},{number(y)} a{number(radius)},{number(radius)} 0 1,0 "
            f"{number(2 * radius)},0 a{number(radius)},{number(radius)} 0 1,0 "
            f"{number(-2 * radius)},0 Z"
        )
        c.path(circle, fill=look.fill, stroke=look.stroke, stroke_width=1.8, dash=look.dash)
        if look.crossed:
            d = radius * 0.7
            c.line(x - d, y + d, x + d, y - d, stroke=style.FAINT, stroke_width=1.4)
        size = style.SMALL_SIZE if radius >= 12 else 9.0
        c.text(x, y + 0.36 * size, str(rank), size=size, bold=True, fill=look.ink, anchor="middle")

    def _status_key(self, left: float, top: float, width: float) -> float:
        """The bubble style of each status used in the map; returns the y below it."""
        c = self.canvas
        size = style.SMALL_SIZE
        used = [s for s in STATUS_STYLES if any(o.status is s for o in self.ranked)]
        heading = text("matrix_status", self.lang)
        row = 24.0
        c.text(left, top + row / 2 + 4, heading, size=size, bold=True, fill=style.INK)
        x = left + text_width(heading, size, True) + 12
        y = top
        for status in used:
            name = label(status, self.lang)
            entry = 2 * 9 + 6 + text_width(name, size) + 16
            if x + entry > left + width:
                x, y = left, y + row
            self._key_bubble(x + 9, y + row / 2, status)
            c.text(x + 24, y + row / 2 + 4, name, size=size, fill=style.INK)
            x += entry
        return y + row

    def _key_bubble(self, x: float, y: float, status: OpportunityStatus) -> None:
        look = STATUS_STYLES[status]
        r = 8.0
        circle = (
            f"M{number(x - r)},{number(y)} a{number(r)},{number(r)} 0 1,0 {number(2 * r)},0 "
            f"a{number(r)},{number(r)} 0 1,0 {number(-2 * r)},0 Z"
        )
        self.canvas.path(
            circle, fill=look.fill, stroke=look.stroke, stroke_width=1.6, dash=look.dash
        )
        if look.crossed:
            d = r * 0.7
            self.canvas.line(x - d, y + d, x + d, y - d, stroke=style.FAINT, stroke_width=1.2)

    def _legend(self, left: float, top: float) -> float:
        """Number -> title of every opportunity, by rank; returns the y below it."""
        c = self.canvas
        c.text(
            left,
            top + style.HEADING_SIZE,
            text("matrix_legend", self.lang),
            size=style.HEADING_SIZE,
            bold=True,
            fill=style.INK,
        )
        y = top + style.HEADING_SIZE + 12
        room = LEGEND_WIDTH - 2 * LEGEND_BUBBLE - 10
        for index, o in enumerate(self.ranked):
            title_lines = wrap_text(o.title, room, style.BODY_SIZE, True)
            detail = " · ".join(self._details(index, o))
            detail_lines = wrap_text(detail, room, style.SMALL_SIZE)
            self._bubble(
                left + LEGEND_BUBBLE,
                y + LEGEND_BUBBLE - 2,
                LEGEND_BUBBLE,
                index + 1,
                o.status,
                index,
            )
            text_left = left + 2 * LEGEND_BUBBLE + 10
            used = c.text_lines(
                text_left, y, title_lines, size=style.BODY_SIZE, bold=True, fill=style.INK
            )
            used += c.text_lines(
                text_left,
                y + used + 1,
                detail_lines,
                size=style.SMALL_SIZE,
                fill=QUADRANT_COLOURS[o.quadrant][1],
            )
            y += max(used, 2 * LEGEND_BUBBLE) + 10
        return y

    def _details(self, index: int, o: Opportunity) -> list[str]:
        """Quadrant, scores and status of one legend entry, with its flags."""
        parts = [
            text(o.quadrant, self.lang),
            text(
                "opportunity_scores",
                self.lang,
                impact=o.scored_impact,
                effort=o.effort,
                status=label(o.status, self.lang),
            ),
        ]
        if o.impact_override is not None:
            parts.append(text("matrix_impact_overridden", self.lang))
        if o.effort_unknown:
            parts.append(text("matrix_effort_unknown", self.lang))
        if index in self.proposed:
            parts.append(text("matrix_proposed", self.lang))
        if index in self.top:
            parts.append("★ " + text("matrix_top_tag", self.lang))
        return parts

    def _empty_message(self, plot_width: float, plot_bottom: float) -> None:
        c = self.canvas
        size = style.BODY_SIZE
        room = plot_width - 80
        title = wrap_text(text("no_opportunities", self.lang), room, style.HEADING_SIZE, True)
        hint = wrap_text(text("no_opportunities_hint", self.lang), room, size)
        widest = max(
            [text_width(line, style.HEADING_SIZE, True) for line in title]
            + [text_width(line, size) for line in hint]
        )
        block = lines_height(len(title), style.HEADING_SIZE) + 6 + lines_height(len(hint), size)
        cx = self.plot_left + plot_width / 2
        cy = (self.plot_top + plot_bottom) / 2
        c.rect(
            cx - widest / 2 - 20,
            cy - block / 2 - 16,
            widest + 40,
            block + 32,
            fill="#ffffff",
            stroke=style.RULE,
            radius=8,
        )
        used = c.text_lines(
            cx,
            cy - block / 2,
            title,
            size=style.HEADING_SIZE,
            bold=True,
            fill=style.INK,
            anchor="middle",
        )
        c.text_lines(
            cx, cy - block / 2 + used + 6, hint, size=size, fill=style.MUTED, anchor="middle"
        )
