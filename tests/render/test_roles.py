"""The views show the journey's structure: main path, detours, alternatives, outcomes.

The map is :func:`conftest.structured_map` (roles declared out of display order) and the
figures come from :data:`conftest.STRUCTURED_EVENTS`, analysed through the services.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from conftest import structured_map
from svg_checks import HOSTILE, NS, groups, parse_inside_viewbox, squash, text_of

from parcours.render.analysis import render_analysis_html
from parcours.render.html import render_html
from parcours.render.roles import display_steps, role_marks
from parcours.render.svg.blueprint import blueprint_svg
from parcours.render.svg.experience import experience_svg
from parcours.render.svg.funnel import measured_funnel_svg
from parcours.render.svg.grid import journey_grid_svg

DISPLAY = ["form", "docs", "rejected", "sign-web", "sign-branch", "support", "opened", "refused"]
"""Alternatives beside their stage, outcomes last (success first)."""

DRAWINGS = {
    "grid": journey_grid_svg,
    "experience": experience_svg,
    "blueprint": blueprint_svg,
}


@pytest.fixture(scope="module")
def measured() -> Any:
    """The structured map with the snapshot of the hand-made log."""
    return structured_map(measured=True, hostile=HOSTILE)


def _header_order(root: ET.Element) -> list[str]:
    """Step ids of the step-header groups (grid) left to right."""
    heads = groups(root, "step-header")
    return [g.get("data-step", "") for g in heads]


def test_display_order_puts_alternatives_together_and_outcomes_last() -> None:
    assert [s.id for s in display_steps(structured_map())] == DISPLAY


def test_role_marks_carry_measured_shares(measured: Any) -> None:
    marks = role_marks(measured, "en")
    # rejected: 3 of 9 entered customers, 4 events -> 1.3 per customer
    assert marks["rejected"].tag == "Detour · 33 % · 1.3×"
    assert marks["rejected"].loop == "↩ Send documents"
    assert marks["support"].tag == "Optional · 11 % · 1.0×"
    assert marks["opened"].tag == "Success · 44 %"
    assert marks["refused"].tag == "Failure · 22 %"
    assert marks["sign-branch"].tag == "or" and marks["sign-branch"].alternative
    assert role_marks(measured, "fr")["rejected"].tag == "Détour · 33 % · 1,3×"


@pytest.mark.parametrize("view", sorted(DRAWINGS))
def test_drawings_frame_detours_dashed_and_outcomes_last(view: str, measured: Any) -> None:
    root = parse_inside_viewbox(DRAWINGS[view](measured, "en"))
    detours = {g.get("data-step"): g for g in groups(root, "detour")}
    assert set(detours) == {"rejected", "support"}
    for frame in detours.values():
        assert any(r.get("stroke-dasharray") for r in frame.iter(f"{NS}rect"))
    outcomes = groups(root, "outcome outcome-success") + groups(root, "outcome outcome-failure")
    assert [g.get("data-step") for g in outcomes] == ["opened", "refused"]
    frames = {g.get("data-step"): float(next(g.iter(f"{NS}rect")).get("x", 0)) for g in outcomes}
    last_stage_x = max(float(next(g.iter(f"{NS}rect")).get("x", 0)) for g in detours.values())
    assert min(frames.values()) > last_stage_x
    assert frames["opened"] < frames["refused"]
    loops = groups(root, "loop")
    assert [(g.get("data-step"), g.get("data-returns-to")) for g in loops] == [("rejected", "docs")]


@pytest.mark.parametrize("view", sorted(DRAWINGS))
def test_alternatives_share_one_stage(view: str, measured: Any) -> None:
    root = ET.fromstring(DRAWINGS[view](measured, "fr"))
    stages = groups(root, "stage")
    assert [g.get("data-steps") for g in stages] == ["sign-web sign-branch"]
    assert text_of(stages[0]) == "ou"


def test_grid_shows_measured_tags_and_loop(measured: Any) -> None:
    svg = journey_grid_svg(measured, "en")
    root = parse_inside_viewbox(svg)
    assert _header_order(root) == DISPLAY
    everything = text_of(root)
    for tag in ("Detour · 33 % · 1.3×", "↩ Send documents", "Success · 44 %"):
        assert squash(tag) in everything


@pytest.mark.parametrize("view", sorted(DRAWINGS))
def test_hostile_outcome_names_are_escaped(view: str, measured: Any) -> None:
    svg = DRAWINGS[view](measured, "en")
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert squash(f"Account opened {HOSTILE}") in text_of(root)


def test_grid_emotion_curve_runs_on_the_main_path(measured: Any) -> None:
    root = ET.fromstring(journey_grid_svg(measured, "en"))
    curves = [p for p in root.iter(f"{NS}path") if p.get("class") == "curve"]
    branches = [p for p in root.iter(f"{NS}path") if p.get("class") == "branch-curve"]
    # form, docs, sign-web: one run of three points; rejected, sign-branch, support and the
    # two outcomes hang off it
    assert len(curves) == 1 and curves[0].get("d", "").count("L") == 2
    assert len(branches) == 5


def test_funnel_view_draws_stages_then_outcomes_then_detours(measured: Any) -> None:
    svg = measured_funnel_svg(measured, "en")
    root = parse_inside_viewbox(svg)
    bars = [g.get("data-step") for g in groups(root, "funnel-bar")]
    assert bars == ["form", "docs", "sign-web"]
    assert squash("3. Sign online or Sign in a branch") in text_of(root)
    outcomes = groups(root, "funnel-outcome")
    assert [(g.get("data-step"), g.get("data-kind")) for g in outcomes] == [
        ("opened", "success"),
        ("refused", "failure"),
    ]
    assert [g.get("data-customers") for g in outcomes] == ["4", "2"]
    detours = groups(root, "funnel-detour")
    assert [g.get("data-step") for g in detours] == ["rejected", "support"]
    assert all(any(r.get("stroke-dasharray") for r in g.iter(f"{NS}rect")) for g in detours)
    assert squash("Detour · 3 · 33 % · 1.3×") in text_of(detours[0])
    order = svg.index('class="funnel-bar"'), svg.index("funnel-outcome"), svg.index("funnel-detour")
    assert list(order) == sorted(order)
    assert "&lt;script&gt;" in svg and "<script" not in svg


def test_html_map_marks_roles_and_escapes_review_notes(measured: Any) -> None:
    page = render_html(measured, views=["map"], lang="en", generated_on=date(2026, 3, 1))
    heads = re.findall(r'<th class="step([^"]*)" scope="col" data-step="([^"]+)"', page)
    assert [step for _, step in heads] == DISPLAY
    classes = dict((step, css) for css, step in heads)
    assert "detour" in classes["rejected"] and "role-exception" in classes["rejected"]
    assert "outcome-success" in classes["opened"] and "outcome-failure" in classes["refused"]
    assert "alternative" in classes["sign-branch"]
    assert "Detour · 33 % · 1.3×" in page and "↩ Send documents" in page
    assert "<script" not in page
    assert 'title="Sends customers back to Send documents &lt;script&gt;' in page


# ------------------------------------------------------------------ analysis report
def _report(outcome: Any, lang: str = "en", m: Any = None) -> str:
    return render_analysis_html(
        m or outcome.journey_map, outcome.analysis, lang, generated_on=date(2026, 3, 1)
    )


def _section(page: str, name: str) -> str:
    start = page.index(f'id="analysis-{name}"')
    end = page.find("<section", start)
    return page[start : end if end > 0 else len(page)]


def _cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def _rows(section: str) -> list[list[str]]:
    body = section[section.index("<tbody>") :]
    return [_cells(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_report_leads_with_outcomes_then_funnel_then_detours(structured_analysis: Any) -> None:
    page = _report(structured_analysis)
    order = [
        page.index(f'id="analysis-{name}"')
        for name in ("outcomes", "funnel", "breaking-points", "detours", "paths")
    ]
    assert order == sorted(order)
    assert 'class="view first" id="analysis-outcomes"' in page


def test_report_outcomes_figures(structured_analysis: Any) -> None:
    outcomes = _section(_report(structured_analysis), "outcomes")
    # 9 entered: 4 opened, 2 refused, 3 with no outcome, nobody in flight (no window)
    assert _rows(outcomes) == [
        ["7 Account opened", "Success", "4", "44 %", "", "3.5\u202fh"],
        ["8 Application refused", "Failure", "2", "22 %", "", "3\u202fh"],
        ["No outcome (abandoned)", "", "3", "33 %", "", "—"],
        ["Still in progress", "", "0", "0 %", "", "—"],
    ]
    assert "44 % of the decided customers reached a success (4 of 9)" in outcomes


def test_report_main_path_stages(structured_analysis: Any) -> None:
    funnel = _section(_report(structured_analysis), "funnel")
    rows = _rows(funnel)
    # stage, reached, conversion, from start, ended, dropped, in flight, median wait
    assert [r[:7] for r in rows] == [
        ["1 Fill in the online form", "9", "—", "100 %", "—", "—", "—"],
        ["2 Send documents", "7", "78 %", "78 %", "1", "1", "0"],
        ["4 Sign online or Sign in a branch", "4", "57 %", "44 %", "1", "2", "0"],
    ]


def test_report_detours_ranked_by_cost_apart_from_drop_offs(structured_analysis: Any) -> None:
    page = _report(structured_analysis)
    detours = _rows(_section(page, "detours"))
    # rejected: 3 takers (c2 c3 c9), 4 events, 1/3 convert against 3/6 without: lost
    # 3 x (1/2 - 1/3) = 0.5; support: c4 converts (1/1 against 3/8): nothing lost
    assert [r[0].split()[1] for r in detours] == ["Document", "Call"]
    assert detours[0][1:8] == ["3", "33 %", "1.33", "33 %", "50 %", "5\u202fh", "3\u202fh"]
    assert detours[0][8] == "0.5"
    assert "↩ returns to Send documents" in detours[0][0]
    breaking = _section(page, "breaking-points")
    assert "Document rejected" not in breaking
    # the worst drop-off: 2 of the 7 who sent documents never signed (c5 c9)
    worst = _rows(breaking)[0]
    assert worst[:3] == ["2 Send documents → 4 Sign online or Sign in a branch", "2", "29 %"]


def test_report_step_table_gives_funnel_figures_to_stages_only(structured_analysis: Any) -> None:
    steps = _rows(_section(_report(structured_analysis), "steps"))
    rejected = next(r for r in steps if "Document rejected" in r[0])
    docs = next(r for r in steps if "Send documents" in r[0])
    assert "Detour" in rejected[0] and rejected[5] == "—"
    assert docs[5] == "78 %"


def test_report_escapes_hostile_outcome_names(structured_analysis: Any) -> None:
    m = structured_map(hostile=HOSTILE)
    page = _report(structured_analysis, m=m)
    assert "<script" not in page
    assert "Account opened &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_report_in_french(structured_analysis: Any) -> None:
    page = _report(structured_analysis, "fr")
    assert "Issues du parcours" in page and "Détours" in page
    assert "44 % des clients fixés sur leur sort ont abouti (4 sur 9)" in page


def test_report_segment_comparison_is_per_stage() -> None:
    from conftest import structured_log

    from parcours.analytics.options import AnalysisOptions
    from parcours.services.analysis import analyze_map

    log = structured_log()
    log["segment"] = log["customer_id"].map(lambda c: "web" if c <= "c4" else "branch")
    outcome = analyze_map(structured_map(), log, options=AnalysisOptions(window_seconds=None))
    segments = _section(_report(outcome), "segments")
    rows = _rows(segments)
    # branch: c5..c9 (5 enter, 3 send documents, 1 signs); web: c1..c4 (4, 4, 3)
    assert [r[0] for r in rows] == [
        "1 Fill in the online form",
        "2 Send documents",
        "4 Sign online or Sign in a branch",
    ]
    assert "Document rejected" not in segments
    assert [c.split()[0] for c in rows[2][1:]] == ["1", "3"]


def test_report_of_a_map_with_no_outcome_counts_the_last_step() -> None:
    from conftest import structured_log

    from parcours.analytics.options import AnalysisOptions
    from parcours.model import JourneyMap
    from parcours.services.analysis import analyze_map

    line = JourneyMap.model_validate(
        {
            "journey": {"title": "Line"},
            "steps": [
                {"id": sid, "name": name, "events": [{"activity": sid}]}
                for sid, name in (("form", "Form"), ("docs", "Documents"), ("sign-web", "Sign"))
            ],
        }
    )
    outcome = analyze_map(line, structured_log(), options=AnalysisOptions(window_seconds=None))
    outcomes = _section(_report(outcome), "outcomes")
    # c1 c4 c7 sign online; c2 signs in a branch, a step this map does not have
    assert [r[0] for r in _rows(outcomes)] == [
        "Completed the journey (last step)",
        "Did not complete",
        "Still in progress",
    ]
    assert [r[2] for r in _rows(outcomes)] == ["3", "6", "0"]
    assert "33 % of the decided customers reached the last step (3 of 9)" in outcomes
