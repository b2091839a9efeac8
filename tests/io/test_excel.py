"""Excel export and import."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from parcours.io import ExcelExportError, MapFileError, export_excel, import_excel, save_map
from parcours.model import JourneyMap, Language

SHEETS_EN = [
    "Journey", "Personas", "Phases", "Steps", "Touchpoints", "Emotions", "Irritants",
    "Enchantments", "Data", "Stakeholders", "Blueprint", "Metrics", "Events", "Listening",
    "Opportunities", "Lanes", "Themes", "Measurements",
]  # fmt: skip


@pytest.fixture
def rich_xlsx(rich_map: JourneyMap, tmp_path: Path) -> Path:
    target = tmp_path / "carte.xlsx"
    export_excel(rich_map, target)
    return target


def _cell_problem(path: Path) -> MapFileError:
    with pytest.raises(MapFileError) as caught:
        import_excel(path)
    return caught.value


def test_round_trip_gives_an_equal_map(rich_map: JourneyMap, rich_xlsx: Path) -> None:
    assert import_excel(rich_xlsx) == rich_map


def test_round_trip_in_english(rich_map: JourneyMap, tmp_path: Path) -> None:
    english = rich_map.model_copy(update={"language": Language.EN})
    target = tmp_path / "map.xlsx"
    export_excel(english, target)
    assert load_workbook(target).sheetnames == SHEETS_EN
    assert import_excel(target) == english


def test_save_and_load_through_the_file_functions(rich_map: JourneyMap, tmp_path: Path) -> None:
    from parcours.io import load_map

    saved = save_map(rich_map, tmp_path / "m.xlsx")
    assert load_map(tmp_path / "m.xlsx") == saved


def test_french_layout_and_styles(rich_xlsx: Path) -> None:
    wb = load_workbook(rich_xlsx)
    assert wb.sheetnames[:6] == ["Parcours", "Personas", "Phases", "Étapes",
                                 "Points de contact", "Émotions"]  # fmt: skip
    steps = wb["Étapes"]
    assert [c.value for c in steps[1]][:3] == ["Identifiant", "Phase", "Nom"]
    assert steps["A1"].font.bold and steps.freeze_panes == "A2"
    assert steps.column_dimensions["E"].width == 44
    assert steps["E3"].value == "Ouvre le simulateur\nSaisit son usage de carte"
    assert [c.value for c in steps[1]][-2:] == ["custom.lane-regles", "custom.lane-delai"]
    emotions = wb["Émotions"]
    assert [c.value for c in emotions[1]][2:5] == ["p-lea", "p-lea:mot", "p-lea:raison"]
    assert emotions["C3"].value == -1 and emotions["D3"].value == "inquiète"
    assert emotions.freeze_panes == "C2"
    journey = wb["Parcours"]
    assert journey["A6"].value == "Périmètre"


def test_text_that_looks_like_a_formula_stays_text(rich_xlsx: Path) -> None:
    irritants = load_workbook(rich_xlsx)["Irritants"]
    cell = irritants["C3"]
    assert cell.value == "=Frais de tenue de compte non affichés" and cell.data_type == "s"


def test_import_accepts_english_names_of_a_french_workbook(
    rich_map: JourneyMap, rich_xlsx: Path
) -> None:
    wb = load_workbook(rich_xlsx)
    wb["Étapes"]["C1"] = "Name"
    wb["Étapes"].title = "steps"
    wb["Parcours"].title = "JOURNEY"
    wb.save(rich_xlsx)
    assert import_excel(rich_xlsx) == rich_map


def _minimal(tmp_path: Path) -> tuple[Workbook, Path]:
    wb = Workbook()
    journey = wb.active
    journey.title = "Journey"
    journey.append(["Field", "Value"])
    journey.append(["Title", "Open an account"])
    steps = wb.create_sheet("Steps")
    steps.append(["Id", "Phase", "Name", "Moment of truth"])
    steps.append(["s-1", None, "Compare", "oui"])
    return wb, tmp_path / "hand.xlsx"


def test_hand_made_workbook_with_labels_and_words(tmp_path: Path) -> None:
    wb, path = _minimal(tmp_path)
    wb["Journey"].append(["Created", datetime(2024, 2, 1)])
    touchpoints = wb.create_sheet("Points de contact")
    touchpoints.append(["Étape", "Canal", "Nom"])
    touchpoints.append(["s-1", "Site web", "Simulateur"])
    wb.save(path)
    m = import_excel(path)
    assert m.steps[0].moment_of_truth is True
    assert m.steps[0].touchpoints[0].channel.value == "web"
    assert str(m.journey.created) == "2024-02-01"


def test_wrong_vocabulary_word_names_the_cell(tmp_path: Path) -> None:
    wb, path = _minimal(tmp_path)
    phases = wb.create_sheet("Phases")
    phases.append(["Id", "Name", "Kind"])
    phases.append(["ph", "P", "decouvert"])
    wb.save(path)
    (problem,) = _cell_problem(path).problems
    assert problem.cell == "Phases!C2" and problem.field == "phases[0].kind"
    assert problem.describe("en").startswith("Phases!C2: phases[0].kind: expected one of:")


def test_unknown_column_and_unknown_step_are_reported(tmp_path: Path) -> None:
    wb, path = _minimal(tmp_path)
    irritants = wb.create_sheet("Irritants")
    irritants.append(["Step", "Irritant", "Notes"])
    irritants.append(["s-404", "Slow", None])
    wb.save(path)
    problems = {p.cell: p for p in _cell_problem(path).problems}
    assert set(problems) == {"Irritants!C1", "Irritants!A2"}
    assert "s-1" in problems["Irritants!A2"].expected
    assert "Severity (1-3)" in problems["Irritants!C1"].expected


def test_dangling_phase_is_located_in_its_cell(tmp_path: Path) -> None:
    wb, path = _minimal(tmp_path)
    wb["Steps"]["B2"] = "ph-x"
    wb.save(path)
    (problem,) = _cell_problem(path).problems
    assert problem.cell == "Steps!B2" and "unknown" not in problem.expected
    assert "phase" in problem.expected


def test_emotion_without_score(tmp_path: Path) -> None:
    wb, path = _minimal(tmp_path)
    wb.create_sheet("Personas").append(["Id", "Name"])
    wb["Personas"].append(["p", "P"])
    emotions = wb.create_sheet("Emotions")
    emotions.append(["Step", "Step name (reminder)", "p", "p:word"])
    emotions.append(["s-1", "Compare", None, "lost"])
    wb.save(path)
    (problem,) = _cell_problem(path).problems
    assert problem.cell == "Emotions!C2" and problem.field == "steps[0].emotions[0].score"


def test_missing_journey_sheet_and_corrupt_file(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Other"
    path = tmp_path / "no.xlsx"
    wb.save(path)
    assert "'Journey' / 'Parcours'" in str(_cell_problem(path))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert _cell_problem(broken).problems[0].key == "cannot_read"


def test_conflicting_snapshot_rows(rich_xlsx: Path) -> None:
    wb = load_workbook(rich_xlsx)
    wb["Mesures"]["C3"] = "autre.csv"
    wb.save(rich_xlsx)
    (problem,) = _cell_problem(rich_xlsx).problems
    assert problem.cell == "Mesures!C3" and "row 2" in problem.expected


def test_export_refuses_what_a_cell_cannot_hold(rich_map: JourneyMap, tmp_path: Path) -> None:
    broken = rich_map.model_copy(deep=True)
    broken.steps[0].actions.append("two\nlines")
    with pytest.raises(ExcelExportError, match=r"steps\[0\]\.actions\[2\]"):
        export_excel(broken, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    doubled = rich_map.model_copy(deep=True)
    doubled.steps[0].emotions.append(doubled.steps[0].emotions[0])
    with pytest.raises(ExcelExportError, match="p-lea"):
        export_excel(doubled, tmp_path / "x.xlsx")


def test_theme_overrides_survive_a_round_trip(rich_map: JourneyMap, tmp_path: Path) -> None:
    """Renamed, merged and pinned themes are kept in the Themes sheet, not dropped."""
    overrides = [
        {"theme": "fees_abroad", "action": "rename", "label": "Frais à l'étranger <b>"},
        {"theme": "phone", "action": "merge", "into": "phone_wait", "step": rich_map.steps[0].id},
        {"theme": "kw:délai", "action": "pin"},
    ]
    m = JourneyMap.model_validate({**rich_map.model_dump(), "theme_overrides": overrides})
    path = tmp_path / "themes.xlsx"
    export_excel(m, path)
    assert "Thèmes" in load_workbook(path).sheetnames  # the map is French
    assert import_excel(path).theme_overrides == m.theme_overrides
