"""The options of an analysis: conversion window, as-of date, score scale, breakdowns; and
the defaults of discovery (the draft map proposed from a log)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum

from parcours.analytics.errors import AnalyticsError
from parcours.analytics.zone import zone_info

MIN_CASE_SHARE = 0.05
"""Discovery (:func:`parcours.analytics.discovery.discover`): by default an activity becomes
a step of the draft when at least this share of the customers has it (``--min-share``)."""

MAX_STEPS = 30
"""Discovery: by default the draft keeps at most this many steps, the most frequent
(``--max-steps``)."""

THIRTY_DAYS_SECONDS = 30 * 24 * 3600


class ScoreScale(StrEnum):
    """The scale satisfaction scores are given on."""

    ONE_TO_FIVE = "1-5"
    ZERO_TO_TEN = "0-10"


class Period(StrEnum):
    """The length of the periods of the period breakdown."""

    WEEK = "week"
    MONTH = "month"


class EventuallyFollows(StrEnum):
    """Which pairs of steps get eventually-follows delays."""

    OFF = "off"
    TRANSITIONS = "transitions"
    """Consecutive map steps only (k-1, k): one cheap equi-join."""
    ALL_PAIRS = "all_pairs"
    """Every ordered pair of distinct steps: a per-case self-join (costlier)."""


class FunnelMode(StrEnum):
    """Where customers may enter the funnel (``docs/analytics.md``)."""

    CLOSED = "closed"
    """At their first event on the first stage of the main path only."""
    OPEN = "open"
    """At their first event on any stage of the main path."""


class Dimension(StrEnum):
    """What a breakdown splits customers (or events) by."""

    SEGMENT = "segment"
    CHANNEL = "channel"
    PERIOD = "period"


@dataclass(frozen=True)
class AnalysisOptions:
    """How to analyse an event log (see ``docs/analytics.md`` for the semantics).

    >>> AnalysisOptions().window_seconds
    2592000
    >>> AnalysisOptions(window_seconds=None, period=Period.MONTH).period.value
    'month'
    """

    window_seconds: float | None = THIRTY_DAYS_SECONDS
    """Conversion window, from the customer's entry (match of the first step); None: no limit."""
    as_of: dt.datetime | None = None
    """Naive UTC date of the analysis (censoring); None: the last timestamp of the log."""
    score_scale: ScoreScale | None = None
    """Satisfaction scale; None: inferred from the scores (0-10 if any score > 5 or < 1)."""
    period: Period = Period.WEEK
    """Period of the period breakdown (week starts on Monday, in ``timezone``)."""
    timezone: str | None = None
    """IANA zone whose calendar the periods follow (``Europe/Paris``); None: UTC.
    ``parcours analyze`` passes the map's ``journey.timezone``."""
    breakdowns: tuple[Dimension, ...] = (Dimension.SEGMENT, Dimension.CHANNEL, Dimension.PERIOD)
    """Breakdowns of step stats and funnel to compute."""
    top_variants: int = 20
    """How many variants (activity and step sequences) to keep, most frequent first."""
    top_paths: int = 10
    """How many step paths the Sankey data keeps."""
    max_path_positions: int = 10
    """Sankey edges are counted between positions 0..max_path_positions-1 of step paths."""
    eventually_follows: EventuallyFollows = EventuallyFollows.TRANSITIONS
    """Pairs of steps that get eventually-follows delays."""
    funnel_mode: FunnelMode = FunnelMode.CLOSED
    """Closed funnel (entry at the first stage) or open funnel (entry at any stage)."""
    conformance: bool = False
    """Also compare the journeys with the map's order (skips, loops, returns...), from the
    same ordered tables: ``JourneyAnalysis.conformance``."""

    def __post_init__(self) -> None:
        if not isinstance(self.period, Period):  # "week" given as text: the enum
            self._coerce_period()
        if not isinstance(self.funnel_mode, FunnelMode):
            try:
                object.__setattr__(self, "funnel_mode", FunnelMode(self.funnel_mode))
            except ValueError:
                raise AnalyticsError(
                    "bad_option",
                    option="funnel_mode",
                    expected="closed_or_open",
                    got=str(self.funnel_mode),
                ) from None
        if self.window_seconds is not None and not 0 < self.window_seconds < math.inf:
            raise AnalyticsError(
                "bad_option",
                option="window_seconds",
                expected="positive_seconds",
                got=str(self.window_seconds),
            )
        if self.as_of is not None and self.as_of.tzinfo is not None:
            raise AnalyticsError(
                "bad_option",
                option="as_of",
                expected="naive_utc",
                got=self.as_of.isoformat(),
            )
        if self.timezone is not None and zone_info(self.timezone) is None:
            raise AnalyticsError(
                "bad_option",
                option="timezone",
                expected="iana_zone",
                got=self.timezone,
            )
        for name in ("top_variants", "top_paths", "max_path_positions"):
            value = getattr(self, name)
            if value < 1:
                raise AnalyticsError(
                    "bad_option", option=name, expected="whole_at_least_one", got=str(value)
                )

    def _coerce_period(self) -> None:
        try:
            object.__setattr__(self, "period", Period(self.period))
        except ValueError:
            raise AnalyticsError(
                "bad_option", option="period", expected="week_or_month", got=str(self.period)
            ) from None
