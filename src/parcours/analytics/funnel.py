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
from parcours.engine import Engine


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

    Only customers who entered (matched the first step) have a row. Most customers are
    matched in one pass over their first visit of each step (one row per customer, see
    :func:`_fast_matches`); the few whose first visit of a step comes before their match of
    the previous step while they visit it again are matched stage by stage on their step
    events (:func:`_exact_matches`). The window is applied last: a match later than
    entry + window ends the journey (every later match is later still).

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
    n_steps = len(log.steps)
    matches, troubled = _fast_matches(engine, log.visits, log.contacts, n_steps)
    if troubled is not None and engine.scalar(troubled.count()):
        exact = _exact_matches(engine, log.step_events, engine.materialize(troubled), n_steps)
        matches = matches.union(exact.select(*matches.columns))
    window_us = _window_us(log)
    cases = log.cases
    table = matches.join(
        cases.select("case_id", "case_name", "period", segment=cases.segment_code), "case_id"
    )
    times = {f"t{k}": table[f"t{k}"] for k in range(n_steps)}
    opened = ibis.literal(False)
    if window_us is not None:
        bound = table.t0 + window_us
        times.update({f"t{k}": _before(table[f"t{k}"], bound) for k in range(1, n_steps)})
        opened = bound > log.as_of_us
    return engine.materialize(
        table.select(
            case_id=table.case_name,
            **times,
            entry_channel=table.entry_channel,
            period=table.period,
            segment=table.segment,
            open=opened,
        )
    )


def _before(moment: ir.IntegerValue, bound: ir.IntegerValue) -> ir.IntegerValue:
    return ibis.ifelse(moment <= bound, moment, ibis.null("int64"))


def _padded(table: ir.Table, reached: int, n_steps: int) -> ir.Table:
    """``case_id, entry_channel, t0..t{K-1}`` of customers who reached step ``reached``
    and no further (later times null)."""
    nulls = {f"t{k}": ibis.null("int64") for k in range(reached + 1, n_steps)}
    times = [table[f"t{k}"] for k in range(reached + 1)]
    return table.select("case_id", "entry_channel", *times, **nulls)


def _fast_matches(
    engine: Engine, visits: ir.Table, contacts: ir.Table, n_steps: int
) -> tuple[ir.Table, ir.Table | None]:
    """Stage-by-stage matches on first visits, without window: step k is matched at the
    customer's first visit of k if that comes after their match of k-1. Customers whose
    first visit of k came before that match while they visited k again are ``troubled``
    (their match may be a later visit: left to :func:`_exact_matches`). Each stage joins
    the customers still in the funnel (a shrinking table) with the visits of one step.
    The entry channel is the channel of the first event on the first step (a known one
    if any, as ``argmin`` skips nulls)."""
    entries = visits.filter(visits.step_pos == 0)
    known = contacts.filter((contacts.step_pos == 0) & contacts.channel_code.notnull())
    channels = known.group_by(channel_case=known.case_id).aggregate(
        entry_channel=known.channel_code.argmin(known.first_seq)
    )
    entered = entries.left_join(channels, entries.case_id == channels.channel_case)
    current = engine.materialize(
        entered.select("case_id", "entry_channel", m=entered.first_seq, t0=entered.first_us)
    )
    finished: list[ir.Table] = []
    troubled: list[ir.Table] = []
    for k in range(1, n_steps):
        on_step = visits.filter(visits.step_pos == k)
        step = on_step.select(
            step_case=on_step.case_id, f=on_step.first_seq, u=on_step.first_us, n=on_step.events
        )
        joined = current.left_join(step, current.case_id == step.step_case)
        after = joined.f > joined.m
        stage = engine.materialize(
            joined.select(
                "case_id",
                "entry_channel",
                *[joined[f"t{j}"] for j in range(k)],
                **{f"t{k}": ibis.ifelse(after, joined.u, ibis.null("int64"))},
                m=ibis.ifelse(after, joined.f, ibis.null("int32")),
                problem=((joined.f < joined.m) & (joined.n > 1)).fill_null(False),
            )
        )
        ended = stage.filter(stage[f"t{k}"].isnull() & ~stage.problem)
        finished.append(_padded(ended, k - 1, n_steps))
        troubled.append(stage.filter(stage.problem).select("case_id", "entry_channel"))
        current = stage.filter(stage[f"t{k}"].notnull())
    finished.append(_padded(current, n_steps - 1, n_steps))
    matches = ibis.union(*finished) if len(finished) > 1 else finished[0]
    return matches, ibis.union(*troubled) if troubled else None


def _exact_matches(
    engine: Engine, step_events: ir.Table, customers: ir.Table, n_steps: int
) -> ir.Table:
    """Stage-by-stage matches of ``customers`` (``case_id, entry_channel``) on their step
    events, without window: one materialised join per step."""
    events = engine.materialize(
        step_events.semi_join(customers, "case_id").select("case_id", "seq", "ts_us", "step_pos")
    )
    first = events.filter(events.step_pos == 0)
    stage = engine.materialize(
        first.group_by("case_id").aggregate(seq=first.seq.min(), t_us=first.ts_us.min())
    )
    stages = [stage.select("case_id", "t_us", pos=ibis.literal(0, "int32"))]
    for position in range(1, n_steps):
        stage = engine.materialize(_next_stage(events, stage, position))
        stages.append(stage.select("case_id", "t_us", pos=ibis.literal(position, "int32")))
    matches = ibis.union(*stages)
    wide = matches.group_by("case_id").aggregate(
        **{f"t{k}": matches.t_us.max(where=matches.pos == k) for k in range(n_steps)}
    )
    return wide.join(customers, "case_id")


def _window_us(log: OrderedLog) -> int | None:
    seconds = log.options.window_seconds
    return None if seconds is None else round(seconds * MICROSECONDS)


def _next_stage(events: ir.Table, previous: ir.Table, position: int) -> ir.Table:
    candidates = events.filter(events.step_pos == position)
    before = previous.select("case_id", previous_seq=previous.seq)
    joined = candidates.join(before, ["case_id", candidates.seq > before.previous_seq])
    return joined.group_by("case_id").aggregate(seq=joined.seq.min(), t_us=joined.ts_us.min())


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
