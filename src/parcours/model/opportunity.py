"""Improvement opportunities, ranked on an impact / effort matrix.

An opportunity is written by a person or proposed from evidence (``parcours
opportunities``, :mod:`parcours.analytics.opportunities`). A proposed one carries its
``evidence``, the impact estimated from it (``impact_estimate``, in ``impact_unit``) and
the 1-5 ``impact`` score derived from that estimate. A person may override the score
(``impact_override``) and enters the effort; until they do, ``effort_unknown`` says that
the effort of 3 (medium) is a placeholder. ``done_on`` dates the change, so that the
metrics of its steps can be compared before and after.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from parcours.model.base import ElementId, Model, NonEmptyText
from parcours.model.vocabulary import OpportunityStatus

Score = Annotated[int, Field(ge=1, le=5)]
"""A 1 (low) to 5 (high) score."""


class EvidenceKind(StrEnum):
    """What an opportunity proposed from evidence answers."""

    DROP_OFF = "drop_off"
    """Customers dropped at a stage of the main path (a breaking point)."""
    WAIT = "wait"
    """A long wait before a stage of the main path."""
    DETOUR = "detour"
    """An optional or exception step whose takers convert less."""
    NEGATIVE_THEME = "negative_theme"
    """A negative theme of the verbatims at a step."""
    SATISFACTION_GAP = "satisfaction_gap"
    """Measured satisfaction at a step below its reference."""
    CHANNEL_GAP = "channel_gap"
    """Satisfaction through one channel clearly below the best channel's."""


class Evidence(Model):
    """The facts behind an opportunity: ``impact = customers_affected x severity x value``.

    >>> e = Evidence(kind="drop_off", step="sign", customers_affected=200, severity=0.25)
    >>> e.customers_affected * e.severity
    50.0
    """

    kind: EvidenceKind
    step: ElementId | None = None
    customers_affected: int = Field(default=0, ge=0)
    severity: float = Field(default=0.0, ge=0, le=1)
    """The drop-off rate, share of excess wait, conversion gap, theme share x valence or
    satisfaction gap, 0..1 (``docs/analytics.md``, "Opportunities")."""
    value: float | None = Field(default=None, ge=0)
    """Value of one customer (the map's ``journey.conversion_value``), if any."""
    details: dict[str, float | str | None] = Field(default_factory=dict)
    """The measured figures (rates, medians, counts) the evidence was read from."""
    quotes: list[str] = Field(default_factory=list)


class Opportunity(Model):
    """An improvement idea linked to steps and irritants.

    >>> o = Opportunity(id="o-1", title="Simulateur de frais", impact=5, effort=2)
    >>> o.quadrant
    'quick_win'
    >>> Opportunity(title="X", impact=2, impact_override=5).scored_impact
    5
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
    evidence: list[Evidence] = Field(default_factory=list)
    """Why it was proposed (empty: written by a person)."""
    impact_estimate: float | None = Field(default=None, ge=0)
    """``customers affected x severity x value`` summed over the evidence."""
    impact_unit: str = ""
    """``customers`` without a value, else the map's currency (or ``value``)."""
    impact_override: Score | None = None
    """The impact score a person chose instead of the estimated one."""
    effort_unknown: bool = False
    """True while nobody entered the effort: 3 (medium) is a placeholder."""
    done_on: date | None = None
    """When the change went live (before / after comparison of its steps)."""

    @property
    def scored_impact(self) -> int:
        """The impact used for ranking: the override when a person gave one."""
        return self.impact if self.impact_override is None else self.impact_override

    @property
    def quadrant(self) -> str:
        """``quick_win``, ``major_project``, ``fill_in`` or ``thankless`` (impact x effort)."""
        high_impact = self.scored_impact >= 3
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
        return self.scored_impact / self.effort
