"""The workbook layout of a journey map: sheets, columns, labels, cell conversions.

One sheet per view, the way analysts keep maps in spreadsheets. Sheet names and
headers follow the map language; on import both languages (and the field keys) are
accepted, ignoring case and accents.

>>> SHEETS["steps"].title("fr"), match_name("etapes", SHEETS["steps"].names())
('Étapes', True)
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from parcours.i18n import VOCABULARY
from parcours.limits import MAX_DEPTH
from parcours.model import (
    Channel,
    Comparator,
    DataCategory,
    Direction,
    Language,
    ListeningMedium,
    Measure,
    Office,
    OpportunityStatus,
    OutcomeKind,
    PhaseKind,
    StepRole,
    SurveyTemperature,
)
from parcours.model.theme import ThemeAction


@dataclass(frozen=True)
class Column:
    """A column: model field ``key`` (dotted for nested), labels, cell kind."""

    key: str
    en: str
    fr: str
    kind: str = "text"
    """text, lines, int, float, bool, date, datetime, json, enum or enum_lines."""
    vocabulary: type[StrEnum] | None = None
    width: int = 18

    def title(self, lang: str) -> str:
        """Header text in ``lang``."""
        return self.fr if lang == "fr" else self.en

    def names(self) -> tuple[str, ...]:
        """Every header accepted on import."""
        return (self.key, self.en, self.fr)


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook and its columns."""

    key: str
    en: str
    fr: str
    columns: tuple[Column, ...] = ()

    def title(self, lang: str) -> str:
        """Sheet name in ``lang``."""
        return self.fr if lang == "fr" else self.en

    def names(self) -> tuple[str, ...]:
        """Every sheet name accepted on import."""
        return (self.key, self.en, self.fr)


def _c(
    key: str,
    en: str,
    fr: str,
    kind: str = "text",
    vocabulary: type[StrEnum] | None = None,
    width: int = 18,
) -> Column:
    return Column(key, en, fr, kind, vocabulary, width)


STEP = _c("step", "Step", "Étape", width=16)
ID = _c("id", "Id", "Identifiant", width=16)

JOURNEY_ROWS = (
    _c("format_version", "Format version", "Version du format", "int"),
    _c("id", "Map id", "Identifiant de la carte"),
    _c("language", "Language", "Langue", "enum", Language),
    _c("title", "Title", "Titre"),
    _c("scope", "Scope", "Périmètre"),
    _c("objective", "Customer objective", "Objectif du client"),
    _c("expectations", "Expectations", "Attentes", "lines"),
    _c("owner", "Owner", "Responsable"),
    _c("created", "Created", "Créée le", "date"),
    _c("updated", "Updated", "Mise à jour le", "date"),
    _c("timezone", "Time zone", "Fuseau horaire"),
    _c(
        "conversion_window_days",
        "Conversion window (days)",
        "Fenêtre de conversion (jours)",
        "float",
    ),
    _c("conversion_value", "Conversion value", "Valeur d'une conversion", "float"),
    _c("currency", "Currency", "Devise"),
    _c("extensions", "Extensions (JSON)", "Extensions (JSON)", "json"),
    _c(
        "measurements_ref",
        "Measurement store (JSON)",
        "Stockage des mesures (JSON)",
        "json",
    ),
)
"""Rows of the key/value Journey sheet (``title``... are fields of ``journey``)."""
MAP_LEVEL_KEYS = ("format_version", "id", "language", "extensions", "measurements_ref")

STEP_COLUMNS = (
    ID,
    _c("phase", "Phase", "Phase", width=16),
    _c("name", "Name", "Nom", width=28),
    _c("description", "Description", "Description", width=40),
    _c("actions", "Actions (one per line)", "Actions (une par ligne)", "lines", width=44),
    _c("customer_goal", "Customer goal", "But du client", width=28),
    _c("moment_of_truth", "Moment of truth", "Moment de vérité", "bool", width=12),
    _c("breaking_point", "Breaking point", "Point de rupture", "bool", width=12),
    _c("role", "Role", "Rôle", "enum", StepRole, width=12),
    _c("outcome", "Outcome", "Issue", "enum", OutcomeKind, width=10),
    _c("alternative_of", "Alternative of", "Alternative à", width=16),
    _c("returns_to", "Returns to", "Revient à", width=16),
    _c("review", "To review", "À vérifier", width=28),
)
CUSTOM_PREFIX = "custom."
"""Steps columns ``custom.<lane id>`` hold the values of custom lanes."""

