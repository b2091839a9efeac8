"""Helpers to write tiny hand-computed event logs (imported by the analytics tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from parcours.analytics import OrderedLog

Event = tuple[Any, ...]
"""(case_id, "YYYY-MM-DD[ HH:MM]", activity[, {extra columns}]); step = activity if mapped."""

LogFactory = Callable[..., OrderedLog]


def at(text: str) -> dt.datetime:
    """A naive UTC datetime from ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM``."""
    return dt.datetime.fromisoformat(text)


def rows_of(events: Sequence[Event], steps: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for event in events:
        case_id, moment, activity = event[:3]
        extra = event[3] if len(event) > 3 else {}
        step = activity if activity in steps else None
        rows.append(
            {"case_id": case_id, "timestamp": at(moment), "activity": activity, "step": step}
            | extra
        )
    return rows
