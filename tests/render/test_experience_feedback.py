"""The experience map's measured curve from survey answers: the measured emotion itself,
without the values resting on a small sample."""

from __future__ import annotations

from datetime import datetime

from parcours.model import JourneyMap, MetricSnapshot
from parcours.render.svg.experience import _measured_series


def test_measured_emotion_is_drawn_and_small_samples_are_left_off() -> None:
    snapshot = MetricSnapshot(
        id="m-1",
        taken_at=datetime(2026, 11, 30),
        values=[
            {"step": "a", "measure": "measured_emotion", "value": -1.25, "responses": 40},
            {
                "step": "b",
                "measure": "measured_emotion",
                "value": 2.0,
                "responses": 3,
                "small_sample": True,
            },
            {
                "step": "b",
                "measure": "measured_emotion",
                "value": -2.0,
                "responses": 90,
                "channel": "phone",
            },
            {"step": "a", "measure": "satisfaction_mean", "value": 5.0, "responses": 40},
        ],
    )
    m = JourneyMap(
        journey={"title": "T"},
        steps=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        measurements=[snapshot],
    )
    [series] = _measured_series(m, [], "en")
    assert series.scores == [-1.25, None]
