"""The Sankey of real paths: proportional ribbons, flow conserved per node, exits drawn."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

import pytest
from svg_checks import HOSTILE, NS, groups, parse_inside_viewbox

from parcours.analytics.paths import PathEdge, PathsData
from parcours.model import JourneyMap
from parcours.render.svg import sankey_svg
from parcours.render.svg.sankey import EXIT, OTHER, sankey_data


def journey(n_steps: int, names: list[str] | None = None) -> JourneyMap:
    names = names or [f"Step number {k + 1} of the journey" for k in range(n_steps)]
    return JourneyMap(
        journey={"title": "Paths"},
        phases=[{"id": "p1", "name": "One"}, {"id": "p2", "name": "Two"}],
        steps=[
            {"id": f"s{k}", "name": names[k], "phase": "p1" if k < n_steps / 2 else "p2"}
            for k in range(n_steps)
        ],
    )


def edges_of(paths: list[list[str]], max_positions: int = 10) -> PathsData:
    """The edges of whole paths, as the analytics compute them (source positions < max)."""
    counts: Counter[tuple[int, str, str | None]] = Counter()
    for path in paths:
        for position, step in enumerate(path[:max_positions]):
            after = path[position + 1] if position + 1 < len(path) else None
            counts[(position, step, after)] += 1
    edges = tuple(PathEdge(p, s, t, n) for (p, s, t), n in sorted(counts.items(), key=str))
    return PathsData(edges, ())


def random_paths(n_steps: int, customers: int, seed: int = 3) -> list[list[str]]:
    rng = random.Random(seed)
    result = []
    for _ in range(customers):
        k, path = 0, ["s0"]
        while rng.random() > 0.12 and len(path) < 14:
            k = min(n_steps - 1, max(0, k + rng.choice((1, 1, 1, 2, 0, -1, 3))))
            path.append(f"s{k}")
        result.append(path)
    return result


def links(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{NS}path") if "sankey-link" in (p.get("class") or "")]


def nodes(root: ET.Element) -> list[ET.Element]:
    return groups(root, "sankey-node")


def check_conservation(root: ET.Element) -> None:
    """Ribbon widths and node heights proportional; what enters a node leaves it."""
    found_links, found_nodes = links(root), nodes(root)
    sizes = [(float(p.get("data-width", "0")), int(p.get("data-count", "0"))) for p in found_links]
    sizes += [
        (float(g.get("data-height", "0")), int(g.get("data-value", "0"))) for g in found_nodes
    ]
    biggest = max(sizes, key=lambda pair: pair[1])
    scale = biggest[0] / biggest[1]
    for drawn, count in sizes:  # drawn sizes are written with two decimals
        assert drawn == pytest.approx(count * scale, abs=0.006), (drawn, count)
    inflow: dict[tuple[int, str], int] = defaultdict(int)
    outflow: dict[tuple[int, str], int] = defaultdict(int)
    for p in found_links:
        column = int(p.get("data-column", "-1"))
        outflow[(column, p.get("data-source", ""))] += int(p.get("data-count", "0"))
        inflow[(column + 1, p.get("data-target", ""))] += int(p.get("data-count", "0"))
    last = max(int(g.get("data-column", "0")) for g in found_nodes)
    for g in found_nodes:
        key = (int(g.get("data-column", "0")), g.get("data-key", ""))
        value = int(g.get("data-value", "0"))
        if key[0] > 0:
            assert inflow[key] == value, key
        if key[0] < last and key[1] != EXIT:
            assert outflow[key] == value, key


# --------------------------------------------------------------------------- tests
def test_small_journey_ribbons_and_exits() -> None:
    paths = (
        [["s0", "s1", "s2"]] * 6 + [["s0", "s1"]] * 3 + [["s0", "s2", "s1", "s2"]] * 2 + [["s0"]]
    )
    root = parse_inside_viewbox(sankey_svg(journey(3), edges_of(paths), "en"))
    check_conservation(root)
    first = {
        g.get("data-key"): int(g.get("data-value", "0"))
        for g in nodes(root)
        if g.get("data-column") == "0"
    }
    assert first == {"s0": 12}
    exits = [p for p in links(root) if p.get("data-target") == EXIT]
    assert exits and all("exit" in (p.get("class") or "") for p in exits)
    assert sum(int(p.get("data-count", "0")) for p in exits) == 12  # every customer leaves once
    written = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert "1. Step number 1 of the journey" in written and "Exit" in written


def test_many_steps_merge_small_nodes_and_stay_legible() -> None:
    m = journey(20)
    data = edges_of(random_paths(20, 3000))
    root = parse_inside_viewbox(sankey_svg(m, data, "fr"))
    check_conservation(root)
    per_column: Counter[str] = Counter(g.get("data-column", "") for g in nodes(root))
    assert len(per_column) == 11  # positions 0..10
    assert max(per_column.values()) <= 8 + 2  # kept steps, "other", exit
    assert any(g.get("data-key") == OTHER for g in nodes(root))
    written = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert "Autres étapes" in written and "Sortie" in written and "Étape 11" in written


def test_merged_data_conserves_customers() -> None:
    data = sankey_data(journey(20), edges_of(random_paths(20, 500, seed=5)), max_nodes=4)
    entered = sum(n.value for n in data.nodes if n.column == 0)
    exits = sum(n.value for n in data.nodes if n.key == EXIT)
    last_column = data.columns - 1
    still_going = sum(n.value for n in data.nodes if n.column == last_column and n.key != EXIT)
    assert entered == 500
    assert exits + still_going == entered


def test_hostile_names_are_escaped() -> None:
    m = journey(2, [HOSTILE, "Anticonstitutionnellementissimementinterminable"])
    svg = sankey_svg(m, edges_of([["s0", "s1"], ["s1", "s0"]]), "en", title=HOSTILE)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    parse_inside_viewbox(svg)


@pytest.mark.parametrize(("lang", "message"), [("en", "No path"), ("fr", "Aucun parcours")])
def test_no_path_draws_a_message(lang: str, message: str) -> None:
    root = parse_inside_viewbox(sankey_svg(journey(3), PathsData((), ()), lang))
    assert message in " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert not links(root)
