"""The funnel over the main path, outcomes, detours and conformance with roles, on a
hand-computed log (``docs/analytics.md``, "Journeys that are not a line")."""

from __future__ import annotations

import pytest
from hand_logs import LogFactory, at

from parcours.analytics import OrderedLog, funnel, journeys
from parcours.analytics.conformance import conformance_of
from parcours.analytics.detours import detours
from parcours.analytics.options import FunnelMode
from parcours.analytics.paths import breaking_points
from parcours.model import Step, structure_of

DAY = 86_400.0
TEN_DAYS = 10 * 86_400
AS_OF = at("2024-01-31")
MAP = [
    Step(id="a", name="Apply"),
    Step(id="b", name="Sign online"),
    Step(id="b2", name="Sign in a branch", alternative_of="b"),
    Step(id="x", name="Document rejected", role="exception", returns_to="a"),
    Step(id="o", name="Simulate", role="optional"),
    Step(id="c", name="Activate"),
    Step(id="ok", name="Opened", role="outcome", outcome="success"),
    Step(id="ko", name="Refused", role="outcome", outcome="failure"),
]
STEPS = [s.id for s in MAP]
STRUCTURE = structure_of(MAP)
EVENTS = [
    # A: a declared loop (x then a again), every stage, success 5 days after entry
    ("A", "2024-01-01", "a"),
    ("A", "2024-01-02", "x"),
    ("A", "2024-01-03", "a"),
    ("A", "2024-01-04", "b"),
    ("A", "2024-01-05", "c"),
    ("A", "2024-01-06", "ok"),
    # B: signs in a branch (alternative), then refused: ended at c, not dropped
    ("B", "2024-01-01", "a"),
    ("B", "2024-01-02", "b2"),
    ("B", "2024-01-03", "ko"),
    # C: takes the optional step, every stage, no outcome: decided, not converted
    ("C", "2024-01-01", "a"),
    ("C", "2024-01-02", "o"),
    ("C", "2024-01-03", "b"),
    ("C", "2024-01-04", "c"),
    # D: dropped at b
    ("D", "2024-01-01", "a"),
    # E: entry 01-25, window open at as_of: in flight at c
    ("E", "2024-01-25", "a"),
    ("E", "2024-01-26", "b"),
    # F: never on the first stage: not in the closed funnel; enters at b in the open one
    ("F", "2024-01-02", "b"),
    ("F", "2024-01-03", "c"),
    ("F", "2024-01-04", "ok"),
    # G: success placed after b in the map, without b: ended at b, converted in 1 day
    ("G", "2024-01-01", "a"),
    ("G", "2024-01-02", "ok"),
    # H: takes the exception, then drops at b
    ("H", "2024-01-01", "a"),
    ("H", "2024-01-02", "x"),
]


@pytest.fixture
def log(make_log: LogFactory) -> OrderedLog:
    return make_log(EVENTS, STEPS, window_seconds=TEN_DAYS, as_of=AS_OF)


def test_the_funnel_runs_over_the_stages_with_alternatives(log: OrderedLog) -> None:
    result = funnel(log, journeys(log, STRUCTURE))
    assert [s.steps for s in result.steps] == [("a",), ("b", "b2"), ("c",)]
    a, b, c = result.steps
    assert (a.reached, a.entries) == (7, 7)  # A B C D E G H
    # b: A B(b2) C E; stopped at a: D, G, H; G's success closed the journey (ended)
    assert (b.reached, b.ended, b.in_flight, b.dropped) == (4, 1, 0, 2)
    assert b.conversion_from_previous == pytest.approx(4 / 7)
    assert b.drop_off_rate == pytest.approx(2 / 7)
    assert b.delay_from_previous_seconds is not None
    assert b.delay_from_previous_seconds.median == pytest.approx(1.5 * DAY)  # 3, 1, 2, 1 d
    # c: A C; stopped at b: B (refused: ended), E (in flight): nobody dropped
    assert (c.reached, c.ended, c.in_flight, c.dropped) == (2, 1, 1, 0)
    assert c.conversion_from_previous == pytest.approx(2 / 3)
    assert c.drop_off_rate == 0


def test_conversion_is_reaching_a_success_outcome(log: OrderedLog) -> None:
    result = funnel(log, journeys(log, STRUCTURE))
    assert (result.entered, result.converted, result.in_flight, result.no_outcome) == (7, 2, 1, 3)
    assert result.conversion_rate == pytest.approx(2 / 6)
    assert [(o.step, o.kind, o.customers) for o in result.outcomes] == [
        ("ok", "success", 2),
        ("ko", "failure", 1),
    ]
    assert result.outcomes[0].share == pytest.approx(2 / 7)
    ttc = result.time_to_convert_seconds
    assert (ttc.count, ttc.median) == (2, pytest.approx(3 * DAY))  # A 5 d, G 1 d


