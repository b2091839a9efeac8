"""Rules about how the company serves each step: touchpoints, stakeholders, metrics.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": "s-1", "name": "Payer"}])
>>> [f.rule_id for f in STEP_TOUCHPOINTS(m) + STEP_METRICS(m)]
['step-touchpoints', 'step-metrics']
"""

from __future__ import annotations

from parcours.model import JourneyMap, Stakeholder, Step
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _step_touchpoints(m: JourneyMap) -> list[Finding]:
    return [
        STEP_TOUCHPOINTS.finding(s.id, "none", step=s.name) for s in m.steps if not s.touchpoints
    ]


def _step_stakeholders(m: JourneyMap) -> list[Finding]:
    return [finding for step in m.steps for finding in _stakeholder_findings(step)]


def _stakeholder_findings(step: Step) -> list[Finding]:
    rule = STEP_STAKEHOLDERS
    if not step.stakeholders:
        return [rule.finding(step.id, "none", step=step.name)]
    findings: list[Finding] = []
    for stakeholder in step.stakeholders:
        findings += _incomplete_stakeholder(step, stakeholder)
    return findings


def _incomplete_stakeholder(step: Step, stakeholder: Stakeholder) -> list[Finding]:
    rule = STEP_STAKEHOLDERS
    findings: list[Finding] = []
    if not stakeholder.deliverable.strip():
        findings.append(
            rule.finding(step.id, "no-deliverable", step=step.name, stakeholder=stakeholder.name)
        )
    if stakeholder.office is None:
        findings.append(
            rule.finding(step.id, "no-office", step=step.name, stakeholder=stakeholder.name)
        )
    return findings


def _step_metrics(m: JourneyMap) -> list[Finding]:
    return [STEP_METRICS.finding(s.id, "none", step=s.name) for s in m.steps if not s.metrics]


def _metric_target(m: JourneyMap) -> list[Finding]:
    return [
        METRIC_TARGET.finding(step.id, "none", step=step.name, metric=metric.name)
        for step in m.steps
        for metric in step.metrics
        if metric.target is None
    ]


STEP_TOUCHPOINTS = Rule("step-touchpoints", Severity.ERROR, _step_touchpoints)
STEP_STAKEHOLDERS = Rule("step-stakeholders", Severity.ERROR, _step_stakeholders)
STEP_METRICS = Rule("step-metrics", Severity.ERROR, _step_metrics)
METRIC_TARGET = Rule("metric-target", Severity.INFO, _metric_target)
