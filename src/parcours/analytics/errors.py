"""Errors an analysis can raise because of its input (explained in French and English)."""

from __future__ import annotations

from collections.abc import Sequence

from parcours.errors import ParcoursError
from parcours.i18n import Catalog

MESSAGES = Catalog(
    {
        "missing_columns": {
            "en": "the event table lacks the column(s) {columns}: expected the matched event "
            "table (case_id, timestamp, activity, channel, segment, score, row, step...)",
            "fr": "il manque la ou les colonnes {columns} à la table d'événements : attendu la "
            "table d'événements rapprochée (case_id, timestamp, activity, channel, segment, "
            "score, row, step...)",
        },
        "no_steps": {
            "en": "the analysis needs at least one step id of the map, got none",
            "fr": "l'analyse a besoin d'au moins un identifiant d'étape de la carte, aucun reçu",
        },
        "no_main_path": {
            "en": "the map has no core step: the funnel needs a main path (give at least one "
            "step the role 'core', the default)",
            "fr": "la carte n'a aucune étape principale : l'entonnoir a besoin d'un chemin "
            "principal (donnez à au moins une étape le rôle 'core', celui par défaut)",
        },
        "duplicate_step": {
            "en": "each step id only once in the map order ('{step}' is repeated)",
            "fr": "chaque identifiant d'étape une seule fois dans l'ordre de la carte "
            "('{step}' est répété)",
        },
        "bad_option": {
            "en": "analysis option '{option}': expected {expected}, got {got}",
            "fr": "option d'analyse '{option}' : attendu {expected}, reçu {got}",
        },
        # what an option expects (the ``expected`` parameter of ``bad_option``)
        "expected.positive_seconds": {
            "en": "a finite positive number of seconds, or None (no window)",
            "fr": "un nombre fini et positif de secondes, ou None (pas de fenêtre)",
        },
        "expected.naive_utc": {
            "en": "a naive UTC datetime",
            "fr": "une date et heure UTC sans fuseau",
        },
        "expected.iana_zone": {
            "en": "an IANA time zone such as Europe/Paris",
            "fr": "un fuseau horaire IANA comme Europe/Paris",
        },
        "expected.whole_at_least_one": {
            "en": "a whole number >= 1",
            "fr": "un nombre entier >= 1",
        },
        "expected.week_or_month": {"en": "week or month", "fr": "week ou month"},
        "expected.closed_or_open": {"en": "closed or open", "fr": "closed ou open"},
    }
)


class AnalyticsError(ParcoursError):
    """The event table or the analysis options cannot be analysed as given.

    An ``expected`` parameter that names a catalog entry (``expected.<name>``) is
    translated too.

    >>> AnalyticsError("no_steps").message("fr")
    "l'analyse a besoin d'au moins un identifiant d'étape de la carte, aucun reçu"
    >>> AnalyticsError("bad_option", option="period", expected="week_or_month",
    ...                got="day").message("fr")
    "option d'analyse 'period' : attendu week ou month, reçu day"
    """

    def __init__(self, key: str, **params: str) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``en`` or ``fr``)."""
        params = dict(self.params)
        expected = f"expected.{params.get('expected')}"
        if expected in MESSAGES:
            params["expected"] = MESSAGES.text(expected, lang)
        return MESSAGES.text(self.key, lang, **params)


def missing_columns(columns: Sequence[str]) -> AnalyticsError:
    """The error for an event table without some required columns."""
    return AnalyticsError("missing_columns", columns=", ".join(columns))
