"""Every built-in template is a complete, consistent journey map."""

from __future__ import annotations

import re
from typing import Any

import pytest

from parcours.model import JourneyMap, PhaseKind, StepRole
from parcours.templates import TEMPLATE_NAMES, template_text

from .conftest import load, raw

PHASE_ORDER = [k for k in PhaseKind if k is not PhaseKind.CUSTOM]
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

Template = tuple[str, str, JourneyMap]


def test_language_matches_file_name(template: Template) -> None:
    name, lang, m = template
    assert m.language.value == lang
    assert m.id == name


def test_header_comment_says_what_it_is_and_how_to_use_it(template: Template) -> None:
    name, lang, _ = template
    text = template_text(name, lang)
    header = text.split("\nformat_version:")[0].splitlines()
    assert header and all(line.startswith("#") for line in header)
    joined = "\n".join(header)
    assert f"parcours new {name}" in joined
    assert "parcours check" in joined
    assert "parcours render" in joined


def test_journey_is_described(template: Template) -> None:
    _, _, m = template
    j = m.journey
    assert j.scope and j.objective and j.owner
    assert len(j.expectations) >= 3


def test_personas_are_complete(template: Template) -> None:
    _, _, m = template
    assert 2 <= len(m.personas) <= 3
    for p in m.personas:
        assert p.goals and p.needs and p.frustrations and p.preferred_channels, p.id
        assert p.quote and p.segment, p.id


def test_phases_in_lifecycle_order_and_all_used(template: Template) -> None:
    _, _, m = template
    ranks = [PHASE_ORDER.index(p.kind) for p in m.phases]
    assert ranks == sorted(ranks)
    used = [s.phase for s in m.steps]
    assert set(used) == {p.id for p in m.phases}
    order = [p.id for p in m.phases]
    assert [order.index(str(ph)) for ph in used] == sorted(order.index(str(ph)) for ph in used)


def test_journey_starts_before_and_continues_after_purchase(template: Template) -> None:
    _, _, m = template
    first = m.phase_of(m.steps[0])
    last = m.phase_of(m.steps[-1])
    assert first is not None and first.is_before_purchase
    assert last is not None and last.is_after_purchase
    assert any(p.kind is PhaseKind.PURCHASE for p in m.phases)


def test_every_step_is_complete(template: Template) -> None:
    _, _, m = template
    for s in m.steps:
        assert 2 <= len(s.actions) <= 5, s.id
        assert all(len(a.split()) >= 4 for a in s.actions), s.id
        assert s.customer_goal and s.description, s.id
        assert s.touchpoints and all(t.name and t.owner_team for t in s.touchpoints), s.id
        assert s.data_collected, s.id
        for d in s.data_collected:
            assert d.category is not None and d.purpose and d.system, (s.id, d.name)
        assert s.stakeholders, s.id
        for h in s.stakeholders:
            assert h.office is not None and h.deliverable, (s.id, h.name)
        b = s.blueprint
        assert b.evidence and b.frontstage and b.backstage and b.support and b.systems, s.id
        assert s.metrics, s.id
        for metric in s.metrics:
            assert metric.unit and metric.source, (s.id, metric.name)
            assert metric.target is not None and metric.alert_threshold is not None


def test_metric_targets_are_on_the_good_side_of_their_alerts(template: Template) -> None:
    _, _, m = template
    for s in m.steps:
        for metric in s.metrics:
            assert metric.target is not None
            assert not metric.is_alert(metric.target), (s.id, metric.name)
            assert metric.alert_threshold != metric.target, (s.id, metric.name)


def test_some_metrics_are_computed_from_events(template: Template) -> None:
    _, _, m = template
    measured = [metric for s in m.steps for metric in s.metrics if metric.measure is not None]
    assert len(measured) >= len(m.steps) // 2


def test_every_step_is_bound_to_snake_case_event_activities(template: Template) -> None:
    _, _, m = template
    for s in m.steps:
        assert s.events, s.id
        for e in s.events:
            assert e.activity is not None and SNAKE_CASE.match(e.activity), (s.id, e)


def test_every_persona_feels_every_step_on_a_moving_curve(template: Template) -> None:
    _, _, m = template
    for p in m.personas:
        scores = []
        for s in m.steps:
            e = s.emotion_for(p.id)
            assert e is not None and e.word and e.reason, (s.id, p.id)
            scores.append(e.score)
        assert max(scores) >= 1 and min(scores) <= -1, p.id


def test_irritant_steps_are_low_and_enchantments_not_lowest(template: Template) -> None:
    _, _, m = template
    steps = m.steps
    for p in m.personas:
        scores = [s.emotion_for(p.id).score for s in steps]  # type: ignore[union-attr]
        lowest = min(scores)
        for i, s in enumerate(steps):
            if s.irritants or s.breaking_point:
                assert scores[i] <= 0, (s.id, p.id)
                for j in (i - 1, i + 1):
                    if 0 <= j < len(steps) and not steps[j].irritants:
                        assert scores[i] <= scores[j], (s.id, steps[j].id, p.id)
            if s.enchantments:
                assert scores[i] > lowest, (s.id, p.id)


