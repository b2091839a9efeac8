"""The ordered registry of rubric rules, as a reviewer reads a map.

>>> RULES[0].id
'journey-scope-objective'
>>> rule_by_id("step-actions").severity.value
'error'
"""

from __future__ import annotations

from parcours.errors import ParcoursError
from parcours.rubric import (
    actions,
    data,
    emotion,
    journey,
    lifecycle,
    listening,
    opportunities,
    structure,
)
from parcours.rubric import service as svc
from parcours.rubric.messages import MESSAGES
from parcours.rubric.rule import Rule

RULES: tuple[Rule, ...] = (
    journey.JOURNEY_SCOPE_OBJECTIVE,
    journey.JOURNEY_PERSONAS,
    journey.JOURNEY_STEPS,
    lifecycle.FIRST_STEP_BEFORE_PURCHASE,
    lifecycle.STEP_PHASE,
    lifecycle.PHASE_STEPS,
    lifecycle.PHASE_ORDER,
    lifecycle.CUSTOM_PHASE_POSITION,
    lifecycle.AFTER_PURCHASE,
    structure.SUCCESS_OUTCOME,
    structure.EXCEPTION_WAY_OUT,
    actions.STEP_ACTIONS,
    actions.ACTION_PRECISION,
    svc.STEP_TOUCHPOINTS,
    data.STEP_DATA,
    data.DATA_CATEGORY,
    svc.STEP_STAKEHOLDERS,
    emotion.EMOTION_COVERAGE,
    emotion.EMOTION_VARIATION,
    emotion.EMOTION_LOWS,
    emotion.EMOTION_HIGHS,
    emotion.EMOTION_EXPLAINED,
    emotion.EMOTION_MEASURED,
    svc.STEP_METRICS,
    svc.METRIC_TARGET,
    listening.MOMENT_LISTENING,
    structure.OPTIONAL_MOMENT,
    listening.LISTENING_QUESTIONS,
    opportunities.IRRITANT_OPPORTUNITY,
    opportunities.OPPORTUNITY_EFFORT,
    structure.REVIEW_NOTES,
)
"""Every built-in rule, in report order (journey, lifecycle, steps, emotions, follow-up)."""


class UnknownRuleError(ParcoursError, LookupError):
    """A rule id that is not in :data:`RULES`.

    >>> UnknownRuleError("step-action").message("fr").startswith("Règle « step-action »")
    True
    """

    def __init__(self, rule_id: str) -> None:
        self.rule_id = rule_id
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The explanation in ``lang``, listing the known rule ids."""
        known = ", ".join(r.id for r in RULES)
        return MESSAGES.text("unknown_rule", lang, rule=self.rule_id, rules=known)


def rule_by_id(rule_id: str) -> Rule:
    """The built-in rule with this id; :class:`UnknownRuleError` otherwise."""
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise UnknownRuleError(rule_id)
