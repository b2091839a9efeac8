"""Before / after an opportunity was done: significance on hand-built logs."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.analytics import AnalysisOptions
from parcours.analytics.improvement import (
    ScoreSample,
    compare_before_after,
    mann_whitney_u_test,
    two_proportion_z_test,
)
from parcours.analytics.testing import matched_table
from parcours.engine import Engine
from parcours.model import line

DONE = dt.date(2024, 3, 1)
HOUR = dt.timedelta(hours=1)


def cohort(start: dt.datetime, prefix: str, converted: int, wait: dt.timedelta) -> list[dict]:
    """100 customers at a, 90 at b, ``converted`` of them at c ``wait`` after b."""
    rows: list[dict] = []
    for n in range(100):
        case = f"{prefix}{n}"
        t0 = start + dt.timedelta(minutes=n)
        rows.append({"case_id": case, "timestamp": t0, "activity": "a", "step": "a"})
        if n < 90:
            rows.append(
                {
                    "case_id": case,
                    "timestamp": t0 + HOUR,
                    "activity": "b",
                    "step": "b",
                    "score": 2.0 if prefix == "x" else 4.0,
                }
            )
        if n < converted:
            rows.append(
                {
                    "case_id": case,
                    "timestamp": t0 + HOUR + wait + dt.timedelta(minutes=n),
                    "activity": "c",
                    "step": "c",
                }
            )
    return rows


def check(after_converted: int, after_wait: dt.timedelta, scores: list[ScoreSample] = ()):  # type: ignore[assignment]
    engine = Engine.duckdb()
    rows = cohort(dt.datetime(2024, 2, 1), "x", 30, dt.timedelta(days=5))
    rows += cohort(dt.datetime(2024, 3, 2), "y", after_converted, after_wait)
    return compare_before_after(
        engine,
        matched_table(engine, rows),
        ["a", "b", "c"],
        line(["a", "b", "c"]),
        opportunity="opp-1",
        done_on=DONE,
        opportunity_steps=["c", "b"],
        options=AnalysisOptions(window_seconds=None),
        scores=scores,
    )


def test_planted_improvement_is_detected() -> None:
    result = check(60, HOUR)
    assert (result.customers_before, result.customers_after) == (100, 100)
    changes = {(c.step, c.metric): c for c in result.changes}
    conversion = changes[("c", "conversion")]
    assert (conversion.before, conversion.after) == (pytest.approx(30 / 90), pytest.approx(60 / 90))
    assert conversion.significant and conversion.improved
    delay = changes[("c", "delay_seconds")]
    assert delay.after < delay.before and delay.significant and delay.improved
    satisfaction = changes[("b", "satisfaction")]
    assert (satisfaction.before, satisfaction.after) == (2.0, 4.0)
    assert satisfaction.significant and satisfaction.improved


def test_noise_is_not_called_a_change() -> None:
    result = check(32, dt.timedelta(days=5))
    changes = {(c.step, c.metric): c for c in result.changes}
    conversion = changes[("c", "conversion")]
    assert not conversion.significant and conversion.improved is None
    assert conversion.p_value > 0.5


def test_survey_answers_are_split_by_their_own_date() -> None:
    early = [ScoreSample("c", dt.datetime(2024, 2, 10), 2.0 + (k % 2)) for k in range(25)]
    late = [
        ScoreSample("c", dt.datetime(2024, 3, 10, tzinfo=dt.UTC), 4.0 + (k % 2)) for k in range(25)
    ]
    result = check(30, dt.timedelta(days=5), early + late)
    satisfaction = next(c for c in result.changes if (c.step, c.metric) == ("c", "satisfaction"))
    assert (satisfaction.n_before, satisfaction.n_after) == (25, 25)
    assert satisfaction.improved


def test_two_proportion_z_by_hand() -> None:
    # p1 = .3, p2 = .5, pooled .4: z = .2 / sqrt(.24 x .02) = 2.8868
    z, p = two_proportion_z_test(30, 100, 50, 100)
    assert z == pytest.approx(0.2 / (0.24 * 0.02) ** 0.5)
    assert p == pytest.approx(0.00389, abs=1e-5)


def test_mann_whitney_by_hand_with_ties() -> None:
    u, p = mann_whitney_u_test([1, 1, 2], [2, 3, 3])
    # ranks: 1,1 -> 1.5; 2,2 -> 3.5; 3,3 -> 5.5; after: 3.5 + 5.5 + 5.5 = 14.5; U = 14.5 - 6
    assert u == 8.5
    assert 0 < p < 1
    assert mann_whitney_u_test([], [1.0]) == (0.0, 1.0)


def test_tests_agree_with_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    before = [float(v % 7) + 0.5 * (v % 3) for v in range(40)]
    after = [float(v % 5) + 1.0 for v in range(35)]
    u, p = mann_whitney_u_test(before, after)
    expected = stats.mannwhitneyu(after, before, alternative="two-sided", method="asymptotic")
    assert u == pytest.approx(expected.statistic)
    assert p == pytest.approx(expected.pvalue, rel=1e-9)
