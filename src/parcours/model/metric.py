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
    CES_MEAN = "ces_mean"
    """Mean customer-effort score of survey answers (CES 1-7, higher is easier)."""
    MEASURED_EMOTION = "measured_emotion"
    """Survey answers put on the -2..+2 emotion scale (``docs/analytics.md``, Feedback)."""
    RESPONSES = "responses"
    """Number of survey answers."""


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
    channel: str | None = None
    """Set on values measured for one channel only (survey answers)."""
    touchpoint: str | None = None
    """Set on values measured for one touchpoint only (survey answers)."""
    persona: ElementId | None = None
    """Set on values measured for one persona only (survey answers, via its segment)."""
    low: float | None = None
    """Lower end of the 95 % confidence interval, when known."""
    high: float | None = None
    """Upper end of the 95 % confidence interval, when known."""
    responses: int | None = None
    """Number of answers the value rests on, when it comes from survey answers."""
    small_sample: bool = False
    """True when ``responses`` is below the small-sample threshold: an indication only."""

    @property
    def overall(self) -> bool:
        """True when the value is not restricted to a segment, channel, touchpoint or persona.

        >>> MeasuredValue(measure="nps", value=10.0, channel="phone").overall
        False
        """
        return (
            self.segment is None
            and self.channel is None
            and self.touchpoint is None
            and self.persona is None
        )


class MetricSnapshot(Model):
    """Values measured from data at one date, stored in the map so renders show them."""

    id: ElementId
    taken_at: datetime
    source: str = ""
    """What was analysed (file name, table...)."""
    period_start: datetime | None = None
    period_end: datetime | None = None
    values: list[MeasuredValue] = Field(default_factory=list)
