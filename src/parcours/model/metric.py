"""Metric definitions attached to steps, and measured snapshots.

A definition says what to measure (name, unit, source, target, alert threshold). A
``measure`` names the built-in analytic that computes it from event logs (see
``docs/analytics.md``); without it the metric is filled by hand or by another tool.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from parcours.model.base import ElementId, Model, NonEmptyText
from parcours.model.vocabulary import Direction


class Measure(StrEnum):
    """Metrics that parcours' analytics compute per step from event logs."""

    CUSTOMERS = "customers"
    EVENTS = "events"
    CONTACTS_PER_CUSTOMER = "contacts_per_customer"
    CONVERSION_FROM_PREVIOUS = "conversion_from_previous"
    CONVERSION_FROM_START = "conversion_from_start"
    DROP_OFF = "drop_off"
    DELAY_MEAN_SECONDS = "delay_mean_seconds"
    DELAY_MEDIAN_SECONDS = "delay_median_seconds"
    DELAY_P90_SECONDS = "delay_p90_seconds"
    SATISFACTION_MEAN = "satisfaction_mean"
    CSAT_SHARE = "csat_share"
    NPS = "nps"


class MetricDefinition(Model):
    """A metric followed at a step.

    >>> MetricDefinition(name="Taux de conversion", unit="%", target=60).target
    60.0
    """

    id: ElementId | None = None
    name: NonEmptyText
    unit: str = ""
    source: str = ""
    """Where the value comes from (e.g. "Web analytics", "CRM", "Survey")."""
    target: float | None = None
    alert_threshold: float | None = None
    direction: Direction = Direction.HIGHER_IS_BETTER
    measure: Measure | None = None
    description: str = ""

    def is_alert(self, value: float) -> bool:
        """Whether ``value`` crosses the alert threshold in the bad direction."""
        if self.alert_threshold is None:
            return False
        if self.direction is Direction.HIGHER_IS_BETTER:
            return value < self.alert_threshold
        return value > self.alert_threshold


class MeasuredValue(Model):
    """One measured value of one step (or of the whole journey when ``step`` is None)."""

    step: ElementId | None = None
    measure: Measure
    value: float | None
    segment: str | None = None


class MetricSnapshot(Model):
    """Values measured from data at one date, stored in the map so renders show them."""

    id: ElementId
    taken_at: datetime
    source: str = ""
    """What was analysed (file name, table...)."""
    period_start: datetime | None = None
    period_end: datetime | None = None
    values: list[MeasuredValue] = Field(default_factory=list)
