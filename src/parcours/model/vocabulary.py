"""Controlled vocabularies of the model: phase kinds, channels, data categories, media.

Each vocabulary is a ``StrEnum`` so that files hold plain words (``kind: discovery``).
Their French and English labels live in :mod:`parcours.i18n`.
"""

from __future__ import annotations

from enum import StrEnum


class PhaseKind(StrEnum):
    """Where a lifecycle phase sits relative to the act of purchase (or signature).

    The vocabulary is the classic customer lifecycle; ``custom`` phases say with
    ``before_purchase`` where they stand.
    """

    DISCOVERY = "discovery"
    INFORMATION_SEARCH = "information_search"
    PURCHASE = "purchase"
    ONBOARDING = "onboarding"
    FIRST_USE = "first_use"
    USAGE = "usage"
    SUPPORT = "support"
    LOYALTY = "loyalty"
    EXIT = "exit"
    CUSTOM = "custom"

    @property
    def before_purchase(self) -> bool | None:
        """True before the purchase, False from it on, None for ``custom`` (unknown)."""
        if self is PhaseKind.CUSTOM:
            return None
        return self in (PhaseKind.DISCOVERY, PhaseKind.INFORMATION_SEARCH)

    @property
    def after_purchase(self) -> bool | None:
        """True strictly after the act of purchase (reception, use, support...)."""
        if self is PhaseKind.CUSTOM:
            return None
        return self not in (
            PhaseKind.DISCOVERY,
            PhaseKind.INFORMATION_SEARCH,
            PhaseKind.PURCHASE,
        )


class Channel(StrEnum):
    """The medium through which a touchpoint reaches the customer."""

    WEB = "web"
    APP = "app"
    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    BRANCH = "branch"
    CHATBOT = "chatbot"
    LIVE_CHAT = "live_chat"
    MAIL = "mail"
    KIOSK = "kiosk"
    SOCIAL = "social"
    VIDEO = "video"
    IN_PERSON = "in_person"
    PARTNER = "partner"
    ADVERTISING = "advertising"
    OTHER = "other"


class DataCategory(StrEnum):
    """Classification of a data item collected at a step."""

    PERSONAL = "personal"
    TRANSACTIONAL = "transactional"
    BEHAVIOURAL = "behavioural"


class Office(StrEnum):
    """Whether a stakeholder works in front of the customer or behind the scenes."""

    FRONT = "front"
    BACK = "back"


class ListeningMedium(StrEnum):
    """How a listening point asks the customer (hot = right after the moment)."""

    EMAIL_HOT = "email_hot"
    EMAIL_WARM = "email_warm"
    EMAIL_COLD = "email_cold"
    SMS = "sms"
    QR_CODE = "qr_code"
    CHATBOT = "chatbot"
    KIOSK = "kiosk"
    IN_APP = "in_app"
    WEB_SURVEY = "web_survey"
    VOICE_SURVEY = "voice_survey"
    VOICEMAIL = "voicemail"
    IVR_RATING = "ivr_rating"
    PHONE_INTERVIEW = "phone_interview"
    SOCIAL_LISTENING = "social_listening"
    OTHER = "other"


class QuestionScale(StrEnum):
    """The answer scale of a survey question."""

    CSAT = "csat_1_5"
    """Satisfaction from 1 (very dissatisfied) to 5 (very satisfied)."""
    NPS = "nps_0_10"
    """Likelihood to recommend from 0 to 10 (Net Promoter Score)."""
    CES = "ces_1_7"
    """Customer effort from 1 (very difficult) to 7 (very easy)."""
    OPEN_TEXT = "open_text"
    """A free-text answer (a verbatim)."""

    @property
    def bounds(self) -> tuple[float, float]:
        """The lowest and highest answer (a free text has none: ValueError).

        >>> QuestionScale.NPS.bounds
        (0.0, 10.0)
        """
        return self._facts[0]

    @property
    def top_box(self) -> float:
        """An answer at or above this is top box: satisfied (4-5), promoter (9-10), easy
        (5-7)."""
        return self._facts[1]

    @property
    def bottom_box(self) -> float:
        """An answer at or below this is bottom box: dissatisfied (1-2), detractor (0-6),
        difficult (1-3)."""
        return self._facts[2]

    @property
    def _facts(self) -> tuple[tuple[float, float], float, float]:
        if self not in _SCALE_FACTS:
            raise ValueError(f"{self.value} answers are not scores")
        return _SCALE_FACTS[self]


_SCALE_FACTS: dict[QuestionScale, tuple[tuple[float, float], float, float]] = {
    QuestionScale.CSAT: ((1.0, 5.0), 4.0, 2.0),
    QuestionScale.NPS: ((0.0, 10.0), 9.0, 6.0),
    QuestionScale.CES: ((1.0, 7.0), 5.0, 3.0),
}
"""Per scored scale: its bounds, top box and bottom box (the one home of these numbers)."""


class SurveyTemperature(StrEnum):
    """How long after the moment a survey is sent: hot (within the hour), warm (days),
    cold (weeks)."""

    HOT = "hot"
    WARM = "warm"
    COLD = "cold"


class Comparator(StrEnum):
    """Direction of an alert threshold."""

    BELOW = "below"
    ABOVE = "above"


class Direction(StrEnum):
    """Whether a metric is better when higher or when lower."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class OpportunityStatus(StrEnum):
    """Life of an improvement opportunity."""

    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class StepRole(StrEnum):
    """The part a step plays in the journey's structure (``docs/concepts.md``).

    ``core`` steps form the main path, in map order; ``optional`` steps may or may not
    happen and never block the customers after them; ``exception`` steps (rework, error,
    incident, support contact) have no place in the main path and are measured as
    detours; ``outcome`` steps are the journey's terminal results (see
    :class:`OutcomeKind`).
    """

    CORE = "core"
    OPTIONAL = "optional"
    EXCEPTION = "exception"
    OUTCOME = "outcome"


class OutcomeKind(StrEnum):
    """Whether an outcome is the result the journey is for (conversion) or not."""

    SUCCESS = "success"
    FAILURE = "failure"


class Language(StrEnum):
    """Languages parcours speaks (UI, messages, templates)."""

    FR = "fr"
    EN = "en"
