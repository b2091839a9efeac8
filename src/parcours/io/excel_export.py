"""Export a journey map to an Excel workbook (one sheet per view).

>>> import tempfile, pathlib
>>> from parcours.model import JourneyMap
>>> target = pathlib.Path(tempfile.mkdtemp()) / "carte.xlsx"
>>> export_excel(JourneyMap(journey={"title": "Démo"}, language="fr"), target)
>>> from openpyxl import load_workbook
>>> load_workbook(target).sheetnames[:4]
['Parcours', 'Personas', 'Phases', 'Étapes']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parcours.io.atomic import atomic_path
from parcours.io.errors import ExcelExportError
from parcours.io.excel_layout import (
    CUSTOM_PREFIX,
    EMOTION_SUFFIXES,
    FIELD_LABELS,
    JOURNEY_ROWS,
    LONG_TEXTS,
    MAP_LEVEL_KEYS,
    PER_STEP,
    SHEETS,
    STEP_COLUMNS,
    STEP_NAME_REMINDER,
    TOP_LEVEL,
    Column,
    list_validation_formula,
    split_cell_text,
    to_cell,
)
from parcours.io.plain import to_plain
from parcours.model import FORMAT_VERSION, JourneyMap

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")


def export_excel(m: JourneyMap, path: str | Path) -> None:
    """Write ``m`` as an ``.xlsx`` workbook at ``path`` (atomically).

    Raises :class:`ExcelExportError` naming ``path`` when the map holds what a workbook
    cannot keep exactly (nothing is written then).
    """
    try:
        workbook = build_workbook(m)
    except ExcelExportError as exc:
        raise exc.with_file(str(path)) from None
    with atomic_path(path) as temporary:
        workbook.save(temporary)


def build_workbook(m: JourneyMap) -> Workbook:
    """The workbook of ``m``: sheets named and headed in the map language."""
    lang = m.language.value
    data: dict[str, Any] = to_plain(m, dates_as_text=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    steps: list[dict[str, Any]] = data.get("steps", [])
    for key, sheet in SHEETS.items():
        ws = workbook.create_sheet(sheet.title(lang))
        if key == "journey":
            _journey_sheet(ws, data, lang)
        elif key == "steps":
            lanes = [lane["id"] for lane in data.get("custom_lanes", [])]
            columns = [*STEP_COLUMNS, *(Column(CUSTOM_PREFIX + lane, "", "") for lane in lanes)]
            rows = [
                [
                    *_row(step, STEP_COLUMNS, f"steps[{i}]"),
                    *(step.get("custom", {}).get(lane) for lane in lanes),
                ]
                for i, step in enumerate(steps)
            ]
            _table(ws, columns, rows, lang, [c.key for c in columns[len(STEP_COLUMNS) :]])
        elif key == "emotions":
            _emotions_sheet(ws, m, lang)
        elif key == "blueprint":
            rows = [
                [
                    step["id"],
                    *_row(step.get("blueprint", {}), sheet.columns[1:], f"steps[{i}].blueprint"),
                ]
                for i, step in enumerate(steps)
            ]
            _table(ws, sheet.columns, rows, lang)
        elif key in PER_STEP:
            rows = [
                [step["id"], *_row(item, sheet.columns[1:], f"steps[{i}].{key}[{j}]")]
                for i, step in enumerate(steps)
                for j, item in enumerate(step.get(key, []))
            ]
            _table(ws, sheet.columns, rows, lang)
        elif key in TOP_LEVEL:
            items = data.get(key, [])
            rows = [_row(item, sheet.columns, f"{key}[{j}]") for j, item in enumerate(items)]
            _table(ws, sheet.columns, rows, lang)
        elif key == "measurements":
            _table(ws, sheet.columns, list(_measurement_rows(data)), lang)
    if LONG_TEXTS.title(lang) in workbook.sheetnames:  # the continuations go last
        continued = workbook[LONG_TEXTS.title(lang)]
        workbook.move_sheet(continued, len(workbook.sheetnames) - 1 - workbook.index(continued))
    return workbook


def _value(item: dict[str, Any], key: str) -> Any:
    """A possibly dotted field of plain data (``alert_threshold.value``)."""
    head, _, rest = key.partition(".")
    value = item.get(head)
    if rest:
        return _value(value, rest) if isinstance(value, dict) else None
    return value


def _row(item: dict[str, Any], columns: Sequence[Column], where: str) -> list[Any]:
    row = []
    for column in columns:
        value = _value(item, column.key)
        if column.kind in ("lines", "enum_lines") and value is not None:
            _check_lines(value, f"{where}.{column.key}")
        row.append(to_cell(value, column))
    return row


def _check_lines(items: Iterable[Any], where: str) -> None:
    for index, item in enumerate(items):
        text = str(item)
        if "\n" in text or not text.strip():
            raise ExcelExportError(
                "excel_multiline_item", where=f"{where}[{index}]", got=repr(text)
            )


def _journey_sheet(ws: Worksheet, data: dict[str, Any], lang: str) -> None:
    journey = data.get("journey", {})
    rows = []
    for column in JOURNEY_ROWS:
        source = data if column.key in MAP_LEVEL_KEYS else journey
        value: Any = FORMAT_VERSION if column.key == "format_version" else source.get(column.key)
        if column.kind == "lines" and value is not None:
            _check_lines(value, f"journey.{column.key}")
        rows.append([column.title(lang), to_cell(value, column)])
    headers = [Column(k, en, fr, width=26 if k == "field" else 60) for k, en, fr in FIELD_LABELS]
    _table(ws, headers, rows, lang)


def _emotions_sheet(ws: Worksheet, m: JourneyMap, lang: str) -> None:
    word, reason = (EMOTION_SUFFIXES[k][1 if lang == "fr" else 0] for k in ("word", "reason"))
    reminder = STEP_NAME_REMINDER[1 if lang == "fr" else 0]
    columns = [SHEETS["touchpoints"].columns[0], Column("name", reminder, reminder, width=28)]
    for persona in m.personas:
        columns += [
            Column(persona.id, "", "", "int", width=12),
            Column(f"{persona.id}:{word}", "", "", width=16),
            Column(f"{persona.id}:{reason}", "", "", width=28),
        ]
    rows = []
    for i, step in enumerate(m.steps):
        seen = [e.persona for e in step.emotions]
        doubled = sorted({p for p in seen if seen.count(p) > 1})
        if doubled:
            raise ExcelExportError("excel_emotions", index=str(i), personas=", ".join(doubled))
        row: list[Any] = [step.id, step.name]
        for persona in m.personas:
            emotion = step.emotion_for(persona.id)
            row += (
                [None, None, None]
                if emotion is None
                else [emotion.score, emotion.word or None, emotion.reason or None]
            )
        rows.append(row)
    literal = [c.key for c in columns[2:]]
    _table(ws, columns, rows, lang, literal, freeze="C2")


def _measurement_rows(data: dict[str, Any]) -> Iterable[list[Any]]:
    columns = SHEETS["measurements"].columns
    for snapshot in data.get("measurements", []):
        head = [to_cell(snapshot.get(c.key), c) for c in columns[:5]]
        values = snapshot.get("values", [])
        for value in values:
            yield [*head, *(to_cell(value.get(c.key.split(".")[1]), c) for c in columns[5:])]
        if not values:
            yield [*head, None, None, None, None]


def _table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    lang: str,
    literal_headers: Sequence[str] = (),
    freeze: str = "A2",
) -> None:
    """Header row (styled, frozen), rows, widths and vocabulary drop-downs."""
    for index, column in enumerate(columns, start=1):
        title = column.key if column.key in literal_headers else column.title(lang)
        cell = ws.cell(row=1, column=index, value=title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        ws.column_dimensions[get_column_letter(index)].width = column.width
        formula = list_validation_formula(column)
        if formula is not None:
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{max(len(rows) + 1, 200)}")
            ws.add_data_validation(validation)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            parts = split_cell_text(value) if isinstance(value, str) else [value]
            _write(ws, r, c, parts[0])
            if len(parts) > 1:
                _continue_text(ws, f"{get_column_letter(c)}{r}", parts[1:], lang)
    ws.freeze_panes = freeze


def _continue_text(ws: Worksheet, cell: str, parts: Sequence[str], lang: str) -> None:
    """Write the parts after the first of a text too long for ``ws!cell`` in the
    :data:`LONG_TEXTS` sheet (created with its header on first use)."""
    workbook = ws.parent
    title = LONG_TEXTS.title(lang)
    if title in workbook.sheetnames:
        sheet = workbook[title]
    else:
        sheet = workbook.create_sheet(title)
        _table(sheet, LONG_TEXTS.columns, [], lang)
    for number, part in enumerate(parts, start=2):
        row = sheet.max_row + 1
        for column, value in enumerate((ws.title, cell, number, part), start=1):
            _write(sheet, row, column, value)


def _write(ws: Worksheet, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    illegal = ILLEGAL_CHARACTERS_RE.search(value) if isinstance(value, str) else None
    if illegal:
        raise ExcelExportError(
            "excel_control_characters",
            cell=f"{ws.title}!{get_column_letter(column)}{row}",
            char=f"U+{ord(illegal.group()[0]):04X}",
            got=repr(value[:40]),
        )
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, even when the text starts with '='
    cell.alignment = WRAP
