"""Markdown document and Mermaid journey diagram."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from parcours.io import mermaid_journey, to_markdown
from parcours.io.mermaid import escape, step_score
from parcours.model import JourneyMap, Step

Checker = Callable[[str], list[Any]]


def test_mermaid_block_of_the_rich_map(rich_map: JourneyMap, assert_valid_journey: Checker) -> None:
    source = mermaid_journey(rich_map)
    tasks = assert_valid_journey(source)
    assert len(tasks) == len(rich_map.steps)
    # (1+0)/2+3 → 3.5 → 4 ...
    assert [t["score"] for t in tasks] == ["4", "2", "1", "3", "3", "3", "3"]
    assert "section Découverte" in source
    assert "Simuler les frais #58; carte et compte: 2: Léa#44; 24 ans, Marc#44; 58 ans" in source


def test_hostile_text_is_escaped(assert_valid_journey: Checker) -> None:
    nasty = "a: b; c # d\nsection e, <f>"
    m = JourneyMap(
        journey={"title": nasty},
        personas=[{"id": "p", "name": nasty}],
        phases=[{"id": "ph", "name": nasty}],
        steps=[
            {"id": "s", "name": nasty, "phase": "ph", "emotions": [{"persona": "p", "score": 2}]},
            {"id": "t", "name": "title of a step"},
        ],
    )
    source = mermaid_journey(m)
    tasks = assert_valid_journey(source)
    assert tasks[0]["score"] == "5"
    assert "<" not in source and "\nsection" not in source
    assert "#116;itle of a step: 3" in source  # keyword at line start neutralised
    assert "Other steps" in source and "Autres étapes" in mermaid_journey(m, "fr")


@pytest.mark.parametrize(
    ("scores", "expected"),
    [([], 3), ([-2], 1), ([2], 5), ([0], 3), ([-2, -1], 2), ([1, 2], 5), ([-1, 0], 3)],
)
def test_step_score_scale(scores: list[int], expected: int) -> None:
    emotions = [{"persona": f"p{i}", "score": s} for i, s in enumerate(scores)]
    assert step_score(Step(id="s", name="S", emotions=emotions)) == expected


def test_escape() -> None:
    assert escape("x:y") == "x#58;y" and escape("a\n b") == "a b"


def test_markdown_document(rich_map: JourneyMap, assert_valid_journey: Checker) -> None:
    text = to_markdown(rich_map)
    assert text.startswith("# Ouvrir un compte bancaire en ligne\n")
    assert "**Périmètre** : Un prospect" in text
    assert "```mermaid\njourney\n" in text
    mermaid = text.split("```mermaid\n")[1].split("```")[0]
    assert_valid_journey(mermaid.strip())
    assert "## Recherche d'information\n" in text  # kind label equal to the name is omitted
    assert "## Souscription (Achat / souscription)" in text
    assert "### 2. Simuler les frais : carte et compte — Moment de vérité" in text
    assert "- Jargon bancaire incompréhensible (gravité 3/3)" in text
    assert "- Site web — Simulateur de frais" in text
    assert "| Simulateur en langage clair | 5 | 2 | Planifiée | s-simuler |" in text
    english = to_markdown(rich_map, "en")
    assert "**Scope**: Un prospect" in english and "Moment of truth" in english


def test_markdown_escapes_user_text() -> None:
    m = JourneyMap(
        journey={"title": "<script>alert(1)</script>"},
        steps=[{"id": "s", "name": "[click](http://x) | *bold*"}],
    )
    text = to_markdown(m)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[click\\](http://x) \\| \\*bold\\*" in text
