"""Rules about the journey's structure: outcomes, exceptions, optional steps, review notes.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Demo"},
...     steps=[{"id": "s-1", "name": "Payer"},
...            {"id": "s-2", "name": "Réclamer", "role": "exception"}])
>>> [f.key for f in SUCCESS_OUTCOME(m) + EXCEPTION_WAY_OUT(m)]
['success-outcome.none', 'exception-way-out.none']
"""

from __future__ import annotations

from parcours.model import JourneyMap, OutcomeKind, StepRole
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _success_outcome(m: JourneyMap) -> list[Finding]:
    if not m.steps or any(s.outcome is OutcomeKind.SUCCESS for s in m.steps):
        return []
    return [SUCCESS_OUTCOME.finding(None, "none", journey=m.journey.title)]


def _exception_way_out(m: JourneyMap) -> list[Finding]:
    """An exception step needs a way back (``returns_to``) or an outcome after it."""
    findings: list[Finding] = []
    for position, step in enumerate(m.steps):
        if step.role is not StepRole.EXCEPTION or step.returns_to is not None:
            continue
        if any(s.role is StepRole.OUTCOME for s in m.steps[position + 1 :]):
            continue
        findings.append(EXCEPTION_WAY_OUT.finding(step.id, "none", step=step.name))
    return findings


def _optional_moment(m: JourneyMap) -> list[Finding]:
    listened = {lp.step for lp in m.listening_points}
    return [
        OPTIONAL_MOMENT.finding(s.id, "none", step=s.name)
        for s in m.steps
        if s.role is StepRole.OPTIONAL and s.moment_of_truth and s.id not in listened
    ]


def _review_notes(m: JourneyMap) -> list[Finding]:
    return [
        REVIEW_NOTES.finding(s.id, "open", step=s.name, note=s.review)
        for s in m.steps
        if s.review.strip()
    ]


SUCCESS_OUTCOME = Rule("success-outcome", Severity.WARNING, _success_outcome)
EXCEPTION_WAY_OUT = Rule("exception-way-out", Severity.WARNING, _exception_way_out)
OPTIONAL_MOMENT = Rule("optional-moment", Severity.ERROR, _optional_moment)
REVIEW_NOTES = Rule("review-notes", Severity.INFO, _review_notes)
