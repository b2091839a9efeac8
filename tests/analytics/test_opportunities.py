"""Opportunities from evidence: hand-computed impacts, ranking, overrides, the top two."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from parcours.analytics import AnalysisOptions, JourneyAnalysis, analyze
from parcours.analytics.opportunities import (
    NegativeTheme,
    SatisfactionGap,
    propose_opportunities,
    satisfaction_gaps,
)
from parcours.analytics.testing import matched_table
from parcours.engine import Engine
from parcours.model import Opportunity

START = dt.datetime(2024, 2, 1)
HOUR = dt.timedelta(hours=1)


def planted_rows(start: dt.datetime = START) -> list[dict[str, object]]:
    """100 customers at a; 90 reach b after 1 hour; 30 of them reach c 5 days later."""
    rows: list[dict[str, object]] = []
    for n in range(100):
        t0 = start + dt.timedelta(minutes=n)
        rows.append({"case_id": f"c{n}", "timestamp": t0, "activity": "a", "step": "a"})
        if n < 90:
            rows.append({"case_id": f"c{n}", "timestamp": t0 + HOUR, "activity": "b", "step": "b"})
        if n < 30:
            at = t0 + HOUR + dt.timedelta(days=5)
            rows.append({"case_id": f"c{n}", "timestamp": at, "activity": "c", "step": "c"})
    return rows


@pytest.fixture(scope="module")
def result() -> JourneyAnalysis:
    engine = Engine.duckdb()
    table = matched_table(engine, planted_rows())
    return analyze(engine, table, ["a", "b", "c"], AnalysisOptions(window_seconds=None))


def test_planted_breaking_point_ranks_first(result: JourneyAnalysis) -> None:
    proposal = propose_opportunities(result)
    found = {o.id: o for o in proposal.candidates}
    # drop-off at c: 90 decided x 60/90 = 60 customers; at b: 100 x 10/100 = 10
    assert found["opp-drop-off-c"].impact_estimate == pytest.approx(60)
    assert found["opp-drop-off-b"].impact_estimate == pytest.approx(10)
    # waits: medians 3600 s and 432000 s, reference = their median 217800 s;
    # b -> c: 30 waited x (1 - 217800 / 432000)
    assert found["opp-wait-c"].impact_estimate == pytest.approx(30 * (1 - 217800 / 432000))
    assert "opp-wait-b" not in found
    # scores: ceil(5 x estimate / 60)
    assert [(o.id, o.impact) for o in proposal.candidates] == [
        ("opp-drop-off-c", 5),
        ("opp-wait-c", 2),
        ("opp-drop-off-b", 1),
    ]
    assert proposal.top == ("opp-drop-off-c", "opp-wait-c")
    assert all(o.effort == 3 and o.effort_unknown for o in proposal.candidates)
    assert proposal.candidates[0].evidence[0].details["dropped"] == 60


def test_override_and_entered_effort_are_respected(result: JourneyAnalysis) -> None:
    mine = Opportunity(
        id="opp-drop-off-b",
        title="Mon titre",
        impact_override=5,
        effort=1,
        owner="Léa",
    )
    proposal = propose_opportunities(result, existing=[mine])
    first = proposal.ranked[0]
    assert (first.id, first.title, first.scored_impact, first.effort) == (
        "opp-drop-off-b",
        "Mon titre",
        5,
        1,
    )
    assert first.impact == 1  # the estimate is still shown beside the override
    assert not first.effort_unknown
    assert proposal.top == ("opp-drop-off-b", "opp-drop-off-c")


def test_done_opportunities_are_not_among_the_top_two(result: JourneyAnalysis) -> None:
    done = Opportunity(id="opp-drop-off-c", title="Fixed", status="done", effort=3)
    proposal = propose_opportunities(result, existing=[done])
    assert proposal.top == ("opp-wait-c", "opp-drop-off-b")


def test_voice_inputs_and_value(result: JourneyAnalysis) -> None:
    theme = NegativeTheme(
        label="frais à l'étranger",
        step="b",
        mentions=50,
        verbatims=100,
        valence=0.8,
        quotes=("trop de frais", "frais cachés", "cher", "encore"),
    )
    gap = SatisfactionGap(step="c", score=3.0, reference=4.0, responses=20)
    proposal = propose_opportunities(
        result, themes=[theme], gaps=[gap], value=100.0, currency="EUR", lang="fr"
    )
    found = {o.id: o for o in proposal.candidates}
    fees = found["opp-negative-theme-frais-a-l-etranger-b"]
    # 90 customers at b x 50/100 x 0.8 x 100 EUR
    assert fees.impact_estimate == pytest.approx(3600)
    assert fees.impact_unit == "EUR"
    assert fees.title == "Traiter « frais à l'étranger » à « b »"
    assert len(fees.evidence[0].quotes) == 3
    # 30 customers at c x (4 - 3) / 4 x 100
    assert found["opp-satisfaction-gap-c"].impact_estimate == pytest.approx(750)
    assert found["opp-drop-off-c"].impact_estimate == pytest.approx(6000)


def test_nothing_to_propose_on_a_perfect_journey() -> None:
    engine = Engine.duckdb()
    rows = [r for r in planted_rows() if r["step"] == "a"]
    table = matched_table(engine, rows)
    result = analyze(engine, table, ["a"], AnalysisOptions(window_seconds=None))
    proposal = propose_opportunities(result)
    assert proposal.candidates == () and proposal.top == ()


def test_satisfaction_gaps_from_the_log_scores() -> None:
    engine = Engine.duckdb()
    rows = planted_rows()
    for row in rows:  # a scores 4 everywhere, b scores 2 (90 answers), c unscored
        row["score"] = {"a": 4.0, "b": 2.0}.get(str(row["step"]))
    table = matched_table(engine, rows)
    result = analyze(engine, table, ["a", "b", "c"], AnalysisOptions(window_seconds=None))
    (gap,) = satisfaction_gaps(result)
    # overall mean: (100 x 4 + 90 x 2) / 190
    assert (gap.step, gap.responses) == ("b", 90)
    assert gap.reference == pytest.approx(580 / 190)
    assert gap.gap == pytest.approx((580 / 190 - 2) / 4)
    assert satisfaction_gaps(result, min_responses=91) == ()


def test_a_drop_off_counts_beyond_the_journey_s_usual_rate() -> None:
    """a → b → c → d → e, 200 customers: rates 10 %, 10 %, 50 %, 9.9 % (dropped / decided).
    The norm is their median, 10 %: only d stands out, by 40 points of its 180 decided."""
    rows: list[dict[str, object]] = []
    reach = {"a": 200, "b": 180, "c": 162, "d": 81, "e": 73}
    for n in range(200):
        t0 = START + dt.timedelta(minutes=n)
        for k, step in enumerate("abcde"):
            if n < reach[step]:
                at = t0 + k * HOUR
                rows.append({"case_id": f"c{n}", "timestamp": at, "activity": step, "step": step})
    engine = Engine.duckdb()
    table = matched_table(engine, rows)
    found = {
        o.id: o
        for o in propose_opportunities(
            analyze(engine, table, list("abcde"), AnalysisOptions(window_seconds=None))
        ).candidates
        if o.id and o.id.startswith("opp-drop-off")
    }
    assert set(found) == {"opp-drop-off-d"}
    evidence = found["opp-drop-off-d"].evidence[0]
    assert evidence.details["reference_drop_off_rate"] == pytest.approx(0.1)
    # 162 decided at c, 81 dropped: (0.5 - 0.1) x 162 = 64.8 customers beyond the norm
    assert found["opp-drop-off-d"].impact_estimate == pytest.approx(64.8)


def test_channels_are_compared_within_a_step_on_answers_that_named_it() -> None:
    """At "help", phone (40 answers, mean 2) against chat (40, mean 4.5): a gap of 2.5 on
    a 1-5 scale. At "sign", the app looks worse only through answers placed by position
    (they may be about an earlier step), so nothing is read there. The app is used at the
    harder step only: over all steps it would look worse than chat without being so."""
    from parcours.analytics.feedback import channel_gaps

    rows = [("help", "phone", float(1 + 2 * (k % 2)), "step") for k in range(40)]
    rows += [("help", "chat", float(4 + k % 2), "step") for k in range(40)]
    rows += [("sign", "app", 4.0 + k % 2, "step") for k in range(40)]
    rows += [("sign", "web", 1.0 + k % 2, "position") for k in range(40)]
    engine = Engine.duckdb()
    columns = ("step_id", "channel", "csat", "assigned_by")
    table = engine.table(pa.table({name: [r[k] for r in rows] for k, name in enumerate(columns)}))
    gaps = channel_gaps(engine, table)
    assert [(g.step, g.channel, g.best_channel, g.responses) for g in gaps] == [
        ("help", "phone", "chat", 40)
    ]
    assert gaps[0].score == pytest.approx(2.0) and gaps[0].best_score == pytest.approx(4.5)
    engine_result = analyze(
        engine,
        matched_table(engine, planted_rows()),
        ["a", "b", "c"],
        AnalysisOptions(window_seconds=None),
    )
    found = {o.id: o for o in propose_opportunities(engine_result, channels=gaps).candidates}
    # 40 answers x 2.5 / 4
    assert found["opp-channel-gap-phone-help"].impact_estimate == pytest.approx(25.0)
