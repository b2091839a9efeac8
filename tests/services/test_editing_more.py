"""The edits of web-edit part 2 as use cases: the journey's own fields, custom lanes, a
step's event bindings, a listening point's questionnaire and alert (hand-made maps)."""

from __future__ import annotations

from datetime import date

import pytest

from parcours.model import JourneyMap
from parcours.model.journey import Journey
from parcours.services import editing
from parcours.services.editing import EditError


@pytest.fixture(scope="module")
def small() -> JourneyMap:
    return JourneyMap.model_validate(
        {
            "journey": {"title": "Open an account", "timezone": "UTC"},
            "custom_lanes": [{"id": "law", "name": "Law"}, {"id": "risk", "name": "Risk"}],
            "steps": [
                {"id": "s1", "name": "Visit", "custom": {"law": "GDPR", "risk": "Fraud"}},
                {"id": "s2", "name": "Sign", "events": [{"activity": "sign"}]},
            ],
            "listening_points": [{"id": "lp", "step": "s2", "medium": "sms"}],
        }
    )


def test_the_journey_form_covers_every_field_of_the_journey() -> None:
    assert {f.name for f in editing.JOURNEY.fields} - {"language"} == set(Journey.model_fields)


def test_update_journey_changes_only_what_the_form_names(small: JourneyMap) -> None:
    edited = editing.update_journey(
        small,
        {"scope": ["Prospects, online"], "created": ["2026-01-05"], "timezone": [""]},
    )
    assert edited.journey.scope == "Prospects, online"
    assert edited.journey.created == date(2026, 1, 5)
    assert edited.journey.timezone == "UTC" and edited.journey.title == "Open an account"
    assert edited.steps == small.steps and edited.language == small.language
    assert editing.journey_values(edited)["created"] == "2026-01-05"


@pytest.mark.parametrize(
    ("form", "lang", "words"),
    [
        ({"created": ["05/01/2026"]}, "fr", ("Parcours, champ « Créé le »", "AAAA-MM-JJ")),
        ({"conversion_value": ["-3"]}, "en", ('"Value of one conversion"', "at least 0")),
        ({"timezone": ["Europe/Pariss"]}, "en", ('"Europe/Pariss" is not an IANA time zone',)),
        ({"title": [""]}, "en", ('Journey, field "Title": it is required',)),
    ],
)
def test_update_journey_refusals_name_the_field(
    small: JourneyMap, form: dict[str, list[str]], lang: str, words: tuple[str, ...]
) -> None:
    with pytest.raises(EditError) as caught:
        editing.update_journey(small, form)
    for word in words:
        assert word in caught.value.message(lang)


def test_lanes_add_reorder_delete_with_their_values(small: JourneyMap) -> None:
    added, lane = editing.add_element(small, "lane", {"name": ["Hypotheses"]})
    assert lane == "lane-hypotheses" and added.custom_lanes[-1].name == "Hypotheses"
    reordered = editing.reorder_elements(added, "lane", [lane, "law"])
    assert [x.id for x in reordered.custom_lanes] == [lane, "risk", "law"]
    gone = editing.delete_element(reordered, "lane", "law")
    assert [x.id for x in gone.custom_lanes] == [lane, "risk"]
    assert gone.step("s1").custom == {"risk": "Fraud"}


def test_event_bindings_rows(small: JourneyMap) -> None:
    form = {
        "events.activity": ["visit_home", "", ""],
        "events.pattern": ["", "^page_", ""],
        "events.channel": ["web", "", "app"],  # the third row has no activity nor pattern
    }
    edited = editing.update_element(small, "step", "s1", form)
    assert [(e.activity, e.pattern, e.channel) for e in edited.step("s1").events] == [
        ("visit_home", None, "web"),
        (None, "^page_", None),
    ]
    assert editing.row_values(edited, "s1")["events"][1] == {
        "activity": "",
        "pattern": "^page_",
        "channel": "",
    }
    cleared = editing.update_element(edited, "step", "s1", {"events.activity": [""]})
    assert cleared.step("s1").events == []
    with pytest.raises(EditError) as caught:
        editing.update_element(small, "step", "s2", {"events.pattern": ["ok", "[a-"]})
    text = caught.value.message("fr")
    assert "Étape s2 · Liaisons aux événements" in text and "ligne 2" in text
    assert "« [a- »" in text and "expression régulière" in text


def test_known_activities_puts_the_log_first_and_names_each_once(small: JourneyMap) -> None:
    assert editing.known_activities(small, ["open", "sign"]) == ["open", "sign"]
    assert editing.known_activities(small) == ["sign"]


def test_questionnaire_and_alert_threshold(small: JourneyMap) -> None:
    form = {
        "survey.text": ["Easy? (1 to 7)", ""],
        "survey.scale": ["ces_1_7", "nps_0_10"],
        "alert_threshold.indicator": ["CES"],
        "alert_threshold.comparator": [""],  # the model's default: below
        "alert_threshold.value": ["5"],
        "alert_threshold.unit": [""],
    }
    edited = editing.update_element(small, "listening_point", "lp", form)
    lp = edited.listening_points[0]
    assert [(q.text, q.scale.value) for q in lp.survey] == [("Easy? (1 to 7)", "ces_1_7")]
    assert lp.alert_threshold is not None and lp.alert_threshold.describe() == "CES below 5"
    assert editing.element_values(edited, "listening_point", "lp")["alert_threshold.value"] == 5
    assert editing.row_values(edited, "lp", "listening_point")["survey"] == [
        {"text": "Easy? (1 to 7)", "scale": "ces_1_7"}
    ]
    kept = editing.update_element(edited, "listening_point", "lp", {"sampling_rate": ["0.5"]})
    assert kept.listening_points[0].alert_threshold == lp.alert_threshold
    with pytest.raises(EditError) as caught:
        editing.update_element(small, "listening_point", "lp", {"survey.text": ["Q"]})
    assert 'field "Scale": it is required' in caught.value.message("en")


def test_the_forms_cover_every_field_of_the_model() -> None:
    """A field added to the model without its form line fails here (or is declared
    computed in ``COMPUTED_FIELDS``)."""
    import typing

    for name, section in editing.SECTIONS.items():
        shown = {f.name.split(".")[0] for f in section.fields} | {r.name for r in section.rows}
        shown |= {"id", "custom"} | editing.COMPUTED_FIELDS.get(name, frozenset())
        assert set(section.model.model_fields) <= shown, name
        for rows in section.rows:
            item = typing.get_args(section.model.model_fields[rows.name].annotation)[0]
            assert set(item.model_fields) - {"id"} <= {f.name for f in rows.fields}, rows.name


def test_opportunity_override_and_effort_placeholder() -> None:
    m = JourneyMap.model_validate(
        {
            "journey": {"title": "T"},
            "steps": [{"id": "s1", "name": "One"}],
            "opportunities": [{"id": "o", "title": "Fix", "impact": 2, "effort_unknown": True}],
        }
    )
    form = {"impact_override": ["5"], "effort": ["2"], "effort_unknown": ["0"]}
    opp = editing.update_element(m, "opportunity", "o", form).opportunities[0]
    assert (opp.scored_impact, opp.effort, opp.effort_unknown) == (5, 2, False)
    with pytest.raises(EditError):
        editing.update_element(m, "opportunity", "o", {"impact_override": ["6"]})
