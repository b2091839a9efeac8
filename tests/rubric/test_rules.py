"""One purposely broken map per rule: the rule fires on the right element, alone.

Each case starts from the bank-account template (which passes every rule), breaks
exactly one thing, and checks that only the expected rule reports, on the expected
elements, with the expected message variants.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from parcours import rubric
from parcours.model import JourneyMap
from parcours.rubric.opportunities import IRRITANT_OPPORTUNITY

from .conftest import Data, Mutation, broken, emotion, phase, step, template_map


@dataclass(frozen=True)
class Case:
    """A map broken one way and what the rubric must say about it."""

    name: str
    mutate: Mutation
    rule_id: str
    elements: list[str | None]
    keys: list[str]


def _no_scope(d: Data) -> None:
    d["journey"]["scope"] = "  "


def _no_objective(d: Data) -> None:
    d["journey"]["objective"] = ""


def _no_personas(d: Data) -> None:
    d["personas"] = []
    for s in d["steps"]:
        s["emotions"] = []


def _no_steps(d: Data) -> None:
    d["steps"], d["phases"], d["listening_points"], d["opportunities"] = [], [], [], []


def _starts_at_purchase(d: Data) -> None:
    phase(d, "ph-discovery")["kind"] = "purchase"
    phase(d, "ph-search")["kind"] = "purchase"


def _step_without_phase(d: Data) -> None:
    del step(d, "s-compare-cards")["phase"]


def _empty_phase(d: Data) -> None:
    d["phases"].append({"id": "ph-renewal", "name": "Renouvellement", "kind": "loyalty"})


def _step_out_of_order(d: Data) -> None:
    ad = step(d, "s-see-ad")
    d["steps"].remove(ad)
    d["steps"].insert(2, ad)  # after s-simulate (information search)


def _custom_phase(d: Data) -> None:
    phase(d, "ph-loyalty")["kind"] = "custom"


def _stops_at_purchase(d: Data) -> None:
    for p in d["phases"][3:]:
        p["kind"] = "purchase"


def _no_actions(d: Data) -> None:
    step(d, "s-kyc")["actions"] = []


def _short_action(d: Data) -> None:
    step(d, "s-kyc")["actions"][1] = "Envoie sa pièce"


def _open_action(d: Data) -> None:
    step(d, "s-form")["actions"].append("Il renseigne ses revenus, son employeur, etc.")


def _duplicate_action(d: Data) -> None:
    actions = step(d, "s-form")["actions"]
    actions.append(actions[0].upper())


def _effort_unknown(d: Data) -> None:
    d["opportunities"].append(
        {
            "id": "opp-effort-unknown",
            "title": "Proposed",
            "steps": ["s-kyc"],
            "effort_unknown": True,
        }
    )


def _no_touchpoints(d: Data) -> None:
    step(d, "s-kyc")["touchpoints"] = []


def _no_data(d: Data) -> None:
    step(d, "s-esign")["data_collected"] = []


def _unclassified_data(d: Data) -> None:
    del step(d, "s-kyc")["data_collected"][0]["category"]


def _no_stakeholders(d: Data) -> None:
    step(d, "s-kyc")["stakeholders"] = []


def _stakeholder_incomplete(d: Data) -> None:
    step(d, "s-kyc")["stakeholders"][0]["deliverable"] = ""
    del step(d, "s-welcome")["stakeholders"][1]["office"]


def _missing_emotion(d: Data) -> None:
    kept = [e for e in step(d, "s-esign")["emotions"] if e["persona"] != "p-family"]
    step(d, "s-esign")["emotions"] = kept


def _flat_curve(d: Data) -> None:
    for s in d["steps"]:
        emotion(d, s["id"], "p-young")["score"] = 0


def _breaking_point_not_low(d: Data) -> None:
    for e in step(d, "s-kyc")["emotions"]:
        e["score"] = 0


def _irritant_not_low(d: Data) -> None:
    emotion(d, "s-comparator", "p-family")["score"] = 0


def _enchantment_not_high(d: Data) -> None:
    for e in step(d, "s-esign")["emotions"]:
        e["score"] = 0


def _measured_far_below(d: Data) -> None:
    d["measurements"] = [
        {
            "id": "m-survey",
            "taken_at": "2026-11-30T00:00:00",
            "values": [
                # s-simulate is estimated +1.3 on average: 2.0 below is a strong gap
                {
                    "step": "s-simulate",
                    "measure": "measured_emotion",
                    "value": -0.7,
                    "responses": 120,
                },
                # small samples and per-channel values never count
                {
                    "step": "s-esign",
                    "measure": "measured_emotion",
                    "value": -2.0,
                    "responses": 12,
                    "small_sample": True,
                },
                {
                    "step": "s-welcome",
                    "measure": "measured_emotion",
                    "value": -2.0,
                    "responses": 80,
                    "channel": "phone",
                },
                # within 1.5 of the estimate: no finding
                {"step": "s-kyc", "measure": "measured_emotion", "value": -0.4, "responses": 300},
            ],
        }
    ]


def _unexplained_low(d: Data) -> None:
    emotion(d, "s-see-ad", "p-family")["score"] = -1


def _unexplained_high(d: Data) -> None:
    emotion(d, "s-compare-cards", "p-young")["score"] = 2


def _no_metrics(d: Data) -> None:
    step(d, "s-kyc")["metrics"] = []


def _metric_without_target(d: Data) -> None:
    del step(d, "s-kyc")["metrics"][0]["target"]


def _moment_not_listened(d: Data) -> None:
    d["listening_points"] = [lp for lp in d["listening_points"] if lp["step"] != "s-kyc"]


def _listening_without_questions(d: Data) -> None:
    next(lp for lp in d["listening_points"] if lp["id"] == "lp-kyc")["questions"] = []


def _irritants_without_opportunity(d: Data) -> None:
    d["opportunities"] = [o for o in d["opportunities"] if o["id"] != "opp-kyc-guided-capture"]


def _no_success_outcome(d: Data) -> None:
    step(d, "s-account-opened")["outcome"] = "failure"


def _exception_without_way_out(d: Data) -> None:
    del step(d, "s-support")["returns_to"]


def _optional_moment(d: Data) -> None:
    step(d, "s-compare-cards")["moment_of_truth"] = True


def _review_note(d: Data) -> None:
    step(d, "s-kyc")["review"] = "Proposé comme étape principale : 92 % des clients y passent"


CASES = [
    Case("no scope", _no_scope, "journey-scope-objective", [None], ["scope"]),
    Case("no objective", _no_objective, "journey-scope-objective", [None], ["objective"]),
    Case("no personas", _no_personas, "journey-personas", [None], ["none"]),
    Case("no steps", _no_steps, "journey-steps", [None], ["none"]),
    Case(
        "starts at purchase",
        _starts_at_purchase,
        "first-step-before-purchase",
        ["s-see-ad"],
        ["after"],
    ),
    Case("step without phase", _step_without_phase, "step-phase", ["s-compare-cards"], ["none"]),
    Case("empty phase", _empty_phase, "phase-steps", ["ph-renewal"], ["none"]),
    Case("step out of order", _step_out_of_order, "phase-order", ["s-see-ad"], ["step"]),
    Case("custom phase", _custom_phase, "custom-phase-position", ["ph-loyalty"], ["unknown"]),
    Case("stops at purchase", _stops_at_purchase, "after-purchase", [None], ["no-phase"]),
    Case("no actions", _no_actions, "step-actions", ["s-kyc"], ["none"]),
    Case("short action", _short_action, "action-precision", ["s-kyc"], ["short"]),
    Case("open action", _open_action, "action-precision", ["s-form"], ["open"]),
    Case("duplicate action", _duplicate_action, "action-precision", ["s-form"], ["duplicate"]),
    Case("no touchpoints", _no_touchpoints, "step-touchpoints", ["s-kyc"], ["none"]),
    Case("no data", _no_data, "step-data", ["s-esign"], ["none"]),
    Case("unclassified data", _unclassified_data, "data-category", ["s-kyc"], ["none"]),
    Case("no stakeholders", _no_stakeholders, "step-stakeholders", ["s-kyc"], ["none"]),
    Case(
        "incomplete stakeholders",
        _stakeholder_incomplete,
        "step-stakeholders",
        ["s-kyc", "s-welcome"],
        ["no-deliverable", "no-office"],
    ),
    Case("missing emotion", _missing_emotion, "emotion-coverage", ["s-esign"], ["missing"]),
    Case("flat curve", _flat_curve, "emotion-variation", ["p-young"], ["flat"]),
    Case(
        "breaking point not low",
        _breaking_point_not_low,
        "emotion-lows",
        ["s-kyc"],
        ["breaking-point"],
    ),
    Case("irritant not low", _irritant_not_low, "emotion-lows", ["s-comparator"], ["irritant"]),
    Case("enchantment not high", _enchantment_not_high, "emotion-highs", ["s-esign"], ["flat"]),
    Case(
        "measured emotion far below",
        _measured_far_below,
        "emotion-measured",
        ["s-simulate"],
        ["lower"],
    ),
    Case("unexplained low", _unexplained_low, "emotion-explained", ["s-see-ad"], ["low"]),
    Case("unexplained high", _unexplained_high, "emotion-explained", ["s-compare-cards"], ["high"]),
    Case("no success outcome", _no_success_outcome, "success-outcome", [None], ["none"]),
    Case(
        "exception without way out",
        _exception_without_way_out,
        "exception-way-out",
        ["s-support"],
        ["none"],
    ),
    Case("optional moment", _optional_moment, "optional-moment", ["s-compare-cards"], ["none"]),
    Case("review note", _review_note, "review-notes", ["s-kyc"], ["open"]),
    Case("no metrics", _no_metrics, "step-metrics", ["s-kyc"], ["none"]),
    Case("metric without target", _metric_without_target, "metric-target", ["s-kyc"], ["none"]),
    Case("moment not listened", _moment_not_listened, "moment-listening", ["s-kyc"], ["none"]),
    Case(
        "listening without questions",
        _listening_without_questions,
        "listening-questions",
        ["lp-kyc"],
        ["none"],
    ),
    Case(
        "effort still to enter",
        _effort_unknown,
        "opportunity-effort",
        ["opp-effort-unknown"],
        ["unknown"],
    ),
    Case(
        "irritants without opportunity",
        _irritants_without_opportunity,
        "irritant-opportunity",
        ["s-kyc", "s-kyc"],
        ["none", "none"],
    ),
]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_bank_template_passes_every_rule(lang: str) -> None:
    report = rubric.check(template_map("bank-account", lang))
    assert report.findings == []
    assert all(r.passed for r in report.rules)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_fires_alone_on_the_broken_element(case: Case) -> None:
    report = rubric.check(broken(case.mutate))
    assert {f.rule_id for f in report.findings} == {case.rule_id}
    assert [f.element_id for f in report.findings] == case.elements
    assert [f.key for f in report.findings] == [f"{case.rule_id}.{k}" for k in case.keys]
    failed = [r.id for r in report.rules if not r.passed]
    assert failed == [case.rule_id]
    severity = rubric.rule_by_id(case.rule_id).severity
    assert all(f.severity is severity for f in report.findings)


def test_every_rule_has_a_broken_case() -> None:
    assert {c.rule_id for c in CASES} == {r.id for r in rubric.RULES}


def test_finding_names_the_step_and_what_is_missing() -> None:
    m = broken(_no_touchpoints)
    finding = rubric.check(m).findings[0]
    assert m.step("s-kyc").name in finding.message("fr")
    assert "point de contact" in finding.message("fr")
    assert "touchpoint" in finding.message("en")


def test_custom_first_phase_without_position() -> None:
    def mutate(d: Data) -> None:
        phase(d, "ph-discovery")["kind"] = "custom"

    report = rubric.check(broken(mutate))
    keys = {(f.rule_id, f.element_id, f.key.rsplit(".", 1)[1]) for f in report.findings}
    assert keys == {
        ("first-step-before-purchase", "s-see-ad", "unknown"),
        ("custom-phase-position", "ph-discovery", "unknown"),
    }


def test_custom_first_phase_declared_before_purchase_passes() -> None:
    def mutate(d: Data) -> None:
        phase(d, "ph-discovery").update(kind="custom", before_purchase=True)

    assert rubric.check(broken(mutate)).findings == []


def test_first_step_without_phase() -> None:
    def mutate(d: Data) -> None:
        del step(d, "s-see-ad")["phase"]

    report = rubric.check(broken(mutate), rules=["first-step-before-purchase"])
    assert [f.key for f in report.findings] == ["first-step-before-purchase.no-phase"]


def test_phase_listed_out_of_lifecycle_order() -> None:
    def mutate(d: Data) -> None:
        search = phase(d, "ph-search")
        d["phases"].remove(search)
        d["phases"].append(search)

    report = rubric.check(broken(mutate))
    assert {f.rule_id for f in report.findings} == {"phase-order"}
    assert ("ph-search", "phase-order.phase") in {(f.element_id, f.key) for f in report.findings}


def test_after_purchase_phases_without_steps() -> None:
    def mutate(d: Data) -> None:
        for s in d["steps"][9:]:
            s["phase"] = "ph-purchase"

    report = rubric.check(broken(mutate), rules=["after-purchase"])
    assert [f.key for f in report.findings] == ["after-purchase.no-step"]
    assert "Réception et accueil" in report.findings[0].message("fr")


def test_irritant_linked_by_its_step_only_is_covered() -> None:
    def mutate(d: Data) -> None:
        opp = next(o for o in d["opportunities"] if o["id"] == "opp-kyc-guided-capture")
        opp["irritants"] = []

    assert rubric.check(broken(mutate)).findings == []


def test_irritant_without_id_is_reported_with_its_step() -> None:
    m = JourneyMap(
        journey={"title": "Demo"},
        steps=[{"id": "s-pay", "name": "Payer", "irritants": [{"text": "Paiement refusé"}]}],
    )
    findings = IRRITANT_OPPORTUNITY(m)
    assert [(f.element_id, f.key) for f in findings] == [
        ("s-pay", "irritant-opportunity.anonymous")
    ]
    assert "`id`" in findings[0].hint("en")


def test_irritant_hint_names_the_irritant_id() -> None:
    finding = rubric.check(broken(_irritants_without_opportunity)).findings[0]
    assert "irr-kyc-" in finding.hint("fr")


def test_single_estimate_is_not_a_flat_curve() -> None:
    m = JourneyMap(
        journey={"title": "Demo"},
        personas=[{"id": "p-1", "name": "Léa"}],
        steps=[{"id": "s-1", "name": "Payer", "emotions": [{"persona": "p-1", "score": 0}]}],
    )
    assert rubric.check(m, rules=["emotion-variation"]).findings == []


def test_mixed_step_with_enchantment_and_irritant_need_not_be_high() -> None:
    def mutate(d: Data) -> None:
        s = step(d, "s-kyc")
        s["enchantments"] = [{"text": "La vidéo de selfie est rapide"}]

    assert rubric.check(broken(mutate), rules=["emotion-highs"]).findings == []
