"""Per-element diffs of two maps, and renaming a map."""

from __future__ import annotations

import pytest

from parcours.model import JourneyMap
from parcours.services.map_changes import (
    ChangeKind,
    TitleError,
    diff_maps,
    retitle,
    short,
)


def _map(steps: list[dict[str, object]], **journey: object) -> JourneyMap:
    return JourneyMap.model_validate(
        {"journey": {"title": "Open an account", **journey}, "steps": steps}
    )


def test_moving_one_step_marks_only_that_step_as_moved() -> None:
    ids = ["a", "b", "c", "d"]
    old = _map([{"id": i, "name": i.upper()} for i in ids])
    new = _map([{"id": i, "name": i.upper()} for i in ["b", "c", "d", "a"]])
    changes = diff_maps(old, new).changes
    assert [(c.kind, c.element_id) for c in changes] == [(ChangeKind.MOVED, "a")]


def test_journey_fields_and_step_fields_show_old_and_new_values() -> None:
    old = _map([{"id": "s1", "name": "Visit", "description": "On the web"}])
    new = _map([{"id": "s1", "name": "Visit", "description": ""}], title="Ouvrir un compte")
    journey, step = diff_maps(old, new).changes
    assert (journey.section, journey.kind) == ("journey", ChangeKind.CHANGED)
    assert [(f.field, f.old, f.new) for f in journey.fields] == [
        ("title", "Open an account", "Ouvrir un compte")
    ]
    assert [(f.field, f.old, f.new) for f in step.fields] == [("description", "On the web", "")]
    assert step.label == "Visit"


def test_same_map_is_an_empty_diff_and_long_values_are_cut() -> None:
    m = _map([{"id": "s1", "name": "Visit"}])
    assert diff_maps(m, m).is_empty
    assert len(short("x" * 1000)) == 400 and short("x" * 1000).endswith("…")


@pytest.mark.parametrize(("title", "words"), [("  ", "empty"), ("x" * 201, "at most 200")])
def test_retitle_refuses_empty_and_long_titles(title: str, words: str) -> None:
    with pytest.raises(TitleError) as caught:
        retitle(_map([]), title)
    assert words in caught.value.message("en")
    assert caught.value.message("fr") != caught.value.message("en")
