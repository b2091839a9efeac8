"""The quality rubric: the checklist a reviewer applies to a journey map.

Each rule has a stable id, a severity, French and English texts and one small pure
function; :func:`check` runs them and returns a :class:`RubricReport`.

>>> from parcours.model import JourneyMap
>>> report = check(JourneyMap(journey={"title": "Demo"}))
>>> report.exit_code
1
>>> [r.id for r in report.rules][:3]
['journey-scope-objective', 'journey-personas', 'journey-steps']
"""

from parcours.rubric.finding import Finding, Severity
from parcours.rubric.registry import RULES, UnknownRuleError, rule_by_id
from parcours.rubric.report import RubricReport, RuleResult, check
from parcours.rubric.rule import Rule

__all__ = [
    "RULES",
    "Finding",
    "RubricReport",
    "Rule",
    "RuleResult",
    "Severity",
    "UnknownRuleError",
    "check",
    "rule_by_id",
]
