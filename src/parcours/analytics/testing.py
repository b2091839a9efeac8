"""Tiny in-memory matched event logs for doctests and quick experiments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa

from parcours.engine import Engine

MATCHED_SCHEMA = pa.schema(
    [
        pa.field("case_id", pa.string(), nullable=False),
        pa.field("timestamp", pa.timestamp("us"), nullable=False),
        pa.field("activity", pa.string(), nullable=False),
        pa.field("channel", pa.string()),
        pa.field("segment", pa.string()),
        pa.field("score", pa.float64()),
        pa.field("amount", pa.float64()),
        pa.field("resource", pa.string()),
        pa.field("row", pa.int64(), nullable=False),
        pa.field("step", pa.string()),
        pa.field("step_index", pa.int32()),
    ]
)
"""The matched event schema of ``parcours.events.schema`` (a test checks they agree)."""

DEFAULTS: Mapping[str, Any] = {
    "channel": None,
    "segment": None,
    "score": None,
    "amount": None,
    "resource": None,
}


def matched_table(engine: Engine, rows: Sequence[Mapping[str, Any]]) -> ir.Table:
    """A matched event table from rows with at least case_id, timestamp, activity.

    ``row`` defaults to the 1-based position in ``rows``; ``step`` to None and
    ``step_index`` to None.

    >>> engine = Engine.duckdb()
    >>> t = matched_table(engine, [{"case_id": "1", "timestamp": dt.datetime(2024, 1, 1),
    ...                             "activity": "a", "step": "a"}])
    >>> engine.scalar(t.count())
    1
    """
    records = []
    for number, row in enumerate(rows, start=1):
        record = {**DEFAULTS, "row": number, "step": None, "step_index": None, **row}
        records.append({name: record[name] for name in MATCHED_SCHEMA.names})
    return engine.table(pa.Table.from_pylist(records, schema=MATCHED_SCHEMA))


def tiny_log(engine: Engine) -> ir.Table:
    """Two cases: ``1`` does a then b, ``2`` only a (one day apart)."""
    day = dt.datetime(2024, 1, 1)
    return matched_table(
        engine,
        [
            {"case_id": "1", "timestamp": day, "activity": "a", "step": "a"},
            {"case_id": "1", "timestamp": day + dt.timedelta(days=1), "activity": "b", "step": "b"},
            {"case_id": "2", "timestamp": day, "activity": "a", "step": "a"},
        ],
    )
