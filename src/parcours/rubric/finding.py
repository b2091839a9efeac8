"""Findings: what a rubric rule reports about one element of a journey map.

A finding stores a message *key* and its parameters, not text, so that the same report
reads in French or in English (``message(lang)``, ``hint(lang)``).

>>> f = Finding("step-actions", Severity.ERROR, "s-kyc", "step-actions.none",
...             (("step", "Prouver son identité"),))
>>> f.message("fr")
'L’étape « Prouver son identité » ne décrit aucune action du client.'
>>> f.severity_label("en")
'error'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from parcours.i18n import label
from parcours.rubric.messages import MESSAGES

ParamValue = str | int | StrEnum
"""A message parameter: user text, a number, or a vocabulary word (shown as its label)."""


class Severity(StrEnum):
    """How serious a finding is; only ``error`` makes a map fail the rubric."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for information (sort key, worst first).

        >>> sorted([Severity.INFO, Severity.ERROR], key=lambda s: s.rank)[0].value
        'error'
        """
        return list(Severity).index(self)

    def label(self, lang: str) -> str:
        """The word for this severity in ``lang``.

        >>> Severity.WARNING.label("fr")
        'avertissement'
        """
        return MESSAGES.text(f"severity.{self.value}", lang)


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule on one element (or the whole journey)."""

    rule_id: str
    severity: Severity
    element_id: str | None
    """Id of the step, phase, persona or listening point concerned; None for the journey."""
    key: str
    """Message key in :data:`parcours.rubric.messages.MESSAGES` (without suffix)."""
    params: tuple[tuple[str, ParamValue], ...] = ()

    def message(self, lang: str = "en") -> str:
        """What is wrong, naming the element, in ``lang``."""
        return MESSAGES.text(f"{self.key}.message", lang, **self._resolved(lang))

    def hint(self, lang: str = "en") -> str:
        """How to fix it, in ``lang``."""
        return MESSAGES.text(f"{self.key}.hint", lang, **self._resolved(lang))

    def severity_label(self, lang: str = "en") -> str:
        """The severity as a word in ``lang``."""
        return self.severity.label(lang)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """Plain data with stable keys (used by :meth:`RubricReport.to_json`).

        >>> sorted(Finding("r", Severity.INFO, None, "journey-personas.none").to_json())
        ['element_id', 'hint', 'message', 'rule_id', 'severity', 'severity_label']
        """
        return {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "severity_label": self.severity_label(lang),
            "element_id": self.element_id,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }

    def _resolved(self, lang: str) -> dict[str, str]:
        return {name: _render(value, lang) for name, value in self.params}


def _render(value: ParamValue, lang: str) -> str:
    if isinstance(value, StrEnum):
        return label(value, lang)
    return str(value)
