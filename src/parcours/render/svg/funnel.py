"""The measured funnel: one horizontal bar per map step, in map order.

Each row shows the customers who reached the step (solid), and, stacked after them, the
customers of the previous step who did not reach it: dropped (pale red) and still in
flight (amber, right-censored). A bar's whole length is therefore the previous step's
reached count, so the losses read at a glance. Between two rows an arrow carries the
conversion from the previous step; under each step name sits the median delay from the
previous step. The transition losing the most customers is drawn in the breaking-point
colour with a lightning bolt.

The chart data (:class:`FunnelChart`) is headless: :func:`funnel_chart` builds it from an
analysis :class:`~parcours.analytics.funnel.Funnel`, :func:`funnel_from_snapshot` from a
:class:`~parcours.model.MetricSnapshot` stored in the map (there, in-flight and dropped
are not known separately: the loss is drawn as "not converted").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parcours.i18n import format_delay, format_number
from parcours.model import JourneyMap, Measure, MetricSnapshot
from parcours.render.labels import text as report_text
from parcours.render.roles import (
    DETOUR,
    DETOUR_BG,
    DETOUR_DASH,
    FAILURE,
    SUCCESS,
    display_steps,
    percent,
    role_marks,
    snapshot_measures,
    times,
)
from parcours.render.svg import icons, style
from parcours.render.svg.canvas import Canvas, lines_height
from parcours.render.svg.fontmetrics import clamp_lines, text_width, wrap_text
from parcours.render.svg.labels import text
from parcours.render.svg.layout import content_width, draw_legend, draw_title

if TYPE_CHECKING:  # the analytics import pandas: only their results are drawn here
    from parcours.analytics.detours import Detour
    from parcours.analytics.funnel import Funnel, FunnelBreakdown, OutcomeCount

REACHED = "#2f6690"
"""Customers who reached the step."""
DROPPED = "#f4b6ae"
"""Customers lost before the step."""
IN_FLIGHT = "#f2c46d"
"""Customers still in their conversion window."""
ENDED = "#b8c4ce"
"""Customers whose outcome closed the journey before the stage (a refusal...)."""
NOT_CONVERTED = "#e4e7eb"
"""Loss of unknown kind (snapshot data)."""

BAR_AREA_WIDTH = 520.0
BAR_HEIGHT = 24.0
ROW_PADDING = 5.0
ROW_GAP = 16.0
"""Vertical space between two rows, where the conversion arrow sits."""
STRIP_WIDTH = 7.0
"""Width of the phase colour strip left of the step names."""


@dataclass(frozen=True)
class FunnelBar:
    """One step of the chart; ``lost`` = previous step's reached - reached (0 first)."""

    step_id: str
    name: str
    phase_index: int
    phase_name: str
    reached: int
    lost: int
    dropped: int | None
    in_flight: int | None
    conversion_from_previous: float | None
    conversion_from_start: float | None
    delay_median_seconds: float | None
    ended: int | None = None
    """Customers of the previous stage whose outcome closed the journey before this one
    (a refusal...): neither reached nor dropped."""

    @property
    def total(self) -> int:
        """The bar's whole length: reached plus lost."""
        return self.reached + self.lost

    @property
    def loss(self) -> int:
        """Customers counted as lost for the biggest drop-off: dropped if known, else lost."""
        return self.dropped if self.dropped is not None else self.lost


@dataclass(frozen=True)
class SideRow:
    """An outcome or a detour drawn after the stages: its customers and share of the
    entered customers (``kind``: ``success``, ``failure``, ``optional`` or ``exception``)."""

    step_id: str
    name: str
    kind: str
    customers: int
    share: float | None
    per_customer: float | None = None
    loop: str = ""

    @property
    def is_outcome(self) -> bool:
        """A success or failure outcome (else a detour)."""
        return self.kind in ("success", "failure")


@dataclass(frozen=True)
class FunnelChart:
    """Headless funnel chart data: one bar per stage of the main path, who entered, then
    the outcomes and the detours."""

    bars: tuple[FunnelBar, ...]
    entered: int
    detailed: bool
    """True when dropped and in-flight counts are known (analysis), False (snapshot)."""
    outcomes: tuple[SideRow, ...] = ()
    detours: tuple[SideRow, ...] = ()

    @property
    def biggest_drop(self) -> int | None:
        """Index of the bar losing the most customers (None when nobody is lost).

        >>> FunnelChart((), 0, True).biggest_drop is None
        True
        """
        losses = [(bar.loss, -i) for i, bar in enumerate(self.bars) if bar.loss > 0]
        return -max(losses)[1] if losses else None


def _phases(m: JourneyMap) -> dict[str, tuple[int, str]]:
    """Step id -> (index of its phase run, phase name) for the colour strips."""
    result: dict[str, tuple[int, str]] = {}
    run, previous = -1, object()
    for step in m.steps:
        phase = m.phase_of(step)
        if phase != previous:
            run, previous = run + 1, phase
        result[step.id] = (run, phase.name if phase else "")
    return result


