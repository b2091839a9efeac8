"""The YAML written piece by piece is byte for byte the YAML of one ruamel dump."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from parcours import templates
from parcours.io import loads_map
from parcours.io.files import dump_map
from parcours.io.plain import to_plain
from parcours.io.yaml_format import dump_whole, dump_yaml
from parcours.io.yaml_pieces import dump_yaml_pieces, forget_pieces
from parcours.model import JourneyMap


def _data(m: JourneyMap) -> dict[str, Any]:
    data = to_plain(m)
    return {"format_version": data.pop("format_version", 3), **data}


TEMPLATES = sorted({(t.name, "en") for t in templates.available()} | {("bank-account", "fr")})
"""Every template once (French and English differ only in their text), the demo's in both."""


@pytest.mark.parametrize("name, lang", TEMPLATES)
def test_every_template_is_written_as_one_dump_writes_it(name: str, lang: str) -> None:
    data = _data(loads_map(templates.template_text(name, lang), fmt="yaml"))
    forget_pieces()
    whole = dump_whole(data)
    assert dump_yaml(data) == whole  # every piece written (cold)
    assert dump_yaml(data) == whole  # every piece reused (warm)


def test_rich_map_and_an_edit_of_it(rich_map: JourneyMap) -> None:
    forget_pieces()
    assert dump_map(rich_map) == dump_whole(_data(rich_map) | {"format_version": 3})
    first = rich_map.steps[0]
    steps = [first.model_copy(update={"name": "Renamed: « ok »\nover two lines"})]
    edited = rich_map.model_copy(update={"steps": steps + rich_map.steps[1:]})
    data = _data(edited)
    assert dump_yaml(data) == dump_whole(data)


@pytest.mark.parametrize(
    "data",
    [
        {"a": []},
        {"a": [{}], "b": {}},
        {"a": [1, {"x": 1}], "b": [[1, 2]]},
        {"a": [{"k": "yes"}, {"k": "012"}, {"k": True}, {"k": 1}, {"k": 1.0}]},
        {"a": [{"when": date(2025, 1, 2)}, {"when": "2025-01-02"}], "c": None},
        {"a": [{"text": "line one\nline two"}, {"text": "x " * 80}, {"text": "\u2028"}]},
        {"yes": [{"id": "k"}], "': x": {"#": "- y"}},
        {1: "not a text key"},
    ],
)
def test_unusual_documents_are_written_as_one_dump_writes_them(data: dict[Any, Any]) -> None:
    forget_pieces()
    assert dump_yaml_pieces(data, dump_whole) == dump_whole(data)
    assert dump_yaml_pieces(data, dump_whole) == dump_whole(data)


def test_equal_values_of_other_types_are_not_confused() -> None:
    forget_pieces()
    dump_yaml({"a": [{"k": 1}]})
    assert dump_yaml({"a": [{"k": True}]}) == "a:\n  - k: true\n"
    assert dump_yaml({"a": [{"k": "1"}]}) == "a:\n  - k: '1'\n"
