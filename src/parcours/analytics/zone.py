"""Local time of UTC instants in an IANA zone, as portable Ibis expressions.

Engines disagree on time-zone functions (DuckDB ``timezone()``, Spark
``from_utc_timestamp``...). The offset of a zone is constant between two transitions
(daylight saving time, changes of law), so over the range of a log it is a short list of
``(from_us, offset_us)`` intervals computed here with :mod:`zoneinfo`, and the local time is
``utc_us + CASE ... END``: plain comparisons every engine runs. Times in the analytics
are whole microseconds since 1970 (``MICROSECONDS``, :func:`duration_us`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    import ibis.expr.types as ir

MICROSECONDS = 1_000_000
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_DAY = dt.timedelta(days=1)


def zone_info(name: str) -> ZoneInfo | None:
    """The zone named ``name`` (``Europe/Paris``...), or None when there is none.

    >>> zone_info("Europe/Paris") is not None, zone_info("Mars/Olympus")
    (True, None)
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def utc_offsets(zone: ZoneInfo, start_us: int, end_us: int) -> list[tuple[int, int]]:
    """The zone's UTC offsets over ``[start_us, end_us]`` (µs since 1970, UTC): a list of
    ``(from_us, offset_us)``, the first ``from_us`` being ``start_us``; each offset holds
    until the next ``from_us``.

    >>> paris = ZoneInfo("Europe/Paris")
    >>> start = to_us(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    >>> end = to_us(dt.datetime(2024, 12, 31, tzinfo=dt.UTC))
    >>> [(from_datetime(f).isoformat(), o // 3_600_000_000)
    ...  for f, o in utc_offsets(paris, start, end)]  # doctest: +NORMALIZE_WHITESPACE
    [('2024-01-01T00:00:00+00:00', 1), ('2024-03-31T01:00:00+00:00', 2),
     ('2024-10-27T01:00:00+00:00', 1)]
    """
    start, end = from_datetime(start_us), from_datetime(end_us)
    offsets = [(start_us, _offset_us(zone, start))]
    day = start
    while day < end:
        following = min(day + _DAY, end)
        if _offset_us(zone, following) != _offset_us(zone, day):
            change = _first_change(zone, day, following)
            offsets.append((to_us(change), _offset_us(zone, change)))
        day = following
    return offsets


def local_us(utc_us: ir.IntegerValue, offsets: list[tuple[int, int]]) -> ir.IntegerValue:
    """``utc_us`` shifted to local time by ``offsets`` (from :func:`utc_offsets`)."""
    import ibis  # here: the calendar helpers above must not cost Ibis's import

    if len(offsets) == 1:
        return utc_us + offsets[0][1]
    branches = [
        (utc_us < next_from, offset) for (_, offset), (next_from, _) in itertools.pairwise(offsets)
    ]
    return utc_us + ibis.cases(*branches, else_=offsets[-1][1]).cast("int64")


def to_us(moment: dt.datetime) -> int:
    """µs since 1970 of an aware datetime."""
    return duration_us(moment - EPOCH)


def duration_us(delta: dt.timedelta) -> int:
    """A duration in whole microseconds (exact, no float).

    >>> duration_us(dt.timedelta(days=1, microseconds=5))
    86400000005
    """
    return (delta.days * 86_400 + delta.seconds) * MICROSECONDS + delta.microseconds


def from_datetime(utc_us: int) -> dt.datetime:
    """The aware UTC datetime of µs since 1970."""
    return EPOCH + dt.timedelta(microseconds=utc_us)


def _offset_us(zone: ZoneInfo, moment: dt.datetime) -> int:
    return duration_us(moment.astimezone(zone).utcoffset() or dt.timedelta(0))


def _first_change(zone: ZoneInfo, before: dt.datetime, after: dt.datetime) -> dt.datetime:
    """The first whole second in ``(before, after]`` with the offset of ``after``
    (bisection on seconds; zones change offset on whole seconds)."""
    target = _offset_us(zone, after)
    low = to_us(before) // MICROSECONDS
    high = -(-to_us(after) // MICROSECONDS)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_us(zone, from_datetime(middle * MICROSECONDS)) == target:
            high = middle
        else:
            low = middle
    return from_datetime(high * MICROSECONDS)
