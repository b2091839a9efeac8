"""The journey map grid: the classic journey map infographic, as one SVG drawing.

Steps are columns under coloured phase bands; lanes are rows with their title on the
left: customer actions, customer goal (when the map has any), touchpoints, emotions (a
compact curve per persona above score chips), irritants, enchantments, moments of
truth / breaking points, data collected, stakeholders, metrics (with the latest
measured value), then the map's custom lanes. The content of every cell is the typed
data of :func:`parcours.render.views.grid`, the same the HTML grid shows.

Column widths follow their content and lane heights fit the tallest cell, so a long
journey makes a wider drawing rather than a cramped one.

This module also holds the cell primitives (:class:`Block` and its builders) that the
table drawings of :mod:`parcours.render.svg.tables` share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parcours.i18n import label
from parcours.model import EMOTION_MAX, EMOTION_MIN, Channel, JourneyMap, Step
from parcours.render import views
from parcours.render.labels import text as report_text
from parcours.render.svg import icons, layout, roles, style
from parcours.render.svg.canvas import Canvas, escape, lines_height, number
from parcours.render.svg.fontmetrics import text_width, wrap_text
from parcours.render.svg.labels import text

# ------------------------------------------------------------------------------ palette
CATEGORY_COLOURS: dict[str, tuple[str, str, str]] = {
    "personal": ("#e8e1f5", "#4527a0", "#9575cd"),
    "transactional": ("#dbeafe", "#1e3a8a", "#5c8bd6"),
    "behavioural": ("#e0f2f1", "#0f5132", "#4db6ac"),
    "unclassified": ("#fff3e0", "#8a4b00", "#f0a24b"),
}
"""Per data category: chip background, text colour, accent (borders, header stripe)."""

SCORE_COLOURS: dict[int, str] = {
    -2: "#b42318",
    -1: "#e07a3f",
    0: "#8a99a8",
    1: "#6aa84f",
    2: "#1b7f4b",
}
"""Background of the emotion score chips (white text), as in the HTML report."""

CHANNEL_COLOURS: dict[Channel, str] = {
    Channel.WEB: "#1e63b5",
    Channel.APP: "#4527a0",
    Channel.EMAIL: "#0f766e",
    Channel.SMS: "#0e7490",
    Channel.PHONE: "#9a3412",
    Channel.BRANCH: "#7c2d12",
    Channel.CHATBOT: "#6d28d9",
    Channel.LIVE_CHAT: "#7e22ce",
    Channel.MAIL: "#854d0e",
    Channel.KIOSK: "#475569",
    Channel.SOCIAL: "#be185d",
    Channel.VIDEO: "#b91c1c",
    Channel.IN_PERSON: "#9d174d",
    Channel.PARTNER: "#3f6212",
    Channel.ADVERTISING: "#a16207",
    Channel.OTHER: "#52606d",
}
"""Badge colour of each touchpoint channel."""

SEVERITY_EDGES: dict[str, str] = {"sev1": "#e8a09a", "sev2": "#e07a3f", "sev3": "#b42318"}
"""Left edge of irritant cards by severity (minor, major, blocking)."""

OFFICE_COLOURS: dict[str, tuple[str, str]] = {
    "front": ("#e0f2f1", "#0f5132"),
    "back": ("#ede7f6", "#4527a0"),
}

COLUMN_MIN = 180.0
COLUMN_MAX = 250.0
GUTTER_MIN = 140.0
GUTTER_MAX = 180.0
CELL_PAD = style.PADDING
ITEM_GAP = 6.0
LEVEL_SPACING = 14.0
"""Vertical distance between two emotion levels in the emotion lane's curve, px."""
CHART_PAD = 10.0
MARKER_RADIUS = 4.0
PERSONA_SHIFT = 5.0


# ------------------------------------------------------------------------ cell blocks
@dataclass(frozen=True)
class Block:
    """Something drawn in a cell: its height, and how to draw it with its top-left at (x, y)."""

    height: float
    draw: Callable[[Canvas, float, float], None]


def stack_height(blocks: Sequence[Block], gap: float = ITEM_GAP) -> float:
    """Height of blocks drawn one under the other with ``gap`` between them.

    >>> stack_height([Block(10, lambda c, x, y: None), Block(5, lambda c, x, y: None)], 2)
    17
    """
    if not blocks:
        return 0
    return sum(b.height for b in blocks) + gap * (len(blocks) - 1)


