"""The README's demo, end to end: the bank map measured from its generated log, rendered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from parcours.services import load
from parcours.services.demo import DEMO_CUSTOMERS, run_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = run_demo(folder, lang="fr")
    assert result.report_ok
    assert all(path.exists() and path.stat().st_size > 0 for path in result.files)
    return folder


def test_the_map_holds_a_snapshot_measured_from_the_generated_log(demo: Path) -> None:
    m = load(demo / "bank-account.yaml")
    snapshot = m.latest_measurement()
    assert snapshot is not None and snapshot.source == "bank-events.csv"
    entered = next(v.value for v in snapshot.values if v.step is None and v.measure == "customers")
    assert entered == DEMO_CUSTOMERS
    analysis = json.loads((demo / "bank-account.analysis.json").read_text(encoding="utf-8"))
    assert [s["step"] for s in analysis["steps"]] == [s.id for s in m.steps]
    reached = [s["customers"] for s in analysis["steps"]]
    assert reached[0] == DEMO_CUSTOMERS and reached[-1] < reached[0]
    assert analysis["steps_without_events"] == []


def test_the_pdf_shows_measured_values_beside_targets(demo: Path) -> None:
    reader = PdfReader(demo / "bank-account.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Ouvrir un compte dans une banque en ligne" in text
    assert "mesuré" in text
    assert len(reader.pages) >= 10


def test_the_demo_check_passes(demo: Path) -> None:
    report = json.loads((demo / "check.json").read_text(encoding="utf-8"))
    assert report["ok"] is True and report["exit_code"] == 0
