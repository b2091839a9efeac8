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
from parcours.analytics.ordered_log import OrderedLog
from parcours.analytics.zone import MICROSECONDS
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


@dataclass(frozen=True)
class Journeys:
    """The funnel matches of the customers who entered (two materialised Ibis tables of
    ``engine``).

    ``matches``: one row per customer and matched step: ``case_id`` (code), ``step_pos``,
    ``t_us`` (time of the match, µs), ``delay_us`` (from the match of the previous step;
    null on the first step) and the customer's groups ``segment, entry_channel, period``.

    ``customers``: one row per entered customer: ``case_id``, ``depth`` (position of the
    last step matched), ``open`` (window still open at ``as_of``), ``ttc_us`` (time to
    convert; null unless the last step is matched) and the same groups.
    """

    engine: Engine
    matches: ir.Table
    customers: ir.Table


def journeys(log: OrderedLog) -> Journeys:
    """Match every customer's journey against the map steps (semantics in the module doc).

    Most customers are matched from their first visit of each step, in ONE window over
    the visits ordered by step (:func:`_links`): step k is matched at its first visit when
    that comes after the match of k-1 (and within the window). The few whose first visit
    of k comes before their match of k-1 while they visit k again (their match may be a
    later visit) are matched stage by stage on their step events (:func:`_exact`).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> found = journeys(log)
    >>> engine.execute(found.customers.order_by("case_id")).column("depth").to_pylist()
    [1, 0]
    """
    engine = log.engine
    n_steps = len(log.steps)
    window_us = _window_us(log)
    links = _links(log.visits, window_us)
    per_case = links.group_by("case_id").aggregate(
        start=links.step_pos.min(),
        stop=links.stop_pos.min(),
        trouble=links.trouble_pos.min(),
        last=links.step_pos.max(),
        t0=links.t_us.min(where=links.step_pos == 0),
        t_end=links.t_us.max(where=links.step_pos == n_steps - 1),
    )
    entered = per_case.filter(per_case.start == 0)
    entered = engine.materialize(
        entered.join(_groups(log), "case_id").mutate(
            troubled=(entered.trouble == entered.stop).fill_null(False)
        )
    )
    fast = entered.filter(~entered.troubled)
    reached = links.join(fast.select("case_id", "stop", *GROUPS), "case_id")
    reached = reached.filter(reached.step_pos < reached.stop.fill_null(n_steps))
    columns = ("case_id", "step_pos", "t_us", "delay_us", *GROUPS)
    matches = reached.select(*columns)
    depth = (fast.stop - 1).fill_null(fast.last).cast("int32")
    customers = fast.select(
        "case_id",
        *GROUPS,
        depth=depth,
        t0=fast.t0,
        ttc_us=ibis.ifelse(depth == n_steps - 1, fast.t_end - fast.t0, ibis.null("int64")),
    )
    troubled = entered.filter(entered.troubled)
    if engine.scalar(troubled.count()):
        exact = engine.materialize(
            _exact(engine, log.step_events, troubled.select("case_id"), n_steps, window_us)
        )
        exact_matches = exact.join(troubled.select("case_id", *GROUPS), "case_id")
        exact_matches = exact_matches.select(*columns)
        matches = matches.union(exact_matches)
        customers = customers.union(_customers_of(exact_matches, n_steps))
    opened = ibis.literal(False)
    if window_us is not None:
        opened = customers.t0 + window_us > log.as_of_us
    customers = customers.select("case_id", "depth", "ttc_us", *GROUPS, open=opened)
    return Journeys(
        engine=engine,
        matches=engine.materialize(matches),
        customers=engine.materialize(customers),
    )


GROUPS = ("segment", "entry_channel", "period")
"""The group columns of a customer in :class:`Journeys`."""


