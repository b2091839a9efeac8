"""Listening points as questionnaires: additive fields with defaults, validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from parcours import templates
from parcours.io.files import loads_map
from parcours.model import ListeningPoint, QuestionScale, SurveyTemperature


def test_old_points_keep_their_meaning() -> None:
    lp = ListeningPoint(step="s", medium="email_cold", questions=["Why? ", "NPS (0 to 10)"])
    assert lp.sampling_rate == 1.0 and lp.fatigue_days is None and lp.trigger_activity is None
    assert lp.effective_temperature() is SurveyTemperature.COLD
    assert lp.effective_delay_hours() == 504.0
    assert [q.scale for q in lp.questionnaire()] == [QuestionScale.OPEN_TEXT, QuestionScale.NPS]


def test_explicit_survey_wins() -> None:
    lp = ListeningPoint(
        step="s",
        medium="sms",
        questions=["ignored (1 to 5)"],
        survey=[{"text": "Effort?", "scale": "ces_1_7"}],
        temperature="warm",
        delay_hours=48,
    )
    assert [(q.text, q.scale) for q in lp.questionnaire()] == [("Effort?", QuestionScale.CES)]
    assert lp.effective_delay_hours() == 48.0


@pytest.mark.parametrize(
    "field",
    [{"sampling_rate": 0}, {"sampling_rate": 1.5}, {"fatigue_days": -1}, {"response_rate": 2}],
)
def test_out_of_range_values_are_refused(field: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        ListeningPoint(step="s", medium="sms", **field)


def test_templates_get_scales_from_their_questions() -> None:
    m = loads_map(templates.template_text("bank-account", "en"), fmt="yaml")
    scales = {q.scale for lp in m.listening_points for q in lp.questionnaire()}
    assert QuestionScale.CSAT in scales and QuestionScale.OPEN_TEXT in scales
