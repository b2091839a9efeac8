"""``parcours analyze --feedback``: survey answers with or without an event log."""

from __future__ import annotations

import json
from pathlib import Path

from test_analyze import LOG, MAP
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.model import Measure
from parcours.services import load

runner = CliRunner()

SURVEY = """\
client,date,etape,canal,csat,verbatim
c1,2026-01-01 09:30,Simuler,web,5,Très clair
c2,2026-01-02 09:50,,phone,1,45 minutes d'attente au téléphone
c3,2026-01-03 13:00,Simuler,web,4,
c4,2026-01-04 10:00,Signer,chat,bad,
"""


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    carte = tmp_path / "carte.yaml"
    carte.write_text(MAP, encoding="utf-8")
    log = tmp_path / "export.csv"
    log.write_text(LOG, encoding="utf-8")
    survey = tmp_path / "enquete.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    return carte, log, survey


def test_feedback_with_events(tmp_path: Path) -> None:
    carte, log, survey = _files(tmp_path)
    args = ["analyze", str(carte), "-e", str(log), "--feedback", str(survey), "--lang", "fr"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    # c2 names no step: its last step before 09:50 on 2 January is the form
    assert "2 par l'étape nommée, 1 par la position du client" in result.output
    assert "Satisfaction mesurée" in result.output
    assert "phone" in result.output and " *" in result.output  # small samples marked
    assert "moins de 30 réponses" in result.output
    assert (tmp_path / "carte.feedback.rejected.csv").exists()  # the row with "bad"
    snapshot = load(carte).latest_measurement()
    assert snapshot is not None
    phone = [v for v in snapshot.values if v.channel == "phone" and v.measure is Measure.CSAT_SHARE]
    assert len(phone) == 1 and phone[0].value == 0.0 and phone[0].small_sample
    assert phone[0].responses == 1
    document = json.loads((tmp_path / "carte.analysis.json").read_text(encoding="utf-8"))
    assert document["feedback"]["assigned"] == {"step": 2, "position": 1}
    assert document["feedback"]["sources"][0]["rejected_rows"] == {"bad_score": 1}


def test_feedback_without_events(tmp_path: Path) -> None:
    carte, _, survey = _files(tmp_path)
    result = runner.invoke(app, ["analyze", str(carte), "-f", str(survey), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 by the step named, 0 by the customer's position" in result.output
    assert "1 unassigned" in result.output
    snapshot = load(carte).latest_measurement()
    assert snapshot is not None
    emotion = [v for v in snapshot.values if v.measure is Measure.MEASURED_EMOTION and v.step]
    # Simuler: CSAT 5 and 4 -> 2 and 1 on the emotion scale
    assert [(v.step, v.value) for v in emotion] == [("s-sim", 1.5)]


def test_nothing_to_analyse_and_bad_feedback_exit_2(tmp_path: Path) -> None:
    carte, _, _ = _files(tmp_path)
    result = runner.invoke(app, ["analyze", str(carte), "--lang", "fr"])
    assert result.exit_code == 2 and "Rien à analyser" in result.output
    empty = tmp_path / "vide.csv"
    empty.write_text("client,csat\nc1,4\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(carte), "-f", str(empty), "--lang", "en"])
    assert result.exit_code == 2 and "vide.csv" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["analyze", str(carte), "-f", str(carte), "--lang", "en"])
    assert result.exit_code == 2 and "Traceback" not in result.output
