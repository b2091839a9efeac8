"""How the views show a journey's structure: main path, detours, alternatives, outcomes.

Every view draws the steps in the same *display order* (:func:`display_steps`): the map
order, with each alternative moved next to the core step whose stage it shares and the
outcomes at the end (successes first). :func:`role_marks` gives each step a
:class:`RoleMark`: its role, its stage, the translated tag a view prints on it
(``Détour · 18 % · 1,3×``, ``Succès · 62 %``, ``ou``) and its declared loop
(``↩ Envoi justificatifs``).

Measured shares come from an analysis (:func:`analysis_measures`) or from the map's
latest snapshot (:func:`snapshot_measures`): for a detour, the share of the entered
customers who took it and its events per customer; for an outcome, the share of the
entered customers who ended there.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "T"}, steps=[
...     {"id": "apply", "name": "Apply"},
...     {"id": "opened", "name": "Opened", "role": "outcome", "outcome": "success"},
...     {"id": "web", "name": "Sign online"},
...     {"id": "help", "name": "Call us", "role": "exception", "returns_to": "apply"},
...     {"id": "branch", "name": "Sign in a branch", "alternative_of": "web"}])
>>> [s.id for s in display_steps(m)]
['apply', 'web', 'branch', 'help', 'opened']
>>> marks = role_marks(m, "en", {"help": StepMeasure(0.18, 1.3), "opened": StepMeasure(0.62)})
>>> marks["help"].tag, marks["help"].loop, marks["opened"].tag, marks["branch"].tag
('Detour · 18 % · 1.3×', '↩ Apply', 'Success · 62 %', 'or')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parcours.i18n import format_number, format_percent
from parcours.model import JourneyMap, Measure, Phase, Step
from parcours.model.vocabulary import OutcomeKind, StepRole
from parcours.render.labels import text

if TYPE_CHECKING:
    from parcours.analytics import JourneyAnalysis

SUCCESS = "#1b7f4b"
SUCCESS_BG = "#e7f6ee"
FAILURE = "#b42318"
FAILURE_BG = "#fdecea"
DETOUR = "#8a6d3b"
"""Outline and ink of a detour (optional or exception step)."""
DETOUR_BG = "#fffaf0"
DETOUR_DASH = "5 3"


@dataclass(frozen=True)
class StepMeasure:
    """What was measured about a detour or an outcome: ``share`` of the entered
    customers, and (detours) events per customer who took it."""

    share: float | None
    per_customer: float | None = None


@dataclass(frozen=True)
class RoleMark:
    """How a view marks one step (see the module docstring)."""

    role: str
    """``core``, ``optional``, ``exception`` or ``outcome``."""
    outcome: str
    """``success`` or ``failure`` for an outcome, else ``""``."""
    stage: int | None
    """Position of the step's stage on the main path (None: not on it)."""
    alternative: bool
    """True for the second (third...) way to reach a stage."""
    stage_steps: tuple[str, ...]
    """Every step of the step's stage (one unless it has alternatives)."""
    tag: str
    """The translated tag printed on the step ("" for a plain core step)."""
    loop: str
    """``↩ <name>`` when the step declares where the customer goes back, else ``""``."""
    share: float | None = None
    per_customer: float | None = None
    returns_to: str = ""
    """The id of the step a declared loop goes back to (``""``: no loop)."""
    review: str = ""
    """The step's note for a person to confirm (why discovery proposed its role)."""

    @property
    def is_detour(self) -> bool:
        """Optional or exception step."""
        return self.role in ("optional", "exception")

    @property
    def is_outcome(self) -> bool:
        """An outcome step."""
        return self.role == "outcome"

    @property
    def css_class(self) -> str:
        """CSS classes of the step in the HTML views (``role-core``, ``role-exception
        detour``, ``role-outcome outcome-success``...)."""
        classes = [f"role-{self.role}"]
        if self.is_detour:
            classes.append("detour")
        if self.outcome:
            classes.append(f"outcome-{self.outcome}")
        if self.alternative:
            classes.append("alternative")
        return " ".join(classes)

    @property
    def colour(self) -> str:
        """The step's accent colour (detour, success, failure; ``""`` for the main path)."""
        if self.is_detour:
            return DETOUR
        if self.outcome:
            return SUCCESS if self.outcome == OutcomeKind.SUCCESS.value else FAILURE
        return ""

    @property
    def background(self) -> str:
        """The step's pale background (``""`` for the main path)."""
        if self.is_detour:
            return DETOUR_BG
        if self.outcome:
            return SUCCESS_BG if self.outcome == OutcomeKind.SUCCESS.value else FAILURE_BG
        return ""


