"""Alerts: hand-computed tests, a planted significant drop fires, noise of the same size
with a small sample does not."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.analytics.alerts import (
    AlertLevel,
    AlertOptions,
    Indicator,
    ScoreCell,
    ScoreSummary,
    ScoreTable,
    Watched,
    evaluate_alerts,
    incomplete_beta,
    nps_summary,
    proportion_drop,
    resolve_indicator,
    student_cdf,
    welch_drop,
)
from parcours.model import Comparator, QuestionScale, Threshold

BEFORE = dt.date(2026, 11, 20)
NOW = dt.date(2026, 11, 27)
OPTIONS = AlertOptions(start=dt.date(2026, 11, 24), end=dt.date(2026, 11, 30))


def _csat_cell(day: dt.date, satisfied: int, unsatisfied: int, step: str = "kyc") -> ScoreCell:
    """``satisfied`` answers of 5 and ``unsatisfied`` answers of 2."""
    n = satisfied + unsatisfied
    total = 5.0 * satisfied + 2.0 * unsatisfied
    squares = 25.0 * satisfied + 4.0 * unsatisfied
    return ScoreCell(step, None, day, QuestionScale.CSAT, n, total, squares, satisfied, unsatisfied)


def _share(value: float = 50.0) -> Watched:
    return Watched("metric", "m", "kyc", Indicator.CSAT_SHARE, Comparator.BELOW, value, "CSAT %")


def test_two_proportion_z_by_hand() -> None:
    # 60/100 now against 80/100 before: pooled 0.7, se = sqrt(0.7*0.3*0.02) = 0.0648074
    z, p = proportion_drop(60, 100, 80, 100)
    assert z == pytest.approx(-0.2 / 0.0648074, rel=1e-5)
    assert p == pytest.approx(0.0010141, abs=1e-6)
    # the other direction is not a drop
    _, p_up = proportion_drop(80, 100, 60, 100)
    assert p_up == pytest.approx(1 - 0.0010141, abs=1e-6)


def test_welch_by_hand() -> None:
    # now: 1, 2, 2, 3 (mean 2, var 2/3); before: 3, 4, 4, 5 (mean 4, var 2/3)
    now = ScoreSummary(4, 8.0, 18.0, 0, 0)
    before = ScoreSummary(4, 16.0, 66.0, 0, 0)
    t, p = welch_drop(now, before)
    assert t == pytest.approx(-2 / (4 / 12) ** 0.5)
    assert p == pytest.approx(0.0066999, abs=1e-5)  # t distribution, 6 degrees of freedom


def test_student_and_beta_against_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    special = pytest.importorskip("scipy.special")
    for t, df in [(-3.2, 4.0), (-1.1, 12.5), (0.4, 30.0), (2.5, 80.0), (-0.01, 1.0)]:
        assert student_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), abs=1e-9)
    for a, b, x in [(0.5, 3.0, 0.2), (10.0, 0.5, 0.9), (2.0, 2.0, 0.5)]:
        assert incomplete_beta(a, b, x) == pytest.approx(special.betainc(a, b, x), abs=1e-10)


def test_nps_as_a_mean() -> None:
    # 5 promoters, 3 passives, 2 detractors: NPS 30; the +100/0/-100 variable has it as mean
    s = nps_summary(ScoreSummary(10, 0.0, 0.0, 5, 2))
    assert s.mean == pytest.approx(30.0)
    assert s.variance == pytest.approx((70000 - 300**2 / 10) / 9)


def test_planted_significant_drop_fires() -> None:
    # 85 % (170/200) before, 70 % (140/200) now: pooled 0.775, se = 0.0417582, z = -3.59
    table = ScoreTable((_csat_cell(BEFORE, 170, 30), _csat_cell(NOW, 140, 60)))
    alert = evaluate_alerts([_share()], table, OPTIONS).alerts[0]
    assert alert.current.value == pytest.approx(70.0)
    assert alert.previous.value == pytest.approx(85.0)
    assert alert.trend is not None and alert.trend.significant
    assert alert.trend.statistic == pytest.approx(-0.15 / 0.0417582, abs=1e-4)
    assert not alert.breached  # 70 % is above the 50 % threshold
    assert alert.level is AlertLevel.WARNING and alert.fired


def test_same_drop_with_small_samples_does_not_fire() -> None:
    # same shares with 20 answers per period: below the 30-answer minimum
    table = ScoreTable((_csat_cell(BEFORE, 17, 3), _csat_cell(NOW, 14, 6)))
    alert = evaluate_alerts([_share()], table, OPTIONS).alerts[0]
    assert alert.level is AlertLevel.SMALL_SAMPLE and not alert.fired
    # even with the minimum lowered to 10, z = -1.14 (p = 0.13) is noise
    small = AlertOptions(OPTIONS.start, OPTIONS.end, min_responses=10)
    alert = evaluate_alerts([_share()], table, small).alerts[0]
    assert alert.trend is not None and not alert.trend.significant
    assert alert.trend.p_value == pytest.approx(0.128, abs=1e-3)
    assert alert.level is AlertLevel.OK and not alert.fired


def test_level_and_drop_is_critical_and_a_rise_is_not_a_drop() -> None:
    table = ScoreTable((_csat_cell(BEFORE, 170, 30), _csat_cell(NOW, 140, 60)))
    alert = evaluate_alerts([_share(80.0)], table, OPTIONS).alerts[0]
    assert alert.breached and alert.level is AlertLevel.CRITICAL
    rising = ScoreTable((_csat_cell(BEFORE, 140, 60), _csat_cell(NOW, 170, 30)))
    alert = evaluate_alerts([_share()], rising, OPTIONS).alerts[0]
    assert alert.trend is not None and not alert.trend.significant
    assert alert.level is AlertLevel.OK


def test_mean_threshold_and_other_steps_stay_quiet() -> None:
    cells = (
        _csat_cell(BEFORE, 170, 30),
        _csat_cell(NOW, 140, 60),
        _csat_cell(BEFORE, 150, 50, step="other"),
        _csat_cell(NOW, 152, 48, step="other"),
    )
    mean = Watched("lp", "lp", "kyc", Indicator.CSAT_MEAN, Comparator.BELOW, 3.0, "CSAT")
    other = Watched("lp", "lp2", "other", Indicator.CSAT_MEAN, Comparator.BELOW, 3.0, "CSAT")
    report = evaluate_alerts([mean, other], ScoreTable(cells), OPTIONS)
    kyc, quiet = report.alerts
    # kyc: 4.55 -> 4.1 (Welch t on 200 + 200 answers): significant
    assert kyc.current.value == pytest.approx(4.1)
    assert kyc.trend is not None and kyc.trend.method == "welch_t" and kyc.trend.significant
    assert quiet.level is AlertLevel.OK
    assert [a.watched.source_id for a in report.fired] == ["lp"]


def test_response_rate_drop() -> None:
    table = ScoreTable((_csat_cell(BEFORE, 170, 30), _csat_cell(NOW, 170, 30)))
    sent = {"kyc": {BEFORE: 400, NOW: 800}}  # 50 % answered before, 25 % now
    alert = evaluate_alerts([_share()], table, OPTIONS, sent=sent).alerts[0]
    assert alert.trend is not None and not alert.trend.significant
    assert alert.response_rate is not None and alert.response_rate.significant
    assert alert.response_rate.current == pytest.approx(25.0)
    assert alert.level is AlertLevel.WARNING


@pytest.mark.parametrize(
    ("indicator", "unit", "value", "expected"),
    [
        ("CSAT", "%", 80, Indicator.CSAT_SHARE),
        ("Satisfaction moyenne", "/5", 3.8, Indicator.CSAT_MEAN),
        ("NPS", "", 20, Indicator.NPS),
        ("Effort (CES)", "/7", 5, Indicator.CES_MEAN),
        ("Taux de réponse", "%", 20, Indicator.RESPONSE_RATE),
        ("Délai moyen", "h", 48, None),
    ],
)
def test_threshold_indicators(
    indicator: str, unit: str, value: float, expected: Indicator | None
) -> None:
    threshold = Threshold(indicator=indicator, value=value, unit=unit)
    assert resolve_indicator(threshold) is expected


def test_channels_are_evidence() -> None:
    phone = ScoreCell("kyc", "phone", NOW, QuestionScale.CSAT, 40, 120.0, 400.0, 10, 20)
    chat = ScoreCell("kyc", "chat", NOW, QuestionScale.CSAT, 60, 270.0, 1230.0, 50, 2)
    mean = Watched("lp", "lp", "kyc", Indicator.CSAT_MEAN, Comparator.BELOW, 3.0, "CSAT")
    alert = evaluate_alerts([mean], ScoreTable((phone, chat)), OPTIONS).alerts[0]
    assert alert.current.value == pytest.approx(390 / 100)
    assert [(name, v.responses, v.value) for name, v in alert.channels] == [
        ("chat", 60, 4.5),
        ("phone", 40, 3.0),
    ]
    assert alert.to_dict()["channels"]["phone"]["responses"] == 40