def draw_stack(
    canvas: Canvas, blocks: Sequence[Block], x: float, y: float, gap: float = ITEM_GAP
) -> None:
    """Draw blocks one under the other from (x, y)."""
    for block in blocks:
        block.draw(canvas, x, y)
        y += block.height + gap


def text_block(
    content: str,
    width: float,
    *,
    size: float = style.BODY_SIZE,
    bold: bool = False,
    fill: str = style.INK,
    italic: bool = False,
    bullet: bool = False,
) -> Block:
    """Wrapped text, optionally as a bullet point.

    >>> b = text_block("Ouvrir un compte en ligne", 80)
    >>> b.height == lines_height(3, 12)
    True
    """
    indent = 11.0 if bullet else 0.0
    lines = wrap_text(content, width - indent, size, bold)

    def draw(canvas: Canvas, x: float, y: float) -> None:
        if bullet and lines:
            canvas.circle(x + 3, y + 0.55 * size, 2.1, fill=style.FAINT)
        canvas.text_lines(x + indent, y, lines, size=size, bold=bold, fill=fill, italic=italic)

    return Block(lines_height(len(lines), size), draw)


def chip_block(
    content: str,
    width: float,
    *,
    background: str,
    ink: str,
    accent: str | None = None,
    size: float = style.SMALL_SIZE,
    bold: bool = False,
    detail: str = "",
    full_width: bool = False,
) -> Block:
    """A rounded chip holding wrapped text (and an optional smaller detail line).

    The chip hugs its text unless ``full_width``.
    """
    pad_x, pad_y = 6.0, 3.0
    inner = width - 2 * pad_x
    lines = wrap_text(content, inner, size, bold)
    detail_size = size - 1.5
    detail_lines = wrap_text(detail, inner, detail_size) if detail else []
    widest = max(
        [text_width(line, size, bold) for line in lines]
        + [text_width(line, detail_size) for line in detail_lines],
        default=0.0,
    )
    chip_width = width if full_width else min(width, widest + 2 * pad_x)
    height = (
        lines_height(len(lines), size) + lines_height(len(detail_lines), detail_size) + 2 * pad_y
    )

    def draw(canvas: Canvas, x: float, y: float) -> None:
        canvas.rect(x, y, chip_width, height, fill=background, radius=5, stroke=accent)
        used = canvas.text_lines(x + pad_x, y + pad_y, lines, size=size, bold=bold, fill=ink)
        canvas.text_lines(
            x + pad_x, y + pad_y + used, detail_lines, size=detail_size, fill=style.MUTED
        )

    return Block(height, draw)


def card_block(
    content: str,
    width: float,
    *,
    ink: str,
    background: str,
    strong: bool = False,
    tag: str = "",
    edge: str | None = None,
) -> Block:
    """A card with a coloured left edge (irritants, enchantments), with an optional tag."""
    size = style.BODY_SIZE
    inner = width - 18
    lines = wrap_text(content, inner, size, strong)
    tag_size = style.SMALL_SIZE - 1
    tag_lines = wrap_text(tag.upper(), inner, tag_size, True) if tag else []
    height = lines_height(len(lines), size) + lines_height(len(tag_lines), tag_size) + 10

    def draw(canvas: Canvas, x: float, y: float) -> None:
        canvas.rect(x, y, width, height, fill=background, radius=4)
        canvas.rect(x, y, 3, height, fill=edge or ink)
        used = canvas.text_lines(
            x + 11, y + 5, lines, size=size, bold=strong, fill=style.darken(ink, 0.85)
        )
        canvas.text_lines(x + 11, y + 5 + used, tag_lines, size=tag_size, bold=True, fill=ink)

    return Block(height, draw)


def pill_width(content: str, size: float) -> float:
    """Width of a one-line bold pill (badge) holding ``content``."""
    return text_width(content, size, True) + 12


def pill(
    canvas: Canvas, x: float, y: float, content: str, *, fill: str, ink: str, size: float
) -> None:
    """A one-line bold badge with its top-left corner at (x, y)."""
    canvas.rect(x, y, pill_width(content, size), size + 6, fill=fill, radius=(size + 6) / 2)
    canvas.text(x + 6, y + 3 + 0.8 * size, content, size=size, bold=True, fill=ink)


