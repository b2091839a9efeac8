"""The experience map: one emotion curve per persona across the steps of the journey.

Steps run left to right under their phases; the -2..+2 emotion scale runs bottom to
top around a zero line. Under the curves, each step lists its irritants (red) and
enchantments (green).

A measured satisfaction (``satisfaction_mean`` in the latest metrics snapshot) is drawn
as a dashed curve beside the estimate. Satisfaction is read on a 1..5 scale and mapped
linearly to the emotion scale: ``score = satisfaction - 3`` (1 → -2, 3 → 0, 5 → +2);
values outside 1..5 are clamped. Values without segment give the "measured" curve of
all customers; values whose segment is a persona's ``segment`` give that persona's
measured curve, in its colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from parcours.model import EMOTION_MAX, EMOTION_MIN, JourneyMap, Measure, Persona, Step
from parcours.render.svg import icons, layout, style
from parcours.render.svg.canvas import Canvas, lines_height
from parcours.render.svg.fontmetrics import clamp_lines, text_width, wrap_text
from parcours.render.svg.labels import text
from parcours.render.svg.roles import (
    draw_role_frames,
    draw_role_row,
    legend_entries,
    path_curves,
    role_marks,
)
from parcours.render.svg.roles import ordered as in_display_order

LEVEL_SPACING = 46.0
"""Vertical distance between two emotion levels, px."""
CHART_PADDING = 26.0
"""Space above +2 and below -2 inside the chart, px."""
POINT_RADIUS = 5.5
CARD_GAP = 6.0
PERSONA_SHIFT = 7.0
"""Horizontal shift between personas' points of one step, so equal scores stay visible."""


def satisfaction_to_score(value: float) -> float:
    """Map a 1..5 satisfaction to the -2..+2 emotion scale (clamped).

    >>> satisfaction_to_score(1), satisfaction_to_score(4.5), satisfaction_to_score(9)
    (-2.0, 1.5, 2.0)
    """
    return float(min(EMOTION_MAX, max(EMOTION_MIN, value - 3.0)))


@dataclass(frozen=True)
class Series:
    """One curve: a score (or None) per step, a colour, a marker shape."""

    name: str
    colour: str
    shape: str
    scores: list[float | None]
    words: list[str]
    measured: bool = False
    persona_id: str = ""


def experience_svg(m: JourneyMap, lang: str, *, personas: list[str] | None = None) -> str:
    """The experience map of ``m`` as a standalone SVG document.

    ``personas`` restricts the curves to these persona ids (all personas by default).

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "Demo"}, personas=[{"id": "p", "name": "Léa"}],
    ...     steps=[{"id": "s", "name": "Start", "emotions": [{"persona": "p", "score": 1}]}])
    >>> svg = experience_svg(m, "en")
    >>> svg.startswith("<svg") and "Léa" in svg
    True
    """
    return experience_svg_parts(m, lang, personas=personas)[0]


def experience_svg_parts(
    m: JourneyMap, lang: str, *, personas: list[str] | None = None, max_steps: int | None = None
) -> list[str]:
    """The experience map of ``m`` as standalone SVG documents of at most ``max_steps``
    steps each (whole phases kept together when they fit; ``None``: one document).

    Step numbers go on from part to part; a long journey printed as one drawing would
    shrink its text out of sight.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "Demo"}, personas=[{"id": "p", "name": "Léa"}],
    ...     steps=[{"id": f"s{i}", "name": f"Step{i}",
    ...             "emotions": [{"persona": "p", "score": 1}]} for i in range(5)])
    >>> parts = experience_svg_parts(m, "en", max_steps=3)
    >>> len(parts), "4. Step3" in parts[1], "Step3" in parts[0]
    (2, True, False)
    """
    m = in_display_order(m, lang)
    chosen = _chosen_personas(m, personas, lang)
    title = text("titled", lang, view=text("experience_title", lang), journey=m.journey.title)
    series = _estimated_series(m, chosen) + _measured_series(m, chosen, lang)
    drawing = _ExperienceDrawing(m, lang, series, title)
    return [drawing.render(window) for window in layout.step_windows(m, max_steps)]


