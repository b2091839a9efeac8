"""Satisfaction from survey answers, on a hand-computed case, plus the planted facts of the
bank generator (poor phone support vs good chat, a recent drop at one step)."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
import pyarrow as pa
import pytest

from parcours.analytics.feedback import (
    SMALL_SAMPLE,
    analyze_feedback,
    mean_interval,
    nps_interval,
    step_for_label,
    two_proportion_p,
    wilson_interval,
)
from parcours.engine import Engine
from parcours.events import from_dataframe, match_steps
from parcours.events.feedback import feedback_from_dataframe
from parcours.events.synthetic import generate_events
from parcours.events.synthetic_feedback import BANK_FACTS, generate_feedback
from parcours.io import loads_map
from parcours.model import JourneyMap
from parcours.templates.registry import template_text

MAP = JourneyMap(
    journey={"title": "T"},
    personas=[
        {"id": "p-1", "name": "Young", "segment": "young"},
        {"id": "p-2", "name": "Other"},
    ],
    steps=[
        {
            "id": "s-open",
            "name": "Open account",
            "events": [{"activity": "open"}],
            "emotions": [{"persona": "p-1", "score": 1}, {"persona": "p-2", "score": -1}],
        },
        {"id": "s-pay", "name": "Pay", "events": [{"pattern": "^pay"}]},
        {"id": "s-help", "name": "Help"},
    ],
)

EVENTS = pd.DataFrame(
    {
        "case_id": ["a", "a", "b"],
        "activity": ["open", "pay", "open"],
        "timestamp": ["2026-01-01 10:00", "2026-01-02 10:00", "2026-01-01 10:00"],
    }
)

ANSWERS = pd.DataFrame(
    {
        "client": ["a", "a", "b", "b", "c"],
        "date": [
            "2026-01-01 12:00",  # names its step
            "2026-01-02 12:00",  # a's last step before: s-pay (position)
            "2026-01-01 09:00",  # b has no event yet: unassigned
            "2026-01-01 11:00",  # names "pay_card": the binding pattern ^pay
            "2026-01-03 08:00",  # c has no event at all: unassigned
        ],
        "step": ["Open account", "", "", "pay_card", ""],
        "channel": ["web", "phone", "web", "chat", "phone"],
        "segment": ["young", "young", "old", "old", "old"],
        "csat": [5, 2, 4, 3, 1],
        "nps": [10, 0, None, None, None],
        "ces": [None, None, None, 7, None],
        "comment": ["super", "", "", "", "nul"],
    }
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.duckdb()


def test_intervals_by_hand() -> None:
    # Wilson, 8 of 10: p = .8, z² = 3.8415; centre .8 + .19207 = .99207; half =
    # 1.96 * sqrt(.016 + .0096037) = .31365; / 1.38415
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx((0.99207 - 0.31365) / 1.38415, abs=1e-4)
    assert high == pytest.approx((0.99207 + 0.31365) / 1.38415, abs=1e-4)
    # NPS, 5 promoters 2 detractors of 10: .3 ± 1.96 * sqrt((.7 - .09) / 10)
    low, high = nps_interval(5, 2, 10)
    assert (low, high) == pytest.approx((30 - 48.408, 30 + 48.408), abs=0.01)
    assert nps_interval(10, 0, 10) == (100.0, 100.0)
    assert mean_interval(3.0, 1.0, 1) == (None, None)
    assert two_proportion_p(50, 100, 50, 100) == pytest.approx(1.0)


def test_step_labels_match_like_activities() -> None:
    assert [step_for_label(x, MAP) for x in ["s-help", "OPEN  account", "open", "payment"]] == [
        "s-help",
        "s-open",
        "s-open",
        "s-pay",
    ]
    assert step_for_label("refund", MAP) is None


def test_hand_computed_case_with_events(engine: Engine) -> None:
    log = from_dataframe(EVENTS, engine=engine)
    matched = match_steps(log, MAP)
    fb = feedback_from_dataframe(ANSWERS, engine=engine)
    result = analyze_feedback(engine, fb.table, MAP, matched.table)
    assert result.assigned == {"step": 2, "position": 1, "unassigned": 2}
    rows = engine.execute(result.table.order_by("row")).to_pylist()  # type: ignore[union-attr]
    assert [r["step_id"] for r in rows] == ["s-open", "s-pay", None, "s-pay", None]
    by = ["step", "position", "unassigned", "step", "unassigned"]
    assert [r["assigned_by"] for r in rows] == by
    overall = result.overall
    assert overall.responses == 5 and overall.texts == 2
    assert overall.csat_share is not None and overall.csat_share.value == pytest.approx(0.4)
    assert (overall.csat_share.low, overall.csat_share.high) == wilson_interval(2, 5)
    assert overall.nps is not None and overall.nps.value == 0.0  # 1 promoter, 1 detractor of 2
    assert (overall.nps.low, overall.nps.high) == (-100.0, 100.0)  # 1.96 * sqrt(1 / 2) > 1
    pay = result.group("step", "s-pay")
    assert pay is not None and pay.responses == 2
    assert pay.csat_share is not None and pay.csat_share.value == 0.0
    assert pay.ces_mean is not None and pay.ces_mean.value == 7.0 and pay.ces_mean.low is None
    # valences: answer 2 = mean(2 - 3, (0 - 5) * .4) = -1.5; answer 4 = mean(0, (7 - 4) * 2/3) = 1
    assert pay.emotion is not None and pay.emotion.value == pytest.approx(-0.25)
    half = 1.959963984540054 * math.sqrt(1.25**2 * 2) / math.sqrt(2)
    assert pay.emotion.high == pytest.approx(-0.25 + half)
    assert pay.small_sample and pay.emotion.small_sample
    assert [g.value for g in result.steps] == ["s-open", "s-pay"]  # map order
    phone = result.group("channel", "phone")
    assert phone is not None and phone.responses == 2 and phone.csat_share is not None
    assert phone.csat_share.value == 0.0
    young = result.group("persona", "p-1")
    assert young is not None and young.responses == 2
    opening = next(e for e in result.emotions if e.step == "s-open")
    # answer 1: mean(5 - 3, (10 - 5) * .4) = 2; estimated: mean(1, -1) = 0
    assert opening.measured is not None and opening.measured.value == 2.0
    assert opening.estimated == 0.0 and opening.gap == 2.0


def test_without_events_only_named_steps_are_assigned(engine: Engine) -> None:
    fb = feedback_from_dataframe(ANSWERS, engine=engine)
    result = analyze_feedback(engine, fb.table, MAP)
    assert result.assigned == {"step": 2, "unassigned": 3}
    no_personas = MAP.model_copy(update={"personas": []})
    bare = analyze_feedback(engine, fb.table, no_personas)
    assert "persona" not in bare.groups and bare.notes == ("no_persona_segment",)


def test_small_sample_threshold(engine: Engine) -> None:
    n = SMALL_SAMPLE
    frame = pd.DataFrame(
        {
            "client": [f"c{i}" for i in range(n)],
            "date": ["2026-01-01"] * n,
            "step": ["Pay"] * (n - 1) + ["Help"],
            "csat": [4] * n,
        }
    )
    result = analyze_feedback(engine, feedback_from_dataframe(frame, engine=engine).table, MAP)
    assert not result.overall.small_sample and result.overall.csat_share is not None
    assert not result.overall.csat_share.small_sample
    pay = result.group("step", "s-pay")
    assert pay is not None and pay.responses == n - 1 and pay.small_sample
    assert result.to_dict()["groups"]["step"][0]["csat_share"]["small_sample"] is True


def test_the_planted_facts_of_the_bank_survey_are_found() -> None:
    bank = loads_map(template_text("bank-account", "en"), fmt="yaml")
    log = pa.Table.from_batches(
        list(
            generate_events(
                bank,
                customers=6000,
                seed=11,
                start=datetime(2026, 1, 1),
                period_days=240,
                until=datetime(2026, 7, 1),
                with_steps=True,
            )
        )
    )
    answers = generate_feedback(bank, log, seed=11)
    fb = feedback_from_dataframe(answers)
    result = analyze_feedback(fb.engine, fb.table, bank)
    phone = result.group("channel", BANK_FACTS.phone_channel)
    chat = result.group("channel", BANK_FACTS.chat_channel)
    assert phone is not None and chat is not None
    assert phone.csat_share is not None and chat.csat_share is not None
    assert phone.csat_share.high is not None and chat.csat_share.low is not None
    assert phone.csat_share.high < chat.csat_share.low  # intervals apart
    assert phone.ces_mean is not None and chat.ces_mean is not None
    assert phone.ces_mean.value < chat.ces_mean.value
    dropped = [c.step for c in result.recent if c.dropped]
    assert dropped == [BANK_FACTS.drop_step]
    fees = result.group("step", BANK_FACTS.fee_step)
    assert fees is not None and fees.csat_share is not None and fees.csat_share.value < 0.3


def test_a_text_module_assigns_what_is_left(engine: Engine) -> None:
    fb = feedback_from_dataframe(ANSWERS, engine=engine)
    # rows 1 (already named: s-open) and 5 (unassigned) get a text step; "s-nope" is no step
    result = analyze_feedback(
        engine, fb.table, MAP, text_steps={1: "s-help", 5: "s-help", 3: "s-nope"}
    )
    assert result.assigned == {"step": 2, "text": 1, "unassigned": 2}
    help_step = result.group("step", "s-help")
    assert help_step is not None and help_step.responses == 1 and help_step.texts == 1
