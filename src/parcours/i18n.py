"""French and English text: a tiny typed catalog plus Babel for numbers and dates.

Every user-facing string lives in a :class:`Catalog` with both languages, so that a
missing translation is a test failure, not a surprise in front of a client.

>>> labels = Catalog({"hello": {"en": "Hello {name}", "fr": "Bonjour {name}"}})
>>> labels.text("hello", "fr", name="Léa")
'Bonjour Léa'
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import localcontext
from enum import StrEnum
from typing import Any

from parcours.model.vocabulary import (
    Channel,
    DataCategory,
    ListeningMedium,
    Office,
    OpportunityStatus,
    PhaseKind,
    QuestionScale,
    SurveyTemperature,
)

LANGUAGES = ("en", "fr")


class Catalog:
    """Messages by key, each in every language of :data:`LANGUAGES`."""

    def __init__(self, messages: Mapping[str, Mapping[str, str]]) -> None:
        for key, texts in messages.items():
            missing = [lang for lang in LANGUAGES if not texts.get(lang)]
            if missing:
                raise ValueError(f"message '{key}' has no text in: {', '.join(missing)}")
        self._messages = dict(messages)

    def text(self, key: str, lang: str, /, **params: Any) -> str:
        """The message ``key`` in ``lang`` (English if ``lang`` is unknown), formatted."""
        texts = self._messages[key]
        template = texts.get(str(lang), texts["en"])
        return template.format(**params) if params else template

    def keys(self) -> list[str]:
        """All message keys."""
        return list(self._messages)

    def __contains__(self, key: object) -> bool:
        return key in self._messages


VOCABULARY = Catalog(
    {
        # phase kinds
        "discovery": {"en": "Discovery", "fr": "Découverte"},
        "information_search": {"en": "Information search", "fr": "Recherche d'information"},
        "purchase": {"en": "Purchase", "fr": "Achat / souscription"},
        "onboarding": {"en": "Reception / onboarding", "fr": "Réception / accueil"},
        "first_use": {"en": "First use", "fr": "Première utilisation"},
        "usage": {"en": "Usage", "fr": "Usage"},
        "support": {"en": "After-sales support", "fr": "Service après-vente"},
        "loyalty": {"en": "Loyalty / advocacy", "fr": "Fidélité / recommandation"},
        "exit": {"en": "Exit", "fr": "Départ"},
        "custom": {"en": "Custom", "fr": "Personnalisée"},
        # channels
        "web": {"en": "Website", "fr": "Site web"},
        "app": {"en": "Mobile app", "fr": "Application mobile"},
        "email": {"en": "Email", "fr": "E-mail"},
        "sms": {"en": "SMS", "fr": "SMS"},
        "phone": {"en": "Phone", "fr": "Téléphone"},
        "branch": {"en": "Branch / store", "fr": "Agence / magasin"},
        "chatbot": {"en": "Chatbot", "fr": "Chatbot"},
        "live_chat": {"en": "Live chat", "fr": "Chat avec un conseiller"},
        "mail": {"en": "Postal mail", "fr": "Courrier"},
        "kiosk": {"en": "Kiosk", "fr": "Borne"},
        "social": {"en": "Social media", "fr": "Réseaux sociaux"},
        "video": {"en": "Video call", "fr": "Visioconférence"},
        "in_person": {"en": "In person", "fr": "En personne"},
        "partner": {"en": "Partner", "fr": "Partenaire"},
        "advertising": {"en": "Advertising", "fr": "Publicité"},
        "other": {"en": "Other", "fr": "Autre"},
        # data categories
        "personal": {"en": "Personal", "fr": "Personnelle"},
        "transactional": {"en": "Transactional", "fr": "Transactionnelle"},
        "behavioural": {"en": "Behavioural", "fr": "Comportementale"},
        # offices
        "front": {"en": "Front office", "fr": "Front office"},
        "back": {"en": "Back office", "fr": "Back office"},
        # listening media
        "email_hot": {"en": "Email (hot, right after)", "fr": "E-mail à chaud"},
        "email_warm": {"en": "Email (warm, within days)", "fr": "E-mail à tiède"},
        "email_cold": {"en": "Email (cold, weeks later)", "fr": "E-mail à froid"},
        "qr_code": {"en": "QR code", "fr": "QR code"},
        "in_app": {"en": "In-app survey", "fr": "Enquête dans l'application"},
        "web_survey": {"en": "Web survey", "fr": "Questionnaire web"},
        "voice_survey": {"en": "Voice survey", "fr": "Enquête vocale"},
        "ivr_rating": {"en": "IVR rating", "fr": "Notation SVI"},
        "voicemail": {"en": "Voicemail", "fr": "Messagerie vocale"},
        # question scales
        "csat_1_5": {"en": "CSAT (1-5)", "fr": "CSAT (1 à 5)"},
        "nps_0_10": {"en": "NPS (0-10)", "fr": "NPS (0 à 10)"},
        "ces_1_7": {"en": "CES (1-7)", "fr": "CES (1 à 7)"},
        "open_text": {"en": "Open text", "fr": "Texte libre"},
        # survey temperatures
        "hot": {"en": "Hot (within the hour)", "fr": "À chaud (dans l'heure)"},
        "warm": {"en": "Warm (days later)", "fr": "À tiède (quelques jours)"},
        "cold": {"en": "Cold (weeks later)", "fr": "À froid (quelques semaines)"},
        "phone_interview": {"en": "Phone interview", "fr": "Entretien téléphonique"},
        "social_listening": {"en": "Social listening", "fr": "Écoute des réseaux sociaux"},
        # opportunity statuses
        "idea": {"en": "Idea", "fr": "Idée"},
        "planned": {"en": "Planned", "fr": "Planifiée"},
        "in_progress": {"en": "In progress", "fr": "En cours"},
        "done": {"en": "Done", "fr": "Réalisée"},
        "dropped": {"en": "Dropped", "fr": "Abandonnée"},
    }
)

_VOCABULARIES: tuple[type[StrEnum], ...] = (
    PhaseKind,
    Channel,
    DataCategory,
    Office,
    ListeningMedium,
    QuestionScale,
    SurveyTemperature,
    OpportunityStatus,
)


def label(value: StrEnum | str, lang: str) -> str:
    """The display label of a vocabulary word in ``lang``.

    >>> label(PhaseKind.DISCOVERY, "fr")
    'Découverte'
    """
    key = value.value if isinstance(value, StrEnum) else value
    return VOCABULARY.text(key, lang) if key in VOCABULARY else key


_DECIMAL_DIGITS = 400
"""Precision of the decimal arithmetic of number formatting: every float fits (1e308 has
309 digits), where the default 28 digits made 1e28 raise ``InvalidOperation``."""


def format_number(value: float, lang: str, *, digits: int = 1) -> str:
    """A number in the conventions of ``lang`` (``1 234,5`` in French); any float works.

    >>> format_number(1e28, "en", digits=0)
    '10,000,000,000,000,000,000,000,000,000'
    """
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    with localcontext() as context:
        context.prec = _DECIMAL_DIGITS
        return str(format_decimal(value, format=pattern, locale=lang))


def format_percent(ratio: float, lang: str, *, digits: int = 0) -> str:
    """A ratio (0..1) as a percentage in the conventions of ``lang``; any float works."""
    from babel.numbers import format_percent as _fp

    pattern = "#,##0" + ("." + "0" * digits if digits else "") + " %"
    with localcontext() as context:
        context.prec = _DECIMAL_DIGITS
        return str(_fp(ratio, format=pattern, locale=lang))


_DAY_UNIT = {"en": "d", "fr": "j"}


def format_delay(seconds: float, lang: str) -> str:
    """A duration in the most readable unit (s, min, h, days), in ``lang``.

    >>> format_delay(42, "en"), format_delay(800, "en"), format_delay(5400, "fr")
    ('42\\u202fs', '13\\u202fmin', '1,5\\u202fh')
    >>> format_delay(3 * 86400, "fr"), format_delay(3 * 86400, "en")
    ('3\\u202fj', '3\\u202fd')
    """
    if seconds < 90:
        value, unit = seconds, "s"
    elif seconds < 90 * 60:
        value, unit = seconds / 60, "min"
    elif seconds < 36 * 3600:
        value, unit = seconds / 3600, "h"
    else:
        value, unit = seconds / 86400, _DAY_UNIT.get(lang, _DAY_UNIT["en"])
    digits = 1 if value < 10 and unit != "s" and round(value, 1) != round(value) else 0
    return f"{format_number(value, lang, digits=digits)}\u202f{unit}"


def vocabularies() -> tuple[type[StrEnum], ...]:
    """The enums whose every member must have a label (checked by the tests)."""
    return _VOCABULARIES
