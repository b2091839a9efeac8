"""Values that used to be read wrongly (issue 8, "Wrong results"): now rejected or read right."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from parcours.engine import Engine
from parcours.events import ColumnMapping, read_events

from .conftest import write

MAPPING = ColumnMapping(
    case_id="client", activity="event", timestamp="date", score="note", amount="montant"
)

TIMES = ColumnMapping(case_id="client", activity="event", timestamp="date")


def timestamps(path: Path, engine: Engine, **options: object) -> list[str]:
    log = read_events(path, TIMES, engine=engine, **options)  # type: ignore[arg-type]
    return [str(t) for t in log.to_pandas().sort_values("row")["timestamp"]]


# ------------------------------------------------------------------ infinite / NaN numbers
def test_infinite_and_nan_scores_and_amounts_are_rejected_in_csv(
    tmp_path: Path, engine: Engine
) -> None:
    path = write(
        tmp_path / "log.csv",
        "client,event,date,note,montant\n"
        "c1,a,2024-01-01 10:00,4,10\n"
        "c1,b,2024-01-01 11:00,inf,\n"
        "c1,c,2024-01-01 12:00,-inf,\n"
        "c1,d,2024-01-01 13:00,nan,\n"
        "c1,e,2024-01-01 14:00,Infinity,\n"
        "c1,f,2024-01-01 15:00,5,NaN\n"
        "c1,g,2024-01-01 16:00,,-Infinity\n",
    )
    log = read_events(path, MAPPING, engine=engine)
    assert log.to_pandas()["row"].tolist() == [1]
    assert log.rejected.counts == {"bad_score": 4, "bad_amount": 2}
    assert [(s.row, s.value) for s in log.rejected.samples if s.reason == "bad_score"] == [
        (2, "inf"),
        (3, "-inf"),
        (4, "nan"),
        (5, "Infinity"),
    ]
    assert "score non numérique ou infini (colonne 'note')" in log.rejected.describe("fr")
    assert "4 x score is not a finite number (column 'note'); e.g. row 2: 'inf'" in (
        log.rejected.describe("en")
    )


def test_infinite_and_nan_scores_are_rejected_in_parquet(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table(
            {
                "client": ["c1", "c1", "c1", "c1"],
                "event": ["a", "b", "c", "d"],
                "date": ["2024-01-01 10:00"] * 4,
                "note": pa.array([4.5, float("inf"), float("nan"), None], pa.float64()),
                "montant": pa.array([1.0, 2.0, 3.0, float("-inf")], pa.float64()),
            }
        ),
        path,
    )
    log = read_events(path, MAPPING, engine=engine)
    assert log.to_pandas()["score"].tolist() == [4.5]
    assert log.rejected.counts == {"bad_score": 2, "bad_amount": 1}
    assert [(s.reason, s.row) for s in log.rejected.samples] == [
        ("bad_amount", 4),
        ("bad_score", 2),
        ("bad_score", 3),
    ]


# ------------------------------------------------------------------ compact timestamps
def test_compact_timestamps_in_csv(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "log.csv",
        "client,event,date\n"
        "c1,a,20260101103000\n"  # YYYYMMDDHHMMSS: not Unix milliseconds in 2612
        "c1,b,202601011045\n"  # YYYYMMDDHHMM: not Unix milliseconds in 1976
        "c1,c,20260102\n"  # YYYYMMDD
        "c1,d,1767263400000\n",  # 13 digits: still Unix milliseconds
    )
    expected = [
        "2026-01-01 10:30:00",
        "2026-01-01 10:45:00",
        "2026-01-02 00:00:00",
        "2026-01-01 10:30:00",
    ]
    assert timestamps(path, engine) == expected
    # compact dates are local times, read in the zone like other times without an offset
    assert timestamps(path, engine, timezone="Europe/Paris")[:3] == [
        "2026-01-01 09:30:00",
        "2026-01-01 09:45:00",
        "2026-01-01 23:00:00",
    ]


def test_compact_timestamps_that_are_no_date(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "log.csv",
        "client,event,date\nc1,a,20261301\nc1,b,2026-01-01 10:00\nc1,c,20260230103000\n",
    )
    log = read_events(path, TIMES, engine=engine)
    # digits shaped like a compact date are one, or rejected (not a Unix time in 2612)
    assert log.rejected.counts == {"bad_timestamp": 2}
    assert [s.value for s in log.rejected.samples] == ["20261301", "20260230103000"]
    assert log.to_pandas()["row"].tolist() == [2]


def test_compact_timestamps_in_parquet_and_excel(tmp_path: Path, engine: Engine) -> None:
    parquet = tmp_path / "log.parquet"
    pq.write_table(
        pa.table(
            {
                "client": ["c1", "c1", "c1"],
                "event": ["a", "b", "c"],
                "date": pa.array([20260101103000, 20260102, 1767263400], pa.int64()),
            }
        ),
        parquet,
    )
    assert timestamps(parquet, engine) == [
        "2026-01-01 10:30:00",
        "2026-01-02 00:00:00",
        "2026-01-01 10:30:00",  # 10 digits: Unix seconds
    ]
    xlsx = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["client", "event", "date"])
    sheet.append(["c1", "a", 20260101103000])  # a number cell
    sheet.append(["c1", "b", "202601011045"])  # a text cell
    sheet.append(["c1", "c", 20260102.0])
    book.save(xlsx)
    assert timestamps(xlsx, engine) == [
        "2026-01-01 10:30:00",
        "2026-01-01 10:45:00",
        "2026-01-02 00:00:00",
    ]


# ------------------------------------------------------------------ implausible dates
def test_implausible_dates_are_kept_with_a_note(tmp_path: Path, engine: Engine) -> None:
    path = write(
        tmp_path / "log.csv",
        "client,event,date\n"
        "c1,a,1901-05-01 10:00\n"
        "c1,b,1969-12-31 23:59\n"
        "c1,c,2024-01-01 10:00\n"
        "c1,d,2999-01-01 10:00\n",
    )
    log = read_events(path, TIMES, engine=engine)
    assert log.n_events == 4 and not log.rejected
    early, late = log.notes
    assert early.describe("en") == (
        f"{path}: 2 time(s) in column 'date' fall before 1970 (e.g. row 1: '1901-05-01 10:00')."
        " Check how the dates are written (their format, or the unit of Unix times)."
    )
    assert "1 heure(s) de la colonne 'date' tombent plus d'un an après aujourd'hui" in (
        late.describe("fr")
    )
    assert "(e.g. row 4: '2999-01-01 10:00')" in late.describe("en")


def test_plausible_dates_give_no_note(tmp_path: Path, engine: Engine) -> None:
    path = write(tmp_path / "log.csv", "client,event,date\nc1,a,1970-01-01\nc1,b,2024-05-01\n")
    assert read_events(path, TIMES, engine=engine).notes == []


# ------------------------------------------------------------------ out-of-range years
OUT_OF_RANGE = [
    "9999-12-31 23:59:59",
    "0000-01-01 10:00",
    "-0044-03-15",
    "10000-01-01",
    "infinity",  # DuckDB reads these as endless times
    "-infinity",
]


def test_years_out_of_range_are_rejected_rows_in_csv(tmp_path: Path, engine: Engine) -> None:
    lines = [f"c1,x{i},{value}" for i, value in enumerate(OUT_OF_RANGE)]
    lines += ["c1,ok,2024-01-01 10:00", "c2,bad,2024-13-01", "c2,ok,9998-12-31"]
    path = write(tmp_path / "log.csv", "client,event,date\n" + "\n".join(lines) + "\n")
    log = read_events(path, TIMES, engine=engine)
    assert log.rejected.counts == {"bad_timestamp": 7}
    assert log.to_pandas()["row"].tolist() == [7, 9]
    assert str(log.end) == "9998-12-31 00:00:00"
    assert [s.value for s in log.rejected.samples] == OUT_OF_RANGE[:5]  # 5 samples at most


@pytest.mark.parametrize("kind", ["parquet", "xlsx"])
def test_years_out_of_range_are_rejected_rows_in_typed_files(
    tmp_path: Path, engine: Engine, kind: str
) -> None:
    times = [datetime(9999, 12, 31, 12), datetime(2024, 1, 1, 10), datetime(1, 1, 1)]
    if kind == "parquet":
        path = tmp_path / "log.parquet"
        pq.write_table(
            pa.table(
                {
                    "client": ["c1"] * 3,
                    "event": ["a", "b", "c"],
                    "date": pa.array(times, pa.timestamp("us")),
                }
            ),
            path,
        )
    else:
        path = tmp_path / "log.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["client", "event", "date"])
        for event, time in zip("abc", times, strict=True):
            sheet.append(["c1", event, time])
        book.save(path)
    log = read_events(path, TIMES, engine=engine)
    assert log.rejected.counts == {"bad_timestamp": 1}
    assert [s.row for s in log.rejected.samples] == [1]
    assert [str(t) for t in log.to_pandas()["timestamp"]] == [
        "0001-01-01 00:00:00",
        "2024-01-01 10:00:00",
    ]


def test_an_infinite_score_no_longer_reaches_the_analysis(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from parcours.cli.app import app

    lines = ["client,event,date,note"]
    for customer in range(4):
        for k, step in enumerate(["open", "fill", "sign"]):
            score = "inf" if (customer, k) == (0, 2) else str(3 + k % 2)
            lines.append(f"c{customer},{step},2024-01-0{customer + 1} 1{k}:00,{score}")
    log = write(tmp_path / "log.csv", "\n".join(lines) + "\n")
    draft = tmp_path / "map.yaml"
    runner = CliRunner()
    done = runner.invoke(app, ["discover", str(log), "-o", str(draft), "--lang", "en"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["analyze", str(draft), "--events", str(log), "--no-store"])
    assert done.exit_code == 0, done.output
    text = (tmp_path / "map.analysis.json").read_text(encoding="utf-8")
    assert "Infinity" not in text and "NaN" not in text
    result = json.loads(text)
    assert result["rejected_rows"] == {"bad_score": 1}
    assert result["satisfaction_scale"] == "1-5"
