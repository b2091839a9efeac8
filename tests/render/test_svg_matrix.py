"""The opportunity matrix: bubbles in their quadrant, never overlapping, ranks as the table."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from svg_checks import HOSTILE, LONG_WORD, NS, TEMPLATES, groups, parse_inside_viewbox, squash

from parcours.io import load_map
from parcours.model import JourneyMap, Opportunity
from parcours.render import views
from parcours.render.svg import opportunity_matrix_svg
from parcours.render.svg.labels import text
from parcours.render.svg.matrix import QUADRANT_COLOURS, STATUS_STYLES, cluster_offsets, ranked


def bubbles(root: ET.Element) -> list[dict[str, Any]]:
    return [
        {
            "x": float(c.get("cx", "nan")),
            "y": float(c.get("cy", "nan")),
            "r": float(c.get("r", "nan")),
            **{k[5:]: v for k, v in c.attrib.items() if k.startswith("data-")},
        }
        for c in root.iter(f"{NS}circle")
        if c.get("class") == "bubble"
    ]


def quadrant_boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    boxes = {}
    for g in root.iter(f"{NS}g"):
        kind, _, name = (g.get("class") or "").partition(" ")
        if kind == "quadrant":
            rect = g.find(f"{NS}rect")
            assert rect is not None
            x, y = float(rect.get("x", "0")), float(rect.get("y", "0"))
            boxes[name] = (
                x,
                y,
                x + float(rect.get("width", "0")),
                y + float(rect.get("height", "0")),
            )
    return boxes


def ticks(root: ET.Element, axis: str) -> dict[int, ET.Element]:
    group = groups(root, f"axis-{axis}")[0]
    return {int(t.text or "0"): t for t in group.iter(f"{NS}text")}


def check_cells(root: ET.Element, found: list[dict[str, Any]]) -> None:
    """Bubbles of one score are centred on its grid point and stay in its cell."""
    xs = {s: float(t.get("x", "nan")) for s, t in ticks(root, "effort").items()}
    ys = {
        s: float(t.get("y", "nan")) - 0.36 * float(t.get("font-size", "0"))
        for s, t in ticks(root, "impact").items()
    }
    assert sorted(xs) == sorted(ys) == [1, 2, 3, 4, 5]
    pitch = xs[2] - xs[1]
    assert all(abs(xs[s + 1] - xs[s] - pitch) < 0.01 for s in range(1, 5))
    assert all(abs(ys[s] - ys[s + 1] - pitch) < 0.01 for s in range(1, 5))
    clusters: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for bubble in found:
        clusters.setdefault((int(bubble["impact"]), int(bubble["effort"])), []).append(bubble)
    for (impact, effort), members in clusters.items():
        cx = sum(b["x"] for b in members) / len(members)
        cy = sum(b["y"] for b in members) / len(members)
        assert abs(cx - xs[effort]) < 0.5 and abs(cy - ys[impact]) < 0.5
        for b in members:
            assert abs(b["x"] - cx) + b["r"] < pitch / 2 and abs(b["y"] - cy) + b["r"] < pitch / 2


def check_bubbles(m: JourneyMap, svg: str) -> list[dict[str, Any]]:
    """Every opportunity has a bubble inside its quadrant; no two bubbles overlap."""
    root = parse_inside_viewbox(svg)
    found = bubbles(root)
    boxes = quadrant_boxes(root)
    assert set(boxes) == set(QUADRANT_COLOURS)
    assert sorted(int(b["rank"]) for b in found) == list(range(1, len(m.opportunities) + 1))
    order = ranked(m)
    for bubble in found:
        o = order[int(bubble["rank"]) - 1]
        assert bubble["quadrant"] == o.quadrant
        assert (int(bubble["impact"]), int(bubble["effort"])) == (o.impact, o.effort)
        x1, y1, x2, y2 = boxes[o.quadrant]
        r = bubble["r"]
        assert x1 <= bubble["x"] - r and bubble["x"] + r <= x2, (o.title, bubble, boxes)
        assert y1 <= bubble["y"] - r and bubble["y"] + r <= y2, (o.title, bubble, boxes)
    check_cells(root, found)
    for a, b in itertools.combinations(found, 2):
        assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= a["r"] + b["r"], (a, b)
    return found


def matrix_map(opportunities: list[dict[str, Any]]) -> JourneyMap:
    return JourneyMap.model_validate(
        {"journey": {"title": "Matrix"}, "opportunities": opportunities}
    )


# -------------------------------------------------------------------------- tests
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_templates_bubbles_in_their_quadrant(path: Path) -> None:
    m = load_map(path)
    lang = m.language.value
    svg = opportunity_matrix_svg(m, lang)
    check_bubbles(m, svg)
    for quadrant in QUADRANT_COLOURS:
        assert squash(text(quadrant, lang).replace("'", "&#x27;")) in squash(svg)


def test_numbers_match_the_ranked_table(make_map: Callable[..., JourneyMap]) -> None:
    for m in (make_map(6), load_map(TEMPLATES[0])):
        rows = views.ranked_opportunities(m, "en")
        found = {int(b["rank"]): b for b in check_bubbles(m, opportunity_matrix_svg(m, "en"))}
        assert [o.title for o in ranked(m)] == [r.title for r in rows]
        for row in rows:
            assert (int(found[row.rank]["impact"]), int(found[row.rank]["effort"])) == (
                row.impact,
                row.effort,
            )


def test_quadrants_follow_the_model_thresholds() -> None:
    cases = [(5, 1), (3, 3), (3, 4), (5, 5), (2, 1), (2, 3), (1, 4), (2, 5)]
    m = matrix_map([{"title": f"I{i} E{e}", "impact": i, "effort": e} for i, e in cases])
    found = check_bubbles(m, opportunity_matrix_svg(m, "en"))
    quadrants = {(int(b["impact"]), int(b["effort"])): b["quadrant"] for b in found}
    assert quadrants == {
        (i, e): Opportunity(title="x", impact=i, effort=e).quadrant for i, e in cases
    }
    assert set(quadrants.values()) == set(QUADRANT_COLOURS)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 5), st.sampled_from(list(STATUS_STYLES))),
        min_size=1,
        max_size=40,
    )
)
def test_bubbles_never_overlap_and_stay_in_their_quadrant(
    scores: list[tuple[int, int, Any]],
) -> None:
    m = matrix_map(
        [
            {"title": f"Opportunity {n}", "impact": i, "effort": e, "status": s.value}
            for n, (i, e, s) in enumerate(scores)
        ]
    )
    check_bubbles(m, opportunity_matrix_svg(m, "fr"))


def test_many_opportunities_on_one_point_are_spread() -> None:
    m = matrix_map([{"title": f"Same {n}", "impact": 4, "effort": 2} for n in range(19)])
    found = check_bubbles(m, opportunity_matrix_svg(m, "en"))
    assert len({(round(b["x"]), round(b["y"])) for b in found}) == 19


@pytest.mark.parametrize("count", [1, 2, 3, 7, 8, 19, 40])
def test_cluster_offsets_are_centred_and_apart(count: int) -> None:
    points = cluster_offsets(count, 30)
    assert len(points) == count
    assert abs(sum(x for x, _ in points)) < 1e-6 and abs(sum(y for _, y in points)) < 1e-6
    for (ax, ay), (bx, by) in itertools.combinations(points, 2):
        assert math.hypot(ax - bx, ay - by) >= 30 - 1e-6


def test_legend_lists_every_title_with_its_number() -> None:
    titles = [HOSTILE, LONG_WORD, "Fee simulator on the home page of the bank, with every fee"]
    m = matrix_map([{"title": t, "impact": 5 - n, "effort": 2} for n, t in enumerate(titles)])
    svg = opportunity_matrix_svg(m, "en")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = parse_inside_viewbox(svg)
    all_text = squash("".join(t.text or "" for t in root.iter(f"{NS}text")))
    for rank, o in enumerate(ranked(m), start=1):
        assert squash(f"{rank}{o.title}") in all_text


def test_status_is_shown_by_bubble_style() -> None:
    m = matrix_map(
        [{"title": s.value, "impact": 3, "effort": 3, "status": s.value} for s in STATUS_STYLES]
    )
    svg = opportunity_matrix_svg(m, "en")
    check_bubbles(m, svg)
    children = list(ET.fromstring(svg))
    looks = {}
    for index, element in enumerate(children):
        if element.tag == f"{NS}circle" and element.get("class") == "bubble":
            shape = next(e for e in reversed(children[:index]) if e.tag == f"{NS}path")
            looks[element.get("data-status")] = (
                shape.get("fill"),
                shape.get("stroke"),
                shape.get("stroke-dasharray"),
            )
    assert looks == {
        s.value: (look.fill, look.stroke, look.dash) for s, look in STATUS_STYLES.items()
    }
    assert len(set(looks.values())) == len(STATUS_STYLES)
    for status in ("Idea", "Planned", "In progress", "Done", "Dropped"):
        assert status in svg


def test_empty_map_draws_a_clean_matrix_with_a_message() -> None:
    svg = opportunity_matrix_svg(JourneyMap.model_validate({"journey": {"title": "Vide"}}), "fr")
    root = parse_inside_viewbox(svg)
    assert not bubbles(root)
    assert set(quadrant_boxes(root)) == set(QUADRANT_COLOURS)
    assert "Aucune opportunité pour l&#x27;instant." in svg