def _stage_name(m: JourneyMap, steps: Sequence[str], lang: str) -> str:
    """The name of a stage: its steps' names joined by ``or``."""
    names = {s.id: s.name for s in m.steps}
    return f" {text_or(lang)} ".join(names.get(step, step) for step in steps)


def text_or(lang: str) -> str:
    """The word between two alternatives (``or``, ``ou``)."""
    return report_text("role_or", lang)


def funnel_chart(
    m: JourneyMap, funnel: Funnel, lang: str = "en", detours: Sequence[Detour] = ()
) -> FunnelChart:
    """The chart data of an analysis funnel; step names and phases come from ``m``.

    >>> from parcours.analytics.funnel import Funnel, FunnelStep
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"}])
    >>> step = FunnelStep("a", 0, 5, 0, 0, None, 1.0, None, None)
    >>> import datetime as dt
    >>> from parcours.analytics.distribution import Distribution
    >>> f = Funnel((step,), 5, 5, Distribution(0, None, None, None), None, dt.datetime(2025, 1, 1))
    >>> [(b.name, b.reached) for b in funnel_chart(m, f).bars]
    [('A', 5)]
    """
    phases = _phases(m)
    bars = []
    previous_reached: int | None = None
    for step in funnel.steps:
        delay = step.delay_from_previous_seconds
        phase_index, phase_name = phases.get(step.step, (0, ""))
        lost = 0 if previous_reached is None else max(previous_reached - step.reached, 0)
        bars.append(
            FunnelBar(
                step_id=step.step,
                name=_stage_name(m, step.steps or (step.step,), lang),
                phase_index=phase_index,
                phase_name=phase_name,
                reached=step.reached,
                lost=lost,
                dropped=step.dropped,
                in_flight=step.in_flight,
                conversion_from_previous=step.conversion_from_previous,
                conversion_from_start=step.conversion_from_start,
                delay_median_seconds=None if delay is None else delay.median,
                ended=step.ended,
            )
        )
        previous_reached = step.reached
    names = {s.id: s.name for s in m.steps}
    marks = role_marks(m, lang, {})
    outcomes = tuple(
        SideRow(o.step, names.get(o.step, o.step), o.kind, o.customers, o.share)
        for o in _successes_first(funnel.outcomes)
    )
    side = tuple(
        SideRow(
            d.step,
            names.get(d.step, d.step),
            marks[d.step].role if d.step in marks else "exception",
            d.customers,
            d.share,
            d.events_per_customer,
            marks[d.step].loop if d.step in marks else "",
        )
        for d in detours
    )
    return FunnelChart(tuple(bars), funnel.entered, True, outcomes, side)


def _successes_first(outcomes: Sequence[OutcomeCount]) -> list[OutcomeCount]:
    return sorted(outcomes, key=lambda o: o.kind != "success")


def snapshot_values(
    snapshot: MetricSnapshot, measure: Measure, segment: str | None = None
) -> dict[str, float]:
    """Step id -> value of ``measure`` for ``segment`` (None: all customers) in a snapshot.

    >>> from datetime import datetime
    >>> snap = MetricSnapshot(id="m", taken_at=datetime(2025, 1, 1), values=[
    ...     {"step": "a", "measure": "delay_median_seconds", "value": 60},
    ...     {"step": "a", "measure": "delay_median_seconds", "value": 9, "segment": "x"}])
    >>> snapshot_values(snap, Measure.DELAY_MEDIAN_SECONDS)
    {'a': 60.0}
    """
    return {
        v.step: v.value
        for v in snapshot.values
        if v.measure is measure
        and v.step
        and v.value is not None
        and v.segment == segment
        and v.channel is None
        and v.touchpoint is None
        and v.persona is None
    }


def measured_delays(m: JourneyMap) -> dict[str, float]:
    """Median delay from the previous step, per step id, from the map's latest snapshot
    (all customers); empty without a snapshot. Steps no longer in the map are left out.

    >>> measured_delays(JourneyMap(journey={"title": "T"}))
    {}
    """
    snapshot = m.latest_measurement()
    if snapshot is None:
        return {}
    known = {s.id for s in m.steps}
    values = snapshot_values(snapshot, Measure.DELAY_MEDIAN_SECONDS)
    return {step: seconds for step, seconds in values.items() if step in known}


