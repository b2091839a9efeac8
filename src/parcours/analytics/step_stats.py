"""Per-step activity: customers reached, events, contacts per touchpoint, repeat contacts.

Counted on every event that marks a step, whatever the funnel: ``customers`` is the number
of distinct cases with at least one event on the step; ``repeat_contacts`` the events on
the step beyond the first of each customer (``events - customers``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from parcours.analytics.distribution import ratio
from parcours.analytics.ordered_log import OrderedLog


@dataclass(frozen=True)
class StepStats:
    """Activity on one step."""

    step: str
    position: int
    customers: int
    events: int
    repeat_contacts: int
    contacts_per_customer: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class TouchpointStats:
    """Activity on one step through one channel (channel None: unknown)."""

    step: str
    position: int
    channel: str | None
    customers: int
    events: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return asdict(self)


@dataclass(frozen=True)
class StepStatsTable:
    """Stats of every map step (in map order, zeros when unreached) and per touchpoint."""

    steps: tuple[StepStats, ...]
    touchpoints: tuple[TouchpointStats, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: ``{"steps": [...], "touchpoints": [...]}``."""
        return {
            "steps": [s.to_dict() for s in self.steps],
            "touchpoints": [t.to_dict() for t in self.touchpoints],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per step."""
        return pd.DataFrame([s.to_dict() for s in self.steps])

    def touchpoints_to_pandas(self) -> pd.DataFrame:
        """One row per step and channel."""
        return pd.DataFrame([t.to_dict() for t in self.touchpoints])


@dataclass(frozen=True)
class StepStatsGroup:
    """Step stats of one group of a breakdown (value None: unknown)."""

    value: str | None
    stats: StepStatsTable


@dataclass(frozen=True)
class StepStatsBreakdown:
    """Step stats per segment (of the customer), channel (of the event) or period (of the
    customer's first event)."""

    dimension: str
    groups: tuple[StepStatsGroup, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: ``{"dimension", "groups": [{"value", "stats"}]}``."""
        return {
            "dimension": self.dimension,
            "groups": [{"value": g.value, "stats": g.stats.to_dict()} for g in self.groups],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per group and step, with a ``group`` column."""
        frames = [g.stats.to_pandas().assign(group=g.value) for g in self.groups]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _counts(table: ir.Table, *keys: str) -> ir.Table:
    return table.group_by(*keys).aggregate(customers=table.case_id.nunique(), events=table.count())


def _step_rows(log: OrderedLog, counts: dict[int, tuple[int, int]]) -> tuple[StepStats, ...]:
    rows = []
    for position, step in enumerate(log.steps):
        customers, events = counts.get(position, (0, 0))
        rows.append(
            StepStats(
                step=step,
                position=position,
                customers=customers,
                events=events,
                repeat_contacts=events - customers,
                contacts_per_customer=ratio(events, customers),
            )
        )
    return tuple(rows)


def _touchpoint_rows(log: OrderedLog, rows: list[dict[str, Any]]) -> tuple[TouchpointStats, ...]:
    ordered = sorted(rows, key=lambda r: (r["step_pos"], r["channel"] is None, str(r["channel"])))
    return tuple(
        TouchpointStats(
            step=log.steps[r["step_pos"]],
            position=r["step_pos"],
            channel=r["channel"],
            customers=int(r["customers"]),
            events=int(r["events"]),
        )
        for r in ordered
    )


def step_stats(log: OrderedLog) -> StepStatsTable:
    """Stats of every map step and touchpoint (step x channel).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> [(s.step, s.customers, s.events) for s in step_stats(log).steps]
    [('a', 2, 2), ('b', 1, 1)]
    """
    events = log.step_events
    engine = log.engine
    per_step = engine.execute(_counts(events, "step_pos")).to_pylist()
    per_touchpoint = engine.execute(_counts(events, "step_pos", "channel")).to_pylist()
    counts = {r["step_pos"]: (int(r["customers"]), int(r["events"])) for r in per_step}
    return StepStatsTable(
        steps=_step_rows(log, counts), touchpoints=_touchpoint_rows(log, per_touchpoint)
    )


def step_stats_breakdown(log: OrderedLog, dimension: str) -> StepStatsBreakdown:
    """Step stats per value of ``dimension`` (``segment``, ``channel`` or ``period``);
    groups sorted by value, None last."""
    events = log.step_events
    if dimension == "channel":
        table = events.mutate(group=events.channel)
    else:
        cases = log.cases.select("case_id", group=log.cases[dimension])
        table = events.drop("segment").join(cases, "case_id")
    engine = log.engine
    touchpoint_rows = engine.execute(_counts(table, "group", "step_pos", "channel")).to_pylist()
    step_rows = engine.execute(_counts(table, "group", "step_pos")).to_pylist()
    counts: dict[str | None, dict[int, tuple[int, int]]] = defaultdict(dict)
    for row in step_rows:
        counts[row["group"]][row["step_pos"]] = (int(row["customers"]), int(row["events"]))
    touchpoints: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in touchpoint_rows:
        touchpoints[row["group"]].append(row)
    groups = tuple(
        StepStatsGroup(
            value=value,
            stats=StepStatsTable(
                steps=_step_rows(log, counts[value]),
                touchpoints=_touchpoint_rows(log, touchpoints[value]),
            ),
        )
        for value in sorted(counts, key=lambda v: (v is None, str(v)))
    )
    return StepStatsBreakdown(dimension=dimension, groups=groups)
