"""``parcours discover``: a draft map from a log, as a new user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.services import load

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"
runner = CliRunner()


@pytest.mark.skipif(not (REAL / "receipt.csv").exists(), reason="shared real logs absent")
def test_discover_on_the_permit_log_writes_a_loadable_draft(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    args = ["discover", str(REAL / "receipt.csv"), "-o", str(out), "--lang", "en"]
    done = runner.invoke(app, args)  # every time carries its offset: no --timezone needed
    assert done.exit_code == 0, done.output
    assert "8577 events, 1434 cases" in done.output
    draft = load(out)
    assert draft.steps[0].events[0].activity == "Confirmation of receipt"
    assert len(draft.steps) == 6
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output


def test_discover_reports_a_missing_file_without_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["discover", str(tmp_path / "nope.csv"), "-o", "x.yaml"])
    assert result.exit_code == 2
    assert "nope.csv" in result.output
    assert "Traceback" not in result.output
