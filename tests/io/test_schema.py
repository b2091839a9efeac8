"""The JSON Schema validates real maps and rejects broken ones."""

from __future__ import annotations

import json

import jsonschema  # type: ignore[import-untyped]
import pytest

from parcours.io import SCHEMA_ID, dump_map, json_schema
from parcours.model import JourneyMap


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_header() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["title"] and "journey map" in schema["description"]
    assert schema["additionalProperties"] is False


def test_schema_accepts_a_real_map(
    validator: jsonschema.Draft202012Validator, rich_map: JourneyMap
) -> None:
    document = json.loads(dump_map(rich_map, "json"))
    assert list(validator.iter_errors(document)) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("steps", 1, "emotions", 0, "score"), 5),
        (("phases", 0, "kind"), "decouverte"),
        (("steps", 0, "id"), "bad id"),
        (("journey", "titre"), "x"),
    ],
)
def test_schema_rejects_broken_maps(
    validator: jsonschema.Draft202012Validator,
    rich_map: JourneyMap,
    path: tuple[str | int, ...],
    value: object,
) -> None:
    document = json.loads(dump_map(rich_map, "json"))
    node = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    assert list(validator.iter_errors(document))


def test_schema_requires_the_journey(validator: jsonschema.Draft202012Validator) -> None:
    assert not validator.is_valid({"format_version": 1})
    assert validator.is_valid({"journey": {"title": "T"}})
