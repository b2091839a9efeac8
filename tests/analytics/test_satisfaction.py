"""Satisfaction per step: scale inference, CSAT share and NPS on hand-computed scores."""

from __future__ import annotations

import pytest
from hand_logs import LogFactory

from parcours.analytics import ScoreScale, satisfaction


def _scored(step: str, scores: list[float]) -> list[tuple[object, ...]]:
    return [(f"c{i}", "2024-01-01", step, {"score": score}) for i, score in enumerate(scores)]


def test_one_to_five_scale_is_inferred_and_csat_counts_four_and_five(
    make_log: LogFactory,
) -> None:
    log = make_log([*_scored("s1", [5, 4, 2]), ("z", "2024-01-02", "s2")], ["s1", "s2"])
    result = satisfaction(log)
    assert result.scale is ScoreScale.ONE_TO_FIVE and result.csat_threshold == 4
    s1, s2 = result.steps
    assert s1.responses == 3
    assert s1.mean_score == pytest.approx((5 + 4 + 2) / 3)
    assert s1.csat_share == pytest.approx(2 / 3)  # 5 and 4
    assert s1.nps is None  # NPS only on 0-10
    assert (s2.responses, s2.mean_score, s2.csat_share) == (0, None, None)


def test_zero_to_ten_scale_gives_nps(make_log: LogFactory) -> None:
    log = make_log(_scored("s1", [10, 9, 7, 6, 0]), ["s1"])
    result = satisfaction(log)
    assert result.scale is ScoreScale.ZERO_TO_TEN  # a score above 5
    s1 = result.steps[0]
    assert s1.mean_score == pytest.approx(32 / 5)
    assert s1.csat_share == pytest.approx(2 / 5)  # 10 and 9 are >= 8
    # promoters 10, 9 (2); detractors 6, 0 (2); 100 * (2 - 2) / 5
    assert s1.nps == pytest.approx(0.0)


def test_zero_score_means_zero_to_ten(make_log: LogFactory) -> None:
    result = satisfaction(make_log(_scored("s1", [0, 3, 5]), ["s1"]))
    assert result.scale is ScoreScale.ZERO_TO_TEN
    # promoters 0, detractors 3: 100 * (0 - 3) / 3
    assert result.steps[0].nps == pytest.approx(-100.0)


def test_scale_option_wins_and_overall_counts_unmapped_events(make_log: LogFactory) -> None:
    events = [*_scored("s1", [3, 4]), ("u", "2024-01-03", "x", {"score": 5.0})]
    result = satisfaction(make_log(events, ["s1"], score_scale=ScoreScale.ZERO_TO_TEN))
    assert result.scale is ScoreScale.ZERO_TO_TEN
    assert result.steps[0].csat_share == 0.0  # 3 and 4 are below 8 on 0-10
    assert result.overall.responses == 3
    assert result.overall.mean_score == pytest.approx((3 + 4 + 5) / 3)
