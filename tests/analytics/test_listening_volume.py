"""Weekly survey volumes of listening points, on tiny hand-computed logs."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from parcours.analytics.listening_volume import is_sampled, listening_volume
from parcours.engine import Engine
from parcours.model import ListeningPoint

D = dt.datetime


def _table(engine: Engine, rows: list[tuple[str, dt.datetime, str, str | None]]) -> object:
    """rows: (case, time, activity, step); segment "pro" for cases starting with p."""
    return engine.table(
        pa.table(
            {
                "case_id": [r[0] for r in rows],
                "timestamp": pa.array([r[1] for r in rows], pa.timestamp("us")),
                "activity": [r[2] for r in rows],
                "step": pa.array([r[3] for r in rows], pa.string()),
                "segment": ["pro" if r[0].startswith("p") else "retail" for r in rows],
                "channel": ["web"] * len(rows),
                "row": list(range(1, len(rows) + 1)),
            }
        )
    )


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.duckdb()


ROWS = [
    # c1 visits kyc twice in a row (one visit), goes to pay, comes back to kyc (second visit)
    ("c1", D(2026, 1, 5, 9), "upload", "kyc"),
    ("c1", D(2026, 1, 5, 9, 5), "check", "kyc"),
    ("c1", D(2026, 1, 6, 9), "pay", "pay"),
    ("c1", D(2026, 1, 14, 9), "upload", "kyc"),
    ("c2", D(2026, 1, 7, 9), "upload", "kyc"),
    ("p3", D(2026, 1, 13, 9), "upload", "kyc"),
    ("p3", D(2026, 1, 13, 10), "pay", "pay"),
]


def test_visits_weeks_and_expected_answers(engine: Engine) -> None:
    point = ListeningPoint(id="lp", step="kyc", medium="sms", response_rate=0.5)
    plan = listening_volume(engine, _table(engine, ROWS), [point])
    volume = plan.points[0]
    # visits of kyc: c1 on the 5th (upload+check = one visit), c1 on the 14th, c2, p3
    assert (volume.triggers, volume.sampled, volume.surveyed) == (4, 4, 4)
    assert [(w.week_start, w.surveyed) for w in volume.weeks] == [
        (dt.date(2026, 1, 5), 2),
        (dt.date(2026, 1, 12), 2),
    ]
    assert volume.surveyed_per_week == 2.0
    assert volume.expected_answers_per_week == 1.0
    assert plan.first_week == dt.date(2026, 1, 5)


def test_fatigue_is_shared_by_every_point(engine: Engine) -> None:
    kyc = ListeningPoint(id="a", step="kyc", medium="sms", fatigue_days=10)
    pay = ListeningPoint(id="b", step="pay", medium="email_warm", fatigue_days=10)
    plan = listening_volume(engine, _table(engine, ROWS), [kyc, pay])
    a, b = plan.points
    # sends: c1 kyc 5th 10:00, c1 pay 9th 9:00 (warm: +72 h) blocked, c2 kyc 7th,
    # p3 kyc 13th, c1 kyc 14th 10:00 (9 days after the 5th: blocked), p3 pay 16th blocked
    assert a.surveyed == 3
    assert b.triggers == 2 and b.surveyed == 0
    assert sum(a.daily.values()) == 3 and dt.date(2026, 1, 14) not in a.daily


def test_trigger_activity_target_and_delay(engine: Engine) -> None:
    point = ListeningPoint(
        step="kyc",
        medium="email_cold",
        trigger_activity="upload",
        target_segments=["pro"],
    )
    volume = listening_volume(engine, _table(engine, ROWS), [point]).points[0]
    assert volume.point == "kyc#1"
    assert volume.triggers == 1  # p3's upload only
    # cold: sent 504 h = 21 days later, on Feb 3rd (week of Feb 2nd), outside the log's weeks
    assert [(w.week_start, w.surveyed) for w in volume.weeks if w.surveyed] == [
        (dt.date(2026, 2, 2), 1)
    ]
    assert volume.surveyed_per_week == 0.5  # 1 survey over the log's 2 weeks


def test_sampling_is_stable_and_close_to_the_rate(engine: Engine) -> None:
    rows = [
        (f"c{i}", D(2026, 1, 5) + dt.timedelta(minutes=i), "upload", "kyc") for i in range(2000)
    ]
    point = ListeningPoint(id="lp", step="kyc", medium="sms", sampling_rate=0.25)
    first = listening_volume(engine, _table(engine, rows), [point]).points[0]
    again = listening_volume(engine, _table(engine, rows), [point]).points[0]
    assert first.surveyed == again.surveyed
    assert abs(first.surveyed - 500) < 4 * (2000 * 0.25 * 0.75) ** 0.5
    assert not is_sampled("lp", "c1", 0, 1e-12)
