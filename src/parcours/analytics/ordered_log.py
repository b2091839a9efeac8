"""The ordered base tables every metric is derived from (the log is sorted ONCE).

:func:`prepare` integer-codes case ids, activities, channels, segments and map steps,
orders each case by ``(timestamp, row)`` and materialises (one window over all events,
then one over the step events only):

``events``        one row per event: ``case_id`` (the case's integer code), ``seq``
                  (0-based position in the case), ``ts_us`` (microseconds since 1970),
                  ``activity_code, step_pos`` (0-based position of the step in the map,
                  null: no step), ``channel_code, segment_code, score``, ``next_code``
                  (activity code of the next event in the case), ``delay_seconds`` (to that
                  next event)
``step_events``   the events that mark a map step (``case_id, seq, ts_us, step_pos,
                  channel_code, score``) with ``step_seq`` (position among the case's step events),
                  ``next_step_pos`` and ``step_delay_seconds`` (to the next step event)
``contacts``      per (case, step, channel): events, ``first_seq``, ``first_us``
``visits``        per (case, step): events, ``first_seq``, ``first_us``, and from the
                  case's visit of the step just before it in the map (a window over
                  the visits ordered by step): ``previous_pos, previous_seq,
                  previous_us`` (null on the case's first visited step) and
                  ``entry_us`` (``first_us`` of the case's first visited step)
``cases``         one row per case: ``case_id`` (code), ``case_name`` (the case id),
                  ``first_us, segment_code`` (first non-null segment of the case),
                  ``period`` (start of the period of its first event)

Text columns are integer-coded (cheaper to sort, group and store); the dictionaries are
kept on :class:`OrderedLog`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pyarrow as pa
from ibis.expr.builders import WindowBuilder

from parcours.analytics import compiled_log
from parcours.analytics.errors import AnalyticsError, missing_columns
from parcours.analytics.options import AnalysisOptions, Period
from parcours.analytics.zone import MICROSECONDS, duration_us, local_us, utc_offsets, zone_info
from parcours.engine import Engine

EPOCH = dt.datetime(1970, 1, 1)
NEEDED_COLUMNS = ("case_id", "timestamp", "activity", "channel", "segment", "score", "row", "step")
"""Columns of the matched event table (``parcours.events.schema``) an analysis reads."""


@dataclass(frozen=True)
class OrderedLog:
    """The materialised ordered tables of one analysis plus the dictionaries that decode
    their integer codes (``activities``, ``channels``, ``segments``, ``steps``)."""

    engine: Engine
    steps: tuple[str, ...]
    activities: tuple[str, ...]
    channels: tuple[str, ...]
    segments: tuple[str, ...]
    events: ir.Table
    step_events: ir.Table
    contacts: ir.Table
    visits: ir.Table
    cases: ir.Table
    as_of: dt.datetime
    n_events: int
    n_cases: int
    options: AnalysisOptions
    sorted_steps: compiled_log.SortedSteps | None = None
    """The step events in case order as arrays, when the compiled pass made ``step_events``
    (:mod:`parcours.analytics.compiled_log`); only valid while ``step_events`` is
    ``sorted_steps.table``."""

    @property
    def as_of_us(self) -> int:
        """``as_of`` in microseconds since 1970 (UTC)."""
        return microseconds(self.as_of)

    def activity(self, code: int) -> str:
        """The activity name of an activity code."""
        return self.activities[code]

    def channel(self, code: int | None) -> str | None:
        """The channel of a channel code (None: unknown)."""
        return None if code is None else self.channels[code]

    def segment(self, code: int | None) -> str | None:
        """The segment of a segment code (None: unknown)."""
        return None if code is None else self.segments[code]

    def step(self, position: int | None) -> str | None:
        """The step id at a map position (None stays None)."""
        return None if position is None else self.steps[position]


def microseconds(moment: dt.datetime) -> int:
    """Microseconds since 1970-01-01 of a naive UTC datetime.

    >>> microseconds(dt.datetime(1970, 1, 1, 0, 0, 1, 5))
    1000005
    """
    return duration_us(moment - EPOCH)


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


COMPILED_MAX_EVENTS = 30_000_000
"""Largest log the compiled pass reads into memory (about 350 bytes an event at its peak:
10M events peaked at 3.5 GB); a larger log takes the SQL path, which DuckDB runs out of
core within its memory limit."""


def _fits_in_memory(engine: Engine, table: ir.Table) -> bool:
    return int(engine.scalar(table.count())) <= COMPILED_MAX_EVENTS


def prepare(
    engine: Engine,
    table: ir.Table,
    steps: Sequence[str],
    options: AnalysisOptions,
    *,
    compiled: bool = True,
) -> OrderedLog:
    """Sort the log once and materialise the base tables of an analysis.

    On DuckDB with numba installed (``compiled``), for logs of at most
    :data:`COMPILED_MAX_EVENTS` events, the ordered tables come from one compiled pass over
    the coded events (:mod:`parcours.analytics.compiled_log`);
    otherwise (Spark, or ``compiled=False``: the cross-check) from the Ibis windows below,
    which give the same tables.

    >>> from parcours.analytics.testing import tiny_log
    >>> engine = Engine.duckdb()
    >>> log = prepare(engine, tiny_log(engine), ["a", "b"], AnalysisOptions())
    >>> (log.n_events, log.n_cases, log.activities, log.channels)
    (3, 2, ('a', 'b'), ())
    """
    step_ids = check_input(table, steps)
    dictionaries = {name: _dictionary(engine, table, name) for name in CODED}
    case_codes = engine.materialize(_case_codes(table))
    coded = _coded_events(engine, table, case_codes, step_ids, dictionaries)
    if compiled and compiled_log.available(engine) and _fits_in_memory(engine, table):
        tables = compiled_log.ordered_tables(engine, coded, len(dictionaries["channel"]))
        events, step_events = tables.events, tables.step_events
        contacts, visits = tables.contacts, tables.visits
        n_events, first_us, last_us = tables.n_events, tables.first_us, tables.last_us
        offsets = _offsets(options.timezone, first_us, last_us)
        cases = engine.materialize(
            _named_cases(tables.first_events, case_codes, options.period, offsets)
        )
        sorted_steps: compiled_log.SortedSteps | None = tables.sorted_steps
    else:
        events = engine.materialize(_ordered_events(coded))
        step_events = engine.materialize(_step_events(events))
        summary = engine.execute(
            events.aggregate(
                n=events.count(), first_us=events.ts_us.min(), last_us=events.ts_us.max()
            )
        )
        row = summary.to_pylist()[0]
        n_events, first_us, last_us = int(row["n"]), row["first_us"], row["last_us"]
        offsets = _offsets(options.timezone, first_us, last_us)
        cases = engine.materialize(_cases(events, case_codes, options.period, offsets))
        contacts = engine.materialize(contacts_of(step_events))
        visits = engine.materialize(visits_of(contacts))
        sorted_steps = None
    as_of = options.as_of or EPOCH + dt.timedelta(microseconds=int(last_us or 0))
    return OrderedLog(
        engine=engine,
        steps=step_ids,
        activities=dictionaries["activity"],
        channels=dictionaries["channel"],
        segments=dictionaries["segment"],
        events=events,
        step_events=step_events,
        contacts=contacts,
        visits=visits,
        cases=cases,
        as_of=as_of,
        n_events=n_events,
        n_cases=int(engine.scalar(cases.count())),
        options=options,
        sorted_steps=sorted_steps,
    )


CODED = ("activity", "channel", "segment")
"""Text columns replaced by integer codes (0-based index in the sorted distinct values)."""


def _dictionary(engine: Engine, table: ir.Table, column: str) -> tuple[str, ...]:
    values = engine.execute(table.select(column).distinct()).column(0).to_pylist()
    return tuple(sorted(str(value) for value in values if value is not None))


def _with_code(engine: Engine, table: ir.Table, column: str, values: tuple[str, ...]) -> ir.Table:
    """``table`` joined with the code of ``column`` (``{column}_code``: the index of the
    value in ``values``; null when absent, except for activities, whose events are kept
    only when known)."""
    codes = engine.table(
        pa.table(
            {
                f"{column}_name": pa.array(values, pa.string()),
                f"{column}_code": pa.array(range(len(values)), pa.int32()),
            }
        )
    )
    how = "inner" if column == "activity" else "left"
    return table.join(codes, table[column] == codes[f"{column}_name"], how=how)


def _case_codes(table: ir.Table) -> ir.Table:
    """One row per case: the case id and its integer code (0-based rank of the id)."""
    ids = table.select("case_id").distinct()
    return ids.select(
        case_name=ids.case_id,
        case_code=ibis.row_number().over(ibis.window(order_by=ids.case_id)).cast("int32"),
    )


def _coded_events(
    engine: Engine,
    table: ir.Table,
    case_codes: ir.Table,
    steps: tuple[str, ...],
    dictionaries: dict[str, tuple[str, ...]],
) -> ir.Table:
    """Every event with its integer codes, in no order."""
    coded = table.join(case_codes, table.case_id == case_codes.case_name)
    for column in CODED:
        coded = _with_code(engine, coded, column, dictionaries[column])
    coded = _with_code(engine, coded, "step", steps)  # a join: cheaper than a CASE per step
    ts_us = coded.timestamp.delta(ibis.timestamp(EPOCH), unit="microsecond").cast("int64")
    return coded.select(
        case_id=coded.case_code,
        ts_us=ts_us,
        row=coded.row,
        activity_code=coded.activity_code,
        step_pos=coded.step_code,
        channel_code=coded.channel_code,
        segment_code=coded.segment_code,
        score=coded.score.cast("float64"),
    )


def _ordered_events(coded: ir.Table) -> ir.Table:
    """The coded events with their case's window (``seq``, next activity, delay to the
    next event)."""
    window = ibis.window(group_by=coded.case_id, order_by=[coded.ts_us, coded.row])
    return coded.select(
        "case_id",
        "ts_us",
        "activity_code",
        "step_pos",
        "channel_code",
        "segment_code",
        "score",
        seq=ibis.row_number().over(window).cast("int32"),
        next_code=coded.activity_code.lead().over(window),
        delay_seconds=_seconds_to_next(coded.ts_us, window),
    )


def _step_events(events: ir.Table) -> ir.Table:
    """The events marking a step with their case's window over step events only
    (``step_seq``, next step, delay to it): an unmarked event in between is skipped."""
    marked = events.filter(events.step_pos.notnull())
    window = ibis.window(group_by=marked.case_id, order_by=marked.seq)
    return marked.select(
        "case_id",
        "seq",
        "ts_us",
        "step_pos",
        "channel_code",
        "score",
        step_seq=ibis.row_number().over(window).cast("int32"),
        next_step_pos=marked.step_pos.lead().over(window),
        step_delay_seconds=_seconds_to_next(marked.ts_us, window),
    )


def _seconds_to_next(ts_us: ir.IntegerColumn, window: WindowBuilder) -> ir.FloatingValue:
    """Seconds from each row to the next row of its window (null on the last one)."""
    return (ts_us.lead().over(window) - ts_us).cast("float64") / MICROSECONDS


def _offsets(zone: str | None, first_us: int | None, last_us: int | None) -> list[tuple[int, int]]:
    """The UTC offsets of the periods' zone over the log (one interval for UTC)."""
    info = zone_info(zone) if zone else None
    if info is None or first_us is None or last_us is None:
        return [(first_us or 0, 0)]
    return utc_offsets(info, first_us, last_us)


