"""The README's demo, end to end: the bank map measured from its generated log, rendered."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.services import load
from parcours.services.demo import DEMO_CUSTOMERS, DEMO_DATA_END, DEMO_FIRST_ENTRY, run_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``parcours demo -o FOLDER --lang fr``, through the command line (its only run in the
    tests: ``tests/cli/test_commands.py`` counts on it)."""
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "-o", str(folder), "--lang", "fr"])
    assert result.exit_code == 0, result.output  # 1: the map fails the rubric
    output = result.output
    assert "Démo prête" in output and "Traceback" not in output
    listed = [Path(line.strip()[2:]) for line in output.splitlines() if line.startswith("  • ")]
    assert len(listed) >= 10
    assert all(path.exists() and path.stat().st_size > 0 for path in listed)
    return folder


def test_the_map_holds_a_snapshot_measured_from_the_generated_log(demo: Path) -> None:
    m = load(demo / "bank-account.yaml")
    snapshot = m.latest_measurement()
    assert snapshot is not None and snapshot.source == "bank-events.csv"
    assert list((demo / "bank-account.measures").iterdir())  # stored beside the map
    assert "measurements:" not in (demo / "bank-account.yaml").read_text(encoding="utf-8")
    entered = next(v.value for v in snapshot.values if v.step is None and v.measure == "customers")
    assert entered == DEMO_CUSTOMERS
    analysis = json.loads((demo / "bank-account.analysis.json").read_text(encoding="utf-8"))
    assert [s["step"] for s in analysis["steps"]] == [s.id for s in m.steps]
    reached = [s["funnel"]["reached"] for s in analysis["steps"] if s["funnel"]]
    assert len(reached) == len(analysis["stages"])  # one funnel row per stage of the main path
    assert reached[0] == DEMO_CUSTOMERS and reached[-1] < reached[0]
    assert analysis["steps_without_events"] == []


def test_the_generated_log_ends_at_the_demo_date_not_years_ahead(demo: Path) -> None:
    log = pacsv.read_csv(demo / "events" / "bank-events.csv")
    times = log["timestamp"].cast(pa.timestamp("us"))
    assert pc.min(times).as_py() >= DEMO_FIRST_ENTRY
    assert pc.max(times).as_py() < DEMO_DATA_END
    assert pc.max(times).as_py() > DEMO_DATA_END - timedelta(days=2)  # active until the end


def test_the_headline_conversion_is_one_a_bank_would_recognise(demo: Path) -> None:
    analysis = json.loads((demo / "bank-account.analysis.json").read_text(encoding="utf-8"))
    assert 0.2 < analysis["conversion_rate"] < 0.4
    outcomes = {o["step"]: o for o in analysis["outcomes"]}
    assert outcomes["s-account-opened"]["kind"] == "success"
    assert 0.2 < outcomes["s-account-opened"]["share"] < 0.4
    assert outcomes["s-refused"]["kind"] == "failure"
    assert 0.02 < outcomes["s-refused"]["share"] < outcomes["s-account-opened"]["share"] / 2
    detours = {d["step"]: d for d in analysis["detours"]}
    assert {"s-kyc-rejected", "s-support"} <= set(detours)
    assert detours["s-kyc-rejected"]["returns_to"] == "s-kyc"
    first = analysis["breaking_points"]["drop_offs"][0]
    assert (first["previous_step"], first["step"]) == ("s-kyc", "s-esign")


def test_the_pdf_shows_measured_values_beside_targets(demo: Path) -> None:
    pdftotext = shutil.which("pdftotext")  # poppler: seconds faster than pypdf on 20 pages
    if pdftotext is None:
        pytest.skip("pdftotext not installed: scripts/bootstrap.sh --dev installs poppler-utils")
    done = subprocess.run(
        [pdftotext, str(demo / "bank-account.pdf"), "-"], capture_output=True, check=True
    )
    pages = done.stdout.decode("utf-8").split("\f")
    text = " ".join(" ".join(pages).split())
    assert "Ouvrir un compte dans une banque en ligne" in text
    assert "mesuré" in text
    assert len(pages) >= 10


def test_the_demo_check_passes(demo: Path) -> None:
    report = json.loads((demo / "check.json").read_text(encoding="utf-8"))
    assert report["ok"] is True and report["exit_code"] == 0


def test_a_folder_with_files_is_refused_unless_forced_and_the_replaced_files_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parcours.services import demo as demo_module
    from parcours.services.errors import FolderNotEmptyError, OutputNotFolderError

    edited = tmp_path / "bank-account.yaml"
    edited.write_text("# my edits\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    with pytest.raises(FolderNotEmptyError) as caught:
        run_demo(tmp_path, lang="en")
    assert "--force" in caught.value.message("en") and "--force" in caught.value.message("fr")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank-account.yaml", "notes.txt"]
    with pytest.raises(OutputNotFolderError):
        run_demo(notes, lang="en")

    # The forced run keeps a copy before its first write: stop it right there (a full
    # demo is already run by the fixture above).
    class FirstWrite(Exception):
        pass

    def first_write(*_args: object, **_kwargs: object) -> Path:
        kept = list((tmp_path / ".parcours-history").glob("demo-*/bank-account.yaml"))
        assert [k.read_text(encoding="utf-8") for k in kept] == ["# my edits\n"]
        raise FirstWrite

    monkeypatch.setattr(demo_module, "create_from_template", first_write)
    with pytest.raises(FirstWrite):
        run_demo(tmp_path, lang="en", force=True)
    assert notes.read_text(encoding="utf-8") == "mine"


def test_keep_demo_files_copies_only_what_the_demo_replaces(tmp_path: Path) -> None:
    from parcours.services.demo import keep_demo_files

    (tmp_path / "svg").mkdir()
    (tmp_path / "svg" / "bank-account-map.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "check.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    kept = keep_demo_files(tmp_path)
    assert kept is not None
    copied = sorted(p.relative_to(kept).as_posix() for p in kept.rglob("*") if p.is_file())
    assert copied == ["check.json", "svg/bank-account-map.svg"]
    assert keep_demo_files(tmp_path / "svg" / "empty") is None


def test_the_demo_hears_the_survey_fires_the_alerts_and_ranks_the_actions(demo: Path) -> None:
    analysis = json.loads((demo / "bank-account.analysis.json").read_text(encoding="utf-8"))
    feedback = analysis["feedback"]
    irritants = {(p["step"], p["theme"]) for p in feedback["proposals"] if p["kind"] == "irritant"}
    assert ("s-monthly", "fees") in irritants
    assert any(r["step"] == "s-first-payment" and r["dropped"] for r in feedback["recent"])
    alerts = json.loads((demo / "bank-account.alerts.json").read_text(encoding="utf-8"))
    fired = {a["step"] for a in alerts["alerts"] if a["fired"]}
    assert "s-first-payment" in fired
    opportunities = json.loads(
        (demo / "bank-account.opportunities.json").read_text(encoding="utf-8")
    )
    assert len(opportunities["top"]) == 2
    page = (demo / "bank-account.analysis.html").read_text(encoding="utf-8")
    for section in ("analysis-voice", "analysis-alerts", "analysis-opportunities"):
        assert f'id="{section}"' in page
    assert "Voix du client" in page
