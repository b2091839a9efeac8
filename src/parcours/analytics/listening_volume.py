"""How many customers each listening point would survey per week, on a real event log.

For each listening point of the map, on the matched event table (``parcours.events``):

1. **Triggers.** With ``trigger_activity``, every event of that activity at the point's
   step; otherwise the first event of every *visit* of the step (a run of consecutive
   step events of the customer at that step, so a page viewed three times in a row
   triggers once). Events outside ``target_segments`` / ``target_channels`` (when set)
   are left out.
2. **Send time** = trigger time + the point's delay (``delay_hours``, else 1 h hot,
   72 h warm, 504 h cold).
3. **Sampling.** A trigger is kept when a stable hash of (point, customer, trigger time)
   falls below ``sampling_rate``: the same log always gives the same plan.
4. **Fatigue.** Sends are taken in time order over *all* points; a point with
   ``fatigue_days = N`` skips a customer surveyed (by any point) less than N days
   before.

Surveys are counted per ISO week (Monday, UTC) of their send time; the mean per week
divides by the number of weeks from the log's first to last event (at least 1).
Expected answers = surveys x response rate (the point's ``response_rate``, else the
stated default).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir

from parcours.engine import Engine
from parcours.model import ListeningPoint

DEFAULT_RESPONSE_RATE = 0.2
"""Response rate assumed when neither the point nor the caller states one."""


@dataclass(frozen=True)
class WeeklySurveys:
    """Surveys one point sends in one ISO week (``week_start`` is a Monday)."""

    week_start: dt.date
    surveyed: int
    expected_answers: float


@dataclass(frozen=True)
class PointVolume:
    """The survey volume of one listening point over the log."""

    point: str
    """The point's id (else ``step#index``)."""
    step: str
    triggers: int
    """Trigger events in the target population."""
    sampled: int
    """Triggers kept by the sampling rate."""
    surveyed: int
    """Surveys sent after the fatigue rule."""
    response_rate: float
    weeks: tuple[WeeklySurveys, ...]
    daily: dict[dt.date, int] = field(default_factory=dict)
    """Surveys sent per day (UTC), for response rates over any period."""
    log_weeks: int = 1
    """Weeks from the log's first to last event (the divisor of the weekly mean)."""

    @property
    def surveyed_per_week(self) -> float:
        """Mean surveys per week over the log's weeks."""
        return self.surveyed / max(self.log_weeks, 1)

    @property
    def expected_answers_per_week(self) -> float:
        """Mean expected answers per week."""
        return self.surveyed_per_week * self.response_rate

    def surveyed_between(self, start: dt.date, end: dt.date) -> int:
        """Surveys sent from ``start`` to ``end`` (both included)."""
        return sum(n for day, n in self.daily.items() if start <= day <= end)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "point": self.point,
            "step": self.step,
            "triggers": self.triggers,
            "sampled": self.sampled,
            "surveyed": self.surveyed,
            "response_rate": self.response_rate,
            "surveyed_per_week": self.surveyed_per_week,
            "expected_answers_per_week": self.expected_answers_per_week,
            "weeks": [
                {
                    "week_start": w.week_start.isoformat(),
                    "surveyed": w.surveyed,
                    "expected_answers": w.expected_answers,
                }
                for w in self.weeks
            ],
        }


@dataclass(frozen=True)
class ListeningVolume:
    """The survey volume of every listening point (map order)."""

    points: tuple[PointVolume, ...]
    first_week: dt.date | None
    last_week: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "first_week": self.first_week.isoformat() if self.first_week else None,
            "last_week": self.last_week.isoformat() if self.last_week else None,
            "points": [p.to_dict() for p in self.points],
        }


def point_key(point: ListeningPoint, index: int) -> str:
    """The point's id, else ``step#index`` (1-based).

    >>> point_key(ListeningPoint(step="s-kyc", medium="sms"), 0)
    's-kyc#1'
    """
    return point.id or f"{point.step}#{index + 1}"


