"""Listening points: how the voice of the customer is collected at moments of truth.

A listening point is also the questionnaire a survey tool runs: its questions with their
scale (:class:`SurveyQuestion`), the medium, the trigger (the step's events, or one
activity) and the delay after it (hot: within the hour, warm: days, cold: weeks), the
target population (segments, channels), a sampling rate and a fatigue rule (at most one
survey per customer per ``fatigue_days``). Every field has a default, so maps written
before these fields existed stay valid.
"""

from __future__ import annotations

import re

from pydantic import Field

from parcours.model.base import ElementId, Model, NonEmptyText
from parcours.model.vocabulary import (
    Comparator,
    ListeningMedium,
    QuestionScale,
    SurveyTemperature,
)

DEFAULT_DELAY_HOURS = {
    SurveyTemperature.HOT: 1.0,
    SurveyTemperature.WARM: 72.0,
    SurveyTemperature.COLD: 504.0,
}
"""Delay between the trigger event and the survey when a point states none: within the
hour (hot), three days (warm), three weeks (cold)."""

MEDIUM_TEMPERATURE = {
    ListeningMedium.EMAIL_WARM: SurveyTemperature.WARM,
    ListeningMedium.EMAIL_COLD: SurveyTemperature.COLD,
    ListeningMedium.PHONE_INTERVIEW: SurveyTemperature.WARM,
    ListeningMedium.SOCIAL_LISTENING: SurveyTemperature.COLD,
}
"""The temperature a medium implies; every other medium asks hot."""

_SCALE_HINTS: tuple[tuple[QuestionScale, str], ...] = (
    (QuestionScale.NPS, r"\b0\s*(?:to|à|a|-|–)\s*10\b|\bnps\b|recommend"),
    (QuestionScale.CES, r"\b1\s*(?:to|à|a|-|–)\s*7\b|\bces\b|effort"),
    (QuestionScale.CSAT, r"\b1\s*(?:to|à|a|-|–)\s*5\b|\bcsat\b"),
)


class SurveyQuestion(Model):
    """One question of a questionnaire and the scale of its answer.

    >>> SurveyQuestion(text="How likely are you to recommend us?", scale="nps_0_10").scale.value
    'nps_0_10'
    """

    text: NonEmptyText
    scale: QuestionScale = QuestionScale.OPEN_TEXT


def guess_scale(question: str) -> QuestionScale:
    """The scale a plain-text question announces ("(1 to 5)", "0 à 10", "effort"...),
    else open text.

    >>> guess_scale("Was the identity verification easy? (1 to 5)").value
    'csat_1_5'
    >>> guess_scale("Recommanderiez-vous la banque ? (0 à 10)").value
    'nps_0_10'
    >>> guess_scale("What could have made you give up?").value
    'open_text'
    """
    lowered = question.lower()
    for scale, pattern in _SCALE_HINTS:
        if re.search(pattern, lowered):
            return scale
    return QuestionScale.OPEN_TEXT


class Threshold(Model):
    """An alert rule: raise an alert when ``indicator`` goes ``comparator`` ``value``.

    >>> Threshold(indicator="CSAT", comparator="below", value=80, unit="%").describe()
    'CSAT below 80 %'
    """

    indicator: str
    comparator: Comparator = Comparator.BELOW
    value: float
    unit: str = ""

    def describe(self) -> str:
        """A short plain-text rendering (language-neutral)."""
        number = f"{self.value:g}"
        return f"{self.indicator} {self.comparator.value} {number} {self.unit}".strip()

    def is_breached(self, measured: float) -> bool:
        """Whether a measured value triggers the alert."""
        if self.comparator is Comparator.BELOW:
            return measured < self.value
        return measured > self.value


class ListeningPoint(Model):
    """A survey or feedback collection placed at a step (usually a moment of truth)."""

    id: ElementId | None = None
    step: ElementId
    questions: list[str] = Field(default_factory=list)
    medium: ListeningMedium
    target: str = ""
    """The population asked (e.g. "prospects who abandoned the form")."""
    timing: str = ""
    """When it is sent relative to the moment (e.g. "within 1 hour")."""
    frequency: str = ""
    alert_threshold: Threshold | None = None
    survey: list[SurveyQuestion] = Field(default_factory=list)
    """The questionnaire with the scale of each answer; when empty, ``questions`` are
    asked, each with the scale its text announces (:func:`guess_scale`)."""
    temperature: SurveyTemperature | None = None
    """Hot, warm or cold; default: the one the medium implies (hot for most)."""
    trigger_activity: str | None = None
    """The event activity that triggers the survey; default: any event of the step."""
    delay_hours: float | None = Field(default=None, ge=0)
    """Hours between the trigger event and the survey; default: by temperature (1, 72, 504)."""
    target_segments: list[str] = Field(default_factory=list)
    """Segments surveyed (empty: every segment)."""
    target_channels: list[str] = Field(default_factory=list)
    """Channels of the trigger event surveyed (empty: every channel)."""
    sampling_rate: float = Field(default=1.0, gt=0, le=1)
    """Share of the triggered customers that are asked (0 < rate <= 1)."""
    fatigue_days: float | None = Field(default=None, ge=0)
    """At most one survey per customer per this many days, counting every listening
    point of the map (None: no rule)."""
    response_rate: float | None = Field(default=None, gt=0, le=1)
    """Expected share of the asked customers who answer (for the plan)."""

    def questionnaire(self) -> list[SurveyQuestion]:
        """The questions with their scale: ``survey``, else ``questions`` with guessed scales.

        >>> lp = ListeningPoint(step="s", medium="sms", questions=["Satisfied? (1 to 5)"])
        >>> [q.scale.value for q in lp.questionnaire()]
        ['csat_1_5']
        """
        if self.survey:
            return list(self.survey)
        return [SurveyQuestion(text=q, scale=guess_scale(q)) for q in self.questions if q.strip()]

    def effective_temperature(self) -> SurveyTemperature:
        """``temperature``, else the one the medium implies.

        >>> ListeningPoint(step="s", medium="email_cold").effective_temperature().value
        'cold'
        """
        if self.temperature is not None:
            return self.temperature
        return MEDIUM_TEMPERATURE.get(self.medium, SurveyTemperature.HOT)

    def effective_delay_hours(self) -> float:
        """``delay_hours``, else the default of the temperature.

        >>> ListeningPoint(step="s", medium="email_warm").effective_delay_hours()
        72.0
        """
        if self.delay_hours is not None:
            return self.delay_hours
        return DEFAULT_DELAY_HOURS[self.effective_temperature()]
