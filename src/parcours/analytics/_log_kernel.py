"""The compiled loops of :mod:`parcours.analytics.compiled_log` (numba, cached).

Integer columns arrive with ``-1`` for null (codes and positions are >= 0)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

SMALL_CASE = 32
"""Cases of up to this many events are put in time order by insertion sort; longer ones
by two stable merge sorts."""


@njit(cache=True)
def case_starts(case: Any, n_cases: int) -> Any:
    """``starts[c]``: the first row of case ``c`` in case order (``starts[n_cases]``: n)."""
    starts = np.zeros(n_cases + 1, dtype=np.int64)
    for i in range(len(case)):
        starts[case[i] + 1] += 1
    for c in range(n_cases):
        starts[c + 1] += starts[c]
    return starts


@njit(cache=True)
def _before(ts: Any, row: Any, a: int, b: int) -> Any:
    return ts[a] < ts[b] or (ts[a] == ts[b] and row[a] < row[b])


@njit(cache=True)
def event_order(case: Any, ts: Any, row: Any, n_cases: int) -> Any:
    """The row order that sorts the events by ``(case, ts, row)`` (a counting sort by
    case, then each case in time order), and the start row of each case in it."""
    starts = case_starts(case, n_cases)
    fill = starts[:-1].copy()
    order = np.empty(len(case), dtype=np.int64)
    for i in range(len(case)):
        order[fill[case[i]]] = i
        fill[case[i]] += 1
    for c in range(n_cases):
        lo = starts[c]
        hi = starts[c + 1]
        ordered = True
        for k in range(lo + 1, hi):
            if _before(ts, row, order[k], order[k - 1]):
                ordered = False
                break
        if ordered:
            continue
        if hi - lo <= SMALL_CASE:
            for k in range(lo + 1, hi):
                moving = order[k]
                j = k - 1
                while j >= lo and _before(ts, row, moving, order[j]):
                    order[j + 1] = order[j]
                    j -= 1
                order[j + 1] = moving
        else:
            part = order[lo:hi]
            part = part[np.argsort(row[part], kind="mergesort")]
            part = part[np.argsort(ts[part], kind="mergesort")]
            order[lo:hi] = part
    return order, starts


@njit(cache=True)
def event_windows(case: Any, ts: Any, activity: Any) -> Any:
    """Over the events in case order: ``seq`` (position in the case), the next event's
    activity code (-1: none) and the microseconds to it (valid where the code is >= 0)."""
    n = len(case)
    seq = np.empty(n, dtype=np.int32)
    next_code = np.full(n, -1, dtype=np.int32)
    delay_us = np.zeros(n, dtype=np.int64)
    for i in range(n):
        seq[i] = seq[i - 1] + 1 if i > 0 and case[i] == case[i - 1] else 0
        if i + 1 < n and case[i + 1] == case[i]:
            next_code[i] = activity[i + 1]
            delay_us[i] = ts[i + 1] - ts[i]
    return seq, next_code, delay_us


@njit(cache=True)
def step_windows(case: Any, ts: Any, step: Any) -> Any:
    """Over the step events in case order: ``step_seq``, the next step event's map
    position (-1: none) and the microseconds to it."""
    n = len(case)
    step_seq = np.empty(n, dtype=np.int32)
    next_step = np.full(n, -1, dtype=np.int32)
    delay_us = np.zeros(n, dtype=np.int64)
    for i in range(n):
        step_seq[i] = step_seq[i - 1] + 1 if i > 0 and case[i] == case[i - 1] else 0
        if i + 1 < n and case[i + 1] == case[i]:
            next_step[i] = step[i + 1]
            delay_us[i] = ts[i + 1] - ts[i]
    return step_seq, next_step, delay_us


@njit(cache=True)
def first_of_cases(case: Any, ts: Any, segment: Any) -> Any:
    """Per case (events in case order): its code, first time and first known segment
    (-1: none)."""
    n = len(case)
    count = 0
    for i in range(n):
        if i == 0 or case[i] != case[i - 1]:
            count += 1
    codes = np.empty(count, dtype=np.int32)
    first_us = np.empty(count, dtype=np.int64)
    segments = np.full(count, -1, dtype=np.int32)
    c = -1
    for i in range(n):
        if i == 0 or case[i] != case[i - 1]:
            c += 1
            codes[c] = case[i]
            first_us[c] = ts[i]
        if segments[c] < 0 and segment[i] >= 0:
            segments[c] = segment[i]
    return codes, first_us, segments


@njit(cache=True)
def _by_key_within_cases(case: Any, key: Any) -> Any:
    """The rows (in case order) reordered by ``key`` within each case, stably: insertion
    sort of the short cases, a stable merge sort of the long ones."""
    n = len(case)
    rows = np.arange(n)
    lo = 0
    while lo < n:
        hi = lo + 1
        while hi < n and case[hi] == case[lo]:
            hi += 1
        if hi - lo <= SMALL_CASE:
            for k in range(lo + 1, hi):
                moving = rows[k]
                j = k - 1
                while j >= lo and key[moving] < key[rows[j]]:
                    rows[j + 1] = rows[j]
                    j -= 1
                rows[j + 1] = moving
        else:
            part = rows[lo:hi]
            rows[lo:hi] = part[np.argsort(key[part], kind="mergesort")]
        lo = hi
    return rows


@njit(cache=True)
def contacts_and_visits(
    case: Any, seq: Any, ts: Any, step: Any, channel: Any, n_channels: int
) -> Any:
    """Group the step events (in case order) per (case, step, channel) and per (case,
    step), with the case's previous visited step in map order. Channel -1: unknown."""
    n = len(case)
    sub = np.empty(n, dtype=np.int64)
    for i in range(n):
        sub[i] = step[i] * (n_channels + 1) + channel[i] + 1
    rows = _by_key_within_cases(case, sub)
    n_contacts = 0
    n_visits = 0
    for k in range(n):
        r = rows[k]
        if k == 0 or case[r] != case[rows[k - 1]] or sub[r] != sub[rows[k - 1]]:
            n_contacts += 1
        if k == 0 or case[r] != case[rows[k - 1]] or step[r] != step[rows[k - 1]]:
            n_visits += 1
    c_case = np.empty(n_contacts, dtype=np.int32)
    c_step = np.empty(n_contacts, dtype=np.int32)
    c_channel = np.empty(n_contacts, dtype=np.int32)
    c_events = np.zeros(n_contacts, dtype=np.int64)
    c_seq = np.empty(n_contacts, dtype=np.int32)
    c_us = np.empty(n_contacts, dtype=np.int64)
    v_case = np.empty(n_visits, dtype=np.int32)
    v_step = np.empty(n_visits, dtype=np.int32)
    v_events = np.zeros(n_visits, dtype=np.int64)
    v_seq = np.empty(n_visits, dtype=np.int32)
    v_us = np.empty(n_visits, dtype=np.int64)
    p_step = np.full(n_visits, -1, dtype=np.int32)
    p_seq = np.zeros(n_visits, dtype=np.int32)
    p_us = np.zeros(n_visits, dtype=np.int64)
    entry_us = np.empty(n_visits, dtype=np.int64)
    c = -1
    v = -1
    for k in range(n):
        r = rows[k]
        new_case = k == 0 or case[r] != case[rows[k - 1]]
        if new_case or sub[r] != sub[rows[k - 1]]:
            c += 1
            c_case[c] = case[r]
            c_step[c] = step[r]
            c_channel[c] = channel[r]
            c_seq[c] = seq[r]
            c_us[c] = ts[r]
        if new_case or step[r] != step[rows[k - 1]]:
            v += 1
            v_case[v] = case[r]
            v_step[v] = step[r]
            v_seq[v] = seq[r]
            v_us[v] = ts[r]
            if not new_case:
                p_step[v] = v_step[v - 1]
        c_events[c] += 1
        v_events[v] += 1
        c_seq[c] = min(c_seq[c], seq[r])
        c_us[c] = min(c_us[c], ts[r])
        v_seq[v] = min(v_seq[v], seq[r])
        v_us[v] = min(v_us[v], ts[r])
    for v in range(n_visits):
        if p_step[v] >= 0:
            p_seq[v] = v_seq[v - 1]
            p_us[v] = v_us[v - 1]
            entry_us[v] = entry_us[v - 1]
        else:
            entry_us[v] = v_us[v]
    return (
        (c_case, c_step, c_channel, c_events, c_seq, c_us),
        (v_case, v_step, v_events, v_seq, v_us, p_step, p_seq, p_us, entry_us),
    )