def funnel_from_snapshot(
    m: JourneyMap, snapshot: MetricSnapshot, *, segment: str | None = None, lang: str = "en"
) -> FunnelChart:
    """The chart data of a stored snapshot (no re-analysis).

    A stage's bar is ``entered x conversion from start`` (the funnel's reached count when no
    customer was in flight), or its measured customers when that ratio is missing. Stages
    without any measured value are left out. The outcomes and detours follow, with their
    measured customers (all customers only, not per segment).

    >>> from datetime import datetime
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
    ...     {"id": "b", "name": "B"}])
    >>> snap = MetricSnapshot(id="m", taken_at=datetime(2025, 1, 1), values=[
    ...     {"measure": "customers", "value": 10},
    ...     {"step": "a", "measure": "conversion_from_start", "value": 1},
    ...     {"step": "b", "measure": "conversion_from_start", "value": 0.4}])
    >>> [(b.reached, b.lost) for b in funnel_from_snapshot(m, snap).bars]
    [(10, 0), (4, 6)]
    """
    entered_value = next(
        (
            v.value
            for v in snapshot.values
            if v.step is None
            and v.measure is Measure.CUSTOMERS
            and v.segment == segment
            and v.value is not None
        ),
        None,
    )
    customers = snapshot_values(snapshot, Measure.CUSTOMERS, segment)
    from_start = snapshot_values(snapshot, Measure.CONVERSION_FROM_START, segment)
    from_previous = snapshot_values(snapshot, Measure.CONVERSION_FROM_PREVIOUS, segment)
    delays = snapshot_values(snapshot, Measure.DELAY_MEDIAN_SECONDS, segment)
    measured_steps = {v.step for v in snapshot.values if v.step and v.segment == segment}
    phases = _phases(m)
    entered = round(entered_value) if entered_value is not None else None
    bars = []
    previous_reached: int | None = None
    structure = m.structure()
    by_id = {s.id: s for s in m.steps}
    for stage in structure.stages:
        step = by_id[stage.id]
        if step.id not in measured_steps:
            continue
        if entered is not None and step.id in from_start:
            reached = round(entered * from_start[step.id])
        else:
            reached = round(customers.get(step.id, 0.0))
        lost = 0 if previous_reached is None else max(previous_reached - reached, 0)
        phase_index, phase_name = phases[step.id]
        bars.append(
            FunnelBar(
                step_id=step.id,
                name=_stage_name(m, stage.steps, lang),
                phase_index=phase_index,
                phase_name=phase_name,
                reached=reached,
                lost=lost,
                dropped=None,
                in_flight=None,
                conversion_from_previous=from_previous.get(step.id),
                conversion_from_start=from_start.get(step.id),
                delay_median_seconds=delays.get(step.id),
            )
        )
        previous_reached = reached
    first = bars[0].reached if bars else 0
    outcomes, detours = _snapshot_side_rows(m, snapshot, segment, lang)
    total = entered if entered is not None else first
    return FunnelChart(tuple(bars), total, False, outcomes, detours)


def _snapshot_side_rows(
    m: JourneyMap, snapshot: MetricSnapshot, segment: str | None, lang: str
) -> tuple[tuple[SideRow, ...], tuple[SideRow, ...]]:
    """The outcomes (successes first) and detours measured in a snapshot."""
    if segment is not None:
        return (), ()
    customers = snapshot_values(snapshot, Measure.CUSTOMERS)
    measures = snapshot_measures(m)
    marks = role_marks(m, lang, measures)
    outcomes: list[SideRow] = []
    detours: list[SideRow] = []
    for step in display_steps(m):
        mark = marks[step.id]
        if step.id not in customers or mark.role == "core":
            continue
        row = SideRow(
            step.id,
            step.name,
            mark.outcome or mark.role,
            round(customers[step.id]),
            mark.share,
            mark.per_customer,
            mark.loop,
        )
        (outcomes if mark.is_outcome else detours).append(row)
    return tuple(outcomes), tuple(detours)


def funnel_svg(
    m: JourneyMap,
    funnel: Funnel | FunnelChart,
    lang: str,
    *,
    title: str | None = None,
    detours: Sequence[Detour] = (),
) -> str:
    """The funnel of ``m`` measured on an event log, as a standalone SVG document.

    ``funnel`` is an analysis funnel or chart data (e.g. :func:`funnel_from_snapshot`).

    >>> from datetime import datetime
    >>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": "a", "name": "Start"}])
    >>> snap = MetricSnapshot(id="m", taken_at=datetime(2025, 1, 1), values=[
    ...     {"measure": "customers", "value": 10},
    ...     {"step": "a", "measure": "conversion_from_start", "value": 1}])
    >>> svg = funnel_svg(m, funnel_from_snapshot(m, snap), "en")
    >>> svg.startswith("<svg") and "Start" in svg
    True
    """
    chart = funnel if isinstance(funnel, FunnelChart) else funnel_chart(m, funnel, lang, detours)
    heading = title or text(
        "titled", lang, view=text("funnel_title", lang), journey=m.journey.title
    )
    return _FunnelDrawing(chart, lang, heading).render()


