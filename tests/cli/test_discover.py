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
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert "mixes time-zone offsets" in refused.output and "--timezone" in refused.output
    done = runner.invoke(app, [*args, "--timezone", "Europe/Amsterdam"])
    assert done.exit_code == 0, done.output
    assert "8577 events, 1434 cases" in done.output
    draft = load(out)
    assert draft.steps[0].events[0].activity == "Confirmation of receipt"
    assert len(draft.steps) == 6
    again = runner.invoke(app, [*args, "--timezone", "Europe/Amsterdam"])
    assert again.exit_code == 2 and "--force" in again.output


def test_discover_reports_a_missing_file_without_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["discover", str(tmp_path / "nope.csv"), "-o", "x.yaml"])
    assert result.exit_code == 2
    assert "nope.csv" in result.output
    assert "Traceback" not in result.output


def test_discover_lists_the_proposed_roles_and_why(tmp_path: Path) -> None:
    traces = (
        [["visit", "form", "docs", "sign_web", "approved"]] * 6
        + [["visit", "form", "docs", "sign_branch", "approved"]] * 3
        + [["visit", "form", "docs", "docs_rejected", "docs", "sign_web", "approved"]] * 3
        + [["visit", "form", "docs", "declined"]] * 3
    )
    lines = ["customer_id,event_time,event"]
    for n, trace in enumerate(traces):
        lines += [f"c{n},2026-03-{n + 1:02d} {9 + i:02d}:00:00,{a}" for i, a in enumerate(trace)]
    log = tmp_path / "opening.csv"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["discover", str(log), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Why each step has its role" in text
    assert "Approved: Proposed as a success outcome" in text
    assert "Declined: Proposed as a failure outcome" in text
    assert "Docs rejected: Proposed as an exception (rework loop)" in text
    assert 'Sign branch: Proposed as an alternative to "Sign web"' in text
    draft = load(out)
    roles = {s.name: s.role.value for s in draft.steps}
    assert roles["Docs rejected"] == "exception" and roles["Approved"] == "outcome"
