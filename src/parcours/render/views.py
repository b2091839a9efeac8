"""The views of the journey-map report and the plain data each one shows.

The functions here turn a :class:`~parcours.model.JourneyMap` into small frozen records
with every label already translated and every number already formatted, so that the
Jinja templates only lay things out.

>>> View("map").heading("fr")
'Carte du parcours'
>>> [v.value for v in expand_views([View.ALL])][:3]
['map', 'experience', 'funnel']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date

from parcours.analytics.opportunities import rank_opportunities
from parcours.i18n import format_delay, format_number, format_percent, label
from parcours.model import (
    DataCategory,
    JourneyMap,
    ListeningPoint,
    Measure,
    MetricDefinition,
    MetricSnapshot,
    QuestionScale,
    Step,
    Threshold,
)
from parcours.render.labels import text
from parcours.render.roles import RoleMark, display_map, display_steps, role_marks
from parcours.render.svg.layout import chunk_sizes
from parcours.render.svg.style import persona_colour, phase_tint


class View(StrEnum):
    """A part of the report. ``all`` is the cover followed by every other view (``funnel``,
    the measured funnel, only when the map holds a measurement snapshot)."""

    MAP = "map"
    EXPERIENCE = "experience"
    FUNNEL = "funnel"
    BLUEPRINT = "blueprint"
    LISTENING = "listening"
    DATA = "data"
    OPPORTUNITIES = "opportunities"
    RUBRIC = "rubric"
    ALL = "all"

    def heading(self, lang: str) -> str:
        """The section title of the view in ``lang``."""
        return (
            text(f"view_{self.value}", lang) if self is not View.ALL else text("report_kind", lang)
        )

    def intro(self, lang: str) -> str:
        """One sentence under the section title."""
        return text(f"intro_{self.value}", lang)


VIEW_ORDER: tuple[View, ...] = tuple(v for v in View if v is not View.ALL)
"""The order of the views in a full report."""


def expand_views(views: Iterable[View | str]) -> list[View]:
    """The views to render, in report order, without duplicates (``all`` means every one).

    >>> [v.value for v in expand_views(["rubric", "map", "map"])]
    ['map', 'rubric']
    >>> expand_views(["maps"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: unknown view 'maps' (expected one of: map, experience, ..., rubric, all)
    """
    wanted: set[View] = set()
    for item in views:
        try:
            wanted.add(View(item))
        except ValueError:
            choices = ", ".join(v.value for v in View)
            raise ValueError(f"unknown view '{item}' (expected one of: {choices})") from None
    if View.ALL in wanted:
        return list(VIEW_ORDER)
    return [v for v in VIEW_ORDER if v in wanted]


# ----------------------------------------------------------------------- formatting helpers
_RATIO_MEASURES = {
    Measure.CONVERSION_FROM_PREVIOUS,
    Measure.CONVERSION_FROM_START,
    Measure.DROP_OFF,
    Measure.CSAT_SHARE,
}
_DELAY_MEASURES = {
    Measure.DELAY_MEAN_SECONDS,
    Measure.DELAY_MEDIAN_SECONDS,
    Measure.DELAY_P90_SECONDS,
}
_SECONDS_PER_UNIT = {
    "s": 1.0,
    "sec": 1.0,
    "seconds": 1.0,
    "secondes": 1.0,
    "min": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hours": 3600.0,
    "heures": 3600.0,
    "d": 86400.0,
    "j": 86400.0,
    "days": 86400.0,
    "jours": 86400.0,
}


def quantity(value: float, unit: str, lang: str) -> str:
    """A value with its unit, in the number conventions of ``lang``.

    >>> quantity(35, "%", "fr")
    '35\xa0%'
    >>> quantity(4.3, "/5", "en")
    '4.3/5'
    >>> quantity(12000, "", "en")
    '12,000'
    """
    digits = 0 if float(value).is_integer() else (1 if abs(value) >= 1 else 2)
    number = format_number(value, lang, digits=digits)
    unit = unit.strip()
    if not unit:
        return number
    if unit.startswith("/"):
        return f"{number}{unit}"
    return f"{number}\u00a0{unit}"


def long_date(day: date, lang: str) -> str:
    """A date written out in ``lang``.

    >>> long_date(date(2025, 3, 7), "fr")
    '7 mars 2025'
    """
    return str(format_date(day, format="long", locale=lang))


def local_day(moment: datetime, timezone: str) -> date:
    """The calendar day of ``moment`` in the IANA zone ``timezone`` (UTC if unknown)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(zone).date()


def in_metric_unit(metric: MetricDefinition, measure: Measure, value: float) -> float:
    """A measured value converted to the unit of the metric definition.

    Ratios (0..1) become percentages when the metric is in ``%``; delays in seconds
    become minutes, hours or days when the metric says so.

    >>> in_metric_unit(MetricDefinition(name="c", unit="%"), Measure.DROP_OFF, 0.25)
    25.0
    >>> in_metric_unit(MetricDefinition(name="d", unit="h"), Measure.DELAY_MEAN_SECONDS, 7200)
    2.0
    """
    unit = metric.unit.strip().lower()
    if measure in _RATIO_MEASURES and unit == "%":
        return value * 100
    if measure in _DELAY_MEASURES and unit in _SECONDS_PER_UNIT:
        return value / _SECONDS_PER_UNIT[unit]
    return value


# ------------------------------------------------------------------------------ cover
@dataclass(frozen=True)
class PersonaCard:
    """A persona as shown on the cover."""

    name: str
    colour: str
    segment: str
    description: str
    goals: list[str]
    needs: list[str]
    frustrations: list[str]
    channels: list[str]
    quote: str


@dataclass(frozen=True)
class Kpi:
    """A headline count on the cover."""

    value: int
    label: str


@dataclass(frozen=True)
class Cover:
    """The cover page: what the journey is about and who lives it."""

    title: str
    scope: str
    objective: str
    expectations: list[str]
    owner: str
    dated: str
    personas: list[PersonaCard]
    kpis: list[Kpi]


def cover(m: JourneyMap, lang: str) -> Cover:
    """The cover of ``m``.

    >>> m = JourneyMap(journey={"title": "T", "owner": "CX"}, personas=[{"id": "p", "name": "Léa"}])
    >>> c = cover(m, "en")
    >>> (c.owner, c.personas[0].name, c.kpis[1].label)
    ('CX', 'Léa', 'steps')
    """
    j = m.journey
    dated = ""
    if j.updated is not None:
        dated = text("updated_on", lang, date=long_date(j.updated, lang))
    elif j.created is not None:
        dated = text("created_on", lang, date=long_date(j.created, lang))
    cards = [
        PersonaCard(
            name=p.name,
            colour=persona_colour(i),
            segment=p.segment,
            description=p.description,
            goals=list(p.goals),
            needs=list(p.needs),
            frustrations=list(p.frustrations),
            channels=[label(c, lang) for c in p.preferred_channels],
            quote=p.quote,
        )
        for i, p in enumerate(m.personas)
    ]
    kpis = [
        Kpi(len(m.phases), text("kpi_phases", lang)),
        Kpi(len(m.steps), text("kpi_steps", lang)),
        Kpi(sum(s.moment_of_truth for s in m.steps), text("kpi_moments", lang)),
        Kpi(sum(s.breaking_point for s in m.steps), text("kpi_breaking", lang)),
        Kpi(sum(len(s.irritants) for s in m.steps), text("kpi_irritants", lang)),
        Kpi(len(m.opportunities), text("kpi_opportunities", lang)),
    ]
    return Cover(
        title=j.title,
        scope=j.scope,
        objective=j.objective,
        expectations=list(j.expectations),
        owner=j.owner,
        dated=dated,
        personas=cards,
        kpis=kpis,
    )


# ------------------------------------------------------------------------------- grid
@dataclass(frozen=True)
class EmotionChip:
    """One persona's estimated emotion at a step."""

    persona: str
    colour: str
    score: int
    word: str
    reason: str

    @property
    def signed(self) -> str:
        """The score with its sign (``+2``, ``0``, ``−1``)."""
        if self.score > 0:
            return f"+{self.score}"
        return "0" if self.score == 0 else f"\u2212{-self.score}"


@dataclass(frozen=True)
class Item:
    """A short text with an optional qualifier (channel, category, office...)."""

    text: str
    tag: str = ""
    detail: str = ""
    kind: str = ""


@dataclass(frozen=True)
class MetricLine:
    """A metric with its target, alert threshold and latest measured value."""

    name: str
    target: str
    alert: str
    measured: str
    measured_on: str
    in_alert: bool
    source: str


@dataclass(frozen=True)
class StepColumn:
    """Everything the grid shows about one step."""

    number: int
    id: str
    name: str
    phase_index: int
    moment_of_truth: bool
    breaking_point: bool
    actions: list[str]
    touchpoints: list[Item]
    emotions: list[EmotionChip]
    irritants: list[Item]
    enchantments: list[str]
    data: list[Item]
    stakeholders: list[Item]
    metrics: list[MetricLine]
    custom: dict[str, str]
    role: RoleMark | None = None
    """How the step's role is shown (detour, alternative, outcome; see
    :mod:`parcours.render.roles`)."""


@dataclass(frozen=True)
class PhaseBand:
    """A phase header spanning some steps of a grid chunk."""

    name: str
    kind: str
    index: int
    span: int
    background: str
    ink: str
    continued: bool


@dataclass(frozen=True)
class Lane:
    """A row of the grid: its key (which cell macro to use) and its title."""

    key: str
    title: str
    custom_id: str = ""
    description: str = ""


@dataclass(frozen=True)
class GridChunk:
    """The steps of the grid that fit one page, with their phase bands."""

    part: int
    parts: int
    bands: list[PhaseBand]
    columns: list[StepColumn]


@dataclass(frozen=True)
class Grid:
    """The journey map grid, split into chunks of at most ``max_steps`` steps."""

    lanes: list[Lane]
    chunks: list[GridChunk]
    step_width_percent: float
    max_steps: int


def _phase_groups(m: JourneyMap) -> list[tuple[str | None, list[Step]]]:
    """Consecutive runs of steps sharing a phase, in display order (outcomes last)."""
    groups: list[tuple[str | None, list[Step]]] = []
    for step in display_steps(m):
        if groups and groups[-1][0] == step.phase:
            groups[-1][1].append(step)
        else:
            groups.append((step.phase, [step]))
    return groups


def lanes(m: JourneyMap, lang: str) -> list[Lane]:
    """The rows of the grid, standard lanes first then the map's custom lanes."""
    keys = (
        "actions",
        "touchpoints",
        "emotions",
        "irritants",
        "enchantments",
        "moments",
        "data",
        "stakeholders",
        "metrics",
    )
    standard = [Lane(key, text(f"lane_{key}", lang)) for key in keys]
    custom = [Lane("custom", c.name, c.id, c.description) for c in m.custom_lanes]
    return standard + custom


def grid(m: JourneyMap, lang: str, *, max_steps: int) -> Grid:
    """The journey map grid of ``m`` in chunks of at most ``max_steps`` steps.

    >>> m = JourneyMap(journey={"title": "T"},
    ...     phases=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...     steps=[{"id": f"s{i}", "name": f"S{i}", "phase": "a" if i < 3 else "b"}
    ...            for i in range(7)])
    >>> g = grid(m, "en", max_steps=4)
    >>> [[c.name for c in chunk.columns] for chunk in g.chunks]
    [['S0', 'S1', 'S2'], ['S3', 'S4', 'S5', 'S6']]
    """
    m = display_map(m, lang)
    phase_index = {p.id: i for i, p in enumerate(m.phases)}
    snapshot = m.latest_measurement()
    numbers = {s.id: n for n, s in enumerate(display_steps(m), start=1)}
    marks = role_marks(m, lang)
    groups = _phase_groups(m)
    packed = chunk_sizes([len(steps) for _, steps in groups], max_steps)
    chunks: list[GridChunk] = []
    group_iter = iter(groups)
    phase_id: str | None = None
    remaining: list[Step] = []
    seen_phase: set[str | None] = set()
    for pieces in packed:
        bands: list[PhaseBand] = []
        columns: list[StepColumn] = []
        for size in pieces:
            if not remaining:
                phase_id, remaining = next(group_iter)
                remaining = list(remaining)
            piece, remaining = remaining[:size], remaining[size:]
            index = phase_index.get(phase_id, -1) if phase_id is not None else -1
            bands.append(_band(m, lang, phase_id, index, size, continued=phase_id in seen_phase))
            seen_phase.add(phase_id)
            columns.extend(
                _column(m, lang, step, numbers[step.id], index, snapshot, marks[step.id])
                for step in piece
            )
        chunks.append(GridChunk(0, 0, bands, columns))
    total = len(chunks)
    chunks = [GridChunk(i, total, c.bands, c.columns) for i, c in enumerate(chunks, start=1)]
    width = max(max_steps, max((len(c.columns) for c in chunks), default=1))
    return Grid(lanes(m, lang), chunks, round(100 / width, 3), max_steps)


def _band(
    m: JourneyMap, lang: str, phase_id: str | None, index: int, span: int, *, continued: bool
) -> PhaseBand:
    if phase_id is None or index < 0:
        background, ink = "#eef1f4", "#52606d"
        return PhaseBand(text("no_phase", lang), "", index, span, background, ink, continued)
    phase = m.phases[index]
    background, ink = phase_tint(index)
    kind = label(phase.kind, lang) if phase.kind.value != "custom" else ""
    return PhaseBand(phase.name, kind, index, span, background, ink, continued)


def _column(
    m: JourneyMap,
    lang: str,
    step: Step,
    number: int,
    phase_index: int,
    snapshot: MetricSnapshot | None,
    mark: RoleMark | None = None,
) -> StepColumn:
    persona_order = {p.id: i for i, p in enumerate(m.personas)}
    emotions = [
        EmotionChip(
            persona=m.persona(e.persona).name,
            colour=persona_colour(persona_order[e.persona]),
            score=e.score,
            word=e.word,
            reason=e.reason,
        )
        for e in sorted(step.emotions, key=lambda e: persona_order.get(e.persona, 0))
    ]
    return StepColumn(
        number=number,
        id=step.id,
        name=step.name,
        phase_index=phase_index,
        moment_of_truth=step.moment_of_truth,
        breaking_point=step.breaking_point,
        actions=list(step.actions),
        touchpoints=[
            Item(t.name or label(t.channel, lang), label(t.channel, lang), t.owner_team)
            for t in step.touchpoints
        ],
        emotions=emotions,
        irritants=[
            Item(i.text, text(f"severity_{i.severity}", lang), kind=f"sev{i.severity}")
            for i in step.irritants
        ],
        enchantments=[e.text for e in step.enchantments],
        data=[
            _data_item(d.name, d.category, d.purpose, d.system, lang) for d in step.data_collected
        ],
        stakeholders=[
            Item(s.name, label(s.office, lang) if s.office else "", s.deliverable)
            for s in step.stakeholders
        ],
        metrics=[_metric_line(m, lang, step, metric, snapshot) for metric in step.metrics],
        custom=dict(step.custom),
        role=mark,
    )


def _data_item(
    name: str, category: DataCategory | None, purpose: str, system: str, lang: str
) -> Item:
    tag = label(category, lang) if category else text("unclassified", lang)
    details = [d for d in (purpose, system) if d]
    return Item(name, tag, " · ".join(details), category.value if category else "unclassified")


def _metric_line(
    m: JourneyMap,
    lang: str,
    step: Step,
    metric: MetricDefinition,
    snapshot: MetricSnapshot | None,
) -> MetricLine:
    # a delay in seconds reads better as a duration: 55,122 s is "15 h"
    unit = metric.unit.strip().lower()
    seconds_unit = not unit or _SECONDS_PER_UNIT.get(unit) == 1.0
    in_seconds = metric.measure in _DELAY_MEASURES and seconds_unit

    def shown(amount: float) -> str:
        return format_delay(amount, lang) if in_seconds else quantity(amount, metric.unit, lang)

    target = shown(metric.target) if metric.target is not None else ""
    alert = shown(metric.alert_threshold) if metric.alert_threshold is not None else ""
    measured, measured_on, in_alert = "", "", False
    if snapshot is not None and metric.measure is not None:
        value = next(
            (
                v.value
                for v in snapshot.values
                if v.step == step.id and v.measure is metric.measure and v.overall
            ),
            None,
        )
        if value is not None:
            converted = in_metric_unit(metric, metric.measure, value)
            measured = shown(converted)
            day = local_day(snapshot.taken_at, m.journey.timezone)
            measured_on = text("measured_on", lang, date=long_date(day, lang))
            in_alert = metric.is_alert(converted)
    return MetricLine(metric.name, target, alert, measured, measured_on, in_alert, metric.source)


# ------------------------------------------------------------------------ experience
@dataclass(frozen=True)
class KeyMoment:
    """A moment of truth or breaking point, listed under the experience curve."""

    number: int
    name: str
    phase: str
    moment_of_truth: bool
    breaking_point: bool
    emotions: list[EmotionChip]
    main_irritant: str


def key_moments(m: JourneyMap, lang: str) -> list[KeyMoment]:
    """Steps that are moments of truth or breaking points, in journey order."""
    moments: list[KeyMoment] = []
    for number, step in enumerate(display_steps(m), start=1):
        if not (step.moment_of_truth or step.breaking_point):
            continue
        phase = m.phase_of(step)
        worst = max(step.irritants, key=lambda i: i.severity, default=None)
        column = _column(m, lang, step, number, -1, None)
        moments.append(
            KeyMoment(
                number,
                step.name,
                phase.name if phase else "",
                step.moment_of_truth,
                step.breaking_point,
                column.emotions,
                worst.text if worst else "",
            )
        )
    return moments


# ------------------------------------------------------------------------- listening
@dataclass(frozen=True)
class ListeningRow:
    """A listening point of the listening plan."""

    step_number: int
    step: str
    moment_of_truth: bool
    breaking_point: bool
    medium: str
    questions: list[str]
    target: str
    timing: str
    frequency: str
    threshold: str


def threshold_text(threshold: Threshold | None, lang: str) -> str:
    """An alert threshold in words.

    >>> threshold_text(Threshold(indicator="CSAT", comparator="below", value=80, unit="%"), "fr")
    'CSAT inférieur à 80\xa0%'
    """
    if threshold is None:
        return ""
    comparator = text(f"comparator_{threshold.comparator.value}", lang)
    return f"{threshold.indicator} {comparator} {quantity(threshold.value, threshold.unit, lang)}"


def _delay_text(hours: float, lang: str) -> str:
    if hours < 48:
        return text(
            "survey_hours", lang, n=format_number(hours, lang, digits=1).rstrip("0").rstrip(".,")
        )
    days = format_number(hours / 24, lang, digits=1).rstrip("0").rstrip(".,")
    return text("survey_days", lang, n=days)


def survey_timing(lp: ListeningPoint, lang: str) -> str:
    """The point's own timing text, then when the survey tool sends it.

    >>> print(survey_timing(ListeningPoint(step="s", medium="email_warm", timing="After"), "en"))
    After — Warm (days later): 3 days after the step's event
    """
    trigger = lp.trigger_activity or text("survey_any_event", lang)
    when = text(
        "survey_when",
        lang,
        temperature=label(lp.effective_temperature(), lang),
        delay=_delay_text(lp.effective_delay_hours(), lang),
        trigger=trigger,
    )
    return " — ".join(part for part in (lp.timing, when) if part)


def survey_frequency(lp: ListeningPoint, lang: str) -> str:
    """The point's own frequency text, then the target, sampling and fatigue rules.

    >>> survey_frequency(ListeningPoint(step="s", medium="sms", fatigue_days=30), "en")
    'at most one survey per customer every 30 days'
    """
    parts = [lp.frequency]
    if lp.target_segments:
        parts.append(text("survey_segments", lang, names=", ".join(lp.target_segments)))
    if lp.target_channels:
        parts.append(text("survey_channels", lang, names=", ".join(lp.target_channels)))
    if lp.sampling_rate < 1:
        parts.append(text("survey_sampling", lang, rate=format_percent(lp.sampling_rate, lang)))
    if lp.fatigue_days:
        parts.append(text("survey_fatigue", lang, days=f"{lp.fatigue_days:g}"))
    return " — ".join(part for part in parts if part)


def survey_questions(lp: ListeningPoint, lang: str) -> list[str]:
    """The questions, each with its answer scale unless it is open text."""
    return [
        q.text if q.scale is QuestionScale.OPEN_TEXT else f"{q.text} [{label(q.scale, lang)}]"
        for q in lp.questionnaire()
    ]


def listening_plan(m: JourneyMap, lang: str) -> list[ListeningRow]:
    """The listening points of ``m`` in journey order, as the questionnaires a survey
    tool runs (questions with their scale, when and to whom they are sent)."""
    order = {s.id: n for n, s in enumerate(display_steps(m), start=1)}
    rows = [
        ListeningRow(
            step_number=order[lp.step],
            step=m.step(lp.step).name,
            moment_of_truth=m.step(lp.step).moment_of_truth,
            breaking_point=m.step(lp.step).breaking_point,
            medium=label(lp.medium, lang),
            questions=survey_questions(lp, lang),
            target=lp.target,
            timing=survey_timing(lp, lang),
            frequency=survey_frequency(lp, lang),
            threshold=threshold_text(lp.alert_threshold, lang),
        )
        for lp in m.listening_points
    ]
    return sorted(rows, key=lambda r: r.step_number)


# ------------------------------------------------------------------------------ data
DATA_COLUMNS: tuple[str, ...] = ("personal", "transactional", "behavioural", "unclassified")


@dataclass(frozen=True)
class DataRow:
    """Data items collected at one step, by category."""

    step_number: int
    step: str
    phase: str
    by_category: dict[str, list[Item]]


@dataclass(frozen=True)
class DataInventory:
    """The data-collected inventory: one row per step that collects something."""

    headers: list[tuple[str, str]]
    rows: list[DataRow]
    totals: dict[str, int] = field(default_factory=dict)


def data_inventory(m: JourneyMap, lang: str) -> DataInventory:
    """Data items of ``m`` per step and category.

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "s", "name": "S",
    ...     "data_collected": [{"name": "Email", "category": "personal"}, {"name": "Clicks"}]}])
    >>> inv = data_inventory(m, "en")
    >>> inv.totals
    {'personal': 1, 'transactional': 0, 'behavioural': 0, 'unclassified': 1}
    """
    headers = [(key, _category_title(key, lang)) for key in DATA_COLUMNS]
    rows: list[DataRow] = []
    totals = dict.fromkeys(DATA_COLUMNS, 0)
    for number, step in enumerate(display_steps(m), start=1):
        if not step.data_collected:
            continue
        by_category: dict[str, list[Item]] = {key: [] for key in DATA_COLUMNS}
        for d in step.data_collected:
            item = _data_item(d.name, d.category, d.purpose, d.system, lang)
            by_category[item.kind].append(item)
            totals[item.kind] += 1
        phase = m.phase_of(step)
        rows.append(DataRow(number, step.name, phase.name if phase else "", by_category))
    return DataInventory(headers, rows, totals)


def _category_title(key: str, lang: str) -> str:
    return text("unclassified", lang) if key == "unclassified" else label(key, lang)


# --------------------------------------------------------------------- opportunities
@dataclass(frozen=True)
class OpportunityRow:
    """An opportunity in the ranked table."""

    rank: int
    title: str
    description: str
    quadrant: str
    quadrant_label: str
    impact: int
    effort: int
    priority: str
    steps: list[str]
    irritants: list[str]
    owner: str
    status: str


def ranked_opportunities(m: JourneyMap, lang: str) -> list[OpportunityRow]:
    """Opportunities by priority (impact / effort), then impact, then estimate, then title
    (:func:`parcours.analytics.rank_opportunities`; a person's impact override counts).

    >>> m = JourneyMap(journey={"title": "T"}, opportunities=[
    ...     {"title": "B", "impact": 2, "effort": 2}, {"title": "A", "impact": 5, "effort": 1}])
    >>> [(r.rank, r.title, r.quadrant) for r in ranked_opportunities(m, "en")]
    [(1, 'A', 'quick_win'), (2, 'B', 'fill_in')]
    """
    irritants = {i.id: i.text for s in m.steps for i in s.irritants if i.id}
    names = {s.id: s.name for s in m.steps}

    return [
        OpportunityRow(
            rank=rank,
            title=o.title,
            description=o.description,
            quadrant=o.quadrant,
            quadrant_label=text(o.quadrant, lang),
            impact=o.scored_impact,
            effort=o.effort,
            priority=format_number(o.priority, lang, digits=2),
            steps=[names[s] for s in o.steps if s in names],
            irritants=[irritants[i] for i in o.irritants if i in irritants],
            owner=o.owner,
            status=label(o.status, lang),
        )
        for rank, o in enumerate(rank_opportunities(m.opportunities), start=1)
    ]


# ---------------------------------------------------------------------------- rubric
@dataclass(frozen=True)
class RuleRow:
    """One rule of the checklist and whether the map passes it."""

    id: str
    title: str
    passed: bool
    findings: int


@dataclass(frozen=True)
class FindingRow:
    """One finding of the quality report."""

    rule_id: str
    severity: str
    severity_key: str
    element: str
    message: str
    hint: str


@dataclass(frozen=True)
class RubricSection:
    """The quality report as shown: the checklist then the findings."""

    available: bool
    rules: list[RuleRow]
    findings: list[FindingRow]

    @property
    def passed(self) -> int:
        """How many rules pass."""
        return sum(r.passed for r in self.rules)


def rubric_section(report: Any, lang: str) -> RubricSection:
    """Read a ``parcours.rubric`` report (or None) into rows.

    The report is read through its public attributes: ``findings`` (each with
    ``rule_id``, ``severity``, ``element_id``, ``message(lang)``, ``hint(lang)``) and
    the per-rule results (``rules``, each with ``id``/``rule_id``, ``title(lang)`` or
    ``name`` and ``passed``) when present.

    >>> rubric_section(None, "en").available
    False
    """
    if report is None:
        return RubricSection(False, [], [])
    findings = [_finding_row(f, lang) for f in getattr(report, "findings", [])]
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule_id] = counts.get(f.rule_id, 0) + 1
    rules = [_rule_row(r, lang, counts) for r in _rules_of(report)]
    if not rules:
        rules = [RuleRow(rule_id, rule_id, False, n) for rule_id, n in counts.items()]
    return RubricSection(True, rules, findings)


def _call_or_value(obj: Any, name: str, lang: str) -> str:
    value = getattr(obj, name, "")
    if callable(value):
        value = value(lang)
    return "" if value is None else str(value)


def _rules_of(report: Any) -> list[Any]:
    for name in ("rules", "summary", "checklist"):
        value = getattr(report, name, None)
        if callable(value):
            value = value()
        if value:
            return list(value.values() if isinstance(value, dict) else value)
    return []


def _rule_row(rule: Any, lang: str, counts: dict[str, int]) -> RuleRow:
    inner = getattr(rule, "rule", rule)
    rule_id = str(getattr(rule, "rule_id", None) or getattr(inner, "id", ""))
    title = _call_or_value(inner, "title", lang) or _call_or_value(inner, "name", lang) or rule_id
    count = counts.get(rule_id, 0)
    passed = getattr(rule, "passed", None)
    return RuleRow(rule_id, title, bool(passed) if passed is not None else count == 0, count)


def _finding_row(finding: Any, lang: str) -> FindingRow:
    severity = getattr(finding, "severity", "")
    severity_key = str(getattr(severity, "value", severity))
    return FindingRow(
        rule_id=str(getattr(finding, "rule_id", "")),
        severity=_call_or_value(finding, "severity_label", lang) or severity_key,
        severity_key=severity_key,
        element=str(getattr(finding, "element_id", "") or ""),
        message=_call_or_value(finding, "message", lang),
        hint=_call_or_value(finding, "hint", lang),
    )