def badge_block(
    badge: str,
    width: float,
    *,
    fill: str,
    ink: str,
    lines_after: Sequence[tuple[str, float, bool, str]] = (),
) -> Block:
    """A badge (wrapped when wider than the cell) followed by text lines.

    ``lines_after`` holds (text, size, bold, colour) paragraphs drawn under the badge.
    """
    size = style.SMALL_SIZE - 1
    pieces = wrap_text(badge, width - 12, size, True)
    badge_height = len(pieces) * (size + 8) - 2 if pieces else 0.0
    paragraphs = [
        (wrap_text(content, width, psize, pbold), psize, pbold, colour)
        for content, psize, pbold, colour in lines_after
        if content.strip()
    ]
    height = badge_height + sum(lines_height(len(p[0]), p[1]) + 2 for p in paragraphs)

    def draw(canvas: Canvas, x: float, y: float) -> None:
        top = y
        for piece in pieces:
            pill(canvas, x, top, piece, fill=fill, ink=ink, size=size)
            top += size + 8
        top = y + badge_height + 2
        for lines, psize, pbold, colour in paragraphs:
            top += canvas.text_lines(x, top, lines, size=psize, bold=pbold, fill=colour) + 2

    return Block(height, draw)


def open_group(canvas: Canvas, css_class: str, **data: str) -> None:
    """Open a ``<g>`` with a class and ``data-*`` attributes (close with ``group_end``)."""
    attributes = "".join(f' data-{key.replace("_", "-")}="{escape(v)}"' for key, v in data.items())
    canvas.elements.append(f'<g class="{escape(css_class)}"{attributes}>')


# ------------------------------------------------------------------------------ lanes
GOAL_LANE = "goal"


def grid_lanes(m: JourneyMap, lang: str) -> list[views.Lane]:
    """The lanes of the drawing: those of the HTML grid, plus the customer goal if any.

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "s", "name": "S",
    ...     "customer_goal": "Know the fees"}])
    >>> [lane.key for lane in grid_lanes(m, "en")][:3]
    ['actions', 'goal', 'touchpoints']
    """
    lanes = views.lanes(m, lang)
    if any(step.customer_goal.strip() for step in m.steps):
        goal = views.Lane(GOAL_LANE, text("lane_goal", lang))
        lanes.insert(1, goal)
    return lanes


def journey_grid_svg(m: JourneyMap, lang: str) -> str:
    """The journey map grid of ``m`` as a standalone SVG document.

    >>> m = JourneyMap(journey={"title": "Demo"}, phases=[{"id": "a", "name": "Discover"}],
    ...     steps=[{"id": "s", "name": "Start", "phase": "a",
    ...             "irritants": [{"text": "Slow & <b>"}]}])
    >>> svg = journey_grid_svg(m, "en")
    >>> svg.startswith("<svg") and "Slow &amp; &lt;b&gt;" in svg and "Discover" in svg
    True
    """
    title = text("titled", lang, view=text("grid_title", lang), journey=m.journey.title)
    return _GridDrawing(m, lang, title).render()


@dataclass(frozen=True)
class _Cell:
    """One step's column: the model step, its typed view data and its geometry."""

    step: Step
    data: views.StepColumn
    column: layout.Column

    @property
    def inner_x(self) -> float:
        return self.column.x + CELL_PAD

    @property
    def inner_width(self) -> float:
        return self.column.width - 2 * CELL_PAD


