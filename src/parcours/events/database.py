"""Event logs in databases: DuckDB files, and any SQLAlchemy URL (PostgreSQL, SQLite...).

A database file is recognised by its first bytes, not its name: a DuckDB file is
attached read-only and scanned in place; a SQLite file is opened read-only with
SQLAlchemy, like any database URL (PostgreSQL, ``sqlite:///``...), and read through a
server-side cursor, batch by batch, into the spool (the result of ``table`` or
``query``): memory stays bounded whatever the table size.

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
    from sqlalchemy.engine import Engine as Engine_

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


SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite 3 database file."""

DUCKDB_MAGIC = b"DUCK"
"""Bytes 8 to 11 of every DuckDB database file."""


def database_format(path: Path) -> str | None:
    """``sqlite`` or ``duckdb`` from the first bytes of ``path`` (None: neither).

    The content decides, not the name: a SQLite file called ``x.db`` is read as SQLite.

    >>> import sqlite3, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "crm.db"
    >>> sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    >>> database_format(path)
    'sqlite'
    """
    with path.open("rb") as stream:
        head = stream.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head[8:12] == DUCKDB_MAGIC:
        return "duckdb"
    return None


def spool_sqlite_file(path: Path, table: str | None, query: str | None, spool: Spool) -> list[str]:
    """Read ``table`` or ``query`` from the SQLite file ``path``, opened read-only."""
    label = f"{path}::{table}" if table else str(path)
    return _spool(_read_only_sqlite(path), label, table, query, spool)


def spool_sql(url: str, table: str | None, query: str | None, spool: Spool) -> list[str]:
    """Read ``table`` or ``query`` from the database at ``url`` into ``spool``.

    A ``sqlite:///path`` URL must name an existing file: it is opened read-only, so a
    misspelt path is refused instead of creating an empty database.
    """
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    label = safe_url(url)
    try:
        parsed = make_url(url)
        sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
            None,
            "",
            ":memory:",
        )
        if sqlite_file:
            path = Path(str(parsed.database))
            if not path.is_file():
                raise EventLogError("not_found", file=str(path))
            db = _read_only_sqlite(path)
        else:
            db = sa.create_engine(url)
    except EventLogError:
        raise
    except Exception as exc:
        raise EventLogError("cannot_read", file=label, reason=engine_reason(exc)) from exc
    return _spool(db, label, table, query, spool)


def _read_only_sqlite(path: Path) -> Engine_:
    import sqlite3

    import sqlalchemy as sa

    uri = path.resolve().as_uri() + "?mode=ro"
    return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))


def _spool(
    db: Engine_, label: str, table: str | None, query: str | None, spool: Spool
) -> list[str]:
    import sqlalchemy as sa

    if table is None and query is None:
        db.dispose()
        raise EventLogError("needs_table", file=label)
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
