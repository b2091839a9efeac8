"""Event logs in Excel workbooks (.xlsx): the first sheet, or a named one.

The first row holds the column names; each following row is an event (entirely empty
rows are skipped, the row numbers of the others still count them). Cells are read with
openpyxl in read-only mode and spooled as text (dates as ISO 8601).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from parcours.events.errors import EventLogError
from parcours.events.spool import Spool, as_text


def header_names(cells: tuple[object, ...]) -> list[str]:
    """Column names from a header row: blanks become ``column_<n>``, repeats get ``_2``...

    >>> header_names(("date", None, "date"))
    ['date', 'column_2', 'date_2']
    """
    names: list[str] = []
    for index, cell in enumerate(cells, start=1):
        base = as_text(cell) or f"column_{index}"
        name, n = base.strip(), 1
        while name in names:
            n += 1
            name = f"{base.strip()}_{n}"
        names.append(name)
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
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise EventLogError("empty", file=label)
        names = header_names(tuple(header))
        for number, values in enumerate(rows, start=1):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row = {name: as_text(value) for name, value in zip(names, values, strict=False)}
            row["__row"] = str(number)
            spool.add(row)
    finally:
        book.close()
    if spool.rows == 0:
        raise EventLogError("empty", file=label)
    spool.close()
    return names