def measured_funnel_svg(m: JourneyMap, lang: str) -> str:
    """The funnel of the map's latest measurement snapshot (a drawing of the map report).

    >>> "<svg" in measured_funnel_svg(JourneyMap(journey={"title": "T"}), "fr")
    True
    """
    snapshot = m.latest_measurement()
    chart = funnel_from_snapshot(m, snapshot, lang=lang) if snapshot else FunnelChart((), 0, False)
    return funnel_svg(m, chart, lang)


@dataclass(frozen=True)
class _Row:
    bar: FunnelBar
    name_lines: list[str]
    phase_lines: list[str]
    side_lines: list[tuple[str, str, bool]]
    """(text, colour, bold) lines right of the bars."""
    top: float
    height: float

    @property
    def bar_top(self) -> float:
        phase = lines_height(len(self.phase_lines), style.SMALL_SIZE)
        return self.top + phase + (self.height - phase - BAR_HEIGHT) / 2


class _FunnelDrawing:
    """Rows top to bottom: phase strip, step name, stacked bar, figures."""

    def __init__(self, chart: FunnelChart, lang: str, title: str) -> None:
        self.chart = chart
        self.lang = lang
        self.title = title
        self.canvas = Canvas()
        self.biggest = chart.biggest_drop

    # -------------------------------------------------------------- texts
    def _count(self, value: float) -> str:
        return format_number(value, self.lang, digits=0)

    def _percent(self, ratio: float) -> str:
        return percent(ratio, self.lang)

    def _side_lines(self, index: int, bar: FunnelBar) -> list[tuple[str, str, bool]]:
        lines = [
            (text("funnel_reached", self.lang, count=self._count(bar.reached)), style.INK, True)
        ]
        if bar.conversion_from_start is not None and index > 0:
            share = self._percent(bar.conversion_from_start)
            lines.append((text("funnel_of_entered", self.lang, share=share), style.MUTED, False))
        colour = style.BREAK if index == self.biggest else style.darken(style.BREAK, 0.9)
        if self.chart.detailed:
            if bar.dropped:
                lines.append(
                    (
                        text("funnel_dropped", self.lang, count=self._count(bar.dropped)),
                        colour,
                        True,
                    )
                )
            if bar.ended:
                lines.append(
                    (
                        report_text("funnel_ended", self.lang, count=self._count(bar.ended)),
                        style.darken(ENDED, 0.55),
                        False,
                    )
                )
            if bar.in_flight:
                lines.append(
                    (
                        text("funnel_in_flight", self.lang, count=self._count(bar.in_flight)),
                        style.darken(IN_FLIGHT, 0.6),
                        False,
                    )
                )
        elif bar.lost:
            lines.append(
                (text("funnel_lost", self.lang, count=self._count(bar.lost)), colour, True)
            )
        return lines

    def _name_lines(self, index: int, bar: FunnelBar, width: float) -> list[str]:
        lines = wrap_text(f"{index + 1}. {bar.name}", width, style.BODY_SIZE, True)
        return clamp_lines(lines, 3, width, style.BODY_SIZE, True)

    def _delay_line(self, index: int, bar: FunnelBar) -> str:
        if index == 0 or bar.delay_median_seconds is None:
            return ""
        delay = format_delay(bar.delay_median_seconds, self.lang)
        return text("funnel_delay", self.lang, delay=delay)

    # ----------------------------------------------------------- geometry
    def _label_width(self) -> float:
        texts = [
            (f"{i + 1}. {b.name}", style.BODY_SIZE, True) for i, b in enumerate(self.chart.bars)
        ]
        width = content_width(texts, minimum=190, maximum=270, max_lines=2)
        delays = [self._delay_line(i, b) for i, b in enumerate(self.chart.bars)]
        widest_delay = max((text_width(d, style.SMALL_SIZE) for d in delays), default=0.0)
        return max(width, widest_delay + 2 * style.PADDING)

    def _rows(self, top: float, label_width: float) -> list[_Row]:
        rows = []
        y = top
        previous_phase = -1
        for index, bar in enumerate(self.chart.bars):
            name_lines = self._name_lines(index, bar, label_width - 2 * style.PADDING)
            phase_lines: list[str] = []
            if bar.phase_index != previous_phase and bar.phase_name:
                phase_lines = clamp_lines(
                    wrap_text(
                        bar.phase_name.upper(), label_width - style.PADDING, style.SMALL_SIZE, True
                    ),
                    2,
                    label_width - style.PADDING,
                    style.SMALL_SIZE,
                    True,
                )
            previous_phase = bar.phase_index
            side = self._side_lines(index, bar)
            label = lines_height(len(name_lines), style.BODY_SIZE)
            if self._delay_line(index, bar):
                label += lines_height(1, style.SMALL_SIZE) + 2
            body = max(label, lines_height(len(side), style.SMALL_SIZE), BAR_HEIGHT)
            height = lines_height(len(phase_lines), style.SMALL_SIZE) + body + 2 * ROW_PADDING
            rows.append(_Row(bar, name_lines, phase_lines, side, y, height))
            y += height + ROW_GAP
        return rows

    def _side_width(self, rows: Sequence[_Row]) -> float:
        widths = [
            text_width(t, style.SMALL_SIZE, bold) for row in rows for t, _, bold in row.side_lines
        ]
        return max([*widths, 120.0])

    # --------------------------------------------------------------- draw
    def render(self) -> str:
        c = self.canvas
        label_width = self._label_width()
        bar_left = style.MARGIN + STRIP_WIDTH + 6 + label_width + 10
        probe = self._rows(0, label_width)
        side_left = bar_left + BAR_AREA_WIDTH + 16
        extra = [
            text_width(line, style.SMALL_SIZE, bold)
            for row in self.chart.outcomes + self.chart.detours
            for line, _, bold in self._side_text(row)
        ]
        width = side_left + max([self._side_width(probe), *extra]) + style.MARGIN
        inner = width - 2 * style.MARGIN
        y = draw_title(c, self.title, left=style.MARGIN, top=style.MARGIN, width=inner)
        if not self.chart.bars or self.chart.entered == 0:
            message = text("funnel_empty", self.lang)
            for line in wrap_text(message, inner, style.BODY_SIZE):
                c.text(style.MARGIN, y + 16, line, size=style.BODY_SIZE, fill=style.MUTED)
                y += lines_height(1, style.BODY_SIZE)
            return c.to_svg(width, y + 30 + style.MARGIN, title=self.title)
        y = self._legend(style.MARGIN, y, inner) + 10
        rows = self._rows(y, label_width)
        self._strips(rows)
        scale = BAR_AREA_WIDTH / max(max(r.bar.total for r in rows), 1)
        c.line(bar_left, rows[0].top, bar_left, rows[-1].top + rows[-1].height, stroke=style.RULE)
        for index, row in enumerate(rows):
            self._row(index, row, bar_left, side_left, scale)
            if index > 0:
                self._arrow(rows[index - 1], row, bar_left)
        bottom = rows[-1].top + rows[-1].height
        for key, side_rows in (
            ("role_outcomes", self.chart.outcomes),
            ("role_detours", self.chart.detours),
        ):
            if side_rows:
                bottom = self._side_section(key, side_rows, bottom + 18, label_width, scale)
        return c.to_svg(width, bottom + style.MARGIN, title=self.title)

    def _side_text(self, row: SideRow) -> list[tuple[str, str, bool]]:
        count = self._count(row.customers)
        share = f" · {self._percent(row.share)}" if row.share is not None else ""
        if row.is_outcome:
            colour = SUCCESS if row.kind == "success" else FAILURE
            caption = report_text(f"role_{row.kind}", self.lang)
            return [(f"{caption} · {count}{share}", colour, True)]
        rework = f" · {times(row.per_customer, self.lang)}" if row.per_customer else ""
        caption = report_text(f"role_{row.kind}", self.lang)
        lines = [(f"{caption} · {count}{share}{rework}", DETOUR, True)]
        if row.loop:
            lines.append((row.loop, DETOUR, False))
        return lines

    def _side_section(
        self, key: str, side_rows: Sequence[SideRow], top: float, label_width: float, scale: float
    ) -> float:
        """A titled list of outcomes or detours under the stages; returns the y below."""
        c = self.canvas
        label_left = style.MARGIN + STRIP_WIDTH + 6
        bar_left = label_left + label_width + 10
        c.line(style.MARGIN, top - 8, bar_left + BAR_AREA_WIDTH, top - 8, stroke=style.RULE)
        y = top + c.text_lines(
            style.MARGIN,
            top,
            [report_text(key, self.lang).upper()],
            size=style.SMALL_SIZE,
            bold=True,
            fill=style.MUTED,
        )
        for row in side_rows:
            name_lines = clamp_lines(
                wrap_text(row.name, label_width - 2 * style.PADDING, style.BODY_SIZE, True),
                2,
                label_width - 2 * style.PADDING,
                style.BODY_SIZE,
                True,
            )
            side = self._side_text(row)
            height = max(
                lines_height(len(name_lines), style.BODY_SIZE),
                lines_height(len(side), style.SMALL_SIZE),
                BAR_HEIGHT,
            )
            y += 6
            css = "funnel-outcome" if row.is_outcome else "funnel-detour"
            c.elements.append(
                f'<g class="{css}" data-step="{_attr(row.step_id)}" data-kind="{_attr(row.kind)}"'
                f' data-customers="{row.customers}">'
            )
            c.text_lines(
                label_left + style.PADDING,
                y + (height - lines_height(len(name_lines), style.BODY_SIZE)) / 2,
                name_lines,
                size=style.BODY_SIZE,
                bold=True,
            )
            bar_top = y + (height - BAR_HEIGHT) / 2
            length = max(row.customers * scale, 2.0)
            if row.is_outcome:
                colour = SUCCESS if row.kind == "success" else FAILURE
                c.rect(bar_left, bar_top, length, BAR_HEIGHT, fill=colour, radius=2)
            else:
                c.rect(
                    bar_left,
                    bar_top,
                    length,
                    BAR_HEIGHT,
                    fill=DETOUR_BG,
                    stroke=DETOUR,
                    stroke_width=1.4,
                    radius=2,
                    dash=DETOUR_DASH,
                )
            side_top = y + (height - lines_height(len(side), style.SMALL_SIZE)) / 2
            for line, colour, bold in side:
                side_top += c.text_lines(
                    bar_left + length + 10,
                    side_top,
                    [line],
                    size=style.SMALL_SIZE,
                    bold=bold,
                    fill=colour,
                )
            c.group_end()
            y += height
        return y

    def _legend(self, left: float, top: float, width: float) -> float:
        entries = [(text("legend_reached", self.lang), REACHED)]
        if self.chart.detailed:
            entries += [(text("legend_dropped", self.lang), DROPPED)]
            if any(bar.ended for bar in self.chart.bars):
                entries.append((report_text("legend_ended", self.lang), ENDED))
            entries.append((text("legend_in_flight", self.lang), IN_FLIGHT))
        else:
            entries.append((text("legend_not_converted", self.lang), NOT_CONVERTED))
        if self.biggest is not None:
            entries.append((text("biggest_drop", self.lang), style.BREAK))
        return draw_legend(
            self.canvas,
            [(label, self._legend_icon(colour)) for label, colour in entries],
            left=left,
            top=top,
            width=width,
            text_offset=24,
            label_margin=30,
            gap=22,
        )

    def _legend_icon(self, colour: str) -> Callable[[float, float], None]:
        """The legend swatch of ``colour`` (a lightning for the biggest drop)."""

        def draw(x: float, mid: float) -> None:
            if colour == style.BREAK:
                icons.lightning(self.canvas, x + 8, mid, 8, fill=style.BREAK)
            else:
                self.canvas.rect(x, mid - 7, 16, 14, fill=colour, radius=2)

        return draw

    def _strips(self, rows: Sequence[_Row]) -> None:
        start = 0
        for index in range(1, len(rows) + 1):
            if index == len(rows) or rows[index].bar.phase_index != rows[start].bar.phase_index:
                first, last = rows[start], rows[index - 1]
                _, ink = style.phase_tint(first.bar.phase_index)
                self.canvas.rect(
                    style.MARGIN,
                    first.top,
                    STRIP_WIDTH,
                    last.top + last.height - first.top,
                    fill=ink if first.bar.phase_name else style.FAINT,
                    radius=2,
                )
                start = index

    def _row(self, index: int, row: _Row, bar_left: float, side_left: float, scale: float) -> None:
        c = self.canvas
        bar = row.bar
        highlighted = index == self.biggest
        label_left = style.MARGIN + STRIP_WIDTH + 6
        y = row.top + ROW_PADDING
        if row.phase_lines:
            _, ink = style.phase_tint(bar.phase_index)
            y += c.text_lines(
                label_left + 2, row.top, row.phase_lines, size=style.SMALL_SIZE, bold=True, fill=ink
            )
        if highlighted:
            c.rect(
                label_left,
                y - ROW_PADDING + 2,
                bar_left + BAR_AREA_WIDTH + 8 - label_left,
                row.top + row.height - y + ROW_PADDING - 4,
                fill=style.IRRITANT_BG,
                radius=4,
            )
        y += c.text_lines(
            label_left + style.PADDING, y, row.name_lines, size=style.BODY_SIZE, bold=True
        )
        delay = self._delay_line(index, bar)
        if delay:
            c.text_lines(
                label_left + style.PADDING, y + 2, [delay], size=style.SMALL_SIZE, fill=style.MUTED
            )
        top = row.bar_top
        reached_width = bar.reached * scale
        c.raw_group_start("funnel-bar")
        c.elements[-1] = (
            f'<g class="funnel-bar" data-step="{_attr(bar.step_id)}" data-reached="{bar.reached}"'
            f' data-lost="{bar.lost}" data-highlight="{str(highlighted).lower()}">'
        )
        c.rect(bar_left, top, reached_width, BAR_HEIGHT, fill=REACHED, radius=2)
        x = bar_left + reached_width
        if self.chart.detailed:
            parts = [
                (bar.dropped or 0, DROPPED),
                (bar.ended or 0, ENDED),
                (bar.in_flight or 0, IN_FLIGHT),
            ]
        else:
            parts = [(bar.lost, NOT_CONVERTED)]
        for count, colour in parts:
            if count <= 0:
                continue
            fill = "#f08a7e" if highlighted and colour in (DROPPED, NOT_CONVERTED) else colour
            c.rect(x, top, count * scale, BAR_HEIGHT, fill=fill)
            x += count * scale
        if highlighted:
            c.rect(
                bar_left + reached_width,
                top - 1,
                x - bar_left - reached_width,
                BAR_HEIGHT + 2,
                stroke=style.BREAK,
                stroke_width=2,
            )
        c.group_end()
        share = bar.conversion_from_start
        if share is not None and index > 0:
            label = self._percent(share)
            label_width = text_width(label, style.SMALL_SIZE, True)
            baseline = top + BAR_HEIGHT / 2 + 0.35 * style.SMALL_SIZE
            if label_width + 10 < reached_width:
                c.text(
                    bar_left + 6, baseline, label, size=style.SMALL_SIZE, bold=True, fill="#ffffff"
                )
        if highlighted:
            icons.lightning(c, x + 14, top + BAR_HEIGHT / 2, 10, fill=style.BREAK)
        side_top = top + BAR_HEIGHT / 2 - lines_height(len(row.side_lines), style.SMALL_SIZE) / 2
        side_top = max(side_top, row.top)
        for line, colour, bold in row.side_lines:
            side_top += c.text_lines(
                side_left, side_top, [line], size=style.SMALL_SIZE, bold=bold, fill=colour
            )

    def _arrow(self, above: _Row, below: _Row, bar_left: float) -> None:
        c = self.canvas
        ratio = below.bar.conversion_from_previous
        x = bar_left + 14
        y1 = above.bar_top + BAR_HEIGHT + 3
        y2 = below.bar_top - 3
        c.line(x, y1, x, y2 - 5, stroke=style.MUTED, stroke_width=1.4)
        c.polygon([(x - 4.5, y2 - 6), (x + 4.5, y2 - 6), (x, y2)], fill=style.MUTED)
        if ratio is None:
            return
        label = self._percent(ratio)
        size = style.SMALL_SIZE
        mid = (y1 + y2) / 2
        box = text_width(label, size, True) + 10
        fill = (
            style.BREAK
            if below.bar.loss
            and self.biggest is not None
            and (self.chart.bars[self.biggest] is below.bar)
            else style.HEADER_BG
        )
        c.rect(x + 9, mid - 8, box, 16, fill=fill, radius=8)
        c.text(x + 14, mid + 0.35 * size, label, size=size, bold=True, fill="#ffffff")


