"""An event log read into the engine: the canonical table plus what reading it found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from parcours.engine import Engine
from parcours.events import schema
from parcours.events.mapping import ColumnMapping
from parcours.events.notes import ReadNote
from parcours.events.rejected import RejectedRows

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd


@dataclass
class EventLog:
    """The canonical event table (:data:`~parcours.events.schema.EVENT_SCHEMA`) of one source.

    ``table`` is an Ibis table bound to ``engine``, computed once; ``start`` and ``end``
    are the first and last timestamps (naive UTC); ``rejected`` reports the rows set
    aside; ``notes`` what is worth a second look.
    """

    engine: Engine
    table: ir.Table
    source: str
    mapping: ColumnMapping
    rejected: RejectedRows = field(default_factory=RejectedRows)
    n_events: int = 0
    n_cases: int = 0
    start: datetime | None = None
    end: datetime | None = None
    mapping_guessed: bool = False
    """True when no mapping was given and the columns were guessed (show them to confirm)."""
    notes: list[ReadNote] = field(default_factory=list)
    """Remarks worth showing (columns guessed from their content, implausible dates)."""

    def ordered(self) -> ir.Table:
        """The events ordered by case, then ``(timestamp, row)``."""
        t = self.table
        return t.order_by([t[schema.CASE_ID], t[schema.TIMESTAMP], t[schema.ROW]])

    def to_arrow(self) -> pa.Table:
        """The events as an Arrow table of :data:`~parcours.events.schema.EVENT_SCHEMA`."""
        return self.engine.execute(self.ordered()).cast(schema.EVENT_SCHEMA)

    def to_pandas(self) -> pd.DataFrame:
        """The events as a pandas DataFrame, ordered by case and time."""
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        """The events as a Polars DataFrame (needs ``polars`` installed)."""
        import polars as pl

        return pl.from_arrow(self.to_arrow())

    def __repr__(self) -> str:
        return (
            f"EventLog(source={self.source!r}, n_events={self.n_events}, "
            f"n_cases={self.n_cases}, rejected={self.rejected.total})"
        )
