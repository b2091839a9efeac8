"""The ordered funnel over the map steps, with right-censoring of customers in flight.

Semantics (``docs/analytics.md``): a customer enters at their first event on the first
step; they match step k at the first event on step k that comes after their match of step
k-1 in the case order ``(timestamp, row)`` and no later than entry + window; other events
may occur in between. A customer who matched k-1 but not k is *in flight* at k while
entry + window > as_of, else *dropped*. With no window nobody is in flight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from parcours.analytics.distribution import Distribution, aggregations, ratio
from parcours.analytics.ordered_log import MICROSECONDS, OrderedLog


@dataclass(frozen=True)
class FunnelStep:
    """One step of the funnel.

    ``conversion_from_previous = reached / (reached of previous step - in_flight)``;
    ``conversion_from_start = reached / (entered - in flight at this or an earlier step)``;
    ``drop_off_rate = dropped / (reached of previous step - in_flight)``.
    The first step has no previous step: its conversion from previous, drop-off rate and
    delay are None, its conversion from start is 1.
    """

    step: str
    position: int
    reached: int
    in_flight: int
    dropped: int
    conversion_from_previous: float | None
    conversion_from_start: float | None
    drop_off_rate: float | None
    delay_from_previous_seconds: Distribution | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        delay = self.delay_from_previous_seconds
        return {
            "step": self.step,
            "position": self.position,
            "reached": self.reached,
            "in_flight": self.in_flight,
            "dropped": self.dropped,
            "conversion_from_previous": self.conversion_from_previous,
            "conversion_from_start": self.conversion_from_start,
            "drop_off_rate": self.drop_off_rate,
            "delay_from_previous_seconds": None if delay is None else delay.to_dict(),
        }


@dataclass(frozen=True)
class Funnel:
    """The funnel: one :class:`FunnelStep` per map step, and the time to convert."""

    steps: tuple[FunnelStep, ...]
    entered: int
    converted: int
    time_to_convert_seconds: Distribution
    window_seconds: float | None
    as_of: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "entered": self.entered,
            "converted": self.converted,
            "time_to_convert_seconds": self.time_to_convert_seconds.to_dict(),
            "window_seconds": self.window_seconds,
            "as_of": self.as_of.isoformat(),
            "steps": [step.to_dict() for step in self.steps],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per step; delay columns flattened (``delay_median_seconds``...)."""
        return pd.DataFrame([_flat(step) for step in self.steps])


@dataclass(frozen=True)
class FunnelGroup:
    """The funnel of the customers of one group of a breakdown (value None: unknown)."""

    value: str | None
    funnel: Funnel


