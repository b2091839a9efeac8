"""Editing a journey map one element at a time: pure functions from a map to a new map.

Every function takes a :class:`~parcours.model.JourneyMap` and returns a new, validated
one (the input is never changed), or raises :class:`EditError`, whose French and English
message names the field at fault. The web app's forms are described here too
(:data:`SECTIONS`: which fields each kind of element has, how a form value is read), so
that the same rules serve any front end.

A form is a mapping from field names to their submitted values (a list, as HTML forms
repeat names). A field absent from the form is left as it was; a row of a sub-list
(touchpoints, irritants...) whose key field is blank is dropped.

>>> from parcours.services.documents import parse_map_text, template_map_text
>>> m = parse_map_text(template_map_text("bank-account", "en"))
>>> first = m.steps[0].id
>>> form = {"name": ["Sees an advert"], "moment_of_truth": ["0", "1"]}
>>> edited = update_element(m, "step", first, form)
>>> (edited.step(first).name, edited.step(first).moment_of_truth)
('Sees an advert', True)
>>> added, new_id = add_element(edited, "step", {"name": ["Calls the bank"]}, after=first)
>>> [s.id for s in added.steps].index(new_id)
1
>>> update_element(m, "opportunity", m.opportunities[0].id or "", {"impact": ["7"]})
Traceback (most recent call last):
...
parcours.services.editing.EditError: Opportunity ..., field "Impact (1-5)": at most 5 (got 7).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from parcours.errors import ParcoursError
from parcours.i18n import Catalog, label
from parcours.model import JourneyMap
from parcours.model.base import Model, slugify, unique_id
from parcours.model.journey import CustomLane, Journey, _all_ids
from parcours.model.listening import ListeningPoint
from parcours.model.metric import Measure
from parcours.model.opportunity import Opportunity
from parcours.model.persona import Persona
from parcours.model.phase import Phase
from parcours.model.step import Step
from parcours.model.vocabulary import (
    Channel,
    Comparator,
    DataCategory,
    Direction,
    Language,
    ListeningMedium,
    Office,
    OpportunityStatus,
    OutcomeKind,
    PhaseKind,
    QuestionScale,
    StepRole,
    SurveyTemperature,
)

__all__ = [
    "JOURNEY",
    "SECTIONS",
    "EditError",
    "FieldKind",
    "FormField",
    "RowList",
    "Section",
    "add_element",
    "choices_for",
    "delete_element",
    "element_values",
    "field_label",
    "journey_values",
    "known_activities",
    "move_element",
    "reorder_elements",
    "row_values",
    "set_emotions",
    "update_element",
    "update_journey",
]

Form = Mapping[str, Sequence[str]]
"""Submitted form values by field name (every name may repeat)."""

MESSAGES = Catalog(
    {
        "unknown_element": {
            "en": "The map has no {section} '{element}' (it may have been removed by someone "
            "else).",
            "fr": "La carte n'a pas de {section} « {element} » (quelqu'un l'a peut-être supprimé).",
        },
        "unknown_section": {
            "en": "Unknown kind of element '{section}' (expected one of: {expected}).",
            "fr": "Type d'élément inconnu « {section} » (attendu : {expected}).",
        },
        "required": {
            "en": '{where}, field "{field}": it is required and is empty.',
            "fr": "{where}, champ « {field} » : il est obligatoire et il est vide.",
        },
        "too_long": {
            "en": '{where}, field "{field}": at most {limit} characters (got {length}).',
            "fr": "{where}, champ « {field} » : {limit} caractères au plus (reçu {length}).",
        },
        "number": {
            "en": '{where}, field "{field}": a number was expected (got "{value}").',
            "fr": "{where}, champ « {field} » : un nombre est attendu (reçu « {value} »).",
        },
        "date": {
            "en": '{where}, field "{field}": a date YYYY-MM-DD was expected (got "{value}").',
            "fr": "{where}, champ « {field} » : une date AAAA-MM-JJ est attendue (reçu "
            "« {value} »).",
        },
        "choice": {
            "en": '{where}, field "{field}": "{value}" is not one of the choices ({expected}).',
            "fr": "{where}, champ « {field} » : « {value} » ne fait pas partie des choix "
            "({expected}).",
        },
        "at_least": {
            "en": '{where}, field "{field}": at least {limit} (got {value}).',
            "fr": "{where}, champ « {field} » : au moins {limit} (reçu {value}).",
        },
        "at_most": {
            "en": '{where}, field "{field}": at most {limit} (got {value}).',
            "fr": "{where}, champ « {field} » : au plus {limit} (reçu {value}).",
        },
        "above": {
            "en": '{where}, field "{field}": more than {limit} expected (got {value}).',
            "fr": "{where}, champ « {field} » : plus de {limit} attendu (reçu {value}).",
        },
        "invalid": {
            "en": '{where}, field "{field}": invalid value ({detail}).',
            "fr": "{where}, champ « {field} » : valeur non valide ({detail}).",
        },
        "map_refuses": {
            "en": "The map refuses this change: {detail}",
            "fr": "La carte refuse cette modification : {detail}",
        },
        "bad_order": {
            "en": "The new order names unknown or repeated {section} ids: {ids}.",
            "fr": "Le nouvel ordre cite des identifiants de {section} inconnus ou répétés : {ids}.",
        },
        "row": {"en": "{what}, row {n}", "fr": "{what}, ligne {n}"},
        "new": {"en": "(new)", "fr": "(nouvel élément)"},
        # sections
        "section.step": {"en": "step", "fr": "étape"},
        "section.phase": {"en": "phase", "fr": "phase"},
        "section.persona": {"en": "persona", "fr": "persona"},
        "section.listening_point": {"en": "listening point", "fr": "point d'écoute"},
        "section.opportunity": {"en": "opportunity", "fr": "piste d'amélioration"},
        "title.step": {"en": "Step", "fr": "Étape"},
        "title.phase": {"en": "Phase", "fr": "Phase"},
        "title.persona": {"en": "Persona", "fr": "Persona"},
        "title.listening_point": {"en": "Listening point", "fr": "Point d'écoute"},
        "title.opportunity": {"en": "Opportunity", "fr": "Piste d'amélioration"},
        # field labels
        "field.id": {"en": "Id", "fr": "Identifiant"},
        "field.name": {"en": "Name", "fr": "Nom"},
        "field.title": {"en": "Title", "fr": "Titre"},
        "field.description": {"en": "Description", "fr": "Description"},
        "field.phase": {"en": "Phase", "fr": "Phase"},
        "field.role": {"en": "Role", "fr": "Rôle"},
        "field.outcome": {"en": "Outcome kind", "fr": "Type d'issue"},
        "field.alternative_of": {
            "en": "Alternative of (core step)",
            "fr": "Alternative de (étape principale)",
        },
        "field.returns_to": {"en": "Returns to (loop)", "fr": "Revient à (boucle)"},
        "field.customer_goal": {"en": "Customer goal", "fr": "Objectif du client"},
        "field.actions": {
            "en": "Customer actions (one per line)",
            "fr": "Actions du client (une par ligne)",
        },
        "field.moment_of_truth": {"en": "Moment of truth", "fr": "Moment de vérité"},
        "field.breaking_point": {"en": "Breaking point", "fr": "Point de rupture"},
        "field.review": {"en": "Note to review", "fr": "Note à vérifier"},
        "field.blueprint.evidence": {
            "en": "Evidence (one per line)",
            "fr": "Preuves tangibles (une par ligne)",
        },
        "field.blueprint.frontstage": {
            "en": "Frontstage (one per line)",
            "fr": "Front-office visible (une par ligne)",
        },
        "field.blueprint.backstage": {
            "en": "Backstage (one per line)",
            "fr": "Back-office invisible (une par ligne)",
        },
        "field.blueprint.support": {
            "en": "Support processes (one per line)",
            "fr": "Processus de support (un par ligne)",
        },
        "field.blueprint.systems": {
            "en": "Systems (one per line)",
            "fr": "Systèmes (un par ligne)",
        },
        "field.custom": {"en": "Custom lanes", "fr": "Lignes personnalisées"},
        "field.kind": {"en": "Kind", "fr": "Type"},
        "field.before_purchase": {"en": "Before the purchase", "fr": "Avant l'achat"},
        "field.segment": {"en": "Segment", "fr": "Segment"},
        "field.goals": {"en": "Goals (one per line)", "fr": "Objectifs (un par ligne)"},
        "field.needs": {"en": "Needs (one per line)", "fr": "Besoins (un par ligne)"},
        "field.frustrations": {
            "en": "Frustrations (one per line)",
            "fr": "Frustrations (une par ligne)",
        },
        "field.preferred_channels": {"en": "Preferred channels", "fr": "Canaux préférés"},
        "field.quote": {"en": "Quote", "fr": "Citation"},
        "field.step": {"en": "Step", "fr": "Étape"},
        "field.medium": {"en": "Medium", "fr": "Média"},
        "field.questions": {"en": "Questions (one per line)", "fr": "Questions (une par ligne)"},
        "field.target": {"en": "Target", "fr": "Cible"},
        "field.timing": {"en": "Timing", "fr": "Moment d'envoi"},
        "field.frequency": {"en": "Frequency", "fr": "Fréquence"},
        "field.temperature": {"en": "Temperature", "fr": "Température"},
        "field.trigger_activity": {"en": "Trigger activity", "fr": "Activité déclencheuse"},
        "field.delay_hours": {"en": "Delay (hours)", "fr": "Délai (heures)"},
        "field.sampling_rate": {"en": "Sampling rate (0-1)", "fr": "Taux d'échantillonnage (0-1)"},
        "field.fatigue_days": {"en": "Fatigue rule (days)", "fr": "Règle de fatigue (jours)"},
        "field.response_rate": {
            "en": "Expected response rate (0-1)",
            "fr": "Taux de réponse attendu (0-1)",
        },
        "field.steps": {"en": "Steps", "fr": "Étapes"},
        "field.irritants": {"en": "Irritants", "fr": "Irritants"},
        "field.impact": {"en": "Impact (1-5)", "fr": "Impact (1-5)"},
        "field.effort": {"en": "Effort (1-5)", "fr": "Effort (1-5)"},
        "field.owner": {"en": "Owner", "fr": "Responsable"},
        "field.status": {"en": "Status", "fr": "Statut"},
        "field.done_on": {"en": "Done on", "fr": "Réalisée le"},
        "field.touchpoints": {"en": "Touchpoints", "fr": "Points de contact"},
        "field.channel": {"en": "Channel", "fr": "Canal"},
        "field.owner_team": {"en": "Owner team", "fr": "Équipe responsable"},
        "field.emotions": {"en": "Emotions", "fr": "Émotions"},
        "field.persona": {"en": "Persona", "fr": "Persona"},
        "field.score": {"en": "Score (-2 to +2)", "fr": "Note (-2 à +2)"},
        "field.word": {"en": "Word", "fr": "Mot"},
        "field.reason": {"en": "Reason", "fr": "Raison"},
        "field.text": {"en": "Text", "fr": "Texte"},
        "field.severity": {"en": "Severity (1-3)", "fr": "Gravité (1-3)"},
        "field.enchantments": {"en": "Enchantments", "fr": "Enchantements"},
        "field.data_collected": {"en": "Data collected", "fr": "Données collectées"},
        "field.category": {"en": "Class", "fr": "Classe"},
        "field.purpose": {"en": "Purpose", "fr": "Finalité"},
        "field.system": {"en": "System of record", "fr": "Système de référence"},
        "field.stakeholders": {"en": "Stakeholders", "fr": "Acteurs"},
        "field.office": {"en": "Office", "fr": "Front / back"},
        "field.deliverable": {"en": "Deliverable", "fr": "Livrable"},
        "field.metrics": {"en": "Metrics", "fr": "Indicateurs"},
        "field.unit": {"en": "Unit", "fr": "Unité"},
        "field.source": {"en": "Source", "fr": "Source"},
        "field.alert_threshold": {"en": "Alert threshold", "fr": "Seuil d'alerte"},
        "field.direction": {"en": "Direction", "fr": "Sens"},
        "field.measure": {"en": "Measure", "fr": "Mesure"},
        # choice labels the shared vocabulary lacks
        "choice.core": {"en": "core (main path)", "fr": "principale (chemin principal)"},
        "choice.optional": {"en": "optional", "fr": "facultative"},
        "choice.exception": {"en": "exception (detour)", "fr": "exception (détour)"},
        "choice.outcome": {"en": "outcome", "fr": "issue"},
        "choice.success": {"en": "success", "fr": "succès"},
        "choice.failure": {"en": "failure", "fr": "échec"},
        "choice.higher_is_better": {"en": "higher is better", "fr": "plus haut = mieux"},
        "choice.lower_is_better": {"en": "lower is better", "fr": "plus bas = mieux"},
        "choice.yes": {"en": "yes", "fr": "oui"},
        "choice.no": {"en": "no", "fr": "non"},
        "choice.none": {"en": "—", "fr": "—"},
        # the journey's own fields, lanes, event bindings, questionnaires (web-edit, part 2)
        "section.journey": {"en": "journey", "fr": "parcours"},
        "section.lane": {"en": "lane", "fr": "ligne"},
        "title.journey": {"en": "Journey", "fr": "Parcours"},
        "title.lane": {"en": "Lane", "fr": "Ligne"},
        "field.scope": {"en": "Scope", "fr": "Périmètre"},
        "field.objective": {"en": "Customer objective", "fr": "Objectif du client"},
        "field.expectations": {
            "en": "Expectations (one per line)",
            "fr": "Attentes (une par ligne)",
        },
        "field.created": {"en": "Created on", "fr": "Créé le"},
        "field.updated": {"en": "Updated on", "fr": "Mis à jour le"},
        "field.timezone": {"en": "Time zone (IANA)", "fr": "Fuseau horaire (IANA)"},
        "field.conversion_window_days": {
            "en": "Conversion window (days)",
            "fr": "Fenêtre de conversion (jours)",
        },
        "field.conversion_value": {
            "en": "Value of one conversion",
            "fr": "Valeur d'une conversion",
        },
        "field.currency": {"en": "Currency", "fr": "Devise"},
        "field.language": {"en": "Language of the map", "fr": "Langue de la carte"},
        "field.events": {
            "en": "Event bindings (which events of the log mark this step)",
            "fr": "Liaisons aux événements (quels événements du journal marquent cette étape)",
        },
        "field.activity": {"en": "Activity (exact)", "fr": "Activité (exacte)"},
        "field.pattern": {
            "en": "or pattern (regular expression)",
            "fr": "ou motif (expression régulière)",
        },
        "field.survey": {
            "en": "Questionnaire (question and scale)",
            "fr": "Questionnaire (question et échelle)",
        },
        "field.scale": {"en": "Scale", "fr": "Échelle"},
        "field.target_segments": {
            "en": "Segments surveyed (one per line; none: all)",
            "fr": "Segments interrogés (un par ligne ; aucun : tous)",
        },
        "field.target_channels": {
            "en": "Channels surveyed (one per line; none: all)",
            "fr": "Canaux interrogés (un par ligne ; aucun : tous)",
        },
        "field.alert_threshold.indicator": {
            "en": "Alert: indicator (e.g. CSAT)",
            "fr": "Alerte : indicateur (ex. CSAT)",
        },
        "field.alert_threshold.comparator": {"en": "Alert: when", "fr": "Alerte : quand"},
        "field.alert_threshold.value": {"en": "Alert: value", "fr": "Alerte : valeur"},
        "field.alert_threshold.unit": {"en": "Alert: unit", "fr": "Alerte : unité"},
        "field.impact_override": {
            "en": "Impact chosen instead of the estimate (1-5)",
            "fr": "Impact choisi à la place de l'estimation (1-5)",
        },
        "field.effort_unknown": {
            "en": "Effort still to estimate (3 is a placeholder)",
            "fr": "Effort encore à estimer (3 par défaut)",
        },
        "choice.below": {"en": "below", "fr": "sous"},
        "choice.above": {"en": "above", "fr": "au-dessus de"},
        "choice.fr": {"en": "French", "fr": "français"},
        "choice.en": {"en": "English", "fr": "anglais"},
        "timezone": {
            "en": '{where}, field "{field}": "{value}" is not an IANA time zone '
            "(e.g. Europe/Paris, UTC).",
            "fr": "{where}, champ « {field} » : « {value} » n'est pas un fuseau horaire IANA "
            "(ex. Europe/Paris, UTC).",
        },
        "pattern": {
            "en": '{where}, field "{field}": "{value}" is not a valid regular expression '
            "({detail}).",
            "fr": "{where}, champ « {field} » : « {value} » n'est pas une expression régulière "
            "valide ({detail}).",
        },
        "threshold_value": {
            "en": '{where}, field "{field}": an alert needs its value (the indicator is '
            '"{value}").',
            "fr": "{where}, champ « {field} » : une alerte a besoin de sa valeur (l'indicateur "
            "est « {value} »).",
        },
    }
)

TEXT_MAX_CHARS = 500
LONG_TEXT_MAX_CHARS = 5000


class EditError(ParcoursError, ValueError):
    """An edit the map refuses; the message names the element and the field at fault."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        params = {
            name: value(lang) if callable(value) else value for name, value in self.params.items()
        }
        return MESSAGES.text(self.key, lang, **params)

    @property
    def field(self) -> str | None:
        """The form field at fault (its name in the form), when one is."""
        name = self.params.get("field_name")
        return name if isinstance(name, str) else None


