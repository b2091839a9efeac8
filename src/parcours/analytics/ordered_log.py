"""The ordered base tables every metric is derived from (the log is sorted ONCE).

:func:`prepare` integer-codes activities and map steps, orders each case by
``(timestamp, row)`` with one window and materialises three tables on the engine:

``events``        one row per event: ``case_id, seq`` (0-based position in the case),
                  ``ts_us`` (microseconds since 1970), ``activity_code, step_pos``
                  (0-based position of the step in the map, null: no step), ``channel,
                  segment, score``, ``next_code`` (activity code of the next event in the
                  case) and ``delay_seconds`` (to that next event)
``step_events``   the events that mark a map step, with ``step_seq`` (position among the
                  case's step events), ``next_step_pos`` and ``step_delay_seconds``
``cases``         one row per case: ``case_id, first_us, segment`` (first non-null segment of
                  the case), ``period`` (start of the period of the case's first event)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from parcours.analytics.errors import AnalyticsError, missing_columns
from parcours.analytics.options import AnalysisOptions, Period
from parcours.engine import Engine

EPOCH = dt.datetime(1970, 1, 1)
NEEDED_COLUMNS = ("case_id", "timestamp", "activity", "channel", "segment", "score", "row", "step")
"""Columns of the matched event table (``parcours.events.schema``) an analysis reads."""
MICROSECONDS = 1_000_000


@dataclass(frozen=True)
class OrderedLog:
    """The materialised ordered tables of one analysis plus what decodes them."""

    engine: Engine
    steps: tuple[str, ...]
    activities: tuple[str, ...]
    events: ir.Table
    step_events: ir.Table
    cases: ir.Table
    as_of: dt.datetime
    n_events: int
    n_cases: int
    options: AnalysisOptions

    @property
    def as_of_us(self) -> int:
        """``as_of`` in microseconds since 1970 (UTC)."""
        return microseconds(self.as_of)

    def activity(self, code: int) -> str:
        """The activity name of an activity code."""
        return self.activities[code]

    def step(self, position: int | None) -> str | None:
        """The step id at a map position (None stays None)."""
        return None if position is None else self.steps[position]


def microseconds(moment: dt.datetime) -> int:
    """Microseconds since 1970-01-01 of a naive UTC datetime.

    >>> microseconds(dt.datetime(1970, 1, 1, 0, 0, 1, 5))
    1000005
    """
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * MICROSECONDS + delta.microseconds


def check_input(table: ir.Table, steps: Sequence[str]) -> tuple[str, ...]:
    """Check the event table's columns and the step ids; return the steps as a tuple."""
    missing = [name for name in NEEDED_COLUMNS if name not in table.columns]
    if missing:
        raise missing_columns(missing)
    if not steps:
        raise AnalyticsError("no_steps")
    seen: set[str] = set()
    for step in steps:
        if step in seen:
            raise AnalyticsError("duplicate_step", step=step)
        seen.add(step)
    return tuple(steps)


def prepare(
    engine: Engine, table: ir.Table, steps: Sequence[str], options: AnalysisOptions
) -> OrderedLog:
    """Sort the log once and materialise the base tables of an analysis.

    >>> from parcours.analytics.testing import tiny_log
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> (log.n_events, log.n_cases, log.activities)
    (3, 2, ('a', 'b'))
    """
    step_ids = check_input(table, steps)
    activities = _activities(engine, table)
    events = engine.materialize(_ordered_events(engine, table, step_ids, activities))
    step_events = engine.materialize(_ordered_step_events(events))
    cases = engine.materialize(_cases(events, options.period))
    n_events = int(engine.scalar(events.count()))
    n_cases = int(engine.scalar(cases.count()))
    last_us = engine.scalar(events.ts_us.max())
    as_of = options.as_of or EPOCH + dt.timedelta(microseconds=int(last_us or 0))
    return OrderedLog(
        engine=engine,
        steps=step_ids,
        activities=activities,
        events=events,
        step_events=step_events,
        cases=cases,
        as_of=as_of,
        n_events=n_events,
        n_cases=n_cases,
        options=options,
    )


def _activities(engine: Engine, table: ir.Table) -> tuple[str, ...]:
    names = engine.execute(table.select("activity").distinct())
    return tuple(sorted(str(name) for name in names.column(0).to_pylist()))


def _ordered_events(
    engine: Engine, table: ir.Table, steps: tuple[str, ...], activities: tuple[str, ...]
) -> ir.Table:
    codes = engine.table(
        pa.table(
            {
                "activity_name": pa.array(activities, pa.string()),
                "activity_code": pa.array(range(len(activities)), pa.int32()),
            }
        )
    )
    coded = table.join(codes, table.activity == codes.activity_name)
    step_pos = ibis.cases(
        *[(coded.step == step, position) for position, step in enumerate(steps)], else_=None
    ).cast("int32")
    ts_us = coded.timestamp.delta(ibis.timestamp(EPOCH), unit="microsecond").cast("int64")
    window = ibis.window(group_by=coded.case_id, order_by=[coded.timestamp, coded.row])
    return coded.select(
        case_id=coded.case_id,
        seq=ibis.row_number().over(window),
        ts_us=ts_us,
        activity_code=coded.activity_code,
        step_pos=step_pos,
        channel=coded.channel,
        segment=coded.segment,
        score=coded.score.cast("float64"),
        next_code=coded.activity_code.lead().over(window),
        delay_seconds=(ts_us.lead().over(window) - ts_us).cast("float64") / MICROSECONDS,
    )


def _ordered_step_events(events: ir.Table) -> ir.Table:
    marked = events.filter(events.step_pos.notnull())
    window = ibis.window(group_by=marked.case_id, order_by=marked.seq)
    return marked.select(
        "case_id",
        "seq",
        "ts_us",
        "step_pos",
        "channel",
        "segment",
        "score",
        step_seq=ibis.row_number().over(window),
        next_step_pos=marked.step_pos.lead().over(window),
        step_delay_seconds=(marked.ts_us.lead().over(window) - marked.ts_us).cast("float64")
        / MICROSECONDS,
    )


def _cases(events: ir.Table, period: Period) -> ir.Table:
    per_case = events.group_by("case_id").aggregate(
        first_us=events.ts_us.min(),
        segment=events.segment.argmin(events.seq, where=events.segment.notnull()),
    )
    unit = "W" if period is Period.WEEK else "M"
    return per_case.select(
        "case_id",
        "first_us",
        "segment",
        period=(per_case.first_us // MICROSECONDS)
        .as_timestamp("s")
        .truncate(unit)
        .date()
        .cast("string"),
    )