SHEETS: dict[str, Sheet] = {
    s.key: s
    for s in (
        Sheet("journey", "Journey", "Parcours"),
        Sheet(
            "personas",
            "Personas",
            "Personas",
            (
                ID,
                _c("name", "Name", "Nom", width=24),
                _c("description", "Description", "Description", width=40),
                _c("segment", "Segment", "Segment"),
                _c("goals", "Goals", "Objectifs", "lines", width=30),
                _c("needs", "Needs", "Besoins", "lines", width=30),
                _c("frustrations", "Frustrations", "Frustrations", "lines", width=30),
                _c(
                    "preferred_channels",
                    "Preferred channels",
                    "Canaux préférés",
                    "enum_lines",
                    Channel,
                ),
                _c("quote", "Quote", "Verbatim", width=30),
            ),
        ),
        Sheet(
            "phases",
            "Phases",
            "Phases",
            (
                ID,
                _c("name", "Name", "Nom", width=24),
                _c("kind", "Kind", "Type", "enum", PhaseKind),
                _c("description", "Description", "Description", width=40),
                _c("before_purchase", "Before purchase", "Avant l'achat", "bool"),
            ),
        ),
        Sheet("steps", "Steps", "Étapes", STEP_COLUMNS),
        Sheet(
            "touchpoints",
            "Touchpoints",
            "Points de contact",
            (
                STEP,
                ID,
                _c("channel", "Channel", "Canal", "enum", Channel),
                _c("name", "Name", "Nom", width=28),
                _c("owner_team", "Owner team", "Équipe responsable"),
            ),
        ),
        Sheet("emotions", "Emotions", "Émotions"),
        Sheet(
            "irritants",
            "Irritants",
            "Irritants",
            (
                STEP,
                ID,
                _c("text", "Irritant", "Irritant", width=44),
                _c("severity", "Severity (1-3)", "Gravité (1-3)", "int", width=12),
            ),
        ),
        Sheet(
            "enchantments",
            "Enchantments",
            "Enchantements",
            (
                STEP,
                ID,
                _c("text", "Enchantment", "Enchantement", width=44),
            ),
        ),
        Sheet(
            "data_collected",
            "Data",
            "Données",
            (
                STEP,
                ID,
                _c("name", "Item", "Donnée", width=28),
                _c("category", "Category", "Catégorie", "enum", DataCategory),
                _c("purpose", "Purpose", "Finalité", width=28),
                _c("system", "System", "Système"),
            ),
        ),
        Sheet(
            "stakeholders",
            "Stakeholders",
            "Intervenants",
            (
                STEP,
                ID,
                _c("name", "Name", "Nom", width=24),
                _c("office", "Office", "Office", "enum", Office),
                _c("deliverable", "Deliverable", "Livrable", width=30),
            ),
        ),
        Sheet(
            "blueprint",
            "Blueprint",
            "Blueprint",
            (
                STEP,
                _c("evidence", "Evidence", "Preuves physiques", "lines", width=30),
                _c("frontstage", "Frontstage", "Front-stage", "lines", width=30),
                _c("backstage", "Backstage", "Back-stage", "lines", width=30),
                _c("support", "Support processes", "Processus support", "lines", width=30),
                _c("systems", "Systems", "Systèmes", "lines", width=30),
            ),
        ),
        Sheet(
            "metrics",
            "Metrics",
            "Indicateurs",
            (
                STEP,
                ID,
                _c("name", "Name", "Nom", width=24),
                _c("unit", "Unit", "Unité", width=10),
                _c("source", "Source", "Source"),
                _c("target", "Target", "Cible", "float", width=10),
                _c("alert_threshold", "Alert threshold", "Seuil d'alerte", "float", width=12),
                _c("direction", "Direction", "Sens", "enum", Direction),
                _c("measure", "Measure", "Mesure", "enum", Measure),
                _c("description", "Description", "Description", width=30),
            ),
        ),
        Sheet(
            "events",
            "Events",
            "Événements",
            (
                STEP,
                _c("activity", "Activity", "Activité", width=24),
                _c("pattern", "Pattern (regex)", "Motif (regex)", width=24),
                _c("channel", "Channel", "Canal"),
            ),
        ),
        Sheet(
            "listening_points",
            "Listening",
            "Écoute",
            (
                ID,
                STEP,
                _c("medium", "Medium", "Média", "enum", ListeningMedium),
                _c("questions", "Questions", "Questions", "lines", width=40),
                _c("target", "Target", "Cible", width=24),
                _c("timing", "Timing", "Moment d'envoi"),
                _c("frequency", "Frequency", "Fréquence"),
                _c("alert_threshold.indicator", "Alert indicator", "Indicateur d'alerte"),
                _c(
                    "alert_threshold.comparator",
                    "Alert comparator",
                    "Comparateur d'alerte",
                    "enum",
                    Comparator,
                ),
                _c("alert_threshold.value", "Alert value", "Valeur d'alerte", "float", width=12),
                _c("alert_threshold.unit", "Alert unit", "Unité d'alerte", width=10),
                _c("survey", "Survey (JSON)", "Questionnaire (JSON)", "json", width=40),
                _c("temperature", "Temperature", "Température", "enum", SurveyTemperature),
                _c("trigger_activity", "Trigger activity", "Activité déclencheuse"),
                _c("delay_hours", "Delay (hours)", "Délai (heures)", "float", width=12),
                _c("target_segments", "Target segments", "Segments cibles", "lines"),
                _c("target_channels", "Target channels", "Canaux cibles", "lines"),
                _c("sampling_rate", "Sampling rate", "Taux d'échantillonnage", "float", width=12),
                _c("fatigue_days", "Fatigue (days)", "Fatigue (jours)", "float", width=12),
                _c("response_rate", "Response rate", "Taux de réponse", "float", width=12),
            ),
        ),
        Sheet(
            "opportunities",
            "Opportunities",
            "Opportunités",
            (
                ID,
                _c("title", "Title", "Titre", width=28),
                _c("description", "Description", "Description", width=40),
                _c("steps", "Steps", "Étapes", "lines"),
                _c("irritants", "Irritants", "Irritants", "lines"),
                _c("impact", "Impact (1-5)", "Impact (1-5)", "int", width=10),
                _c("effort", "Effort (1-5)", "Effort (1-5)", "int", width=10),
                _c("owner", "Owner", "Responsable"),
                _c("status", "Status", "Statut", "enum", OpportunityStatus),
                _c("impact_estimate", "Impact estimate", "Impact estimé", "float", width=12),
                _c("impact_unit", "Impact unit", "Unité de l'impact", width=10),
                _c("impact_override", "Impact set by hand (1-5)", "Impact saisi (1-5)", "int"),
                _c("effort_unknown", "Effort to enter", "Effort à saisir", "bool", width=10),
                _c("done_on", "Done on", "Faite le", "date", width=12),
                _c("evidence", "Evidence (JSON)", "Preuves (JSON)", "json", width=40),
            ),
        ),
        Sheet(
            "custom_lanes",
            "Lanes",
            "Lignes",
            (
                ID,
                _c("name", "Name", "Nom", width=24),
                _c("description", "Description", "Description", width=40),
            ),
        ),
        Sheet(
            "theme_overrides",
            "Themes",
            "Thèmes",
            (
                _c("theme", "Theme", "Thème", width=24),
                _c("action", "Action", "Action", "enum", ThemeAction),
                _c("label", "Label", "Libellé", width=28),
                _c("into", "Merged into", "Fusionné dans", width=24),
                _c("step", "Step", "Étape"),
            ),
        ),
        Sheet(
            "measurements",
            "Measurements",
            "Mesures",
            (
                _c("id", "Snapshot", "Relevé"),
                _c("taken_at", "Taken at", "Date du relevé", "datetime", width=22),
                _c("source", "Source", "Source"),
                _c("period_start", "Period start", "Début de période", "datetime", width=22),
                _c("period_end", "Period end", "Fin de période", "datetime", width=22),
                _c("values.step", "Step", "Étape"),
                _c("values.measure", "Measure", "Mesure", "enum", Measure),
                _c("values.value", "Value", "Valeur", "float", width=12),
                _c("values.segment", "Segment", "Segment"),
                _c("values.channel", "Channel", "Canal"),
                _c("values.touchpoint", "Touchpoint", "Point de contact"),
                _c("values.persona", "Persona", "Persona"),
                _c("values.low", "CI low", "IC bas", "float", width=12),
                _c("values.high", "CI high", "IC haut", "float", width=12),
                _c("values.responses", "Answers", "Réponses", "int", width=12),
                _c("values.small_sample", "Small sample", "Petit échantillon", "bool", width=12),
            ),
        ),
    )
}
"""Every sheet, in workbook order."""