def _attr(value: str) -> str:
    from parcours.render.svg.canvas import escape

    return escape(value)


PANEL_WIDTH = 250.0
PANEL_PLOT_HEIGHT = 92.0
PANELS_PER_ROW = 4
MIN_PERIOD_CUSTOMERS = 5
"""Periods with fewer customers entered leave a gap in the trend lines (too noisy)."""


@dataclass(frozen=True)
class TrendPanel:
    """One small multiple: a name and a value (or None) per period."""

    name: str
    values: tuple[float | None, ...]
    is_count: bool


def funnel_trend_panels(
    m: JourneyMap, breakdown: FunnelBreakdown, lang: str = "en"
) -> list[TrendPanel]:
    """Headless trend data of a period breakdown: customers entered per period, then the
    conversion from start of every later step per period (None below
    :data:`MIN_PERIOD_CUSTOMERS` customers entered).

    >>> import datetime as dt
    >>> from parcours.analytics.distribution import Distribution
    >>> from parcours.analytics.funnel import Funnel, FunnelBreakdown, FunnelGroup, FunnelStep
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
    ...     {"id": "b", "name": "B"}])
    >>> def f(n, k):
    ...     steps = (FunnelStep("a", 0, n, 0, 0, None, 1.0, None, None),
    ...              FunnelStep("b", 1, k, 0, n - k, k / n, k / n, 1 - k / n, None))
    ...     return Funnel(steps, n, k, Distribution(0, None, None, None), None,
    ...                   dt.datetime(2025, 1, 1))
    >>> b = FunnelBreakdown("period", (FunnelGroup("2025-01", f(10, 5)),
    ...     FunnelGroup("2025-02", f(20, 5))))
    >>> [(p.name, p.values) for p in funnel_trend_panels(m, b)][1]
    ('2. B', (0.5, 0.25))
    """
    groups = [g for g in breakdown.groups if g.value is not None]
    if not groups:
        return []
    steps = groups[0].funnel.steps
    panels = [TrendPanel("", tuple(float(g.funnel.entered) for g in groups), is_count=True)]
    for position, step in enumerate(steps[1:], start=1):
        values = []
        for group in groups:
            entered = group.funnel.entered
            share = group.funnel.steps[position].conversion_from_start
            values.append(share if entered >= MIN_PERIOD_CUSTOMERS else None)
        name = f"{position + 1}. {_stage_name(m, step.steps or (step.step,), lang)}"
        panels.append(TrendPanel(name, tuple(values), is_count=False))
    return panels


