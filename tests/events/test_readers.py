"""Every source format gives the same canonical table for the same small log."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parcours.engine import Engine
from parcours.events import ColumnMapping, EventLog, from_dataframe, read_events
from parcours.events.schema import EVENT_SCHEMA

from .conftest import write

HEADER = ["client", "event", "date", "canal", "note", "montant"]
ROWS = [
    ["c1", "Open app", "2024-03-01 09:00:00", "app", None, None],
    ["c1", "Simulate fees", "2024-03-01 09:05:30", "web", "4", "12.5"],
    ["c2", "Open app", "2024-03-02 10:00:00", "app", "5", None],
    ["c2", "Call", "2024-03-02 11:15:00", "phone", None, "-3"],
]
EXPECTED = [
    ("c1", datetime(2024, 3, 1, 9, 0), "Open app", "app", None, None, 1),
    ("c1", datetime(2024, 3, 1, 9, 5, 30), "Simulate fees", "web", 4.0, 12.5, 2),
    ("c2", datetime(2024, 3, 2, 10, 0), "Open app", "app", 5.0, None, 3),
    ("c2", datetime(2024, 3, 2, 11, 15), "Call", "phone", None, -3.0, 4),
]
MAPPING = ColumnMapping(
    case_id="client",
    activity="event",
    timestamp="date",
    channel="canal",
    score="note",
    amount="montant",
)


def rows_of(log: EventLog) -> list[tuple[object, ...]]:
    t = log.to_arrow()
    assert t.schema == EVENT_SCHEMA
    return [
        (
            r["case_id"],
            r["timestamp"],
            r["activity"],
            r["channel"],
            r["score"],
            r["amount"],
            r["row"],
        )
        for r in t.to_pylist()
    ]


def check(log: EventLog) -> None:
    assert rows_of(log) == EXPECTED
    assert (log.n_events, log.n_cases) == (4, 2)
    assert log.start == datetime(2024, 3, 1, 9, 0)
    assert log.end == datetime(2024, 3, 2, 11, 15)
    assert not log.rejected


def csv_text(sep: str) -> str:
    lines = [sep.join(HEADER)] + [sep.join(v or "" for v in row) for row in ROWS]
    return "\n".join(lines) + "\n"


def arrow_table() -> pa.Table:
    return pa.table({h: [row[i] for row in ROWS] for i, h in enumerate(HEADER)})


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_csv_any_delimiter(tmp_path: Path, engine: Engine, sep: str) -> None:
    path = write(tmp_path / "log.csv", csv_text(sep))
    check(read_events(path, MAPPING, engine=engine))


def test_csv_guessed_mapping_french_names(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "log.csv", csv_text(";"))
    log = read_events(path, engine=engine)
    assert log.mapping == MAPPING
    assert log.mapping_guessed
    assert not read_events(path, MAPPING, engine=engine).mapping_guessed
    check(log)


def test_csv_latin1_is_read(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("client;event;date\nc1;Créé;2024-03-01 09:00\n".encode("latin-1"))
    log = read_events(path, engine=engine)
    assert log.to_pandas()["activity"].tolist() == ["Créé"]


def test_french_decimal_comma_and_spaces(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "log.csv",
        "client;event;date;montant\n"
        'c1;Pay;2024-03-01 09:00;"1 234,5"\n'
        "c1;Pay;2024-03-01 10:00;7.25\n",
    )
    log = read_events(path, engine=engine)
    assert log.to_pandas()["amount"].tolist() == [1234.5, 7.25]


def test_parquet(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(arrow_table(), path)
    check(read_events(path, MAPPING, engine=engine))


def test_parquet_typed_columns(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "typed.parquet"
    table = pa.table(
        {
            "customer_id": pa.array([101, 101, 102], pa.int64()),
            "action": ["a", "b", "a"],
            "created_at": pa.array(
                [datetime(2024, 1, 1, 12), datetime(2024, 1, 1, 13), datetime(2024, 1, 2, 8)],
                pa.timestamp("ns", tz="Europe/Paris"),
            ),
            "csat": pa.array([None, 3, 5], pa.int32()),
        }
    )
    pq.write_table(table, path)
    log = read_events(path, engine=engine)
    df = log.to_pandas()
    assert df["case_id"].tolist() == ["101", "101", "102"]
    # 12:00 UTC stored as given (aware values are instants), naive UTC out
    assert df["timestamp"].tolist() == [
        pd.Timestamp("2024-01-01 12:00"),
        pd.Timestamp("2024-01-01 13:00"),
        pd.Timestamp("2024-01-02 08:00"),
    ]
    assert df["score"].tolist()[1:] == [3.0, 5.0]


def test_xlsx_first_sheet_and_named_sheet(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Events"
    first.append(HEADER)
    for row in ROWS:
        values: list[object] = list(row)
        values[2] = datetime.fromisoformat(str(row[2]))  # a real Excel date cell
        values[4] = float(row[4]) if row[4] else None
        first.append(values)
    other = book.create_sheet("Other")
    other.append(["customer_id", "event", "timestamp"])
    other.append(["z", "Only", "2024-05-01 08:00"])
    book.save(path)
    check(read_events(path, MAPPING, engine=engine))
    assert read_events(path, engine=engine, sheet="Other").to_pandas()["case_id"].tolist() == ["z"]


XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <string key="source" value="hand-written"/>
  <trace>
    <string key="concept:name" value="c1"/>
    <string key="segment" value="young"/>
    <event>
      <string key="concept:name" value="Open app"/>
      <string key="channel" value="app"/>
      <date key="time:timestamp" value="2024-03-01T10:00:00.000+01:00"/>
      <string key="lifecycle:transition" value="complete"/>
    </event>
    <event>
      <string key="concept:name" value="Simulate fees"/>
      <string key="channel" value="web"/>
      <date key="time:timestamp" value="2024-03-01T10:05:30+01:00"/>
      <int key="score" value="4"/>
      <float key="amount" value="12.5"/>
      <list key="tags"><string key="tag" value="ignored"/></list>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="c2"/>
    <event>
      <string key="concept:name" value="Open app"/>
      <string key="channel" value="app"/>
      <date key="time:timestamp" value="2024-03-02T11:00:00+01:00"/>
      <int key="score" value="5"/>
      <boolean key="first" value="true"/>
    </event>
    <event>
      <string key="concept:name" value="Call"/>
      <string key="channel" value="phone"/>
      <date key="time:timestamp" value="2024-03-02T12:15:00+01:00"/>
      <float key="amount" value="-3"/>
    </event>
  </trace>
</log>
"""