PER_STEP = (
    "touchpoints",
    "irritants",
    "enchantments",
    "data_collected",
    "stakeholders",
    "metrics",
    "events",
)
"""Sheets with one row per element of a step's list (first column: the step id)."""
TOP_LEVEL = (
    "personas",
    "phases",
    "listening_points",
    "opportunities",
    "custom_lanes",
    "theme_overrides",
)
"""Sheets with one row per element of a list of the map."""

FIELD_LABELS = (("field", "Field", "Champ"), ("value", "Value", "Valeur"))
EMOTION_SUFFIXES = {"word": ("word", "mot"), "reason": ("reason", "raison")}
STEP_NAME_REMINDER = ("Step name (reminder)", "Nom de l'étape (rappel)")


def normalize(text: str) -> str:
    """Lower case without accents or surrounding blanks (for matching names).

    >>> normalize(" Étapes ")
    'etapes'
    """
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def match_name(text: str, names: tuple[str, ...]) -> bool:
    """Whether ``text`` is one of ``names`` (case and accents ignored)."""
    wanted = normalize(text)
    return any(normalize(name) == wanted for name in names)


# ------------------------------------------------------------- long texts
CELL_TEXT_LIMIT = 32_767
"""Most characters (UTF-16 code units) an Excel cell holds."""

