"""Drafting a map from data alone: steps, typical order, phases, touchpoints, personas."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from parcours import rubric
from parcours.analytics.discovery import discover, suggest_channel, suggest_kinds
from parcours.engine import Engine
from parcours.events import read_events
from parcours.model import Channel, Measure, PhaseKind

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"


def _log(cases: dict[str, list[tuple[str, str | None, str | None]]]) -> pa.Table:
    """Canonical columns from {case: [(activity, channel, segment), ...]} one hour apart."""
    rows = []
    start = datetime(2026, 3, 1, 9)
    for n, (case, events) in enumerate(cases.items()):
        for i, (activity, channel, segment) in enumerate(events):
            rows.append((case, start + timedelta(days=n, hours=i), activity, channel, segment))
    return pa.table(
        {
            "case_id": [r[0] for r in rows],
            "timestamp": pa.array([r[1] for r in rows], pa.timestamp("us")),
            "activity": [r[2] for r in rows],
            "channel": pa.array([r[3] for r in rows], pa.string()),
            "segment": pa.array([r[4] for r in rows], pa.string()),
            "score": pa.nulls(len(rows), pa.float64()),
            "row": list(range(1, len(rows) + 1)),
        }
    )


def test_steps_follow_the_typical_order_and_rare_activities_are_reported() -> None:
    # 10 cases: visit -> simulate -> order -> delivered ; case c9 also has a rare "fax".
    # c0..c1 reversed: "simulate" before "visit" (typical order still visit first:
    # relative first positions of visit: 0 in 8 cases, 1/3 in 2 -> median 0).
    cases: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for n in range(10):
        flow = ["visit", "simulate", "order", "parcel_delivered"]
        if n < 2:
            flow = ["simulate", "visit", "order", "parcel_delivered"]
        cases[f"c{n}"] = [(a, "Internet", "young" if n < 6 else "family") for a in flow]
    cases["c9"].append(("fax", "Fax", "family"))
    engine = Engine.duckdb()
    draft = discover(engine, engine.table(_log(cases)), lang="fr", min_case_share=0.2)
    assert draft.kept == ["visit", "simulate", "order", "parcel_delivered"]
    assert draft.rare == ["fax"]
    assert draft.n_cases == 10 and draft.n_events == 41
    m = draft.journey_map
    assert [p.kind for p in m.phases] == [
        PhaseKind.INFORMATION_SEARCH,
        PhaseKind.PURCHASE,
        PhaseKind.ONBOARDING,
    ]
    assert [s.events[0].activity for s in m.steps] == draft.kept
    assert all(s.touchpoints[0].channel is Channel.WEB for s in m.steps)
    assert {p.name for p in m.personas} == {"young", "family"}
    assert Measure.CONVERSION_FROM_PREVIOUS in {x.measure for x in m.steps[1].metrics}
    assert m.language.value == "fr" and "10 dossiers" in m.journey.scope


def test_the_draft_is_a_valid_map_that_the_rubric_reviews() -> None:
    cases = {f"c{n}": [("visit", None, None), ("order", None, None)] for n in range(3)}
    engine = Engine.duckdb()
    draft = discover(engine, engine.table(_log(cases)))
    report = rubric.check(draft.journey_map)
    assert report.findings, "a draft has work left: the rubric must say what"
    assert report.exit_code == 1


@pytest.mark.parametrize(
    ("activities", "kinds"),
    [
        (["a", "b"], ["custom", "custom"]),
        (["Resolve ticket", "visit"], ["support", "support"]),  # never goes backwards
        (["x", "checkout", "y"], ["purchase", "purchase", "purchase"]),
    ],
)
def test_phase_kinds_never_go_backwards(activities: list[str], kinds: list[str]) -> None:
    assert [k.value for k in suggest_kinds(activities)] == kinds


@pytest.mark.parametrize(
    ("name", "channel"),
    [
        ("Internet", "web"),
        ("Desk", "branch"),
        ("e-mail", "email"),
        ("Post", "mail"),
        ("Téléphone", "phone"),
        ("app", "app"),
        ("Intern", "other"),
    ],
)
def test_channel_names_from_data_map_to_the_vocabulary(name: str, channel: str) -> None:
    assert suggest_channel(name).value == channel


@pytest.mark.skipif(not (REAL / "helpdesk.xes.gz").exists(), reason="shared real logs absent")
def test_helpdesk_draft_is_the_ticket_lifecycle() -> None:
    log = read_events(REAL / "helpdesk.xes.gz")
    draft = discover(log.engine, log.table, lang="en")
    assert draft.kept == [
        "Assign seriousness",
        "Take in charge ticket",
        "Wait",
        "Resolve ticket",
        "Closed",
    ]
    assert [p.kind for p in draft.journey_map.phases] == [PhaseKind.SUPPORT]
    assert draft.n_cases == 4580 and draft.n_events == 21348
    assert "Insert ticket" in draft.rare
