"""The journey-map domain model: pure data classes, no I/O.

>>> from parcours.model import JourneyMap
>>> JourneyMap(journey={"title": "Demo"}).journey.title
'Demo'
"""

from parcours.model.base import ID_PATTERN, ElementId, slugify, unique_id
from parcours.model.emotion import EMOTION_MAX, EMOTION_MIN, Emotion
from parcours.model.journey import FORMAT_VERSION, CustomLane, Journey, JourneyMap
from parcours.model.listening import ListeningPoint, SurveyQuestion, Threshold, guess_scale
from parcours.model.measurements_ref import STORE_SUFFIX, MeasurementsRef
from parcours.model.metric import Measure, MeasuredValue, MetricDefinition, MetricSnapshot
from parcours.model.opportunity import Evidence, EvidenceKind, Opportunity
from parcours.model.persona import Persona
from parcours.model.phase import Phase
from parcours.model.step import (
    Blueprint,
    DataItem,
    Enchantment,
    EventBinding,
    Irritant,
    Stakeholder,
    Step,
)
from parcours.model.structure import JourneyStructure, Stage, line, structure_of
from parcours.model.touchpoint import Touchpoint
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
    "EMOTION_MAX",
    "EMOTION_MIN",
    "FORMAT_VERSION",
    "ID_PATTERN",
    "STORE_SUFFIX",
    "Blueprint",
    "Channel",
    "Comparator",
    "CustomLane",
    "DataCategory",
    "DataItem",
    "Direction",
    "ElementId",
    "Emotion",
    "Enchantment",
    "EventBinding",
    "Evidence",
    "EvidenceKind",
    "Irritant",
    "Journey",
    "JourneyMap",
    "JourneyStructure",
    "Language",
    "ListeningMedium",
    "ListeningPoint",
    "Measure",
    "MeasuredValue",
    "MeasurementsRef",
    "MetricDefinition",
    "MetricSnapshot",
    "Office",
    "Opportunity",
    "OpportunityStatus",
    "OutcomeKind",
    "Persona",
    "Phase",
    "PhaseKind",
    "QuestionScale",
    "Stage",
    "Stakeholder",
    "Step",
    "StepRole",
    "SurveyQuestion",
    "SurveyTemperature",
    "Threshold",
    "Touchpoint",
    "guess_scale",
    "line",
    "slugify",
    "structure_of",
    "unique_id",
]
