"""Listening points: how the voice of the customer is collected at moments of truth."""

from __future__ import annotations

from pydantic import Field

from parcours.model.base import ElementId, Model
from parcours.model.vocabulary import Comparator, ListeningMedium


class Threshold(Model):
    """An alert rule: raise an alert when ``indicator`` goes ``comparator`` ``value``.

    >>> Threshold(indicator="CSAT", comparator="below", value=80, unit="%").describe()
    'CSAT below 80 %'
    """

    indicator: str
    comparator: Comparator = Comparator.BELOW
    value: float
    unit: str = ""

    def describe(self) -> str:
        """A short plain-text rendering (language-neutral)."""
        number = f"{self.value:g}"
        return f"{self.indicator} {self.comparator.value} {number} {self.unit}".strip()

    def is_breached(self, measured: float) -> bool:
        """Whether a measured value triggers the alert."""
        if self.comparator is Comparator.BELOW:
            return measured < self.value
        return measured > self.value


class ListeningPoint(Model):
    """A survey or feedback collection placed at a step (usually a moment of truth)."""

    id: ElementId | None = None
    step: ElementId
    questions: list[str] = Field(default_factory=list)
    medium: ListeningMedium
    target: str = ""
    """The population asked (e.g. "prospects who abandoned the form")."""
    timing: str = ""
    """When it is sent relative to the moment (e.g. "within 1 hour")."""
    frequency: str = ""
    alert_threshold: Threshold | None = None
