"""The conformance section of the analysis report: figures shown, user text escaped."""

from __future__ import annotations

import datetime as dt

from parcours.analytics import analyze
from parcours.analytics.conformance import conformance
from parcours.analytics.testing import matched_table
from parcours.engine import Engine
from parcours.model import JourneyMap
from parcours.render import render_analysis_html


def test_conformance_section_lists_skips_returns_and_unexpected_activities() -> None:
    engine = Engine.duckdb()
    start = dt.datetime(2026, 3, 1)
    flows = {"c1": ["a", "b", "a", "<script>x</script>"], "c2": ["b"]}
    rows = [
        {
            "case_id": case,
            "timestamp": start + dt.timedelta(hours=i),
            "activity": activity,
            "step": activity if activity in ("a", "b") else None,
            "step_index": ("a", "b").index(activity) if activity in ("a", "b") else None,
        }
        for case, activities in flows.items()
        for i, activity in enumerate(activities)
    ]
    table = matched_table(engine, rows)
    m = JourneyMap(
        journey={"title": "T"},
        steps=[{"id": "a", "name": "Simuler"}, {"id": "b", "name": "Signer"}],
    )
    fit = conformance(engine, table, ["a", "b"])
    page = render_analysis_html(m, analyze(engine, table, ["a", "b"]), "fr", conformance=fit)
    assert 'id="analysis-conformance"' in page
    assert "0 % des clients suivent la carte (0 sur 2)" in page.replace("\u202f", " ")
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    without = render_analysis_html(m, analyze(engine, table, ["a", "b"]), "fr")
    assert 'id="analysis-conformance"' not in without
