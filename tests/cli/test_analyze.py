"""``parcours analyze``: a new user measures a map on a CSV export."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.services import load

runner = CliRunner()

MAP = """\
# Carte écrite à la main : ce commentaire doit survivre à l'analyse.
journey:
  title: Ouvrir un compte
language: fr
personas:
  - id: p-jeune
    name: Léa
phases:
  - id: ph-info
    name: Information
    kind: information_search
  - id: ph-achat
    name: Souscription
    kind: purchase
steps:
  - id: s-sim
    name: Simuler
    phase: ph-info
    events:
      - activity: simulator_used
  - id: s-form
    name: Remplir le formulaire
    phase: ph-achat
    events:
      - pattern: ^form_
  - id: s-sign
    name: Signer
    phase: ph-achat
    events:
      - activity: signed
"""

# Hand-computed: 3 customers enter (c1, c2, c3); c1 and c2 fill the form (c2 twice: one
# repeat contact), only c1 signs. Window 30 days, as_of = last event (2026-01-20):
# c2 entered 2026-01-02 -> window elapsed on 2026-02-01 > as_of -> in flight at "Signer";
# c3 entered 2026-01-03 and never filled the form: in flight too.
LOG = """\
client;date;event;canal;segment
c1;2026-01-01 09:00:00;simulator_used;web;jeune
c1;2026-01-01 09:10:00;form_started;web;jeune
c1;2026-01-01 10:00:00;signed;app;jeune
c2;2026-01-02 09:00:00;simulator_used;web;famille
c2;2026-01-02 09:30:00;form_started;web;famille
c2;2026-01-02 09:40:00;form_started;web;famille
c3;2026-01-03 12:00:00;simulator_used;web;jeune
c3;2026-01-20 12:00:00;page_view;web;jeune
"""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    carte = tmp_path / "carte.yaml"
    carte.write_text(MAP, encoding="utf-8")
    log = tmp_path / "export.csv"
    log.write_text(LOG, encoding="utf-8")
    return carte, log


def test_analyze_prints_the_funnel_and_stores_a_snapshot(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    result = runner.invoke(app, ["analyze", str(carte), "--events", str(log), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "8 événements, 3 dossiers" in result.output
    assert "page_view (1)" in result.output  # unmatched activity reported, not dropped
    assert carte.read_text(encoding="utf-8").startswith("# Carte écrite à la main")
    snapshot = load(carte).latest_measurement()
    assert snapshot is not None and snapshot.source == "export.csv"
    values = {(v.step, v.measure.value, v.segment): v.value for v in snapshot.values}
    assert values[("s-sim", "customers", None)] == 3
    assert values[("s-form", "customers", None)] == 2
    assert values[("s-form", "events", None)] == 3
    assert values[("s-sign", "customers", None)] == 1
    # Signer: reached 1 of (2 - 1 in flight) -> 100 %; Form: 2 of (3 - 1 in flight) -> 100 %
    assert values[("s-sign", "conversion_from_previous", None)] == 1.0
    assert values[("s-form", "conversion_from_previous", None)] == 1.0
    # c1: form 09:10 -> signed 10:00 = 3000 s
    assert values[("s-sign", "delay_median_seconds", None)] == 3000
    assert values[("s-sim", "customers", "jeune")] == 2
    document = json.loads((tmp_path / "carte.analysis.json").read_text(encoding="utf-8"))
    assert [s["step"] for s in document["steps"]] == ["s-sim", "s-form", "s-sign"]
    assert [(t["source"], t["target"]) for t in document["transitions"]] == [
        ("s-sim", "s-form"),
        ("s-form", "s-sign"),
    ]
    assert document["unmatched_activities"] == [{"activity": "page_view", "events": 1}]
    assert document["snapshot_id"] == snapshot.id


def test_no_store_leaves_the_map_untouched(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    before = carte.read_bytes()
    out = tmp_path / "out.json"
    args = ["analyze", str(carte), "-e", str(log), "--no-store", "--json", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert carte.read_bytes() == before
    assert json.loads(out.read_text(encoding="utf-8"))["n_cases"] == 3


def test_window_days_replaces_the_window_the_map_declares(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    declared = MAP.replace(
        "  title: Ouvrir un compte\n", "  title: Ouvrir un compte\n  conversion_window_days: 60\n"
    )
    carte.write_text(declared, encoding="utf-8")
    out = tmp_path / "out.json"
    args = ["analyze", str(carte), "-e", str(log), "--no-store", "--json", str(out)]
    result = runner.invoke(app, [*args, "--window-days", "10"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["window_seconds"] == 10 * 86400


def test_bad_log_gives_a_message_and_exit_2(tmp_path: Path) -> None:
    carte, _ = _files(tmp_path)
    log = tmp_path / "bad.csv"
    log.write_text("who;when\nc1;2026-01-01\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(carte), "-e", str(log), "--lang", "en"])
    assert result.exit_code == 2
    assert "bad.csv" in result.output and "Traceback" not in result.output


def test_rows_set_aside_are_written_beside_the_map(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    log.write_text(LOG + ";2026-01-04 10:00:00;simulator_used;web;jeune\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(carte), "-e", str(log), "--lang", "en"])
    assert result.exit_code == 0, result.output
    rejected = tmp_path / "carte.rejected.csv"
    assert rejected.exists()
    lines = rejected.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    # data row 9 (the header is not counted), with its values and the reason
    assert lines[1].startswith("9,,2026-01-04 10:00:00,simulator_used")
    assert lines[1].endswith("missing_case_id")
    assert "1 row(s) rejected" in result.output


def test_periods_follow_the_map_time_zone(tmp_path: Path) -> None:
    # c4 starts on Sunday 2026-01-04 23:30 UTC: Monday 00:30 in Paris, a week later
    carte, log = _files(tmp_path)
    log.write_text(LOG + "c4;2026-01-04 23:30:00;simulator_used;web;jeune\n", encoding="utf-8")

    def weeks(map_text: str) -> dict[str, int]:
        carte.write_text(map_text, encoding="utf-8")
        out = tmp_path / "out.json"
        args = ["analyze", str(carte), "-e", str(log), "--no-store", "--period", "week"]
        result = runner.invoke(app, [*args, "--json", str(out)])
        assert result.exit_code == 0, result.output
        document = json.loads(out.read_text(encoding="utf-8"))
        (by_period,) = [b for b in document["breakdowns"]["funnel"] if b["dimension"] == "period"]
        return {g["value"]: g["funnel"]["entered"] for g in by_period["groups"]}

    assert weeks(MAP) == {"2025-12-29": 4}  # UTC: every customer in the week of Dec 29
    paris = MAP.replace(
        "  title: Ouvrir un compte", "  title: Ouvrir un compte\n  timezone: Europe/Paris"
    )
    assert weeks(paris) == {"2025-12-29": 3, "2026-01-05": 1}


def test_unknown_map_time_zone_is_a_clear_error(tmp_path: Path) -> None:
    carte, log = _files(tmp_path)
    carte.write_text(MAP.replace("  title: Ouvrir un compte", "  title: T\n  timezone: Paris"))
    result = runner.invoke(app, ["analyze", str(carte), "-e", str(log), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "timezone" in result.output and "Europe/Paris" in result.output
    assert "Traceback" not in result.output
