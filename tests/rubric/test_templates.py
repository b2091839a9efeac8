"""Every built-in template passes the rubric: no error-level finding."""

from __future__ import annotations

from parcours import rubric
from parcours.model import JourneyMap


def test_template_has_no_error(template: tuple[str, str, JourneyMap]) -> None:
    name, lang, m = template
    report = rubric.check(m)
    errors = [
        f"{f.rule_id} {f.element_id}: {f.message('en')}"
        for f in report.findings
        if f.severity is rubric.Severity.ERROR
    ]
    assert errors == [], f"{name}.{lang}"
    assert report.ok and report.exit_code == 0


def test_template_runs_every_rule(template: tuple[str, str, JourneyMap]) -> None:
    _, _, m = template
    assert [r.id for r in rubric.check(m).rules] == [r.id for r in rubric.RULES]
