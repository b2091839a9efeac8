"""The measured funnel drawing: bars in map order, proportional, biggest drop highlighted."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from svg_checks import HOSTILE, LONG_WORD, NS, groups, parse_inside_viewbox

from parcours.analytics import AnalysisOptions, analyze
from parcours.analytics.funnel import Funnel
from parcours.analytics.testing import matched_table
from parcours.engine import Engine
from parcours.model import JourneyMap, MetricSnapshot
from parcours.render.svg import funnel_svg, funnel_trend_svg, measured_funnel_svg
from parcours.render.svg.funnel import (
    DROPPED,
    IN_FLIGHT,
    REACHED,
    funnel_chart,
    funnel_from_snapshot,
    measured_delays,
)
from parcours.services.analysis import snapshot_of

START = dt.datetime(2025, 3, 3, 9)
REACHED_PER_STEP = (10, 8, 3, 2)
"""Customers reaching s1..s4: drops 2, 5 (the biggest, at s3), 1."""


def journey(names: tuple[str, ...] = ("Discover", "Apply", "Sign", "Use")) -> JourneyMap:
    return JourneyMap(
        journey={"title": "Open an account"},
        phases=[{"id": "p1", "name": "Before"}, {"id": "p2", "name": "After"}],
        steps=[
            {"id": f"s{i + 1}", "name": name, "phase": "p1" if i < 2 else "p2"}
            for i, name in enumerate(names)
        ],
    )


def rows(reached: tuple[int, ...] = REACHED_PER_STEP, days: int = 1) -> list[dict[str, Any]]:
    """Customer ``c`` reaches the first ``k`` steps, one step every ``days`` days."""
    result = []
    for case in range(reached[0]):
        depth = sum(1 for r in reached if case < r)
        for k in range(depth):
            result.append(
                {
                    "case_id": f"c{case:02d}",
                    "timestamp": START + dt.timedelta(hours=case, days=days * k),
                    "activity": f"act{k + 1}",
                    "step": f"s{k + 1}",
                    "step_index": k,
                    "segment": "young" if case % 2 else "family",
                    "channel": "web" if k % 2 else "app",
                    "score": 4.0 if k == 1 else None,
                }
            )
    return result


def measured_funnel(window_seconds: float | None = None, **kwargs: Any) -> Funnel:
    engine = Engine.duckdb()
    options = AnalysisOptions(window_seconds=window_seconds)
    table = matched_table(engine, rows(**kwargs))
    return analyze(engine, table, ["s1", "s2", "s3", "s4"], options).funnel


@pytest.fixture(scope="module")
def funnel() -> Funnel:
    return measured_funnel()


def bars(root: ET.Element) -> list[ET.Element]:
    return groups(root, "funnel-bar")


def widths(bar: ET.Element, fill: str) -> float:
    return sum(float(r.get("width", "0")) for r in bar.iter(f"{NS}rect") if r.get("fill") == fill)


def texts(root: ET.Element) -> str:
    return " ".join(t.text or "" for t in root.iter(f"{NS}text"))


# --------------------------------------------------------------------------- tests
def test_bars_follow_the_map_order_and_are_proportional(funnel: Funnel) -> None:
    root = parse_inside_viewbox(funnel_svg(journey(), funnel, "en"))
    found = bars(root)
    assert [b.get("data-step") for b in found] == ["s1", "s2", "s3", "s4"]
    assert [int(b.get("data-reached", "-1")) for b in found] == list(REACHED_PER_STEP)
    per_customer = [widths(b, REACHED) / r for b, r in zip(found, REACHED_PER_STEP, strict=True)]
    assert max(per_customer) - min(per_customer) < 0.01
    # dropped stacked after reached: the whole bar is the previous step's reached count
    for bar, previous in zip(found[1:], REACHED_PER_STEP, strict=False):
        total = widths(bar, REACHED) + sum(
            float(r.get("width", "0"))
            for r in bar.iter(f"{NS}rect")
            if r.get("fill") not in (REACHED, "none")
        )
        assert total == pytest.approx(previous * per_customer[0], abs=0.05)


def test_the_biggest_drop_is_highlighted(funnel: Funnel) -> None:
    root = parse_inside_viewbox(funnel_svg(journey(), funnel, "en"))
    highlighted = [b.get("data-step") for b in bars(root) if b.get("data-highlight") == "true"]
    assert highlighted == ["s3"]
    assert funnel_chart(journey(), funnel).biggest_drop == 2
    assert "Biggest drop-off" in texts(root)


def test_conversions_delays_and_names_are_written_in_french(funnel: Funnel) -> None:
    root = parse_inside_viewbox(
        funnel_svg(journey(("Découvrir", "Demander", "Signer", "Utiliser")), funnel, "fr")
    )
    written = texts(root)
    for name in ("1. Découvrir", "2. Demander", "3. Signer", "4. Utiliser"):
        assert name in written
    assert "80 %" in written  # 8 of 10 from step 1 to 2
    assert "38 %" in written  # 3 of 8
    assert "−5 abandons" in written
    assert "médiane 24\u202fh depuis l'étape précédente" in written


def test_customers_still_in_flight_are_stacked_apart() -> None:
    funnel = measured_funnel(window_seconds=60 * 86400)
    assert sum(s.in_flight for s in funnel.steps) > 0
    root = parse_inside_viewbox(funnel_svg(journey(), funnel, "en"))
    assert any(widths(b, IN_FLIGHT) > 0 for b in bars(root))
    assert all(widths(b, DROPPED) == 0 for b in bars(root))
    assert "still in progress" in texts(root)


def test_hostile_names_are_escaped_and_fit(funnel: Funnel) -> None:
    names = (HOSTILE, LONG_WORD, "A & B", "x" * 3)
    m = journey(names)
    svg = funnel_svg(m, funnel, "en", title=HOSTILE)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = parse_inside_viewbox(svg)
    assert "A & B" in texts(root)


def test_empty_funnel_draws_a_message() -> None:
    engine = Engine.duckdb()
    table = matched_table(
        engine, [{"case_id": "1", "timestamp": START, "activity": "noise", "step": None}]
    )
    empty = analyze(engine, table, ["s1", "s2", "s3", "s4"]).funnel
    for lang, message in (("en", "No customer"), ("fr", "Aucun client")):
        root = parse_inside_viewbox(funnel_svg(journey(), empty, lang))
        assert message in texts(root) and not bars(root)
    no_steps = JourneyMap(journey={"title": "T"})
    parse_inside_viewbox(measured_funnel_svg(no_steps, "en"))


def test_snapshot_funnel_matches_the_analysis() -> None:
    engine = Engine.duckdb()
    m = journey()
    result = analyze(
        engine,
        matched_table(engine, rows()),
        ["s1", "s2", "s3", "s4"],
        AnalysisOptions(window_seconds=None),
    )
    snapshot = snapshot_of(result, m, taken_at=dt.datetime(2025, 4, 1))
    chart = funnel_from_snapshot(m, snapshot)
    assert [b.reached for b in chart.bars] == list(REACHED_PER_STEP)
    assert [b.lost for b in chart.bars] == [0, 2, 5, 1]
    assert chart.biggest_drop == 2 and not chart.detailed
    measured = m.model_copy(update={"measurements": [snapshot]})
    assert measured_delays(measured) == {"s2": 86400.0, "s3": 86400.0, "s4": 86400.0}
    root = parse_inside_viewbox(measured_funnel_svg(measured, "en"))
    assert [b.get("data-step") for b in bars(root)] == ["s1", "s2", "s3", "s4"]
    assert "−5 not converted" in texts(root)


def test_snapshot_funnel_per_segment_and_unknown_steps() -> None:
    snapshot = MetricSnapshot(
        id="m",
        taken_at=dt.datetime(2025, 1, 1),
        values=[
            {"measure": "customers", "value": 20, "segment": "young"},
            {"step": "s1", "measure": "conversion_from_start", "value": 1, "segment": "young"},
            {"step": "s2", "measure": "conversion_from_start", "value": 0.25, "segment": "young"},
            {"step": "gone", "measure": "customers", "value": 3},
        ],
    )
    chart = funnel_from_snapshot(journey(), snapshot, segment="young")
    assert [(b.step_id, b.reached) for b in chart.bars] == [("s1", 20), ("s2", 5)]
    assert funnel_from_snapshot(journey(), snapshot).bars == ()


def test_trend_small_multiples_one_panel_per_step() -> None:
    engine = Engine.duckdb()
    many = rows(reached=(40, 30, 12, 6), days=9)
    result = analyze(
        engine, matched_table(engine, many), ["s1", "s2", "s3", "s4"], AnalysisOptions()
    )
    breakdown = next(b for b in result.funnel_breakdowns if b.dimension == "period")
    for lang, entered in (("en", "Customers entered per period"), ("fr", "Clients entrés")):
        root = parse_inside_viewbox(funnel_trend_svg(journey(), breakdown, lang))
        written = texts(root)
        assert entered in written
        assert all(f"{k}. " in written for k in (2, 3, 4))
