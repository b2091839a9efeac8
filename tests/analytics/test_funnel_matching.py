"""The compiled funnel matching (DuckDB + numba) gives the Ibis definition's tables."""

from __future__ import annotations

from typing import Any

import pytest
from hand_logs import LogFactory, at
from test_structure import AS_OF, EVENTS, STEPS, STRUCTURE, TEN_DAYS

from parcours.analytics import OrderedLog, journeys
from parcours.analytics.funnel import Journeys, compiled_matching
from parcours.analytics.options import FunnelMode
from parcours.model.structure import line

pytestmark = pytest.mark.skipif(
    not compiled_matching(__import__("parcours.engine").engine.Engine.duckdb()),
    reason="numba is not installed",
)

# Troubled customers (first visit of a stage before the match of the previous one, then
# visited again), a match exactly at entry + window, one just after, repeats, channels.
TRICKY = [
    ("P", "2024-01-01", "b", {"channel": "web"}),
    ("P", "2024-01-02", "a", {"channel": "app"}),
    ("P", "2024-01-03", "b"),
    ("P", "2024-01-04", "c"),
    ("Q", "2024-01-01", "a"),
    ("Q", "2024-01-11", "b", {"channel": "phone"}),
    ("Q", "2024-01-11 00:01", "c"),
    ("R", "2024-01-01", "a"),
    ("R", "2024-01-01", "a", {"channel": "mail"}),
    ("R", "2024-01-02", "c"),
    ("R", "2024-01-03", "b2"),
    ("R", "2024-01-04", "c"),
    ("S", "2024-01-05", "c"),
    ("S", "2024-01-06", "ok"),
]


def rows(found: Journeys, table: str) -> list[dict[str, Any]]:
    expr = getattr(found, table)
    return sorted(found.engine.execute(expr).to_pylist(), key=repr)


@pytest.mark.parametrize("events", [EVENTS, TRICKY, EVENTS + TRICKY])
@pytest.mark.parametrize("mode", [FunnelMode.CLOSED, FunnelMode.OPEN])
@pytest.mark.parametrize("window", [TEN_DAYS, None])
def test_compiled_matches_equal_the_ibis_definition(
    make_log: LogFactory, events: Any, mode: FunnelMode, window: int | None
) -> None:
    log: OrderedLog = make_log(events, STEPS, window_seconds=window, as_of=AS_OF, funnel_mode=mode)
    for structure in (STRUCTURE, line(STEPS)):
        fast = journeys(log, structure)
        slow = journeys(log, structure, compiled=False)
        assert rows(fast, "matches") == rows(slow, "matches")
        assert rows(fast, "customers") == rows(slow, "customers")


def test_the_window_end_is_inside(make_log: LogFactory) -> None:
    events = [("Q", "2024-01-01", "a"), ("Q", "2024-01-11", "b"), ("Q", "2024-01-12", "c")]
    log = make_log(events, STEPS, window_seconds=TEN_DAYS, as_of=at("2024-02-01"))
    found = journeys(log, STRUCTURE)
    assert [r["step_pos"] for r in rows(found, "matches")] == [0, 1]
