"""A main path of ONE stage with outcomes (found by the Polars cross-check's random maps:
it raised ``TypeError`` from ``ibis.cases()`` with no branch)."""

from __future__ import annotations

from hand_logs import LogFactory

from parcours.analytics import funnel, journeys
from parcours.model import Step, structure_of

STEPS = ["apply", "help", "approved", "refused"]
STRUCTURE = structure_of(
    [
        Step(id="apply", name="Apply"),
        Step(id="help", name="Help", role="exception"),
        Step(id="approved", name="Approved", role="outcome", outcome="success"),
        Step(id="refused", name="Refused", role="outcome", outcome="failure"),
    ]
)
EVENTS = [
    # A: approved after applying: converted, 2 days to convert
    ("A", "2024-01-01", "apply"),
    ("A", "2024-01-03", "approved"),
    # B: refused after help: decided, not converted
    ("B", "2024-01-01", "apply"),
    ("B", "2024-01-02", "help"),
    ("B", "2024-01-04", "refused"),
    # C: applied, no outcome, window closed at as_of: no outcome (abandoned)
    ("C", "2024-01-01", "apply"),
    # D: approved BEFORE applying (before entry: not their outcome), then applied late:
    # window still open at as_of, no outcome: in flight
    ("D", "2024-01-02", "approved"),
    ("D", "2024-01-30", "apply"),
]


def test_one_stage_with_outcomes(make_log: LogFactory) -> None:
    log = make_log(EVENTS, STEPS, window_seconds=10 * 86_400)
    result = funnel(log, journeys(log, STRUCTURE))
    (stage,) = result.steps
    assert (stage.step, stage.reached, stage.entries) == ("apply", 4, 4)
    assert (result.entered, result.converted, result.in_flight, result.no_outcome) == (4, 1, 1, 1)
    assert result.conversion_rate == 1 / 3
    assert [(o.step, o.customers) for o in result.outcomes] == [("approved", 1), ("refused", 1)]
    assert result.time_to_convert_seconds.median == 2 * 86_400
