"""The journey map grid drawing: structure, content, escaping and no text out of bounds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from svg_checks import (
    LONG_WORD,
    NS,
    TEMPLATES,
    groups,
    joined,
    parse_inside_viewbox,
    squash,
    text_box,
    text_of,
    texts_of,
)

from parcours.io import load_map
from parcours.model import JourneyMap
from parcours.render import views
from parcours.render.svg import journey_grid_svg
from parcours.render.svg.grid import grid_lanes


# ------------------------------------------------------------------------ helpers
def first_rect(group: ET.Element) -> tuple[float, float, float, float]:
    rect = group.find(f"{NS}rect")
    assert rect is not None
    return tuple(float(rect.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def step_spans(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Step id -> (left, right) of its header card (the column minus 2 px each side)."""
    spans = {}
    for g in groups(root, "step-header"):
        x, _, w, _ = first_rect(g)
        spans[g.get("data-step", "")] = (x - 2, x + w + 2)
    return spans


def phase_runs_of(m: JourneyMap) -> list[list[str]]:
    runs: list[list[str]] = []
    previous: object = object()
    for step in m.steps:
        if runs and step.phase == previous:
            runs[-1].append(step.id)
        else:
            runs.append([step.id])
        previous = step.phase
    return runs


def hostile_map() -> JourneyMap:
    return JourneyMap.model_validate(
        {
            "journey": {"title": 'Map <script>alert("t")</script> & co'},
            "personas": [{"id": "p", "name": "<b>Léa</b> & 'Zoé'"}],
            "phases": [{"id": "a", "name": '<i>Phase</i> & "A"'}],
            "custom_lanes": [{"id": "law", "name": "Law <script>", "description": "x & y"}],
            "steps": [
                {
                    "id": "s1",
                    "name": f"<script>alert(1)</script> {LONG_WORD}",
                    "phase": "a",
                    "customer_goal": "Goal & <goal>",
                    "actions": [f'Click {LONG_WORD} & "submit"'],
                    "touchpoints": [{"channel": "web", "name": "<site> & co"}],
                    "emotions": [{"persona": "p", "score": -2, "word": "<angry>"}],
                    "irritants": [{"text": f"Fees & <hidden> {LONG_WORD}", "severity": 3}],
                    "enchantments": [{"text": "Nice 'touch' & <b>"}],
                    "data_collected": [{"name": "E-mail <addr>"}],
                    "stakeholders": [{"name": "Ops & <co>", "office": "back"}],
                    "metrics": [{"name": "Rate <x>", "target": 3, "unit": "%"}],
                    "custom": {"law": "Art. 5 <b> & 'c'"},
                }
            ],
        }
    )


# -------------------------------------------------------------------------- tests
def test_one_column_per_step_in_map_order(map18: JourneyMap) -> None:
    root = ET.fromstring(journey_grid_svg(map18, "en"))
    headers = groups(root, "step-header")
    assert [g.get("data-step") for g in headers] == [s.id for s in map18.steps]
    lefts = [first_rect(g)[0] for g in headers]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)
    for g, step in zip(headers, map18.steps, strict=True):
        assert squash(step.name) in text_of(g)


def test_every_phase_band_spans_exactly_its_steps(map18: JourneyMap) -> None:
    root = ET.fromstring(journey_grid_svg(map18, "en"))
    bands = groups(root, "phase-band")
    assert [b.get("data-steps", "").split() for b in bands] == phase_runs_of(map18)
    spans = step_spans(root)
    for band in bands:
        steps = band.get("data-steps", "").split()
        x, _, w, _ = first_rect(band)
        assert x - 1 == pytest.approx(spans[steps[0]][0])
        assert x + w + 1 == pytest.approx(spans[steps[-1]][1])
        phase = next(p for p in map18.phases if p.id == map18.step(steps[0]).phase)
        assert squash(phase.name) in text_of(band)


