"""The analysis report (HTML and PDF) and the measured delays of the map report's blueprint."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pdf_text import pages_text

from parcours.analytics import AnalysisOptions, JourneyAnalysis, analyze
from parcours.analytics.testing import matched_table
from parcours.engine import Engine
from parcours.model import JourneyMap
from parcours.render import render_analysis_html, render_analysis_pdf, render_html
from parcours.services.analysis import snapshot_of

HOSTILE = '<script>alert("x")</script> Tom & "Jerry"'
START = dt.datetime(2025, 3, 3, 9)
STEPS = ["s1", "s2", "s3", "s4"]
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"


def journey(
    names: tuple[str, ...] = ("Discover", "Apply", "Sign", "Use"), **extra: Any
) -> JourneyMap:
    return JourneyMap(
        journey={"title": extra.pop("title", "Open an account")},
        phases=[{"id": "p1", "name": "Before"}, {"id": "p2", "name": "After"}],
        personas=[{"id": "p", "name": "Léa", "segment": "young"}],
        steps=[
            {
                "id": f"s{i + 1}",
                "name": name,
                "phase": "p1" if i < 2 else "p2",
                "emotions": [{"persona": "p", "score": 1 - i}],
            }
            for i, name in enumerate(names)
        ],
        **extra,
    )


def rows() -> list[dict[str, Any]]:
    """12 customers over three weeks: 12, 9, 4, 3 reach s1..s4; s2 is scored; a loop."""
    reached = (12, 9, 4, 3)
    result = []
    for case in range(12):
        depth = sum(1 for r in reached if case < r)
        moment = START + dt.timedelta(days=2 * case)
        for k in range(depth):
            repeat = 2 if (k == 1 and case % 3 == 0) else 1
            for _ in range(repeat):
                result.append(
                    {
                        "case_id": f"c{case:02d}",
                        "timestamp": moment,
                        "activity": f"{HOSTILE} {k + 1}" if k == 2 else f"act{k + 1}",
                        "step": f"s{k + 1}",
                        "step_index": k,
                        "segment": "young" if case % 2 else "family",
                        "channel": ("web" if case % 3 else "app", "phone", "branch", "app")[k],
                        "score": 2.0 + case % 3 if k == 1 else None,
                    }
                )
                moment += dt.timedelta(hours=5 + k)
    return result


@pytest.fixture(scope="module")
def analysis() -> JourneyAnalysis:
    engine = Engine.duckdb()
    options = AnalysisOptions(window_seconds=None)
    return analyze(engine, matched_table(engine, rows()), STEPS, options)


def visible(page: str) -> str:
    """The page's text, tags removed (entities kept)."""
    body = page.split("<body", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# --------------------------------------------------------------------------- tests
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_section_is_there(analysis: JourneyAnalysis, lang: str) -> None:
    page = render_analysis_html(journey(), analysis, lang, source="events.csv")
    for section in (
        "breaking-points",
        "funnel",
        "paths",
        "steps",
        "touchpoints",
        "segments",
        "channels",
        "trend",
        "variants",
        "transitions",
        "emotion",
    ):
        assert f'id="analysis-{section}"' in page, section
    assert page.count("<svg") == 4  # funnel, sankey, trend, emotion
    text = visible(page)
    assert "events.csv" in text
    for name in ("Discover", "Apply", "Sign", "Use"):
        assert name in text


def test_headline_figures_and_tables_in_english(analysis: JourneyAnalysis) -> None:
    text = visible(render_analysis_html(journey(), analysis, "en"))
    assert "12 customers entered" in re.sub(r"\s+", " ", text.replace("</span>", " "))
    assert "completed the journey" in text and "25 %" in text  # 3 of 12
    # breaking points: the largest drop is Apply -> Sign (9 -> 4)
    drops = text.split("Where customers drop out", 1)[1].split("Where customers wait", 1)[0]
    assert drops.index("Sign") < drops.index("Discover")
    assert " 5 " in drops
    assert "family" in text and "young" in text  # segments compared
    assert "Web" in text and "phone" in text.lower()  # contacts per channel
    assert "Measured satisfaction" in text  # the experience map shows measured scores


def test_french_labels(analysis: JourneyAnalysis) -> None:
    text = visible(render_analysis_html(journey(), analysis, "fr"))
    for label in ("clients entrés", "Points de rupture", "Chiffres par étape", "Parcours réels"):
        assert label in text
    assert "Satisfaction mesurée" in text


def test_hostile_text_is_escaped(analysis: JourneyAnalysis) -> None:
    m = journey((HOSTILE, "Apply", "Sign & co", '"Use"'), title=HOSTILE)
    page = render_analysis_html(m, analysis, "en", source=HOSTILE)
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "Sign &amp; co" in page


def test_single_group_comparisons_are_left_out(analysis: JourneyAnalysis) -> None:
    one_segment = [g for g in analysis.funnel_breakdowns if g.dimension == "segment"]
    single = type(analysis)(
        **{
            **analysis.__dict__,
            "funnel_breakdowns": tuple(
                b if b.dimension != "segment" else type(b)(b.dimension, b.groups[:1])
                for b in analysis.funnel_breakdowns
            ),
        }
    )
    assert one_segment and len(one_segment[0].groups) == 2
    page = render_analysis_html(journey(), single, "en")
    assert 'id="analysis-segments"' not in page and 'id="analysis-channels"' in page


def test_empty_analysis_says_so() -> None:
    engine = Engine.duckdb()
    table = matched_table(
        engine, [{"case_id": "1", "timestamp": START, "activity": "noise", "step": None}]
    )
    empty = analyze(engine, table, STEPS)
    for lang, message in (("en", "nothing to measure"), ("fr", "rien à mesurer")):
        page = render_analysis_html(journey(), empty, lang)
        assert message in visible(page)
        assert 'id="analysis-emotion"' in page


def test_pdf_pages(analysis: JourneyAnalysis, tmp_path: Path) -> None:
    out = render_analysis_pdf(journey(), analysis, tmp_path / "analysis.pdf", "fr")
    assert out.read_bytes()[:5] == b"%PDF-"
    pages = [" ".join(page.split()) for page in pages_text(out)]
    assert len(pages) >= 8
    first = pages[0]
    assert "Issues du parcours" in first and "Open an account" in first
    assert "Parcours principal, étape par étape" in first
    assert "Points de rupture" in "".join(pages[1:3])


def test_map_report_blueprint_shows_measured_delays(analysis: JourneyAnalysis) -> None:
    m = journey()
    snapshot = snapshot_of(analysis, m, source="events.csv", taken_at=dt.datetime(2025, 4, 1))
    measured = m.model_copy(update={"measurements": [snapshot]})
    medians = {s.step: s.delay_from_previous_seconds for s in analysis.funnel.steps[1:]}
    assert all(d is not None and d.median for d in medians.values())
    page = render_html(measured, lang="en", views=["blueprint"])
    assert "Median delays measured on April 1, 2025 (events.csv)." in page
    plain = render_html(m, lang="en", views=["blueprint"])
    assert page.count("\u202fh<") > plain.count("\u202fh<")


@pytest.mark.skipif(not (REAL / "helpdesk.xes.gz").exists(), reason="real logs absent")
def test_real_helpdesk_log(tmp_path: Path) -> None:
    from parcours.services.analysis import analyze_map

    m = JourneyMap(
        journey={"title": "Helpdesk"},
        steps=[
            {
                "id": "assign",
                "name": "Assign seriousness",
                "events": [{"activity": "Assign seriousness"}],
            },
            {
                "id": "take",
                "name": "Take in charge ticket",
                "events": [{"activity": "Take in charge ticket"}],
            },
            {"id": "resolve", "name": "Resolve ticket", "events": [{"activity": "Resolve ticket"}]},
            {"id": "closed", "name": "Closed", "events": [{"activity": "Closed"}]},
        ],
    )
    outcome = analyze_map(m, REAL / "helpdesk.xes.gz")
    page = render_analysis_html(outcome.journey_map, outcome.analysis, "en", source="helpdesk")
    entered = outcome.analysis.funnel.entered
    assert entered > 4000
    assert f"{entered:,} customers entered" in visible(page)
    assert 'class="sankey-link' in page and 'class="funnel-bar"' in page


def _voice_sections(m: JourneyMap, analysis: JourneyAnalysis) -> dict[str, Any]:
    """Survey answers with hostile verbatims, the alerts and opportunities from them."""
    import pandas as pd

    from parcours.analytics.opportunities import NegativeTheme, propose_opportunities
    from parcours.analytics.voice import analyze_voice
    from parcours.events.feedback import feedback_from_dataframe
    from parcours.services.alerts import evaluate_scores, placed_scores

    verbatim = f"{HOSTILE} the fees are far too high"
    days = [f"2025-03-{d:02d}" for d in range(1, 29)] * 3
    frame = pd.DataFrame(
        {
            "client": [f"c{i}" for i in range(len(days))],
            "date": days,
            "step": ["s2" if i % 2 else "s1" for i in range(len(days))],
            "channel": ["phone" if i % 3 else "chat" for i in range(len(days))],
            "csat": [1 if i % 2 else 5 for i in range(len(days))],
            "comment": [verbatim if i % 2 else "Very quick and clear, thanks" for i in range(84)],
        }
    )
    fb = feedback_from_dataframe(frame)
    voice = analyze_voice(fb.engine, fb.table, m)
    assert voice.table is not None
    alerts = evaluate_scores(m, placed_scores(fb.engine, voice.table), days=14)
    proposal = propose_opportunities(
        analysis,
        themes=[NegativeTheme(HOSTILE, "s2", 30, 42, quotes=(verbatim,))],
        names={s.id: s.name for s in m.steps},
    )
    return {"voice": voice, "alerts": alerts, "opportunities": proposal}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_voice_alerts_and_opportunities_sections(analysis: JourneyAnalysis, lang: str) -> None:
    m = journey(
        listening_points=[
            {
                "id": "lp-s2",
                "step": "s2",
                "medium": "sms",
                "alert_threshold": {"indicator": "CSAT", "value": 80, "unit": "%"},
            }
        ]
    )
    page = render_analysis_html(m, analysis, lang, **_voice_sections(m, analysis))
    for section in ("analysis-voice", "analysis-alerts", "analysis-opportunities"):
        assert f'id="{section}"' in page
    text = visible(page)
    assert ("Voice of the customer" if lang == "en" else "Voix du client") in text
    assert "fees and prices" in text  # theme labels in the map's language
    assert "phone" in text and "chat" in text  # satisfaction by channel
    assert ("critical" if lang == "en" else "critique") in text or "alert" in text


def test_hostile_verbatims_are_escaped(analysis: JourneyAnalysis, tmp_path: Path) -> None:
    m = journey((HOSTILE, "Apply", "Sign & co", '"Use"'), title=HOSTILE)
    sections = _voice_sections(m, analysis)
    page = render_analysis_html(m, analysis, "en", **sections)
    assert "<script" not in page
    assert page.count("&lt;script&gt;") >= 3  # quotes, theme of the opportunity, step names
    out = render_analysis_pdf(m, analysis, tmp_path / "voice.pdf", "fr", **sections)
    assert out.read_bytes()[:5] == b"%PDF-"