class FieldKind(StrEnum):
    """How a form field is shown and read."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    LINES = "lines"
    """A list of texts, one per line."""
    CHOICE = "choice"
    CHOICES = "choices"
    """Several choices (a multiple select)."""
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATE = "date"


@dataclass(frozen=True)
class FormField:
    """One field of an element's form: its name (dotted for nested fields) and kind.

    ``choices`` names where the choices come from (see :func:`choices_for`); ``low`` and
    ``high`` bound numbers (shown by the form; the model enforces them).
    """

    name: str
    kind: FieldKind = FieldKind.TEXT
    choices: str = ""
    required: bool = False
    low: float | None = None
    high: float | None = None

    @property
    def limit(self) -> int:
        """The most characters the field accepts."""
        return TEXT_MAX_CHARS if self.kind is FieldKind.TEXT else LONG_TEXT_MAX_CHARS


@dataclass(frozen=True)
class RowList:
    """A list of small records inside an element (a step's touchpoints...), edited as rows.

    The form repeats ``<name>.<field>`` once per row (plus ``<name>.id`` to keep ids); a row
    whose ``key`` field is blank is dropped (that is how a row is deleted).
    """

    name: str
    key: str
    fields: tuple[FormField, ...]
    has_id: bool = True
    also_keys: tuple[str, ...] = ()
    """Other fields that keep a row when the key field is blank (an event binding has an
    activity *or* a pattern)."""
    blank_is_none: bool = False
    """Blank cells are left out of the record (the model's default, None), not ``""``."""


@dataclass(frozen=True)
class Section:
    """A kind of element of the map, the list holding it and its form."""

    name: str
    attribute: str
    model: type[Model]
    id_prefix: str
    title_field: str
    fields: tuple[FormField, ...]
    rows: tuple[RowList, ...] = ()
    orderable: bool = False


_T, _L, _C, _I, _F, _B = (
    FieldKind.TEXT,
    FieldKind.LONG_TEXT,
    FieldKind.CHOICE,
    FieldKind.INT,
    FieldKind.FLOAT,
    FieldKind.BOOL,
)

SECTIONS: dict[str, Section] = {
    section.name: section
    for section in (
        Section(
            "step",
            "steps",
            Step,
            "s",
            "name",
            (
                FormField("name", required=True),
                FormField("phase", _C, "phases"),
                FormField("role", _C, "role", required=True),
                FormField("outcome", _C, "outcome"),
                FormField("alternative_of", _C, "core_steps"),
                FormField("returns_to", _C, "steps"),
                FormField("description", _L),
                FormField("customer_goal"),
                FormField("actions", FieldKind.LINES),
                FormField("moment_of_truth", _B),
                FormField("breaking_point", _B),
                FormField("blueprint.evidence", FieldKind.LINES),
                FormField("blueprint.frontstage", FieldKind.LINES),
                FormField("blueprint.backstage", FieldKind.LINES),
                FormField("blueprint.support", FieldKind.LINES),
                FormField("blueprint.systems", FieldKind.LINES),
                FormField("review", _L),
            ),
            (
                RowList(
                    "emotions",
                    "score",
                    (
                        FormField("persona", _C, "personas", required=True),
                        FormField("score", _I, low=-2, high=2),
                        FormField("word"),
                        FormField("reason"),
                    ),
                    has_id=False,
                ),
                RowList(
                    "touchpoints",
                    "channel",
                    (
                        FormField("channel", _C, "channel"),
                        FormField("name"),
                        FormField("owner_team"),
                    ),
                ),
                RowList(
                    "irritants",
                    "text",
                    (FormField("text"), FormField("severity", _I, low=1, high=3)),
                ),
                RowList("enchantments", "text", (FormField("text"),)),
                RowList(
                    "data_collected",
                    "name",
                    (
                        FormField("name"),
                        FormField("category", _C, "data_category"),
                        FormField("purpose"),
                        FormField("system"),
                    ),
                ),
                RowList(
                    "stakeholders",
                    "name",
                    (
                        FormField("name"),
                        FormField("office", _C, "office"),
                        FormField("deliverable"),
                    ),
                ),
                RowList(
                    "metrics",
                    "name",
                    (
                        FormField("name"),
                        FormField("unit"),
                        FormField("source"),
                        FormField("target", _F),
                        FormField("alert_threshold", _F),
                        FormField("direction", _C, "direction", required=True),
                        FormField("measure", _C, "measure"),
                        FormField("description"),
                    ),
                ),
                RowList(
                    "events",
                    "activity",
                    (
                        FormField("activity", choices="activities"),
                        FormField("pattern"),
                        FormField("channel"),
                    ),
                    has_id=False,
                    also_keys=("pattern",),
                    blank_is_none=True,
                ),
            ),
            orderable=True,
        ),
        Section(
            "phase",
            "phases",
            Phase,
            "ph",
            "name",
            (
                FormField("name", required=True),
                FormField("kind", _C, "phase_kind", required=True),
                FormField("before_purchase", _C, "yes_no"),
                FormField("description", _L),
            ),
            orderable=True,
        ),
        Section(
            "persona",
            "personas",
            Persona,
            "p",
            "name",
            (
                FormField("name", required=True),
                FormField("description", _L),
                FormField("segment"),
                FormField("goals", FieldKind.LINES),
                FormField("needs", FieldKind.LINES),
                FormField("frustrations", FieldKind.LINES),
                FormField("preferred_channels", FieldKind.CHOICES, "channel"),
                FormField("quote", _L),
            ),
        ),
        Section(
            "listening_point",
            "listening_points",
            ListeningPoint,
            "lp",
            "step",
            (
                FormField("step", _C, "steps", required=True),
                FormField("medium", _C, "medium", required=True),
                FormField("questions", FieldKind.LINES),
                FormField("target"),
                FormField("timing"),
                FormField("frequency"),
                FormField("temperature", _C, "temperature"),
                FormField("trigger_activity"),
                FormField("delay_hours", _F, low=0),
                FormField("sampling_rate", _F, low=0, high=1),
                FormField("fatigue_days", _F, low=0),
                FormField("response_rate", _F, low=0, high=1),
                FormField("target_segments", FieldKind.LINES),
                FormField("target_channels", FieldKind.LINES),
                FormField("alert_threshold.indicator"),
                FormField("alert_threshold.comparator", _C, "comparator"),
                FormField("alert_threshold.value", _F),
                FormField("alert_threshold.unit"),
            ),
            (
                RowList(
                    "survey",
                    "text",
                    (FormField("text"), FormField("scale", _C, "scale", required=True)),
                    has_id=False,
                ),
            ),
        ),
        Section(
            "opportunity",
            "opportunities",
            Opportunity,
            "opp",
            "title",
            (
                FormField("title", required=True),
                FormField("description", _L),
                FormField("steps", FieldKind.CHOICES, "steps"),
                FormField("irritants", FieldKind.CHOICES, "irritants"),
                FormField("impact", _I, low=1, high=5),
                FormField("impact_override", _I, low=1, high=5),
                FormField("effort", _I, low=1, high=5),
                FormField("effort_unknown", _B),
                FormField("owner"),
                FormField("status", _C, "status", required=True),
                FormField("done_on", FieldKind.DATE),
            ),
        ),
        Section(
            "lane",
            "custom_lanes",
            CustomLane,
            "lane",
            "name",
            (FormField("name", required=True), FormField("description", _L)),
            orderable=True,
        ),
    )
}
"""The kinds of element the web app edits, with their forms."""

COMPUTED_FIELDS: dict[str, frozenset[str]] = {
    "opportunity": frozenset({"evidence", "impact_estimate", "impact_unit"}),
}
"""Fields no form shows because parcours computes them (``parcours discover`` and the
analysis fill an opportunity's evidence and estimate); an edit keeps them as they are."""

JOURNEY = Section(
    "journey",
    "journey",
    Journey,
    "journey",
    "title",
    (
        FormField("title", required=True),
        FormField("language", _C, "language", required=True),
        FormField("scope", _L),
        FormField("objective", _L),
        FormField("expectations", FieldKind.LINES),
        FormField("owner"),
        FormField("created", FieldKind.DATE),
        FormField("updated", FieldKind.DATE),
        FormField("timezone", choices="timezones"),
        FormField("conversion_window_days", _F, low=0, high=36500),
        FormField("conversion_value", _F, low=0),
        FormField("currency"),
    ),
)
"""The journey's own fields (``journey:`` of the file) and the map's language: one form,
not a list (see :func:`update_journey`)."""

_ENUMS: dict[str, type[StrEnum]] = {
    "role": StepRole,
    "outcome": OutcomeKind,
    "channel": Channel,
    "data_category": DataCategory,
    "office": Office,
    "direction": Direction,
    "measure": Measure,
    "phase_kind": PhaseKind,
    "medium": ListeningMedium,
    "temperature": SurveyTemperature,
    "status": OpportunityStatus,
    "comparator": Comparator,
    "scale": QuestionScale,
    "language": Language,
}


def _section(name: str) -> Section:
    if name not in SECTIONS:
        raise EditError("unknown_section", section=name, expected=", ".join(SECTIONS))
    return SECTIONS[name]


def field_label(name: str, lang: str) -> str:
    """The French or English label of a form field.

    >>> field_label("moment_of_truth", "fr")
    'Moment de vérité'
    """
    key = f"field.{name}"
    return MESSAGES.text(key, lang) if key in MESSAGES else name


def _choice_label(value: str, lang: str) -> str:
    key = f"choice.{value}"
    return MESSAGES.text(key, lang) if key in MESSAGES else label(value, lang)


def choices_for(source: str, m: JourneyMap, lang: str) -> list[tuple[str, str]]:
    """The (value, label) choices of a field whose choices come from ``source``.

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "s1", "name": "Un"}])
    >>> choices_for("role", m, "fr")[0], choices_for("steps", m, "fr")
    (('core', 'principale (chemin principal)'), [('s1', 'Un')])
    """
    if source in _ENUMS:
        return [(item.value, _choice_label(item.value, lang)) for item in _ENUMS[source]]
    if source == "yes_no":
        return [("yes", _choice_label("yes", lang)), ("no", _choice_label("no", lang))]
    if source == "phases":
        return [(p.id, p.name) for p in m.phases]
    if source == "personas":
        return [(p.id, p.name) for p in m.personas]
    if source == "steps":
        return [(s.id, s.name) for s in m.steps]
    if source == "core_steps":
        return [
            (s.id, s.name) for s in m.steps if s.role is StepRole.CORE and s.alternative_of is None
        ]
    if source == "irritants":
        return [(i.id, f"{s.name}: {i.text}") for s in m.steps for i in s.irritants if i.id]
    if source == "activities":
        return [(a, a) for a in known_activities(m)]
    if source == "timezones":
        return [(zone, zone) for zone in _time_zones()]
    return []


def known_activities(m: JourneyMap, seen: Sequence[str] = ()) -> list[str]:
    """Activity names to suggest for a step's event bindings: those ``seen`` in a log
    (most frequent first), then those the map already names, each once.

    >>> m = JourneyMap(journey={"title": "T"},
    ...     steps=[{"id": "s1", "name": "One", "events": [{"activity": "visit"}]}])
    >>> known_activities(m, ["signup", "visit"])
    ['signup', 'visit']
    """
    named = [e.activity for s in m.steps for e in s.events if e.activity]
    named += [lp.trigger_activity for lp in m.listening_points if lp.trigger_activity]
    return list(dict.fromkeys([*seen, *named]))


@lru_cache(maxsize=1)
def _time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


# --------------------------------------------------------------------- reading forms
def _last(values: Sequence[str]) -> str:
    return values[-1] if values else ""


def _where(section: Section, element_id: str | None) -> Callable[[str], str]:
    def where(lang: str) -> str:
        title = MESSAGES.text(f"title.{section.name}", lang)
        if section is JOURNEY:
            return title
        return f"{title} {element_id or MESSAGES.text('new', lang)}"

    return where


def _read(
    field: FormField,
    values: Sequence[str],
    m: JourneyMap,
    where: Callable[[str], str],
    label_name: str,
) -> Any:
    """The model value of one field from its submitted values."""
    params: dict[str, object] = {
        "where": where,
        "field": lambda lang: field_label(label_name, lang),
        "field_name": label_name,
    }
    if field.kind is FieldKind.BOOL:
        return _last(values).strip().lower() in ("1", "on", "true", "yes")
    if field.kind in (FieldKind.LINES, FieldKind.CHOICES):
        if field.kind is FieldKind.LINES:
            text = "\n".join(values)
            if len(text) > field.limit:
                raise EditError("too_long", limit=field.limit, length=len(text), **params)
            items = [line.strip() for line in text.splitlines() if line.strip()]
        else:
            items = [v.strip() for v in values if v.strip()]
            allowed = {value for value, _ in choices_for(field.choices, m, "en")}
            for item in items:
                if item not in allowed:
                    raise EditError("choice", value=item, expected=_expected(allowed), **params)
        return items
    raw = _last(values).strip()
    if len(raw) > field.limit:
        raise EditError("too_long", limit=field.limit, length=len(raw), **params)
    if not raw:
        if field.required:
            raise EditError("required", **params)
        return "" if field.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT) else None
    if field.kind is FieldKind.CHOICE:
        allowed = {value for value, _ in choices_for(field.choices, m, "en")}
        if raw not in allowed:
            raise EditError("choice", value=raw, expected=_expected(allowed), **params)
        return {"yes": True, "no": False}.get(raw, raw) if field.choices == "yes_no" else raw
    if field.kind in (FieldKind.INT, FieldKind.FLOAT):
        try:
            number = float(raw.replace(",", ".").replace("\u202f", "").replace(" ", ""))
        except ValueError:
            raise EditError("number", value=raw, **params) from None
        if field.kind is FieldKind.INT:
            if number != int(number):
                raise EditError("number", value=raw, **params)
            return int(number)
        return number
    if field.kind is FieldKind.DATE:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise EditError("date", value=raw, **params) from None
    return raw


def _expected(allowed: set[str]) -> str:
    shown = sorted(allowed)
    return ", ".join(shown[:12]) + (", …" if len(shown) > 12 else "") if shown else "—"


def _set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _get_path(data: Mapping[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _rows(
    rows: RowList,
    form: Form,
    m: JourneyMap,
    where: Callable[[str], str],
    previous: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The records of a row list from the form (rows with a blank key are dropped)."""
    columns = {f.name: list(form.get(f"{rows.name}.{f.name}", ())) for f in rows.fields}
    ids = list(form.get(f"{rows.name}.id", ()))
    count = max((len(v) for v in columns.values()), default=0)
    by_id = {item.get("id"): item for item in previous if item.get("id")}
    records: list[dict[str, Any]] = []
    for index in range(count):
        cells = {
            name: (values[index] if index < len(values) else "") for name, values in columns.items()
        }
        if not any(cells.get(key, "").strip() for key in (rows.key, *rows.also_keys)):
            continue

        def row_where(lang: str, n: int = index + 1) -> str:
            what = f"{where(lang)} · {field_label(rows.name, lang)}"
            return MESSAGES.text("row", lang, what=what, n=n)

        row_id = ids[index].strip() if index < len(ids) else ""
        record: dict[str, Any] = dict(by_id.get(row_id, {})) if row_id else {}
        for f in rows.fields:
            value = _read(f, [cells[f.name]], m, row_where, f.name)
            if value is None or (rows.blank_is_none and value == ""):
                record.pop(f.name, None)  # the model's default
            else:
                record[f.name] = value
        if rows.has_id:
            record["id"] = row_id or None
        records.append(record)
    return records


def _apply_form(
    section: Section, data: dict[str, Any], form: Form, m: JourneyMap, element_id: str | None
) -> dict[str, Any]:
    where = _where(section, element_id)
    data = {**data}
    if "blueprint" in data:
        data["blueprint"] = dict(data["blueprint"])
    if section.name == "listening_point":
        data["alert_threshold"] = dict(data.get("alert_threshold") or {})
    for field in section.fields:
        if field.name in form:
            value = _read(field, form[field.name], m, where, field.name)
            declared = section.model.model_fields.get(field.name)
            if value == "" and declared is not None and declared.default is None:
                value = None
            _set_path(data, field.name, value)
    for rows in section.rows:
        if any(f"{rows.name}.{key}" in form for key in (rows.key, *rows.also_keys)):
            data[rows.name] = _rows(rows, form, m, where, list(data.get(rows.name) or []))
    if section.name == "step":
        _tidy_step(data)
        _lane_values(data, form, m, where)
        _check_patterns(data, where)
    if section.name == "listening_point":
        _tidy_threshold(data, where)
    _check_element(section, data, element_id)
    return data


def _check_patterns(data: dict[str, Any], where: Callable[[str], str]) -> None:
    """Refuse an event binding whose pattern is not a regular expression (the analysis
    would fail on it later, far from the form)."""
    for index, binding in enumerate(data.get("events") or []):
        pattern = binding.get("pattern")
        if not pattern:
            continue
        try:
            re.compile(pattern)
        except re.error as exc:

            def row_where(lang: str, n: int = index + 1) -> str:
                what = f"{where(lang)} · {field_label('events', lang)}"
                return MESSAGES.text("row", lang, what=what, n=n)

            raise EditError(
                "pattern",
                where=row_where,
                field=lambda lang: field_label("pattern", lang),
                field_name="events.pattern",
                value=pattern,
                detail=str(exc),
            ) from None


def _tidy_threshold(data: dict[str, Any], where: Callable[[str], str]) -> None:
    """A listening point's alert: none when its indicator is blank; its value required
    otherwise; blank parts take the model's defaults."""
    threshold = data.get("alert_threshold")
    if not isinstance(threshold, dict):
        return
    kept = {k: v for k, v in threshold.items() if v not in (None, "")}
    if not str(kept.get("indicator") or "").strip():
        data["alert_threshold"] = None
        return
    if kept.get("value") is None:
        raise EditError(
            "threshold_value",
            where=where,
            field=lambda lang: field_label("alert_threshold.value", lang),
            field_name="alert_threshold.value",
            value=kept["indicator"],
        )
    data["alert_threshold"] = kept


def _lane_values(
    data: dict[str, Any], form: Form, m: JourneyMap, where: Callable[[str], str]
) -> None:
    """A step's values in the map's custom lanes (form fields ``custom.<lane id>``)."""
    lanes = {lane.id for lane in m.custom_lanes}
    values = dict(data.get("custom") or {})
    for name, submitted in form.items():
        if not name.startswith("custom."):
            continue
        lane = name.removeprefix("custom.")
        if lane not in lanes:
            raise EditError(
                "choice",
                where=where,
                field=lambda lang: field_label("custom", lang),
                field_name="custom",
                value=lane,
                expected=_expected(lanes),
            )
        text = _last(submitted).strip()
        if len(text) > LONG_TEXT_MAX_CHARS:
            raise EditError(
                "too_long",
                where=where,
                field=lambda lang, lane=lane: lane,
                field_name=name,
                limit=LONG_TEXT_MAX_CHARS,
                length=len(text),
            )
        if text:
            values[lane] = text
        else:
            values.pop(lane, None)
    data["custom"] = values


def _tidy_step(data: dict[str, Any]) -> None:
    """Clear what the role makes meaningless (an outcome kind off an outcome step, an
    alternative off a non-core step), so that changing a role is one change."""
    role = data.get("role", StepRole.CORE.value)
    role = role.value if isinstance(role, StepRole) else role
    if role != StepRole.OUTCOME.value:
        data["outcome"] = None
    if role != StepRole.CORE.value:
        data["alternative_of"] = None


_RANGE_KEYS = {
    "greater_than_equal": ("at_least", "ge"),
    "less_than_equal": ("at_most", "le"),
    "greater_than": ("above", "gt"),
}


def _check_element(section: Section, data: dict[str, Any], element_id: str | None) -> None:
    """Validate the element alone, so that an error names its field."""
    try:
        section.model.model_validate(data)
    except ValidationError as exc:
        raise _field_error(section, element_id, exc.errors()[0]) from None


def _field_error(section: Section, element_id: str | None, error: Any) -> EditError:
    loc = [part for part in error.get("loc", ()) if not isinstance(part, int)]
    indexes = [part for part in error.get("loc", ()) if isinstance(part, int)]
    name = ".".join(str(part) for part in loc) or "?"
    base_where = _where(section, element_id)
    where: Callable[[str], str] = base_where
    if indexes and loc:
        rows_name, n = str(loc[0]), indexes[0] + 1

        def where(lang: str) -> str:
            what = f"{base_where(lang)} · {field_label(rows_name, lang)}"
            return MESSAGES.text("row", lang, what=what, n=n)

        name = str(loc[-1])
    params: dict[str, object] = {
        "where": where,
        "field": lambda lang: field_label(name, lang),
        "field_name": name,
    }
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    value = error.get("input")
    if kind in ("missing", "string_too_short"):
        return EditError("required", **params)
    if kind in _RANGE_KEYS:
        key, bound = _RANGE_KEYS[kind]
        return EditError(key, limit=context.get(bound), value=value, **params)
    if kind == "less_than":
        return EditError("at_most", limit=context.get("lt"), value=value, **params)
    return EditError("invalid", detail=str(error.get("msg", kind)), **params)


def _validated(data: dict[str, Any]) -> JourneyMap:
    try:
        return JourneyMap.model_validate(data)
    except ValidationError as exc:
        detail = "; ".join(
            str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors()
        )
        raise EditError("map_refuses", detail=detail) from None


def _find(m: JourneyMap, section: Section, element_id: str) -> int:
    for index, element in enumerate(getattr(m, section.attribute)):
        if getattr(element, "id", None) == element_id:
            return index
    raise EditError(
        "unknown_element",
        section=lambda lang: MESSAGES.text(f"section.{section.name}", lang),
        element=element_id,
    )


def _dump(m: JourneyMap) -> dict[str, Any]:
    data: dict[str, Any] = m.model_dump(mode="python")
    return data


# ------------------------------------------------------------------------ use cases
def element_values(m: JourneyMap, section_name: str, element_id: str | None) -> dict[str, Any]:
    """The current values of an element's fields, as its form shows them (a new element:
    the defaults).

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "s1", "name": "One"}])
    >>> element_values(m, "step", "s1")["role"]
    'core'
    """
    section = _section(section_name)
    if element_id is None:
        data: dict[str, Any] = {}
    else:
        index = _find(m, section, element_id)
        data = getattr(m, section.attribute)[index].model_dump(mode="json")
    shown: dict[str, Any] = {}
    for field in section.fields:
        value = _get_path(data, field.name)
        if field.kind is FieldKind.LINES:
            shown[field.name] = "\n".join(value or [])
        elif field.kind is FieldKind.CHOICES:
            shown[field.name] = list(value or [])
        elif field.kind is FieldKind.BOOL:
            shown[field.name] = bool(value)
        elif field.choices == "yes_no":
            shown[field.name] = "" if value is None else ("yes" if value else "no")
        elif value is None:
            default = {"role": "core", "kind": "custom", "status": "idea", "medium": ""}
            shown[field.name] = default.get(field.name, "")
        else:
            shown[field.name] = value
    if section.name == "step":
        shown["custom"] = dict(data.get("custom") or {})
    if element_id is None and section.name == "opportunity":
        shown.update(impact=3, effort=3)
    return shown


def row_values(
    m: JourneyMap, element_id: str | None, section_name: str = "step"
) -> dict[str, list[dict[str, Any]]]:
    """The rows of an element's sub-lists as its form shows them (a step's emotions: one
    row per persona, blank score where none is estimated; a listening point's
    questionnaire).

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "s1", "name": "One",
    ...     "events": [{"pattern": "^visit"}]}])
    >>> row_values(m, "s1")["events"]
    [{'activity': '', 'pattern': '^visit', 'channel': ''}]
    """
    section = _section(section_name)
    element = None
    if element_id is not None:
        element = getattr(m, section.attribute)[_find(m, section, element_id)]
    result: dict[str, list[dict[str, Any]]] = {}
    for rows in section.rows:
        items = [i.model_dump(mode="json") for i in getattr(element, rows.name)] if element else []
        if rows.name == "emotions":
            by_persona = {e["persona"]: e for e in items}
            items = [by_persona.get(p.id, {"persona": p.id, "score": None}) for p in m.personas]
        result[rows.name] = [
            {k: ("" if v is None else v) for k, v in item.items()} for item in items
        ]
    return result


def update_element(m: JourneyMap, section_name: str, element_id: str, form: Form) -> JourneyMap:
    """A copy of ``m`` whose element ``element_id`` has the form's values."""
    section = _section(section_name)
    index = _find(m, section, element_id)
    data = _dump(m)
    elements = data[section.attribute]
    elements[index] = _apply_form(section, elements[index], form, m, element_id)
    if section.name == "step":
        _prune_irritant_references(data)
    return _validated(data)


def add_element(
    m: JourneyMap, section_name: str, form: Form, *, after: str | None = None
) -> tuple[JourneyMap, str]:
    """A copy of ``m`` with a new element from the form, and the new element's id.

    Steps and phases go after ``after`` when given (a new step takes that step's phase),
    at the end otherwise.
    """
    section = _section(section_name)
    data = _dump(m)
    elements: list[dict[str, Any]] = data[section.attribute]
    start: dict[str, Any] = {}
    position = len(elements)
    if after is not None:
        position = _find(m, section, after) + 1
        if section.name == "step":
            start["phase"] = elements[position - 1].get("phase")
    if section.name == "phase":
        start["kind"] = PhaseKind.CUSTOM.value
    title = _last(form.get(section.title_field, ())).strip() or section.name
    new_id = unique_id(f"{section.id_prefix}-{slugify(title, max_length=24)}", set(_all_ids(m)))
    start["id"] = new_id
    elements.insert(position, _apply_form(section, start, form, m, None))
    return _validated(data), new_id


def delete_element(m: JourneyMap, section_name: str, element_id: str) -> JourneyMap:
    """A copy of ``m`` without the element, and without the references to it (a deleted
    step's listening points, its place in opportunities and loops; a deleted phase leaves
    its steps without phase; a deleted persona takes its emotions with it)."""
    section = _section(section_name)
    index = _find(m, section, element_id)
    data = _dump(m)
    removed = data[section.attribute].pop(index)
    if section.name == "step":
        data["listening_points"] = [
            lp for lp in data["listening_points"] if lp["step"] != element_id
        ]
        for opp in data["opportunities"]:
            opp["steps"] = [s for s in opp["steps"] if s != element_id]
        for step in data["steps"]:
            for link in ("alternative_of", "returns_to"):
                if step.get(link) == element_id:
                    step[link] = None
        del removed
        _prune_irritant_references(data)
    elif section.name == "phase":
        for step in data["steps"]:
            if step.get("phase") == element_id:
                step["phase"] = None
    elif section.name == "persona":
        for step in data["steps"]:
            step["emotions"] = [e for e in step["emotions"] if e["persona"] != element_id]
    elif section.name == "lane":
        for step in data["steps"]:
            step["custom"] = {k: v for k, v in step["custom"].items() if k != element_id}
    return _validated(data)


def _prune_irritant_references(data: dict[str, Any]) -> None:
    known = {i.get("id") for s in data["steps"] for i in s.get("irritants", ()) if i.get("id")}
    for opp in data["opportunities"]:
        opp["irritants"] = [i for i in opp["irritants"] if i in known]


def move_element(m: JourneyMap, section_name: str, element_id: str, offset: int) -> JourneyMap:
    """A copy of ``m`` with the element moved ``offset`` places (negative: earlier),
    stopping at the ends.

    >>> m = JourneyMap(journey={"title": "T"}, personas=[{"id": "p", "name": "Léa"}],
    ...     phases=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...     steps=[{"id": "s1", "name": "One"}, {"id": "s2", "name": "Two"}])
    >>> [s.id for s in move_element(m, "step", "s1", 1).steps]
    ['s2', 's1']
    """
    section = _section(section_name)
    index = _find(m, section, element_id)
    elements = list(getattr(m, section.attribute))
    target = max(0, min(len(elements) - 1, index + offset))
    elements.insert(target, elements.pop(index))
    return m.model_copy(update={section.attribute: elements})


def reorder_elements(m: JourneyMap, section_name: str, order: Sequence[str]) -> JourneyMap:
    """A copy of ``m`` whose elements named in ``order`` come in that order, in the places
    they held (elements not named stay where they are): a whole new order, or part of one.

    >>> m = JourneyMap(journey={"title": "T"}, personas=[{"id": "p", "name": "Léa"}],
    ...     phases=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...     steps=[{"id": "s1", "name": "One"}, {"id": "s2", "name": "Two"}])
    >>> [p.id for p in reorder_elements(m, "phase", ["b", "a"]).phases]
    ['b', 'a']
    """
    section = _section(section_name)
    elements = list(getattr(m, section.attribute))
    ids = [getattr(e, "id", None) for e in elements]
    wanted = [i for i in order if i]
    wrong = [i for i in wanted if i not in ids] + sorted({i for i in wanted if wanted.count(i) > 1})
    if wrong:
        raise EditError(
            "bad_order",
            section=lambda lang: MESSAGES.text(f"section.{section.name}", lang),
            ids=", ".join(wrong),
        )
    slots = [k for k, element_id in enumerate(ids) if element_id in wanted]
    by_id = {getattr(e, "id", None): e for e in elements}
    for slot, element_id in zip(slots, wanted, strict=True):
        elements[slot] = by_id[element_id]
    return m.model_copy(update={section.attribute: elements})


def set_emotions(m: JourneyMap, scores: Mapping[tuple[str, str], int | None]) -> JourneyMap:
    """A copy of ``m`` with the emotion score of each (step, persona) given (None removes
    the estimate; the word and reason of a kept estimate stay).

    >>> m = JourneyMap(journey={"title": "T"}, personas=[{"id": "p", "name": "Léa"}],
    ...     phases=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...     steps=[{"id": "s1", "name": "One"}, {"id": "s2", "name": "Two"}])
    >>> set_emotions(m, {("s2", "p"): -2}).step("s2").emotion_for("p").score
    -2
    """
    data = _dump(m)
    known_steps = {s.id for s in m.steps}
    known_personas = {p.id for p in m.personas}
    section = SECTIONS["step"]
    for (step_id, persona_id), score in scores.items():
        if step_id not in known_steps:
            _find(m, section, step_id)
        if persona_id not in known_personas:
            _find(m, SECTIONS["persona"], persona_id)
        step = next(s for s in data["steps"] if s["id"] == step_id)
        emotions = [e for e in step["emotions"] if e["persona"] != persona_id]
        if score is not None:
            kept: dict[str, Any] = next(
                (e for e in step["emotions"] if e["persona"] == persona_id), {}
            )
            emotions.append({**kept, "persona": persona_id, "score": score})
            order = [p.id for p in m.personas]
            emotions.sort(key=lambda e: order.index(e["persona"]))
        step["emotions"] = emotions
        try:
            Step.model_validate(step)
        except ValidationError as exc:
            raise _field_error(section, step_id, exc.errors()[0]) from None
    return _validated(data)


def journey_values(m: JourneyMap) -> dict[str, Any]:
    """The journey's own fields and the map's language, as their form shows them.

    >>> m = JourneyMap(journey={"title": "T", "timezone": "Europe/Paris",
    ...     "conversion_window_days": 90}, language="fr")
    >>> v = journey_values(m)
    >>> (v["title"], v["language"], v["timezone"], v["conversion_value"])
    ('T', 'fr', 'Europe/Paris', '')
    >>> v["conversion_window_days"]
    90
    """
    data = m.journey.model_dump(mode="json")
    shown: dict[str, Any] = {}
    for field in JOURNEY.fields:
        value = m.language.value if field.name == "language" else data.get(field.name)
        if field.kind is FieldKind.LINES:
            shown[field.name] = "\n".join(value or [])
        elif isinstance(value, float) and value.is_integer():
            shown[field.name] = int(value)  # "90", not "90.0"
        else:
            shown[field.name] = "" if value is None else value
    return shown


def update_journey(m: JourneyMap, form: Form) -> JourneyMap:
    """A copy of ``m`` whose journey fields (title, scope, objective, time zone...) and
    language have the form's values; the time zone must be an IANA zone.

    >>> m = JourneyMap(journey={"title": "T"})
    >>> edited = update_journey(m, {"title": ["Open an account"], "timezone": ["Europe/Paris"],
    ...     "language": ["fr"], "conversion_value": ["120,5"]})
    >>> (edited.journey.title, edited.journey.timezone, edited.language.value)
    ('Open an account', 'Europe/Paris', 'fr')
    >>> edited.journey.conversion_value
    120.5
    >>> update_journey(m, {"timezone": ["Paris"]})
    Traceback (most recent call last):
    ...
    parcours.services.editing.EditError: Journey, field "Time zone (IANA)": "Paris" is not \
an IANA time zone (e.g. Europe/Paris, UTC).
    """
    where = _where(JOURNEY, None)
    journey = m.journey.model_dump(mode="python")
    language = m.language.value
    for field in JOURNEY.fields:
        if field.name not in form:
            continue
        value = _read(field, form[field.name], m, where, field.name)
        if field.name == "language":
            language = value
        elif field.name == "timezone":
            journey["timezone"] = _time_zone(value or "UTC", where)
        else:
            declared = Journey.model_fields[field.name]
            journey[field.name] = None if value == "" and declared.default is None else value
    _check_element(JOURNEY, journey, None)
    data = _dump(m)
    data["journey"], data["language"] = journey, language
    return _validated(data)


def _time_zone(name: str, where: Callable[[str], str]) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EditError(
            "timezone",
            where=where,
            field=lambda lang: field_label("timezone", lang),
            field_name="timezone",
            value=name,
        ) from None
    return name