def is_sampled(key: str, case_id: str, moment: dt.datetime, rate: float) -> bool:
    """Whether a stable hash of (point, customer, trigger time) falls below ``rate``.

    >>> is_sampled("lp", "c1", dt.datetime(2026, 1, 1), 1.0)
    True
    """
    if rate >= 1:
        return True
    digest = hashlib.blake2b(f"{key}|{case_id}|{moment.isoformat()}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big") / 2**64 < rate


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week.

    >>> week_start(dt.date(2026, 12, 3))
    datetime.date(2026, 11, 30)
    """
    return day - dt.timedelta(days=day.weekday())


def _visit_entries(table: ir.Table) -> ir.Table:
    """Step events, flagged ``entry`` when they start a visit of their step."""
    marked = table.filter(table.step.notnull())
    window = ibis.window(group_by=marked.case_id, order_by=[marked.timestamp, marked.row])
    previous = marked.step.lag().over(window)
    return marked.mutate(entry=previous.isnull() | (previous != marked.step))


def _triggers(entries: ir.Table, point: ListeningPoint) -> ir.Table:
    t = entries.filter(entries.step == point.step)
    if point.trigger_activity:
        t = t.filter(t.activity == point.trigger_activity)
    else:
        t = t.filter(t.entry)
    if point.target_segments:
        t = t.filter(t.segment.isin(point.target_segments))
    if point.target_channels:
        t = t.filter(t.channel.isin(point.target_channels))
    return t.select("case_id", "timestamp")


@dataclass
class _Send:
    moment: dt.datetime
    index: int
    case_id: str


def _candidates(
    engine: Engine, table: ir.Table, points: Sequence[ListeningPoint]
) -> tuple[list[int], list[_Send]]:
    entries = _visit_entries(table)
    triggers: list[int] = []
    sends: list[_Send] = []
    for index, point in enumerate(points):
        rows = engine.execute(_triggers(entries, point)).to_pylist()
        triggers.append(len(rows))
        delay = dt.timedelta(hours=point.effective_delay_hours())
        key = point_key(point, index)
        for row in rows:
            moment = row["timestamp"]
            if is_sampled(key, row["case_id"], moment, point.sampling_rate):
                sends.append(_Send(moment + delay, index, row["case_id"]))
    sends.sort(key=lambda s: (s.moment, s.index, s.case_id))
    return triggers, sends


def _apply_fatigue(sends: list[_Send], points: Sequence[ListeningPoint]) -> list[_Send]:
    last: dict[str, dt.datetime] = {}
    kept: list[_Send] = []
    for send in sends:
        days = points[send.index].fatigue_days
        before = last.get(send.case_id)
        if days and before is not None and send.moment - before < dt.timedelta(days=days):
            continue
        last[send.case_id] = send.moment
        kept.append(send)
    return kept


def _weeks(first: dt.date, last: dt.date) -> list[dt.date]:
    weeks, day = [], week_start(first)
    while day <= last:
        weeks.append(day)
        day += dt.timedelta(days=7)
    return weeks


def listening_volume(
    engine: Engine,
    table: ir.Table,
    points: Sequence[ListeningPoint],
    *,
    response_rate: float = DEFAULT_RESPONSE_RATE,
) -> ListeningVolume:
    """Surveys per point and week on a matched event table (columns of
    ``parcours.events.schema.MATCHED_SCHEMA``).

    >>> import pyarrow as pa
    >>> engine = Engine.duckdb()
    >>> t = engine.table(pa.table({"case_id": ["1", "1", "2"], "activity": ["v", "v", "v"],
    ...     "timestamp": pa.array([dt.datetime(2026, 1, 5, 9), dt.datetime(2026, 1, 5, 10),
    ...                            dt.datetime(2026, 1, 6, 9)]),
    ...     "step": ["a", "a", "a"], "segment": ["x", "x", "x"],
    ...     "channel": ["web", "web", "web"], "row": [1, 2, 3]}))
    >>> plan = listening_volume(engine, t, [ListeningPoint(step="a", medium="sms")])
    >>> plan.points[0].surveyed, plan.points[0].expected_answers_per_week
    (2, 0.4)
    """
    bounds = engine.execute(table.aggregate(lo=table.timestamp.min(), hi=table.timestamp.max()))
    low, high = bounds.to_pylist()[0].values()
    if not points or low is None:
        return ListeningVolume(points=(), first_week=None, last_week=None)
    triggers, sends = _candidates(engine, table, points)
    kept = _apply_fatigue(sends, points)
    weeks = _weeks(low.date(), high.date())
    volumes = []
    for index, point in enumerate(points):
        mine = [s for s in kept if s.index == index]
        daily = Counter(s.moment.date() for s in mine)
        weekly = Counter(week_start(s.moment.date()) for s in mine)
        rate = point.response_rate or response_rate
        spanned = sorted(set(weeks) | set(weekly))
        volumes.append(
            PointVolume(
                point=point_key(point, index),
                step=point.step,
                triggers=triggers[index],
                sampled=sum(1 for s in sends if s.index == index),
                surveyed=len(mine),
                response_rate=rate,
                weeks=tuple(
                    WeeklySurveys(w, weekly.get(w, 0), weekly.get(w, 0) * rate) for w in spanned
                ),
                daily=dict(sorted(daily.items())),
                log_weeks=len(weeks),
            )
        )
    return ListeningVolume(points=tuple(volumes), first_week=weeks[0], last_week=weeks[-1])
