"""Measured satisfaction from survey answers: joined to the journey, with confidence intervals.

**Joining an answer to a step** (``assigned_by``), first rule that applies:

1. ``step``: the answer names a step (its ``step`` column) and the name matches a map step
   as activities do (:mod:`parcours.events.matching`): the step's id, its name (ignoring
   case, accents and spaces), the ``activity`` of one of its ``events:`` bindings, or a
   binding ``pattern`` found in the name. First step in map order wins.
2. ``position``: with an event log, the step of the customer's last matched event at or
   before the answer's time (the customer's position in the journey when answering).
3. ``text``: a step a text module chose from the verbatim (``text_steps``: source row ->
   step id), for answers the first two rules left unassigned;
4. ``unassigned``: none of these. :data:`ASSIGNED_BY` lists the values.

**Measures** per group (step, touchpoint, channel, segment, persona, and overall):

- ``csat_share``: share of CSAT answers of 4 or 5 (scale 1-5), 95 % **Wilson** interval:
  ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`` with z = 1.96.
- ``nps``: 100 × (share of 9-10 − share of 0-6) on NPS answers (0-10). Each answer
  counts +1, 0 or −1; the interval is the normal one on that mean:
  ``nps ± z·100·sqrt((p₊ + p₋ − (p₊ − p₋)²) / n)``, clipped to [−100, 100].
- ``csat_mean``, ``ces_mean`` (CES 1-7, higher is easier) and ``emotion``: means with the
  normal interval ``mean ± z·s/sqrt(n)`` (s: sample standard deviation; no interval for
  n < 2).
- ``emotion``: each answer's scores put on the -2..+2 emotion scale of the map
  (:mod:`parcours.model.emotion`), then averaged: CSAT ``s − 3``; NPS ``(s − 5) × 0.4``;
  CES ``(s − 4) × 2/3`` (each scale's middle is 0, its ends ±2). An answer with several
  scores counts once, with the mean of its converted scores.

An estimate made on fewer than :data:`SMALL_SAMPLE` answers carries ``small_sample=True``:
it is shown as an indication, never as a fact.

**Recent change** per step: the answers of the last ``recent_days`` (to the last answer)
against the earlier ones; the CSAT shares (or mean emotion when no CSAT) are compared
with a two-sided two-proportion z-test (Welch z-test for means); ``dropped`` when the
change is negative at p < 0.05 / k (Bonferroni over the k steps compared, so that testing
every step does not make noise fire) and neither side is a small sample.

>>> import pandas as pd
>>> from parcours.engine import Engine
>>> from parcours.events.feedback import feedback_from_dataframe
>>> from parcours.model import JourneyMap
>>> fb = feedback_from_dataframe(pd.DataFrame({"client": ["a", "b", "c"],
...     "date": ["2026-01-01", "2026-01-02", "2026-01-03"], "etape": ["Pay", "pay", "?"],
...     "csat": [5, 2, 4]}))
>>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "s-pay", "name": "Pay"}])
>>> result = analyze_feedback(fb.engine, fb.table, m)
>>> result.assigned, result.steps[0].csat_share.value, result.steps[0].small_sample
({'step': 2, 'unassigned': 1}, 0.5, True)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from parcours.analytics.opportunities import ChannelGap
from parcours.analytics.text.themes import Theme
from parcours.engine import Engine
from parcours.events.canonical import table_ref
from parcours.events.mapping import normalise
from parcours.model import JourneyMap, QuestionScale

if TYPE_CHECKING:
    import ibis.expr.types as ir

Z95 = 1.959963984540054
"""The normal quantile of a two-sided 95 % interval."""

SMALL_SAMPLE = 30
"""Below this many answers, an estimate is flagged ``small_sample`` (shown, never as fact)."""

ASSIGNED_BY = ("step", "position", "text", "unassigned")
"""How an answer was tied to a step (``text``: left to a text module)."""

DIMENSIONS = ("step", "touchpoint", "channel", "segment", "persona")
"""The groupings of :class:`FeedbackAnalysis` (``step``: the assigned step id)."""

ALPHA = 0.05
"""Family-wise significance level of the recent drops (split over the steps compared)."""

_CSAT_TOP = QuestionScale.CSAT.top_box
_NPS_TOP, _NPS_BOTTOM = QuestionScale.NPS.top_box, QuestionScale.NPS.bottom_box

RECENT_DAYS = 28
"""Default length of the recent period compared with the earlier answers."""


# ----------------------------------------------------------------------------- intervals
def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a share ``successes / n``.

    >>> [round(x, 4) for x in wilson_interval(8, 10)]
    [0.4902, 0.9433]
    >>> wilson_interval(0, 0)
    (0.0, 1.0)
    """
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return max(0.0, (centre - half) / scale), min(1.0, (centre + half) / scale)


