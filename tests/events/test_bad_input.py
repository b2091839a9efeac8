"""Bad input gives a clear FR/EN message naming the file, the row or column, and what to do."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from parcours.engine import Engine
from parcours.events import ColumnMapping, EventLogError, read_events

from .conftest import write

MAPPING = ColumnMapping(case_id="client", activity="event", timestamp="date", score="note")


def error_of(*args: object, **kwargs: object) -> EventLogError:
    with pytest.raises(EventLogError) as caught:
        read_events(*args, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_missing_file(tmp_path: Path, engine: Engine) -> None:
    err = error_of(tmp_path / "nope.csv", engine=engine)
    assert err.message("en") == f"{tmp_path / 'nope.csv'}: no such file."
    assert "fichier introuvable" in err.message("fr")


def test_unknown_format(tmp_path: Path, engine: Engine) -> None:
    err = error_of(write(tmp_path / "log.json", "{}"), engine=engine)
    assert "unknown event-log format '.json'" in err.message("en")
    assert "format de journal d'événements inconnu" in err.message("fr")


def test_unreadable_files(tmp_path: Path, engine: Engine) -> None:
    xes = write(tmp_path / "broken.xes", "<log><trace><event></trace></log>")
    assert "broken.xes: cannot read the file (XML:" in error_of(xes, engine=engine).message("en")
    xlsx = write(tmp_path / "fake.xlsx", "not a workbook")
    assert "fake.xlsx: cannot read" in error_of(xlsx, engine=engine).message("en")
    gz = write(tmp_path / "fake.xes.gz", "not gzip")
    assert "impossible de lire" in error_of(gz, engine=engine).message("fr")
    ragged = write(tmp_path / "ragged.csv", "client,event,date\nc1,a,2024-01-01\nc2,b,x,y,z\n")
    msg = error_of(ragged, engine=engine).message("en")
    assert msg.startswith(f"{ragged}: ") and "client,event,date" in msg  # what DuckDB saw
    parquet = write(tmp_path / "broken.parquet", "PAR1 not really")
    assert f"{parquet}: cannot read the file" in error_of(parquet, engine=engine).message("en")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert "a folder, not a file" in error_of(folder, engine=engine).message("en")


def test_empty_log(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "empty.csv", "client;event;date\n")
    assert (
        error_of(path, MAPPING.model_copy(update={"score": None}), engine=engine)
        .message("en")
        .startswith(f"{path}: the log has no rows")
    )


def test_missing_column_names_it_lists_found_and_suggests(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "log.csv", "Client;event;date_evt\nc1;a;2024-01-01\n")
    err = error_of(
        path,
        ColumnMapping(case_id="client", activity="event", timestamp="date_event"),
        engine=engine,
    )
    assert err.message("en") == (
        f"{path}: no column 'client' (chosen for case_id). Columns found: Client, event, date_evt."
        " Did you mean 'Client'?"
    )
    err = error_of(
        path,
        ColumnMapping(case_id="Client", activity="event", timestamp="date_event"),
        engine=engine,
    )
    assert "Vouliez-vous dire 'date_evt' ?" in err.message("fr")


def test_columns_that_cannot_be_guessed(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "log.csv", "who;what;when\nc1;a;2024-01-01\n")
    msg = error_of(path, engine=engine).message("en")
    # 'when' holds dates: the timestamp; one row tells nothing about the case or the activity
    assert msg.startswith(f"{path}: cannot tell which column holds case_id, activity. ")
    assert "Columns found: who, what, when." in msg
    path = write(tmp_path / "log.csv", "who;what;when\nc1;a;x\n")
    assert "holds case_id, timestamp, activity" in error_of(path, engine=engine).message("en")


def test_rejected_rows_are_counted_sampled_and_written(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "log.csv",
        "client;event;date;note\n"
        "c1;open;2024-01-01 10:00;4\n"  # row 1 ok
        ";open;2024-01-01 10:00;4\n"  # row 2 no case id
        "c2;;2024-01-01 10:00;\n"  # row 3 no activity
        "c3;open;;\n"  # row 4 no timestamp
        "c4;open;yesterday;\n"  # row 5 bad timestamp
        "c5;open;2024-02-30 10:00;\n"  # row 6 impossible date
        "c6;open;2024-01-01 11:00;great\n"  # row 7 bad score
        "c7;open;2024-01-01 12:00;3,5\n",  # row 8 ok (decimal comma)
    )
    out = tmp_path / "out" / "rejected.csv"
    log = read_events(path, MAPPING, engine=engine, rejected_path=out)
    assert (log.n_events, log.n_cases) == (2, 2)
    assert log.to_pandas()["row"].tolist() == [1, 8]
    assert log.rejected.counts == {
        "missing_case_id": 1,
        "missing_activity": 1,
        "missing_timestamp": 1,
        "bad_timestamp": 2,
        "bad_score": 1,
    }
    bad_ts = [
        (s.row, s.column, s.value) for s in log.rejected.samples if s.reason == "bad_timestamp"
    ]
    assert bad_ts == [(5, "date", "yesterday"), (6, "date", "2024-02-30 10:00")]
    en = log.rejected.describe("en")
    assert "6 row(s) rejected" in en
    assert "2 x timestamp not understood (column 'date'); e.g. row 5: 'yesterday'" in en
    assert "1 x score is not a finite number (column 'note'); e.g. row 7: 'great'" in en
    assert "1 x empty case id (column 'client'); e.g. row 2" in en
    assert "horodatage incompris (colonne 'date')" in log.rejected.describe("fr")
    with out.open(encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert [(r["row"], r["client"], r["reason"]) for r in written] == [
        ("2", "", "missing_case_id"),
        ("3", "c2", "missing_activity"),
        ("4", "c3", "missing_timestamp"),
        ("5", "c4", "bad_timestamp"),
        ("6", "c5", "bad_timestamp"),
        ("7", "c6", "bad_score"),
    ]
    assert log.rejected.path == out


def test_samples_are_capped_at_five_per_reason(tmp_path: Path, engine: Engine) -> None:
    lines = ["client;event;date"] + [f"c{i};a;bad{i}" for i in range(9)] + ["c;a;2024-01-01"]
    log = read_events(write(tmp_path / "l.csv", "\n".join(lines) + "\n"), engine=engine)
    assert log.rejected.counts == {"bad_timestamp": 9}
    assert [s.row for s in log.rejected.samples] == [1, 2, 3, 4, 5]


def test_all_rows_rejected_is_an_error_with_a_format_hint(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "fr.csv", "client;event;date\nc1;a;23/11/2026 14:05\nc2;b;24/11/2026 08:00\n"
    )
    err = error_of(path, engine=engine)
    en = err.message("en")
    assert en.startswith(f"{path}: every row was rejected")
    assert "row 1: '23/11/2026 14:05'" in en and "format: '%d/%m/%Y %H:%M'" in en
    assert "toutes les lignes ont été rejetées" in err.message("fr")
    # ...and the hint works:
    log = read_events(
        path,
        ColumnMapping(
            case_id="client", activity="event", timestamp="date", format="%d/%m/%Y %H:%M"
        ),
        engine=engine,
    )
    assert str(log.start) == "2026-11-23 14:05:00"


def test_times_with_and_without_offset_need_a_time_zone(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "tz.csv",
        "client;event;date\nc1;a;2024-03-30 10:00:00+01:00\nc1;b;2024-04-02 10:00:00+02:00\n"
        "c1;c;2024-04-03 10:00:00\n",
    )
    err = error_of(path, engine=engine)
    en = err.message("en")
    assert en.startswith(
        f"{path}: column 'date' mixes times with a UTC offset "
        "(e.g. row 1: '2024-03-30 10:00:00+01:00') and times without one "
        "(e.g. row 3: '2024-04-03 10:00:00')."
    )
    assert "timezone: Europe/Paris" in en and "--timezone" in en
    fr = err.message("fr")
    assert "la colonne 'date' mélange des heures avec un décalage UTC (par ex. ligne 1" in fr
    assert "et des heures sans décalage (par ex. ligne 3 : '2024-04-03 10:00:00')" in fr
    log = read_events(path, engine=engine, timezone="Europe/Paris")
    assert [str(t) for t in log.to_pandas()["timestamp"]] == [
        "2024-03-30 09:00:00",
        "2024-04-02 08:00:00",
        "2024-04-03 08:00:00",
    ]


def test_summer_and_winter_offsets_are_instants(tmp_path: Path, engine: Engine) -> None:
    text = (
        "client;event;date\nc1;a;2024-03-30 10:00:00+01:00\nc1;b;2024-04-02T10:00:00+02:00\n"
        "c1;c;2024-04-03 08:30:00Z\nc1;d;2024-04-04 10:00:00.250-04:00\n"
    )
    log = read_events(write(tmp_path / "tz.csv", text), engine=engine)
    expected = [
        "2024-03-30 09:00:00",
        "2024-04-02 08:00:00",
        "2024-04-03 08:30:00",
        "2024-04-04 14:00:00.250000",
    ]
    assert [str(t) for t in log.to_pandas()["timestamp"]] == expected
    # the same instants as when the zone is named
    zoned = read_events(tmp_path / "tz.csv", engine=engine, timezone="Europe/Paris")
    assert [str(t) for t in zoned.to_pandas()["timestamp"]] == expected


def test_one_offset_everywhere_needs_no_time_zone(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "z.csv",
        "client;event;date\nc1;a;2024-01-01T10:00:00Z\nc1;b;2024-01-01T11:00:00+00:00\n",
    )
    log = read_events(path, engine=engine)
    assert [str(t) for t in log.to_pandas()["timestamp"]] == [
        "2024-01-01 10:00:00",
        "2024-01-01 11:00:00",
    ]


def test_naive_timestamps_default_to_utc(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "n.csv", "client;event;date\nc1;a;2024-07-01 10:00\n")
    assert str(read_events(path, engine=engine).start) == "2024-07-01 10:00:00"
    assert str(read_events(path, engine=engine, timezone="America/New_York").start) == (
        "2024-07-01 14:00:00"
    )


def test_bad_time_zone_argument(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "n.csv", "client;event;date\nc1;a;2024-07-01 10:00\n")
    err = error_of(path, engine=engine, timezone="Paris")
    assert err.message("en").startswith("unknown time zone 'Paris'")
    assert "fuseau horaire inconnu" in err.message("fr")


def test_database_needs_table_or_query(tmp_path: Path, engine: Engine) -> None:
    import sqlite3

    import duckdb

    path = tmp_path / "x.duckdb"
    duckdb.connect(str(path)).close()
    assert "give a table name" in error_of(path, engine=engine).message("en")
    assert "x.duckdb::missing" in error_of(path, engine=engine, table="missing").message("en")
    sqlite3.connect(tmp_path / "x.sqlite").execute("CREATE TABLE other (x)").connection.close()
    url_err = error_of(f"sqlite:///{tmp_path / 'x.sqlite'}", engine=engine, table="events")
    assert "cannot read" in url_err.message("en") and "events" in url_err.message("en")


def test_password_is_hidden_in_messages(engine: Engine) -> None:
    err = error_of("postgresql+psycopg://ana:s3cret@127.0.0.1:1/crm", engine=engine, table="t")
    assert "s3cret" not in err.message("en") and "ana:***@" in err.message("en")


def test_excel_rows_are_named_by_their_number(tmp_path: Path, engine: Engine) -> None:
    import openpyxl

    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["client", "event", "date", "note"])
    sheet.append(["c1", "a", "2024-01-01 10:00", 4])
    sheet.append([None, None, None, None])  # blank: skipped, still counted
    sheet.append(["c2", "b", "2024-01-01 11:00", "bof"])
    book.save(path)
    log = read_events(path, MAPPING, engine=engine)
    assert log.n_events == 1
    assert [(s.row, s.value) for s in log.rejected.samples] == [(3, "bof")]
    with pytest.raises(EventLogError, match="no sheet named 'Feuil2'; sheets found: Sheet"):
        read_events(path, MAPPING, engine=engine, sheet="Feuil2")


def test_xes_dates_with_their_own_offsets_need_no_time_zone(tmp_path: Path, engine: Engine) -> None:
    xes = write(
        tmp_path / "log.xes",
        '<log><trace><string key="concept:name" value="c1"/>'
        '<event><string key="concept:name" value="a"/>'
        '<date key="time:timestamp" value="2012-01-10T10:00:00.000+01:00"/></event>'
        '<event><string key="concept:name" value="b"/>'
        '<date key="time:timestamp" value="2012-06-10T10:00:00.000+02:00"/></event>'
        "</trace></log>",
    )
    log = read_events(xes, engine=engine)
    stamps = [str(t) for t in log.to_pandas()["timestamp"]]
    assert stamps == ["2012-01-10 09:00:00", "2012-06-10 08:00:00"]
    zoned = read_events(xes, engine=engine, timezone="Europe/Amsterdam")
    assert [str(t) for t in zoned.to_pandas()["timestamp"]] == stamps
