"""Continuous improvement: the metrics of an opportunity's steps before and after it was done.

The customers are split by the time of their first event: before ``done_on`` (midnight
UTC of that date) or from it on; each half is analysed on its own (same options, same
structure). For each step of the opportunity:

- a **core step** (a stage of the main path, not the first): its conversion from the
  previous stage (reached / decided, as the funnel counts it) compared with a pooled
  **two-proportion z-test**, and its delay from the previous stage (one value per customer
  who reached it) compared with a **Mann-Whitney U test** (normal approximation, tie and
  continuity corrections; rank-based, so a few very long delays do not decide it);
- an **optional or exception step**: the share of the entered customers who took it
  (two-proportion z-test);
- **satisfaction** at the step: the ``score`` of its events, plus the dated survey
  answers given (:class:`ScoreSample`), split by their own date (Mann-Whitney U).

A change is ``significant`` when the two-sided p-value is under ``alpha`` (0.05) and each
side has at least :data:`MIN_SAMPLE` values; ``improved`` says in which direction it went
(higher conversion and satisfaction, shorter delays, fewer detours are better).

>>> z, p = two_proportion_z_test(30, 100, 50, 100)
>>> round(z, 3), round(p, 4)
(2.887, 0.0039)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from statistics import median
from typing import Any

import ibis.expr.types as ir

from parcours.analytics.detours import detours
from parcours.analytics.funnel import Funnel, Journeys, funnel, journeys
from parcours.analytics.options import AnalysisOptions
from parcours.analytics.ordered_log import OrderedLog, prepare
from parcours.analytics.zone import MICROSECONDS
from parcours.engine import Engine
from parcours.model.structure import JourneyStructure

ALPHA = 0.05
"""Significance level of the before / after tests."""

MIN_SAMPLE = 20
"""Fewest values on each side for a change to be called significant."""


@dataclass(frozen=True)
class ScoreSample:
    """One dated survey answer at a step (from the feedback readers), on any scale."""

    step: str
    answered_at: dt.datetime
    score: float


@dataclass(frozen=True)
class MetricChange:
    """One metric of one step before and after the change, with its test."""

    step: str
    metric: str
    """``conversion``, ``delay_seconds`` (medians), ``detour_share`` or ``satisfaction``
    (means)."""
    before: float | None
    after: float | None
    n_before: int
    n_after: int
    test: str
    """``two_proportion_z`` or ``mann_whitney_u``."""
    statistic: float | None
    p_value: float | None
    significant: bool
    improved: bool | None
    """True: better after, False: worse, None: no significant change."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class ImprovementCheck:
    """The before / after comparison of one done opportunity."""

    opportunity: str
    done_on: dt.date
    customers_before: int
    customers_after: int
    changes: tuple[MetricChange, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "opportunity": self.opportunity,
            "done_on": self.done_on.isoformat(),
            "customers_before": self.customers_before,
            "customers_after": self.customers_after,
            "changes": [c.to_dict() for c in self.changes],
        }