def nps_interval(promoters: int, detractors: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The normal interval of an NPS (on -100..100) from its promoter and detractor counts.

    >>> [round(x, 1) for x in nps_interval(5, 2, 10)]
    [-18.4, 78.4]
    """
    if n <= 0:
        return -100.0, 100.0
    plus, minus = promoters / n, detractors / n
    nps = plus - minus
    half = z * math.sqrt(max(plus + minus - nps * nps, 0.0) / n)
    return max(-100.0, 100 * (nps - half)), min(100.0, 100 * (nps + half))


def mean_interval(
    mean: float, sd: float | None, n: int, z: float = Z95
) -> tuple[float | None, float | None]:
    """The normal interval ``mean ± z·sd/sqrt(n)`` (None when n < 2).

    >>> [round(x, 3) for x in mean_interval(3.0, 1.0, 4)]
    [2.02, 3.98]
    """
    if n < 2 or sd is None or math.isnan(sd):
        return None, None
    half = z * sd / math.sqrt(n)
    return mean - half, mean + half


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Estimate:
    """A measured value, its 95 % interval and the number of answers it rests on."""

    value: float
    low: float | None
    high: float | None
    responses: int

    @property
    def small_sample(self) -> bool:
        """Fewer than :data:`SMALL_SAMPLE` answers: an indication, not a fact."""
        return self.responses < SMALL_SAMPLE

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self) | {"small_sample": self.small_sample}


@dataclass(frozen=True)
class GroupSatisfaction:
    """Satisfaction of the answers of one group (value None in ``overall``)."""

    dimension: str
    value: str | None
    responses: int
    texts: int
    csat_share: Estimate | None = None
    csat_mean: Estimate | None = None
    nps: Estimate | None = None
    ces_mean: Estimate | None = None
    emotion: Estimate | None = None

    @property
    def small_sample(self) -> bool:
        """True when every estimate of the group rests on a small sample."""
        estimates = [e for e in self.estimates() if e is not None]
        return all(e.small_sample for e in estimates) if estimates else True

    def estimates(self) -> tuple[Estimate | None, ...]:
        """The group's estimates, in a fixed order (csat share, csat mean, nps, ces, emotion)."""
        return (self.csat_share, self.csat_mean, self.nps, self.ces_mean, self.emotion)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        out: dict[str, Any] = {
            "dimension": self.dimension,
            "value": self.value,
            "responses": self.responses,
            "texts": self.texts,
            "small_sample": self.small_sample,
        }
        for name in ("csat_share", "csat_mean", "nps", "ces_mean", "emotion"):
            estimate: Estimate | None = getattr(self, name)
            out[name] = None if estimate is None else estimate.to_dict()
        return out


@dataclass(frozen=True)
class StepEmotion:
    """The measured emotion of a step beside the map's estimate (mean over personas)."""

    step: str
    measured: Estimate | None
    estimated: float | None

    @property
    def gap(self) -> float | None:
        """``measured - estimated`` on the -2..+2 scale (None when either is missing)."""
        if self.measured is None or self.estimated is None:
            return None
        return self.measured.value - self.estimated

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "step": self.step,
            "measured": None if self.measured is None else self.measured.to_dict(),
            "estimated": self.estimated,
            "gap": self.gap,
        }


