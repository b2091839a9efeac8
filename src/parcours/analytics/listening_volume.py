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
import numpy as np
import pyarrow as pa

from parcours.engine import Engine
from parcours.model import ListeningPoint

MICROSECONDS = 1_000_000
EPOCH_DAY = dt.date(1970, 1, 1)

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


def is_sampled(key: str, case_id: str, moment_us: int, rate: float) -> bool:
    """Whether a stable hash of (point, customer, trigger time in µs since 1970) falls
    below ``rate``.

    >>> is_sampled("lp", "c1", 1_767_225_600_000_000, 1.0)
    True
    """
    if rate >= 1:
        return True
    digest = hashlib.blake2b(f"{key}|{case_id}|{moment_us}".encode(), digest_size=8)
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


@dataclass(frozen=True)
class _Sends:
    """Sends in time order: send time (µs since 1970), point index, customer code."""

    moment_us: np.ndarray
    index: np.ndarray
    case: np.ndarray


def _point_sends(
    engine: Engine, entries: ir.Table, point: ListeningPoint, key: str
) -> tuple[int, np.ndarray, list[str]]:
    rows = engine.execute(_triggers(entries, point))
    cases = rows.column("case_id").to_pylist()
    moments = rows.column("timestamp").cast(pa.timestamp("us")).cast(pa.int64())
    trigger_us = moments.to_numpy(zero_copy_only=False).astype(np.int64)
    if point.sampling_rate < 1:
        keep = np.fromiter(
            (
                is_sampled(key, case, int(us), point.sampling_rate)
                for case, us in zip(cases, trigger_us, strict=True)
            ),
            dtype=bool,
            count=len(cases),
        )
        trigger_us, cases = trigger_us[keep], [c for c, k in zip(cases, keep, strict=True) if k]
    delay_us = round(point.effective_delay_hours() * 3600 * MICROSECONDS)
    return rows.num_rows, trigger_us + delay_us, cases


def _candidates(
    engine: Engine, table: ir.Table, points: Sequence[ListeningPoint]
) -> tuple[list[int], _Sends]:
    entries = _visit_entries(table)
    triggers: list[int] = []
    moments: list[np.ndarray] = []
    indices: list[np.ndarray] = []
    cases: list[str] = []
    for index, point in enumerate(points):
        found, send_us, sampled = _point_sends(engine, entries, point, point_key(point, index))
        triggers.append(found)
        moments.append(send_us)
        indices.append(np.full(len(send_us), index, dtype=np.int64))
        cases += sampled
    moment_us = np.concatenate(moments) if moments else np.zeros(0, dtype=np.int64)
    point_of: np.ndarray = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    codes: np.ndarray = (
        np.unique(np.array(cases, dtype=object), return_inverse=True)[1] if cases else point_of
    )
    order = np.lexsort((codes, point_of, moment_us))
    return triggers, _Sends(moment_us[order], point_of[order], codes[order])


def _apply_fatigue(sends: _Sends, points: Sequence[ListeningPoint]) -> np.ndarray:
    """A mask of the sends kept by the fatigue rules (one pass in time order)."""
    keep = np.ones(len(sends.moment_us), dtype=bool)
    window_us = [round((p.fatigue_days or 0) * 86400 * MICROSECONDS) for p in points]
    if not any(window_us):
        return keep
    last: dict[int, int] = {}
    for position, (moment, index, case) in enumerate(
        zip(sends.moment_us.tolist(), sends.index.tolist(), sends.case.tolist(), strict=True)
    ):
        before = last.get(case)
        if window_us[index] and before is not None and moment - before < window_us[index]:
            keep[position] = False
            continue
        last[case] = moment
    return keep


def _daily(moment_us: np.ndarray) -> dict[dt.date, int]:
    days, counts = np.unique(moment_us // (86400 * MICROSECONDS), return_counts=True)
    return {
        EPOCH_DAY + dt.timedelta(days=int(d)): int(n) for d, n in zip(days, counts, strict=True)
    }


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
        mine = sends.index == index
        daily = _daily(sends.moment_us[mine & kept])
        weekly: Counter[dt.date] = Counter()
        for day, n in daily.items():
            weekly[week_start(day)] += n
        rate = point.response_rate or response_rate
        spanned = sorted(set(weeks) | set(weekly))
        volumes.append(
            PointVolume(
                point=point_key(point, index),
                step=point.step,
                triggers=triggers[index],
                sampled=int(mine.sum()),
                surveyed=sum(daily.values()),
                response_rate=rate,
                weeks=tuple(
                    WeeklySurveys(w, weekly.get(w, 0), weekly.get(w, 0) * rate) for w in spanned
                ),
                daily=daily,
                log_weeks=len(weeks),
            )
        )
    return ListeningVolume(points=tuple(volumes), first_week=weeks[0], last_week=weeks[-1])
