"""The matrix shows opportunities proposed from evidence and rings the two to start with."""

from __future__ import annotations

import re

from parcours.model import JourneyMap, Opportunity
from parcours.render.svg.matrix import opportunity_matrix_svg, ranked


def bubbles(svg: str) -> list[dict[str, str]]:
    found = []
    for tag in re.findall(r"<circle[^>]*class=\"bubble\"[^>]*>", svg):
        found.append(dict(re.findall(r'data-([a-z]+)="([^"]*)"', tag)))
    return found


def test_proposed_and_top_two() -> None:
    m = JourneyMap.model_validate(
        {
            "journey": {"title": "T"},
            "opportunities": [
                {"id": "done", "title": "Déjà fait", "impact": 5, "effort": 1, "status": "done"},
                {"id": "mine", "title": "À moi", "impact": 2, "effort": 3},
            ],
        }
    )
    proposed = [
        Opportunity(id="p1", title="Proposée <b>", impact=5, effort_unknown=True),
        Opportunity(id="p2", title="Autre", impact=4, impact_override=1),
        Opportunity(id="mine", title="Ignored duplicate", impact=5),
    ]
    order = [o.id for o in ranked(m, proposed)]
    assert order == ["done", "p1", "mine", "p2"]
    svg = opportunity_matrix_svg(m, "fr", proposed)
    marks = {b["rank"]: (b["proposed"], b["top"], b["impact"]) for b in bubbles(svg)}
    assert marks == {
        "1": ("false", "false", "5"),
        "2": ("true", "true", "5"),
        "3": ("false", "true", "2"),
        "4": ("true", "false", "1"),
    }
    assert "Par où commencer : 2, 3" in svg
    assert "proposée par les données" in svg and "effort à saisir" in svg
    assert "saisi ·" in svg  # "impact saisi", wrapped over two lines
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "Start with: 2, 3" in opportunity_matrix_svg(m, "en", proposed)
