"""Event logs in Excel workbooks (.xlsx): the first sheet, or a named one.

The first non-empty row holds the column names; each following row is an event
(entirely empty rows are skipped, the row numbers of the others still count them).
Only the cells written in the file are read, whatever size the sheet claims to be;
cells right of the last named column are ignored. Cells are read with openpyxl's
streaming sheet parser and spooled as text (dates as ISO 8601).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parcours.events.errors import EventLogError
from parcours.events.spool import Spool, as_text


def header_names(cells: tuple[object, ...]) -> list[str]:
    """Column names from a header row: blanks become ``column_<n>``, repeats get ``_2``...

    >>> header_names(("date", None, "date"))
    ['date', 'column_2', 'date_2']
    """
    names: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells, start=1):
        base = as_text(cell) or f"column_{index}"
        name, n = base.strip(), 1
        while name in taken:
            n += 1
            name = f"{base.strip()}_{n}"
        names.append(name)
        taken.add(name)
    return names


def spool_excel(path: Path, spool: Spool, sheet: str | None = None) -> list[str]:
    """Stream the rows of ``sheet`` (default: the first) into ``spool``; return the columns."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    label = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError) as exc:
        reason = str(exc) or type(exc).__name__
        raise EventLogError("cannot_read", file=label, reason=reason) from exc
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise EventLogError(
                "no_sheet", file=label, sheet=sheet, found=", ".join(book.sheetnames)
            )
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        names = _spool_rows(_cells(book, worksheet), spool)
    except (zipfile.BadZipFile, zlib.error, EOFError, ET.ParseError, ValueError) as exc:
        reason = str(exc) or type(exc).__name__
        raise EventLogError("cannot_read", file=label, reason=reason) from exc
    finally:
        book.close()
    if not names or spool.rows == 0:
        raise EventLogError("empty", file=label)
    return names


def _spool_rows(rows: Iterator[tuple[int, dict[int, object]]], spool: Spool) -> list[str]:
    """Header from the first non-empty row; then one spooled row per non-empty row.

    Cells right of the last named header cell have no column name and are ignored.
    """
    first = next(rows, None)
    if first is None:
        return []
    header_row, header = first
    width = max(header)
    names = header_names(tuple(header.get(c) for c in range(1, width + 1)))
    named: dict[str, str | None] = dict.fromkeys(names[c - 1] for c in sorted(header))
    for number, cells in rows:
        row = {names[c - 1]: as_text(v) for c, v in cells.items() if c <= width}
        if row:
            if spool.rows == 0:  # every named column exists, even if it is empty
                row = named | row
            row["__row"] = str(number - header_row)
            spool.add(row)
    spool.close()
    return [name for name in names if name in spool.columns]


def _cells(book: Any, worksheet: Any) -> Iterator[tuple[int, dict[int, object]]]:
    """``(row number, {column number: value})`` of the rows holding a non-blank cell.

    Only the cells written in the file are read. openpyxl's row iterator pads every row
    to the width the sheet's ``<dimension>`` claims (A1:XFD1048576 makes each row 16,384
    cells) and to its last cell: its sheet parser, used here, yields the cells as written.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with book._archive.open(worksheet._worksheet_path) as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = {cell["column"]: cell["value"] for cell in cells if not _blank(cell["value"])}
            if values:
                yield number, values


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
