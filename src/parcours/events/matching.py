"""Tie events to the steps of a journey map, in the engine.

Each step lists ``events:`` bindings (:class:`~parcours.model.EventBinding`). An event
matches a binding when:

- ``activity`` equals the event's activity exactly (case and spaces count), and/or
- ``pattern`` (a regular expression) is *found* in the activity (use ``^...$`` to
  require the whole name; the syntax is RE2's, which covers the usual Python syntax
  except look-arounds and back-references), and
- ``channel``, when given, equals the event's channel, ignoring case and spaces.

A binding with both ``activity`` and ``pattern`` needs both. An event matching several
steps goes to the **first step in map order**. Events matching no step keep a null
``step`` and are listed in :attr:`MatchedLog.unmatched`, most frequent first: they are
reported, never dropped.

>>> import pandas as pd
>>> from parcours.events.readers import from_dataframe
>>> from parcours.model import JourneyMap
>>> log = from_dataframe(pd.DataFrame({"case_id": ["c1", "c1", "c1"],
...     "activity": ["Open app", "Pay card", "Logout"],
...     "timestamp": ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-01 10:06"]}))
>>> m = JourneyMap(journey={"title": "Pay"}, steps=[
...     {"id": "s-open", "name": "Open", "events": [{"activity": "Open app"}]},
...     {"id": "s-pay", "name": "Pay", "events": [{"pattern": "^Pay"}]}])
>>> matched = match_steps(log, m)
>>> matched.steps, [(u.activity, u.events) for u in matched.unmatched]
(['s-open', 's-pay'], [('Logout', 1)])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import ibis
import pyarrow as pa

from parcours.events import schema
from parcours.events.errors import EventLogError
from parcours.events.log import EventLog
from parcours.model import EventBinding, JourneyMap

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from parcours.engine import Engine


@dataclass(frozen=True)
class UnmatchedActivity:
    """An activity of the log that no step's bindings match, with its number of events."""

    activity: str
    events: int


@dataclass
class MatchedLog:
    """The events with ``step`` and ``step_index`` (see ``MATCHED_SCHEMA``)."""

    log: EventLog
    table: ir.Table
    steps: list[str]
    """Ids of the map's steps, in map order (``step_index`` indexes this list)."""
    unmatched: list[UnmatchedActivity] = field(default_factory=list)
    """Activities matching no step, most frequent first."""
    steps_without_events: list[str] = field(default_factory=list)
    """Steps that have bindings but matched no event (ids, in map order)."""

    @property
    def engine(self) -> Engine:
        """The engine the table is bound to."""
        return self.log.engine

    def to_arrow(self) -> pa.Table:
        """The matched events as Arrow (``MATCHED_SCHEMA``), ordered by case and time."""
        t = self.table
        ordered = t.order_by([t[schema.CASE_ID], t[schema.TIMESTAMP], t[schema.ROW]])
        return self.engine.execute(ordered).cast(schema.MATCHED_SCHEMA)


def _validate(step_id: str, binding: EventBinding) -> None:
    if binding.pattern is None:
        return
    try:
        re.compile(binding.pattern)
    except re.error as exc:
        raise EventLogError(
            "bad_pattern", step=step_id, pattern=binding.pattern, reason=str(exc)
        ) from exc


def _condition(table: ir.Table, binding: EventBinding) -> ir.BooleanValue | None:
    activity = table[schema.ACTIVITY]
    parts: list[ir.BooleanValue] = []
    if binding.activity is not None:
        parts.append(activity == binding.activity)
    if binding.pattern is not None:
        parts.append(activity.re_search(binding.pattern))
    if binding.channel is not None:
        channel = table[schema.CHANNEL].strip().lower()
        parts.append(channel.fill_null("") == binding.channel.strip().lower())
    return _all(parts) if parts else None


def _all(parts: list[ir.BooleanValue]) -> ir.BooleanValue:
    result = parts[0]
    for part in parts[1:]:
        result = result & part
    return result


def match_steps(log: EventLog, journey_map: JourneyMap) -> MatchedLog:
    """Add ``step`` / ``step_index`` to ``log``'s events from the map's ``events:`` bindings.

    The table is computed once in the engine (one ``CASE`` over the bindings).
    """
    table = log.table
    step_ids = [s.id for s in journey_map.steps]
    cases: list[tuple[ir.BooleanValue, int]] = []
    for index, step in enumerate(journey_map.steps):
        for binding in step.events:
            _validate(step.id, binding)
            condition = _condition(table, binding)
            if condition is not None:
                cases.append((condition, index))
    if cases:
        index_expr = ibis.cases(*cases, else_=ibis.null("int32")).cast("int32")
    else:
        index_expr = ibis.null("int32")
    with_index = table.mutate(**{schema.STEP_INDEX: index_expr})
    step_expr = (
        with_index[schema.STEP_INDEX].cases(*enumerate(step_ids), else_=ibis.null("string"))
        if cases
        else ibis.null("string")
    )
    matched = log.engine.materialize(
        with_index.select(
            *[with_index[c] for c in schema.EVENT_SCHEMA.names],
            with_index[schema.STEP_INDEX],
            **{schema.STEP: step_expr.cast("string")},
        ).relocate(schema.STEP, before=schema.STEP_INDEX)
    )
    return MatchedLog(
        log=log,
        table=matched,
        steps=step_ids,
        unmatched=_unmatched(log.engine, matched),
        steps_without_events=_silent_steps(log.engine, matched, journey_map),
    )


def _unmatched(engine: Engine, matched: ir.Table) -> list[UnmatchedActivity]:
    rest = matched.filter(matched[schema.STEP_INDEX].isnull())
    counts = (
        rest.group_by(rest[schema.ACTIVITY])
        .aggregate(events=rest.count())
        .order_by([ibis.desc("events"), schema.ACTIVITY])
    )
    return [
        UnmatchedActivity(activity=r[schema.ACTIVITY], events=int(r["events"]))
        for r in engine.execute(counts).to_pylist()
    ]


def _silent_steps(engine: Engine, matched: ir.Table, journey_map: JourneyMap) -> list[str]:
    hit = matched.filter(matched[schema.STEP_INDEX].notnull())
    seen = {
        int(r[schema.STEP_INDEX])
        for r in engine.execute(hit.select(schema.STEP_INDEX).distinct()).to_pylist()
    }
    return [s.id for i, s in enumerate(journey_map.steps) if s.events and i not in seen]