LONG_TEXTS = Sheet(
    "long_texts",
    "Long texts",
    "Textes longs",
    (
        _c("sheet", "Sheet", "Feuille", width=16),
        _c("cell", "Cell", "Cellule", width=10),
        _c("part", "Part", "Partie", "int", width=8),
        _c("text", "Text", "Texte", width=100),
    ),
)
"""Where a text longer than a cell continues: its cell holds the start, and each row
of this sheet a following part (2, 3...) of the text of ``sheet!cell``."""


def split_cell_text(text: str, limit: int = CELL_TEXT_LIMIT) -> list[str]:
    """``text`` in parts that each fit in a cell (``limit`` UTF-16 code units), in order.

    >>> split_cell_text("abcdefg", 3)
    ['abc', 'def', 'g']
    >>> split_cell_text("a\U0001f600b", 2)  # an emoji takes two code units
    ['a', '\U0001f600', 'b']
    >>> "".join(split_cell_text("x" * 100_000)) == "x" * 100_000
    True
    """
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        excess = _utf16_length(text[start:end]) - limit
        while excess > 0 and end > start + 1:  # astral characters count twice
            end -= max(1, excess // 2)
            excess = _utf16_length(text[start:end]) - limit
        parts.append(text[start:end])
        start = end
    return parts or [text]


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


# ------------------------------------------------------------- cell values
def is_blank(value: Any) -> bool:
    """An empty cell (None or only blanks)."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_cell(value: Any, column: Column) -> Any:
    """The cell value of a plain field value (see :func:`parcours.io.plain.to_plain`)."""
    if value is None:
        return None
    if column.kind in ("lines", "enum_lines"):
        return "\n".join(str(item) for item in value)
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    return value


class CellError(ValueError):
    """A cell whose content cannot be read as its column expects."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def from_cell(value: Any, column: Column) -> Any:
    """Plain field value of a non-blank cell; the model validates it afterwards."""
    kind = column.kind
    if kind in ("lines", "enum_lines"):
        lines = [line.strip() for line in _text(value).splitlines()]
        items = [line for line in lines if line]
        return [_word(i, column.vocabulary) for i in items] if kind == "enum_lines" else items
    if kind == "text":
        return _text(value)
    if kind == "enum":
        return _word(_text(value), column.vocabulary) if isinstance(value, str) else value
    if kind == "bool":
        return _bool(value)
    if kind == "date":
        if isinstance(value, datetime) and value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, date) else value
    if kind == "datetime":
        return value.isoformat() if isinstance(value, datetime | date) else value
    if kind == "json":
        try:
            return json.loads(_text(value))
        except json.JSONDecodeError as exc:
            raise CellError("json_value", reason=exc.msg) from None
        except RecursionError:
            raise CellError("too_deep", limit=str(MAX_DEPTH)) from None
    if kind in ("int", "float") and isinstance(value, str):
        return value.strip().replace(",", ".") if kind == "float" else value.strip()
    return value


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _word(text: str, vocabulary: type[StrEnum] | None) -> str:
    """A vocabulary word from its word or its French/English label."""
    if vocabulary is None:
        return text
    wanted = normalize(text)
    for member in vocabulary:
        candidates = [member.value]
        if member.value in VOCABULARY:
            candidates += [VOCABULARY.text(member.value, "en"), VOCABULARY.text(member.value, "fr")]
        if any(normalize(c) == wanted for c in candidates):
            return member.value
    return text


_TRUE = {"true", "yes", "oui", "vrai", "x", "1"}
_FALSE = {"false", "no", "non", "faux", "0"}


def _bool(value: Any) -> Any:
    if isinstance(value, str):
        word = normalize(value)
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return value


def list_validation_formula(column: Column) -> str | None:
    """Excel list formula of a vocabulary column, when short enough for Excel."""
    if column.kind != "enum" or column.vocabulary is None:
        return None
    formula = '"' + ",".join(m.value for m in column.vocabulary) + '"'
    return formula if len(formula) <= 255 else None