@dataclass(frozen=True)
class RecentChange:
    """A step's satisfaction in the recent period against the earlier answers."""

    step: str
    measure: str
    """``csat_share`` or ``emotion``."""
    before: Estimate
    recent: Estimate
    p_value: float
    alpha: float = 0.05
    """Significance level: 0.05 over the number of steps compared (Bonferroni), so that
    testing every step does not make noise fire."""

    @property
    def change(self) -> float:
        """``recent - before``."""
        return self.recent.value - self.before.value

    @property
    def dropped(self) -> bool:
        """A significant fall (p < ``alpha``) between two samples that are not small."""
        small = self.before.small_sample or self.recent.small_sample
        return self.change < 0 and self.p_value < self.alpha and not small

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "step": self.step,
            "measure": self.measure,
            "before": self.before.to_dict(),
            "recent": self.recent.to_dict(),
            "change": self.change,
            "p_value": self.p_value,
            "alpha": self.alpha,
            "dropped": self.dropped,
        }


@dataclass(frozen=True)
class Proposal:
    """An irritant (negative theme) or enchantment (positive theme) proposed for a step,
    with its evidence, for a person to accept into the map."""

    kind: str
    """``irritant`` or ``enchantment``."""
    step: str
    theme: str
    label: str
    count: int
    share: float
    """Share of the step's verbatims of that polarity."""
    quotes: tuple[str, ...]
    lift: float = 0.0
    """``share`` over the theme's share among the verbatims of every step (same polarity)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self) | {"quotes": list(self.quotes)}


@dataclass(frozen=True)
class FeedbackAnalysis:
    """Everything measured from the answers (``docs/analytics.md``, section Feedback)."""

    answers: int
    assigned: dict[str, int]
    """Answers by ``assigned_by`` value (only the values that occur)."""
    overall: GroupSatisfaction
    groups: dict[str, tuple[GroupSatisfaction, ...]]
    """By dimension of :data:`DIMENSIONS` (absent: no such column, or no persona segment)."""
    emotions: tuple[StepEmotion, ...]
    recent: tuple[RecentChange, ...]
    recent_days: int = RECENT_DAYS
    notes: tuple[str, ...] = ()
    """Keys of remarks: ``no_persona_segment`` when the map ties no persona to a segment."""
    small_sample_threshold: int = SMALL_SAMPLE
    table: ir.Table | None = field(default=None, compare=False, repr=False)
    """The answers with ``step_id``, ``assigned_by``, ``persona`` and ``valence``."""
    verbatims: int = 0
    """Answers with a non-blank text that the text module read (0: texts not read)."""
    themes: tuple[Theme, ...] = ()
    """Themes of the verbatims per step and polarity (:mod:`parcours.analytics.text`)."""
    proposals: tuple[Proposal, ...] = ()
    """Irritants and enchantments proposed from the themes, for a person to accept."""

    @property
    def steps(self) -> tuple[GroupSatisfaction, ...]:
        """The per-step groups, in map order."""
        return self.groups.get("step", ())

    def group(self, dimension: str, value: str) -> GroupSatisfaction | None:
        """The group ``value`` of ``dimension``, if it has answers."""
        return next((g for g in self.groups.get(dimension, ()) if g.value == value), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "answers": self.answers,
            "assigned": dict(self.assigned),
            "small_sample_threshold": self.small_sample_threshold,
            "overall": self.overall.to_dict(),
            "groups": {k: [g.to_dict() for g in v] for k, v in self.groups.items()},
            "emotions": [e.to_dict() for e in self.emotions],
            "recent_days": self.recent_days,
            "recent": [r.to_dict() for r in self.recent],
            "notes": list(self.notes),
            "verbatims": self.verbatims,
            "themes": [t.to_dict() for t in self.themes],
            "proposals": [p.to_dict() for p in self.proposals],
        }


# ----------------------------------------------------------------------------- joining
def step_for_label(label: str, journey_map: JourneyMap) -> str | None:
    """The map step a feedback ``step`` value names (rules in the module docstring).

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "T"}, steps=[
    ...     {"id": "s-open", "name": "Ouvrir le compte", "events": [{"pattern": "^open"}]}])
    >>> [step_for_label(x, m) for x in ["s-open", "ouvrir le  Compte", "open_app", "pay"]]
    ['s-open', 's-open', 's-open', None]
    """
    text = label.strip()
    norm = normalise(text)
    for step in journey_map.steps:
        if text == step.id or norm == normalise(step.name):
            return step.id
    for step in journey_map.steps:
        for binding in step.events:
            if binding.activity is not None and binding.activity == text:
                return step.id
            if binding.pattern is not None and binding.activity is None:
                try:
                    if re.search(binding.pattern, text):
                        return step.id
                except re.error:
                    continue
    return None


def persona_by_segment(journey_map: JourneyMap) -> dict[str, str]:
    """Persona id by segment value, for the personas that name a segment (first wins).

    >>> from parcours.model import JourneyMap
    >>> persona_by_segment(JourneyMap(journey={"title": "T"}, personas=[
    ...     {"id": "p-1", "name": "A", "segment": "young"}, {"id": "p-2", "name": "B"}]))
    {'young': 'p-1'}
    """
    out: dict[str, str] = {}
    for persona in journey_map.personas:
        if persona.segment:
            out.setdefault(persona.segment.strip(), persona.id)
    return out


def assign_feedback(
    engine: Engine,
    feedback: ir.Table,
    journey_map: JourneyMap,
    matched: ir.Table | None = None,
    text_steps: Mapping[int, str] | None = None,
) -> ir.Table:
    """The answers with ``step_id``, ``assigned_by``, ``persona`` and ``valence`` columns.

    ``matched`` is the event table after step matching (``case_id``, ``timestamp``,
    ``step``); without it, only answers naming their step are assigned. ``text_steps``
    (source ``row`` -> step id, e.g. from a text classifier) assigns the answers left.
    """
    labels = [
        r["step"]
        for r in engine.execute(feedback.select("step").distinct()).to_pylist()
        if r["step"] is not None
    ]
    named = {label: step_for_label(label, journey_map) for label in labels}
    pairs = [(feedback.step == label, sid) for label, sid in named.items() if sid is not None]
    step_expr = ibis.cases(*pairs, else_=ibis.null("string")) if pairs else ibis.null("string")
    personas = persona_by_segment(journey_map)
    persona_pairs = [(feedback.segment.strip() == seg, pid) for seg, pid in personas.items()]
    persona_expr = (
        ibis.cases(*persona_pairs, else_=ibis.null("string"))
        if persona_pairs
        else ibis.null("string")
    )
    base = engine.materialize(
        feedback.mutate(
            named_step=step_expr.cast("string"),
            persona=persona_expr.cast("string"),
            valence=_valence(feedback),
        )
    )
    if matched is None:
        positioned = base.mutate(position_step=ibis.null("string"))
    else:
        positioned = _position(engine, base, matched)
    positioned = _with_text_steps(engine, positioned, journey_map, text_steps)
    step_id = positioned.named_step.coalesce(positioned.position_step, positioned.text_step)
    assigned_by = ibis.cases(
        (positioned.named_step.notnull(), "step"),
        (positioned.position_step.notnull(), "position"),
        (positioned.text_step.notnull(), "text"),
        else_="unassigned",
    )
    return engine.materialize(
        positioned.mutate(step_id=step_id, assigned_by=assigned_by).drop(
            "named_step", "position_step", "text_step"
        )
    )


def _with_text_steps(
    engine: Engine,
    table: ir.Table,
    journey_map: JourneyMap,
    text_steps: Mapping[int, str] | None,
) -> ir.Table:
    """``table`` with a ``text_step`` column from ``text_steps`` (ids not in the map ignored)."""
    known = {s.id for s in journey_map.steps}
    pairs = {int(r): s for r, s in (text_steps or {}).items() if s in known}
    if not pairs:
        return table.mutate(text_step=ibis.null("string"))
    lookup = engine.table(
        pa.table(
            {
                "text_row": pa.array(list(pairs), pa.int64()),
                "text_step": pa.array(list(pairs.values()), pa.string()),
            }
        )
    )
    joined = table.left_join(lookup, table.row == lookup.text_row)
    return joined.drop("text_row")


def _valence(t: ir.Table) -> ir.FloatingValue:
    """Mean of the answer's scores on the -2..+2 emotion scale (None without scores)."""
    parts = [(t.csat - 3.0), (t.nps - 5.0) * 0.4, (t.ces - 4.0) * (2.0 / 3.0)]
    total = parts[0].fill_null(0) + parts[1].fill_null(0) + parts[2].fill_null(0)
    count = (
        t.csat.notnull().cast("int32")
        + t.nps.notnull().cast("int32")
        + t.ces.notnull().cast("int32")
    )
    return ibis.cases((count > 0, total / count.cast("float64")), else_=ibis.null("float64"))


