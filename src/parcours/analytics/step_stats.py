"""Per-step activity: customers reached, events, contacts per touchpoint, repeat contacts.

Counted on every event that marks a step, whatever the funnel: ``customers`` is the number
of distinct cases with at least one event on the step; ``repeat_contacts`` the events on
the step beyond the first of each customer (``events - customers``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
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
    return step_stats_suite(log, [])[0]


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
    return step_stats_suite(log, [dimension])[1][0]


CASE_DIMENSIONS = {"segment": "segment_code", "period": "period"}
"""Breakdown dimensions that are attributes of the customer (a column of ``cases``)."""

Key = tuple[Any, ...]


def _fine_sums(log: OrderedLog, case_columns: list[str]) -> tuple[list[dict[str, Any]], ...]:
    """Customers and events per (case attributes, step) and per (case attributes, step,
    channel): the two aggregations every step stats table and breakdown is rolled up from
    (customers of one case attribute value are disjoint, so their counts add up)."""
    visits, contacts = log.visits, log.contacts
    if case_columns:
        cases = log.cases.select("case_id", *case_columns)
        visits = visits.join(cases, "case_id")
        contacts = contacts.join(cases, "case_id")
    engine = log.engine
    per_step = engine.execute(_sums(visits, *case_columns, "step_pos")).to_pylist()
    touch = engine.execute(_sums(contacts, *case_columns, "step_pos", "channel_code")).to_pylist()
    return per_step, touch


def _rolled_up(rows: list[dict[str, Any]], keys: Sequence[str]) -> dict[Key, list[int]]:
    """Sums of ``customers, events`` of ``rows`` per value of ``keys``."""
    sums: dict[Key, list[int]] = {}
    for row in rows:
        totals = sums.setdefault(tuple(row[k] for k in keys), [0, 0])
        totals[0] += int(row["customers"])
        totals[1] += int(row["events"])
    return sums


def _grouped(sums: dict[Key, list[int]], names: Sequence[str]) -> dict[Any, list[dict[str, Any]]]:
    """Rows ``{names..., customers, events}`` per first key of ``sums``, in key order."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for (group, *rest), (customers, events) in sums.items():
        row = dict(zip(names, rest, strict=True))
        groups[group].append({**row, "customers": customers, "events": events})
    return dict(groups)


def _breakdown_from(
    log: OrderedLog,
    dimension: str,
    steps: dict[Any, list[dict[str, Any]]],
    touchpoints: dict[Any, list[dict[str, Any]]],
) -> StepStatsBreakdown:
    groups = [
        StepStatsGroup(
            value=_group_value(log, dimension, value),
            stats=StepStatsTable(
                steps=_step_rows(log, _by_position(rows)),
                touchpoints=_touchpoint_rows(log, touchpoints.get(value, [])),
            ),
        )
        for value, rows in steps.items()
    ]
    groups.sort(key=lambda g: (g.value is None, g.value or ""))
    return StepStatsBreakdown(dimension=dimension, groups=tuple(groups))


def step_stats_suite(
    log: OrderedLog, dimensions: Sequence[str]
) -> tuple[StepStatsTable, tuple[StepStatsBreakdown, ...]]:
    """:func:`step_stats` and :func:`step_stats_breakdown` of every dimension, from two
    aggregations (per customer attribute value, step and channel) rolled up in Python
    instead of two aggregations per table.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> stats, (by_period,) = step_stats_suite(log, ["period"])
    >>> (stats.steps[0].customers, by_period.groups[0].value)
    (2, '2024-01-01')
    """
    case_columns = [CASE_DIMENSIONS[d] for d in dict.fromkeys(dimensions) if d in CASE_DIMENSIONS]
    per_step, per_touchpoint = _fine_sums(log, case_columns)
    touch = ["step_pos", "channel_code"]
    stats = StepStatsTable(
        steps=_step_rows(
            log, _by_position(_rows(_rolled_up(per_step, ["step_pos"]), ["step_pos"]))
        ),
        touchpoints=_touchpoint_rows(log, _rows(_rolled_up(per_touchpoint, touch), touch)),
    )
    breakdowns = []
    for dimension in dimensions:
        if dimension == "channel":
            # a customer's contacts through one channel on one step are one row: the step
            # stats of a channel are its touchpoints
            by_channel = _rolled_up(per_touchpoint, ["channel_code", *touch])
            group_steps = _grouped({k[:2]: v for k, v in by_channel.items()}, ["step_pos"])
            group_touch = _grouped(by_channel, touch)
        else:
            column = CASE_DIMENSIONS[dimension]
            group_steps = _grouped(_rolled_up(per_step, [column, "step_pos"]), ["step_pos"])
            group_touch = _grouped(_rolled_up(per_touchpoint, [column, *touch]), touch)
        breakdowns.append(_breakdown_from(log, dimension, group_steps, group_touch))
    return stats, tuple(breakdowns)


def _rows(sums: dict[Key, list[int]], names: Sequence[str]) -> list[dict[str, Any]]:
    """Rows ``{names..., customers, events}`` of ``sums``."""
    return [
        {**dict(zip(names, key, strict=True)), "customers": customers, "events": events}
        for key, (customers, events) in sums.items()
    ]