def test_open_funnel_lets_customers_enter_at_any_stage(make_log: LogFactory) -> None:
    log = make_log(EVENTS, STEPS, window_seconds=TEN_DAYS, as_of=AS_OF, funnel_mode=FunnelMode.OPEN)
    result = funnel(log, journeys(log, STRUCTURE))
    a, b, c = result.steps
    assert result.mode == "open"
    assert (a.entries, b.entries, c.entries) == (7, 1, 0)  # F enters at b
    assert (b.reached, b.dropped, b.ended) == (5, 2, 1)
    assert b.conversion_from_previous == pytest.approx(4 / 7)  # F entered, did not continue
    assert (c.reached, c.dropped, c.ended, c.in_flight) == (3, 0, 1, 1)
    assert c.conversion_from_previous == pytest.approx(3 / 4)
    assert (result.entered, result.converted) == (8, 3)
    assert result.conversion_rate == pytest.approx(3 / 7)


def test_a_map_without_outcomes_converts_at_the_last_stage(make_log: LogFactory) -> None:
    steps = ["a", "b", "c"]
    events = [e for e in EVENTS if e[2] in steps]
    log = make_log(events, steps, window_seconds=TEN_DAYS, as_of=AS_OF)
    result = funnel(log, journeys(log))
    assert result.outcomes == ()
    assert (result.converted, result.no_outcome) == (2, 0)  # A and C reach c
    assert result.steps[-1].ended == 0


def test_detours_cost_what_their_takers_lose(log: OrderedLog) -> None:
    found = journeys(log, STRUCTURE)
    x, o = detours(log, found, STRUCTURE)
    # x: A (converted, 5 d) and H (dropped); the others decided: B C D G, G converted in 1 d
    assert (x.step, x.customers, x.events, x.returns_to) == ("x", 2, 2, "a")
    assert x.share == pytest.approx(2 / 7)
    assert (x.conversion_with, x.conversion_without) == (pytest.approx(1 / 2), pytest.approx(1 / 4))
    assert x.customers_lost == 0
    assert x.days_lost == pytest.approx(4.0)  # 1 converted taker x (5 d - 1 d)
    # o: C only, not converted; others decided A B D G H, A and G converted
    assert (o.customers, o.conversion_with, o.conversion_without) == (1, 0, pytest.approx(2 / 5))
    assert o.customers_lost == pytest.approx(0.4)
    assert o.days_lost == 0


def test_breaking_points_keep_detours_beside_the_main_path(log: OrderedLog) -> None:
    found = journeys(log, STRUCTURE)
    points = breaking_points(funnel(log, found), detours(log, found, STRUCTURE))
    assert [(p.previous_step, p.step, p.customers_affected) for p in points.drop_offs] == [
        ("a", "b", 2)
    ]
    assert [d.step for d in points.detours] == ["o", "x"]  # 0.4 customers, then 4 days


def test_conformance_reads_the_roles(make_log: LogFactory) -> None:
    events = [
        *EVENTS,
        # I: back to a after b, through the declared loop x: expected
        ("I", "2024-01-01", "a"),
        ("I", "2024-01-02", "b"),
        ("I", "2024-01-03", "x"),
        ("I", "2024-01-04", "a"),
        # J: back to a after b with no declared loop: a return
        ("J", "2024-01-01", "a"),
        ("J", "2024-01-02", "b"),
        ("J", "2024-01-03", "a"),
    ]
    log = make_log(events, STEPS, window_seconds=TEN_DAYS, as_of=AS_OF)
    fit = conformance_of(log, STRUCTURE)
    assert [s.step for s in fit.steps] == ["a", "b", "c"]
    assert [(r.source, r.target, r.customers) for r in fit.returns] == [("b", "a", 1)]
    assert fit.steps[0].skipped == 1  # F
    # every case but F (skipped a) and J (returned) conforms; C's optional step is fine
    assert (fit.n_cases, fit.conforming_cases) == (10, 8)


def test_a_map_with_no_core_step_is_refused(log: OrderedLog) -> None:
    from parcours.analytics.errors import AnalyticsError

    only_outcomes = structure_of([Step(id="ok", name="Ok", role="outcome", outcome="success")])
    with pytest.raises(AnalyticsError, match="core"):
        journeys(log, only_outcomes)
