"""The measured funnel in the map report: shown once the map holds a snapshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from parcours.model import JourneyMap, MeasuredValue, MetricSnapshot
from parcours.render import render_html
from parcours.services import OutputFormat, render_map


def _map(measured: bool) -> JourneyMap:
    m = JourneyMap(
        journey={"title": "Ouvrir un compte"},
        steps=[{"id": "a", "name": "Simuler"}, {"id": "b", "name": "Signer <vite>"}],
    )
    if not measured:
        return m
    values = [
        MeasuredValue(measure="customers", value=200.0),
        MeasuredValue(step="a", measure="customers", value=200.0),
        MeasuredValue(step="b", measure="customers", value=50.0),
        MeasuredValue(step="a", measure="conversion_from_start", value=1.0),
        MeasuredValue(step="b", measure="conversion_from_start", value=0.25),
        MeasuredValue(step="b", measure="conversion_from_previous", value=0.25),
        MeasuredValue(step="b", measure="delay_median_seconds", value=7200.0),
    ]
    snapshot = MetricSnapshot(
        id="m-1", taken_at=dt.datetime(2026, 11, 2, 9), source="crm.csv", values=values
    )
    return m.model_copy(update={"measurements": [snapshot]})


def test_an_unmeasured_map_has_no_funnel_page_in_the_full_report() -> None:
    page = render_html(_map(False), lang="fr")
    assert 'id="view-funnel"' not in page
    asked = render_html(_map(False), lang="fr", views=["funnel"])
    assert 'id="view-funnel"' in asked and "Pas encore mesuré" in asked


def test_a_measured_map_shows_its_funnel_with_date_and_source() -> None:
    page = render_html(_map(True), lang="en", views=["all"])
    assert 'id="view-funnel"' in page
    section = page[page.index('id="view-funnel"') :]
    assert "<svg" in section.split("</section>")[0]
    assert "crm.csv" in section and "Signer &lt;vite&gt;" in section


def test_svg_export_adds_the_funnel_only_when_measured(tmp_path: Path) -> None:
    plain = render_map(_map(False), OutputFormat.SVG, tmp_path / "a" / "m.svg")
    measured = render_map(_map(True), OutputFormat.SVG, tmp_path / "b" / "m.svg")
    assert not any(p.name.endswith("-funnel.svg") for p in plain)
    assert any(p.name.endswith("-funnel.svg") for p in measured)
