"""Excel logs are read by the cells they hold, not the size they claim (issue 8)."""

from __future__ import annotations

import re
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from parcours.engine import Engine
from parcours.events import ColumnMapping, read_events

ROWS = 5_000
MAPPING = ColumnMapping(case_id="client", activity="event", timestamp="date")


def _workbook(path: Path, stray: tuple[int, int] | None = None) -> Path:
    book = openpyxl.Workbook(write_only=stray is None)
    sheet = book.create_sheet("Events") if stray is None else book.active
    sheet.append(["client", "event", "date", "note"])
    start = datetime(2024, 3, 1, 9, 0)
    for n in range(ROWS):
        note = "bad date" if n % 1000 == 0 else None
        date = "not a date" if note else start + timedelta(minutes=n)
        sheet.append([f"c{n % 250}", f"step {n % 5}", date, note])
    if stray is not None:
        sheet.title = "Events"
        sheet.cell(row=stray[0], column=stray[1], value="stray")
    book.save(path)
    return path


def _claiming(source: Path, target: Path, dimension: str) -> Path:
    """A copy of ``source`` whose sheet says its cells span ``dimension``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                if "<dimension" in text:
                    text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text)
                else:
                    text = text.replace("<sheetData", f'<dimension ref="{dimension}"/><sheetData')
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return target


def _read(path: Path, engine: Engine, rejected: Path) -> tuple[list[tuple[object, ...]], float]:
    start = time.perf_counter()
    log = read_events(path, MAPPING, engine=engine, rejected_path=rejected)
    seconds = time.perf_counter() - start
    table = log.to_arrow().select(["case_id", "activity", "timestamp", "row"])
    return sorted(zip(*(c.to_pylist() for c in table.columns), strict=True)), seconds


def test_lying_dimension_and_stray_xfd_cell_read_like_the_sane_file(
    tmp_path: Path, engine: Engine
) -> None:
    sane = _workbook(tmp_path / "sane.xlsx")
    lying = _claiming(sane, tmp_path / "lying.xlsx", "A1:XFD1048576")
    stray = _workbook(tmp_path / "stray.xlsx", stray=(5, 16_384))  # one cell in column XFD
    expected, sane_seconds = _read(sane, engine, tmp_path / "sane-rejected.csv")
    assert len(expected) == ROWS - ROWS // 1000
    for hostile in (lying, stray):
        rejected = tmp_path / f"{hostile.stem}-rejected.csv"
        rows, seconds = _read(hostile, engine, rejected)
        assert rows == expected, hostile.name
        # before: 16,384 cells per row (and 1,048,576 rows): minutes, gigabytes
        assert seconds < 3 * sane_seconds + 10, (hostile.name, seconds, sane_seconds)
        assert rejected.stat().st_size < 2 * (tmp_path / "sane-rejected.csv").stat().st_size


def test_header_names_and_empty_named_columns_are_kept(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["client", None, "event", "date", "channel"])  # 'channel' never filled
    sheet.append(["c1", "x", "login", "2024-03-01 09:00", None])
    sheet.append([None, None, None, None, None])
    sheet.append(["c1", None, "pay", "2024-03-01 09:05", None])
    book.save(path)
    mapping = MAPPING.model_copy(update={"channel": "channel"})
    table = read_events(path, mapping.model_copy(update={"activity": "event"}), engine=engine)
    arrow = table.to_arrow()
    assert arrow["channel"].to_pylist() == [None, None]
    assert arrow["row"].to_pylist() == [1, 3]  # the empty row still counts


@pytest.mark.parametrize("stray_row", [1, 3])
def test_a_stray_far_cell_adds_no_16k_columns(
    tmp_path: Path, engine: Engine, stray_row: int
) -> None:
    path = tmp_path / "log.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["client", "event", "date"])
    sheet.append(["c1", "login", "2024-03-01 09:00"])
    sheet.append(["c1", "pay", "2024-03-01 09:05"])
    sheet.cell(row=stray_row, column=16_384, value="far")
    book.save(path)
    start = time.perf_counter()
    log = read_events(path, MAPPING, engine=engine)
    assert log.n_events == 2 and time.perf_counter() - start < 10
