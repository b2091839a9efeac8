"""The journey map: the document parcours reads, checks, measures and renders."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import Field, model_validator

from parcours.model.base import ElementId, Model, NonEmptyText, slugify
from parcours.model.listening import ListeningPoint
from parcours.model.measurements_ref import MeasurementsRef
from parcours.model.metric import MetricSnapshot
from parcours.model.opportunity import Opportunity
from parcours.model.persona import Persona
from parcours.model.phase import Phase
from parcours.model.step import Step
from parcours.model.structure import JourneyStructure, structure_of
from parcours.model.theme import ThemeOverride
from parcours.model.vocabulary import Language, StepRole

FORMAT_VERSION = 3
"""Version of the file format written by this release (see ``parcours.io.upgrade``)."""


class Journey(Model):
    """What the map is about: its scope and the customer's objective."""

    title: NonEmptyText
    scope: str = ""
    """Who does what, e.g. "a prospect opens an online account with a card, paying the least
    fees"."""
    objective: str = ""
    """The customer's objective in this journey."""
    expectations: list[str] = Field(default_factory=list)
    owner: str = ""
    created: date | None = None
    updated: date | None = None
    timezone: str = "UTC"
    """IANA zone in which dates are displayed and analysis periods are cut (data is stored
    in UTC)."""
    conversion_window_days: float | None = Field(default=None, gt=0, le=36500)
    """How long each customer is followed from entry to convert (``parcours analyze`` uses
    it unless ``--window-days`` is given; None: 30 days). ``parcours discover`` sets it
    when customers reach the success outcome later than that."""
    conversion_value: float | None = Field(default=None, ge=0)
    """What one conversion (one customer reaching the success outcome) is worth, in
    ``currency``: opportunities proposed from evidence weigh their impact with it."""
    currency: str = ""
    """Currency of ``conversion_value`` (e.g. ``EUR``)."""


class CustomLane(Model):
    """A row a team adds to the journey map grid; steps fill it via ``Step.custom``."""

    id: ElementId
    name: NonEmptyText
    description: str = ""


