"""Several feedback files in one analysis, each with its own columns (web-edit, data)."""

from __future__ import annotations

from pathlib import Path

from parcours.engine import Engine
from parcours.events.feedback import FeedbackMapping
from parcours.services.feedback import read_feedback_files


def test_each_file_is_read_with_its_own_mapping(tmp_path: Path) -> None:
    first = tmp_path / "survey-web.csv"
    first.write_text("client,when,reco\nc1,2026-03-01 10:00,9\nc2,2026-03-02 10:00,3\n", "utf-8")
    second = tmp_path / "survey-branch.csv"
    second.write_text("id;date;note\nc4;2026-03-04 10:00;4\n", "utf-8")
    mappings = [
        FeedbackMapping(customer_id="client", timestamp="when", scores={"reco": "nps"}),
        FeedbackMapping(customer_id="id", timestamp="date", scores={"note": "csat"}),
    ]
    engine = Engine.duckdb()
    logs, answers = read_feedback_files([first, second], engine, mappings=mappings)
    assert [log.table.count().execute() for log in logs] == [2, 1]
    rows = engine.execute(answers).to_pylist()
    assert sorted(str(r["customer_id"]) for r in rows) == ["c1", "c2", "c4"]
