"""Conformance to the designed map, on a hand-computed log (docs/analytics.md)."""

from __future__ import annotations

import datetime as dt

import ibis.expr.types as ir

from parcours.analytics.conformance import conformance
from parcours.analytics.testing import matched_table
from parcours.engine import Engine

STEPS = ["a", "b", "c", "d"]
START = dt.datetime(2026, 2, 1, 9)


def _table(engine: Engine, cases: dict[str, list[str]]) -> ir.Table:
    rows = []
    for n, (case, activities) in enumerate(cases.items()):
        for i, activity in enumerate(activities):
            step = activity if activity in STEPS else None
            rows.append(
                {
                    "case_id": case,
                    "timestamp": START + dt.timedelta(days=n, hours=i),
                    "activity": activity,
                    "step": step,
                    "step_index": STEPS.index(step) if step else None,
                }
            )
    return matched_table(engine, rows)


def test_skips_loops_returns_and_disorder_on_a_hand_computed_log() -> None:
    engine = Engine.duckdb()
    cases = {
        "c1": ["a", "page", "b", "c", "d"],  # conforms (the page view is no step)
        "c2": ["a", "b", "b", "c"],  # loop at b (allowed): conforms
        "c3": ["a", "c", "b", "c", "d"],  # c before b: return c->b, c out of order
        "c4": ["a", "d"],  # skipped b and c
        "c5": ["b", "c"],  # skipped a
        "c6": ["page"],  # no step at all: not counted among the 5 cases
    }
    result = conformance(engine, _table(engine, cases), STEPS)
    by_step = {s.step: s for s in result.steps}
    # skipped: a <- c5 ; b <- c4 ; c <- c4 ; d: nobody reached a later step
    assert [by_step[s].skipped for s in STEPS] == [1, 1, 1, 0]
    assert (by_step["b"].loops, by_step["b"].loop_customers) == (1, 1)
    assert (by_step["b"].returns, by_step["b"].return_customers) == (1, 1)
    assert sum(s.returns for s in result.steps) == 1
    # c3: first c at 10:00, first b at 11:00 -> c came before an earlier step of the map
    assert [by_step[s].out_of_order for s in STEPS] == [0, 0, 1, 0]
    assert (result.n_cases, result.conforming_cases) == (5, 2)
    assert result.conformance_rate == 0.4
    assert [(r.source, r.target, r.events, r.customers) for r in result.returns] == [
        ("c", "b", 1, 1)
    ]
    assert [(u.activity, u.events, u.customers) for u in result.unexpected] == [("page", 2, 2)]
    assert result.to_dict()["steps"][1]["loops"] == 1
    assert list(result.to_pandas().columns)[:3] == ["step", "position", "skipped"]


def test_a_log_without_step_events() -> None:
    engine = Engine.duckdb()
    result = conformance(engine, _table(engine, {"c1": ["page"]}), STEPS)
    assert result.n_cases == 0 and result.conformance_rate is None
    assert all(s.skipped == 0 for s in result.steps)


def test_within_analyze_it_equals_the_standalone_conformance() -> None:
    from parcours.analytics import AnalysisOptions, analyze

    engine = Engine.duckdb()
    table = _table(
        engine,
        {"c1": ["a", "c", "b", "c", "d"], "c2": ["a", "b", "b", "x"], "c3": ["b", "a", "d"]},
    )
    result = analyze(engine, table, STEPS, AnalysisOptions(conformance=True))
    assert result.conformance is not None
    assert result.conformance.to_dict() == conformance(engine, table, STEPS).to_dict()
    # c1 goes back from c to b, c3 from b to a (one event each: ranked by source position)
    assert [(r.source, r.target) for r in result.conformance.returns] == [("b", "a"), ("c", "b")]
    assert analyze(engine, table, STEPS).conformance is None
