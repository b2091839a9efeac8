"""``parcours discover``: a draft map from a log, as a new user runs it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
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
    # then analyzed with no time zone either (the events of tests/events/test_real_logs.py)
    source = str(REAL / "receipt.csv")
    analysed = runner.invoke(app, ["analyze", str(out), "--events", source, "--no-store"])
    assert analysed.exit_code == 0, analysed.output
    assert "8577 events, 1434 cases" in analysed.output
    result = json.loads((tmp_path / "draft.analysis.json").read_text(encoding="utf-8"))
    assert result["source"] == source and result["rejected_rows"] == {}
    assert sum(s["events"] for s in result["steps"]) > 0


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


def test_discover_then_analyze_a_generated_opening_log_gives_figures_an_analyst_signs(
    tmp_path: Path,
) -> None:
    # 2,000 customers: visit -> simulate (40 %) -> form -> documents (18 % rejected, sent
    # again) -> 8 % refused; 43 % stop before signing (half cancel); the others sign online
    # (70 %) or in a branch, and their account is opened; 25 % call the support anywhere.
    rng = np.random.default_rng(5)
    lines = ["customer_id,event_time,event"]
    for n in range(2000):
        trace = ["visit_site", *(["simulate"] if rng.random() < 0.4 else [])]
        trace += ["fill_form", "send_documents"]
        if rng.random() < 0.18:
            trace += ["document_rejected", "send_documents"]
        if rng.random() < 0.08:
            trace.append("application_refused")
        elif rng.random() < 0.43:
            trace += ["application_cancelled"] if rng.random() < 0.5 else []
        else:
            trace += ["e_signature" if rng.random() < 0.7 else "sign_in_branch", "account_opened"]
        if rng.random() < 0.25:
            trace.insert(int(rng.integers(1, len(trace) + 1)), "contact_support")
        start = datetime(2026, 1, 5) + timedelta(hours=int(rng.integers(0, 24 * 60)))
        lines += [
            f"c{n},{(start + timedelta(hours=5 * i)).isoformat()},{a}" for i, a in enumerate(trace)
        ]
    log = tmp_path / "opening.csv"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    draft, figures = tmp_path / "draft.yaml", tmp_path / "a.json"
    found = runner.invoke(app, ["discover", str(log), "-o", str(draft), "--lang", "en"])
    assert found.exit_code == 0, found.output
    done = runner.invoke(app, ["analyze", str(draft), "--events", str(log), "--json", str(figures)])
    assert done.exit_code == 0, done.output
    result = json.loads(figures.read_text(encoding="utf-8"))
    assert 0.4 < result["converted"] / result["entered"] < 0.6
    drops = result["breaking_points"]["drop_offs"]
    assert all(d["drop_off_rate"] < 0.99 for d in drops)
    assert drops[0]["step"] == "s-e-signature"


@pytest.mark.skipif(not (REAL / "helpdesk.xes.gz").exists(), reason="shared real logs absent")
def test_discover_then_analyze_the_helpdesk_log_with_no_option(tmp_path: Path) -> None:
    # Tickets close 15-60 days after they open: the draft keeps a window long enough for
    # them, so that analyze with no option does not report "nobody converts".
    log = REAL / "helpdesk.xes.gz"
    draft, figures = tmp_path / "helpdesk.yaml", tmp_path / "a.json"
    found = runner.invoke(app, ["discover", str(log), "-o", str(draft), "--lang", "en"])
    assert found.exit_code == 0, found.output
    m = load(draft)
    assert m.journey.conversion_window_days is not None and m.journey.conversion_window_days > 30
    closed = next(s for s in m.steps if s.name == "Closed")
    assert (closed.role.value, closed.outcome and closed.outcome.value) == ("outcome", "success")
    done = runner.invoke(app, ["analyze", str(draft), "--events", str(log), "--json", str(figures)])
    assert done.exit_code == 0, done.output
    result = json.loads(figures.read_text(encoding="utf-8"))
    assert result["converted"] / result["entered"] > 0.8
    assert all(d["drop_off_rate"] < 0.5 for d in result["breaking_points"]["drop_offs"])
    # --window-days over the draft's window: tests/cli/test_analyze.py, on a small log
