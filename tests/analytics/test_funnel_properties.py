"""The funnel against a plain-Python re-implementation of the documented rules, on random logs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcours.analytics import AnalysisOptions, funnel, prepare, step_flows
from parcours.analytics.testing import matched_table
from parcours.engine import Engine

STEPS = ["a", "b", "c"]
START = dt.datetime(2024, 1, 1)
ENGINE = Engine.duckdb()

events = st.lists(
    st.tuples(
        st.sampled_from(["1", "2", "3", "4", "5"]),
        st.integers(min_value=0, max_value=12),  # hour; collisions make ties
        st.sampled_from(["a", "b", "c", "x"]),
    ),
    min_size=1,
    max_size=25,
)


def _expected(rows: list[dict[str, Any]], window_h: int | None, as_of: dt.datetime) -> list[Any]:
    by_case: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_case[row["case_id"]].append(row)
    reached = [0] * len(STEPS)
    in_flight = [0] * len(STEPS)
    window = None if window_h is None else dt.timedelta(hours=window_h)
    for case in by_case.values():
        ordered = sorted(case, key=lambda r: (r["timestamp"], r["row"]))
        starts = [i for i, r in enumerate(ordered) if r["step"] == STEPS[0]]
        if not starts:
            continue
        position, entry = starts[0], ordered[starts[0]]["timestamp"]
        reached[0] += 1
        for k in range(1, len(STEPS)):
            later = [
                i
                for i, r in enumerate(ordered)
                if i > position
                and r["step"] == STEPS[k]
                and (window is None or r["timestamp"] <= entry + window)
            ]
            if not later:
                if window is not None and entry + window > as_of:
                    in_flight[k] += 1
                break
            position = later[0]
            reached[k] += 1
    return [reached, in_flight]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=events, window_h=st.sampled_from([None, 2, 5]))
def test_funnel_matches_the_documented_rules(
    events: list[tuple[str, int, str]], window_h: int | None
) -> None:
    rows: list[dict[str, Any]] = [
        {
            "case_id": case,
            "timestamp": START + dt.timedelta(hours=hour),
            "activity": activity,
            "step": activity if activity in STEPS else None,
        }
        for case, hour, activity in events
    ]
    table = matched_table(ENGINE, rows)
    for number, row in enumerate(rows, start=1):
        row["row"] = number
    as_of = START + dt.timedelta(hours=10)
    window = None if window_h is None else window_h * 3600
    log = prepare(ENGINE, table, STEPS, AnalysisOptions(window_seconds=window, as_of=as_of))
    result = funnel(log)
    reached, in_flight = _expected(rows, window_h, as_of)
    assert [s.reached for s in result.steps] == reached
    assert [s.in_flight for s in result.steps] == in_flight
    for previous, step in zip(result.steps, result.steps[1:], strict=False):
        assert previous.reached == step.reached + step.in_flight + step.dropped
    # every pair of consecutive step events is one directly-follows pair
    n_step_events = sum(1 for r in rows if r["step"])
    n_cases_with_steps = len({r["case_id"] for r in rows if r["step"]})
    pairs = sum(step_flows(log).counts().values())
    assert pairs == n_step_events - n_cases_with_steps
