"""Periods in the map's time zone: UTC offsets over a log, local weeks and months."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hand_logs import LogFactory, at

from parcours.analytics import AnalysisOptions, AnalyticsError, funnel_breakdown, journeys
from parcours.analytics.step_stats import step_stats_breakdown
from parcours.analytics.zone import from_datetime, local_us, to_us, utc_offsets
from parcours.engine import Engine

HOUR_US = 3_600 * 1_000_000


def _us(text: str) -> int:
    return to_us(dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC))


def _changes(zone: str, start: str, end: str) -> list[tuple[str, float]]:
    offsets = utc_offsets(ZoneInfo(zone), _us(start), _us(end))
    return [(from_datetime(f).isoformat(timespec="seconds"), o / HOUR_US) for f, o in offsets]


def test_offsets_follow_daylight_saving_time_both_hemispheres() -> None:
    assert _changes("Europe/Paris", "2024-01-01", "2025-01-01") == [
        ("2024-01-01T00:00:00+00:00", 1.0),
        ("2024-03-31T01:00:00+00:00", 2.0),
        ("2024-10-27T01:00:00+00:00", 1.0),
    ]
    # Sydney: summer time ends in April, starts in October (UTC+11 -> +10 -> +11)
    assert _changes("Australia/Sydney", "2024-01-01", "2025-01-01") == [
        ("2024-01-01T00:00:00+00:00", 11.0),
        ("2024-04-06T16:00:00+00:00", 10.0),
        ("2024-10-05T16:00:00+00:00", 11.0),
    ]


def test_offsets_without_change_and_half_hours() -> None:
    assert _changes("Asia/Kolkata", "2020-01-01", "2025-01-01") == [
        ("2020-01-01T00:00:00+00:00", 5.5)
    ]
    # Lord Howe Island shifts by half an hour only
    lord_howe = _changes("Australia/Lord_Howe", "2024-01-01", "2024-12-31")
    assert [offset for _, offset in lord_howe] == [11.0, 10.5, 11.0]


def test_local_time_expression_on_the_engine() -> None:
    engine = Engine.duckdb()
    instants = [
        "2024-03-31 00:59:59",
        "2024-03-31 01:00:00",
        "2024-10-27 00:59:59",
        "2024-10-27 01:00:00",
    ]
    table = engine.sql(
        "SELECT * FROM (VALUES " + ", ".join(f"({_us(t)})" for t in instants) + ") AS t(u)"
    )
    offsets = utc_offsets(ZoneInfo("Europe/Paris"), _us("2024-01-01"), _us("2025-01-01"))
    local = engine.execute(table.select(local=local_us(table.u, offsets))).column(0).to_pylist()
    shifted = [(value - _us(t)) / HOUR_US for value, t in zip(local, instants, strict=True)]
    assert shifted == [1.0, 2.0, 2.0, 1.0]


# A: first event Sunday 2024-01-07 23:30 UTC = Monday 2024-01-08 00:30 in Paris
# B: first event Sunday 2024-03-31 22:30 UTC = Monday 2024-04-01 00:30 in Paris (summer time)
EVENTS = [
    ("A", "2024-01-07 23:30", "s1"),
    ("A", "2024-01-08 09:00", "s2"),
    ("B", "2024-03-31 22:30", "s1"),
]


def test_weeks_and_months_follow_the_zone(make_log: LogFactory) -> None:
    def groups(**options: object) -> list[str | None]:
        log = make_log(EVENTS, ["s1", "s2"], **options)
        return [g.value for g in step_stats_breakdown(log, "period").groups]

    assert groups() == ["2024-01-01", "2024-03-25"]  # UTC: the Sunday's week
    assert groups(timezone="UTC") == ["2024-01-01", "2024-03-25"]
    assert groups(timezone="Europe/Paris") == ["2024-01-08", "2024-04-01"]
    assert groups(timezone="Europe/Paris", period="month") == ["2024-01-01", "2024-04-01"]
    assert groups(period="month") == ["2024-01-01", "2024-03-01"]


def test_funnel_breakdown_by_local_period(make_log: LogFactory) -> None:
    log = make_log(EVENTS, ["s1", "s2"], timezone="Europe/Paris", window_seconds=None)
    groups = funnel_breakdown(log, journeys(log), "period").groups
    assert [(g.value, g.funnel.entered, g.funnel.converted) for g in groups] == [
        ("2024-01-08", 1, 1),
        ("2024-04-01", 1, 0),
    ]


def test_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(AnalyticsError) as caught:
        AnalysisOptions(timezone="Paris")
    assert "Europe/Paris" in caught.value.message("en") and "Paris" in caught.value.message("fr")


def test_as_of_is_unchanged_by_the_zone(make_log: LogFactory) -> None:
    log = make_log(EVENTS, ["s1", "s2"], timezone="Asia/Tokyo")
    assert log.as_of == at("2024-03-31 22:30")
