"""Variants, Sankey path data and breaking points on hand-computed logs."""

from __future__ import annotations

import datetime as dt

from hand_logs import LogFactory
from test_flows import EVENTS, STEPS

from parcours.analytics import (
    Distribution,
    Funnel,
    FunnelStep,
    activity_variants,
    breaking_points,
    paths,
    step_variants,
)


def test_activity_variants_with_counts_and_shares(make_log: LogFactory) -> None:
    variants = activity_variants(make_log(EVENTS, STEPS))
    # A: a x b; B: a b a (tie at 02:00 in source order); C: a b
    assert variants.counts() == {("a", "b"): 1, ("a", "b", "a"): 1, ("a", "x", "b"): 1}
    assert (variants.n_cases, variants.n_variants) == (3, 3)
    assert [v.share for v in variants.top] == [1 / 3] * 3
    assert variants.to_pandas()["variant"].tolist() == ["a > b", "a > b > a", "a > x > b"]


def test_step_variants_top_n(make_log: LogFactory) -> None:
    variants = step_variants(make_log(EVENTS, STEPS), top=1)
    # steps only: A a b; B a b a; C a b
    assert variants.counts() == {("a", "b"): 2}
    assert variants.top[0].share == 2 / 3
    assert variants.n_variants == 2


def test_sankey_edges_between_positions(make_log: LogFactory) -> None:
    data = paths(make_log(EVENTS, STEPS))
    edges = [(e.position, e.source, e.target, e.count) for e in data.edges]
    # paths: a b (A, C), a b a (B); target None = the path ends
    assert edges == [(0, "a", "b", 3), (1, "b", None, 2), (1, "b", "a", 1), (2, "a", None, 1)]
    assert [p.sequence for p in data.top_paths] == [("a", "b"), ("a", "b", "a")]
    short = paths(make_log(EVENTS, STEPS, max_path_positions=1, top_paths=1))
    assert [e.position for e in short.edges] == [0]
    assert len(short.top_paths) == 1


def _step(name: str, position: int, dropped: int, median: float) -> FunnelStep:
    return FunnelStep(
        step=name,
        position=position,
        reached=10,
        in_flight=0,
        dropped=dropped,
        conversion_from_previous=None,
        conversion_from_start=None,
        drop_off_rate=dropped / 20,
        delay_from_previous_seconds=Distribution(count=7, mean=median, median=median, p90=median),
    )


def test_breaking_points_rank_drop_offs_and_waits() -> None:
    first = FunnelStep("s1", 0, 20, 0, 0, None, 1.0, None, None)
    steps = (first, _step("s2", 1, 1, 100.0), _step("s3", 2, 5, 10.0), _step("s4", 3, 0, 50.0))
    zero = Distribution(0, None, None, None)
    funnel = Funnel(steps, 20, 10, zero, None, dt.datetime(2024, 1, 1))
    points = breaking_points(funnel)
    # drop-offs: s3 (5) before s2 (1); s4 dropped nobody
    assert [(p.step, p.previous_step, p.customers_affected) for p in points.drop_offs] == [
        ("s3", "s2", 5),
        ("s2", "s1", 1),
    ]
    # waits by median: s2 100 s, s4 50 s, s3 10 s; affected = the 7 who waited
    assert [(p.step, p.median_wait_seconds) for p in points.waits] == [
        ("s2", 100.0),
        ("s4", 50.0),
        ("s3", 10.0),
    ]
    assert {p.customers_affected for p in points.waits} == {7}
