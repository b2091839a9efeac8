"""Running the rubric and reporting: per-rule results, counts, text and JSON.

>>> from parcours.model import JourneyMap
>>> report = check(JourneyMap(journey={"title": "Demo"}))
>>> report.ok, report.exit_code
(False, 1)
>>> report.to_json("en")["counts"]["error"] >= 2
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parcours.model import JourneyMap
from parcours.rubric.finding import Finding, Severity
from parcours.rubric.messages import MESSAGES
from parcours.rubric.registry import RULES, rule_by_id
from parcours.rubric.rule import Rule

JSON_FORMAT = "parcours.rubric/1"
"""Identifies the layout of :meth:`RubricReport.to_json` (bumped on breaking changes)."""


@dataclass(frozen=True)
class RuleResult:
    """One rule and the findings it produced on a map."""

    rule: Rule
    findings: tuple[Finding, ...]

    @property
    def id(self) -> str:
        """The rule id."""
        return self.rule.id

    @property
    def rule_id(self) -> str:
        """The rule id (same as :attr:`id`)."""
        return self.rule.id

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity

    @property
    def passed(self) -> bool:
        """True when the rule found nothing."""
        return not self.findings

    def title(self, lang: str = "en") -> str:
        """The rule's title in ``lang``."""
        return self.rule.title(lang)


@dataclass(frozen=True)
class RubricReport:
    """The result of :func:`check`: one :class:`RuleResult` per rule run, in order."""

    journey_title: str
    results: tuple[RuleResult, ...]

    @property
    def rules(self) -> list[RuleResult]:
        """Per-rule results, in registry order."""
        return list(self.results)

    @property
    def findings(self) -> list[Finding]:
        """Every finding, in rule order then map order."""
        return [f for r in self.results for f in r.findings]

    def counts(self) -> dict[str, int]:
        """Number of findings per severity (every severity present, even at 0)."""
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    @property
    def passed(self) -> int:
        """How many rules found nothing."""
        return sum(r.passed for r in self.results)

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings and infos are allowed)."""
        return all(f.severity is not Severity.ERROR for f in self.findings)

    @property
    def exit_code(self) -> int:
        """0 when :attr:`ok`, 1 otherwise (the exit code of ``parcours check``)."""
        return 0 if self.ok else 1

    def summary(self, lang: str = "en") -> str:
        """One line: counts per severity, rules passed, verdict."""
        counts = ", ".join(_count(level, n, lang) for level, n in self.counts().items())
        line = MESSAGES.text(
            "report.summary", lang, counts=counts, passed=self.passed, total=len(self.results)
        )
        verdict = MESSAGES.text("report.verdict_ok" if self.ok else "report.verdict_ko", lang)
        return f"{line} {verdict}"

    def to_text(self, lang: str = "en") -> str:
        """A readable report for a terminal.

        The failed rules first (errors, then warnings, then infos), each with its findings
        and hints; then the rules passed; then the summary line.
        """
        lines = [MESSAGES.text("report.heading", lang, journey=self.journey_title), ""]
        failed = sorted((r for r in self.results if not r.passed), key=lambda r: r.severity.rank)
        for result in failed:
            lines += _result_lines(result, lang)
        if failed:
            lines.append("")
        for result in self.results:
            if result.passed:
                lines += _result_lines(result, lang)
        lines += ["", self.summary(lang)]
        return "\n".join(lines)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """Plain data with stable keys (``parcours check --format json``)."""
        return {
            "format": JSON_FORMAT,
            "language": lang,
            "journey": self.journey_title,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "rules_run": len(self.results),
            "rules_passed": self.passed,
            "counts": self.counts(),
            "rules": [_result_json(r, lang) for r in self.results],
            "findings": [f.to_json(lang) for f in self.findings],
        }


def check(m: JourneyMap, *, rules: Iterable[Rule | str] | None = None) -> RubricReport:
    """Run the rubric (every rule of :data:`RULES`, or the given rules or ids) on ``m``.

    >>> from parcours.model import JourneyMap
    >>> m = JourneyMap(journey={"title": "Demo"})
    >>> check(m, rules=["journey-personas"]).findings[0].message("fr")
    'La carte n’a aucun persona.'
    """
    chosen = RULES if rules is None else tuple(_resolve(r) for r in rules)
    results = tuple(RuleResult(rule, tuple(rule(m))) for rule in chosen)
    return RubricReport(journey_title=m.journey.title, results=results)


def _resolve(rule: Rule | str) -> Rule:
    return rule if isinstance(rule, Rule) else rule_by_id(rule)


def _count(level: str, n: int, lang: str) -> str:
    plural = n > 1 if lang == "fr" else n != 1
    return MESSAGES.text(f"count.{level}.{'other' if plural else 'one'}", lang, n=n)


def _result_lines(result: RuleResult, lang: str) -> list[str]:
    if result.passed:
        return [f"✓ {result.id} · {result.title(lang)}"]
    count = _count(result.severity.value, len(result.findings), lang)
    lines = [f"✗ {result.id} · {result.title(lang)} — {count}"]
    journey = MESSAGES.text("report.journey", lang)
    for finding in result.findings:
        element = finding.element_id or journey
        message = finding.message(lang)
        lines.append(
            "    " + MESSAGES.text("report.finding_line", lang, element=element, message=message)
        )
        lines.append("      " + MESSAGES.text("report.hint_line", lang, hint=finding.hint(lang)))
    return lines


def _result_json(result: RuleResult, lang: str) -> dict[str, Any]:
    return {
        "id": result.id,
        "severity": result.severity.value,
        "title": result.title(lang),
        "passed": result.passed,
        "findings": len(result.findings),
    }