def _chosen_personas(m: JourneyMap, wanted: list[str] | None, lang: str) -> list[Persona]:
    if wanted is None:
        return list(m.personas)
    known = {p.id: p for p in m.personas}
    for persona_id in wanted:
        if persona_id not in known:
            raise ValueError(
                text(
                    "unknown_persona",
                    lang,
                    persona=persona_id,
                    known=", ".join(sorted(known)) or "-",
                )
            )
    return [known[persona_id] for persona_id in dict.fromkeys(wanted)]


def _estimated_series(m: JourneyMap, personas: Sequence[Persona]) -> list[Series]:
    result = []
    for persona in personas:
        index = m.personas.index(persona)
        emotions = [step.emotion_for(persona.id) for step in m.steps]
        result.append(
            Series(
                name=persona.name,
                colour=style.persona_colour(index),
                shape=style.marker_shape(index),
                scores=[float(e.score) if e else None for e in emotions],
                words=[e.word if e else "" for e in emotions],
                persona_id=persona.id,
            )
        )
    return result


def _measured_series(m: JourneyMap, personas: Sequence[Persona], lang: str) -> list[Series]:
    snapshot = m.latest_measurement()
    if snapshot is None:
        return []
    # survey answers give the emotion itself (CSAT, NPS and CES combined); small samples
    # are indications, not facts: they are left off the curve
    emotions = {
        value.step: value.value
        for value in snapshot.values
        if value.measure is Measure.MEASURED_EMOTION
        and value.step
        and value.value is not None
        and value.overall
        and not value.small_sample
    }
    by_segment: dict[str | None, dict[str, float]] = {}
    for value in snapshot.values:
        if (
            value.measure is Measure.SATISFACTION_MEAN
            and value.step
            and value.value is not None
            and value.channel is None
            and value.touchpoint is None
            and value.persona is None
            and not value.small_sample
        ):
            by_segment.setdefault(value.segment, {})[value.step] = value.value
    if emotions:  # on the 1..5 scale _measured converts back (emotion + 3)
        by_segment[None] = {step: score + 3.0 for step, score in emotions.items()}
    result = []
    overall = by_segment.get(None)
    if overall:
        result.append(_measured(m, text("measured", lang), style.MEASURED, overall))
    for persona in personas:
        values = by_segment.get(persona.segment) if persona.segment else None
        if values:
            index = m.personas.index(persona)
            name = text("measured_persona", lang, name=persona.name)
            result.append(_measured(m, name, style.persona_colour(index), values))
    return result


def _measured(m: JourneyMap, name: str, colour: str, values: dict[str, float]) -> Series:
    scores = [satisfaction_to_score(values[s.id]) if s.id in values else None for s in m.steps]
    return Series(name, colour, "circle", scores, [""] * len(m.steps), measured=True)


