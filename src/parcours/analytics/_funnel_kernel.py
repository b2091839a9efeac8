"""The compiled loops of :mod:`parcours.analytics.funnel_matching` (numba, cached)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit


@njit(cache=True)
def case_order(case: Any, step_seq: Any, n_cases: int) -> Any:
    """The row order that sorts the step events by case, then by ``step_seq`` (a
    counting sort: each case's rows are ``step_seq`` 0..n-1)."""
    counts = np.zeros(n_cases + 1, dtype=np.int64)
    for i in range(len(case)):
        counts[case[i] + 1] += 1
    for c in range(n_cases):
        counts[c + 1] += counts[c]
    order = np.empty(len(case), dtype=np.int64)
    for i in range(len(case)):
        order[counts[case[i]] + step_seq[i]] = i
    return order


@njit(cache=True)
def walk(
    case: Any,
    ts: Any,
    stage: Any,
    channel: Any,
    n_stages: int,
    window_us: int,
    open_funnel: bool,
    step: Any,
    is_outcome: Any,
) -> Any:
    """Walk the events (in case order) once; return the matches and the customers with
    their last outcome event (map position of ``step`` where ``is_outcome``; -1: none) at
    or after entry and within the window, and the latest time of those events."""
    n = len(case)
    m_case = np.empty(n, dtype=np.int32)
    m_stage = np.empty(n, dtype=np.int32)
    m_t = np.empty(n, dtype=np.int64)
    m_delay = np.zeros(n, dtype=np.int64)
    m_entry = np.zeros(n, dtype=np.bool_)
    n_cases = 0
    i = 0
    while i < n:
        j = i
        while j < n and case[j] == case[i]:
            j += 1
        n_cases += 1
        i = j
    c_case = np.empty(n_cases, dtype=np.int32)
    c_start = np.empty(n_cases, dtype=np.int32)
    c_depth = np.empty(n_cases, dtype=np.int32)
    c_t0 = np.empty(n_cases, dtype=np.int64)
    c_end = np.zeros(n_cases, dtype=np.int64)
    c_channel = np.empty(n_cases, dtype=np.int32)
    c_outcome = np.full(n_cases, -1, dtype=np.int32)
    c_outcome_us = np.zeros(n_cases, dtype=np.int64)
    m = 0
    c = 0
    i = 0
    while i < n:
        this = case[i]
        k = -1
        t0 = 0
        previous_t = 0
        stopped = False
        entry_channel = -1
        j = i
        while j < n and case[j] == this:
            s = stage[j]
            if s >= 0:
                if entry_channel < 0 and channel[j] >= 0 and (open_funnel or s == 0):
                    entry_channel = channel[j]
                if k < 0:
                    if open_funnel or s == 0:
                        k = s
                        t0 = ts[j]
                        previous_t = t0
                        c_start[c] = s
                        m_case[m] = this
                        m_stage[m] = s
                        m_t[m] = t0
                        m_entry[m] = True
                        m += 1
                elif not stopped and s == k + 1:
                    if window_us >= 0 and ts[j] > t0 + window_us:
                        stopped = True
                    else:
                        k = s
                        m_case[m] = this
                        m_stage[m] = s
                        m_t[m] = ts[j]
                        m_delay[m] = ts[j] - previous_t
                        previous_t = ts[j]
                        m += 1
            j += 1
        if k >= 0:
            c_case[c] = this
            c_depth[c] = k
            c_t0[c] = t0
            c_end[c] = previous_t
            c_channel[c] = entry_channel
            outcome = -1
            outcome_us = 0
            for e in range(i, j):
                inside = ts[e] >= t0 and (window_us < 0 or ts[e] <= t0 + window_us)
                if is_outcome[step[e]] and inside:
                    outcome_us = ts[e] if outcome < 0 else max(outcome_us, ts[e])
                    outcome = step[e]
            c_outcome[c] = outcome
            c_outcome_us[c] = outcome_us
            c += 1
        i = j
    return (
        m_case[:m],
        m_stage[:m],
        m_t[:m],
        m_delay[:m],
        m_entry[:m],
        c_case[:c],
        c_start[:c],
        c_depth[:c],
        c_t0[:c],
        c_end[:c],
        c_channel[:c],
        c_outcome[:c],
        c_outcome_us[:c],
    )
