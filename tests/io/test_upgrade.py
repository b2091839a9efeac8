"""Format versions and upgrades."""

from __future__ import annotations

from typing import Any

import pytest

from parcours.io import MapFileError, Upgrade, UpgradeError, dump_map, loads_map, upgrade
from parcours.io.upgrade import UPGRADES, oldest_version, register

VERSION_0 = """\
format_version: 0
journey: {title: Ancien format}
personas: [{id: p1, name: Léa}, {id: p2, name: Marc}]
stages:
  - id: st-1
    name: Découverte
    kind: discovery
steps:
  - id: s1
    name: Voir une pub
    stage: st-1
    emotion: {p1: -1, p2: 2}
"""


def test_version_0_file_is_read_in_the_current_model() -> None:
    m = loads_map(VERSION_0, fmt="yaml", source="old.yaml")
    assert [p.id for p in m.phases] == ["st-1"]
    assert m.steps[0].phase == "st-1"
    assert [(e.persona, e.score) for e in m.steps[0].emotions] == [("p1", -1), ("p2", 2)]


def test_upgraded_file_is_saved_in_the_current_version() -> None:
    text = dump_map(loads_map(VERSION_0, fmt="yaml", source="old.yaml"))
    assert text.startswith("format_version: 3\n")
    assert "stages" not in text and "phases:" in text


def test_errors_after_upgrade_still_name_the_original_line() -> None:
    broken = VERSION_0.replace("p2: 2", "p2: 7").replace("stage: st-1", "stage: st-9")
    with pytest.raises(MapFileError) as caught:
        loads_map(broken, fmt="yaml", source="old.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "steps[0].emotions[1].score" and problem.line == 12
    broken = VERSION_0.replace("stage: st-1", "stage: st-9")
    with pytest.raises(MapFileError) as caught:
        loads_map(broken, fmt="yaml", source="old.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "steps[0].phase" and problem.line == 11


def test_version_0_mixing_layouts_is_a_clear_error() -> None:
    mixed = VERSION_0 + "phases: []\n"
    with pytest.raises(MapFileError) as caught:
        loads_map(mixed, fmt="yaml", source="old.yaml")
    assert "either 'stages' (format version 0) or 'phases', not both" in caught.value.message()
    assert "pas les deux" in caught.value.message("fr")


def test_upgrade_does_not_change_its_argument() -> None:
    data = {"format_version": 0, "journey": {"title": "T"}, "stages": []}
    upgrade(data, 0)
    assert "stages" in data


def test_upgrade_chain_with_a_custom_registry() -> None:
    def rename(old: str, new: str) -> Upgrade:
        def apply(data: dict[str, Any]) -> dict[str, Any]:
            data[new] = data.pop(old)
            return data

        return Upgrade(0, apply)

    registry = {5: rename("a", "b"), 6: rename("b", "c")}
    assert upgrade({"a": 1}, 5, to_version=7, registry=registry) == {"c": 1, "format_version": 7}
    with pytest.raises(UpgradeError, match="no upgrade from version 4"):
        upgrade({"a": 1}, 4, to_version=7, registry=registry)


def test_registry_refuses_two_upgrades_from_one_version() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register(0)(lambda data: data)


def test_oldest_readable_version() -> None:
    assert oldest_version() == 0 and 0 in UPGRADES
    with pytest.raises(MapFileError, match="known format version"):
        loads_map("format_version: -1\njourney: {title: T}\n", fmt="yaml", source="x.yaml")


def test_version_1_map_reads_as_a_straight_line() -> None:
    text = (
        "format_version: 1\njourney: {title: T}\n"
        "steps:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
    )
    m = loads_map(text, fmt="yaml", source="v1.yaml")
    assert m.format_version == 3
    assert [s.role.value for s in m.steps] == ["core", "core"]
    assert m.structure().is_line
    assert dump_map(m).startswith("format_version: 3\n")
