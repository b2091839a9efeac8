"""Step stats, touchpoints and their breakdowns on a hand-computed log."""

from __future__ import annotations

from hand_logs import LogFactory

from parcours.analytics import step_stats, step_stats_breakdown

STEPS = ["s1", "s2", "s3"]
EVENTS = [
    ("A", "2024-01-01", "s1", {"channel": "web", "segment": "pro"}),
    ("A", "2024-01-02", "s1", {"channel": "phone"}),
    ("A", "2024-01-03", "s1", {"channel": "web"}),
    ("A", "2024-01-04", "s2", {"channel": "web"}),
    ("B", "2024-01-08", "s1", {"channel": "phone", "segment": "retail"}),
    ("B", "2024-01-09", "x", {"channel": "web"}),
    ("C", "2024-01-09", "s2"),
]


def test_customers_events_repeats_per_step(make_log: LogFactory) -> None:
    stats = step_stats(make_log(EVENTS, STEPS))
    rows = [
        (s.step, s.customers, s.events, s.repeat_contacts, s.contacts_per_customer)
        for s in stats.steps
    ]
    assert rows == [
        ("s1", 2, 4, 2, 2.0),  # A three times, B once: 4 events - 2 customers = 2 repeats
        ("s2", 2, 2, 0, 1.0),  # A, C once each
        ("s3", 0, 0, 0, None),  # never reached, still listed in map order
    ]


def test_contacts_per_touchpoint(make_log: LogFactory) -> None:
    stats = step_stats(make_log(EVENTS, STEPS))
    rows = [(t.step, t.channel, t.customers, t.events) for t in stats.touchpoints]
    # the unmapped event x (web) counts nowhere; unknown channel listed last
    assert rows == [
        ("s1", "phone", 2, 2),
        ("s1", "web", 1, 2),
        ("s2", "web", 1, 1),
        ("s2", None, 1, 1),
    ]
    assert list(stats.touchpoints_to_pandas().columns) == [
        "step",
        "position",
        "channel",
        "customers",
        "events",
    ]


def _table(log: LogFactory, dimension: str) -> dict[str | None, list[tuple[str, int, int]]]:
    breakdown = step_stats_breakdown(log(EVENTS, STEPS), dimension)
    return {
        g.value: [(s.step, s.customers, s.events) for s in g.stats.steps if s.events]
        for g in breakdown.groups
    }


def test_breakdown_by_segment_of_the_customer(make_log: LogFactory) -> None:
    # A's segment is pro (first non-null), B retail, C unknown
    assert _table(make_log, "segment") == {
        "pro": [("s1", 1, 3), ("s2", 1, 1)],
        "retail": [("s1", 1, 1)],
        None: [("s2", 1, 1)],
    }


def test_breakdown_by_channel_of_the_event(make_log: LogFactory) -> None:
    assert _table(make_log, "channel") == {
        "phone": [("s1", 2, 2)],
        "web": [("s1", 1, 2), ("s2", 1, 1)],
        None: [("s2", 1, 1)],
    }


def test_breakdown_by_week_of_the_first_event(make_log: LogFactory) -> None:
    # A starts on Monday 2024-01-01; B (01-08) and C (01-09) in the week of 2024-01-08
    assert _table(make_log, "period") == {
        "2024-01-01": [("s1", 1, 3), ("s2", 1, 1)],
        "2024-01-08": [("s1", 1, 1), ("s2", 1, 1)],
    }


def test_breakdown_by_month(make_log: LogFactory) -> None:
    events = [("A", "2024-01-31", "s1"), ("B", "2024-02-01", "s1"), ("B", "2024-03-01", "s1")]
    breakdown = step_stats_breakdown(make_log(events, STEPS, period="month"), "period")
    assert {g.value: g.stats.steps[0].events for g in breakdown.groups} == {
        "2024-01-01": 1,
        "2024-02-01": 2,  # B's events all belong to the month of B's first event
    }


def test_segment_is_the_first_non_null_one_in_event_order(make_log: LogFactory) -> None:
    events = [
        ("A", "2024-01-01", "s1"),  # no segment on A's first event
        ("A", "2024-01-03", "s2", {"segment": "retail"}),
        ("A", "2024-01-02", "s2", {"segment": "pro"}),  # earlier in time: A is pro
        ("B", "2024-01-01", "s1", {"segment": "retail"}),
    ]
    breakdown = step_stats_breakdown(make_log(events, STEPS), "segment")
    table = {
        g.value: [(s.step, s.customers, s.events) for s in g.stats.steps if s.events]
        for g in breakdown.groups
    }
    assert table == {"pro": [("s1", 1, 1), ("s2", 1, 2)], "retail": [("s1", 1, 1)]}