class JourneyMap(Model):
    """A complete journey map.

    >>> m = JourneyMap(journey={"title": "Ouvrir un compte"}, language="fr",
    ...     phases=[{"id": "ph-1", "name": "Découverte", "kind": "discovery"}],
    ...     steps=[{"id": "s-1", "name": "Voir une publicité", "phase": "ph-1"}])
    >>> m.phase_of(m.steps[0]).name
    'Découverte'
    """

    format_version: int = FORMAT_VERSION
    id: ElementId = "journey"
    language: Language = Language.EN
    journey: Journey
    personas: list[Persona] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    listening_points: list[ListeningPoint] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    custom_lanes: list[CustomLane] = Field(default_factory=list)
    measurements: list[MetricSnapshot] = Field(default_factory=list)
    """Snapshots in memory. Since format 3 they are kept in a store beside the map
    (``measurements_ref``) and filled in when the map is loaded; a list written in the
    file (older maps, Excel workbooks) is read too and moved to the store by the next
    ``parcours analyze``."""
    measurements_ref: MeasurementsRef | None = None
    """Where the snapshots of this map are stored, and the latest one."""
    theme_overrides: list[ThemeOverride] = Field(default_factory=list)
    """People's corrections of the verbatim themes (rename, merge, pin); see
    :mod:`parcours.model.theme`."""
    extensions: dict[str, Any] = Field(default_factory=dict)
    """Free data kept as is (tools of your own); parcours never interprets it."""

    # ------------------------------------------------------------------ lookups
    def phase_of(self, step: Step) -> Phase | None:
        """The phase a step belongs to, or None when it has none."""
        return next((p for p in self.phases if p.id == step.phase), None)

    def steps_in(self, phase: Phase) -> list[Step]:
        """Steps of one phase, in journey order."""
        return [s for s in self.steps if s.phase == phase.id]

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if absent)."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def persona(self, persona_id: str) -> Persona:
        """The persona with this id (KeyError if absent)."""
        for p in self.personas:
            if p.id == persona_id:
                return p
        raise KeyError(persona_id)

    def irritant_ids(self) -> set[str]:
        """Ids of every irritant of every step."""
        return {i.id for s in self.steps for i in s.irritants if i.id}

    def structure(self) -> JourneyStructure:
        """The main path, detours, loops and outcomes the steps' roles describe."""
        return structure_of(self.steps)

    def latest_measurement(self) -> MetricSnapshot | None:
        """The most recent metrics snapshot, if any."""
        if not self.measurements:
            return None
        return max(self.measurements, key=lambda snap: snap.taken_at)

    # -------------------------------------------------------------- identities
    def assign_missing_ids(self) -> JourneyMap:
        """Give every sub-element without id a stable one derived from its step.

        Returns a new map; ids already present are never changed. Once saved, the
        assigned ids are part of the file and stay stable. A map that lacks no id is returned
        as it is (maps are never changed in place: a deep copy of a big map cost a save
        more than writing it).
        """
        if not self._lacks_ids():
            return self
        data = self.model_copy(deep=True)
        taken = set(_all_ids(data))

        def fresh(prefix: str) -> str:
            n = 1
            while f"{prefix}-{n}" in taken:
                n += 1
            new_id = f"{prefix}-{n}"
            taken.add(new_id)
            return new_id

        for step in data.steps:
            for kind, items in step.identified_items():
                for item in items:
                    if item.id is None:
                        item.id = fresh(f"{step.id}.{kind}")
        for lp in data.listening_points:
            if lp.id is None:
                lp.id = fresh(f"lp-{lp.step}")
        for opp in data.opportunities:
            if opp.id is None:
                opp.id = fresh(f"opp-{slugify(opp.title, max_length=24)}")
        return data

    def _lacks_ids(self) -> bool:
        """Whether some sub-element :meth:`assign_missing_ids` names has no id yet."""
        for step in self.steps:
            for _, items in step.identified_items():
                if any(item.id is None for item in items):
                    return True
        return any(lp.id is None for lp in self.listening_points) or any(
            opp.id is None for opp in self.opportunities
        )

    # --------------------------------------------------------------- validation
    @model_validator(mode="after")
    def _check_references(self) -> JourneyMap:
        ids = list(_all_ids(self))
        duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
        if duplicates:
            raise ValueError(f"duplicate id(s): {', '.join(duplicates)}; every id must be unique")
        phase_ids = {p.id for p in self.phases}
        persona_ids = {p.id for p in self.personas}
        step_ids = {s.id for s in self.steps}
        lane_ids = {lane.id for lane in self.custom_lanes}
        problems: list[str] = []
        for i, step in enumerate(self.steps):
            if step.phase is not None and step.phase not in phase_ids:
                problems.append(
                    f"steps[{i}].phase: unknown phase '{step.phase}' "
                    f"(expected one of: {_choices(phase_ids)})"
                )
            for j, emotion in enumerate(step.emotions):
                if emotion.persona not in persona_ids:
                    problems.append(
                        f"steps[{i}].emotions[{j}].persona: unknown persona "
                        f"'{emotion.persona}' (expected one of: {_choices(persona_ids)})"
                    )
            for lane in step.custom:
                if lane not in lane_ids:
                    problems.append(
                        f"steps[{i}].custom.{lane}: unknown custom lane "
                        f"(expected one of: {_choices(lane_ids)})"
                    )
        problems += _structure_problems(self.steps)
        for i, lp in enumerate(self.listening_points):
            if lp.step not in step_ids:
                problems.append(
                    f"listening_points[{i}].step: unknown step '{lp.step}' "
                    f"(expected one of: {_choices(step_ids)})"
                )
        irritant_ids = self.irritant_ids()
        for i, opp in enumerate(self.opportunities):
            for j, sid in enumerate(opp.steps):
                if sid not in step_ids:
                    problems.append(f"opportunities[{i}].steps[{j}]: unknown step '{sid}'")
            for j, iid in enumerate(opp.irritants):
                if iid not in irritant_ids:
                    problems.append(f"opportunities[{i}].irritants[{j}]: unknown irritant '{iid}'")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _structure_problems(steps: list[Step]) -> list[str]:
    """Inconsistent roles: outcome kinds, alternatives and loops that name no valid step."""
    problems: list[str] = []
    by_id = {s.id: s for s in steps}
    for i, step in enumerate(steps):
        if step.role is StepRole.OUTCOME and step.outcome is None:
            problems.append(
                f"steps[{i}].outcome: an outcome step needs its kind (expected success or failure)"
            )
        if step.role is not StepRole.OUTCOME and step.outcome is not None:
            problems.append(
                f"steps[{i}].outcome: only a step with role 'outcome' has an outcome kind "
                f"(this step's role is '{step.role.value}')"
            )
        head = step.alternative_of
        if head is not None:
            target = by_id.get(head)
            if step.role is not StepRole.CORE:
                problems.append(
                    f"steps[{i}].alternative_of: only a core step can be an alternative "
                    f"(this step's role is '{step.role.value}')"
                )
            elif target is None or target.role is not StepRole.CORE or head == step.id:
                problems.append(
                    f"steps[{i}].alternative_of: '{head}' is not another core step "
                    f"(expected one of: {_choices(_core_heads(steps) - {step.id})})"
                )
            elif target.alternative_of is not None:
                problems.append(
                    f"steps[{i}].alternative_of: '{head}' is itself an alternative of "
                    f"'{target.alternative_of}' (name '{target.alternative_of}' instead)"
                )
        if step.returns_to is not None and step.returns_to not in by_id:
            problems.append(
                f"steps[{i}].returns_to: unknown step '{step.returns_to}' "
                f"(expected one of: {_choices(set(by_id))})"
            )
    return problems


def _core_heads(steps: list[Step]) -> set[str]:
    return {s.id for s in steps if s.role is StepRole.CORE and s.alternative_of is None}


def _choices(ids: set[str]) -> str:
    return ", ".join(sorted(ids)) if ids else "none defined"


def _all_ids(m: JourneyMap) -> Iterator[str]:
    """Every explicit id of the map (top-level elements and step sub-elements)."""
    for group in (m.personas, m.phases, m.steps, m.custom_lanes, m.measurements):
        for element in group:
            yield element.id
    for step in m.steps:
        for _, items in step.identified_items():
            for item in items:
                if item.id is not None:
                    yield item.id
    for others in (m.listening_points, m.opportunities):
        for other in others:
            if other.id is not None:
                yield other.id
