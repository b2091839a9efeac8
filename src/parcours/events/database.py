"""Event logs in databases: DuckDB files, and any SQLAlchemy URL (PostgreSQL, SQLite...).

A DuckDB file is attached read-only and scanned in place. Other databases are read with
SQLAlchemy through a server-side cursor, batch by batch, into the spool (the result of
``table`` or ``query``): memory stays bounded whatever the table size.

>>> safe_url("postgresql+psycopg://ana:secret@db.example/crm")
'postgresql+psycopg://ana:***@db.example/crm'
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parcours.engine import Engine
from parcours.events.canonical import ROW, RawSource, engine_reason, literal, quote
from parcours.events.errors import EventLogError
from parcours.events.spool import BATCH_ROWS, Spool, as_text

if TYPE_CHECKING:
    from sqlalchemy import Select

_aliases = itertools.count(1)


def safe_url(url: str) -> str:
    """The URL with its password masked, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is reported later, by the reader
        return url


def _qualified(table: str) -> str:
    return ".".join(quote(part) for part in table.split("."))


def duckdb_source(engine: Engine, path: Path, table: str | None, query: str | None) -> RawSource:
    """Attach the DuckDB file ``path`` read-only and scan ``table`` (or run ``query``)."""
    label = f"{path}::{table}" if table else str(path)
    if table is None and query is None:
        raise EventLogError("needs_table", file=str(path))
    alias = f"parcours_src{next(_aliases)}"
    try:
        engine.run(f"ATTACH {literal(str(path))} AS {alias} (READ_ONLY)")
    except Exception as exc:
        raise EventLogError("cannot_read", file=str(path), reason=engine_reason(exc)) from exc
    if table is not None:
        relation = f"{alias}.{_qualified(table)}"
        _check_exists(engine, relation, label)
        return RawSource(f"SELECT row_number() OVER () AS {ROW}, * FROM {relation}", label)
    copy = f"parcours_q{next(_aliases)}"
    current = str(engine.backend.current_catalog)
    engine.run(f"USE {alias}")
    try:
        engine.run(
            f"CREATE TEMP TABLE {copy} AS SELECT row_number() OVER () AS {ROW}, * FROM ({query})"
        )
    except Exception as exc:
        raise EventLogError("cannot_read", file=label, reason=engine_reason(exc)) from exc
    finally:
        engine.run(f"USE {quote(current)}")
    return RawSource(f"SELECT * FROM temp.main.{copy}", label)


def _check_exists(engine: Engine, relation: str, label: str) -> None:
    try:
        engine.run(f"DESCRIBE {relation}")
    except Exception as exc:
        raise EventLogError("cannot_read", file=label, reason=engine_reason(exc)) from exc


def spool_sql(url: str, table: str | None, query: str | None, spool: Spool) -> list[str]:
    """Read ``table`` or ``query`` from the database at ``url`` into ``spool``."""
    import sqlalchemy as sa

    label = safe_url(url)
    if table is None and query is None:
        raise EventLogError("needs_table", file=label)
    try:
        db = sa.create_engine(url)
    except Exception as exc:
        raise EventLogError("cannot_read", file=label, reason=engine_reason(exc)) from exc
    statement = sa.text(query) if query is not None else _select_all(table or "")
    try:
        with db.connect() as connection:
            result = connection.execution_options(
                stream_results=True, yield_per=BATCH_ROWS
            ).execute(statement)
            columns = [str(c) for c in result.keys()]  # noqa: SIM118
            for values in result:
                spool.add({c: as_text(v) for c, v in zip(columns, values, strict=True)})
    except sa.exc.SQLAlchemyError as exc:
        reason = engine_reason(getattr(exc, "orig", None) or exc)
        raise EventLogError("cannot_read", file=label, reason=reason) from exc
    finally:
        db.dispose()
    if spool.rows == 0:
        raise EventLogError("empty", file=label)
    spool.close()
    return columns


def _select_all(table: str) -> Select[Any]:
    import sqlalchemy as sa

    parts = table.split(".")
    return sa.select(sa.text("*")).select_from(
        sa.table(parts[-1], schema=".".join(parts[:-1]) or None)
    )
