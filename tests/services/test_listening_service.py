"""The listening plan: exported as CSV / Excel / JSON, with weekly volumes from the log."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from listening_case import write_case
from openpyxl import load_workbook
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.services.listening import build_plan, export_plan
from parcours.services.maps import load

runner = CliRunner()


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_case(tmp_path_factory.mktemp("plan"))


def test_plan_volumes_from_the_event_log(case: dict[str, Path]) -> None:
    plan = build_plan(load(case["map"]), case["events"], response_rate=0.25)
    assert plan.volume is not None
    kyc, support = plan.volume.points
    # 560 customers at kyc once each (fatigue 60 days: all asked); the log runs from Monday
    # Nov 2 to the last support call on Dec 1: 5 weeks, 112 surveys a week, 28 answers at 25 %
    assert (kyc.triggers, kyc.surveyed) == (560, 560)
    assert kyc.log_weeks == 5
    assert kyc.surveyed_per_week == 112.0 and kyc.expected_answers_per_week == 28.0
    # one customer in four calls support (140 calls); no fatigue rule there
    assert (support.triggers, support.surveyed) == (140, 140)


def test_csv_has_one_row_per_question(case: dict[str, Path], tmp_path: Path) -> None:
    plan, path = export_plan(case["map"], tmp_path / "plan.csv", lang="fr")
    with open(path, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["Point d'écoute"], r["Question n°"], r["Échelle"]) for r in rows] == [
        ("lp-kyc", "1", "CSAT (1 à 5)"),
        ("lp-kyc", "2", "Texte libre"),
        ("lp-support", "1", "CSAT (1 à 5)"),
        ("lp-support", "2", "NPS (0 à 10)"),
    ]
    assert rows[0]["Média"] == "E-mail à chaud" and rows[0]["Délai (heures)"] == "1.0"
    assert rows[0]["Règle de fatigue (jours)"] == "60.0"
    assert plan.volume is None and rows[0]["Sollicités par semaine"] == ""


def test_formula_text_is_quoted(tmp_path: Path, case: dict[str, Path]) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        case["map"].read_text(encoding="utf-8").replace("Que pourrions", "=HYPERLINK(1)"),
        encoding="utf-8",
    )
    _, path = export_plan(hostile, tmp_path / "plan.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=HYPERLINK(1)-nous améliorer ?" in values


def test_listening(case: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    args = ["listening", str(case["map"]), "--events", str(case["events"]), "-o", str(target)]
    result = runner.invoke(app, [*args, "--response-rate", "0.1", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "lp-kyc" in result.output and "[NPS (0-10)]" in result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    kyc = document["points"][0]
    assert kyc["surveyed_per_week"] == 112.0 and kyc["answers_per_week"] == 11.2
    assert [q["scale"] for q in kyc["questions"]] == ["CSAT (1-5)", "Open text"]
    assert document["volume"]["points"][0]["weeks"][0]["week_start"] == "2026-11-02"


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["-o", "plan.pdf"], "plan.pdf"),
        (["--response-rate", "0"], "--response-rate"),
    ],
)
def test_listening_refusals(
    case: dict[str, Path], tmp_path: Path, args: list[str], where: str
) -> None:
    args = [str(tmp_path / a) if a.endswith(".pdf") else a for a in args]
    result = runner.invoke(app, ["listening", str(case["map"]), *args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert where in result.output and "Traceback" not in result.output
