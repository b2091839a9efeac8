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
    }
)


class AnalyticsError(ParcoursError):
    """The event table or the analysis options cannot be analysed as given.

    >>> AnalyticsError("no_steps").message("fr")
    "l'analyse a besoin d'au moins un identifiant d'étape de la carte, aucun reçu"
    """

    def __init__(self, key: str, **params: str) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``en`` or ``fr``)."""
        return MESSAGES.text(self.key, lang, **self.params)


def missing_columns(columns: Sequence[str]) -> AnalyticsError:
    """The error for an event table without some required columns."""
    return AnalyticsError("missing_columns", columns=", ".join(columns))
