"""The listening plan and data inventory drawings: rows, order, totals, escaping, bounds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from svg_checks import (
    LONG_WORD,
    NS,
    TEMPLATES,
    groups,
    parse_inside_viewbox,
    squash,
    text_box,
    text_of,
    texts_of,
)

from parcours.io import load_map
from parcours.model import JourneyMap
from parcours.render.svg import data_inventory_svg, listening_plan_svg

CATEGORIES = ("personal", "transactional", "behavioural")


# ------------------------------------------------------------------------ helpers
def column_spans(root: ET.Element) -> list[tuple[float, float]]:
    """Left/right of each column, from the header cells' text and the table's edges."""
    headers = groups(root, "column-header")
    lefts = [float(texts_of(h)[0].get("x", "0")) - 10 for h in headers]
    table = root.find(f"{NS}rect[@fill='#243b53']")
    assert table is not None
    right = float(table.get("x", "0")) + float(table.get("width", "0"))
    return list(zip(lefts, [*lefts[1:], right], strict=True))


def assert_cells_inside_columns(root: ET.Element) -> None:
    spans = column_spans(root)
    for row in groups(root, "row") + groups(root, "totals"):
        for element in texts_of(row):
            left, _, right, _ = text_box(element)
            assert any(a <= left and right <= b for a, b in spans), element.text


def hostile_map() -> JourneyMap:
    return JourneyMap.model_validate(
        {
            "journey": {"title": "T <script>alert(1)</script>"},
            "steps": [
                {
                    "id": "s1",
                    "name": f'<b>Sign</b> & "go" {LONG_WORD}',
                    "moment_of_truth": True,
                    "data_collected": [
                        {
                            "name": f"Mail <addr> & {LONG_WORD}",
                            "category": "personal",
                            "purpose": "<why>",
                            "system": "CRM & co",
                        },
                        {"name": "Clicks 'raw'"},
                    ],
                },
                {"id": "s2", "name": "Second"},
            ],
            "listening_points": [
                {
                    "step": "s1",
                    "medium": "sms",
                    "questions": [f"Was it <easy>? & {LONG_WORD}"],
                    "target": '"All" <users>',
                    "timing": "1 h & <more>",
                    "frequency": "'daily'",
                    "alert_threshold": {"indicator": "<CSAT>", "comparator": "below", "value": 3},
                }
            ],
        }
    )


# ------------------------------------------------------------------ listening plan
def test_listening_rows_in_map_order_with_all_their_texts(map18: JourneyMap) -> None:
    root = parse_inside_viewbox(listening_plan_svg(map18, "en"))
    rows = groups(root, "row")
    order = {s.id: n for n, s in enumerate(map18.steps, start=1)}
    points = sorted(map18.listening_points, key=lambda lp: order[lp.step])
    assert len(rows) == len(points) > 0
    numbers = [int(r.get("data-step-number", "0")) for r in rows]
    assert numbers == sorted(numbers) == [order[lp.step] for lp in points]
    for row, point in zip(rows, points, strict=True):
        content = text_of(row)
        step = map18.step(point.step)
        assert squash(step.name) in content and str(order[point.step]) in content
        for value in (*point.questions, point.target, point.timing, point.frequency):
            assert squash(value) in content
        assert "Email(hot,rightafter)" in content
        assert "CSATbelow80%" in content
        stars = [p for p in row.iter(f"{NS}polygon")]
        assert len(stars) == step.moment_of_truth + step.breaking_point
    assert_cells_inside_columns(root)


def test_listening_plan_headers_are_translated(map6: JourneyMap) -> None:
    root = parse_inside_viewbox(listening_plan_svg(map6, "fr"))
    headers = " ".join(text_of(h) for h in groups(root, "column-header"))
    for title in ("Étape", "Question(s)", "Support", "Population interrogée", "Seuil d'alerte"):
        assert squash(title) in headers


def test_listening_plan_without_points_says_so() -> None:
    m = JourneyMap.model_validate({"journey": {"title": "T"}, "steps": [{"id": "a", "name": "A"}]})
    root = parse_inside_viewbox(listening_plan_svg(m, "en"))
    assert not groups(root, "row")
    assert "listening" in text_of(root).lower()


# ------------------------------------------------------------------- data inventory
def test_inventory_rows_in_map_order_with_every_item(map18: JourneyMap) -> None:
    root = parse_inside_viewbox(data_inventory_svg(map18, "en"))
    rows = groups(root, "row")
    with_data = [s for s in map18.steps if s.data_collected]
    assert [r.get("data-step") for r in rows] == [s.name for s in with_data]
    for row, step in zip(rows, with_data, strict=True):
        content = text_of(row)
        for item in step.data_collected:
            assert squash(item.name) in content
            if item.system:
                assert squash(item.system) in content
    assert_cells_inside_columns(root)


def _counts(m: JourneyMap) -> dict[str, int]:
    counts = dict.fromkeys([*CATEGORIES, "unclassified"], 0)
    for step in m.steps:
        for item in step.data_collected:
            counts[item.category.value if item.category else "unclassified"] += 1
    return counts


def test_inventory_totals_are_correct(map6: JourneyMap) -> None:
    root = parse_inside_viewbox(data_inventory_svg(map6, "en"))
    (totals,) = groups(root, "totals")
    counts = _counts(map6)
    assert counts["unclassified"] > 0
    for key, value in counts.items():
        assert totals.get(f"data-{key}") == str(value)
    assert totals.get("data-total") == str(sum(counts.values()))
    shown = [e.text for e in texts_of(totals)]
    assert shown[1:] == [str(counts[k]) for k in (*CATEGORIES, "unclassified")]
    assert f"({sum(counts.values())})" in (shown[0] or "")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unclassified_column_only_when_needed(lang: str) -> None:
    classified = JourneyMap.model_validate(
        {
            "journey": {"title": "T"},
            "steps": [
                {
                    "id": "a",
                    "name": "A",
                    "data_collected": [{"name": "Email", "category": "personal"}],
                },
                {
                    "id": "b",
                    "name": "B",
                    "data_collected": [{"name": "Basket", "category": "transactional"}],
                },
            ],
        }
    )
    root = parse_inside_viewbox(data_inventory_svg(classified, lang))
    assert [h.get("data-column") for h in groups(root, "column-header")] == ["step", *CATEGORIES]
    (totals,) = groups(root, "totals")
    assert [e.text for e in texts_of(totals)][1:] == ["1", "1", "0"]
    root = parse_inside_viewbox(data_inventory_svg(hostile_map(), lang))
    assert groups(root, "column-header")[-1].get("data-column") == "unclassified"


def test_inventory_without_data_says_so() -> None:
    m = JourneyMap.model_validate({"journey": {"title": "T"}, "steps": [{"id": "a", "name": "A"}]})
    root = parse_inside_viewbox(data_inventory_svg(m, "fr"))
    assert not groups(root, "row") and not groups(root, "totals")
    empty = JourneyMap.model_validate({"journey": {"title": "Empty"}})
    parse_inside_viewbox(data_inventory_svg(empty, "en"))
    parse_inside_viewbox(listening_plan_svg(empty, "en"))


# ------------------------------------------------------------------------- common
def test_hostile_text_is_escaped_and_fits() -> None:
    m = hostile_map()
    for svg in (listening_plan_svg(m, "en"), data_inventory_svg(m, "en")):
        assert "<script" not in svg and "<b>" not in svg and "<addr>" not in svg
        root = parse_inside_viewbox(svg)
        assert_cells_inside_columns(root)
        assert squash('<b>Sign</b> & "go"') in text_of(root)
    plan = text_of(parse_inside_viewbox(listening_plan_svg(m, "en")))
    for value in ("Was it <easy>?", '"All" <users>', "1 h & <more>", "'daily'", "<CSAT> below 3"):
        assert squash(value) in plan
    inventory = text_of(parse_inside_viewbox(data_inventory_svg(m, "en")))
    for value in ("Mail <addr> &", LONG_WORD, "<why> · CRM & co", "Clicks 'raw'"):
        assert squash(value) in inventory


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_builtin_templates_render_within_bounds(path: Path) -> None:
    m = load_map(path)
    for lang in ("fr", "en"):
        plan = parse_inside_viewbox(listening_plan_svg(m, lang))
        assert len(groups(plan, "row")) == len(m.listening_points)
        inventory = parse_inside_viewbox(data_inventory_svg(m, lang))
        assert len(groups(inventory, "row")) == sum(bool(s.data_collected) for s in m.steps)
        assert_cells_inside_columns(inventory)