class _GridDrawing:
    """Computes the layout top to bottom, then draws."""

    def __init__(self, m: JourneyMap, lang: str, title: str) -> None:
        m = roles.ordered(m, lang)
        self.m = m
        self.marks = roles.role_marks(m, lang)
        self.lang = lang
        self.title = title
        self.canvas = Canvas()
        whole = views.grid(m, lang, max_steps=max(1, len(m.steps)))
        self.columns = [c for chunk in whole.chunks for c in chunk.columns]
        self.bands = [b for chunk in whole.chunks for b in chunk.bands]
        self.lanes = grid_lanes(m, lang)
        self.has_emotions = any(step.emotions for step in m.steps)
        self.gutter_right = style.MARGIN + GUTTER_MIN

    # --------------------------------------------------------------- geometry
    def _gutter_width(self) -> float:
        titles = [(lane.title, style.BODY_SIZE, True) for lane in self.lanes]
        return layout.content_width(titles, minimum=GUTTER_MIN, maximum=GUTTER_MAX, max_lines=2)

    def _column_width(self, data: views.StepColumn, step: Step) -> float:
        body, small = style.BODY_SIZE, style.SMALL_SIZE
        texts: list[tuple[str, float, bool]] = [(f"{data.number}. {data.name}", body, True)]
        texts += [(a, body, False) for a in data.actions]
        texts.append((step.customer_goal, body, False))
        texts += [(t.text, body, False) for t in data.touchpoints]
        texts += [(i.text, body, i.kind == "sev3") for i in data.irritants]
        texts += [(e, body, False) for e in data.enchantments]
        texts += [(d.text, small, False) for d in data.data]
        texts += [(s.text, body, False) for s in data.stakeholders]
        texts += [(mt.name, small, True) for mt in data.metrics]
        texts += [(value, body, False) for value in data.custom.values()]
        texts += [(e.word, small, False) for e in data.emotions]
        return layout.content_width(
            texts, minimum=COLUMN_MIN, maximum=COLUMN_MAX, max_lines=5, padding=CELL_PAD + 6
        )

    def render(self) -> str:
        c = self.canvas
        m = self.m
        left = style.MARGIN + self._gutter_width()
        self.gutter_right = left
        widths = [self._column_width(d, s) for d, s in zip(self.columns, m.steps, strict=True)]
        page = layout.column_page(m.steps, widths, left=left)
        layout_columns, right, width, inner = page.columns, page.right, page.width, page.inner
        cells = [
            _Cell(step, data, column)
            for step, data, column in zip(m.steps, self.columns, layout_columns, strict=True)
        ]

        y = layout.draw_title(c, self.title, left=style.MARGIN, top=style.MARGIN, width=inner)
        if not cells:
            return layout.no_steps_svg(c, self.title, self.lang, top=y, width=max(width, 480))
        y = self._legend(style.MARGIN, y, inner) + 10
        y = self._corner(y, self._phase_bands(cells, y), "lane_phase") + 4
        headers_top = y
        y = self._corner(y, self._step_headers(cells, y), "lane_step") + 6
        y = roles.draw_role_row(c, layout_columns, self.marks, self.lang, top=y)
        for index, lane in enumerate(self.lanes):
            y = self._lane(lane, index, cells, y, right)
        c.line(style.MARGIN, y, right, y, stroke=style.RULE)
        roles.draw_role_frames(c, layout_columns, self.marks, top=headers_top, bottom=y)
        return c.to_svg(width, y + style.MARGIN, title=self.title)

    # ----------------------------------------------------------------- legend
    def _legend(self, left: float, top: float, width: float) -> float:
        """Legend entries flowing left to right; returns the y below them."""
        size = style.SMALL_SIZE
        entries: list[tuple[float, Callable[[float, float], None], str]] = []
        for index, persona in enumerate(self.m.personas):
            colour, shape = style.persona_colour(index), style.marker_shape(index)

            def persona_mark(
                x: float, mid: float, colour: str = colour, shape: str = shape
            ) -> None:
                self.canvas.line(x, mid, x + 20, mid, stroke=colour, stroke_width=2)
                icons.marker(self.canvas, shape, x + 10, mid, MARKER_RADIUS, fill=colour)

            entries.append((24.0, persona_mark, persona.name))
        if self.has_emotions:
            for score in range(EMOTION_MIN, EMOTION_MAX + 1):
                signed = _signed(score)

                def score_mark(
                    x: float, mid: float, score: int = score, signed: str = signed
                ) -> None:
                    pill(
                        self.canvas,
                        x,
                        mid - 8,
                        signed,
                        fill=SCORE_COLOURS[score],
                        ink="#ffffff",
                        size=size - 1,
                    )

                caption = report_text(f"emotion_{score}", self.lang)
                entries.append((pill_width(signed, size - 1) + 2, score_mark, caption))
        if any(s.moment_of_truth for s in self.m.steps):
            entries.append(
                (
                    16.0,
                    lambda x, mid: icons.star(self.canvas, x + 8, mid, 7, fill=style.MOMENT),
                    text("moment_of_truth", self.lang),
                )
            )
        if any(s.breaking_point for s in self.m.steps):
            entries.append(
                (
                    16.0,
                    lambda x, mid: icons.lightning(self.canvas, x + 8, mid, 8, fill=style.BREAK),
                    text("breaking_point", self.lang),
                )
            )
        for caption, role_mark in roles.legend_entries(self.canvas, self.marks, self.lang):
            entries.append((18.0, role_mark, caption))
        used = {d.kind for column in self.columns for d in column.data}
        for key in views.DATA_COLUMNS:
            if key not in used:
                continue
            background, _, accent = CATEGORY_COLOURS[key]
            shown = category_title(key, self.lang)

            def data_mark(
                x: float, mid: float, background: str = background, accent: str = accent
            ) -> None:
                self.canvas.rect(x, mid - 7, 16, 14, fill=background, stroke=accent, radius=4)

            entries.append((16.0, data_mark, shown))
        row_height = lines_height(1, size) + 8
        x, y = left, top
        for mark_width, mark, caption in entries:
            label_lines = wrap_text(caption, width - mark_width - 8, size)
            shown_label = label_lines[0] if label_lines else ""
            entry_width = mark_width + 6 + text_width(shown_label, size) + 20
            if x > left and x + entry_width > left + width:
                x, y = left, y + row_height
            mid = y + row_height / 2
            mark(x, mid)
            self.canvas.text(
                x + mark_width + 6, mid + 0.35 * size, shown_label, size=size, fill=style.MUTED
            )
            x += entry_width
        return y + row_height

    # ---------------------------------------------------------------- headers
    def _corner(self, top: float, bottom: float, key: str) -> float:
        """The gutter label of a header row (``Phase``, ``Step``); returns ``bottom``."""
        room = self.gutter_right - style.MARGIN - 2 * CELL_PAD
        lines = wrap_text(report_text(key, self.lang), room, style.SMALL_SIZE, True)
        block = lines_height(len(lines), style.SMALL_SIZE)
        self.canvas.text_lines(
            style.MARGIN + CELL_PAD + 2,
            top + (bottom - top - block) / 2,
            lines,
            size=style.SMALL_SIZE,
            bold=True,
            fill=style.MUTED,
        )
        return bottom

    def _phase_bands(self, cells: list[_Cell], top: float) -> float:
        """Phase bands spanning exactly their steps; returns the y below them."""
        runs: list[tuple[views.PhaseBand, list[_Cell]]] = []
        position = 0
        for band in self.bands:
            runs.append((band, cells[position : position + band.span]))
            position += band.span
        texts = [(self._band_lines(band, run), band) for band, run in runs]
        height = max(
            lines_height(len(name), style.HEADING_SIZE)
            + (lines_height(len(kind), style.SMALL_SIZE) if kind else 0)
            for (name, kind), _ in texts
        )
        height += 2 * style.PADDING + 4
        c = self.canvas
        for (band, run), ((name_lines, kind_lines), _) in zip(runs, texts, strict=True):
            x, band_width = run[0].column.x, run[-1].column.right - run[0].column.x
            open_group(
                c, "phase-band", phase=band.name, steps=" ".join(cell.step.id for cell in run)
            )
            c.rect(x + 1, top, band_width - 2, height, fill=band.background, radius=4)
            c.rect(x + 1, top, band_width - 2, 4, fill=band.ink)
            block = lines_height(len(name_lines), style.HEADING_SIZE) + lines_height(
                len(kind_lines), style.SMALL_SIZE
            )
            text_top = top + 4 + (height - 4 - block) / 2
            used = c.text_lines(
                x + band_width / 2,
                text_top,
                name_lines,
                size=style.HEADING_SIZE,
                bold=True,
                fill=band.ink,
                anchor="middle",
            )
            c.text_lines(
                x + band_width / 2,
                text_top + used,
                kind_lines,
                size=style.SMALL_SIZE,
                fill=band.ink,
                anchor="middle",
                italic=True,
            )
            c.group_end()
        return top + height

    def _band_lines(self, band: views.PhaseBand, run: list[_Cell]) -> tuple[list[str], list[str]]:
        room = run[-1].column.right - run[0].column.x - 2 * style.PADDING - 4
        name = band.name
        if band.continued:
            name = f"{name} ({report_text('continued', self.lang)})"
        name_lines = wrap_text(name, room, style.HEADING_SIZE, True)
        kind = band.kind if _differs(band.kind, band.name) else ""
        kind_lines = wrap_text(kind, room, style.SMALL_SIZE) if kind else []
        return name_lines, kind_lines

    def _step_headers(self, cells: list[_Cell], top: float) -> float:
        """Numbered step names in cards, with moment icons; returns the y below them."""
        columns = [cell.column for cell in cells]
        height = layout.step_header_height(columns, markers=True)
        c = self.canvas
        for cell in cells:
            column = cell.column
            open_group(c, "step-header", step=cell.step.id, number=str(cell.data.number))
            layout.draw_step_headers(c, [column], top=top, height=height, markers=True)
            c.group_end()
        return top + height

    # ------------------------------------------------------------------ lanes
    def _lane(
        self, lane: views.Lane, index: int, cells: list[_Cell], top: float, right: float
    ) -> float:
        """One lane: title in the gutter, a cell per step; returns the y below it."""
        c = self.canvas
        gutter_right = cells[0].column.x
        title_room = gutter_right - style.MARGIN - 2 * CELL_PAD
        title_lines = wrap_text(lane.title, title_room, style.BODY_SIZE, True)
        description_lines = (
            wrap_text(lane.description, title_room, style.SMALL_SIZE - 0.5)
            if lane.description
            else []
        )
        title_height = (
            lines_height(len(title_lines), style.BODY_SIZE)
            + lines_height(len(description_lines), style.SMALL_SIZE - 0.5)
            + 2
        )
        contents = [self._cell_blocks(lane, cell) for cell in cells]
        chart = self._chart_height() if lane.key == "emotions" and self.has_emotions else 0.0
        content_height = max(
            [stack_height(blocks) for blocks in contents] + [lines_height(1, style.BODY_SIZE)]
        )
        height = max(title_height, chart + content_height) + 2 * CELL_PAD + 2

        open_group(c, "lane", lane=lane.key if lane.key != "custom" else f"custom:{lane.custom_id}")
        c.rect(
            style.MARGIN,
            top,
            right - style.MARGIN,
            height,
            fill="#ffffff" if index % 2 else "#fafbfc",
        )
        c.rect(style.MARGIN, top, gutter_right - style.MARGIN - 4, height, fill=style.PANEL)
        c.rect(style.MARGIN, top, 3, height, fill=_lane_accent(lane.key))
        c.line(style.MARGIN, top, right, top, stroke=style.RULE)
        used = c.text_lines(
            style.MARGIN + CELL_PAD + 2,
            top + CELL_PAD,
            title_lines,
            size=style.BODY_SIZE,
            bold=True,
            fill=style.INK,
        )
        c.text_lines(
            style.MARGIN + CELL_PAD + 2,
            top + CELL_PAD + used + 2,
            description_lines,
            size=style.SMALL_SIZE - 0.5,
            fill=style.MUTED,
            italic=True,
        )
        layout.draw_vertical_rules(c, [cell.column for cell in cells], top=top, bottom=top + height)
        if chart:
            self._emotion_chart(cells, top + CELL_PAD)
        for cell, blocks in zip(cells, contents, strict=True):
            y = top + CELL_PAD + 1 + chart
            if blocks:
                draw_stack(c, blocks, cell.inner_x, y)
            else:
                c.text(
                    cell.inner_x,
                    y + 0.93 * style.BODY_SIZE,
                    "—",
                    size=style.BODY_SIZE,
                    fill=style.FAINT,
                )
        c.group_end()
        return top + height

    def _cell_blocks(self, lane: views.Lane, cell: _Cell) -> list[Block]:
        data, w = cell.data, cell.inner_width
        key = lane.key
        if key == "actions":
            return [text_block(a, w, bullet=True) for a in data.actions if a.strip()]
        if key == GOAL_LANE:
            goal = cell.step.customer_goal.strip()
            return [text_block(goal, w, italic=True, fill=style.INK)] if goal else []
        if key == "touchpoints":
            return self._touchpoints(cell)
        if key == "emotions":
            return [self._emotion_chip(e, w) for e in data.emotions]
        if key == "irritants":
            return [
                card_block(
                    i.text,
                    w,
                    ink=style.IRRITANT,
                    background=style.IRRITANT_BG,
                    strong=i.kind == "sev3",
                    tag=i.tag,
                    edge=SEVERITY_EDGES.get(i.kind),
                )
                for i in data.irritants
                if i.text.strip()
            ]
        if key == "enchantments":
            return [
                card_block(e, w, ink=style.ENCHANTMENT, background=style.ENCHANTMENT_BG)
                for e in data.enchantments
                if e.strip()
            ]
        if key == "moments":
            return self._moments(cell)
        if key == "data":
            return [
                chip_block(
                    d.text,
                    w,
                    background=CATEGORY_COLOURS[d.kind][0],
                    ink=CATEGORY_COLOURS[d.kind][1],
                    accent=CATEGORY_COLOURS[d.kind][2],
                )
                for d in data.data
            ]
        if key == "stakeholders":
            return [self._stakeholder(s, w) for s in data.stakeholders]
        if key == "metrics":
            return [self._metric(mt, w) for mt in data.metrics]
        value = data.custom.get(lane.custom_id, "").strip()
        return [text_block(value, w)] if value else []

    def _touchpoints(self, cell: _Cell) -> list[Block]:
        blocks = []
        for touchpoint, item in zip(cell.step.touchpoints, cell.data.touchpoints, strict=True):
            after: list[tuple[str, float, bool, str]] = []
            if item.text != item.tag:
                after.append((item.text, style.BODY_SIZE, False, style.INK))
            if item.detail:
                after.append((item.detail, style.SMALL_SIZE - 0.5, False, style.MUTED))
            blocks.append(
                badge_block(
                    item.tag,
                    cell.inner_width,
                    fill=CHANNEL_COLOURS[touchpoint.channel],
                    ink="#ffffff",
                    lines_after=after,
                )
            )
        return blocks

    def _emotion_chip(self, chip: views.EmotionChip, width: float) -> Block:
        size = style.SMALL_SIZE
        signed = chip.signed
        shift = 14 + pill_width(signed, size - 1) + 5
        lines = wrap_text(chip.word, width - shift, size, True) if chip.word else []
        height = max(size + 6, lines_height(len(lines), size))
        shape = style.marker_shape(style.PERSONA_COLOURS.index(chip.colour))

        def draw(canvas: Canvas, x: float, y: float) -> None:
            icons.marker(canvas, shape, x + 5, y + (size + 6) / 2, MARKER_RADIUS, fill=chip.colour)
            pill(
                canvas,
                x + 14,
                y,
                signed,
                fill=SCORE_COLOURS[chip.score],
                ink="#ffffff",
                size=size - 1,
            )
            canvas.text_lines(
                x + shift, y + 1.5, lines, size=size, bold=True, fill=style.darken(chip.colour)
            )

        return Block(height, draw)

    def _moments(self, cell: _Cell) -> list[Block]:
        wanted = []
        if cell.data.moment_of_truth:
            wanted.append(("star", text("moment_of_truth", self.lang), "#8a6100"))
        if cell.data.breaking_point:
            wanted.append(("bolt", text("breaking_point", self.lang), style.BREAK))
        blocks = []
        for kind, caption, ink in wanted:
            lines = wrap_text(caption, cell.inner_width - 22, style.BODY_SIZE, True)

            def draw(
                canvas: Canvas,
                x: float,
                y: float,
                kind: str = kind,
                lines: list[str] = lines,
                ink: str = ink,
            ) -> None:
                mid = y + 0.5 * style.BODY_SIZE + 1
                if kind == "star":
                    icons.star(canvas, x + 8, mid, 8, fill=style.MOMENT)
                else:
                    icons.lightning(canvas, x + 8, mid, 9, fill=style.BREAK)
                canvas.text_lines(x + 22, y, lines, size=style.BODY_SIZE, bold=True, fill=ink)

            blocks.append(Block(max(18.0, lines_height(len(lines), style.BODY_SIZE)), draw))
        return blocks

    def _stakeholder(self, item: views.Item, width: float) -> Block:
        office = _office_key(item.tag, self.lang)
        fill, ink = OFFICE_COLOURS.get(office, ("#e4ebf2", "#334e68"))
        if not item.tag:
            return text_block(item.text + (f" — {item.detail}" if item.detail else ""), width)
        return badge_block(
            item.tag,
            width,
            fill=fill,
            ink=ink,
            lines_after=[
                (item.text, style.BODY_SIZE, False, style.INK),
                (item.detail, style.SMALL_SIZE - 0.5, False, style.MUTED),
            ],
        )

    def _metric(self, line: views.MetricLine, width: float) -> Block:
        size = style.SMALL_SIZE
        paragraphs: list[tuple[list[str], float, bool, str]] = [
            (wrap_text(line.name, width, size, True), size, True, style.INK)
        ]
        figures = []
        if line.target:
            figures.append(f"{report_text('target', self.lang)} {line.target}")
        if line.alert:
            figures.append(f"{report_text('alert', self.lang)} {line.alert}")
        if figures:
            paragraphs.append(
                (wrap_text(" · ".join(figures), width, size), size, False, style.MUTED)
            )
        if line.measured:
            measured = f"{report_text('measured', self.lang)} {line.measured} {line.measured_on}"
            if line.in_alert:
                measured += f" — {report_text('in_alert', self.lang)}"
            colour = style.IRRITANT if line.in_alert else style.ENCHANTMENT
            paragraphs.append((wrap_text(measured, width - 8, size, True), size, True, colour))
        height = sum(lines_height(len(p[0]), p[1]) for p in paragraphs) + 2 * (len(paragraphs) - 1)

        def draw(canvas: Canvas, x: float, y: float) -> None:
            top = y
            for lines, psize, bold, colour in paragraphs:
                if colour in (style.IRRITANT, style.ENCHANTMENT):
                    block = lines_height(len(lines), psize)
                    canvas.rect(x - 4, top - 1, 3, block + 1, fill=colour)
                top += canvas.text_lines(x, top, lines, size=psize, bold=bold, fill=colour) + 2

        return Block(height, draw)

    # ---------------------------------------------------------- emotion chart
    def _chart_height(self) -> float:
        return 2 * CHART_PAD + (EMOTION_MAX - EMOTION_MIN) * LEVEL_SPACING + 6

    def _emotion_chart(self, cells: list[_Cell], top: float) -> None:
        """A compact curve per persona across the lane, above the score chips."""
        c = self.canvas
        left, right = cells[0].column.x + 4, cells[-1].column.right - 4
        chart_top = top
        zero = chart_top + CHART_PAD + EMOTION_MAX * LEVEL_SPACING
        bottom = chart_top + 2 * CHART_PAD + (EMOTION_MAX - EMOTION_MIN) * LEVEL_SPACING
        c.rect(
            left, chart_top, right - left, zero - chart_top, fill=style.POSITIVE_ZONE, opacity=0.7
        )
        c.rect(left, zero, right - left, bottom - zero, fill=style.NEGATIVE_ZONE, opacity=0.7)
        c.line(left, zero, right, zero, stroke=style.FAINT, stroke_width=1, dash="3 3")
        for level in (EMOTION_MAX, 0, EMOTION_MIN):
            c.text(
                left + 3,
                zero - level * LEVEL_SPACING + 3,
                _signed(level),
                size=style.SMALL_SIZE - 2,
                fill=style.FAINT,
            )
        count = len(self.m.personas)
        for index, persona in enumerate(self.m.personas):
            colour, shape = style.persona_colour(index), style.marker_shape(index)
            shift = (index - (count - 1) / 2) * PERSONA_SHIFT
            points: list[tuple[float, float, int]] = []
            for cell in cells:
                emotion = cell.step.emotion_for(persona.id)
                if emotion is not None:
                    y = zero - emotion.score * LEVEL_SPACING
                    points.append((cell.column.center + shift, y, cell.column.index))
            columns = [cell.column for cell in cells]
            runs, branches = roles.path_curves(points, columns, self.marks)
            for run in runs:
                if len(run) > 1:
                    d = "M" + " L".join(f"{number(x)},{number(y)}" for x, y, _ in run)
                    c.path(d, stroke=colour, stroke_width=2.2, css_class="curve")
            for branch in branches:
                d = "M" + " L".join(f"{number(x)},{number(y)}" for x, y in branch)
                c.path(d, stroke=colour, stroke_width=1.4, dash="2 3", css_class="branch-curve")
            for x, y, column_index in points:
                icons.marker(
                    c,
                    shape,
                    x,
                    y,
                    MARKER_RADIUS,
                    fill=colour,
                    data={"step": cells[column_index].step.id, "series": persona.id},
                )