class _ExperienceDrawing:
    """Computes the layout top to bottom, then draws."""

    def __init__(self, m: JourneyMap, lang: str, series: list[Series], title: str) -> None:
        self.m = m
        self.marks = role_marks(m, lang)
        self.lang = lang
        self.all_series = series
        self.series = series
        self.title = title
        self.canvas = Canvas()
        self.estimated = [s for s in series if not s.measured]
        self._widths: list[float] | None = None

    # --------------------------------------------------------------- geometry
    def _gutter_width(self) -> float:
        words = [text(k, self.lang) for k in ("positive", "negative", "irritants", "enchantments")]
        widest = max(text_width(w, style.BODY_SIZE, True) for w in words)
        return max(120.0, widest + 44)

    def _column_width(self, step: Step) -> float:
        texts: list[tuple[str, float, bool]] = [(step.name, style.BODY_SIZE, True)]
        texts += [(i.text, style.BODY_SIZE, False) for i in step.irritants]
        texts += [(e.text, style.BODY_SIZE, False) for e in step.enchantments]
        width = layout.content_width(texts, minimum=150, maximum=230, max_lines=4)
        word_room = max(
            (
                text_width(e.word, style.SMALL_SIZE, True)
                for e in step.emotions
                if e.word and any(s.persona_id == e.persona for s in self.estimated)
            ),
            default=0.0,
        )
        # the emotion word sits right of the points: half a column must hold it
        return max(width, 2 * (word_room + self._shift_span() + 22))

    def _shift_span(self) -> float:
        return (len(self.estimated) - 1) * PERSONA_SHIFT / 2 + POINT_RADIUS

    def _all_widths(self) -> list[float]:
        """The width of every step's column, measured once for all the parts."""
        if self._widths is None:
            self._widths = [self._column_width(s) for s in self.m.steps]
        return self._widths

    def render(self, window: range | None = None) -> str:
        """The drawing of the steps in ``window`` (every step by default)."""
        m = self.m
        start, stop = (window.start, window.stop) if window is not None else (0, len(m.steps))
        widths = self._all_widths()[start:stop]
        self.canvas = c = Canvas()
        self.series = [
            replace(s, scores=s.scores[start:stop], words=s.words[start:stop])
            for s in self.all_series
        ]
        self.estimated = [s for s in self.series if not s.measured]
        left = style.MARGIN + self._gutter_width()
        page = layout.column_page(m.steps[start:stop], widths, left=left, offset=start)
        columns, content_right, width, inner = page.columns, page.right, page.width, page.inner

        y = layout.draw_title(c, self.title, left=style.MARGIN, top=style.MARGIN, width=inner)
        if not m.steps:
            return layout.no_steps_svg(c, self.title, self.lang, top=y, width=width)
        y = self._legend(style.MARGIN, y, inner) + 8
        y = layout.draw_column_headers(c, m, columns, self.lang, top=y)
        roles_top = y - 2
        y = draw_role_row(c, columns, self.marks, self.lang, top=y)

        chart_top = y
        chart_bottom = chart_top + 2 * CHART_PADDING + (EMOTION_MAX - EMOTION_MIN) * LEVEL_SPACING
        self._chart_background(left, content_right, chart_top, chart_bottom)
        layout.draw_vertical_rules(c, columns, top=chart_top, bottom=chart_bottom)
        if not self.estimated and not self.series:
            c.text(
                left + 12,
                chart_top + 16,
                text("no_personas", self.lang),
                size=style.BODY_SIZE,
                fill=style.MUTED,
            )
        self._curves(columns, chart_top)
        y = chart_bottom + 12

        y = self._cards_row(columns, y, "irritants", style.IRRITANT, style.IRRITANT_BG)
        y = self._cards_row(columns, y + 6, "enchantments", style.ENCHANTMENT, style.ENCHANTMENT_BG)
        draw_role_frames(c, columns, self.marks, top=roles_top, bottom=y)
        height = y + style.MARGIN
        return c.to_svg(width, height, title=self.title)

    # ----------------------------------------------------------------- legend
    def _legend(self, left: float, top: float, width: float) -> float:
        """Legend entries flowing left to right; returns the y below the legend."""
        entries: list[tuple[str, str, Series | None]] = [(s.name, "series", s) for s in self.series]
        if any(s.moment_of_truth for s in self.m.steps):
            entries.append((text("moment_of_truth", self.lang), "star", None))
        if any(s.breaking_point for s in self.m.steps):
            entries.append((text("breaking_point", self.lang), "bolt", None))
        roles = dict(legend_entries(self.canvas, self.marks, self.lang))
        entries += [(label, "role", None) for label in roles]
        size = style.BODY_SIZE
        row_height = lines_height(1, size) + 6
        x, y = left, top
        for label, kind, series in entries:
            label_width = min(text_width(label, size), width - 40)
            shown = clamp_lines(wrap_text(label, width - 40, size), 1, width - 40, size)[0]
            entry_width = 34 + label_width + 22
            if x > left and x + entry_width > left + width:
                x, y = left, y + row_height
            mid = y + row_height / 2 - 2
            if series is not None:
                dash = "5 4" if series.measured else None
                self.canvas.line(
                    x, mid, x + 26, mid, stroke=series.colour, stroke_width=2.5, dash=dash
                )
                fill = "#ffffff" if series.measured else series.colour
                icons.marker(
                    self.canvas,
                    series.shape,
                    x + 13,
                    mid,
                    POINT_RADIUS,
                    fill=fill,
                    stroke=series.colour if series.measured else "#ffffff",
                )
            elif kind == "role":
                roles[label](x + 4, mid)
            elif kind == "star":
                icons.star(self.canvas, x + 13, mid, 8, fill=style.MOMENT)
            else:
                icons.lightning(self.canvas, x + 13, mid, 9, fill=style.BREAK)
            self.canvas.text(x + 34, mid + 0.35 * size, shown, size=size, fill=style.INK)
            x += entry_width
        return y + row_height

    # ------------------------------------------------------------------ chart
    def _score_y(self, chart_top: float, score: float) -> float:
        return chart_top + CHART_PADDING + (EMOTION_MAX - score) * LEVEL_SPACING

    def _chart_background(self, left: float, right: float, top: float, bottom: float) -> None:
        c = self.canvas
        zero = self._score_y(top, 0)
        c.rect(left, top, right - left, zero - top, fill=style.POSITIVE_ZONE)
        c.rect(left, zero, right - left, bottom - zero, fill=style.NEGATIVE_ZONE)
        for level in range(EMOTION_MIN, EMOTION_MAX + 1):
            y = self._score_y(top, level)
            if level == 0:
                c.line(left, y, right, y, stroke=style.MUTED, stroke_width=1.4)
            else:
                c.line(left, y, right, y, stroke="#ffffff", stroke_width=1.2, dash="4 4")
            label = f"+{level}" if level > 0 else ("0" if level == 0 else f"−{-level}")
            c.text(left - 8, y + 4, label, size=style.SMALL_SIZE, fill=style.MUTED, anchor="end")
        gutter_left = style.MARGIN
        c.text(
            gutter_left,
            self._score_y(top, 1.5) + 4,
            text("positive", self.lang),
            size=style.BODY_SIZE,
            bold=True,
            fill=style.ENCHANTMENT,
        )
        c.text(
            gutter_left,
            self._score_y(top, -1.5) + 4,
            text("negative", self.lang),
            size=style.BODY_SIZE,
            bold=True,
            fill=style.IRRITANT,
        )

    def _curves(self, columns: Sequence[layout.Column], chart_top: float) -> None:
        c = self.canvas
        count = len(self.estimated)
        offsets = {
            id(s): (i - (count - 1) / 2) * PERSONA_SHIFT for i, s in enumerate(self.estimated)
        }
        low = self._score_y(chart_top, EMOTION_MAX) - CHART_PADDING / 2
        high = self._score_y(chart_top, EMOTION_MIN) + CHART_PADDING / 2
        # measured curves first (under), then estimates
        ordered = [s for s in self.series if s.measured] + self.estimated
        placed: dict[int, list[tuple[float, float, Series]]] = {}
        for series in ordered:
            shift = offsets.get(id(series), 0.0)
            points = [
                (col.center + shift, self._score_y(chart_top, score), col.index)
                for col, score in zip(columns, series.scores, strict=True)
                if score is not None
            ]
            self._series_curves(columns, series, points, low, high)
            for x, y, index in points:
                step = columns[index].step
                if step.breaking_point and not series.measured:
                    c.circle(
                        x, y, POINT_RADIUS + 5, fill="none", stroke=style.BREAK, stroke_width=2
                    )
                icons.marker(
                    c,
                    series.shape,
                    x,
                    y,
                    POINT_RADIUS - (1 if series.measured else 0),
                    fill="#ffffff" if series.measured else series.colour,
                    stroke=series.colour if series.measured else "#ffffff",
                    data={
                        "step": step.id,
                        "series": series.persona_id or "measured",
                        "kind": "measured" if series.measured else "estimated",
                    },
                )
                placed.setdefault(index, []).append((x, y, series))
        for index, points_here in placed.items():
            self._words(columns[index], points_here, chart_top)

    def _series_curves(
        self,
        columns: Sequence[layout.Column],
        series: Series,
        points: list[tuple[float, float, int]],
        low: float,
        high: float,
    ) -> None:
        """The curve runs through the main path; each detour, alternative and outcome
        hangs off it by a thin dashed branch from the main-path point before it (and, for a
        detour or an alternative, back to the one after it)."""
        c = self.canvas
        runs, branches = path_curves(points, columns, self.marks)
        for run in runs:
            d = _smooth_path([(x, y) for x, y, _ in run], low, high)
            c.path(
                d,
                stroke=series.colour,
                stroke_width=2 if series.measured else 2.8,
                dash="6 5" if series.measured else None,
                css_class="measured-curve" if series.measured else "curve",
            )
        for branch in branches:
            c.path(
                _smooth_path(branch, low, high),
                stroke=series.colour,
                stroke_width=1.6,
                dash="2 4",
                css_class="branch-curve",
            )

    def _words(
        self,
        column: layout.Column,
        points: list[tuple[float, float, Series]],
        chart_top: float,
    ) -> None:
        """Emotion words right of the points, stacked so that they never overlap."""
        size = style.SMALL_SIZE
        x = column.center + self._shift_span() + 8
        room = column.right - 6 - x
        labels = []
        for _, y, series in points:
            word = series.words[column.index] if not series.measured else ""
            if not word:
                continue
            lines = clamp_lines(wrap_text(word, room - 4, size, True), 2, room - 4, size, True)
            labels.append([y - lines_height(len(lines), size) / 2, lines, series])
        labels.sort(key=lambda item: float(item[0]))  # type: ignore[arg-type]
        top_limit = chart_top + 2
        bottom_limit = self._score_y(chart_top, EMOTION_MIN) + CHART_PADDING - 2
        previous_bottom = top_limit
        for label in labels:
            label[0] = max(float(label[0]), previous_bottom)  # type: ignore[arg-type]
            previous_bottom = float(label[0]) + lines_height(len(label[1]), size) + 2  # type: ignore[arg-type]
        overflow = previous_bottom - 2 - bottom_limit
        if overflow > 0:
            for label in labels:
                label[0] = max(top_limit, float(label[0]) - overflow)  # type: ignore[arg-type]
        for top, label_lines, label_series in labels:
            assert isinstance(top, float) and isinstance(label_lines, list)
            assert isinstance(label_series, Series)
            block = lines_height(len(label_lines), size)
            widest = max(text_width(line, size, True) for line in label_lines)
            self.canvas.rect(
                x - 3, top - 1, widest + 6, block + 1, fill="#ffffff", radius=3, opacity=0.85
            )
            self.canvas.text_lines(
                x, top, label_lines, size=size, bold=True, fill=style.darken(label_series.colour)
            )

    # ------------------------------------------------------------------ cards
    def _cards_row(
        self, columns: Sequence[layout.Column], top: float, key: str, ink: str, background: str
    ) -> float:
        """A row of text cards (irritants or enchantments); returns the y below it."""
        c = self.canvas
        size = style.BODY_SIZE
        heights = []
        contents: list[list[tuple[list[str], bool]]] = []
        for column in columns:
            items = (
                [(i.text, i.severity >= 3) for i in column.step.irritants]
                if key == "irritants"
                else [(e.text, False) for e in column.step.enchantments]
            )
            wrapped = [
                (wrap_text(t, column.width - 2 * style.PADDING - 10, size, strong), strong)
                for t, strong in items
                if t.strip()
            ]
            contents.append(wrapped)
            heights.append(
                sum(lines_height(len(lines), size) + 2 * 5 + CARD_GAP for lines, _ in wrapped)
            )
        label_lines = wrap_text(text(key, self.lang), columns[0].x - style.MARGIN - 10, size, True)
        row_height = max([*heights, lines_height(len(label_lines), size) + 8, 24.0])
        c.line(style.MARGIN, top - 3, columns[-1].right, top - 3, stroke=style.RULE)
        c.text_lines(style.MARGIN, top + 4, label_lines, size=size, bold=True, fill=ink)
        for column, wrapped in zip(columns, contents, strict=True):
            y = top
            for lines, strong in wrapped:
                card = lines_height(len(lines), size) + 10
                c.rect(column.x + 4, y, column.width - 8, card, fill=background, radius=4)
                c.rect(column.x + 4, y, 3, card, fill=ink)
                c.text_lines(
                    column.x + style.PADDING + 6,
                    y + 5,
                    lines,
                    size=size,
                    bold=strong,
                    fill=style.darken(ink, 0.85),
                )
                y += card + CARD_GAP
        return top + row_height


def _smooth_path(points: list[tuple[float, float]], low: float, high: float) -> str:
    """A Catmull-Rom curve through ``points`` as cubic Béziers, kept within [low, high].

    >>> _smooth_path([(0, 0), (10, 10)], -100, 100)
    'M0,0 C1.67,1.67 8.33,8.33 10,10'
    >>> _smooth_path([(5, 5)], 0, 10)
    'M5,5'
    """
    from parcours.render.svg.canvas import number

    def clamp(y: float) -> float:
        return min(high, max(low, y))

    d = [f"M{number(points[0][0])},{number(points[0][1])}"]
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, clamp(p1[1] + (p2[1] - p0[1]) / 6))
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, clamp(p2[1] - (p3[1] - p1[1]) / 6))
        d.append(
            f"C{number(c1[0])},{number(c1[1])} {number(c2[0])},{number(c2[1])} "
            f"{number(p2[0])},{number(p2[1])}"
        )
    return " ".join(d)