@pytest.mark.parametrize("name", ["log.xes", "log.xes.gz"])
def test_xes_plain_and_gzipped(tmp_path: Path, engine: Engine, name: str) -> None:
    import gzip

    path = tmp_path / name
    data = XES.encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    mapping = ColumnMapping(
        case_id="case:concept:name",
        activity="concept:name",
        timestamp="time:timestamp",
        channel="channel",
        score="score",
        amount="amount",
        segment="case:segment",
    )
    log = read_events(path, mapping, engine=engine)
    check(log)
    assert log.to_arrow()["segment"].to_pylist() == ["young", "young", None, None]


def test_xes_columns_are_trace_and_event_attributes(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "log.xes", XES)
    log = read_events(path, engine=engine)  # XES names are guessed
    assert log.mapping.case_id == "case:concept:name"
    assert log.mapping.channel == "channel"
    assert log.n_events == 4


def test_duckdb_file_table_and_query(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "crm.duckdb"
    with duckdb.connect(str(path)) as con:
        con.register("src", arrow_table())
        con.execute("CREATE TABLE events AS SELECT * FROM src")
    check(read_events(path, MAPPING, engine=engine, table="events"))
    log = read_events(
        path, MAPPING, engine=engine, query="SELECT * FROM events WHERE client = 'c2'"
    )
    assert log.n_events == 2


def test_sqlite_url(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "crm.sqlite"
    with sqlite3.connect(path) as con:
        con.execute(f"CREATE TABLE events ({', '.join(HEADER)})")
        con.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
            [[float(v) if i >= 4 and v else v for i, v in enumerate(r)] for r in ROWS],
        )
    con.close()
    url = f"sqlite:///{path}"
    check(read_events(url, MAPPING, engine=engine, table="events"))
    log = read_events(url, MAPPING, engine=engine, query="SELECT * FROM events ORDER BY date DESC")
    assert log.n_events == 4


def test_postgresql(postgres_url: str, engine: Engine) -> None:
    import sqlalchemy as sa

    db = sa.create_engine(postgres_url)
    with db.begin() as con:
        con.execute(sa.text("DROP TABLE IF EXISTS events"))
        con.execute(
            sa.text(
                "CREATE TABLE events (client text, event text, date timestamptz, canal text, "
                "note numeric, montant double precision)"
            )
        )
        for r in ROWS:
            con.execute(
                sa.text("INSERT INTO events VALUES (:c, :e, :d, :ch, :n, :m)"),
                {
                    "c": r[0],
                    "e": r[1],
                    "d": f"{r[2]}+00",
                    "ch": r[3],
                    "n": r[4],
                    "m": float(r[5]) if r[5] else None,
                },
            )
        con.execute(sa.text("SET TIME ZONE 'Europe/Paris'"))
    db.dispose()
    check(read_events(postgres_url, MAPPING, engine=engine, table="events"))
    log = read_events(
        postgres_url, MAPPING, engine=engine, query="SELECT * FROM events WHERE canal = 'app'"
    )
    assert log.n_events == 2


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow"])
def test_from_dataframe(engine: Engine, kind: str) -> None:
    table = arrow_table()
    data: object = {
        "pandas": table.to_pandas,
        "polars": lambda: pl.from_arrow(table),
        "arrow": lambda: table,
    }[kind]()
    check(from_dataframe(data, MAPPING, engine=engine))


def test_from_pandas_datetimes_naive_in_zone(engine: Engine) -> None:
    df = pd.DataFrame(
        {
            "user_id": ["u1", "u1"],
            "event_name": ["login", "logout"],
            "event_time": pd.to_datetime(["2024-07-01 10:00", "2024-01-10 10:00"]),
        }
    )
    log = from_dataframe(df, engine=engine, timezone="Europe/Paris")
    # summer: UTC+2, winter: UTC+1
    assert log.to_pandas()["timestamp"].tolist() == [
        pd.Timestamp("2024-01-10 09:00"),
        pd.Timestamp("2024-07-01 08:00"),
    ]


def test_conversions(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "log.csv", csv_text(","))
    log = read_events(path, MAPPING, engine=engine)
    assert log.to_polars().shape == (4, 9)
    assert list(log.to_pandas().columns) == EVENT_SCHEMA.names
    assert "n_events=4" in repr(log)


def test_unix_times_in_text_and_numbers(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "web.csv",
        "user_id,event_name,event_time\n"
        "u1,page_view,1709283600\n"  # seconds
        "u1,click,1709283600500\n"  # milliseconds
        "u1,purchase,1709283601000000\n",  # microseconds (GA4 style)
    )
    log = read_events(path, engine=engine, timezone="Europe/Paris")  # epochs are UTC anyway
    assert [str(t) for t in log.to_pandas()["timestamp"]] == [
        "2024-03-01 09:00:00",
        "2024-03-01 09:00:00.500000",
        "2024-03-01 09:00:01",
    ]
    parquet = tmp_path / "ga4.parquet"
    pq.write_table(
        pa.table(
            {
                "user_id": ["u1"],
                "event_name": ["x"],
                "event_timestamp": pa.array([1709283600123456], pa.int64()),
            }
        ),
        parquet,
    )
    assert str(read_events(parquet, engine=engine).start) == "2024-03-01 09:00:00.123456"


def test_gzipped_csv(tmp_path: Path, engine: Engine) -> None:
    import gzip

    path = tmp_path / "log.csv.gz"
    path.write_bytes(gzip.compress(csv_text(";").encode()))
    check(read_events(path, MAPPING, engine=engine))


def test_xes_spooled_in_small_batches(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parcours.events.spool as spool

    monkeypatch.setattr(spool, "BATCH_ROWS", 1)  # one Parquet file per event
    path = write(tmp_path / "log.xes", XES)
    log = read_events(path, engine=engine)
    assert log.n_events == 4
    # 'case:segment' exists only in the first trace's batches: null elsewhere, not lost
    assert log.to_arrow()["activity"].to_pylist() == [
        "Open app",
        "Simulate fees",
        "Open app",
        "Call",
    ]
    assert log.to_arrow()["row"].to_pylist() == [1, 2, 3, 4]
