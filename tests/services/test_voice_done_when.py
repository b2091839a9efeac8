"""Issue 10's "Done when", end to end on a small generated bank (3,000 customers): the
analysis of the survey finds every planted fact (fee irritant at the monthly statements,
poor phone support against good chat, the recent drop at the first card payment), the
alerts fire there and nowhere else, and the matrix ranks the evidence.

The survey is :func:`parcours.events.synthetic_feedback.generate_feedback` (facts in
:class:`~parcours.events.synthetic_feedback.PlantedFacts`) at a 90 % response rate so that
a small log gives the recent period enough answers; the map is the bank template without
its hand-entered opportunities (the ranking then rests on the evidence alone).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from parcours.analytics.feedback import welch_p
from parcours.events import synthetic
from parcours.events.synthetic_feedback import PlantedFacts, generate_feedback
from parcours.services.alerts import run_alerts
from parcours.services.analysis import AnalysisOutcome, analyze_file
from parcours.services.maps import create_from_template, load, save
from parcours.services.voice import analysis_opportunities

FACTS = PlantedFacts(recent_days=75)
GENERATED = {
    "customers": 3000,
    "seed": 7,
    "start": datetime(2025, 12, 1),
    "period_days": 300,
    "until": datetime(2026, 12, 1),
    "events_per_customer": 7.0,
}


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("voice")
    map_path = folder / "bank.yaml"
    create_from_template("bank-account", "en", map_path, force=True)
    m = load(map_path)
    save(m.model_copy(update={"opportunities": []}), map_path)
    m = load(map_path)
    events = folder / "events.csv"
    synthetic.write_csv(events, m, **GENERATED)  # type: ignore[arg-type]
    log = pa.Table.from_batches(
        list(synthetic.generate_events(m, with_steps=True, **GENERATED))  # type: ignore[arg-type]
    )
    survey = folder / "survey.csv"
    pacsv.write_csv(generate_feedback(m, log, seed=7, facts=FACTS, response_rate=0.9), survey)
    return {"map": map_path, "events": events, "survey": survey}


@pytest.fixture(scope="module")
def analysis(bank: dict[str, Path]) -> AnalysisOutcome:
    return analyze_file(
        bank["map"], bank["events"], feedback=[bank["survey"]], recent_days=75, store=False
    )


def test_the_fee_irritant_is_proposed_at_the_monthly_statements(
    analysis: AnalysisOutcome,
) -> None:
    voice = analysis.feedback
    assert voice is not None and voice.verbatims > 10_000
    irritants = [p for p in voice.proposals if p.kind == "irritant"]
    fees = [p for p in irritants if p.step == FACTS.fee_step and p.theme == "fees"]
    assert fees and fees[0].count >= 15 and fees[0].quotes
    assert any("frais" in q.lower() or "fee" in q.lower() for q in fees[0].quotes)
    # fee themes are proposed nowhere else
    fee_keys = {"fees", "hidden_fees", "fees_abroad"}
    assert {p.step for p in irritants if p.theme in fee_keys} == {FACTS.fee_step}


def test_phone_support_is_worse_than_chat(analysis: AnalysisOutcome) -> None:
    voice = analysis.feedback
    assert voice is not None and voice.table is not None
    t = voice.table
    support = t.filter((t.step_id == FACTS.support_step) & t.csat.notnull())
    rows = analysis.log.engine.execute(
        support.group_by("channel").aggregate(
            n=support.count(), mean=support.csat.mean(), sd=support.csat.std()
        )
    ).to_pylist()
    by = {r["channel"]: r for r in rows}
    phone, chat = by[FACTS.phone_channel], by[FACTS.chat_channel]
    assert phone["n"] >= 30 and chat["n"] >= 30
    assert phone["mean"] < chat["mean"] - 1.5
    p = welch_p(phone["mean"], phone["sd"], phone["n"], chat["mean"], chat["sd"], chat["n"])
    assert p < 0.001
    phone_all = voice.group("channel", FACTS.phone_channel)
    assert phone_all is not None and phone_all.csat_share is not None
    assert phone_all.csat_share.high is not None and phone_all.csat_share.high < 0.25


def test_the_recent_drop_is_found_at_the_first_payment_only(analysis: AnalysisOutcome) -> None:
    voice = analysis.feedback
    assert voice is not None
    assert {c.step for c in voice.recent if c.dropped} == {FACTS.drop_step}


def test_the_alerts_fire_there_and_nowhere_else(bank: dict[str, Path]) -> None:
    report = run_alerts(
        bank["map"], [bank["survey"]], source=bank["events"], days=FACTS.recent_days
    ).report
    dropping = {a.watched.step for a in report.fired if a.trend and a.trend.significant}
    assert dropping == {FACTS.drop_step}
    critical = {a.watched.step for a in report.fired if a.level.value == "critical"}
    assert critical == {FACTS.drop_step}
    # a level below its threshold without a drop warns only at identity check, the
    # template's breaking point whose estimated emotion (-1.7) is already far below it
    assert {a.watched.step for a in report.fired} <= {FACTS.drop_step, "s-kyc"}


def test_the_matrix_ranks_the_evidence(analysis: AnalysisOutcome) -> None:
    # the module's analysis (what ``opportunities_file`` would measure again, file for
    # file: ``parcours opportunities --feedback`` is run in tests/cli)
    proposal = analysis_opportunities(analysis)
    ids = [o.id for o in proposal.ranked]
    drop = f"opp-satisfaction-gap-{FACTS.drop_step}"
    # the two to start with: the planted recent drop, and KYC, the map's breaking point,
    # whose low satisfaction the survey reflects (scores follow the estimated emotions)
    assert set(proposal.top) == {drop, "opp-satisfaction-gap-s-kyc"}
    # the first drop-off is the one after KYC (the generator's breaking point): the others
    # stay near the journey's usual rate and count only beyond it
    drop_offs = [i for i in ids if i and i.startswith("opp-drop-off-")]
    assert drop_offs[0] == "opp-drop-off-s-esign"
    themes = [i for i in ids if i and i.startswith("opp-negative-theme-")]
    assert themes[0] == f"opp-negative-theme-fees-and-prices-{FACTS.fee_step}"
    # phone against chat, within the support step: the one channel gap there is
    channels = [o for o in proposal.ranked if o.id and o.id.startswith("opp-channel-gap-")]
    assert [o.id for o in channels] == [f"opp-channel-gap-phone-{FACTS.support_step}"]
    assert channels[0].evidence[0].details["best_channel"] == FACTS.chat_channel