def test_every_lane_title_present_in_order(map6: JourneyMap) -> None:
    root = ET.fromstring(journey_grid_svg(map6, "fr"))
    lanes = groups(root, "lane")
    expected = grid_lanes(map6, "fr")
    assert [g.get("data-lane") for g in lanes] == [
        "actions",
        "touchpoints",
        "emotions",
        "irritants",
        "enchantments",
        "moments",
        "data",
        "stakeholders",
        "metrics",
        "custom:regulation",
    ]
    assert len(lanes) == len(expected) >= 10
    for group, lane in zip(lanes, expected, strict=True):
        assert squash(lane.title) in text_of(group)
    assert {"Regulation"} <= {lane.title for lane in expected}


def test_customer_goal_lane_only_when_a_step_has_a_goal() -> None:
    plain = JourneyMap.model_validate(
        {"journey": {"title": "T"}, "steps": [{"id": "a", "name": "A"}]}
    )
    assert "goal" not in [lane.key for lane in grid_lanes(plain, "en")]
    with_goal = plain.model_copy(
        update={"steps": [plain.steps[0].model_copy(update={"customer_goal": "Be quick"})]}
    )
    root = ET.fromstring(journey_grid_svg(with_goal, "en"))
    lane = next(g for g in groups(root, "lane") if g.get("data-lane") == "goal")
    assert "Customergoal" in text_of(lane) and "Bequick" in text_of(lane)


def _lane_texts_per_step(root: ET.Element, lane_key: str) -> dict[str, str]:
    lane = next(g for g in groups(root, "lane") if g.get("data-lane") == lane_key)
    result: dict[str, list[ET.Element]] = {}
    for step_id, (left, right) in step_spans(root).items():
        result[step_id] = [
            e
            for e in texts_of(lane)
            if left - 0.5 <= text_box(e)[0] and text_box(e)[2] <= right + 0.5
        ]
    return {k: joined(v) for k, v in result.items()}


def test_every_irritant_and_enchantment_is_in_its_step_column(map18: JourneyMap) -> None:
    root = ET.fromstring(journey_grid_svg(map18, "en"))
    irritants = _lane_texts_per_step(root, "irritants")
    enchantments = _lane_texts_per_step(root, "enchantments")
    count = 0
    for step in map18.steps:
        for irritant in step.irritants:
            assert squash(irritant.text) in irritants[step.id]
            count += 1
        for enchantment in step.enchantments:
            assert squash(enchantment.text) in enchantments[step.id]
    assert count == sum(len(s.irritants) for s in map18.steps) > 0


def test_cells_show_the_typed_grid_data(map6: JourneyMap) -> None:
    """Touchpoints, data, stakeholders, metrics with measured values, custom lanes."""
    root = ET.fromstring(journey_grid_svg(map6, "en"))
    columns = views.grid(map6, "en", max_steps=len(map6.steps)).chunks[0].columns
    lanes = {
        key: _lane_texts_per_step(root, key)
        for key in (
            "actions",
            "touchpoints",
            "data",
            "stakeholders",
            "metrics",
            "custom:regulation",
        )
    }
    measured = 0
    for column in columns:
        for action in column.actions:
            assert squash(action) in lanes["actions"][column.id]
        for tp in column.touchpoints:
            assert squash(tp.tag) in lanes["touchpoints"][column.id]
            assert squash(tp.text) in lanes["touchpoints"][column.id]
        for item in column.data:
            assert squash(item.text) in lanes["data"][column.id]
        for item in column.stakeholders:
            assert squash(item.text) in lanes["stakeholders"][column.id]
            assert squash(item.tag) in lanes["stakeholders"][column.id]
        for metric in column.metrics:
            assert squash(metric.name) in lanes["metrics"][column.id]
            assert squash(metric.target) in lanes["metrics"][column.id]
            if metric.measured:
                measured += 1
                assert squash(f"measured {metric.measured}") in lanes["metrics"][column.id]
        assert squash(column.custom["regulation"]) in lanes["custom:regulation"][column.id]
    assert measured == len(map6.steps) + 1


def test_emotion_curve_has_a_point_per_estimated_emotion(map6: JourneyMap) -> None:
    root = ET.fromstring(journey_grid_svg(map6, "en"))
    lane = next(g for g in groups(root, "lane") if g.get("data-lane") == "emotions")
    points = [
        (c.get("data-step"), c.get("data-series"))
        for c in lane.iter(f"{NS}circle")
        if c.get("class") == "point" and c.get("data-series")
    ]
    expected = [(s.id, e.persona) for s in map6.steps for e in s.emotions]
    assert sorted(points) == sorted(expected)
    words = _lane_texts_per_step(root, "emotions")
    for step in map6.steps:
        for emotion in step.emotions:
            assert squash(emotion.word) in words[step.id]


