"""Texts longer than an Excel cell survive the workbook whole (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from parcours.io import MapFileError, export_excel, import_excel
from parcours.io.excel_layout import CELL_TEXT_LIMIT, split_cell_text
from parcours.model import JourneyMap


def _numbered(count: int) -> str:
    """``count`` characters that differ along the text (a shifted part would show)."""
    text = "".join(f"{n:06d} word " for n in range(count // 12 + 1))
    return text[:count].strip() + "."


@pytest.fixture
def long_map(rich_map: JourneyMap) -> JourneyMap:
    m = rich_map.model_copy(deep=True)
    m.steps[0].description = _numbered(100_000)
    m.steps[1].actions.append(_numbered(40_000))
    m.journey.scope = "é😀 " * 12_000  # astral characters count twice in Excel
    return JourneyMap.model_validate(m.model_dump())


def test_a_100000_character_description_comes_back_whole(
    long_map: JourneyMap, tmp_path: Path
) -> None:
    path = tmp_path / "long.xlsx"
    export_excel(long_map, path)
    back = import_excel(path)
    assert len(back.steps[0].description) == len(long_map.steps[0].description)
    assert back == long_map


def test_cells_hold_at_most_the_excel_limit_and_the_rest_continues(
    long_map: JourneyMap, tmp_path: Path
) -> None:
    path = tmp_path / "long.xlsx"
    export_excel(long_map, path)
    workbook = load_workbook(path)
    assert workbook.sheetnames[-1] == "Textes longs"  # rich_map is French
    for ws in workbook.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert len(value.encode("utf-16-le")) // 2 <= CELL_TEXT_LIMIT
    continuation = list(workbook["Textes longs"].iter_rows(values_only=True))
    assert continuation[0] == ("Feuille", "Cellule", "Partie", "Texte")
    description_parts = [row for row in continuation[1:] if row[0] == "Étapes" and row[1] == "D2"]
    assert [row[2] for row in description_parts] == [2, 3, 4]
    start = workbook["Étapes"]["D2"].value
    assert start + "".join(row[3] for row in description_parts) == long_map.steps[0].description


def test_a_map_without_long_texts_has_no_continuation_sheet(
    rich_map: JourneyMap, tmp_path: Path
) -> None:
    path = tmp_path / "short.xlsx"
    export_excel(rich_map, path)
    assert "Textes longs" not in load_workbook(path).sheetnames


def test_a_broken_continuation_row_is_reported_with_its_cell(
    long_map: JourneyMap, tmp_path: Path
) -> None:
    path = tmp_path / "long.xlsx"
    export_excel(long_map, path)
    workbook = load_workbook(path)
    workbook["Textes longs"]["C3"] = "deux"
    workbook.save(path)
    with pytest.raises(MapFileError) as caught:
        import_excel(path)
    (problem,) = caught.value.problems
    assert problem.cell == "Textes longs!A3" and problem.key == "long_text_part"


def test_split_cell_text_is_lossless_and_respects_utf16_units() -> None:
    text = "a😀" * 40_000
    parts = split_cell_text(text)
    assert "".join(parts) == text
    assert all(len(part.encode("utf-16-le")) // 2 <= CELL_TEXT_LIMIT for part in parts)
    assert len(parts) == 4  # 120,000 code units in parts of at most 32,767
