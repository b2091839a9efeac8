"""Read an event log from any supported source into the canonical table.

========================== ===================================================
source                      how it is read
========================== ===================================================
``.csv`` ``.tsv`` ``.txt``  DuckDB ``read_csv`` (delimiter sniffed; also gzipped)
``.parquet``                DuckDB ``read_parquet``, out of core
``.xlsx``                   openpyxl (first sheet or ``sheet=``), spooled
``.xes`` ``.xes.gz``        streaming XML parser, event by event, spooled
``.duckdb`` ``.db``         by content: DuckDB attached read-only, SQLite
``.sqlite`` ``.sqlite3``    opened read-only; ``table=`` or ``query=``
``postgresql://...`` ...    any SQLAlchemy URL, ``table=`` or ``query=``
pandas / Polars / Arrow     :func:`from_dataframe`
========================== ===================================================

>>> import pandas as pd
>>> df = pd.DataFrame({"client": ["c1", "c1"], "event": ["login", "pay"],
...                    "date": ["2024-03-01 09:00", "2024-03-01 09:05"]})
>>> log = from_dataframe(df)
>>> log.n_events, log.n_cases, str(log.end)
(2, 1, '2024-03-01 09:05:00')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa

from parcours.engine import Engine
from parcours.events.canonical import ROW, RawSource, build_log, literal, require_duckdb, table_ref
from parcours.events.database import (
    database_format,
    duckdb_source,
    safe_url,
    spool_sql,
    spool_sqlite_file,
)
from parcours.events.errors import EventLogError
from parcours.events.excel import spool_excel
from parcours.events.log import EventLog
from parcours.events.mapping import ColumnMapping, check_timezone
from parcours.events.spool import Spool
from parcours.events.xes import spool_xes

CSV_SUFFIXES = (".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz", ".txt.gz")
DATABASE_SUFFIXES = (".duckdb", ".ddb", ".db", ".sqlite", ".sqlite3")

T = TypeVar("T")


def read_events(
    source: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    engine: Engine | None = None,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    table: str | None = None,
    query: str | None = None,
    sheet: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> EventLog:
    """Read the event log ``source`` (file path or database URL) into an :class:`EventLog`.

    ``mapping`` defaults to :func:`~parcours.events.mapping.guess_mapping` on the source's
    columns; ``timezone`` overrides the mapping's; rows that cannot be used are counted
    in ``log.rejected`` and, with ``rejected_path``, written there as CSV. ``table`` /
    ``query`` select the data in a database; ``sheet`` the Excel sheet. ``columns``
    overrides fields of the (given or guessed) mapping, e.g. ``{"segment": "plan"}``.
    Raises :class:`~parcours.events.errors.EventLogError` for an unusable source.
    """
    engine = engine or Engine.duckdb()
    require_duckdb(engine)
    mapping = _with_timezone(mapping, timezone)
    given = mapping

    def build(raw: RawSource) -> EventLog:
        return _build(engine, raw, given, timezone, rejected_path, overrides)

    return read_source(source, build, engine=engine, table=table, query=query, sheet=sheet)


def read_source(
    source: str | Path,
    build: Callable[[RawSource], T],
    *,
    engine: Engine,
    table: str | None = None,
    query: str | None = None,
    sheet: str | None = None,
) -> T:
    """Open ``source`` (any format of the table above) as a :class:`RawSource` and hand
    it to ``build`` while it is open (spooled sources live only that long).

    Event logs and feedback files share this: the same formats, the same errors.
    """
    require_duckdb(engine)
    text = str(source)
    if "://" in text and not Path(text).exists():
        with Spool() as spool:
            columns = spool_sql(text, table, query, spool)
            return build(RawSource(spool.query(columns), safe_url(text)))
    path = Path(source)
    if not path.exists():
        raise EventLogError("not_found", file=text)
    if path.is_dir():
        raise EventLogError("cannot_read", file=text, reason="a folder, not a file")
    return _read_file(engine, path, build, table, query, sheet)


def _read_file(
    engine: Engine,
    path: Path,
    build: Callable[[RawSource], T],
    table: str | None,
    query: str | None,
    sheet: str | None,
) -> T:
    name = path.name.lower()
    if name.endswith(CSV_SUFFIXES):
        return _read_csv(path, build)
    if name.endswith(".parquet"):
        raw = RawSource(
            f"SELECT file_row_number + 1 AS {ROW}, * EXCLUDE (file_row_number) "
            f"FROM read_parquet({literal(str(path))}, file_row_number = true)",
            str(path),
        )
        return build(raw)
    if name.endswith((".xes", ".xes.gz")):
        with Spool() as events, Spool() as traces:
            return build(RawSource(spool_xes(path, events, traces), str(path)))
    if name.endswith((".xlsx", ".xlsm")):
        with Spool() as spool:
            columns = spool_excel(path, spool, sheet)
            return build(RawSource(spool.query(columns), str(path)))
    if name.endswith(DATABASE_SUFFIXES):
        return _read_database(engine, path, build, table, query)
    raise EventLogError("unknown_format", file=str(path), suffix="".join(path.suffixes) or name)


def _read_database(
    engine: Engine,
    path: Path,
    build: Callable[[RawSource], T],
    table: str | None,
    query: str | None,
) -> T:
    """A DuckDB or SQLite file, told apart by its first bytes (never by its name)."""
    try:
        kind = database_format(path)
    except OSError as exc:
        raise EventLogError("cannot_read", file=str(path), reason=exc.strerror or exc) from exc
    if kind == "duckdb":
        return build(duckdb_source(engine, path, table, query))
    if kind == "sqlite":
        with Spool() as spool:
            columns = spool_sqlite_file(path, table, query, spool)
            label = f"{path}::{table}" if table else str(path)
            return build(RawSource(spool.query(columns), label))
    raise EventLogError("not_database", file=str(path))


def _read_csv(path: Path, build: Callable[[RawSource], T]) -> T:
    """CSV via DuckDB, all columns as text; retried as Latin-1 when not valid UTF-8."""
    for encoding in ("utf-8", "latin-1"):
        raw = RawSource(
            f"SELECT row_number() OVER () AS {ROW}, * FROM read_csv({literal(str(path))}, "
            f"all_varchar = true, header = true, skip = 0, encoding = {literal(encoding)})",
            str(path),
        )
        try:
            return build(raw)
        except EventLogError as exc:
            not_utf8 = exc.key == "cannot_read" and "unicode" in str(exc.__cause__).lower()
            if encoding == "latin-1" or not not_utf8:
                raise
    raise AssertionError("unreachable: the Latin-1 attempt returns or raises")


def _with_timezone(mapping: ColumnMapping | None, timezone: str | None) -> ColumnMapping | None:
    if timezone is not None:
        check_timezone(timezone)
    if mapping is not None and timezone is not None:
        return mapping.model_copy(update={"timezone": timezone})
    return mapping


def _build(
    engine: Engine,
    raw: RawSource,
    mapping: ColumnMapping | None,
    timezone: str | None,
    rejected_path: str | Path | None,
    overrides: Mapping[str, str] | None = None,
) -> EventLog:
    return build_log(
        engine, raw, mapping, rejected_path=rejected_path, timezone=timezone, overrides=overrides
    )


def from_dataframe(
    data: Any,
    mapping: ColumnMapping | None = None,
    *,
    engine: Engine | None = None,
    timezone: str | None = None,
    rejected_path: str | Path | None = None,
    name: str = "<dataframe>",
) -> EventLog:
    """Read events from a pandas or Polars DataFrame or an Arrow table.

    Typed columns are kept (datetimes, numbers); text is parsed as for files.
    """
    engine = engine or Engine.duckdb()
    require_duckdb(engine)
    mapping = _with_timezone(mapping, timezone)
    table = _to_arrow(data, name)
    numbered = table.append_column(ROW, pa.array(range(1, table.num_rows + 1), pa.int64()))
    registered = engine.table(numbered)
    raw = RawSource(f"SELECT * FROM {table_ref(registered)}", name)
    try:
        return _build(engine, raw, mapping, timezone, rejected_path)
    finally:
        engine.run(f"DROP TABLE IF EXISTS {table_ref(registered)}")


def _to_arrow(data: Any, name: str) -> pa.Table:
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if hasattr(data, "to_arrow") and not hasattr(data, "iloc"):
        table = data.to_arrow()
        return table if isinstance(table, pa.Table) else pa.table(table)
    if hasattr(data, "iloc"):
        return pa.Table.from_pandas(data, preserve_index=False)
    raise EventLogError("bad_dataframe", file=name, kind=type(data).__name__)
