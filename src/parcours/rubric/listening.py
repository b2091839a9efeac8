"""Rules about the listening plan: the voice of the customer at moments of truth.

>>> from parcours.model import JourneyMap, StepRole
>>> m = JourneyMap(journey={"title": "Demo"},
...     steps=[{"id": "s-1", "name": "Payer", "moment_of_truth": True}])
>>> MOMENT_LISTENING(m)[0].element_id
's-1'
"""

from __future__ import annotations

from parcours.model import JourneyMap, StepRole
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _moment_listening(m: JourneyMap) -> list[Finding]:
    listened = {lp.step for lp in m.listening_points}
    return [
        MOMENT_LISTENING.finding(s.id, "none", step=s.name)
        for s in m.steps
        if s.moment_of_truth and s.id not in listened and s.role is not StepRole.OPTIONAL
    ]


def _listening_questions(m: JourneyMap) -> list[Finding]:
    findings: list[Finding] = []
    for index, lp in enumerate(m.listening_points):
        if any(q.strip() for q in lp.questions):
            continue
        step = m.step(lp.step)
        point = lp.id or f"listening_points[{index}]"
        findings.append(
            LISTENING_QUESTIONS.finding(
                lp.id or step.id, "none", point=point, step=step.name, medium=lp.medium
            )
        )
    return findings


MOMENT_LISTENING = Rule("moment-listening", Severity.ERROR, _moment_listening)
LISTENING_QUESTIONS = Rule("listening-questions", Severity.WARNING, _listening_questions)