def percent(ratio: float, lang: str) -> str:
    """A ratio as a percentage with the digits that keep small values readable.

    >>> percent(0.866, "en"), percent(0.065, "en"), percent(0.0003, "fr")
    ('87 %', '6.5 %', '0,03 %')
    """
    if ratio == 0 or ratio >= 0.0995:
        digits = 0
    elif ratio >= 0.00995:
        digits = 1
    else:
        digits = 2
    return format_percent(ratio, lang, digits=digits)


def times(value: float, lang: str) -> str:
    """A per-customer count as a multiplier (``1.3×``, ``1,3×``).

    >>> times(1.25, "fr"), times(2, "en")
    ('1,2×', '2.0×')
    """
    return f"{format_number(value, lang, digits=1)}×"


def display_steps(m: JourneyMap) -> list[Step]:
    """The steps in the order the views draw them (see the module docstring).

    >>> m = JourneyMap(journey={"title": "T"}, steps=[
    ...     {"id": "no", "name": "Refused", "role": "outcome", "outcome": "failure"},
    ...     {"id": "ok", "name": "Opened", "role": "outcome", "outcome": "success"},
    ...     {"id": "a", "name": "Apply"}])
    >>> [s.id for s in display_steps(m)]
    ['a', 'ok', 'no']
    """
    heads = {s.id for s in m.steps if s.role is StepRole.CORE and s.alternative_of is None}
    alternatives: dict[str, list[Step]] = {}
    for step in m.steps:
        if _is_alternative(step, heads):
            alternatives.setdefault(str(step.alternative_of), []).append(step)
    ordered: list[Step] = []
    for step in m.steps:
        if step.role is StepRole.OUTCOME or _is_alternative(step, heads):
            continue
        ordered.append(step)
        ordered.extend(alternatives.get(step.id, []))
    outcomes = [s for s in m.steps if s.role is StepRole.OUTCOME]
    ordered += [s for s in outcomes if s.outcome is not OutcomeKind.FAILURE]
    ordered += [s for s in outcomes if s.outcome is OutcomeKind.FAILURE]
    return ordered


def display_map(m: JourneyMap, lang: str) -> JourneyMap:
    """``m`` with its steps in display order, for the views that lay one column per step.

    Moved to the end, outcomes would repeat the band of their phase after the last one;
    then they get a band of their own (``Outcomes`` / ``Issues``).

    >>> m = JourneyMap(journey={"title": "T"}, phases=[{"id": "p1", "name": "Apply"},
    ...     {"id": "p2", "name": "Use"}], steps=[
    ...     {"id": "a", "name": "A", "phase": "p1"},
    ...     {"id": "ok", "name": "OK", "role": "outcome", "outcome": "success", "phase": "p1"},
    ...     {"id": "b", "name": "B", "phase": "p2"}])
    >>> shown = display_map(m, "fr")
    >>> [(s.id, shown.phase_of(s).name) for s in shown.steps]
    [('a', 'Apply'), ('b', 'Use'), ('ok', 'Issues')]
    """
    steps = display_steps(m)
    outcomes = [s for s in steps if s.role is StepRole.OUTCOME]
    last = next((s.phase for s in reversed(steps) if s.role is not StepRole.OUTCOME), None)
    phases = list(m.phases)
    if outcomes and any(s.phase != last for s in outcomes):
        taken = {p.id for p in m.phases}
        band = next(
            f"outcomes-{n}" if n else "outcomes"
            for n in range(len(taken) + 1)
            if (f"outcomes-{n}" if n else "outcomes") not in taken
        )
        phases.append(Phase(id=band, name=text("role_outcomes", lang)))
        steps = [
            s.model_copy(update={"phase": band}) if s.role is StepRole.OUTCOME else s for s in steps
        ]
    if [s.id for s in steps] == [s.id for s in m.steps] and phases == list(m.phases):
        return m
    return m.model_copy(update={"steps": steps, "phases": phases})


def _is_alternative(step: Step, heads: set[str]) -> bool:
    return (
        step.role is StepRole.CORE
        and step.alternative_of is not None
        and step.alternative_of in heads
        and step.alternative_of != step.id
    )


