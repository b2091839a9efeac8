"""Database files are told apart by content, opened read-only, offline (issue 8)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pytest

from parcours.engine import Engine
from parcours.events import ColumnMapping, EventLogError, read_events
from parcours.events.database import database_format

MAPPING = ColumnMapping(case_id="client", activity="event", timestamp="date")
ROWS = [
    ("c1", "login", "2024-03-01 09:00:00"),
    ("c1", "pay", "2024-03-01 09:05:00"),
    ("c2", "login", "2024-03-02 10:00:00"),
]


def _sqlite(path: Path) -> Path:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE events (client TEXT, event TEXT, date TEXT)")
        con.executemany("INSERT INTO events VALUES (?, ?, ?)", ROWS)
    con.close()
    return path


def _duckdb(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE events (client TEXT, event TEXT, date TEXT)")
        con.executemany("INSERT INTO events VALUES (?, ?, ?)", ROWS)
    return path


def _events(path: Path | str, engine: Engine) -> list[tuple[str, str]]:
    log = read_events(path, MAPPING, engine=engine, table="events")
    table = engine.execute(log.table.order_by(["case_id", "timestamp"]))
    return list(zip(table["case_id"].to_pylist(), table["activity"].to_pylist(), strict=True))


@pytest.mark.parametrize("name", ["crm.db", "crm.duckdb", "crm.sqlite"])
def test_format_comes_from_the_content_not_the_name(
    tmp_path: Path, engine: Engine, name: str
) -> None:
    sqlite_file = _sqlite(tmp_path / ("s-" + name))
    duckdb_file = _duckdb(tmp_path / ("d-" + name))
    assert database_format(sqlite_file) == "sqlite"
    assert database_format(duckdb_file) == "duckdb"
    expected = [("c1", "login"), ("c1", "pay"), ("c2", "login")]
    assert _events(sqlite_file, engine) == expected
    assert _events(duckdb_file, engine) == expected


def test_sqlite_file_is_opened_read_only(tmp_path: Path, engine: Engine) -> None:
    path = _sqlite(tmp_path / "crm.db")
    before = path.read_bytes()
    with pytest.raises(EventLogError, match=r"readonly|read-only|read only"):
        read_events(path, MAPPING, engine=engine, query="DELETE FROM events RETURNING *")
    assert path.read_bytes() == before


def test_neither_duckdb_nor_sqlite_is_refused(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "notes.db"
    path.write_text("client,event,date\n", "utf-8")
    with pytest.raises(EventLogError) as caught:
        read_events(path, MAPPING, engine=engine, table="events")
    assert "notes.db: neither a DuckDB nor a SQLite database" in caught.value.message("en")
    assert "ni une base DuckDB ni une base SQLite" in caught.value.message("fr")


def test_misspelt_sqlite_url_is_refused_and_creates_nothing(tmp_path: Path, engine: Engine) -> None:
    missing = tmp_path / "crm-typo.db"
    with pytest.raises(EventLogError) as caught:
        read_events(f"sqlite:///{missing}", MAPPING, engine=engine, table="events")
    assert str(missing) in caught.value.message("en")
    assert "no such file" in caught.value.message("en")
    assert not missing.exists()


def test_sqlite_url_still_reads(tmp_path: Path, engine: Engine) -> None:
    path = _sqlite(tmp_path / "crm.sqlite")
    assert len(_events(f"sqlite:///{path}", engine)) == 3
