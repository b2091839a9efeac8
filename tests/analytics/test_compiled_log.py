"""The ordered tables of the compiled pass (DuckDB + numba) equal the Ibis definition's."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from hand_logs import rows_of
from test_funnel_matching import TRICKY
from test_structure import AS_OF, EVENTS, STEPS

from parcours.analytics import AnalysisOptions, OrderedLog, prepare
from parcours.analytics.compiled_log import available
from parcours.analytics.options import Period
from parcours.analytics.testing import matched_table
from parcours.engine import Engine

pytestmark = pytest.mark.skipif(not available(Engine.duckdb()), reason="numba is not installed")

TABLES = ("events", "step_events", "contacts", "visits", "cases")


def rows(log: OrderedLog, table: str) -> list[dict[str, Any]]:
    return sorted(log.engine.execute(getattr(log, table)).to_pylist(), key=repr)


def assert_same(
    engine: Engine, records: list[dict[str, Any]], steps: list[str], **options: Any
) -> None:
    table = matched_table(engine, records)
    fast = prepare(engine, table, steps, AnalysisOptions(**options))
    slow = prepare(engine, table, steps, AnalysisOptions(**options), compiled=False)
    assert fast.sorted_steps is not None and slow.sorted_steps is None
    for name in TABLES:
        assert getattr(fast, name).schema() == getattr(slow, name).schema(), name
        assert rows(fast, name) == rows(slow, name), name
    assert (fast.n_events, fast.n_cases, fast.as_of) == (slow.n_events, slow.n_cases, slow.as_of)


@pytest.mark.parametrize("events", [EVENTS, TRICKY])
def test_hand_logs(engine: Engine, events: Any) -> None:
    assert_same(engine, rows_of(events, STEPS), STEPS, as_of=AS_OF)


def random_records(seed: int, long_case: bool) -> list[dict[str, Any]]:
    """Ties of timestamps (the row decides), rows out of time order, unmarked events,
    unknown channels and segments (known only later in the case), missing scores, and
    with ``long_case`` one case longer than the insertion-sorted ones."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 3, 30, 22)
    records = []
    for number in range(60 + (80 if long_case else 0)):
        case = "L" if long_case and number >= 60 else f"C{rng.randrange(12):02d}"
        records.append(
            {
                "case_id": case,
                "timestamp": start + dt.timedelta(hours=rng.randrange(60)),
                "activity": rng.choice(["a", "b", "c", "x", "y"]),
                "channel": rng.choice([None, "web", "app"]),
                "segment": rng.choice([None, None, "pro", "retail"]),
                "score": rng.choice([None, 1.0, 4.5]),
            }
        )
    rng.shuffle(records)
    for row, record in enumerate(records, start=1):
        record["row"] = row
        record["step"] = record["activity"] if record["activity"] in "abc" else None
    return records


@pytest.mark.parametrize("seed", range(4))
def test_random_logs(engine: Engine, seed: int) -> None:
    records = random_records(seed, long_case=seed % 2 == 1)
    period = Period.WEEK if seed % 2 else Period.MONTH
    zone = "Europe/Paris" if seed < 2 else None
    assert_same(engine, records, ["a", "b", "c"], period=period, timezone=zone)


def test_the_funnel_reads_the_arrays_of_its_own_step_events(engine: Engine) -> None:
    log = prepare(engine, matched_table(engine, rows_of(EVENTS, STEPS)), STEPS, AnalysisOptions())
    assert log.sorted_steps is not None
    assert log.sorted_steps.table is log.step_events
    assert len(log.sorted_steps.case) == engine.scalar(log.step_events.count())


def test_a_log_too_large_for_memory_takes_the_sql_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above COMPILED_MAX_EVENTS the compiled pass is not used (it holds the log in memory):
    the tables then come from SQL, with the same content."""
    from parcours.analytics import ordered_log
    from parcours.analytics.options import AnalysisOptions
    from parcours.analytics.testing import tiny_log
    from parcours.engine import Engine

    engine = Engine.duckdb()
    table = tiny_log(engine)
    compiled = ordered_log.prepare(engine, table, ["a", "b"], AnalysisOptions())
    monkeypatch.setattr(ordered_log, "COMPILED_MAX_EVENTS", 2)  # the tiny log has 3 events
    large = ordered_log.prepare(engine, table, ["a", "b"], AnalysisOptions())
    assert compiled.sorted_steps is not None and large.sorted_steps is None
    assert (large.n_events, large.n_cases) == (compiled.n_events, compiled.n_cases)