def _position(engine: Engine, base: ir.Table, matched: ir.Table) -> ir.Table:
    """The step of each customer's last matched event at or before each answer (ASOF)."""
    steps = engine.materialize(
        matched.filter(matched.step.notnull()).select("case_id", "timestamp", "step")
    )
    query = (
        f"SELECT f.*, e.step AS position_step FROM {table_ref(base)} AS f "
        f"ASOF LEFT JOIN {table_ref(steps)} AS e "
        "ON f.customer_id = e.case_id AND f.timestamp >= e.timestamp"
    )
    return engine.materialize(engine.sql(query))


# ----------------------------------------------------------------------------- measuring
def analyze_feedback(
    engine: Engine,
    feedback: ir.Table,
    journey_map: JourneyMap,
    matched: ir.Table | None = None,
    *,
    recent_days: int = RECENT_DAYS,
    text_steps: Mapping[int, str] | None = None,
) -> FeedbackAnalysis:
    """Join the answers to the journey and measure satisfaction by group (module docstring).

    ``feedback`` follows :data:`~parcours.events.feedback.FEEDBACK_SCHEMA`; ``matched`` is
    the optional step-matched event table; ``text_steps`` the steps a text module chose for
    answers (source row -> step id), used for the answers the other rules leave.
    """
    table = assign_feedback(engine, feedback, journey_map, matched, text_steps)
    notes: list[str] = []
    present = _present_dimensions(engine, table)
    groups: dict[str, tuple[GroupSatisfaction, ...]] = {}
    step_order = {s.id: i for i, s in enumerate(journey_map.steps)}
    for dimension in DIMENSIONS:
        if dimension == "persona" and not persona_by_segment(journey_map):
            notes.append("no_persona_segment")
            continue
        if dimension not in present:
            continue
        column = "step_id" if dimension == "step" else dimension
        found = _measure_groups(engine, table, dimension, column)
        if dimension == "step":
            found = sorted(found, key=lambda g: step_order.get(g.value or "", len(step_order)))
        groups[dimension] = tuple(found)
    overall = _measure_groups(engine, table, "overall", None)[0]
    assigned_rows = engine.execute(
        table.group_by("assigned_by").aggregate(n=table.count())
    ).to_pylist()
    assigned = {
        key: n
        for key in ASSIGNED_BY
        for n in [next((int(r["n"]) for r in assigned_rows if r["assigned_by"] == key), 0)]
        if n
    }
    emotions = tuple(_emotions(journey_map, groups.get("step", ())))
    recent = tuple(_recent(engine, table, journey_map, recent_days))
    return FeedbackAnalysis(
        answers=overall.responses,
        assigned=assigned,
        overall=overall,
        groups=groups,
        emotions=emotions,
        recent=recent,
        recent_days=recent_days,
        notes=tuple(notes),
        table=table,
    )