def _links(visits: ir.Table, window_us: int | None) -> ir.Table:
    """Each visit (customer, step) compared with the customer's visit of the previous map
    position (``visits`` carries it): ``stop_pos`` (the first position not matched, where
    this visit's first event does not follow the match of the previous step, falls out of
    the window, or comes after a step never visited),
    ``trouble_pos`` (the position, where the first visit came before the previous match
    but the step was visited again), ``t_us`` and ``delay_us`` from the previous visit."""
    adjacent = (visits.previous_pos == visits.step_pos - 1).fill_null(False)
    after = adjacent & (visits.first_seq > visits.previous_seq).fill_null(False)
    if window_us is not None:
        after = after & (visits.first_us <= visits.entry_us + window_us)
    matched = (visits.step_pos == 0) | after
    trouble = adjacent & (visits.first_seq < visits.previous_seq) & (visits.events > 1)
    return visits.select(
        "case_id",
        "step_pos",
        t_us=visits.first_us,
        delay_us=visits.first_us - visits.previous_us,
        stop_pos=ibis.ifelse(
            matched,
            ibis.null("int32"),
            ibis.ifelse(adjacent, visits.step_pos, visits.previous_pos + 1).cast("int32"),
        ),
        trouble_pos=ibis.ifelse(trouble.fill_null(False), visits.step_pos, ibis.null("int32")),
    )


def _groups(log: OrderedLog) -> ir.Table:
    """Per case: ``segment, period`` (from ``cases``) and ``entry_channel`` (the channel of
    the first event on the first step; a known one if any, as ``argmin`` skips nulls)."""
    contacts = log.contacts
    known = contacts.filter((contacts.step_pos == 0) & contacts.channel_code.notnull())
    channels = known.group_by(channel_case=known.case_id).aggregate(
        entry_channel=known.channel_code.argmin(known.first_seq)
    )
    cases = log.cases
    joined = cases.left_join(channels, cases.case_id == channels.channel_case)
    return joined.select("case_id", "entry_channel", "period", segment=joined.segment_code)


def _customers_of(matches: ir.Table, n_steps: int) -> ir.Table:
    """The :class:`Journeys` ``customers`` rows (before ``open``) of some ``matches``."""
    per_case = matches.group_by("case_id", *GROUPS).aggregate(
        depth=matches.step_pos.max().cast("int32"),
        t0=matches.t_us.min(),
        t_end=matches.t_us.max(),
    )
    last = per_case.depth == n_steps - 1
    return per_case.select(
        "case_id",
        *GROUPS,
        "depth",
        "t0",
        ttc_us=ibis.ifelse(last, per_case.t_end - per_case.t0, ibis.null("int64")),
    )


def _exact(
    engine: Engine,
    step_events: ir.Table,
    customers: ir.Table,
    n_steps: int,
    window_us: int | None,
) -> ir.Table:
    """Stage-by-stage matches of ``customers`` on their step events: one materialised
    join per step; then the window (a match later than entry + window ends the journey,
    every later match being later still). Columns ``case_id, step_pos, t_us, delay_us``."""
    events = engine.materialize(
        step_events.semi_join(customers, "case_id").select("case_id", "seq", "ts_us", "step_pos")
    )
    first = events.filter(events.step_pos == 0)
    stage = engine.materialize(
        first.group_by("case_id").aggregate(
            seq=first.seq.min(), t_us=first.ts_us.min(), delay_us=ibis.null("int64")
        )
    )
    stages = [stage.mutate(step_pos=ibis.literal(0, "int32"))]
    for position in range(1, n_steps):
        stage = engine.materialize(_next_stage(events, stage, position))
        stages.append(stage.mutate(step_pos=ibis.literal(position, "int32")))
    matches = ibis.union(*stages)
    if window_us is not None:
        entries = stages[0].select(entry_case="case_id", t0="t_us")
        joined = matches.join(entries, matches.case_id == entries.entry_case)
        matches = joined.filter(joined.t_us <= joined.t0 + window_us)
    return matches.select("case_id", "step_pos", "t_us", "delay_us")


def _window_us(log: OrderedLog) -> int | None:
    seconds = log.options.window_seconds
    return None if seconds is None else round(seconds * MICROSECONDS)


def _next_stage(events: ir.Table, previous: ir.Table, position: int) -> ir.Table:
    candidates = events.filter(events.step_pos == position)
    before = previous.select("case_id", previous_seq=previous.seq, previous_us=previous.t_us)
    joined = candidates.join(before, ["case_id", candidates.seq > before.previous_seq])
    found = joined.group_by("case_id", "previous_us").aggregate(
        seq=joined.seq.min(), t_us=joined.ts_us.min()
    )
    return found.select("case_id", "seq", "t_us", delay_us=found.t_us - found.previous_us)


