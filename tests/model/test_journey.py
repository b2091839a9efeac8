"""The journey map model: references, ids, lookups."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from parcours.model import JourneyMap, Opportunity, Phase, PhaseKind, Step


def small_map(**overrides: object) -> JourneyMap:
    data: dict[str, object] = {
        "journey": {"title": "Open an account"},
        "personas": [{"id": "p-1", "name": "Léa"}],
        "phases": [
            {"id": "ph-a", "name": "Discovery", "kind": "discovery"},
            {"id": "ph-b", "name": "Purchase", "kind": "purchase"},
        ],
        "steps": [
            {
                "id": "s-1",
                "name": "See an ad",
                "phase": "ph-a",
                "emotions": [{"persona": "p-1", "score": 1}],
                "irritants": [{"id": "irr-1", "text": "Fees unclear"}],
            },
            {"id": "s-2", "name": "Fill the form", "phase": "ph-b"},
        ],
    }
    data.update(overrides)
    return JourneyMap.model_validate(data)


def test_lookups() -> None:
    m = small_map()
    assert m.phase_of(m.step("s-2")) == m.phases[1]
    assert [s.id for s in m.steps_in(m.phases[0])] == ["s-1"]
    assert m.persona("p-1").name == "Léa"
    assert m.irritant_ids() == {"irr-1"}
    with pytest.raises(KeyError):
        m.step("nope")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"steps": [{"id": "s-1", "name": "x", "phase": "zz"}]},
            "steps[0].phase: unknown phase 'zz'",
        ),
        (
            {
                "steps": [
                    {"id": "s-1", "name": "x", "emotions": [{"persona": "nobody", "score": 0}]}
                ]
            },
            "steps[0].emotions[0].persona: unknown persona 'nobody'",
        ),
        (
            {"listening_points": [{"step": "s-9", "medium": "sms"}]},
            "listening_points[0].step: unknown step 's-9'",
        ),
        (
            {"opportunities": [{"title": "Fix", "irritants": ["irr-9"]}]},
            "opportunities[0].irritants[0]: unknown irritant 'irr-9'",
        ),
        (
            {"personas": [{"id": "ph-a", "name": "clash"}]},
            "duplicate id(s): ph-a",
        ),
    ],
)
def test_broken_references_are_named(change: dict[str, object], expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        small_map(**change)
    assert expected in str(info.value)


def test_unknown_field_is_an_error_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="emotionz"):
        Step.model_validate({"id": "s", "name": "n", "emotionz": []})


def test_emotion_scale_is_bounded() -> None:
    with pytest.raises(ValidationError):
        small_map(steps=[{"id": "s", "name": "n", "emotions": [{"persona": "p-1", "score": 3}]}])


def test_assign_missing_ids_is_stable_and_keeps_existing() -> None:
    m = small_map(
        steps=[
            {"id": "s-1", "name": "x", "irritants": [{"text": "a"}, {"id": "keep", "text": "b"}]},
        ],
        opportunities=[{"title": "Simulateur de frais"}],
    )
    once = m.assign_missing_ids()
    assert [i.id for i in once.steps[0].irritants] == ["s-1.irr-1", "keep"]
    assert once.opportunities[0].id == "opp-simulateur-de-frais-1"
    assert once.assign_missing_ids() == once  # nothing left to assign
    assert m.steps[0].irritants[0].id is None  # the original is untouched


def test_phase_position_relative_to_purchase() -> None:
    assert Phase(id="a", name="a", kind=PhaseKind.INFORMATION_SEARCH).is_before_purchase
    assert Phase(id="a", name="a", kind=PhaseKind.PURCHASE).is_before_purchase is False
    assert Phase(id="a", name="a", kind=PhaseKind.PURCHASE).is_after_purchase is False
    assert Phase(id="a", name="a", kind=PhaseKind.SUPPORT).is_after_purchase is True
    assert Phase(id="a", name="a", kind="custom").is_before_purchase is None
    assert Phase(id="a", name="a", kind="custom", before_purchase=True).is_before_purchase


def test_opportunity_quadrants() -> None:
    def quad(impact: int, effort: int) -> str:
        return Opportunity(title="t", impact=impact, effort=effort).quadrant

    assert quad(5, 1) == "quick_win"
    assert quad(5, 5) == "major_project"
    assert quad(1, 1) == "fill_in"
    assert quad(1, 5) == "thankless"


def test_bad_id_pattern() -> None:
    with pytest.raises(ValidationError, match="pattern"):
        small_map(personas=[{"id": "has space", "name": "x"}])