def test_moments_have_icons_in_the_step_header(map6: JourneyMap) -> None:
    root = ET.fromstring(journey_grid_svg(map6, "en"))
    for g, step in zip(groups(root, "step-header"), map6.steps, strict=True):
        assert len(g.findall(f"{NS}polygon")) == step.moment_of_truth + step.breaking_point


def test_long_journeys_grow_wider(make_map: Callable[..., JourneyMap]) -> None:
    def width(m: JourneyMap) -> float:
        return float(ET.fromstring(journey_grid_svg(m, "en")).get("width", "0"))

    assert width(make_map(18)) > 2.5 * width(make_map(6))


def test_texts_stay_in_their_cell(map18_fr: JourneyMap) -> None:
    root = parse_inside_viewbox(journey_grid_svg(map18_fr, "fr"))
    spans = list(step_spans(root).values())
    gutter_right = min(left for left, _ in spans)
    for lane in groups(root, "lane"):
        _, top, _, height = first_rect(lane)
        for element in texts_of(lane):
            left, text_top, right, bottom = text_box(element)
            assert top <= text_top and bottom <= top + height, element.text
            in_column = any(a - 0.5 <= left and right <= b + 0.5 for a, b in spans)
            assert in_column or right <= gutter_right, element.text


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_builtin_templates_render_within_bounds(path: Path, lang: str) -> None:
    m = load_map(path)
    root = parse_inside_viewbox(journey_grid_svg(m, lang))
    assert len(groups(root, "step-header")) == len(m.steps)


def test_hostile_text_is_escaped_and_long_words_fit() -> None:
    m = hostile_map()
    svg = journey_grid_svg(m, "en")
    assert "<script" not in svg and "<b>" not in svg and "<angry>" not in svg
    root = parse_inside_viewbox(svg)
    everything = text_of(root)
    for value in (
        "<b>Léa</b> & 'Zoé'",
        "Fees & <hidden>",
        "Art. 5 <b> & 'c'",
        "Law <script>",
        "E-mail <addr>",
        "Goal & <goal>",
        LONG_WORD,
    ):
        assert squash(value) in everything


def test_tiny_and_empty_maps() -> None:
    tiny = JourneyMap.model_validate(
        {"journey": {"title": "T"}, "steps": [{"id": "a", "name": "Only"}]}
    )
    root = parse_inside_viewbox(journey_grid_svg(tiny, "fr"))
    assert [g.get("data-step") for g in groups(root, "step-header")] == ["a"]
    assert [b.get("data-steps") for b in groups(root, "phase-band")] == ["a"]
    assert "(sansphase)" in text_of(root)
    empty = JourneyMap.model_validate({"journey": {"title": "Empty"}})
    root = parse_inside_viewbox(journey_grid_svg(empty, "en"))
    assert "Thismaphasnostepsyet." in text_of(root)


@pytest.mark.parametrize(
    ("unit", "lang", "expected"),
    [("", "en", "15\u202fh"), ("s", "fr", "15\u202fh"), ("h", "en", "15.3\u00a0h")],
)
def test_measured_delay_reads_as_a_duration(unit: str, lang: str, expected: str) -> None:
    """A delay measured in seconds shows as "15 h", never as "55,122 s"."""
    m = JourneyMap.model_validate(
        {
            "journey": {"title": "T"},
            "steps": [
                {
                    "id": "a",
                    "name": "A",
                    "metrics": [{"name": "Wait", "unit": unit, "measure": "delay_median_seconds"}],
                }
            ],
            "measurements": [
                {
                    "id": "m1",
                    "taken_at": "2026-11-01T00:00:00",
                    "values": [{"step": "a", "measure": "delay_median_seconds", "value": 55122}],
                }
            ],
        }
    )
    (line,) = views.grid(m, lang, max_steps=8).chunks[0].columns[0].metrics
    assert line.measured == expected
