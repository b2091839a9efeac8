"""Rules about the map as a whole: scope, objective, personas, steps.

>>> from parcours.model import JourneyMap
>>> [f.key for f in JOURNEY_SCOPE_OBJECTIVE(JourneyMap(journey={"title": "Demo"}))]
['journey-scope-objective.scope', 'journey-scope-objective.objective']
"""

from __future__ import annotations

from parcours.model import JourneyMap
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _scope_and_objective(m: JourneyMap) -> list[Finding]:
    rule = JOURNEY_SCOPE_OBJECTIVE
    findings = []
    if not m.journey.scope.strip():
        findings.append(rule.finding(None, "scope", journey=m.journey.title))
    if not m.journey.objective.strip():
        findings.append(rule.finding(None, "objective", journey=m.journey.title))
    return findings


def _personas(m: JourneyMap) -> list[Finding]:
    return [] if m.personas else [JOURNEY_PERSONAS.finding(None, "none")]


def _steps(m: JourneyMap) -> list[Finding]:
    return [] if m.steps else [JOURNEY_STEPS.finding(None, "none")]


JOURNEY_SCOPE_OBJECTIVE = Rule("journey-scope-objective", Severity.WARNING, _scope_and_objective)
JOURNEY_PERSONAS = Rule("journey-personas", Severity.ERROR, _personas)
JOURNEY_STEPS = Rule("journey-steps", Severity.ERROR, _steps)
