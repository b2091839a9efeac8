"""The self-contained HTML report."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from parcours.model import JourneyMap
from parcours.render import View, render_html
from parcours.render.html import drawing_function, inline_svg
from parcours.render.labels import LABELS

GENERATED_ON = date(2025, 3, 7)


def _html(m: JourneyMap, **kwargs: Any) -> str:
    return render_html(m, generated_on=GENERATED_ON, **kwargs)


def _visible_text(page: str) -> str:
    """The text of the page with tags removed and entities decoded."""
    no_style = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    no_svg = re.sub(r"<svg\b.*?</svg>", " ", no_style, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", no_svg))


class Finding:
    """A finding shaped like those of ``parcours.rubric``."""

    def __init__(self, rule_id: str, element_id: str) -> None:
        self.rule_id = rule_id
        self.severity = SimpleNamespace(value="warning")
        self.element_id = element_id

    def message(self, lang: str) -> str:
        return {"en": f"Step {self.element_id} has no <emotion>", "fr": "Étape sans émotion"}[lang]

    def hint(self, lang: str) -> str:
        return {"en": "Estimate one emotion per persona", "fr": "Estimez une émotion"}[lang]


class Rule:
    def __init__(self, rule_id: str, passed: bool) -> None:
        self.id = rule_id
        self.passed = passed

    def title(self, lang: str) -> str:
        return f"Title of {self.id} ({lang})"


def _report() -> Any:
    return SimpleNamespace(
        findings=[Finding("emotions-per-persona", "s-02"), Finding("emotions-per-persona", "s-03")],
        rules=[Rule("emotions-per-persona", False), Rule("listening-at-moments", True)],
    )


def test_contains_every_step_persona_and_phase(map18: JourneyMap) -> None:
    text = _visible_text(_html(map18))
    for step in map18.steps:
        assert step.name in text, step.name
    for persona in map18.personas:
        assert persona.name in text, persona.name
    for phase in map18.phases:
        assert phase.name in text, phase.name
    assert map18.journey.title in text
    assert map18.journey.scope in text


def test_cover_shows_persona_cards(map6: JourneyMap) -> None:
    page = _html(map6)
    text = _visible_text(page)
    assert page.count('class="card persona"') == len(map6.personas)
    lea = map6.personas[0]
    for value in (lea.segment, lea.quote, lea.goals[0], lea.needs[0], lea.frustrations[0]):
        assert value in text
    assert "Mobile app" in text  # preferred channel, as its label
    assert "Owner: Customer experience team" in text
    assert "Updated: February 14, 2025" in text


def test_checklist_and_findings_are_listed(make_map: Callable[..., JourneyMap]) -> None:
    m = make_map(4)
    page = _html(m, views=[View.RUBRIC], report=_report())
    text = _visible_text(page)
    assert "Checklist" in text
    assert "Title of emotions-per-persona (en)" in text
    assert "Title of listening-at-moments (en)" in text
    assert "✓" in text and "✗" in text
    assert "1 of 2 rules passed" in text
    assert "Step s-02 has no <emotion>" in text  # message, escaped in the source
    assert "&lt;emotion&gt;" in page
    assert "Estimate one emotion per persona" in text


def test_rubric_section_without_report_says_so(map6: JourneyMap) -> None:
    text = _visible_text(_html(map6, views=["rubric"]))
    assert LABELS.text("rubric_unavailable", "en") in text


def test_real_rubric_report_renders(map6: JourneyMap) -> None:
    from parcours import rubric

    report = rubric.check(map6)
    text = _visible_text(_html(map6, views=["rubric"], report=report))
    assert "Checklist" in text
    assert ("✓" in text) or ("✗" in text)
    for finding in report.findings:
        assert finding.message("en") in text


def test_user_text_is_escaped(map6: JourneyMap, hostile_name: str) -> None:
    page = _html(map6)
    assert "<script" not in page
    assert hostile_name not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Zoé &amp; &#34;Ben&#34;" in page
    assert hostile_name in _visible_text(page)


def test_no_external_url(map6: JourneyMap) -> None:
    data = map6.model_dump()
    data["steps"][0]["touchpoints"][0]["name"] = 'See https://example.com/fees?a=1&b="2"'
    data["journey"]["objective"] = "<img src='http://evil.example/x.png'>"
    m = JourneyMap.model_validate(data)
    page = _html(m)
    assert not re.search(r"""(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert "<link" not in page
    assert "<img" not in page
    text = _visible_text(page)
    assert 'See https://example.com/fees?a=1&b="2"' in text  # kept as plain text
    assert "<img src='http://evil.example/x.png'>" in text


def test_css_is_inlined_with_page_rules(map6: JourneyMap) -> None:
    page = _html(map6, paper="A4")
    assert "<style>" in page
    assert "size: A4 landscape" in page
    assert "font-family" in page and "DejaVu Sans" in page
    assert "counter(pages)" in page


def test_language_switches_labels(map6: JourneyMap) -> None:
    english = _visible_text(_html(map6, lang="en"))
    french = _visible_text(_html(map6, lang="fr"))
    assert "Customer actions" in english and "Actions du client" not in english
    assert "Actions du client" in french and "Customer actions" not in french
    assert "Moment of truth" in english and "Moment de vérité" in french
    assert "Site web" in french  # channel vocabulary through parcours.i18n.label
    assert '<html lang="fr">' in _html(map6, lang="fr")


def test_language_defaults_to_the_map_language(make_map: Callable[..., JourneyMap]) -> None:
    page = _html(make_map(3, language="fr"))
    assert '<html lang="fr">' in page
    assert "Carte du parcours" in page


def test_views_select_sections(map6: JourneyMap) -> None:
    page = _html(map6, views=[View.LISTENING, "map"])
    assert 'id="view-map"' in page and 'id="view-listening"' in page
    assert 'id="view-data"' not in page
    assert 'class="cover"' not in page
    assert page.index('id="view-map"') < page.index('id="view-listening"')
    full = _html(map6)
    positions = [full.index(f'id="view-{v.value}"') for v in View if v is not View.ALL]
    assert positions == sorted(positions)
    assert 'class="cover"' in full


def test_unknown_view_is_a_clear_error(map6: JourneyMap) -> None:
    with pytest.raises(ValueError, match="unknown view 'maps'"):
        _html(map6, views=["maps"])


def test_unknown_paper_is_a_clear_error(map6: JourneyMap) -> None:
    with pytest.raises(ValueError, match="unknown paper size 'Letter'"):
        render_html(map6, paper="Letter")  # type: ignore[arg-type]


def test_long_grid_splits_with_lane_headers_on_each_chunk(map18: JourneyMap) -> None:
    page = _html(map18, views=["map"])
    chunks = page.split('<div class="grid-chunk">')[1:]
    assert len(chunks) == 3
    seen: list[str] = []
    for chunk in chunks:
        text = _visible_text(chunk)
        for lane in ("Customer actions", "Touchpoints", "Emotions", "Metrics", "Regulation"):
            assert lane in text
        assert "<thead>" in chunk
        seen += [s.name for s in map18.steps if s.name in text]
    assert seen == [s.name for s in map18.steps]


def test_a4_grid_has_narrower_chunks(map18: JourneyMap) -> None:
    page = _html(map18, views=["map"], paper="A4")
    chunks = page.split('<div class="grid-chunk">')[1:]
    # six phases of three steps: two phases (6 steps) exceed the 5 columns of A4,
    # so each phase gets its own page rather than being cut
    assert len(chunks) == 6
    assert all(chunk.count('<th class="step"') == 3 for chunk in chunks)


def test_metrics_show_target_threshold_and_measure(map6: JourneyMap) -> None:
    text = _visible_text(_html(map6, views=["map"]))
    assert "target 60 %" in text.replace("\xa0", " ")
    assert "alert 40 %" in text.replace("\xa0", " ")
    # 0.72 measured for step 1 (converted to %), dated in the journey time zone
    assert "measured 72 % on March 1, 2025" in text.replace("\xa0", " ")
    assert "measured 35 % on March 1, 2025 — below expectations" in text.replace("\xa0", " ")
    assert "measured 1.5 h" in text.replace("\xa0", " ")  # 5400 s median delay, in hours


def test_emotions_are_chips_with_words(map6: JourneyMap) -> None:
    page = _html(map6, views=["map"])
    for score in ("s-2", "s-1", "s0", "s1", "s2"):
        assert f'class="chip {score}"' in page
    assert "delighted" in page and "worried" in page


def test_moments_of_truth_and_breaking_points_have_icons(map6: JourneyMap) -> None:
    page = _html(map6, views=["map"])
    assert 'class="icon icon-moment"' in page
    assert 'class="icon icon-breaking"' in page


def test_data_inventory_by_category(map6: JourneyMap) -> None:
    text = _visible_text(_html(map6, views=["data"]))
    for word in ("Personal", "Transactional", "Behavioural", "Unclassified"):
        assert word in text
    assert "Device fingerprint" in text


def test_opportunities_ranked_by_priority(map6: JourneyMap) -> None:
    text = _visible_text(_html(map6, views=["opportunities"]))
    first = text.index("Rename the card plans")  # 2 / 1 = 2.5 priority ... 2.0
    simulator = text.index("Fee simulator on the home page")  # 5 / 2 = 2.5
    fallback = text.index("Selfie video fallback by phone")  # 4 / 4 = 1
    assert simulator < first < fallback
    assert "Quick win" in text


def test_listening_plan_lists_every_point(map18: JourneyMap) -> None:
    text = _visible_text(_html(map18, views=["listening"]))
    assert len(map18.listening_points) > 1
    for lp in map18.listening_points:
        assert map18.step(lp.step).name in text
    assert "CSAT below 80" in text


def test_drawings_are_inline_svg_when_available(map6: JourneyMap) -> None:
    page = _html(map6)
    for name, view in (
        ("experience_svg", "experience"),
        ("blueprint_svg", "blueprint"),
        ("opportunity_matrix_svg", "opportunities"),
    ):
        section = page.split(f'id="view-{view}"')[1].split("</section>")[0]
        if drawing_function(name) is None:
            assert 'class="placeholder"' in section
        else:
            assert '<svg class="drawing"' in section


def test_inline_svg_rejects_non_svg() -> None:
    with pytest.raises(ValueError, match="<svg>"):
        inline_svg("<div>not a drawing</div>")


def test_empty_map_renders() -> None:
    page = _html(JourneyMap(journey={"title": "Empty"}))
    text = _visible_text(page)
    assert "This map has no steps yet." in text
    assert "No persona is described yet." in text


def test_a_long_phase_is_split_and_marked_continued() -> None:
    m = JourneyMap.model_validate(
        {
            "journey": {"title": "One long phase"},
            "phases": [{"id": "ph", "name": "Everything", "kind": "usage"}],
            "steps": [
                {"id": f"s{i}", "name": f"Step number {i}", "phase": "ph"} for i in range(10)
            ],
        }
    )
    page = _html(m, views=["map"])
    chunks = page.split('<div class="grid-chunk">')[1:]
    assert [c.count('<th class="step"') for c in chunks] == [5, 5]
    assert "Everything (continued)" not in _visible_text(chunks[0])
    assert "Everything (continued)" in _visible_text(chunks[1])
    assert "part 2 of 2" in _visible_text(chunks[1])
