"""Every rule is documented in docs/rubric.md, with its severity."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcours import rubric

DOC = Path(__file__).resolve().parents[2] / "docs" / "rubric.md"


@pytest.mark.parametrize("rule", rubric.RULES, ids=[r.id for r in rubric.RULES])
def test_rule_has_a_section(rule: rubric.Rule) -> None:
    text = DOC.read_text(encoding="utf-8")
    heading = f"### `{rule.id}`"
    assert heading in text, f"add a section '{heading}' to docs/rubric.md"
    section = text.split(heading, 1)[1].split("\n### ", 1)[0]
    assert f"**{rule.severity.value}**" in section, "state the severity in the section"


def test_no_undocumented_leftover() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = {line[5:].split("`")[0] for line in text.splitlines() if line.startswith("### `")}
    assert documented == {r.id for r in rubric.RULES}
