"""Rules about lifecycle phases: before / after the purchase, step-phase correspondence.

A phase's position relative to the act of purchase comes from its ``kind``
(:class:`parcours.model.PhaseKind`) or, for ``custom`` phases, from ``before_purchase``.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Demo"},
...     phases=[{"id": "ph-buy", "name": "Achat", "kind": "purchase"}],
...     steps=[{"id": "s-pay", "name": "Payer", "phase": "ph-buy"}])
>>> FIRST_STEP_BEFORE_PURCHASE(m)[0].element_id
's-pay'
"""

from __future__ import annotations

from parcours.model import JourneyMap, Phase, PhaseKind
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _first_step_before_purchase(m: JourneyMap) -> list[Finding]:
    if not m.steps:
        return []
    rule = FIRST_STEP_BEFORE_PURCHASE
    first = m.steps[0]
    phase = m.phase_of(first)
    if phase is None:
        return [rule.finding(first.id, "no-phase", step=first.name)]
    if phase.is_before_purchase is None:
        return [rule.finding(first.id, "unknown", step=first.name, phase=phase.name)]
    if not phase.is_before_purchase:
        return [rule.finding(first.id, "after", step=first.name, phase=phase.name)]
    return []


def _step_phase(m: JourneyMap) -> list[Finding]:
    return [STEP_PHASE.finding(s.id, "none", step=s.name) for s in m.steps if s.phase is None]


def _phase_steps(m: JourneyMap) -> list[Finding]:
    return [PHASE_STEPS.finding(p.id, "none", phase=p.name) for p in m.phases if not m.steps_in(p)]


def _phase_order(m: JourneyMap) -> list[Finding]:
    return _steps_out_of_order(m) + _phases_out_of_lifecycle(m)


def _steps_out_of_order(m: JourneyMap) -> list[Finding]:
    """A step whose phase is declared before the phase of an earlier step."""
    position = {p.id: i for i, p in enumerate(m.phases)}
    findings: list[Finding] = []
    latest: Phase | None = None
    for step in m.steps:
        phase = m.phase_of(step)
        if phase is None:
            continue
        if latest is not None and position[phase.id] < position[latest.id]:
            findings.append(
                PHASE_ORDER.finding(
                    step.id, "step", step=step.name, phase=phase.name, previous=latest.name
                )
            )
        else:
            latest = phase
    return findings


def _phases_out_of_lifecycle(m: JourneyMap) -> list[Finding]:
    """A phase known to come before the purchase, declared after one that does not."""
    findings: list[Finding] = []
    first_late: Phase | None = None
    for phase in m.phases:
        before = phase.is_before_purchase
        if before is False and first_late is None:
            first_late = phase
        elif before is True and first_late is not None:
            findings.append(
                PHASE_ORDER.finding(phase.id, "phase", phase=phase.name, later=first_late.name)
            )
    return findings


def _custom_phase_position(m: JourneyMap) -> list[Finding]:
    return [
        CUSTOM_PHASE_POSITION.finding(p.id, "unknown", phase=p.name)
        for p in m.phases
        if p.kind is PhaseKind.CUSTOM and p.before_purchase is None
    ]


def _after_purchase(m: JourneyMap) -> list[Finding]:
    if not m.steps:
        return []
    after = [p for p in m.phases if p.is_after_purchase]
    if not after:
        return [AFTER_PURCHASE.finding(None, "no-phase", journey=m.journey.title)]
    if not any(m.steps_in(p) for p in after):
        names = ", ".join(p.name for p in after)
        return [AFTER_PURCHASE.finding(None, "no-step", journey=m.journey.title, phases=names)]
    return []


FIRST_STEP_BEFORE_PURCHASE = Rule(
    "first-step-before-purchase", Severity.ERROR, _first_step_before_purchase
)
STEP_PHASE = Rule("step-phase", Severity.ERROR, _step_phase)
PHASE_STEPS = Rule("phase-steps", Severity.ERROR, _phase_steps)
PHASE_ORDER = Rule("phase-order", Severity.WARNING, _phase_order)
CUSTOM_PHASE_POSITION = Rule("custom-phase-position", Severity.WARNING, _custom_phase_position)
AFTER_PURCHASE = Rule("after-purchase", Severity.ERROR, _after_purchase)