def test_breaking_points_have_irritants_and_moments_of_truth_exist(template: Template) -> None:
    _, _, m = template
    assert any(s.breaking_point for s in m.steps)
    assert sum(s.moment_of_truth for s in m.steps) >= 2
    for s in m.steps:
        if s.breaking_point:
            assert s.irritants, s.id


def test_every_moment_of_truth_is_listened_to(template: Template) -> None:
    _, _, m = template
    listened = {lp.step for lp in m.listening_points}
    for s in m.steps:
        if s.moment_of_truth:
            assert s.id in listened, s.id
    for lp in m.listening_points:
        assert lp.id and lp.questions and lp.target and lp.timing and lp.frequency, lp.id
        assert lp.alert_threshold is not None, lp.id


def test_every_irritant_has_an_id_and_an_opportunity(template: Template) -> None:
    _, _, m = template
    irritants = [i for s in m.steps for i in s.irritants]
    assert irritants
    assert all(i.id and i.id.startswith("irr-") for i in irritants)
    covered = {iid for o in m.opportunities for iid in o.irritants}
    assert {i.id for i in irritants} <= covered
    for o in m.opportunities:
        assert o.id and o.owner and o.steps and o.description, o.id
        irritant_steps = {s.id for s in m.steps for i in s.irritants if i.id in o.irritants}
        assert irritant_steps <= set(o.steps), o.id


def test_enchantments_have_ids(template: Template) -> None:
    _, _, m = template
    enchantments = [e for s in m.steps for e in s.enchantments]
    assert enchantments and all(e.id and e.id.startswith("enc-") for e in enchantments)


# --------------------------------------------------------------- French / English pairs
CODE_KEYS = {
    "id",
    "persona",
    "phase",
    "step",
    "steps",
    "irritants",
    "kind",
    "channel",
    "category",
    "office",
    "medium",
    "comparator",
    "direction",
    "measure",
    "status",
    "activity",
    "pattern",
    "segment",
    "timezone",
    "preferred_channels",
    "created",
    "updated",
    "role",
    "outcome",
    "alternative_of",
    "returns_to",
}


def skeleton(data: Any, key: str = "") -> Any:
    """The structure of a map with free text blanked: what must not differ by language."""
    if isinstance(data, dict):
        return {k: skeleton(v, k) for k, v in data.items() if k != "language"}
    if isinstance(data, list):
        return [skeleton(v, key) for v in data]
    if isinstance(data, str) and key not in CODE_KEYS:
        return "<text>"
    return data


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_french_and_english_have_the_same_structure_and_ids(name: str) -> None:
    fr, en = raw(name, "fr"), raw(name, "en")
    assert skeleton(fr) == skeleton(en)
    assert (fr["language"], en["language"]) == ("fr", "en")


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_french_and_english_texts_differ(name: str) -> None:
    fr, en = load(name, "fr"), load(name, "en")
    same = [
        a
        for s_fr, s_en in zip(fr.steps, en.steps, strict=True)
        for a in s_fr.actions
        if a in s_en.actions
    ]
    assert not same
    assert fr.journey.title != en.journey.title


def test_french_uses_typographic_french() -> None:
    for name in TEMPLATE_NAMES:
        text = template_text(name, "fr")
        assert "é" in text and "’" in text, name
        assert "l'" not in text.lower(), name


def test_skeleton_sees_id_and_score_changes_but_not_text() -> None:
    fr = raw("bank-account", "fr")
    base = skeleton(fr)
    fr["steps"][0]["name"] = "Autre nom"
    assert skeleton(fr) == base
    fr["steps"][0]["emotions"][0]["score"] = -2
    assert skeleton(fr) != base
    fr = raw("bank-account", "fr")
    fr["steps"][1]["irritants"][0]["id"] = "irr-other"
    assert skeleton(fr) != base


# --------------------------------------------------------------------------- structure
def test_every_template_has_outcomes_and_detours(template: Template) -> None:
    _, _, m = template
    structure = m.structure()
    assert structure.success_outcomes and structure.failure_outcomes
    assert any(s.role is StepRole.EXCEPTION for s in m.steps)
    assert len(structure.stages) >= 5
    # an outcome follows the stage where it is decided: never before the first stage
    first_stage = min(i for i, s in enumerate(m.steps) if s.role is StepRole.CORE)
    assert all(i > first_stage for i, s in enumerate(m.steps) if s.role is StepRole.OUTCOME), m.id


def test_the_bank_declares_its_structure() -> None:
    for lang in ("fr", "en"):
        structure = load("bank-account", lang).structure()
        assert structure.stages[0].steps == ("s-see-ad", "s-comparator")
        assert structure.loops == (("s-kyc-rejected", "s-kyc"), ("s-support", "s-monthly"))
        assert structure.success_outcomes == ("s-account-opened",)
        assert structure.failure_outcomes == ("s-refused",)
        assert set(structure.detours) == {
            "s-compare-cards",
            "s-faq-reviews",
            "s-kyc-rejected",
            "s-support",
            "s-referral",
        }
