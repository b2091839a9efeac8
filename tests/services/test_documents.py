"""Maps held as text: the web app's use cases (parse, dump, edit a step, draw, export)."""

from __future__ import annotations

import pytest

from parcours.render import View
from parcours.services import documents

TEXT = documents.template_map_text("it-laptop", "en")


def test_edit_step_changes_only_that_step() -> None:
    m = documents.parse_map_text(TEXT)
    target = m.steps[1].id
    edited = documents.edit_step(m, target, name="  New name ", description="New text")
    assert edited.step(target).name == "New name"
    assert [s.name for s in edited.steps if s.id != target] == [
        s.name for s in m.steps if s.id != target
    ]
    again = documents.parse_map_text(documents.map_text(edited))
    assert again.step(target).description == "New text"


@pytest.mark.parametrize(
    ("step", "name", "description", "words"),
    [
        ("nope", "A", "", "no step 'nope'"),
        (None, "  ", "", "name field is empty"),
        (None, "x" * 201, "", "at most 200"),
        (None, "A", "y" * 5001, "at most 5000"),
    ],
)
def test_refused_edits_are_explained(
    step: str | None, name: str, description: str, words: str
) -> None:
    m = documents.parse_map_text(TEXT)
    with pytest.raises(documents.StepEditError) as caught:
        documents.edit_step(m, step or m.steps[0].id, name=name, description=description)
    assert words in caught.value.message("en")
    assert caught.value.message("fr") != caught.value.message("en")


def test_drawing_and_exports() -> None:
    m = documents.parse_map_text(TEXT)
    assert documents.drawing_svg(m, View.MAP, "en").lstrip().startswith(("<?xml", "<svg"))
    assert documents.export_map(m, "yaml", "en").decode().startswith("format_version")
    assert b"<svg" in documents.export_map(m, "svg", "fr")
