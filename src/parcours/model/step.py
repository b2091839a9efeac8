"""Steps: what the customer does, precisely, and everything the map says about it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import Field

from parcours.model.base import ElementId, Model, NonEmptyText
from parcours.model.emotion import Emotion
from parcours.model.metric import MetricDefinition
from parcours.model.touchpoint import Touchpoint
from parcours.model.vocabulary import Channel, DataCategory, Office, OutcomeKind, StepRole


class Irritant(Model):
    """A pain point of the customer at a step. ``severity``: 1 (minor) to 3 (blocking)."""

    id: ElementId | None = None
    text: str
    severity: int = Field(default=2, ge=1, le=3)


class Enchantment(Model):
    """A moment of delight at a step."""

    id: ElementId | None = None
    text: str


class DataItem(Model):
    """A piece of data the company collects at a step.

    ``category`` is None until someone classifies it (the rubric flags that).
    """

    id: ElementId | None = None
    name: str
    category: DataCategory | None = None
    purpose: str = ""
    system: str = ""
    """The system of record where the item is stored (e.g. "CRM")."""


class Stakeholder(Model):
    """Someone who produces part of the service at a step, known by what they deliver."""

    id: ElementId | None = None
    name: str
    office: Office | None = None
    deliverable: str = ""
    """What this stakeholder produces for the step (e.g. "identity check decision")."""


class Blueprint(Model):
    """Service blueprint lanes of a step, each with a semantic role.

    The customer-actions lane is :attr:`Step.actions`. Lines between lanes
    (interaction, visibility, internal interaction) follow from the roles.
    """

    evidence: list[str] = Field(default_factory=list)
    """Physical or digital evidence the customer sees (screens, letters, card)."""
    frontstage: list[str] = Field(default_factory=list)
    """Actions of employees or interfaces visible to the customer."""
    backstage: list[str] = Field(default_factory=list)
    """Actions of employees invisible to the customer."""
    support: list[str] = Field(default_factory=list)
    """Support processes (internal services, partners)."""
    systems: list[str] = Field(default_factory=list)
    """Information systems involved."""


class EventBinding(Model):
    """Which activities in event logs mark a step (used by the analytics).

    ``activity`` is an exact name; ``pattern`` a regular expression; ``channel``
    restricts the match to events of that channel.
    """

    activity: str | None = None
    pattern: str | None = None
    channel: str | None = None


class Identified(Protocol):
    """A sub-element of a step that carries an id (given by ``assign_missing_ids``)."""

    id: str | None


class Step(Model):
    """A step of the journey: one thing the customer does, in exactly one phase.

    >>> s = Step(id="s-sim", name="Simuler les frais", phase="ph-info",
    ...          actions=["Ouvre le simulateur", "Saisit son usage de carte"])
    >>> len(s.actions)
    2
    """

    id: ElementId
    name: NonEmptyText
    phase: ElementId | None = None
    role: StepRole = StepRole.CORE
    """``core`` (a stage of the main path), ``optional``, ``exception`` or ``outcome``."""
    outcome: OutcomeKind | None = None
    """For an ``outcome`` step: ``success`` (conversion) or ``failure``."""
    alternative_of: ElementId | None = None
    """A core step reached *instead of* that core step: both count as one stage of the
    main path (sign online or in a branch)."""
    returns_to: ElementId | None = None
    """An expected loop: after this step the customer goes back to that step (a rejected
    document is sent again). Returning there is not a deviation."""
    review: str = ""
    """A note for a person to confirm, e.g. why ``parcours discover`` proposed this role;
    delete it once checked."""
    description: str = ""
    actions: list[str] = Field(default_factory=list)
    """The operations the customer performs, each described precisely."""
    customer_goal: str = ""
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    emotions: list[Emotion] = Field(default_factory=list)
    irritants: list[Irritant] = Field(default_factory=list)
    enchantments: list[Enchantment] = Field(default_factory=list)
    moment_of_truth: bool = False
    breaking_point: bool = False
    data_collected: list[DataItem] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    blueprint: Blueprint = Field(default_factory=Blueprint)
    metrics: list[MetricDefinition] = Field(default_factory=list)
    events: list[EventBinding] = Field(default_factory=list)
    custom: dict[ElementId, str] = Field(default_factory=dict)
    """Values of the map's custom lanes, by lane id."""

    @property
    def on_main_path(self) -> bool:
        """Whether the step is a stage (or an alternative of a stage) of the main path."""
        return self.role is StepRole.CORE

    @property
    def is_detour(self) -> bool:
        """Whether the step is an optional or exception step (measured as a detour)."""
        return self.role in (StepRole.OPTIONAL, StepRole.EXCEPTION)

    def identified_items(self) -> tuple[tuple[str, Sequence[Identified]], ...]:
        """The step's lists of sub-elements that carry an id, each with the prefix of the
        ids given to those without one (``tp``: ``s-visit.tp-1``).

        >>> [kind for kind, _ in Step(id="s", name="S").identified_items()]
        ['tp', 'irr', 'enc', 'data', 'sh', 'm']
        """
        return (
            ("tp", self.touchpoints),
            ("irr", self.irritants),
            ("enc", self.enchantments),
            ("data", self.data_collected),
            ("sh", self.stakeholders),
            ("m", self.metrics),
        )

    def emotion_for(self, persona_id: str) -> Emotion | None:
        """The estimated emotion of one persona at this step, if any."""
        return next((e for e in self.emotions if e.persona == persona_id), None)

    @property
    def channels(self) -> list[Channel]:
        """Distinct channels of the step's touchpoints, in order of appearance."""
        seen: list[Channel] = []
        for touchpoint in self.touchpoints:
            if touchpoint.channel not in seen:
                seen.append(touchpoint.channel)
        return seen
