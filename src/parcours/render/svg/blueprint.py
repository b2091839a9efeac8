"""The service blueprint: what the customer does and everything behind it, step by step.

Steps run left to right under their phases. Lanes run top to bottom: the evidence the
customer sees, the customer's actions, then — under the *line of interaction* — the
frontstage (actions visible to the customer and the touchpoints with their channel),
under the *line of visibility* the backstage, and under the *line of internal
interaction* the support processes, the systems and the stakeholders of each step.

An arrow crosses the line of interaction wherever a step has both customer actions and
something frontstage. Measured delays (``delays``: step id -> median seconds from the
previous step, as computed by the analytics) are drawn as small clock labels on the line
of interaction, between the columns of the two steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from parcours.i18n import format_delay, label
from parcours.model import JourneyMap, Step
from parcours.render.svg import icons, layout, style
from parcours.render.svg.canvas import Canvas, escape, lines_height
from parcours.render.svg.fontmetrics import text_width, wrap_text
from parcours.render.svg.labels import text
from parcours.render.svg.roles import (
    draw_role_frames,
    draw_role_row,
    legend_entries,
    role_marks,
)
from parcours.render.svg.roles import ordered as in_display_order

CARD_GAP = 5.0
"""Vertical space between two cards of one cell, px."""
CARD_PADDING = 5.0
"""Space above and below the text of a card, px."""
LANE_PADDING = 7.0
"""Space above the first card and below the last card of a lane, px."""
ACCENT = 3.0
"""Width of the coloured bar on the left of a card, px."""
PILL_HEIGHT = 18.0
"""Height of a delay label, px."""


@dataclass(frozen=True)
class LaneSpec:
    """A lane of the blueprint: its role, the label key of its name and its colours."""

    key: str
    label_key: str
    ink: str
    tint: str


@dataclass(frozen=True)
class BoundarySpec:
    """One of the three lines of the blueprint, drawn above the lane ``before``."""

    key: str
    label_key: str
    colour: str
    before: str


LANES: tuple[LaneSpec, ...] = (
    LaneSpec("evidence", "lane_evidence_any", "#8a4b00", "#fff3e0"),
    LaneSpec("actions", "lane_actions", "#1e3a8a", "#dbeafe"),
    LaneSpec("frontstage", "lane_frontstage", "#0f5132", "#e0f2f1"),
    LaneSpec("backstage", "lane_backstage", "#4527a0", "#ede7f6"),
    LaneSpec("support", "lane_support", "#3e4c59", "#eef2f6"),
    LaneSpec("systems", "lane_systems", "#1f4e79", "#e3edf7"),
    LaneSpec("stakeholders", "lane_stakeholders", "#880e4f", "#fce4ec"),
)
"""The lanes, top to bottom."""

BOUNDARIES: tuple[BoundarySpec, ...] = (
    BoundarySpec("interaction", "line_interaction", "#1d6fd6", "frontstage"),
    BoundarySpec("visibility", "line_visibility", "#d9480f", "backstage"),
    BoundarySpec("internal", "line_internal", "#7b2cbf", "support"),
)
"""The three lines, each drawn just above the lane it opens."""


@dataclass(frozen=True)
class Paragraph:
    """A piece of a card: one text in one style."""

    content: str
    size: float = style.BODY_SIZE
    bold: bool = False
    colour: str = style.INK
    italic: bool = False


@dataclass(frozen=True)
class Card:
    """An item of a lane: paragraphs stacked in a small coloured card."""

    paragraphs: tuple[Paragraph, ...]
    outlined: bool = False
    """Outlined cards (white with a border) are touchpoints; the others are actions."""


@dataclass(frozen=True)
class WrappedCard:
    """A card whose paragraphs are wrapped to the width of its column."""

    card: Card
    lines: tuple[tuple[Paragraph, tuple[str, ...]], ...]

    @property
    def height(self) -> float:
        """Height of the card, padding included."""
        body = sum(lines_height(len(lines), p.size) for p, lines in self.lines)
        return body + 2 * CARD_PADDING


def blueprint_svg(m: JourneyMap, lang: str, *, delays: Mapping[str, float] | None = None) -> str:
    """The service blueprint of ``m`` as a standalone SVG document.

    ``delays`` maps step ids to the median delay, in seconds, from the previous step to
    that step; each is drawn on the line of interaction before the step's column (the
    first step's at the start of its column). Non-finite values (no measurement) are
    not drawn; an unknown step id or a negative delay is a ``ValueError``.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": "s", "name": "Start",
    ...     "actions": ["Opens the app"], "blueprint": {"backstage": ["Scoring"]}}])
    >>> svg = blueprint_svg(m, "en", delays={"s": 90})
    >>> svg.startswith("<svg") and "Line of visibility" in svg and "Scoring" in svg
    True
    """
    return blueprint_svg_parts(m, lang, delays=delays)[0]


def blueprint_svg_parts(
    m: JourneyMap,
    lang: str,
    *,
    delays: Mapping[str, float] | None = None,
    max_steps: int | None = None,
) -> list[str]:
    """The service blueprint of ``m`` as standalone SVG documents of at most
    ``max_steps`` steps each (whole phases kept together when they fit; ``None``: one
    document). Step numbers go on from part to part.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": f"s{i}", "name": f"Step{i}",
    ...     "actions": [f"Does {i}"]} for i in range(5)])
    >>> parts = blueprint_svg_parts(m, "en", max_steps=3)
    >>> len(parts), "4. Step3" in parts[1], "Does 3" in parts[0]
    (2, True, False)
    """
    m = in_display_order(m, lang)
    checked = _checked_delays(m, delays or {}, lang)
    title = text("titled", lang, view=text("blueprint_title", lang), journey=m.journey.title)
    drawing = _BlueprintDrawing(m, lang, title, checked)
    return [drawing.render(window) for window in layout.step_windows(m, max_steps)]


def _checked_delays(m: JourneyMap, delays: Mapping[str, float], lang: str) -> dict[str, float]:
    known = {s.id for s in m.steps}
    result: dict[str, float] = {}
    for step_id, seconds in delays.items():
        if step_id not in known:
            raise ValueError(
                text("unknown_step", lang, step=step_id, known=", ".join(sorted(known)) or "-")
            )
        value = float(seconds)
        if not math.isfinite(value):
            continue
        if value < 0:
            raise ValueError(text("negative_delay", lang, step=step_id, value=value))
        result[step_id] = value
    return result


def lane_cards(step: Step, lane: str, lang: str) -> list[Card]:
    """The cards of one lane (a :data:`LANES` key) at one step.

    >>> from parcours.model import Step
    >>> s = Step(id="s", name="S", touchpoints=[{"channel": "web", "name": "Site"}],
    ...     blueprint={"frontstage": ["Chat"]})
    >>> [p.content for c in lane_cards(s, "frontstage", "en") for p in c.paragraphs]
    ['Chat', 'Website', 'Site']
    """
    if lane == "actions":
        return _plain(step.actions)
    if lane == "frontstage":
        return _plain(step.blueprint.frontstage) + [
            Card(
                tuple(
                    p
                    for p in (
                        Paragraph(label(t.channel, lang), style.SMALL_SIZE, True, LANES[2].ink),
                        Paragraph(t.name),
                        Paragraph(t.owner_team, style.SMALL_SIZE, colour=style.MUTED),
                    )
                    if p.content.strip()
                ),
                outlined=True,
            )
            for t in step.touchpoints
        ]
    if lane == "stakeholders":
        return [
            Card(
                tuple(
                    p
                    for p in (
                        Paragraph(s.name, bold=True),
                        Paragraph(
                            label(s.office, lang) if s.office else "",
                            style.SMALL_SIZE,
                            colour=style.MUTED,
                        ),
                        Paragraph(s.deliverable, style.SMALL_SIZE, italic=True),
                    )
                    if p.content.strip()
                )
            )
            for s in step.stakeholders
            if s.name.strip() or s.deliverable.strip()
        ]
    items: list[str] = getattr(step.blueprint, lane)
    return _plain(items)


def _plain(items: Sequence[str]) -> list[Card]:
    return [Card((Paragraph(item),)) for item in items if item.strip()]


def _group_start(canvas: Canvas, css_class: str, **data: str) -> None:
    """Open a ``<g>`` with a class and ``data-*`` attributes (closed by ``group_end``)."""
    attributes = "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())
    canvas.elements.append(f'<g class="{escape(css_class)}"{attributes}>')


class _BlueprintDrawing:
    """Wraps every cell first, then lays the lanes out top to bottom and draws."""

    def __init__(self, m: JourneyMap, lang: str, title: str, delays: dict[str, float]) -> None:
        self.m = m
        self.lang = lang
        self.title = title
        self.delays = delays
        self.canvas = Canvas()
        self.marks = role_marks(m, lang)
        self.all_cards = {
            lane.key: [lane_cards(step, lane.key, lang) for step in m.steps] for lane in LANES
        }
        self.cards = self.all_cards
        """The cards of the steps drawn, by lane then column."""
        self._widths: list[float] | None = None

    # --------------------------------------------------------------- geometry
    def _gutter_width(self) -> float:
        labels = [text(lane.label_key, self.lang) for lane in LANES]
        labels += [text(b.label_key, self.lang) for b in BOUNDARIES]
        longest = max(
            max(text_width(word, style.BODY_SIZE, True) for word in name.split()) for name in labels
        )
        return max(150.0, longest + 3 * style.PADDING + ACCENT)

    def _pill_width(self, seconds: float) -> float:
        return text_width(format_delay(seconds, self.lang), style.SMALL_SIZE, True) + 30

    def _column_width(self, index: int, step: Step) -> float:
        texts = [(step.name, style.BODY_SIZE, True)]
        for lane in LANES:
            for card in self.all_cards[lane.key][index]:
                texts += [(p.content, p.size, p.bold) for p in card.paragraphs]
        width = layout.content_width(
            texts, minimum=160, maximum=230, max_lines=4, padding=style.PADDING + 8
        )
        pills = [self._pill_width(s) for s in self.delays.values()]
        # a delay label must leave room for the arrow at the middle of the column
        return max(width, 2 * (max(pills, default=0.0) + 14))

    def _wrap(self, card: Card, width: float) -> WrappedCard:
        room = width - 2 * style.PADDING - ACCENT - 8
        return WrappedCard(
            card,
            tuple(
                (p, tuple(wrap_text(p.content, room, p.size, p.bold or p.italic)))
                for p in card.paragraphs
            ),
        )

    def _lane_label_lines(self, lane: LaneSpec, gutter: float) -> list[str]:
        return wrap_text(
            text(lane.label_key, self.lang),
            gutter - 2 * style.PADDING - ACCENT - 8,
            style.BODY_SIZE,
            True,
        )

    def _boundary_label_lines(self, boundary: BoundarySpec, gutter: float) -> list[str]:
        return wrap_text(text(boundary.label_key, self.lang), gutter - 22, style.SMALL_SIZE, True)

    # ------------------------------------------------------------------ render
    def _all_widths(self) -> list[float]:
        """The width of every step's column, measured once for all the parts."""
        if self._widths is None:
            self._widths = [self._column_width(i, s) for i, s in enumerate(self.m.steps)]
        return self._widths

    def render(self, window: range | None = None) -> str:
        """The drawing of the steps in ``window`` (every step by default)."""
        m = self.m
        start, stop = (window.start, window.stop) if window is not None else (0, len(m.steps))
        widths = self._all_widths()[start:stop]
        self.canvas = c = Canvas()
        self.cards = {key: cards[start:stop] for key, cards in self.all_cards.items()}
        gutter = self._gutter_width()
        left = style.MARGIN + gutter
        page = layout.column_page(m.steps[start:stop], widths, left=left, offset=start)
        columns, right, width, inner = page.columns, page.right, page.width, page.inner

        y = layout.draw_title(c, self.title, left=style.MARGIN, top=style.MARGIN, width=inner)
        if not m.steps:
            return layout.no_steps_svg(c, self.title, self.lang, top=y, width=width)
        y = self._legend(style.MARGIN, y, inner) + 8
        y = layout.draw_column_headers(c, m, columns, self.lang, top=y)
        roles_top = y - 2
        y = draw_role_row(c, columns, self.marks, self.lang, top=y)

        wrapped = {
            lane.key: [
                [self._wrap(card, column.width) for card in self.cards[lane.key][column.index]]
                for column in columns
            ]
            for lane in LANES
        }
        plan = self._plan(y, gutter, wrapped)
        bottom = plan[-1][1] + plan[-1][2]
        self._backgrounds(plan, left, right)
        layout.draw_vertical_rules(c, columns, top=y, bottom=bottom)
        card_spans: dict[str, list[tuple[float, float]]] = {}
        for kind, top, height, spec in plan:
            if kind == "lane":
                assert isinstance(spec, LaneSpec)
                self._lane_label(spec, gutter, top, height)
                card_spans[spec.key] = self._lane_cards(spec, columns, wrapped[spec.key], top)
        self._arrows(columns, plan, card_spans)
        for kind, top, height, spec in plan:
            if kind == "line":
                assert isinstance(spec, BoundarySpec)
                self._boundary(spec, gutter, top + height / 2, right, columns)
        draw_role_frames(c, columns, self.marks, top=roles_top, bottom=bottom)
        return c.to_svg(width, bottom + style.MARGIN, title=self.title)

    def _plan(
        self, top: float, gutter: float, wrapped: dict[str, list[list[WrappedCard]]]
    ) -> list[tuple[str, float, float, LaneSpec | BoundarySpec]]:
        """Rows top to bottom: (``lane`` or ``line``, top, height, spec)."""
        rows: list[tuple[str, float, float, LaneSpec | BoundarySpec]] = []
        y = top
        for lane in LANES:
            for boundary in BOUNDARIES:
                if boundary.before == lane.key:
                    lines = self._boundary_label_lines(boundary, gutter)
                    height = max(30.0, lines_height(len(lines), style.SMALL_SIZE) + 14)
                    rows.append(("line", y, height, boundary))
                    y += height
            cells = [
                sum(card.height + CARD_GAP for card in cell) - CARD_GAP if cell else 0.0
                for cell in wrapped[lane.key]
            ]
            label_height = lines_height(len(self._lane_label_lines(lane, gutter)), style.BODY_SIZE)
            height = max([*cells, label_height, 22.0]) + 2 * LANE_PADDING
            rows.append(("lane", y, height, lane))
            y += height
        return rows

    # -------------------------------------------------------------- drawing
    def _legend(self, left: float, top: float, width: float) -> float:
        """Icons explained, flowing left to right; returns the y below the legend."""
        entries: list[tuple[str, str]] = []
        if any(s.moment_of_truth for s in self.m.steps):
            entries.append(("star", text("moment_of_truth", self.lang)))
        if any(s.breaking_point for s in self.m.steps):
            entries.append(("bolt", text("breaking_point", self.lang)))
        if any(
            a and f for a, f in zip(self.cards["actions"], self.cards["frontstage"], strict=True)
        ):
            entries.append(("arrow", text("legend_triggers", self.lang)))
        if self.delays:
            entries.append(("clock", text("legend_delay", self.lang)))
        drawn = [(name, self._legend_icon(kind)) for kind, name in entries]
        drawn += legend_entries(self.canvas, self.marks, self.lang)
        return layout.draw_legend(
            self.canvas,
            drawn,
            left=left,
            top=top,
            width=width,
            text_offset=26,
            label_margin=34,
            gap=24,
        )

    def _legend_icon(self, kind: str) -> Callable[[float, float], None]:
        """The function drawing the legend icon ``kind`` at ``(x, mid)``."""

        def draw(x: float, mid: float) -> None:
            if kind == "star":
                icons.star(self.canvas, x + 10, mid, 8, fill=style.MOMENT)
            elif kind == "bolt":
                icons.lightning(self.canvas, x + 10, mid, 9, fill=style.BREAK)
            elif kind == "arrow":
                self._arrow(x + 10, mid - 8, mid + 8, BOUNDARIES[0].colour)
            else:
                self._clock(x + 10, mid, BOUNDARIES[0].colour)

        return draw

    def _backgrounds(
        self,
        plan: list[tuple[str, float, float, LaneSpec | BoundarySpec]],
        left: float,
        right: float,
    ) -> None:
        for kind, top, height, spec in plan:
            if kind == "lane" and isinstance(spec, LaneSpec):
                self.canvas.rect(left, top, right - left, height, fill=style.PANEL)
                self.canvas.line(left, top, right, top, stroke="#ffffff", stroke_width=2)

    def _lane_label(self, lane: LaneSpec, gutter: float, top: float, height: float) -> None:
        c = self.canvas
        x = style.MARGIN
        c.rect(x, top + 2, gutter - 8, height - 4, fill=lane.tint, radius=4)
        c.rect(x, top + 2, ACCENT, height - 4, fill=lane.ink)
        lines = self._lane_label_lines(lane, gutter)
        block = lines_height(len(lines), style.BODY_SIZE)
        c.text_lines(
            x + ACCENT + style.PADDING,
            top + (height - block) / 2,
            lines,
            size=style.BODY_SIZE,
            bold=True,
            fill=lane.ink,
        )

    def _lane_cards(
        self,
        lane: LaneSpec,
        columns: Sequence[layout.Column],
        cells: list[list[WrappedCard]],
        top: float,
    ) -> list[tuple[float, float]]:
        """Draw the cards of a lane; returns (top of first card, bottom of last) per step."""
        c = self.canvas
        spans: list[tuple[float, float]] = []
        for column, cell in zip(columns, cells, strict=True):
            y = top + LANE_PADDING
            _group_start(c, f"cell lane-{lane.key}", lane=lane.key, step=column.step.id)
            for card in cell:
                self._card(column, y, card, lane)
                y += card.height + CARD_GAP
            c.group_end()
            spans.append((top + LANE_PADDING, y - CARD_GAP) if cell else (top, top))
        return spans

    def _card(self, column: layout.Column, top: float, card: WrappedCard, lane: LaneSpec) -> None:
        c = self.canvas
        x, width = column.x + 5, column.width - 10
        if card.card.outlined:
            c.rect(x, top, width, card.height, fill="#ffffff", stroke=lane.ink, radius=4)
        else:
            c.rect(x, top, width, card.height, fill=lane.tint, radius=4)
            c.rect(x, top, ACCENT, card.height, fill=lane.ink)
        y = top + CARD_PADDING
        for paragraph, lines in card.lines:
            y += c.text_lines(
                x + ACCENT + style.PADDING,
                y,
                lines,
                size=paragraph.size,
                bold=paragraph.bold,
                italic=paragraph.italic,
                fill=paragraph.colour,
            )

    def _arrows(
        self,
        columns: Sequence[layout.Column],
        plan: list[tuple[str, float, float, LaneSpec | BoundarySpec]],
        spans: dict[str, list[tuple[float, float]]],
    ) -> None:
        """Customer action -> frontstage, across the line of interaction."""
        colour = BOUNDARIES[0].colour
        for column in columns:
            actions = self.cards["actions"][column.index]
            front = self.cards["frontstage"][column.index]
            if not actions or not front:
                continue
            start = spans["actions"][column.index][1] + 3
            end = spans["frontstage"][column.index][0] - 2
            _group_start(self.canvas, "trigger", step=column.step.id)
            self._arrow(column.center, start, end, colour)
            self.canvas.group_end()

    def _arrow(self, x: float, start: float, end: float, colour: str) -> None:
        head = 7.0
        self.canvas.line(x, start, x, end - head + 1, stroke=colour, stroke_width=1.6)
        self.canvas.polygon([(x - 4.5, end - head), (x + 4.5, end - head), (x, end)], fill=colour)

    def _boundary(
        self,
        boundary: BoundarySpec,
        gutter: float,
        y: float,
        right: float,
        columns: Sequence[layout.Column],
    ) -> None:
        c = self.canvas
        _group_start(c, f"boundary line-{boundary.key}", line=boundary.key)
        c.line(style.MARGIN, y, right, y, stroke=boundary.colour, stroke_width=2, dash="8 5")
        lines = self._boundary_label_lines(boundary, gutter)
        block = lines_height(len(lines), style.SMALL_SIZE)
        widest = max(text_width(line, style.SMALL_SIZE, True) for line in lines)
        c.rect(
            style.MARGIN,
            y - block / 2 - 4,
            widest + 16,
            block + 8,
            fill="#ffffff",
            stroke=boundary.colour,
            stroke_width=1.4,
            radius=9,
        )
        c.text_lines(
            style.MARGIN + 8,
            y - block / 2,
            lines,
            size=style.SMALL_SIZE,
            bold=True,
            fill=style.darken(boundary.colour, 0.8),
        )
        c.group_end()
        if boundary.key == "interaction":
            self._delays(columns, y, boundary.colour)

    def _delays(self, columns: Sequence[layout.Column], y: float, colour: str) -> None:
        """Clock labels with the median delay before each step that has one."""
        c = self.canvas
        for column in columns:
            seconds = self.delays.get(column.step.id)
            if seconds is None:
                continue
            shown = format_delay(seconds, self.lang)
            pill = self._pill_width(seconds)
            x = column.x - pill / 2 if column.index else column.x + 6
            _group_start(c, "delay", step=column.step.id, seconds=f"{seconds:g}")
            c.rect(
                x,
                y - PILL_HEIGHT / 2,
                pill,
                PILL_HEIGHT,
                fill="#ffffff",
                stroke=colour,
                radius=PILL_HEIGHT / 2,
            )
            self._clock(x + 11, y, colour)
            c.text(
                x + 21,
                y + 0.36 * style.SMALL_SIZE,
                shown,
                size=style.SMALL_SIZE,
                bold=True,
                fill=style.darken(colour, 0.7),
            )
            c.group_end()

    def _clock(self, x: float, y: float, colour: str) -> None:
        self.canvas.circle(x, y, 5.5, fill="#ffffff", stroke=colour, stroke_width=1.4)
        self.canvas.path(
            f"M{x:.2f},{y - 3.5:.2f} L{x:.2f},{y:.2f} L{x + 2.8:.2f},{y:.2f}",
            stroke=colour,
            stroke_width=1.3,
        )
