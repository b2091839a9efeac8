"""Theme overrides kept in the map (rename, merge, pin)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from parcours.io import dump_map, loads_map
from parcours.model.journey import JourneyMap
from parcours.model.theme import ThemeAction, ThemeOverride


def test_rename_needs_a_label_and_merge_needs_a_target() -> None:
    with pytest.raises(ValidationError, match="rename needs a label"):
        ThemeOverride(theme="fees", action="rename")
    with pytest.raises(ValidationError, match="merge needs 'into'"):
        ThemeOverride(theme="fees", action="merge")
    assert ThemeOverride(theme="fees", action="pin").action is ThemeAction.PIN


def test_overrides_survive_a_yaml_round_trip() -> None:
    journey_map = JourneyMap(
        journey={"title": "Ouvrir un compte"},
        theme_overrides=[
            {"theme": "fees_abroad", "action": "rename", "label": "Frais en devises"},
            {"theme": "phone_support", "action": "merge", "into": "phone_wait"},
        ],
    )
    again = loads_map(dump_map(journey_map, fmt="yaml"), fmt="yaml")
    assert again.theme_overrides == journey_map.theme_overrides


def test_a_map_without_overrides_is_unchanged() -> None:
    assert JourneyMap(journey={"title": "t"}).theme_overrides == []
