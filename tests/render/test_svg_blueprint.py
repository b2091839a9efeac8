"""The service blueprint drawing: lanes in order, the three lines, delays, escaping, bounds."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from svg_checks import (
    HOSTILE,
    LONG_WORD,
    NS,
    TEMPLATES,
    groups,
    groups_by_step,
    parse_inside_viewbox,
    squash,
    text_box,
    text_of,
)

from parcours.i18n import format_delay
from parcours.io import load_map
from parcours.model import JourneyMap
from parcours.render.svg import blueprint_svg
from parcours.render.svg.blueprint import BOUNDARIES, LANES, lane_cards
from parcours.render.svg.labels import text


# ------------------------------------------------------------------------ helpers
def cells(root: ET.Element, lane: str) -> dict[str, ET.Element]:
    """Step id -> the group of the cell of ``lane`` at that step."""
    found = groups(root, lane=lane)
    return {g.get("data-step", ""): g for g in found if "cell" in (g.get("class") or "")}


def line_y(root: ET.Element, key: str) -> float:
    found = groups(root, line=key)
    assert len(found) == 1, key
    line = found[0].find(f"{NS}line")
    assert line is not None and line.get("y1") == line.get("y2")
    return float(line.get("y1", "nan"))


def rects(group: ET.Element) -> list[tuple[float, float, float, float]]:
    return [
        tuple(float(r.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[misc]
        for r in group.iter(f"{NS}rect")
    ]


def load(path: Path) -> JourneyMap:
    return load_map(path)


def small_map(**step: Any) -> JourneyMap:
    data = {"id": "s-1", "name": "Only step", **step}
    return JourneyMap.model_validate({"journey": {"title": "Tiny"}, "steps": [data]})


# -------------------------------------------------------------------------- tests
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_templates_draw_every_lane_in_place(path: Path) -> None:
    m = load(path)
    lang = m.language.value
    root = parse_inside_viewbox(blueprint_svg(m, lang))
    interaction, visibility, internal = (line_y(root, b.key) for b in BOUNDARIES)
    assert interaction < visibility < internal
    all_texts = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    for boundary in BOUNDARIES:
        assert squash(text(boundary.label_key, lang)) in squash(all_texts)
    bands = {
        "evidence": (0.0, interaction),
        "actions": (0.0, interaction),
        "frontstage": (interaction, visibility),
        "backstage": (visibility, internal),
        "support": (internal, math.inf),
        "systems": (internal, math.inf),
        "stakeholders": (internal, math.inf),
    }
    for lane in LANES:
        by_step = cells(root, lane.key)
        assert set(by_step) == {s.id for s in m.steps}
        low, high = bands[lane.key]
        for step in m.steps:
            expected = "".join(
                p.content for c in lane_cards(step, lane.key, lang) for p in c.paragraphs
            )
            assert text_of(by_step[step.id]) == squash(expected), (lane.key, step.id)
            for element in by_step[step.id].iter(f"{NS}text"):
                _, top, _, bottom = text_box(element)
                assert low < top and bottom < high, (lane.key, element.text)


def test_customer_actions_above_interaction_and_backstage_below_visibility(
    make_map: Callable[..., JourneyMap],
) -> None:
    m = make_map(6)
    root = parse_inside_viewbox(blueprint_svg(m, "en"))
    interaction = line_y(root, "interaction")
    visibility = line_y(root, "visibility")
    actions = cells(root, "actions")
    backstage = cells(root, "backstage")
    for step in m.steps:
        assert text_of(actions[step.id]) == squash("".join(step.actions))
        assert all(text_box(t)[3] < interaction for t in actions[step.id].iter(f"{NS}text"))
        assert text_of(backstage[step.id]) == squash("".join(step.blueprint.backstage))
        assert all(text_box(t)[1] > visibility for t in backstage[step.id].iter(f"{NS}text"))


def test_texts_stay_inside_their_cards(make_map: Callable[..., JourneyMap]) -> None:
    root = parse_inside_viewbox(blueprint_svg(make_map(18), "fr"))
    for lane in LANES:
        for cell in cells(root, lane.key).values():
            boxes = rects(cell)
            for element in cell.iter(f"{NS}text"):
                left, top, right, bottom = text_box(element)
                assert any(
                    x <= left and right <= x + w and y <= top and bottom <= y + h
                    for x, y, w, h in boxes
                ), (lane.key, element.text)


def test_long_journeys_grow_wider(make_map: Callable[..., JourneyMap]) -> None:
    def width(svg: str) -> float:
        return float(ET.fromstring(svg).get("width", "0"))

    assert width(blueprint_svg(make_map(18), "en")) > 2 * width(blueprint_svg(make_map(6), "en"))


def test_arrows_cross_the_line_of_interaction_where_both_sides_exist() -> None:
    m = JourneyMap.model_validate(
        {
            "journey": {"title": "Arrows"},
            "steps": [
                {
                    "id": "a",
                    "name": "Both",
                    "actions": ["Clicks"],
                    "blueprint": {"frontstage": ["X"]},
                },
                {
                    "id": "b",
                    "name": "Touchpoint",
                    "actions": ["Calls"],
                    "touchpoints": [{"channel": "phone"}],
                },
                {"id": "c", "name": "No front", "actions": ["Waits"]},
                {"id": "d", "name": "No action", "blueprint": {"frontstage": ["Y"]}},
            ],
        }
    )
    root = parse_inside_viewbox(blueprint_svg(m, "en"))
    interaction = line_y(root, "interaction")
    triggers = groups_by_step(root, "trigger")
    assert set(triggers) == {"a", "b"}
    for group in triggers.values():
        line = group.find(f"{NS}line")
        assert line is not None
        assert float(line.get("y1", "0")) < interaction < float(line.get("y2", "0"))


def test_delays_sit_on_the_line_of_interaction_between_the_columns(
    make_map: Callable[..., JourneyMap],
) -> None:
    m = make_map(6)
    delays = {m.steps[0].id: 30.0, m.steps[2].id: 5400.0, m.steps[5].id: 3 * 86400.0}
    root = parse_inside_viewbox(blueprint_svg(m, "fr", delays=delays))
    interaction = line_y(root, "interaction")
    drawn = groups_by_step(root, "delay")
    assert set(drawn) == set(delays)
    actions = cells(root, "actions")
    for index, step in enumerate(m.steps):
        if step.id not in drawn:
            continue
        group = drawn[step.id]
        texts = [t.text for t in group.iter(f"{NS}text")]
        assert texts == [format_delay(delays[step.id], "fr")]
        x, y, w, h = rects(group)[0]
        assert y < interaction < y + h
        own_left = min(r[0] for r in rects(actions[step.id]))
        if index == 0:
            assert own_left - 5 <= x and x + w < own_left + 200
        else:
            previous = rects(actions[m.steps[index - 1].id])
            previous_right = max(r[0] + r[2] for r in previous)
            assert previous_right < x + w / 2 < own_left
            assert abs(x + w / 2 - (previous_right + own_left) / 2) < 1


def test_no_delay_by_default_and_unmeasured_delays_are_skipped(
    make_map: Callable[..., JourneyMap],
) -> None:
    m = make_map(3)
    for svg in (blueprint_svg(m, "en"), blueprint_svg(m, "en", delays={m.steps[1].id: math.nan})):
        root = ET.fromstring(svg)
        assert not groups(root, "delay")
        assert text("legend_delay", "en") not in svg


def test_wrong_delays_are_refused_in_the_user_language(
    make_map: Callable[..., JourneyMap],
) -> None:
    m = make_map(3)
    with pytest.raises(ValueError, match="inconnue"):
        blueprint_svg(m, "fr", delays={"nowhere": 10})
    with pytest.raises(ValueError, match="negative"):
        blueprint_svg(m, "en", delays={m.steps[0].id: -1})


@pytest.mark.parametrize(
    ("seconds", "lang", "shown"),
    [
        (0, "en", "0\u202fs"),
        (89, "en", "89\u202fs"),
        (90, "en", "1.5\u202fmin"),
        (3600, "fr", "60\u202fmin"),
        (5400, "en", "1.5\u202fh"),
        (30 * 3600, "en", "30\u202fh"),
        (36 * 3600, "fr", "1,5\u202fj"),
        (40 * 86400, "en", "40\u202fd"),
    ],
)
def test_format_delay_picks_a_readable_unit(seconds: float, lang: str, shown: str) -> None:
    assert format_delay(seconds, lang) == shown


def test_hostile_text_is_escaped_and_kept() -> None:
    m = small_map(
        actions=[HOSTILE, LONG_WORD],
        blueprint={"backstage": [HOSTILE], "systems": ["A & B"]},
        stakeholders=[{"name": HOSTILE, "office": "back", "deliverable": LONG_WORD}],
        touchpoints=[{"channel": "web", "name": HOSTILE}],
    )
    svg = blueprint_svg(m, "en")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse_inside_viewbox(svg)
    assert text_of(cells(root, "actions")["s-1"]) == squash(HOSTILE + LONG_WORD)
    assert text_of(cells(root, "systems")["s-1"]) == squash("A & B")
    stakeholders = text_of(cells(root, "stakeholders")["s-1"])
    assert stakeholders == squash(HOSTILE + "Back office" + LONG_WORD)


def test_tiny_and_empty_maps() -> None:
    tiny_svg = blueprint_svg(small_map(actions=["Clicks"]), "fr")
    assert text("legend_triggers", "fr") not in tiny_svg  # nothing frontstage: no arrow
    tiny = parse_inside_viewbox(tiny_svg)
    assert line_y(tiny, "interaction") < line_y(tiny, "visibility") < line_y(tiny, "internal")
    empty = JourneyMap.model_validate({"journey": {"title": "Vide"}})
    svg = blueprint_svg(empty, "fr")
    parse_inside_viewbox(svg)
    assert text("no_steps", "fr").replace("'", "&#x27;") in svg


def test_moments_are_marked_in_the_step_headers() -> None:
    m = small_map(moment_of_truth=True, breaking_point=True)
    svg = blueprint_svg(m, "en")
    assert text("moment_of_truth", "en") in svg and text("breaking_point", "en") in svg
    plain = blueprint_svg(small_map(), "en")
    assert text("moment_of_truth", "en") not in plain
    assert svg.count("<polygon") >= plain.count("<polygon") + 4  # two icons + two in legend