# ------------------------------------------------------------------- tests
def two_proportion_z_test(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Pooled two-proportion z statistic (``p2 - p1``) and its two-sided p-value.

    >>> two_proportion_z_test(5, 10, 5, 10)
    (0.0, 1.0)
    """
    if n1 <= 0 or n2 <= 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def mann_whitney_u_test(before: Sequence[float], after: Sequence[float]) -> tuple[float, float]:
    """Mann-Whitney U of ``after`` against ``before`` and its two-sided p-value (normal
    approximation with tie and continuity corrections).

    >>> u, p = mann_whitney_u_test([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])
    >>> u, round(p, 4)
    (25.0, 0.0122)
    """
    n1, n2 = len(before), len(after)
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    ranks = _ranks([*before, *after])
    u = sum(ranks[n1:]) - n2 * (n2 + 1) / 2
    n = n1 + n2
    ties = sum(t**3 - t for t in _tie_sizes([*before, *after]))
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))) if n > 1 else 0.0
    if variance <= 0:
        return u, 1.0
    shift = u - n1 * n2 / 2
    z = (abs(shift) - 0.5) / math.sqrt(variance) if abs(shift) >= 0.5 else 0.0
    return u, math.erfc(z / math.sqrt(2))


def _ranks(values: Sequence[float]) -> list[float]:
    """Average ranks (1-based) of ``values``, ties sharing the mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _tie_sizes(values: Sequence[float]) -> list[int]:
    counts: dict[float, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return [c for c in counts.values() if c > 1]


# ---------------------------------------------------------------- comparison
@dataclass(frozen=True)
class _Half:
    log: OrderedLog
    found: Journeys
    funnel: Funnel
    structure: JourneyStructure


def compare_before_after(
    engine: Engine,
    events_table: ir.Table,
    steps: Sequence[str],
    structure: JourneyStructure,
    *,
    opportunity: str,
    done_on: dt.date,
    opportunity_steps: Sequence[str],
    options: AnalysisOptions | None = None,
    scores: Sequence[ScoreSample] = (),
    alpha: float = ALPHA,
) -> ImprovementCheck:
    """Compare the metrics of ``opportunity_steps`` between the customers who started
    before ``done_on`` and those who started from it on (see the module docstring); every
    query runs on ``engine``."""
    options = options or AnalysisOptions()
    cut = dt.datetime.combine(done_on, dt.time())
    with engine.unordered():
        firsts = events_table.group_by("case_id").aggregate(first_ts=events_table.timestamp.min())
        tagged = engine.materialize(events_table.join(firsts, "case_id"))
        before = _half(engine, tagged.filter(tagged.first_ts < cut), steps, structure, options)
        after = _half(engine, tagged.filter(tagged.first_ts >= cut), steps, structure, options)
        changes: list[MetricChange] = []
        for step in opportunity_steps:
            changes += _step_changes(engine, step, before, after, alpha)
            changes += _score_changes(step, before, after, scores, cut, alpha)
    return ImprovementCheck(
        opportunity=opportunity,
        done_on=done_on,
        customers_before=before.funnel.entered if before else 0,
        customers_after=after.funnel.entered if after else 0,
        changes=tuple(changes),
    )


def _half(
    engine: Engine,
    table: ir.Table,
    steps: Sequence[str],
    structure: JourneyStructure,
    options: AnalysisOptions,
) -> _Half | None:
    table = table.drop("first_ts")
    if not engine.scalar(table.count()):
        return None
    log = prepare(engine, table, steps, options)
    found = journeys(log, structure)
    return _Half(log, found, funnel(log, found), structure)


def _stage_index(half: _Half, step: str) -> int | None:
    for k, stage in enumerate(half.funnel.steps):
        if step in (stage.steps or (stage.step,)):
            return k
    return None


def _conversion(half: _Half | None, k: int) -> tuple[int, int]:
    """Converted and decided customers from stage k-1 to stage k."""
    if half is None:
        return 0, 0
    stage, previous = half.funnel.steps[k], half.funnel.steps[k - 1]
    return stage.reached - stage.entries, previous.reached - stage.in_flight


def _delays(engine: Engine, half: _Half | None, k: int) -> list[float]:
    if half is None:
        return []
    matches = half.found.matches
    chosen = matches.filter((matches.step_pos == k) & matches.delay_us.notnull())
    values = engine.execute(chosen.select("delay_us")).column("delay_us").to_pylist()
    return [v / MICROSECONDS for v in values]


def _step_changes(
    engine: Engine, step: str, before: _Half | None, after: _Half | None, alpha: float
) -> list[MetricChange]:
    reference = before or after
    if reference is None:
        return []
    k = _stage_index(reference, step)
    if k is None:
        return [_detour_change(step, before, after, alpha)] if step in reference.log.steps else []
    if k == 0:
        return []
    x1, n1 = _conversion(before, k)
    x2, n2 = _conversion(after, k)
    z, p = two_proportion_z_test(x1, n1, x2, n2)
    conversion = _change(step, "conversion", x1, n1, x2, n2, "two_proportion_z", z, p, alpha)
    delays_before, delays_after = _delays(engine, before, k), _delays(engine, after, k)
    return [conversion, _ranked_change(step, "delay_seconds", delays_before, delays_after, alpha)]


def _detour_change(
    step: str, before: _Half | None, after: _Half | None, alpha: float
) -> MetricChange:
    def took(half: _Half | None) -> tuple[int, int]:
        if half is None:
            return 0, 0
        found = detours(half.log, half.found, half.structure)
        detour = next((d for d in found if d.step == step), None)
        return (0 if detour is None else detour.customers), half.funnel.entered

    x1, n1 = took(before)
    x2, n2 = took(after)
    z, p = two_proportion_z_test(x1, n1, x2, n2)
    change = _change(step, "detour_share", x1, n1, x2, n2, "two_proportion_z", z, p, alpha)
    if change.improved is not None:
        change = _flipped(change)
    return change


def _flipped(change: MetricChange) -> MetricChange:
    """Lower is better: a significant rise is a worsening."""
    return MetricChange(**{**asdict(change), "improved": not change.improved})


def _change(
    step: str,
    metric: str,
    x1: int,
    n1: int,
    x2: int,
    n2: int,
    test: str,
    statistic: float,
    p_value: float,
    alpha: float,
) -> MetricChange:
    significant = p_value < alpha and min(n1, n2) >= MIN_SAMPLE
    return MetricChange(
        step=step,
        metric=metric,
        before=x1 / n1 if n1 else None,
        after=x2 / n2 if n2 else None,
        n_before=n1,
        n_after=n2,
        test=test,
        statistic=statistic,
        p_value=p_value,
        significant=significant,
        improved=(statistic > 0) if significant else None,
    )


def _ranked_change(
    step: str,
    metric: str,
    before: Sequence[float],
    after: Sequence[float],
    alpha: float,
    *,
    higher_is_better: bool = False,
) -> MetricChange:
    u, p = mann_whitney_u_test(before, after)
    significant = p < alpha and min(len(before), len(after)) >= MIN_SAMPLE
    after_higher = u > len(before) * len(after) / 2
    centre = _mean if metric == "satisfaction" else median
    return MetricChange(
        step=step,
        metric=metric,
        before=centre(before) if before else None,
        after=centre(after) if after else None,
        n_before=len(before),
        n_after=len(after),
        test="mann_whitney_u",
        statistic=u,
        p_value=p,
        significant=significant,
        improved=(after_higher == higher_is_better) if significant else None,
    )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _log_scores(half: _Half | None, step: str) -> list[float]:
    if half is None or step not in half.log.steps:
        return []
    events = half.log.step_events
    position = half.log.steps.index(step)
    chosen = events.filter((events.step_pos == position) & events.score.notnull())
    values = half.log.engine.execute(chosen.select("score")).column("score").to_pylist()
    return [float(v) for v in values]


def _score_changes(
    step: str,
    before: _Half | None,
    after: _Half | None,
    scores: Sequence[ScoreSample],
    cut: dt.datetime,
    alpha: float,
) -> list[MetricChange]:
    answered = [s for s in scores if s.step == step]
    first = _log_scores(before, step) + [s.score for s in answered if _naive(s.answered_at) < cut]
    second = _log_scores(after, step) + [s.score for s in answered if _naive(s.answered_at) >= cut]
    if not first and not second:
        return []
    return [_ranked_change(step, "satisfaction", first, second, alpha, higher_is_better=True)]


def _naive(moment: dt.datetime) -> dt.datetime:
    """UTC without zone (the event tables' convention)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
