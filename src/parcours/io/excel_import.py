"""Import a journey map from an Excel workbook laid out as :mod:`excel_layout` says.

Every problem names its cell (``Steps!C7``), the field and what was expected. Sheet
names and headers may be French or English; unknown columns are errors (nothing is
dropped silently); sheets other than the known ones are ignored.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from parcours.io.errors import MapFileError, Problem
from parcours.io.excel_layout import (
    CUSTOM_PREFIX,
    EMOTION_SUFFIXES,
    JOURNEY_ROWS,
    LONG_TEXTS,
    MAP_LEVEL_KEYS,
    PER_STEP,
    SHEETS,
    STEP_COLUMNS,
    STEP_NAME_REMINDER,
    TOP_LEVEL,
    CellError,
    Column,
    Sheet,
    from_cell,
    is_blank,
    match_name,
    normalize,
)
from parcours.io.upgrade import upgrade_document
from parcours.io.validation import Document, FieldPath, Position, format_path, show, to_map
from parcours.model import JourneyMap


def import_excel(path: str | Path) -> JourneyMap:
    """Read a journey map from an ``.xlsx`` workbook (MapFileError on any problem)."""
    source = str(path)
    try:
        workbook = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise MapFileError(source, [Problem.of("cannot_read", reason=reason)]) from None
    reader = _Reader(source)
    reader.read_long_texts(_find_sheet(workbook.worksheets, LONG_TEXTS))
    sheets = {key: _find_sheet(workbook.worksheets, sheet) for key, sheet in SHEETS.items()}
    journey = sheets["journey"]
    if journey is None:
        names = " / ".join(f"'{n}'" for n in (SHEETS["journey"].en, SHEETS["journey"].fr))
        raise MapFileError(source, [Problem.of("missing_sheet", names=names)])
    reader.read(sheets)
    doc = upgrade_document(Document(reader.data, reader.positions), source)
    problems = list(reader.problems)
    try:
        result = to_map(doc, source)
    except MapFileError as exc:
        problems += exc.problems
    if problems:
        raise MapFileError(source, problems)
    return result


def _find_sheet(worksheets: Sequence[Worksheet], sheet: Sheet) -> Worksheet | None:
    return next((ws for ws in worksheets if match_name(ws.title, sheet.names())), None)


def _filled(ws: Worksheet) -> dict[int, dict[int, Any]]:
    """The non-blank cells of ``ws``: values by column by row (only cells that exist).

    ``iter_rows`` would visit every cell of the rectangle up to the farthest cell: one
    stray value in XFD1048576 makes that 17 billion cells.
    """
    rows: dict[int, dict[int, Any]] = {}
    for (row, column), cell in ws._cells.items():
        if not is_blank(cell.value):
            rows.setdefault(row, {})[column] = cell.value
    return rows


def _header_row(ws: Worksheet) -> tuple[Any, ...]:
    """The first row's values, up to its last non-blank cell."""
    cells = _filled(ws).get(1, {})
    return tuple(cells.get(c) for c in range(1, max(cells, default=0) + 1))


