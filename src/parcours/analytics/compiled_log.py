"""The ordered base tables in one compiled pass (DuckDB engine, numba).

Same tables as the Ibis definitions of :mod:`parcours.analytics.ordered_log` (which stay
the path on other engines, e.g. Spark, and the cross-check: ``prepare(...,
compiled=False)``): the coded events are read once from the engine into NumPy arrays,
put in ``(case, timestamp, row)`` order by a counting sort on the dense case codes and a
sort of each case's few events, and walked in compiled loops that compute every window
column (``seq``, next activity and delay; ``step_seq``, next step and delay), the
contacts and visits (two stable counting sorts, then one pass) and each case's first
event. The tables go back to the engine as Arrow; the step events stay in memory, in case
order, for the funnel's compiled matching (:mod:`parcours.analytics.funnel_matching`).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from parcours.analytics.zone import MICROSECONDS
from parcours.engine import Engine

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SortedSteps:
    """The step events of ``table`` as arrays in case order (then ``step_seq``):
    ``case`` (code), ``ts_us``, ``step_pos`` (map position), ``channel`` (-1: unknown)."""

    table: ir.Table
    case: I32
    ts_us: I64
    step_pos: I32
    channel: I32


@dataclass(frozen=True)
class CompiledTables:
    """What :func:`ordered_tables` hands back to :func:`parcours.analytics.ordered_log.
    prepare`: the engine tables (the ``cases`` rows before their names and periods) and
    the log's extent."""

    events: ir.Table
    step_events: ir.Table
    contacts: ir.Table
    visits: ir.Table
    first_events: ir.Table
    sorted_steps: SortedSteps
    n_events: int
    first_us: int | None
    last_us: int | None


def available(engine: Engine) -> bool:
    """Whether the compiled pass runs on ``engine`` (DuckDB, with numba installed).

    >>> available(Engine.duckdb())
    True
    """
    if engine.name != "duckdb":
        return False
    return importlib.util.find_spec("numba") is not None


