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


def _sums(table: ir.Table, *keys: str) -> ir.Table:
    """Customers (one row per case in ``table``) and events per ``keys``."""
    return table.group_by(*keys).aggregate(customers=table.count(), events=table.events.sum())


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
    touchpoints = [
        TouchpointStats(
            step=log.steps[r["step_pos"]],
            position=r["step_pos"],
            channel=log.channel(r["channel_code"]),
            customers=int(r["customers"]),
            events=int(r["events"]),
        )
        for r in rows
    ]
    return tuple(
        sorted(touchpoints, key=lambda t: (t.position, t.channel is None, t.channel or ""))
    )


def _by_position(rows: list[dict[str, Any]]) -> dict[int, tuple[int, int]]:
    return {r["step_pos"]: (int(r["customers"]), int(r["events"])) for r in rows}


def step_stats(log: OrderedLog) -> StepStatsTable:
    """Stats of every map step and touchpoint (step x channel).

    Computed from the per-(case, step) and per-(case, step, channel) tables of
    :func:`~parcours.analytics.ordered_log.prepare`: no distinct count is needed.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> [(s.step, s.customers, s.events) for s in step_stats(log).steps]
    [('a', 2, 2), ('b', 1, 1)]
    """
    engine = log.engine
    per_step = engine.execute(_sums(log.visits, "step_pos")).to_pylist()
    per_touchpoint = engine.execute(_sums(log.contacts, "step_pos", "channel_code")).to_pylist()
    return StepStatsTable(
        steps=_step_rows(log, _by_position(per_step)),
        touchpoints=_touchpoint_rows(log, per_touchpoint),
    )


def _group_value(log: OrderedLog, dimension: str, value: Any) -> str | None:
    if dimension == "segment":
        return log.segment(value)
    if dimension == "channel":
        return log.channel(value)
    return None if value is None else str(value)


def step_stats_breakdown(log: OrderedLog, dimension: str) -> StepStatsBreakdown:
    """Step stats per value of ``dimension``: ``segment`` (of the customer), ``channel``
    (of the event) or ``period`` (of the customer's first event); groups sorted by value,
    None last.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> [(g.value, g.stats.steps[0].customers) for g in step_stats_breakdown(log, "period").groups]
    [('2024-01-01', 2)]
    """
    engine = log.engine
    if dimension == "channel":
        contacts = log.contacts.mutate(group=log.contacts.channel_code)
        visits = contacts
    else:
        column = "segment_code" if dimension == "segment" else dimension
        cases = log.cases.select("case_id", group=log.cases[column])
        contacts = log.contacts.join(cases, "case_id")
        visits = log.visits.join(cases, "case_id")
    touchpoint_rows = engine.execute(_sums(contacts, "group", "step_pos", "channel_code"))
    step_rows = engine.execute(_sums(visits, "group", "step_pos"))
    steps: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in step_rows.to_pylist():
        steps[row["group"]].append(row)
    touchpoints: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in touchpoint_rows.to_pylist():
        touchpoints[row["group"]].append(row)
    groups = [
        StepStatsGroup(
            value=_group_value(log, dimension, value),
            stats=StepStatsTable(
                steps=_step_rows(log, _by_position(steps[value])),
                touchpoints=_touchpoint_rows(log, touchpoints[value]),
            ),
        )
        for value in steps
    ]
    groups.sort(key=lambda g: (g.value is None, g.value or ""))
    return StepStatsBreakdown(dimension=dimension, groups=tuple(groups))
