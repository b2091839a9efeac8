"""JSON reading and writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parcours.io import MapFileError, dump_map, load_map, loads_map, save_map
from parcours.model import JourneyMap


def test_json_round_trip(rich_map: JourneyMap) -> None:
    text = dump_map(rich_map, "json")
    assert loads_map(text, fmt="json", source="m.json") == rich_map


def test_json_layout(rich_map: JourneyMap) -> None:
    text = dump_map(rich_map, "json")
    assert text.startswith('{\n  "format_version": 3,\n  "id": "ouverture-compte"')
    assert "Découverte" in text  # ensure_ascii=False
    data = json.loads(text)
    assert data["measurements"][0]["taken_at"] == "2024-03-31T22:00:00Z"
    assert data["journey"]["created"] == "2024-01-15"


def test_yaml_and_json_agree(rich_map: JourneyMap, tmp_path: Path) -> None:
    save_map(rich_map, tmp_path / "m.json")
    save_map(rich_map, tmp_path / "m.yaml")
    assert load_map(tmp_path / "m.json") == load_map(tmp_path / "m.yaml")


def test_json_errors_have_lines() -> None:
    text = (
        '{\n  "journey": {"title": "T"},\n  "phases": [\n'
        '    {"id": "p", "name": "P", "kind": 3}\n  ]\n}'
    )
    with pytest.raises(MapFileError) as caught:
        loads_map(text, fmt="json", source="m.json")
    (problem,) = caught.value.problems
    assert problem.field == "phases[0].kind" and problem.line == 4


def test_json_syntax_error() -> None:
    with pytest.raises(MapFileError) as caught:
        loads_map('{"journey": {"title": "T"},\n}', fmt="json", source="m.json")
    assert caught.value.problems[0].line == 2
    assert "valid JSON" in caught.value.problems[0].expected


def test_json_duplicate_key() -> None:
    with pytest.raises(MapFileError, match="'title' is repeated"):
        loads_map('{"journey": {"title": "a",\n "title": "b"}}', fmt="json", source="m.json")


@pytest.mark.parametrize("text", ["", "[]", '"x"'])
def test_json_not_a_map(text: str) -> None:
    with pytest.raises(MapFileError):
        loads_map(text, fmt="json", source="m.json")
