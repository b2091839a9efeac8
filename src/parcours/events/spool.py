"""Stream rows decoded in Python (XES, Excel, SQL cursors) to temporary Parquet files.

Sources DuckDB cannot scan itself are decoded batch by batch into text columns and
spooled to Parquet, so memory stays bounded; DuckDB then reads the batches back with
``union_by_name`` (a column missing from a batch is null there).

>>> with Spool() as spool:
...     spool.add({"a": "x", "b": "1"})
...     spool.add({"a": "y", "c": "z"})
...     spool.close()
...     spool.rows, sorted(spool.columns)
(2, ['a', 'b', 'c'])
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from parcours.events.canonical import ROW, literal

BATCH_ROWS = 50_000


def as_text(value: Any) -> str | None:
    """A cell value as text: aware datetimes in UTC, whole floats without ``.0``.

    >>> as_text(3.0), as_text(2.5), as_text(True), as_text(None)
    ('3', '2.5', 'true', None)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return str(value.isoformat(sep=" "))
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


class Spool:
    """Rows (dicts of text) collected into Parquet batches in a temporary folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="parcours-spool-"))
        self.rows = 0
        self.columns: dict[str, None] = {}
        self._batch: list[dict[str, str | None]] = []
        self._files: list[Path] = []

    def add(self, row: dict[str, str | None]) -> None:
        """Append one row; ``__row`` (1-based) is added when absent."""
        self.rows += 1
        row.setdefault(ROW, str(self.rows))
        self._batch.append(row)
        if len(self._batch) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        names: dict[str, None] = {}
        for row in self._batch:
            names.update(dict.fromkeys(row))
        self.columns.update(dict.fromkeys(n for n in names if n != ROW))
        arrays = {
            name: pa.array([row.get(name) for row in self._batch], pa.string()) for name in names
        }
        arrays[ROW] = pa.array([int(row[ROW] or 0) for row in self._batch], pa.int64())
        path = self.folder / f"batch-{len(self._files):06d}.parquet"
        pq.write_table(pa.table(arrays), path)
        self._files.append(path)
        self._batch = []

    def close(self) -> None:
        """Write the last batch."""
        self._flush()

    def query(self, columns: list[str] | None = None) -> str:
        """DuckDB SQL reading the spooled rows back, columns in ``columns`` order."""
        self.close()
        files = ", ".join(literal(str(p)) for p in self._files)
        order = columns if columns is not None else list(self.columns)
        names = ", ".join('"' + c.replace('"', '""') + '"' for c in order)
        select = f"{ROW}, {names}" if names else ROW
        return f"SELECT {select} FROM read_parquet([{files}], union_by_name = true)"

    def cleanup(self) -> None:
        """Delete the temporary files."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.cleanup()
