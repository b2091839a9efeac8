"""Improvement opportunities, ranked on an impact / effort matrix."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from parcours.model.base import ElementId, Model, NonEmptyText
from parcours.model.vocabulary import OpportunityStatus

Score = Annotated[int, Field(ge=1, le=5)]
"""A 1 (low) to 5 (high) score."""


class Opportunity(Model):
    """An improvement idea linked to steps and irritants.

    >>> o = Opportunity(id="o-1", title="Simulateur de frais", impact=5, effort=2)
    >>> o.quadrant
    'quick_win'
    """

    id: ElementId | None = None
    title: NonEmptyText
    description: str = ""
    steps: list[ElementId] = Field(default_factory=list)
    irritants: list[ElementId] = Field(default_factory=list)
    impact: Score = 3
    effort: Score = 3
    owner: str = ""
    status: OpportunityStatus = OpportunityStatus.IDEA

    @property
    def quadrant(self) -> str:
        """``quick_win``, ``major_project``, ``fill_in`` or ``thankless`` (impact x effort)."""
        high_impact = self.impact >= 3
        low_effort = self.effort <= 3
        if high_impact and low_effort:
            return "quick_win"
        if high_impact:
            return "major_project"
        if low_effort:
            return "fill_in"
        return "thankless"

    @property
    def priority(self) -> float:
        """Impact over effort: higher first when ranking."""
        return self.impact / self.effort
