"""A rubric rule: a stable id, a severity, FR/EN texts and one pure check function.

>>> from parcours.model import JourneyMap
>>> from parcours.rubric.finding import Severity
>>> r = Rule("journey-personas", Severity.ERROR, lambda m: [])
>>> r.title("fr")
'La carte décrit au moins un persona'
>>> r(JourneyMap(journey={"title": "Demo"}))
[]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from parcours.model import JourneyMap
from parcours.rubric.finding import Finding, ParamValue, Severity
from parcours.rubric.messages import MESSAGES

CheckFunction = Callable[[JourneyMap], list[Finding]]
"""The signature of every rule: a map in, its findings out (no I/O, no mutation)."""


@dataclass(frozen=True)
class Rule:
    """One rule of the quality rubric."""

    id: str
    """Stable kebab-case id, used in reports, docs and ``check(rules=[...])``."""
    severity: Severity
    function: CheckFunction = field(compare=False, repr=False)

    def title(self, lang: str = "en") -> str:
        """A one-line statement of what a good map does, in ``lang``."""
        return MESSAGES.text(f"{self.id}.title", lang)

    def description(self, lang: str = "en") -> str:
        """What the rule checks and why a reviewer cares, in ``lang``."""
        return MESSAGES.text(f"{self.id}.description", lang)

    def finding(self, element_id: str | None, variant: str, **params: ParamValue) -> Finding:
        """A finding of this rule, with message key ``<id>.<variant>``.

        >>> r = Rule("step-actions", Severity.ERROR, lambda m: [])
        >>> r.finding("s-1", "none", step="Payer").message("en")
        'Step "Payer" describes no action of the customer.'
        """
        return Finding(
            rule_id=self.id,
            severity=self.severity,
            element_id=element_id,
            key=f"{self.id}.{variant}",
            params=tuple(params.items()),
        )

    def __call__(self, m: JourneyMap) -> list[Finding]:
        """Run the rule on ``m``."""
        return self.function(m)