def _present_dimensions(engine: Engine, table: ir.Table) -> set[str]:
    row = engine.execute(
        table.aggregate(
            step=table.step_id.count(),
            touchpoint=table.touchpoint.count(),
            channel=table.channel.count(),
            segment=table.segment.count(),
            persona=table.persona.count(),
        )
    ).to_pylist()[0]
    return {name for name, n in row.items() if n}


def _aggregates(t: ir.Table) -> dict[str, ir.Value]:
    return {
        "responses": t.count(),
        "texts": t.count(where=t.text.notnull()),
        "csat_n": t.csat.count(),
        "csat_ok": t.count(where=t.csat >= _CSAT_TOP),
        "csat_mean": t.csat.mean(),
        "csat_sd": t.csat.std(),
        "nps_n": t.nps.count(),
        "promoters": t.count(where=t.nps >= _NPS_TOP),
        "detractors": t.count(where=t.nps <= _NPS_BOTTOM),
        "ces_n": t.ces.count(),
        "ces_mean": t.ces.mean(),
        "ces_sd": t.ces.std(),
        "val_n": t.valence.count(),
        "val_mean": t.valence.mean(),
        "val_sd": t.valence.std(),
    }


def _measure_groups(
    engine: Engine, table: ir.Table, dimension: str, column: str | None
) -> list[GroupSatisfaction]:
    if column is None:
        rows = engine.execute(table.aggregate(**_aggregates(table))).to_pylist()
        return [_group(dimension, None, rows[0])]
    kept = table.filter(table[column].notnull())
    grouped = kept.group_by(value=kept[column]).aggregate(**_aggregates(kept))
    ordered = grouped.order_by([ibis.desc("responses"), "value"])
    return [_group(dimension, r["value"], r) for r in engine.execute(ordered).to_pylist()]