def funnel_trend_svg(
    m: JourneyMap, breakdown: FunnelBreakdown, lang: str, *, title: str | None = None
) -> str:
    """Small multiples of the funnel over time (a period breakdown), as an SVG document.

    >>> from parcours.analytics.funnel import FunnelBreakdown
    >>> m = JourneyMap(journey={"title": "T"})
    >>> "<svg" in funnel_trend_svg(m, FunnelBreakdown("period", ()), "en")
    True
    """
    panels = funnel_trend_panels(m, breakdown, lang)
    periods = [g.value or "" for g in breakdown.groups if g.value is not None]
    heading = title or text("titled", lang, view=text("trend_title", lang), journey=m.journey.title)
    c = Canvas()
    columns = min(PANELS_PER_ROW, max(len(panels), 1))
    gap = 22.0
    width = 2 * style.MARGIN + columns * PANEL_WIDTH + (columns - 1) * gap
    inner = width - 2 * style.MARGIN
    y = draw_title(c, heading, left=style.MARGIN, top=style.MARGIN, width=inner)
    if not panels:
        c.text(style.MARGIN, y + 16, text("funnel_empty", lang), size=style.BODY_SIZE)
        return c.to_svg(max(width, 700), y + 40 + style.MARGIN, title=heading)
    for line in wrap_text(text("trend_caption", lang), inner, style.BODY_SIZE):
        y += c.text_lines(style.MARGIN, y, [line], size=style.BODY_SIZE, fill=style.MUTED)
    y += 10
    name_size = style.SMALL_SIZE
    name_lines = [
        clamp_lines(
            wrap_text(p.name or text("trend_entered", lang), PANEL_WIDTH - 8, name_size, True),
            2,
            PANEL_WIDTH - 8,
            name_size,
            True,
        )
        for p in panels
    ]
    title_block = lines_height(2, name_size) + 10
    panel_height = title_block + PANEL_PLOT_HEIGHT + lines_height(1, style.SMALL_SIZE) + 10
    for index, panel in enumerate(panels):
        row, column = divmod(index, columns)
        left = style.MARGIN + column * (PANEL_WIDTH + gap)
        top = y + row * (panel_height + 14)
        c.text_lines(left, top, name_lines[index], size=name_size, bold=True, fill=style.INK)
        _trend_panel(c, panel, periods, left, top + title_block, lang)
    rows = (len(panels) + columns - 1) // columns
    bottom = y + rows * (panel_height + 14)
    return c.to_svg(width, bottom + style.MARGIN, title=heading)