# ------------------------------------------------------------------------ helpers
def _differs(kind: str, name: str) -> bool:
    """Whether a phase kind says more than the phase name (apostrophes and case aside).

    >>> _differs("Recherche d'information", "Recherche d’information"), _differs("", "A")
    (False, False)
    """

    def norm(value: str) -> str:
        return value.replace("\u2019", "'").casefold().strip()

    return bool(kind.strip()) and norm(kind) != norm(name)


def _signed(score: int) -> str:
    """A score with its sign.

    >>> _signed(2), _signed(0), _signed(-1)
    ('+2', '0', '−1')
    """
    if score > 0:
        return f"+{score}"
    return "0" if score == 0 else f"\u2212{-score}"


def category_title(key: str, lang: str) -> str:
    """The title of a data category column (``unclassified`` included).

    >>> category_title("personal", "fr"), category_title("unclassified", "en")
    ('Personnelle', 'Unclassified')
    """
    return report_text("unclassified", lang) if key == "unclassified" else label(key, lang)


def _office_key(tag: str, lang: str) -> str:
    """The office (``front``/``back``) whose label is ``tag``, or ``""``."""
    for key in OFFICE_COLOURS:
        if tag and label(key, lang) == tag:
            return key
    return ""


_LANE_ACCENTS = {
    "irritants": style.IRRITANT,
    "enchantments": style.ENCHANTMENT,
    "moments": style.MOMENT,
    "emotions": "#0072B2",
}


def _lane_accent(key: str) -> str:
    return _LANE_ACCENTS.get(key, "#829ab1")
