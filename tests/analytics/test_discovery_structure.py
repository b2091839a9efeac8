"""Discovery of the structure: main path, loops, detours, alternatives and outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from parcours import rubric
from parcours.analytics.discovery import DraftMap, discover
from parcours.analytics.structure_discovery import (
    OUTCOME_MIN_LAST_SHARE,
    guess_outcome_kind,
    suggests_exception,
)
from parcours.engine import Engine
from parcours.events import read_events
from parcours.model import JourneyMap
from parcours.model.vocabulary import OutcomeKind, StepRole

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"


def canonical(traces: Sequence[Sequence[str]]) -> pa.Table:
    """Canonical columns from one list of activities per case, one hour apart."""
    rows = []
    start = datetime(2026, 3, 1, 9)
    for n, trace in enumerate(traces):
        for i, activity in enumerate(trace):
            rows.append((f"c{n}", start + timedelta(days=n, hours=i), activity))
    return pa.table(
        {
            "case_id": [r[0] for r in rows],
            "timestamp": pa.array([r[1] for r in rows], pa.timestamp("us")),
            "activity": [r[2] for r in rows],
            "channel": pa.nulls(len(rows), pa.string()),
            "segment": pa.nulls(len(rows), pa.string()),
            "score": pa.nulls(len(rows), pa.float64()),
            "row": list(range(1, len(rows) + 1)),
        }
    )


def draft_of(traces: Sequence[Sequence[str]], **options: object) -> DraftMap:
    engine = Engine.duckdb()
    return discover(engine, engine.table(canonical(traces)), **options)  # type: ignore[arg-type]


def roles(draft: DraftMap) -> dict[str, str]:
    """activity -> role (outcomes as 'outcome:<kind>')."""
    result = {}
    for step in draft.journey_map.steps:
        role = step.role.value
        if step.outcome is not None:
            role += f":{step.outcome.value}"
        result[step.events[0].activity or ""] = role
    return result


def step_of(m: JourneyMap, activity: str) -> str:
    return next(s.id for s in m.steps if s.events[0].activity == activity)


def main_path(draft: DraftMap) -> list[list[str]]:
    m = draft.journey_map
    activity = {s.id: s.events[0].activity for s in m.steps}
    return [[activity[s] or "" for s in stage.steps] for stage in m.structure().stages]


# ----------------------------------------------------------------- a hand-made log
def hand_traces() -> list[list[str]]:
    """21 cases of a small account opening with a known structure.

    visit -> [simulate] -> form -> docs -> [docs_rejected -> docs] -> sign_web | sign_branch
    -> approved; some are declined after the documents, some cancel after the form, two stop
    after the form. "note" is written at varying positions in 4 cases.
    """
    traces = (
        [["visit", "simulate", "form", "docs", "sign_web", "approved"]] * 6
        + [["visit", "form", "docs", "sign_web", "approved"]] * 4
        + [["visit", "form", "docs", "sign_branch", "approved"]] * 3
        + [["visit", "form", "docs", "docs_rejected", "docs", "sign_web", "approved"]] * 2
        + [["visit", "form", "docs", "declined"]] * 2
        + [["visit", "simulate", "form", "cancelled"]] * 2
        + [["visit", "form"]] * 2
    )
    traces = [list(t) for t in traces]
    for case, position in [(0, 1), (6, 2), (10, 4), (13, 6)]:
        traces[case].insert(position, "note")
    return traces


def test_hand_log_outcomes_are_exclusive_terminal_activities_with_kinds_from_names() -> None:
    draft = draft_of(hand_traces())
    found = roles(draft)
    assert found["approved"] == "outcome:success"
    assert found["declined"] == "outcome:failure"
    assert found["cancelled"] == "outcome:failure"
    # outcomes come last in the map, success first
    assert draft.kept[-3] == "approved"
    assert set(draft.kept[-2:]) == {"declined", "cancelled"}


def test_hand_log_rework_loop_returns_to_the_step_it_repeats() -> None:
    draft = draft_of(hand_traces())
    m = draft.journey_map
    rejected = next(s for s in m.steps if s.events[0].activity == "docs_rejected")
    assert rejected.role is StepRole.EXCEPTION
    assert rejected.returns_to == step_of(m, "docs")
    assert "rework" in rejected.review and "Docs" in rejected.review
    # listed after the step it returns to, although it comes first in typical position
    assert draft.kept.index("docs_rejected") == draft.kept.index("docs") + 1
    assert draft.suggested_window_days is None


def test_hand_log_step_at_varying_positions_is_an_exception_by_its_spread() -> None:
    draft = draft_of(hand_traces())
    note = next(p for p in draft.structure if p.activity == "note")
    assert note.role is StepRole.EXCEPTION and note.reason == "exception_spread"


def test_hand_log_skipped_step_is_optional_and_alternatives_are_one_stage() -> None:
    draft = draft_of(hand_traces())
    assert roles(draft)["simulate"] == "optional"
    assert main_path(draft) == [["visit"], ["form"], ["docs"], ["sign_web", "sign_branch"]]
    branch = next(p for p in draft.structure if p.activity == "sign_branch")
    assert branch.alternative_of == "sign_web"


def test_hand_log_every_step_says_why_in_the_draft_language() -> None:
    draft = draft_of(hand_traces(), lang="fr")
    reviews = {s.events[0].activity: s.review for s in draft.journey_map.steps}
    assert all(reviews.values())
    assert reviews["approved"].startswith("Proposé comme résultat (succès)")
    assert "« approved »" in reviews["approved"]
    assert reviews["simulate"].startswith("Proposé comme facultatif")
    assert reviews["visit"].startswith("Parcours principal, étape 1 sur 4")


def test_the_draft_with_roles_is_a_valid_map_and_round_trips() -> None:
    m = draft_of(hand_traces()).journey_map
    again = JourneyMap.model_validate(m.model_dump(mode="json"))
    assert again.structure() == m.structure()
    rules = {f.rule_id for f in rubric.check(m).findings}
    assert not {r for r in rules if "outcome" in r or "role" in r or "alternative" in r}


def test_a_straight_line_stays_a_line_with_its_last_step_as_the_outcome() -> None:
    draft = draft_of([["visit", "form", "pay"]] * 5 + [["visit", "form"]] * 3)
    assert main_path(draft) == [["visit"], ["form"]]
    proposal = draft.role_of("pay")
    assert proposal is not None and proposal.role is StepRole.OUTCOME
    assert proposal.outcome is OutcomeKind.SUCCESS  # "paid"? no: "pay" decides nothing
    assert proposal.reason == "outcome_guessed"


def test_an_activity_that_most_cases_stop_at_is_not_an_outcome_beside_the_real_end() -> None:
    # 'form' ends 8 of its 10 cases but shares cases with 'pay', the real end.
    draft = draft_of([["visit", "form"]] * 8 + [["visit", "form", "pay"]] * 2)
    assert roles(draft) == {"visit": "core", "form": "core", "pay": "outcome:success"}
    assert draft.evidence is not None
    assert draft.evidence.activities["form"].last_share >= OUTCOME_MIN_LAST_SHARE


def test_a_step_done_in_either_order_with_an_earlier_one_is_optional() -> None:
    # check_id and check_address happen in parallel: 6 cases one way, 4 the other
    draft = draft_of(
        [["apply", "check_id", "check_address", "decide"]] * 6
        + [["apply", "check_address", "check_id", "decide"]] * 4
    )
    assert main_path(draft) == [["apply"], ["check_id"]]
    parallel = draft.role_of("check_address")
    assert parallel is not None and parallel.role is StepRole.OPTIONAL
    assert parallel.reason == "parallel" and parallel.word == "check_id"
    assert parallel.skip_share == pytest.approx(0.4)
    assert draft.evidence is not None
    assert draft.evidence.before_share("check_address", "check_id") == pytest.approx(0.4)


def test_a_named_result_followed_by_paperwork_is_still_an_outcome() -> None:
    # 'approved' is followed by 'archive' in 4 of its 10 cases (last share 0.6); 'review'
    # ends 6 of its 10 cases too, but its name says nothing: it stays on the main path.
    draft = draft_of(
        [["apply", "review", "approved"]] * 6
        + [["apply", "review", "approved", "archive"]] * 4
        + [["apply", "review"]] * 12
    )
    found = roles(draft)
    assert found["approved"] == "outcome:success"
    assert found["review"] == "core"


def test_one_activity_log_keeps_one_stage() -> None:
    draft = draft_of([["visit"]] * 3)
    assert main_path(draft) == [["visit"]]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Account opened", "success"),
        ("Compte ouvert", "success"),
        ("Dossier validé", "success"),
        ("Ticket resolved", "success"),
        ("A_APPROVED", "success"),
        ("Demande refusée", "failure"),
        ("Application rejected", "failure"),
        ("A_CANCELLED", "failure"),
        ("Annulé par le client", "failure"),
        ("Offer expired", "failure"),
        ("Withdrawn", "failure"),
        ("Not approved", "failure"),
        ("Payment", None),
        ("T10 Determine necessity to stop indication", None),
    ],
)
def test_outcome_kinds_from_french_and_english_names(name: str, kind: str | None) -> None:
    found = guess_outcome_kind(name)
    assert (found.value if found else None) == kind


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Contact support", True),
        ("Appel au service client", True),
        ("Réclamation", True),
        ("Erreur de saisie", True),
        ("Relance client", True),
        ("Reminder sent", True),
        ("Create SW anomaly", True),
        ("Sign in branch", False),
        ("Take in charge ticket", False),
    ],
)
def test_exception_names(name: str, expected: bool) -> None:
    assert suggests_exception(name) is expected


# ----------------------------------------------------------------- a generated log
def bank_account_opening(n_customers: int = 3000, seed: int = 7) -> pa.Table:
    """A generated account-opening log with loops, optional steps and exclusive outcomes.

    visit_site -> simulate (40 %) -> fill_form -> send_documents
    -> [document_rejected (18 %) -> send_documents again] -> application_refused (8 %)
    | 43 % stop before signing (half of them cancel) | e_signature (70 %) or sign_in_branch
    -> account_opened; 25 % contact the support at a random position.
    """
    rng = np.random.default_rng(seed)
    start = datetime(2026, 1, 5, 8)
    cases: list[str] = []
    times: list[datetime] = []
    activities: list[str] = []
    for n in range(n_customers):
        trace = ["visit_site"]
        if rng.random() < 0.4:
            trace.append("simulate")
        if rng.random() < 0.1:
            pass
        else:
            trace += ["fill_form", "send_documents"]
            while rng.random() < 0.18:
                trace.append("document_rejected")
                if rng.random() < 0.1:
                    break
                trace.append("send_documents")
            if trace[-1] == "document_rejected":
                pass
            elif rng.random() < 0.08:
                trace.append("application_refused")
            elif rng.random() < 0.43:
                if rng.random() < 0.5:
                    trace.append("application_cancelled")
            else:
                trace.append("e_signature" if rng.random() < 0.7 else "sign_in_branch")
                trace.append("account_opened")
        if rng.random() < 0.25:
            trace.insert(int(rng.integers(1, len(trace) + 1)), "contact_support")
        moment = start + timedelta(minutes=int(rng.integers(0, 60 * 24 * 90)))
        for activity in trace:
            cases.append(f"cust-{n:05d}")
            times.append(moment)
            activities.append(activity)
            moment += timedelta(minutes=int(rng.integers(5, 60 * 24 * 3)))
    size = len(cases)
    return pa.table(
        {
            "case_id": cases,
            "timestamp": pa.array(times, pa.timestamp("us")),
            "activity": activities,
            "channel": pa.nulls(size, pa.string()),
            "segment": pa.nulls(size, pa.string()),
            "score": pa.nulls(size, pa.float64()),
            "row": list(range(1, size + 1)),
        }
    )


@pytest.fixture(scope="module")
def bank_draft() -> DraftMap:
    engine = Engine.duckdb()
    return discover(engine, engine.table(bank_account_opening()), lang="en")


def test_generated_log_main_path_and_alternatives(bank_draft: DraftMap) -> None:
    assert main_path(bank_draft) == [
        ["visit_site"],
        ["fill_form"],
        ["send_documents"],
        ["e_signature", "sign_in_branch"],
    ]


def test_generated_log_detours(bank_draft: DraftMap) -> None:
    found = roles(bank_draft)
    assert found["simulate"] == "optional"
    assert found["contact_support"] == "exception"
    assert found["document_rejected"] == "exception"
    m = bank_draft.journey_map
    rejected = next(s for s in m.steps if s.events[0].activity == "document_rejected")
    assert rejected.returns_to == step_of(m, "send_documents")


def test_generated_log_outcomes(bank_draft: DraftMap) -> None:
    found = roles(bank_draft)
    assert found["account_opened"] == "outcome:success"
    assert found["application_refused"] == "outcome:failure"
    assert found["application_cancelled"] == "outcome:failure"
    structure = bank_draft.journey_map.structure()
    assert structure.success_outcomes == (step_of(bank_draft.journey_map, "account_opened"),)


# ----------------------------------------------------------------- the real logs
@pytest.mark.skipif(not (REAL / "helpdesk.xes.gz").exists(), reason="shared real logs absent")
def test_helpdesk_closed_is_the_outcome_and_resolve_is_on_the_main_path() -> None:
    log = read_events(REAL / "helpdesk.xes.gz")
    draft = discover(log.engine, log.table, lang="en")
    found = roles(draft)
    assert found["Closed"] == "outcome:success"
    assert found["Resolve ticket"] == "core"
    assert found["Wait"] in {"optional", "exception"}
    stages = [stage[0] for stage in main_path(draft)]
    assert stages[-1] == "Resolve ticket" and "Closed" not in stages
    assert stages.index("Take in charge ticket") < stages.index("Resolve ticket")
    # tickets are closed 15 to 60 days after they open: beyond the default 30-day window
    assert draft.suggested_window_days is not None and 45 <= draft.suggested_window_days <= 70
    closed = next(s for s in draft.journey_map.steps if s.name == "Closed")
    assert f"at least {draft.suggested_window_days} days" in closed.review


@pytest.mark.skipif(not (REAL / "receipt.csv").exists(), reason="shared real logs absent")
def test_receipt_has_no_invented_outcome_and_starts_at_the_confirmation() -> None:
    # the two last activities (T05, T10) end different cases but share most of them:
    # they are not exclusive outcomes.
    log = read_events(REAL / "receipt.csv", timezone="Europe/Amsterdam")
    draft = discover(log.engine, log.table, lang="en")
    found = roles(draft)
    assert not [a for a, role in found.items() if role.startswith("outcome")]
    stages = [stage[0] for stage in main_path(draft)]
    assert stages[0] == "Confirmation of receipt"
    assert len(stages) >= 3
    # T06 / T10 are done before or after T02-T05: no stage of the main path comes before an
    # earlier one in 20 % of the cases or more, so the ordered funnel does not lose them
    assert draft.evidence is not None
    for k, later in enumerate(stages):
        for earlier in stages[:k]:
            assert draft.evidence.before_share(later, earlier) < 0.2, (later, earlier)
    assert found["T06 Determine necessity of stop advice"] != "core"
    assert all(step.review for step in draft.journey_map.steps)


def test_every_threshold_is_documented_with_its_value() -> None:
    from parcours.analytics import structure_discovery

    doc = (Path(__file__).parents[2] / "docs" / "analytics.md").read_text(encoding="utf-8")
    section = doc.split("## Discovery of the structure", 1)[1].split("\n## ", 1)[0]
    for name in (
        "OUTCOME_MIN_LAST_SHARE",
        "OUTCOME_NAMED_MIN_LAST_SHARE",
        "OUTCOME_MAX_OVERLAP",
        "MIN_SKIP_SHARE",
        "REWORK_MIN_SHARE",
        "SPREAD_MIN",
        "ALTERNATIVE_MAX_GAP",
        "ALTERNATIVE_MAX_OVERLAP",
        "PARALLEL_MIN_SHARE",
    ):
        value = getattr(structure_discovery, name)
        assert f"`{name}` ({value})" in section, f"{name} = {value} is not in docs/analytics.md"