def _trend_panel(
    c: Canvas, panel: TrendPanel, periods: Sequence[str], left: float, top: float, lang: str
) -> None:
    size = style.SMALL_SIZE - 1
    axis_left = left + 34
    right = left + PANEL_WIDTH - 8
    bottom = top + PANEL_PLOT_HEIGHT
    c.rect(axis_left, top, right - axis_left, PANEL_PLOT_HEIGHT, fill=style.PANEL)
    known = [v for v in panel.values if v is not None]
    high = max(known, default=0.0)
    ceiling = (high * 1.15 if panel.is_count else min(1.0, max(0.05, high * 1.15))) or 1.0
    for fraction in (0.0, 0.5, 1.0):
        y = bottom - fraction * PANEL_PLOT_HEIGHT
        c.line(axis_left, y, right, y, stroke="#ffffff" if fraction else style.RULE)
        tick = ceiling * fraction
        label = format_number(tick, lang, digits=0) if panel.is_count else percent(tick, lang)
        c.text(axis_left - 4, y + 3.5, label, size=size, fill=style.MUTED, anchor="end")
    count = len(panel.values)
    step = (right - axis_left) / max(count - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        x = axis_left + (i * step if count > 1 else (right - axis_left) / 2)
        return x, bottom - v / ceiling * PANEL_PLOT_HEIGHT

    run: list[tuple[float, float]] = []
    runs: list[list[tuple[float, float]]] = []
    for i, value in enumerate(panel.values):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(point(i, value))
    if run:
        runs.append(run)
    colour = style.MUTED if panel.is_count else REACHED
    for points in runs:
        if len(points) == 1:
            c.circle(points[0][0], points[0][1], 2.2, fill=colour)
            continue
        d = " ".join(
            f"{'M' if k == 0 else 'L'}{_num(x)},{_num(y)}" for k, (x, y) in enumerate(points)
        )
        c.path(d, stroke=colour, stroke_width=1.6)
    if periods:
        first, last = periods[0], periods[-1]
        baseline = bottom + 0.93 * size + 3
        c.text(axis_left, baseline, first, size=size, fill=style.MUTED)
        if count > 1:
            c.text(right, baseline, last, size=size, fill=style.MUTED, anchor="end")


def _num(value: float) -> str:
    from parcours.render.svg.canvas import number

    return number(value)