def _cases(
    events: ir.Table, case_codes: ir.Table, period: Period, offsets: list[tuple[int, int]]
) -> ir.Table:
    """One row per case from its first event (``seq == 0``); the segment falls back to the
    first non-null segment of the case when its first event has none (a small group-by).
    ``case_id`` is the case's integer code, ``case_name`` its id; the period is the one of
    the first event's local time (``offsets``: :func:`parcours.analytics.zone.utc_offsets`)."""
    first = events.filter(events.seq == 0).select(
        "case_id", first_us=events.ts_us, first_segment=events.segment_code
    )
    unknown = first.filter(first.first_segment.isnull())
    later = events.filter(events.segment_code.notnull() & (events.seq > 0)).semi_join(
        unknown, "case_id"
    )
    fallback = later.group_by(fallback_case="case_id").aggregate(
        fallback_segment=later.segment_code.argmin(later.seq)
    )
    first = first.left_join(fallback, first.case_id == fallback.fallback_case)
    return _named_cases(
        first.select(
            "case_id",
            "first_us",
            segment_code=first.first_segment.coalesce(first.fallback_segment),
        ),
        case_codes,
        period,
        offsets,
    )


def _named_cases(
    first: ir.Table, case_codes: ir.Table, period: Period, offsets: list[tuple[int, int]]
) -> ir.Table:
    """``first`` (per case: ``case_id, first_us, segment_code``) with the case's name and
    the period of its first event."""
    cases = first.join(case_codes, first.case_id == case_codes.case_code)
    unit = "W" if period is Period.WEEK else "M"
    start = (local_us(cases.first_us, offsets) // MICROSECONDS).as_timestamp("s")
    return cases.select(
        "case_id",
        "case_name",
        "first_us",
        "segment_code",
        period=start.truncate(unit).date().cast("string"),
    )


def contacts_of(step_events: ir.Table) -> ir.Table:
    """Per (case, step, channel): events, position and time of the first one."""
    return step_events.group_by("case_id", "step_pos", "channel_code").aggregate(
        events=step_events.count(),
        first_seq=step_events.seq.min(),
        first_us=step_events.ts_us.min(),
    )


def visits_of(contacts: ir.Table) -> ir.Table:
    """Per (case, step): events, position and time of the first event on the step, and
    the same of the case's previous visited step in map order (one window)."""
    visits = contacts.group_by("case_id", "step_pos").aggregate(
        events=contacts.events.sum(),
        first_seq=contacts.first_seq.min(),
        first_us=contacts.first_us.min(),
    )
    return with_previous(visits)


def with_previous(visits: ir.Table) -> ir.Table:
    """``visits`` (``case_id, step_pos, events, first_seq, first_us``) with the columns of
    the case's previous visited step in map order and ``entry_us`` (one window)."""
    window = ibis.window(group_by=visits.case_id, order_by=visits.step_pos)
    return visits.select(
        "case_id",
        "step_pos",
        "events",
        "first_seq",
        "first_us",
        previous_pos=visits.step_pos.lag().over(window),
        previous_seq=visits.first_seq.lag().over(window),
        previous_us=visits.first_us.lag().over(window),
        entry_us=visits.first_us.first().over(window),
    )