def _group(dimension: str, value: str | None, r: dict[str, Any]) -> GroupSatisfaction:
    return GroupSatisfaction(
        dimension=dimension,
        value=value,
        responses=int(r["responses"]),
        texts=int(r["texts"]),
        csat_share=_share(int(r["csat_ok"]), int(r["csat_n"])),
        csat_mean=_mean(r["csat_mean"], r["csat_sd"], int(r["csat_n"])),
        nps=_nps(int(r["promoters"]), int(r["detractors"]), int(r["nps_n"])),
        ces_mean=_mean(r["ces_mean"], r["ces_sd"], int(r["ces_n"])),
        emotion=_mean(r["val_mean"], r["val_sd"], int(r["val_n"])),
    )


def _share(successes: int, n: int) -> Estimate | None:
    if n == 0:
        return None
    low, high = wilson_interval(successes, n)
    return Estimate(successes / n, low, high, n)


def _nps(promoters: int, detractors: int, n: int) -> Estimate | None:
    if n == 0:
        return None
    low, high = nps_interval(promoters, detractors, n)
    return Estimate(100 * (promoters - detractors) / n, low, high, n)


def _mean(mean: float | None, sd: float | None, n: int) -> Estimate | None:
    if n == 0 or mean is None:
        return None
    low, high = mean_interval(float(mean), None if sd is None else float(sd), n)
    return Estimate(float(mean), low, high, n)


def _emotions(journey_map: JourneyMap, steps: Iterable[GroupSatisfaction]) -> Iterable[StepEmotion]:
    by_step = {g.value: g for g in steps}
    for step in journey_map.steps:
        scores = [e.score for e in step.emotions]
        estimated = sum(scores) / len(scores) if scores else None
        group = by_step.get(step.id)
        measured = group.emotion if group is not None else None
        if measured is None and estimated is None:
            continue
        yield StepEmotion(step=step.id, measured=measured, estimated=estimated)


# ----------------------------------------------------------------------------- recent change
def _recent(
    engine: Engine, table: ir.Table, journey_map: JourneyMap, recent_days: int
) -> Iterable[RecentChange]:
    end = engine.scalar(table.timestamp.max())
    if end is None:
        return
    cut = end - timedelta(days=recent_days)
    assigned = table.filter(table.step_id.notnull())
    period = ibis.cases((assigned.timestamp > cut, "recent"), else_="before")
    grouped = assigned.group_by(step=assigned.step_id, period=period).aggregate(
        **_aggregates(assigned)
    )
    rows = engine.execute(grouped).to_pylist()
    by_key = {(r["step"], r["period"]): r for r in rows}
    changes: list[RecentChange] = []
    for step in journey_map.steps:
        before, recent = by_key.get((step.id, "before")), by_key.get((step.id, "recent"))
        if before is None or recent is None:
            continue
        change = _change(step.id, before, recent)
        if change is not None:
            changes.append(change)
    for change in changes:
        yield replace(change, alpha=ALPHA / len(changes))


