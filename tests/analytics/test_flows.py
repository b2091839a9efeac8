"""Directly-follows (activities, steps) and eventually-follows on a hand-computed log."""

from __future__ import annotations

import pytest
from hand_logs import LogFactory

from parcours.analytics import activity_flows, eventually_follows, step_flows

HOUR = 3600.0
EVENTS = [
    ("A", "2024-01-01 00:00", "a"),
    ("A", "2024-01-01 01:00", "x"),
    ("A", "2024-01-01 03:00", "b"),
    ("B", "2024-01-01 00:00", "a"),
    ("B", "2024-01-01 02:00", "b"),
    ("B", "2024-01-01 02:00", "a"),
    ("C", "2024-01-01 00:00", "a"),
    ("C", "2024-01-01 04:00", "b"),
]
STEPS = ["a", "b"]


def test_activity_directly_follows_counts_and_delays(make_log: LogFactory) -> None:
    graph = activity_flows(make_log(EVENTS, STEPS))
    assert graph.counts() == {("a", "b"): 2, ("a", "x"): 1, ("b", "a"): 1, ("x", "b"): 1}
    a_b = graph.flows[0]
    assert (a_b.source, a_b.target) == ("a", "b")
    # B 2 h, C 4 h: mean 3 h, median 3 h, p90 = 2 h + 0.9 * (4 h - 2 h)
    assert a_b.delay_seconds.mean == pytest.approx(3 * HOUR)
    assert a_b.delay_seconds.median == pytest.approx(3 * HOUR)
    assert a_b.delay_seconds.p90 == pytest.approx(3.8 * HOUR)
    assert graph.starts == {"a": 3}
    assert graph.ends == {"a": 1, "b": 2}
    assert list(graph.to_pandas().columns)[:3] == ["source", "target", "count"]


def test_step_directly_follows_skips_unmapped_events(make_log: LogFactory) -> None:
    graph = step_flows(make_log(EVENTS, STEPS))
    assert graph.counts() == {("a", "b"): 3, ("b", "a"): 1}
    a_b = graph.flows[0]
    # A 3 h (x skipped), B 2 h, C 4 h: p90 rank 0.9 * 2 = 1.8 -> 3 h + 0.8 * 1 h
    assert a_b.delay_seconds.mean == pytest.approx(3 * HOUR)
    assert a_b.delay_seconds.p90 == pytest.approx(3.8 * HOUR)
    assert graph.flows[1].delay_seconds.mean == 0.0  # B: b then a at the same time


def test_eventually_follows_from_first_occurrence(make_log: LogFactory) -> None:
    events = [
        *EVENTS,
        # D: a, a, c, b: from the FIRST a (00:00) to the first b after it (05:00)
        ("D", "2024-01-01 00:00", "a"),
        ("D", "2024-01-01 01:00", "a"),
        ("D", "2024-01-01 02:00", "c"),
        ("D", "2024-01-01 05:00", "b"),
    ]
    graph = eventually_follows(make_log(events, ["a", "b", "c"]), all_pairs=True)
    assert graph.counts() == {("a", "b"): 4, ("a", "c"): 1, ("b", "a"): 1, ("c", "b"): 1}
    a_b = graph.flows[0]
    # A 3 h, B 2 h, C 4 h, D 5 h
    assert a_b.delay_seconds.mean == pytest.approx(3.5 * HOUR)
    assert a_b.delay_seconds.median == pytest.approx(3.5 * HOUR)
    assert graph.counts()[("c", "b")] == 1 and graph.flows[-1].delay_seconds.mean == 3 * HOUR
