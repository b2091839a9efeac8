"""The funnel matches in one compiled pass per customer (DuckDB engine, numba).

Same semantics as the Ibis definition in :mod:`parcours.analytics.funnel` (which stays the
path on other engines, e.g. Spark, and the cross-check): a customer enters at their first
event on the first stage (closed funnel) or at their first event on any stage (open
funnel), and matches stage k at their first event on stage k after their match of stage
k-1 (in the case order), no later than entry + window. Greedy matching of the earliest
event is exact: an earlier match of k-1 never leaves fewer candidates for k.

The step events are read once from the engine (case, position among the case's step
events, sequence, time, map position, channel), placed in case order by a counting sort
(the case codes are dense, the positions known), and walked once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
NO_STAGE = -1
"""Stage of a map position that is not on the main path (optional, exception, outcome)."""


@dataclass(frozen=True)
class Matched:
    """The kernel's output as Arrow tables.

    ``matches``: ``case_id, step_pos`` (stage), ``t_us``, ``delay_us`` (null at entry).
    ``customers``: ``case_id, start, depth, t0, t_end`` (null unless the last stage is
    matched), ``entry_channel`` (null: unknown).
    ``outcomes``: the matched customers' last event on an outcome step at or after entry
    and within the window: ``outcome_case, outcome_pos`` (map position), ``outcome_us``
    (the latest time of those events); customers with none have no row.
    """

    matches: pa.Table
    customers: pa.Table
    outcomes: pa.Table


def match_funnel(
    step_events: pa.Table,
    stage_of: list[int],
    n_stages: int,
    window_us: int | None,
    open_funnel: bool,
    outcome_positions: tuple[int, ...] = (),
) -> Matched:
    """Match every case of ``step_events`` (columns ``case_id`` (code >= 0), ``step_seq``
    (0-based position among the case's step events), ``ts_us``, ``step_pos``
    (map position), ``channel_code`` (-1: unknown)) against the stages (``stage_of``:
    the stage of each map position, :data:`NO_STAGE` for none).

    >>> events = pa.table({
    ...     "case_id": [0, 0, 0, 1], "step_seq": [0, 1, 2, 0],
    ...     "ts_us": [10, 20, 30, 5], "step_pos": [0, 2, 1, 1], "channel_code": [-1, 0, 0, 0]})
    >>> found = match_funnel(events, [0, NO_STAGE, 1], 2, None, open_funnel=False)
    >>> found.matches.to_pydict()
    {'case_id': [0, 0], 'step_pos': [0, 1], 't_us': [10, 20], 'delay_us': [None, 10]}
    >>> found.customers.column("depth").to_pylist()
    [1]
    """
    case = _ints(step_events, "case_id", np.int32)
    n_cases = int(case.max()) + 1 if len(case) else 0
    from parcours.analytics import _funnel_kernel as kernel  # numba: imported on first use

    order = kernel.case_order(case, _ints(step_events, "step_seq", np.int32), n_cases)
    return match_sorted(
        case[order],
        _ints(step_events, "ts_us", np.int64)[order],
        _ints(step_events, "step_pos", np.int32)[order],
        _ints(step_events, "channel_code", np.int32)[order],
        stage_of,
        n_stages,
        window_us,
        open_funnel,
        outcome_positions,
    )


def match_sorted(
    case: I32,
    ts_us: I64,
    step_pos: I32,
    channel: I32,
    stage_of: list[int],
    n_stages: int,
    window_us: int | None,
    open_funnel: bool,
    outcome_positions: tuple[int, ...] = (),
) -> Matched:
    """:func:`match_funnel` on step events already in case order (then ``step_seq``),
    as arrays (``channel`` -1: unknown).

    >>> found = match_sorted(np.array([0, 0], np.int32), np.array([1, 2]),
    ...     np.array([0, 1], np.int32), np.array([-1, -1], np.int32), [0, 1], 2, None, False)
    >>> found.customers.column("depth").to_pylist()
    [1]
    """
    from parcours.analytics import _funnel_kernel as kernel  # numba: imported on first use

    is_outcome = np.zeros(len(stage_of), dtype=np.bool_)
    is_outcome[list(outcome_positions)] = True
    out = kernel.walk(
        case,
        ts_us,
        np.asarray(stage_of, dtype=np.int32)[step_pos],
        channel,
        n_stages,
        -1 if window_us is None else int(window_us),
        open_funnel,
        step_pos,
        is_outcome,
    )
    m_case, m_stage, m_t, m_delay, m_entry, c_case, c_start, c_depth, c_t0, c_end = out[:10]
    c_channel, c_outcome, c_outcome_us = out[10:]
    matches = pa.table(
        {
            "case_id": pa.array(m_case),
            "step_pos": pa.array(m_stage),
            "t_us": pa.array(m_t),
            "delay_us": pa.array(m_delay, mask=m_entry),
        }
    )
    customers = pa.table(
        {
            "case_id": pa.array(c_case),
            "start": pa.array(c_start),
            "depth": pa.array(c_depth),
            "t0": pa.array(c_t0),
            "t_end": pa.array(c_end, mask=c_depth != n_stages - 1),
            "entry_channel": pa.array(c_channel, mask=c_channel < 0),
        }
    )
    decided = c_outcome >= 0
    outcomes = pa.table(
        {
            "outcome_case": pa.array(c_case[decided]),
            "outcome_pos": pa.array(c_outcome[decided]),
            "outcome_us": pa.array(c_outcome_us[decided]),
        }
    )
    return Matched(matches=matches, customers=customers, outcomes=outcomes)


def _ints(table: pa.Table, column: str, dtype: Any) -> Any:
    return np.asarray(table.column(column).to_numpy(), dtype=dtype)