@dataclass(frozen=True)
class FunnelBreakdown:
    """The funnel per segment, entry channel or period of first event."""

    dimension: str
    groups: tuple[FunnelGroup, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: ``{"dimension", "groups": [{"value", "funnel"}]}``."""
        return {
            "dimension": self.dimension,
            "groups": [{"value": g.value, "funnel": g.funnel.to_dict()} for g in self.groups],
        }

    def to_pandas(self) -> pd.DataFrame:
        """One row per group and step, with a ``group`` column."""
        frames = [g.funnel.to_pandas().assign(group=g.value) for g in self.groups]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _flat(step: FunnelStep) -> dict[str, Any]:
    row = step.to_dict()
    delay = row.pop("delay_from_previous_seconds") or {}
    for key in ("count", "mean", "median", "p90"):
        row[f"delay_{key}_seconds" if key != "count" else "delay_count"] = delay.get(key)
    return row


def journeys(log: OrderedLog) -> ir.Table:
    """Materialised per-customer matches: ``case_id, t0..t{K-1}`` (µs, null: not reached),
    ``open`` (window still open at as_of), ``entry_channel, segment`` (codes), ``period``.

    Only customers who entered (matched the first step) have a row. Each stage is one
    join of the step's events with the previous stage, materialised (no O(K²) re-plans).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> engine.execute(journeys(log).order_by("case_id")).column("t1").to_pylist()
    [1704153600000000, None]
    """
    engine = log.engine
    events = log.step_events
    first = events.filter(events.step_pos == 0)
    stage = engine.materialize(
        first.group_by("case_id").aggregate(
            seq=first.seq.min(),
            t_us=first.ts_us.min(),
            entry_channel=first.channel_code.argmin(first.seq),
        )
    )
    entries = stage
    window_us = _window_us(log)
    stages = [stage.select("case_id", "t_us", pos=ibis.literal(0, "int32"))]
    previous = stage.select("case_id", "seq", "t_us", entry_us=stage.t_us)
    for position in range(1, len(log.steps)):
        previous = engine.materialize(_next_stage(events, previous, position, window_us))
        stages.append(previous.select("case_id", "t_us", pos=ibis.literal(position, "int32")))
    matches = ibis.union(*stages) if len(stages) > 1 else stages[0]
    wide = matches.group_by("case_id").aggregate(
        **{f"t{k}": matches.t_us.max(where=matches.pos == k) for k in range(len(log.steps))}
    )
    opened = wide.t0 + window_us > log.as_of_us if window_us is not None else ibis.literal(False)
    cases = log.cases
    table = wide.join(entries.select("case_id", "entry_channel"), "case_id").join(
        cases.select("case_id", "period", segment=cases.segment_code), "case_id"
    )
    return engine.materialize(table.mutate(open=opened))


def _window_us(log: OrderedLog) -> int | None:
    seconds = log.options.window_seconds
    return None if seconds is None else round(seconds * MICROSECONDS)


def _next_stage(
    events: ir.Table, previous: ir.Table, position: int, window_us: int | None
) -> ir.Table:
    candidates = events.filter(events.step_pos == position)
    before = previous.select("case_id", "entry_us", previous_seq=previous.seq)
    predicates: list[Any] = ["case_id", candidates.seq > before.previous_seq]
    if window_us is not None:
        predicates.append(candidates.ts_us <= before.entry_us + window_us)
    joined = candidates.join(before, predicates)
    return joined.group_by("case_id", "entry_us").aggregate(
        seq=joined.seq.min(), t_us=joined.ts_us.min()
    )


def funnel_aggregations(table: ir.Table, n_steps: int) -> dict[str, ir.Scalar]:
    """Counts and delay distributions of every step, as one aggregation."""
    columns = [table[f"t{k}"] for k in range(n_steps)]
    aggs: dict[str, ir.Scalar] = {"reached0": columns[0].count()}
    for k in range(1, n_steps):
        aggs[f"reached{k}"] = columns[k].count()
        waiting = columns[k - 1].notnull() & columns[k].isnull() & table.open
        aggs[f"in_flight{k}"] = table.case_id.count(where=waiting)
        delay = (columns[k] - columns[k - 1]).cast("float64") / MICROSECONDS
        aggs.update(aggregations(delay, f"d{k}"))
    total = (columns[-1] - columns[0]).cast("float64") / MICROSECONDS
    aggs.update(aggregations(total, "ttc"))
    return aggs


def funnel_from_row(log: OrderedLog, row: Mapping[str, Any]) -> Funnel:
    """Build a :class:`Funnel` from one row of :func:`funnel_aggregations`."""
    entered = int(row["reached0"])
    steps = [
        FunnelStep(
            step=log.steps[0],
            position=0,
            reached=entered,
            in_flight=0,
            dropped=0,
            conversion_from_previous=None,
            conversion_from_start=1.0 if entered else None,
            drop_off_rate=None,
            delay_from_previous_seconds=None,
        )
    ]
    in_flight_so_far = 0
    for k in range(1, len(log.steps)):
        reached, before = int(row[f"reached{k}"]), int(row[f"reached{k - 1}"])
        in_flight = int(row[f"in_flight{k}"])
        in_flight_so_far += in_flight
        decided = before - in_flight
        dropped = decided - reached
        steps.append(
            FunnelStep(
                step=log.steps[k],
                position=k,
                reached=reached,
                in_flight=in_flight,
                dropped=dropped,
                conversion_from_previous=ratio(reached, decided),
                conversion_from_start=ratio(reached, entered - in_flight_so_far),
                drop_off_rate=ratio(dropped, decided),
                delay_from_previous_seconds=Distribution.from_row(row, f"d{k}"),
            )
        )
    return Funnel(
        steps=tuple(steps),
        entered=entered,
        converted=steps[-1].reached,
        time_to_convert_seconds=Distribution.from_row(row, "ttc"),
        window_seconds=log.options.window_seconds,
        as_of=log.as_of,
    )


def funnel(log: OrderedLog, matches: ir.Table | None = None) -> Funnel:
    """The funnel of all customers (``matches``: a :func:`journeys` table to reuse).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions(window_seconds=None))
    >>> [(s.step, s.reached, s.dropped) for s in funnel(log).steps]
    [('a', 2, 0), ('b', 1, 1)]
    """
    table = journeys(log) if matches is None else matches
    result = log.engine.execute(table.aggregate(**funnel_aggregations(table, len(log.steps))))
    return funnel_from_row(log, result.to_pylist()[0])


def funnel_breakdown(log: OrderedLog, matches: ir.Table, dimension: str) -> FunnelBreakdown:
    """The funnel per value of ``dimension``: ``segment``, ``channel`` (of the entry event)
    or ``period`` (of the customer's first event); groups sorted by value, None last.

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> groups = funnel_breakdown(log, journeys(log), "segment").groups
    >>> [(g.value, g.funnel.entered) for g in groups]
    [(None, 2)]
    """
    column = "entry_channel" if dimension == "channel" else dimension
    aggs = funnel_aggregations(matches, len(log.steps))
    result = log.engine.execute(matches.group_by(group=matches[column]).aggregate(**aggs))
    decode = {"segment": log.segment, "channel": log.channel}.get(dimension)
    groups = [
        FunnelGroup(
            value=decode(r["group"]) if decode else r["group"], funnel=funnel_from_row(log, r)
        )
        for r in result.to_pylist()
    ]
    groups.sort(key=lambda g: (g.value is None, g.value or ""))
    return FunnelBreakdown(dimension=dimension, groups=tuple(groups))