def ordered_tables(
    engine: Engine,
    coded: ir.Table,
    n_channels: int,
) -> CompiledTables:
    """The ordered tables of ``coded`` (columns ``case_id`` (dense code), ``ts_us``,
    ``row``, ``activity_code, step_pos, channel_code, segment_code, score``, codes null
    when unknown) with the columns of :mod:`parcours.analytics.ordered_log`.

    >>> engine = Engine.duckdb()
    >>> coded = engine.view(pa.table({
    ...     "case_id": pa.array([1, 0, 0], pa.int32()), "ts_us": [5, 20, 10], "row": [1, 2, 3],
    ...     "activity_code": pa.array([0, 1, 0], pa.int32()),
    ...     "step_pos": pa.array([0, None, 0], pa.int32()),
    ...     "channel_code": pa.array([None, None, None], pa.int32()),
    ...     "segment_code": pa.array([None, None, None], pa.int32()),
    ...     "score": pa.array([None, None, None], pa.float64())}))
    >>> tables = ordered_tables(engine, coded, 0)
    >>> engine.execute(tables.events.select("case_id", "seq", "next_code")).to_pydict()
    {'case_id': [0, 0, 1], 'seq': [0, 1, 0], 'next_code': [1, None, None]}
    """
    from parcours.analytics import _log_kernel as kernel  # numba: imported on first use

    data = engine.execute(
        coded.select(
            "case_id",
            "ts_us",
            "row",
            "activity_code",
            step_pos=coded.step_pos.fill_null(-1),
            channel_code=coded.channel_code.fill_null(-1),
            segment_code=coded.segment_code.fill_null(-1),
            score=coded.score,
        )
    )
    case = _ints(data, "case_id", np.int32)
    ts = _ints(data, "ts_us", np.int64)
    n_cases = int(case.max()) + 1 if len(case) else 0
    order, _ = kernel.event_order(case, ts, _ints(data, "row", np.int64), n_cases)
    case, ts = case[order], ts[order]
    activity = _ints(data, "activity_code", np.int32)[order]
    step = _ints(data, "step_pos", np.int32)[order]
    channel = _ints(data, "channel_code", np.int32)[order]
    segment = _ints(data, "segment_code", np.int32)[order]
    score_column = data.column("score")
    score_null = _bools(pc.is_null(score_column))[order]
    score = np.asarray(pc.fill_null(score_column, 0.0).to_numpy(), dtype=np.float64)[order]
    del data
    seq, next_code, delay_us = kernel.event_windows(case, ts, activity)
    has_next = next_code >= 0
    events = pa.table(
        {
            "case_id": case,
            "ts_us": ts,
            "activity_code": activity,
            "step_pos": _nullable(step),
            "channel_code": _nullable(channel),
            "segment_code": _nullable(segment),
            "score": pa.array(score, mask=score_null),
            "seq": seq,
            "next_code": pa.array(next_code, mask=~has_next),
            "delay_seconds": pa.array(delay_us.astype(np.float64) / MICROSECONDS, mask=~has_next),
        }
    )
    marked = np.flatnonzero(step >= 0)
    s_case, s_seq, s_ts, s_step = case[marked], seq[marked], ts[marked], step[marked]
    s_channel = channel[marked]
    step_seq, next_step, step_delay_us = kernel.step_windows(s_case, s_ts, s_step)
    has_next_step = next_step >= 0
    step_events = pa.table(
        {
            "case_id": s_case,
            "seq": s_seq,
            "ts_us": s_ts,
            "step_pos": s_step,
            "channel_code": _nullable(s_channel),
            "score": pa.array(score[marked], mask=score_null[marked]),
            "step_seq": step_seq,
            "next_step_pos": pa.array(next_step, mask=~has_next_step),
            "step_delay_seconds": pa.array(
                step_delay_us.astype(np.float64) / MICROSECONDS, mask=~has_next_step
            ),
        }
    )
    contact_columns, visit_columns = kernel.contacts_and_visits(
        s_case, s_seq, s_ts, s_step, s_channel, n_channels
    )
    codes, first_us, segments = kernel.first_of_cases(case, ts, segment)
    step_table = engine.view(step_events)
    return CompiledTables(
        events=engine.view(events),
        step_events=step_table,
        contacts=engine.view(_contacts(contact_columns)),
        visits=engine.view(_visits(visit_columns)),
        first_events=engine.view(
            pa.table({"case_id": codes, "first_us": first_us, "segment_code": _nullable(segments)})
        ),
        sorted_steps=SortedSteps(
            table=step_table, case=s_case, ts_us=s_ts, step_pos=s_step, channel=s_channel
        ),
        n_events=len(case),
        first_us=int(ts.min()) if len(ts) else None,
        last_us=int(ts.max()) if len(ts) else None,
    )


def _contacts(columns: tuple[Any, ...]) -> pa.Table:
    case, step, channel, events, first_seq, first_us = columns
    return pa.table(
        {
            "case_id": case,
            "step_pos": step,
            "channel_code": _nullable(channel),
            "events": events,
            "first_seq": first_seq,
            "first_us": first_us,
        }
    )


def _visits(columns: tuple[Any, ...]) -> pa.Table:
    case, step, events, first_seq, first_us, p_step, p_seq, p_us, entry_us = columns
    first = p_step < 0
    return pa.table(
        {
            "case_id": case,
            "step_pos": step,
            "events": events,
            "first_seq": first_seq,
            "first_us": first_us,
            "previous_pos": pa.array(p_step, mask=first),
            "previous_seq": pa.array(p_seq, mask=first),
            "previous_us": pa.array(p_us, mask=first),
            "entry_us": entry_us,
        }
    )


def _nullable(codes: I32) -> pa.Array:
    """An int32 Arrow array with null where the code is -1."""
    return pa.array(codes, mask=codes < 0)


def _ints(table: pa.Table, column: str, dtype: Any) -> Any:
    return np.asarray(table.column(column).to_numpy(), dtype=dtype)


def _bools(values: Any) -> npt.NDArray[np.bool_]:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.bool_)
