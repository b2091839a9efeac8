"""The ordered funnel on a hand-computed log (semantics 1-5 of docs/analytics.md)."""

from __future__ import annotations

import pytest
from hand_logs import LogFactory, at

from parcours.analytics import funnel, funnel_breakdown, journeys

STEPS = ["s1", "s2", "s3"]
TEN_DAYS = 10 * 86_400
DAY = 86_400.0
EVENTS = [
    # A: repeats s1, an unmapped event in between (non-strict), reaches every step
    ("A", "2024-01-01", "s1"),
    ("A", "2024-01-02", "s1"),
    ("A", "2024-01-03", "x"),
    ("A", "2024-01-04", "s2"),
    ("A", "2024-01-05", "s3"),
    # B: s2 before entry does not count; s3 on 01-03 comes before the s2 match (01-04);
    # s3 on 01-20 is after entry + 10 days (01-12): dropped at s3 (window closed)
    ("B", "2024-01-01", "s2"),
    ("B", "2024-01-02", "s1"),
    ("B", "2024-01-03", "s3"),
    ("B", "2024-01-04", "s2"),
    ("B", "2024-01-20", "s3"),
    # C: entry 01-25, window open at as_of 01-31: in flight at s3
    ("C", "2024-01-25", "s1"),
    ("C", "2024-01-26", "s2"),
    # D: entry 01-28: in flight at s2
    ("D", "2024-01-28", "s1"),
    # E: entry 01-01, nothing else: dropped at s2
    ("E", "2024-01-01", "s1"),
    # F: never enters (no s1)
    ("F", "2024-01-02", "s2"),
    ("F", "2024-01-03", "s3"),
    # G: s2 and s1 at the same time, s2 first in the source: s2 is not after s1: dropped
    ("G", "2024-01-10", "s2"),
    ("G", "2024-01-10", "s1"),
    # H: s1 then s2 at the same time (source order): reaches s2 with delay 0, dropped at s3
    ("H", "2024-01-10", "s1"),
    ("H", "2024-01-10", "s2"),
]
AS_OF = at("2024-01-31")


def test_reached_in_flight_dropped_and_conversions(make_log: LogFactory) -> None:
    result = funnel(make_log(EVENTS, STEPS, window_seconds=TEN_DAYS, as_of=AS_OF))
    s1, s2, s3 = result.steps
    # s1: A B C D E G H
    assert (s1.reached, s1.in_flight, s1.dropped) == (7, 0, 0)
    assert s1.conversion_from_start == 1.0 and s1.conversion_from_previous is None
    # s2: A B C H reached; D in flight (01-28 + 10 d > 01-31); E, G dropped
    assert (s2.reached, s2.in_flight, s2.dropped) == (4, 1, 2)
    assert s2.conversion_from_previous == pytest.approx(4 / (7 - 1))
    assert s2.conversion_from_start == pytest.approx(4 / (7 - 1))
    assert s2.drop_off_rate == pytest.approx(2 / (7 - 1))
    # s3: A reached; C in flight; B, H dropped
    assert (s3.reached, s3.in_flight, s3.dropped) == (1, 1, 2)
    assert s3.conversion_from_previous == pytest.approx(1 / (4 - 1))
    # from start: entered 7 minus in flight at s2 or s3 (D, C) = 5 decided
    assert s3.conversion_from_start == pytest.approx(1 / (7 - 1 - 1))
    assert (result.entered, result.converted) == (7, 1)


def test_delays_from_previous_step_and_time_to_convert(make_log: LogFactory) -> None:
    result = funnel(make_log(EVENTS, STEPS, window_seconds=TEN_DAYS, as_of=AS_OF))
    delay = result.steps[1].delay_from_previous_seconds
    assert delay is not None
    # s1 -> s2 per customer: H 0, C 1 d, B 2 d (01-02 -> 01-04), A 3 d (first s1 01-01)
    assert delay.count == 4
    assert delay.mean == pytest.approx((0 + 1 + 2 + 3) * DAY / 4)
    assert delay.median == pytest.approx((1 + 2) * DAY / 2)
    # p90, linear: rank 0.9 * (4 - 1) = 2.7 -> 2 d + 0.7 * (3 d - 2 d)
    assert delay.p90 == pytest.approx(2 * DAY + 0.7 * DAY)
    last = result.steps[2].delay_from_previous_seconds
    assert last is not None and (last.count, last.median) == (1, DAY)  # A: 01-04 -> 01-05
    # time to convert: A, 01-01 -> 01-05
    assert result.time_to_convert_seconds.count == 1
    assert result.time_to_convert_seconds.mean == pytest.approx(4 * DAY)


def test_unlimited_window_counts_late_steps_and_nobody_is_in_flight(
    make_log: LogFactory,
) -> None:
    result = funnel(make_log(EVENTS, STEPS, window_seconds=None, as_of=AS_OF))
    _, s2, s3 = result.steps
    assert (s2.reached, s2.in_flight, s2.dropped) == (4, 0, 3)  # D now dropped
    # B's s3 on 01-20 now counts: A, B reached; C and H dropped
    assert (s3.reached, s3.in_flight, s3.dropped) == (2, 0, 2)
    assert s3.conversion_from_previous == pytest.approx(2 / 4)
    assert s3.conversion_from_start == pytest.approx(2 / 7)


def test_as_of_defaults_to_the_last_timestamp(make_log: LogFactory) -> None:
    log = make_log(EVENTS, STEPS, window_seconds=TEN_DAYS)
    assert log.as_of == at("2024-01-28")  # D's entry, the last event
    # D entered on as_of: window open, in flight; C (01-25 + 10 d > 01-28) in flight at s3
    s2, s3 = funnel(log).steps[1:]
    assert (s2.in_flight, s3.in_flight) == (1, 1)


def test_window_boundary_is_inclusive(make_log: LogFactory) -> None:
    events = [("A", "2024-01-01 00:00", "s1"), ("A", "2024-01-02 00:00", "s2")]
    assert funnel(make_log(events, ["s1", "s2"], window_seconds=DAY)).steps[1].reached == 1
    assert funnel(make_log(events, ["s1", "s2"], window_seconds=DAY - 1)).steps[1].reached == 0


def test_breakdown_by_segment_entry_channel_and_period(make_log: LogFactory) -> None:
    events = [
        ("A", "2024-01-01", "s1", {"segment": "pro", "channel": "web"}),
        ("A", "2024-01-02", "s2", {"channel": "app"}),
        ("B", "2024-01-09", "s1", {"segment": "retail", "channel": "app"}),
        ("C", "2024-01-10", "x", {"segment": "pro"}),
        ("C", "2024-01-10", "s1", {"channel": "web"}),
        ("C", "2024-01-11", "s2"),
    ]
    log = make_log(events, ["s1", "s2"], window_seconds=None)
    matches = journeys(log)

    def reached(dimension: str) -> dict[str | None, tuple[int, int]]:
        groups = funnel_breakdown(log, matches, dimension).groups
        return {g.value: (g.funnel.steps[0].reached, g.funnel.steps[1].reached) for g in groups}

    # segment of the customer = first non-null segment: A, C pro; B retail
    assert reached("segment") == {"pro": (2, 2), "retail": (1, 0)}
    # channel of the entry (s1) event: A, C web; B app
    assert reached("channel") == {"app": (1, 0), "web": (2, 2)}
    # week (Monday) of the first event: A 2024-01-01; B, C week of 2024-01-08
    assert reached("period") == {"2024-01-01": (1, 1), "2024-01-08": (2, 1)}