def _change(step: str, before: dict[str, Any], recent: dict[str, Any]) -> RecentChange | None:
    if before["csat_n"] and recent["csat_n"]:
        b = _share(int(before["csat_ok"]), int(before["csat_n"]))
        r = _share(int(recent["csat_ok"]), int(recent["csat_n"]))
        assert b is not None and r is not None
        p = two_proportion_p(
            int(before["csat_ok"]),
            int(before["csat_n"]),
            int(recent["csat_ok"]),
            int(recent["csat_n"]),
        )
        return RecentChange(step, "csat_share", b, r, p)
    if before["val_n"] and recent["val_n"]:
        b2 = _mean(before["val_mean"], before["val_sd"], int(before["val_n"]))
        r2 = _mean(recent["val_mean"], recent["val_sd"], int(recent["val_n"]))
        assert b2 is not None and r2 is not None
        p = welch_p(
            b2.value, before["val_sd"], b2.responses, r2.value, recent["val_sd"], r2.responses
        )
        return RecentChange(step, "emotion", b2, r2, p)
    return None


def two_proportion_p(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test.

    >>> round(two_proportion_p(80, 100, 60, 100), 4)
    0.002
    """
    if n1 == 0 or n2 == 0:
        return 1.0
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (x1 / n1 - x2 / n2) / se
    return math.erfc(abs(z) / math.sqrt(2))


def channel_gaps(
    engine: Engine, table: ir.Table, alpha: float = ALPHA, min_responses: int = SMALL_SAMPLE
) -> tuple[ChannelGap, ...]:
    """At each step, every channel whose CSAT mean is below the step's best channel's by a
    significant difference (:func:`welch_p` under ``alpha``, Bonferroni-corrected over all
    the comparisons made); channels with fewer than ``min_responses`` scores at the step
    are not compared. ``table`` has ``step_id``, ``channel`` and ``csat`` columns; when it
    has ``assigned_by``, only the answers that named their step are read.

    Comparing within a step keeps the step mix out of it (a channel used at harder steps is
    not worse for that), and so does reading only the answers that named their step: an
    answer placed by the customer's position may be about an earlier step, reached through
    another channel.

    >>> import pyarrow as pa
    >>> engine = Engine.duckdb()
    >>> rows = [("help", "phone", float(1 + k % 3)) for k in range(40)]
    >>> rows += [("help", "chat", float(4 + k % 2)) for k in range(40)]
    >>> t = engine.table(pa.table(dict(zip(("step_id", "channel", "csat"), zip(*rows)))))
    >>> [(g.step, g.channel, g.best_channel) for g in channel_gaps(engine, t)]
    [('help', 'phone', 'chat')]
    """
    t = table.filter(table.step_id.notnull() & table.channel.notnull() & table.csat.notnull())
    if "assigned_by" in t.columns:
        t = t.filter(t.assigned_by == "step")
    rows = engine.execute(
        t.group_by(["step_id", "channel"]).aggregate(
            n=t.csat.count(), mean=t.csat.mean(), sd=t.csat.std()
        )
    ).to_pylist()
    by_step: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["n"] >= min_responses:
            by_step.setdefault(row["step_id"], []).append(row)
    pairs = []
    for step, found in sorted(by_step.items()):
        best = max(found, key=lambda r: (r["mean"], r["channel"]))
        pairs += [(step, best, r) for r in found if r is not best and r["mean"] < best["mean"]]
    corrected = alpha / max(1, len(pairs))
    return tuple(
        ChannelGap(
            step=step,
            channel=str(row["channel"]),
            best_channel=str(best["channel"]),
            score=float(row["mean"]),
            best_score=float(best["mean"]),
            responses=int(row["n"]),
        )
        for step, best, row in pairs
        if welch_p(row["mean"], row["sd"], row["n"], best["mean"], best["sd"], best["n"])
        < corrected
    )


def welch_p(m1: float, s1: float | None, n1: int, m2: float, s2: float | None, n2: int) -> float:
    """Two-sided p-value of a z-test on two means with unequal variances (normal
    approximation of Welch's test).

    >>> round(welch_p(1.0, 1.0, 50, 0.5, 1.0, 50), 4)
    0.0124
    """
    if n1 < 2 or n2 < 2 or s1 is None or s2 is None:
        return 1.0
    se = math.sqrt(s1 * s1 / n1 + s2 * s2 / n2)
    if se == 0:
        return 1.0
    return math.erfc(abs(m1 - m2) / se / math.sqrt(2))
