"""The report: messages in both languages, text for terminals, stable JSON, exit codes."""

from __future__ import annotations

import json
import re

import pytest

from parcours import rubric
from parcours.model import JourneyMap
from parcours.rubric.messages import MESSAGES

from .conftest import Data, broken, step, template_map
from .test_rules import CASES


def _two_problems(d: Data) -> None:
    step(d, "s-kyc")["touchpoints"] = []  # error
    step(d, "s-esign")["data_collected"] = []  # warning


def _warning_only(d: Data) -> None:
    step(d, "s-esign")["data_collected"] = []


RULE_ID = re.compile(r"^[a-z]+(-[a-z]+)*$")


def test_rule_ids_are_unique_kebab_case() -> None:
    ids = [r.id for r in rubric.RULES]
    assert len(ids) == len(set(ids))
    assert all(RULE_ID.match(i) for i in ids), ids


@pytest.mark.parametrize("rule", rubric.RULES, ids=[r.id for r in rubric.RULES])
def test_rule_texts_differ_in_french_and_english(rule: rubric.Rule) -> None:
    for text in (rule.title, rule.description):
        assert text("fr") and text("en")
        assert text("fr") != text("en")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_finding_texts_differ_and_are_complete(case: object) -> None:
    report = rubric.check(broken(case.mutate))  # type: ignore[attr-defined]
    for finding in report.findings:
        for text in (finding.message, finding.hint, finding.severity_label):
            fr, en = text("fr"), text("en")
            assert fr and en and fr != en
            assert "{" not in fr + en  # every placeholder filled


def test_every_message_key_has_a_hint() -> None:
    keys = set(MESSAGES.keys())
    messages = {k.removesuffix(".message") for k in keys if k.endswith(".message")}
    hints = {k.removesuffix(".hint") for k in keys if k.endswith(".hint")}
    assert messages == hints
    rule_ids = {r.id for r in rubric.RULES}
    assert {k.split(".")[0] for k in messages} == rule_ids


def test_exit_codes() -> None:
    assert rubric.check(template_map("bank-account", "fr")).exit_code == 0
    warned = rubric.check(broken(_warning_only))
    assert warned.findings and warned.ok and warned.exit_code == 0
    failed = rubric.check(broken(_two_problems))
    assert not failed.ok and failed.exit_code == 1


def test_counts_per_severity() -> None:
    report = rubric.check(broken(_two_problems))
    assert report.counts() == {"error": 1, "warning": 1, "info": 0}
    assert report.passed == len(rubric.RULES) - 2


def test_to_json_keys_are_stable() -> None:
    data = rubric.check(broken(_two_problems)).to_json("fr")
    assert list(data) == [
        "format",
        "language",
        "journey",
        "ok",
        "exit_code",
        "rules_run",
        "rules_passed",
        "counts",
        "rules",
        "findings",
    ]
    assert data["format"] == "parcours.rubric/1"
    assert data["ok"] is False and data["exit_code"] == 1
    assert data["rules_run"] == len(rubric.RULES) == len(data["rules"])
    assert list(data["rules"][0]) == ["id", "severity", "title", "passed", "findings"]
    assert [list(f) for f in data["findings"]] == [
        ["rule_id", "severity", "severity_label", "element_id", "message", "hint"]
    ] * 2
    first = data["findings"][0]
    assert (first["rule_id"], first["severity"], first["element_id"]) == (
        "step-touchpoints",
        "error",
        "s-kyc",
    )
    assert first["severity_label"] == "erreur"


def test_to_json_is_deterministic_and_serialisable() -> None:
    m = broken(_two_problems)
    first = json.dumps(rubric.check(m).to_json("en"), ensure_ascii=False, sort_keys=False)
    again = json.dumps(rubric.check(m).to_json("en"), ensure_ascii=False, sort_keys=False)
    assert first == again


def test_to_text_in_french() -> None:
    m = broken(_two_problems)
    text = rubric.check(m).to_text("fr")
    assert text.startswith(f"Grille de qualité — « {m.journey.title} »")
    assert "✗ step-touchpoints · Chaque étape a au moins un point de contact — 1 erreur" in text
    assert "s-kyc : L’étape « Vérifier son identité" in text
    assert "→ À faire : Ajoutez sous `touchpoints`" in text
    assert "✓ step-actions · Chaque étape décrit ce que fait le client" in text
    summary = text.splitlines()[-1]
    assert summary.startswith("Bilan : 1 erreur, 1 avertissement, 0 information")
    assert "n’est pas conforme" in summary


def test_to_text_in_english_when_clean() -> None:
    text = rubric.check(template_map("bank-account", "en")).to_text("en")
    n = len(rubric.RULES)
    assert text.splitlines()[-1] == (
        f"Result: 0 errors, 0 warnings, 0 info — {n} of {n} rules passed. "
        "The map passes the rubric (no error)."
    )
    assert "✗" not in text


def test_journey_level_findings_are_labelled_as_such() -> None:
    text = rubric.check(JourneyMap(journey={"title": "Demo"})).to_text("fr")
    assert "parcours : La carte n’a aucun persona." in text


def test_check_runs_selected_rules_by_id_or_object() -> None:
    m = broken(_two_problems)
    by_id = rubric.check(m, rules=["step-data"])
    by_rule = rubric.check(m, rules=[rubric.rule_by_id("step-data")])
    assert [r.id for r in by_id.rules] == ["step-data"]
    assert by_id.findings == by_rule.findings
    assert by_id.ok


def test_unknown_rule_is_a_user_error() -> None:
    with pytest.raises(rubric.UnknownRuleError) as info:
        rubric.check(template_map("bank-account", "en"), rules=["step-action"])
    assert "step-actions" in info.value.message("en")
    assert info.value.message("fr").startswith("Règle « step-action » inconnue")


def test_report_reads_like_the_html_view_expects() -> None:
    report = rubric.check(broken(_two_problems))
    result = report.rules[0]
    assert result.id == result.rule_id == "journey-scope-objective"
    assert result.title("fr") and result.passed is True
    finding = report.findings[0]
    assert finding.severity.value == "error" and finding.severity_label("fr") == "erreur"


def test_to_text_lists_errors_first_then_warnings_then_passed_rules() -> None:
    text = rubric.check(broken(_two_problems)).to_text("en")
    error = text.index("✗ step-touchpoints")
    warning = text.index("✗ step-data")
    passed = text.index("✓ journey-scope-objective")
    assert error < warning < passed
