"""Rules about improvement opportunities: every irritant leads to an idea, every effort is
entered.

An irritant is *covered* when an opportunity lists its id in ``irritants`` or, failing
that, lists its step in ``steps``.

>>> from parcours.model import JourneyMap
>>> m = JourneyMap(journey={"title": "Demo"}, steps=[{"id": "s-1", "name": "Payer",
...     "irritants": [{"id": "irr-1", "text": "Paiement refusé sans explication"}]}])
>>> IRRITANT_OPPORTUNITY(m)[0].element_id
's-1'
"""

from __future__ import annotations

from parcours.model import JourneyMap
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.rule import Rule


def _irritant_opportunity(m: JourneyMap) -> list[Finding]:
    linked_irritants = {i for o in m.opportunities for i in o.irritants}
    linked_steps = {s for o in m.opportunities for s in o.steps}
    findings: list[Finding] = []
    for step in m.steps:
        if step.id in linked_steps:
            continue
        for irritant in step.irritants:
            if irritant.id is None:
                findings.append(
                    IRRITANT_OPPORTUNITY.finding(
                        step.id, "anonymous", step=step.name, irritant=irritant.text
                    )
                )
            elif irritant.id not in linked_irritants:
                findings.append(
                    IRRITANT_OPPORTUNITY.finding(
                        step.id, "none", step=step.name, irritant=irritant.text, id=irritant.id
                    )
                )
    return findings


IRRITANT_OPPORTUNITY = Rule("irritant-opportunity", Severity.ERROR, _irritant_opportunity)


def _opportunity_effort(m: JourneyMap) -> list[Finding]:
    """Opportunities accepted from evidence whose effort nobody entered yet.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "Demo"},
    ...     opportunities=[{"id": "o-1", "title": "Signer plus vite", "effort_unknown": True}])
    >>> [(f.element_id, f.key) for f in OPPORTUNITY_EFFORT(m)]
    [('o-1', 'opportunity-effort.unknown')]
    """
    return [
        OPPORTUNITY_EFFORT.finding(o.id, "unknown", title=o.title)
        for o in m.opportunities
        if o.effort_unknown
    ]


OPPORTUNITY_EFFORT = Rule("opportunity-effort", Severity.WARNING, _opportunity_effort)