def role_marks(
    m: JourneyMap, lang: str, measures: Mapping[str, StepMeasure] | None = None
) -> dict[str, RoleMark]:
    """Step id -> :class:`RoleMark`; ``measures`` (step id -> measure) adds the measured
    shares (default: those of the map's latest snapshot).

    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
    ...     {"id": "h", "name": "Help", "role": "optional"}])
    >>> marks = role_marks(m, "fr")
    >>> marks["a"].tag, marks["h"].tag, marks["h"].css_class
    ('', 'Facultative', 'role-optional detour')
    """
    measured = snapshot_measures(m) if measures is None else measures
    structure = m.structure()
    names = {s.id: s.name for s in m.steps}
    marks: dict[str, RoleMark] = {}
    for step in m.steps:
        stage = structure.stage_of(step.id)
        stage_steps = structure.stages[stage].steps if stage is not None else (step.id,)
        alternative = stage is not None and stage_steps[0] != step.id
        measure = measured.get(step.id)
        loop = ""
        if step.returns_to is not None:
            loop = f"↩ {names.get(step.returns_to, step.returns_to)}"
        outcome = step.outcome.value if step.role is StepRole.OUTCOME and step.outcome else ""
        if step.role is StepRole.OUTCOME and not outcome:
            outcome = OutcomeKind.SUCCESS.value
        marks[step.id] = RoleMark(
            role=step.role.value,
            outcome=outcome,
            stage=stage,
            alternative=alternative,
            stage_steps=stage_steps,
            tag=_tag(step.role.value, outcome, alternative, measure, lang),
            loop=loop,
            share=measure.share if measure else None,
            per_customer=measure.per_customer if measure else None,
            returns_to=step.returns_to or "",
            review=step.review,
        )
    return marks


def _tag(role: str, outcome: str, alternative: bool, measure: StepMeasure | None, lang: str) -> str:
    if role == "core":
        return text("role_or", lang) if alternative else ""
    key = f"role_{outcome}" if role == "outcome" else f"role_{role}"
    parts = [text(key, lang)]
    if measure is not None and measure.share is not None:
        parts.append(percent(measure.share, lang))
    if measure is not None and measure.per_customer is not None and role != "outcome":
        parts.append(times(measure.per_customer, lang))
    return " · ".join(parts)


def snapshot_measures(m: JourneyMap) -> dict[str, StepMeasure]:
    """The detours' and outcomes' measures in the map's latest snapshot (all customers):
    share = the step's customers / the journey's customers, per customer = events /
    customers. Empty without a snapshot.

    >>> from datetime import datetime
    >>> m = JourneyMap(journey={"title": "T"}, steps=[{"id": "a", "name": "A"},
    ...     {"id": "h", "name": "Help", "role": "optional"}], measurements=[
    ...     {"id": "s", "taken_at": datetime(2026, 1, 1), "values": [
    ...      {"measure": "customers", "value": 200},
    ...      {"step": "h", "measure": "customers", "value": 50},
    ...      {"step": "h", "measure": "events", "value": 60}]}])
    >>> snapshot_measures(m)
    {'h': StepMeasure(share=0.25, per_customer=1.2)}
    """
    snapshot = m.latest_measurement()
    if snapshot is None:
        return {}
    values: dict[tuple[str | None, Measure], float] = {
        (v.step, v.measure): v.value for v in snapshot.values if v.overall and v.value is not None
    }
    entered = values.get((None, Measure.CUSTOMERS))
    result: dict[str, StepMeasure] = {}
    for step in m.steps:
        if step.role is StepRole.CORE:
            continue
        customers = values.get((step.id, Measure.CUSTOMERS))
        if customers is None:
            continue
        share = customers / entered if entered else None
        events = values.get((step.id, Measure.EVENTS))
        per_customer = events / customers if events is not None and customers else None
        if step.role is StepRole.OUTCOME:
            per_customer = None
        result[step.id] = StepMeasure(share, per_customer)
    return result


def analysis_measures(analysis: JourneyAnalysis) -> dict[str, StepMeasure]:
    """The detours' and outcomes' measures of an analysis (shares of the entered
    customers, events per customer who took a detour).

    >>> from parcours.analytics import analyze
    >>> from parcours.analytics.testing import tiny_log
    >>> from parcours.engine import Engine
    >>> from parcours.model import Step, structure_of
    >>> engine = Engine.duckdb()
    >>> line = structure_of([Step(id="a", name="A"), Step(id="b", name="B", role="optional")])
    >>> analysis_measures(analyze(engine, tiny_log(engine), ["a", "b"], structure=line))
    {'b': StepMeasure(share=0.5, per_customer=1.0)}
    """
    result = {d.step: StepMeasure(d.share, d.events_per_customer) for d in analysis.detours}
    for outcome in analysis.funnel.outcomes:
        result[outcome.step] = StepMeasure(outcome.share)
    return result
