"""The web app's database: SQLite in the data folder by default, PostgreSQL by one URL.

The schema is made and upgraded by the Alembic migrations shipped in
:mod:`parcours.web.migrations`, run by :func:`migrate` every time the app starts.

>>> database_url(None, Path("/srv/parcours"))
'sqlite:////srv/parcours/parcours.db'
>>> database_url("postgresql+psycopg://u@db/parcours", Path("/tmp"))
'postgresql+psycopg://u@db/parcours'
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

DATABASE_URL_VARIABLE = "PARCOURS_DATABASE_URL"
"""The environment variable that names another database (e.g. PostgreSQL)."""
SQLITE_FILE = "parcours.db"

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(url: str | None, data_dir: Path) -> str:
    """``url`` when given, else the SQLite file of ``data_dir``."""
    if url:
        return url
    return f"sqlite:///{(data_dir / SQLITE_FILE).as_posix()}"


POOL = {"pool_size": 10, "max_overflow": 40, "pool_timeout": 120}
"""A request holds its connection until it has rendered its page, and the server runs up to 40
requests at once (its thread pool): the pool must not make them wait (SQLAlchemy's default of
5 + 10 connections timed out under the load test, 500s)."""


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, **POOL)
    pool = POOL if ":memory:" not in url else {}
    connect = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, connect_args=connect, **pool)

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def migrate(engine: Engine, data_dir: Path | None = None, *, to: str = "head") -> None:
    """Bring the schema to the latest migration (creates it on an empty database), or up
    or down to the revision ``to`` (``"0005"``: what the tests of a migration start from).

    ``data_dir`` is the server's data folder, for the migrations that need its files (the
    key that seals database sources' URLs: migration 0006)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["data_dir"] = data_dir
        current = MigrationContext.configure(connection).get_current_revision()
        if to == "head" or current is None or int(to) >= int(current):
            command.upgrade(config, to)
        else:
            command.downgrade(config, to)


def session_factory(engine: Engine) -> sessionmaker[Any]:
    """Sessions that keep their objects readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Any]:
    """Sessions for requests that only read (GET, HEAD): each statement runs on its own,
    with no ``BEGIN`` / ``COMMIT`` around them. On PostgreSQL those are two of the eight
    round trips of a map page, and a request waits for the GIL again after each round trip
    (see ``web/server.py``); SQLite never began a transaction for a read. A statement that
    writes is committed at once."""
    return sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
    )


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """``moment`` as UTC (SQLite gives back naive datetimes).

    >>> aware(datetime(2026, 1, 1)).tzinfo
    datetime.timezone.utc
    """
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
