"""docs/analytics.md documents every option and every public name of parcours.analytics."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import parcours.analytics
from parcours.analytics import AnalysisOptions

DOC = (Path(__file__).parents[2] / "docs" / "analytics.md").read_text(encoding="utf-8")


def test_every_option_is_documented() -> None:
    for field in dataclasses.fields(AnalysisOptions):
        assert f"| `{field.name}` |" in DOC, f"option {field.name} is not in docs/analytics.md"


def test_every_public_function_is_documented_and_resolves() -> None:
    for name in parcours.analytics.__all__:
        assert hasattr(parcours.analytics, name), name
        value = getattr(parcours.analytics, name)
        if callable(value) and name[0].islower():
            assert f"`{name}(" in DOC, f"{name} is not in docs/analytics.md"