def _step_rows(journeys: Journeys, group: str | None) -> dict[Any, dict[int, dict[str, Any]]]:
    """Per group value and step position: customers who reached it and their delay from
    the previous step (one aggregation)."""
    matches = journeys.matches
    keys = {"step_pos": matches.step_pos}
    if group is not None:
        keys["group"] = matches[group]
    delay = matches.delay_us.cast("float64") / MICROSECONDS
    grouped = matches.group_by(**keys).aggregate(
        reached=matches.count(), **aggregations(delay, "delay")
    )
    rows: dict[Any, dict[int, dict[str, Any]]] = {}
    for row in journeys.engine.execute(grouped).to_pylist():
        rows.setdefault(row.get("group"), {})[int(row["step_pos"])] = row
    return rows


def _customer_rows(
    journeys: Journeys, group: str | None, n_steps: int
) -> dict[Any, dict[str, Any]]:
    """Per group value: customers entered, in flight at each step, time to convert."""
    customers = journeys.customers
    aggs: dict[str, ir.Scalar] = {"entered": customers.count()}
    for k in range(1, n_steps):
        waiting = customers.open & (customers.depth == k - 1)
        aggs[f"in_flight{k}"] = customers.count(where=waiting)
    aggs.update(aggregations(customers.ttc_us.cast("float64") / MICROSECONDS, "ttc"))
    if group is None:
        expr = customers.aggregate(**aggs)
    else:
        expr = customers.group_by(group=customers[group]).aggregate(**aggs)
    table = journeys.engine.execute(expr)
    return {row.get("group"): row for row in table.to_pylist()}


def _funnel_of(
    log: OrderedLog, customers: Mapping[str, Any], steps: Mapping[int, Mapping[str, Any]]
) -> Funnel:
    """Build a :class:`Funnel` from the rows of one group."""
    entered = int(customers["entered"])
    first = FunnelStep(
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
    funnel_steps = [first]
    in_flight_so_far = 0
    for k in range(1, len(log.steps)):
        row = steps.get(k)
        reached = int(row["reached"]) if row else 0
        before = funnel_steps[-1].reached
        in_flight = int(customers[f"in_flight{k}"])
        in_flight_so_far += in_flight
        decided = before - in_flight
        dropped = decided - reached
        funnel_steps.append(
            FunnelStep(
                step=log.steps[k],
                position=k,
                reached=reached,
                in_flight=in_flight,
                dropped=dropped,
                conversion_from_previous=ratio(reached, decided),
                conversion_from_start=ratio(reached, entered - in_flight_so_far),
                drop_off_rate=ratio(dropped, decided),
                delay_from_previous_seconds=(
                    Distribution.from_row(row, "delay") if row else Distribution.empty()
                ),
            )
        )
    return Funnel(
        steps=tuple(funnel_steps),
        entered=entered,
        converted=funnel_steps[-1].reached,
        time_to_convert_seconds=Distribution.from_row(customers, "ttc"),
        window_seconds=log.options.window_seconds,
        as_of=log.as_of,
    )


def funnel(log: OrderedLog, found: Journeys | None = None) -> Funnel:
    """The funnel of all customers (``found``: a :func:`journeys` result to reuse).

    >>> from parcours.analytics.ordered_log import prepare
    >>> from parcours.analytics.options import AnalysisOptions
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions(window_seconds=None))
    >>> [(s.step, s.reached, s.dropped) for s in funnel(log).steps]
    [('a', 2, 0), ('b', 1, 1)]
    """
    found = journeys(log) if found is None else found
    customers = _customer_rows(found, None, len(log.steps))[None]
    return _funnel_of(log, customers, _step_rows(found, None).get(None, {}))


def funnel_breakdown(log: OrderedLog, found: Journeys, dimension: str) -> FunnelBreakdown:
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
    customers = _customer_rows(found, column, len(log.steps))
    steps = _step_rows(found, column)
    decode = {"segment": log.segment, "channel": log.channel}.get(dimension)
    groups = [
        FunnelGroup(
            value=decode(value) if decode else value,
            funnel=_funnel_of(log, row, steps.get(value, {})),
        )
        for value, row in customers.items()
    ]
    groups.sort(key=lambda g: (g.value is None, g.value or ""))
    return FunnelBreakdown(dimension=dimension, groups=tuple(groups))