def _rows(ws: Worksheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Non-blank data rows (after the header) with their 1-based row number.

    Each row has one value per header cell; cells right of the header are not read.
    """
    filled = _filled(ws)
    width = max(filled.get(1, {}), default=0)
    for number in sorted(r for r in filled if r >= 2):
        values = tuple(filled[number].get(c) for c in range(1, width + 1))
        if not all(is_blank(v) for v in values):
            yield number, values


@dataclass
class _Reader:
    source: str
    data: dict[str, Any] = field(default_factory=lambda: {"journey": {}})
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    step_rows: dict[str, int] = field(default_factory=dict)
    continued: dict[tuple[str, int, int], dict[int, str]] = field(default_factory=dict)
    """Parts 2, 3... of texts longer than a cell, by (sheet title, row, column)."""

    # ------------------------------------------------------------- helpers
    def at(self, ws: Worksheet, row: int, column: int) -> Position:
        return Position(line=row, column=column, sheet=ws.title)

    def problem(
        self,
        key: str,
        ws: Worksheet,
        row: int,
        column: int,
        *,
        got: Any = None,
        path: FieldPath = (),
        **params: str,
    ) -> None:
        self.problems.append(
            Problem.of(
                key,
                field=format_path(path),
                got="" if got is None else show(got),
                line=row,
                column=column,
                sheet=ws.title,
                **params,
            )
        )

    def header(
        self, ws: Worksheet, sheet: Sheet, columns: Sequence[Column], extra: str | None = None
    ) -> list[Column | None]:
        """Columns by position; unknown headers are reported."""
        found: list[Column | None] = []
        first = _header_row(ws)
        for index, title in enumerate(first, start=1):
            text = "" if is_blank(title) else str(title)
            column = next((c for c in columns if text and match_name(text, c.names())), None)
            if column is None and extra and text.startswith(extra):
                column = Column(text.strip(), text, text)
            if column is None and text:
                allowed = ", ".join(c.title(self.lang) for c in columns)
                self.problem(
                    "unknown_sheet_column",
                    ws,
                    1,
                    index,
                    got=text,
                    sheet_name=ws.title,
                    allowed=allowed,
                )
            found.append(column)
        return found

    @property
    def lang(self) -> str:
        return "fr" if self.data.get("language") == "fr" else "en"

    def cell(
        self,
        ws: Worksheet,
        row: int,
        index: int,
        column: Column,
        value: Any,
        target: dict[str, Any],
        path: FieldPath,
    ) -> None:
        """Convert one cell into ``target`` (nested for dotted keys), recording where."""
        if is_blank(value):
            return
        try:
            plain = from_cell(value, column)
        except CellError as exc:
            self.problem(exc.key, ws, row, index, got=value, path=path, **exc.params)
            return
        *parents, name = column.key.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
            path = (*path, parent)
            self.positions.setdefault(path, self.at(ws, row, index))
        target[name] = plain
        self.positions[(*path, name)] = self.at(ws, row, index)

    def record(
        self,
        ws: Worksheet,
        row: int,
        columns: Sequence[Column | None],
        values: Sequence[Any],
        path: FieldPath,
        skip: int = 0,
    ) -> dict[str, Any]:
        item: dict[str, Any] = {}
        self.positions[path] = self.at(ws, row, 1)
        for index, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
            if column is not None and index > skip:
                self.cell(ws, row, index, column, value, item, path)
        return item

    def step_of(self, ws: Worksheet, row: int, value: Any) -> int | None:
        """Index of the step named in column A, or None (problem reported)."""
        step_id = "" if is_blank(value) else str(value).strip()
        if step_id in self.step_rows:
            return self.step_rows[step_id]
        if not step_id:
            self.problem("missing", ws, row, 1, path=("step",))
        else:
            choices = ", ".join(self.step_rows) or "none_defined"
            self.problem("unknown_step_row", ws, row, 1, got=step_id, choices=choices)
        return None

    def rows(self, ws: Worksheet) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Non-blank data rows of ``ws``, long texts joined with their continuations."""
        for number, values in _rows(ws):
            if not self.continued:
                yield number, values
                continue
            whole = list(values)
            for index, value in enumerate(whole, start=1):
                parts = self.continued.get((ws.title, number, index))
                if parts and isinstance(value, str):
                    whole[index - 1] = value + "".join(parts[n] for n in sorted(parts))
            yield number, tuple(whole)

    def read_long_texts(self, ws: Worksheet | None) -> None:
        """Collect the continuation rows of the :data:`LONG_TEXTS` sheet."""
        if ws is None:
            return
        for row, values in _rows(ws):
            sheet, cell, part, text = (*values, None, None, None, None)[:4]
            try:
                letters, number = coordinate_from_string(str(cell).strip().upper())
                column = column_index_from_string(letters)
            except (CellCoordinatesException, ValueError):
                letters, number, column = "", 0, 0
            if is_blank(sheet) or column == 0 or not isinstance(part, int) or part < 2:
                got = " / ".join("" if v is None else str(v) for v in (sheet, cell, part))
                self.problem("long_text_part", ws, row, 1, got=got)
                continue
            key = (str(sheet).strip(), number, column)
            self.continued.setdefault(key, {})[part] = "" if text is None else str(text)

    # ---------------------------------------------------------------- sheets
    def read(self, sheets: dict[str, Worksheet | None]) -> None:
        journey_ws = sheets["journey"]
        assert journey_ws is not None
        self.read_journey(journey_ws)
        for key in TOP_LEVEL:
            ws = sheets[key]
            if ws is not None:
                self.read_top_level(ws, SHEETS[key])
        if sheets["steps"] is not None:
            self.read_steps(sheets["steps"])
        for key in PER_STEP:
            ws = sheets[key]
            if ws is not None:
                self.read_per_step(ws, SHEETS[key])
        if sheets["blueprint"] is not None:
            self.read_blueprint(sheets["blueprint"])
        if sheets["emotions"] is not None:
            self.read_emotions(sheets["emotions"])
        if sheets["measurements"] is not None:
            self.read_measurements(sheets["measurements"])

    def read_journey(self, ws: Worksheet) -> None:
        for row, values in self.rows(ws):
            label, value = [*values, None, None][:2]
            column = next(
                (
                    c
                    for c in JOURNEY_ROWS
                    if not is_blank(label) and match_name(str(label), c.names())
                ),
                None,
            )
            if column is None:
                allowed = ", ".join(c.title(self.lang) for c in JOURNEY_ROWS)
                self.problem(
                    "unknown_sheet_column",
                    ws,
                    row,
                    1,
                    got=label,
                    sheet_name=ws.title,
                    allowed=allowed,
                )
                continue
            if column.key in MAP_LEVEL_KEYS:
                self.cell(ws, row, 2, column, value, self.data, ())
            else:
                self.positions[("journey",)] = self.at(ws, 2, 1)
                self.cell(ws, row, 2, column, value, self.data["journey"], ("journey",))

    def read_top_level(self, ws: Worksheet, sheet: Sheet) -> None:
        columns = self.header(ws, sheet, sheet.columns)
        items: list[dict[str, Any]] = []
        for row, values in self.rows(ws):
            items.append(self.record(ws, row, columns, values, (sheet.key, len(items))))
        if items:
            self.data[sheet.key] = items

    def read_steps(self, ws: Worksheet) -> None:
        sheet = SHEETS["steps"]
        columns = self.header(ws, sheet, STEP_COLUMNS, extra=CUSTOM_PREFIX)
        steps: list[dict[str, Any]] = []
        for row, values in self.rows(ws):
            path: FieldPath = ("steps", len(steps))
            step = self.record(ws, row, columns, values, path)
            custom: dict[str, str] = {}
            for index, (column, value) in enumerate(zip(columns, values, strict=False), 1):
                if column is not None and column.key.startswith(CUSTOM_PREFIX):
                    step.pop(column.key, None)
                    lane = column.key.removeprefix(CUSTOM_PREFIX)
                    if not is_blank(value):
                        custom[lane] = str(from_cell(value, Column(lane, "", "")))
                        self.positions[(*path, "custom", lane)] = self.at(ws, row, index)
            if custom:
                step["custom"] = custom
            if isinstance(step.get("id"), str):
                self.step_rows.setdefault(step["id"], len(steps))
            steps.append(step)
        if steps:
            self.data["steps"] = steps

    def read_per_step(self, ws: Worksheet, sheet: Sheet) -> None:
        columns = self.header(ws, sheet, sheet.columns)
        for row, values in self.rows(ws):
            index = self.step_of(ws, row, values[0] if values else None)
            if index is None:
                continue
            items = self.data["steps"][index].setdefault(sheet.key, [])
            path = ("steps", index, sheet.key, len(items))
            items.append(self.record(ws, row, columns, values, path, skip=1))

    def read_blueprint(self, ws: Worksheet) -> None:
        sheet = SHEETS["blueprint"]
        columns = self.header(ws, sheet, sheet.columns)
        first_rows: dict[int, int] = {}
        for row, values in self.rows(ws):
            index = self.step_of(ws, row, values[0] if values else None)
            if index is None:
                continue
            if index in first_rows:
                self.problem(
                    "duplicate_row", ws, row, 1, id=str(values[0]), first=str(first_rows[index])
                )
                continue
            first_rows[index] = row
            lanes = self.record(ws, row, columns, values, ("steps", index, "blueprint"), skip=1)
            if lanes:
                self.data["steps"][index]["blueprint"] = lanes

    def read_emotions(self, ws: Worksheet) -> None:
        header = _header_row(ws)
        slots: dict[int, tuple[str, str]] = {}
        for index, title in enumerate(header, start=1):
            text = "" if is_blank(title) else str(title).strip()
            if index == 1 or not text or (index == 2 and match_name(text, STEP_NAME_REMINDER)):
                continue
            persona, _, suffix = text.rpartition(":") if ":" in text else (text, "", "")
            part = (
                "score"
                if not suffix
                else next(
                    (k for k, names in EMOTION_SUFFIXES.items() if normalize(suffix) in names), None
                )
            )
            if part is None:
                self.problem(
                    "unknown_sheet_column",
                    ws,
                    1,
                    index,
                    got=text,
                    sheet_name=ws.title,
                    allowed="<persona id>, <persona id>:word, <persona id>:reason",
                )
                continue
            slots[index] = (persona.strip(), part)
        personas = list(dict.fromkeys(p for p, _ in slots.values()))
        seen_rows: dict[int, int] = {}
        for row, values in self.rows(ws):
            step_index = self.step_of(ws, row, values[0] if values else None)
            if step_index is None:
                continue
            if step_index in seen_rows:
                self.problem(
                    "duplicate_row", ws, row, 1, id=str(values[0]), first=str(seen_rows[step_index])
                )
                continue
            seen_rows[step_index] = row
            self.read_emotion_row(ws, row, values, step_index, slots, personas)

    def read_emotion_row(
        self,
        ws: Worksheet,
        row: int,
        values: Sequence[Any],
        index: int,
        slots: dict[int, tuple[str, str]],
        personas: list[str],
    ) -> None:
        emotions: list[dict[str, Any]] = []
        for persona in personas:
            cells = [(i, part) for i, (p, part) in slots.items() if p == persona]
            if all(i > len(values) or is_blank(values[i - 1]) for i, _ in cells):
                continue
            path: FieldPath = ("steps", index, "emotions", len(emotions))
            emotion: dict[str, Any] = {"persona": persona}
            score_cell = next((i for i, part in cells if part == "score"), cells[0][0])
            self.positions[path] = self.positions[(*path, "persona")] = self.at(ws, row, score_cell)
            kinds = {"score": "int", "word": "text", "reason": "text"}
            for i, part in cells:
                value = values[i - 1] if i <= len(values) else None
                self.cell(ws, row, i, Column(part, "", "", kinds[part]), value, emotion, path)
            emotions.append(emotion)
        if emotions:
            self.data["steps"][index]["emotions"] = emotions

    def read_measurements(self, ws: Worksheet) -> None:
        sheet = SHEETS["measurements"]
        columns = self.header(ws, sheet, sheet.columns)
        snapshots: dict[str, tuple[dict[str, Any], dict[str, int]]] = {}
        for row, values in self.rows(ws):
            record = self.record(ws, row, columns, values, ("measurements", -1))
            snapshot_id = record.get("id")
            if not isinstance(snapshot_id, str):
                self.problem("missing", ws, row, 1, path=("measurements", "id"))
                continue
            if snapshot_id not in snapshots:
                position = len(snapshots)
                snapshots[snapshot_id] = ({}, {})
            else:
                position = list(snapshots).index(snapshot_id)
            snapshot, first_rows = snapshots[snapshot_id]
            path: FieldPath = ("measurements", position)
            self.positions.setdefault(path, self.at(ws, row, 1))
            for key, value in record.items():
                if key == "values":
                    continue
                if key in snapshot and snapshot[key] != value:
                    column = next(i for i, c in enumerate(columns, 1) if c and c.key == key)
                    self.problem(
                        "conflict",
                        ws,
                        row,
                        column,
                        got=value,
                        path=(*path, key),
                        id=snapshot_id,
                        first=str(first_rows[key]),
                        other=show(snapshot[key]),
                    )
                    continue
                snapshot.setdefault(key, value)
                first_rows.setdefault(key, row)
                self.positions.setdefault((*path, key), self.positions[("measurements", -1, key)])
            if "values" in record:
                measured = snapshot.setdefault("values", [])
                value_path = (*path, "values", len(measured))
                self.positions[value_path] = self.at(ws, row, 6)
                for key in record["values"]:
                    self.positions[(*value_path, key)] = self.positions[
                        ("measurements", -1, "values", key)
                    ]
                measured.append({"value": None, **record["values"]})
        if snapshots:
            self.data["measurements"] = [snapshot for snapshot, _ in snapshots.values()]
