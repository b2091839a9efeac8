"""The JSON Schema of the journey-map file, for editors and other tools.

Save it with ``parcours schema > journey-map.schema.json`` and point your editor at
it; YAML files can say so on their first line::

    # yaml-language-server: $schema=./journey-map.schema.json

>>> schema = json_schema()
>>> schema["title"], "steps" in schema["properties"]
('parcours journey map', True)
"""

from __future__ import annotations

from typing import Any

from parcours.model import FORMAT_VERSION, JourneyMap

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:parcours:journey-map:v{FORMAT_VERSION}"
"""A stable name for the schema (a URN: nothing is fetched from the network)."""


def json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of a journey-map file in the current format version.

    It checks structure, types and vocabularies; cross references (a step's phase
    must exist...) are checked by parcours itself when the file is read.
    """
    schema = JourneyMap.model_json_schema(mode="validation")
    schema.pop("title", None)
    schema.pop("description", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "parcours journey map",
        "description": (
            f"A customer journey map for parcours (file format version {FORMAT_VERSION}): "
            "journey, personas, phases, steps with touchpoints, emotions, irritants, "
            "blueprint lanes, metrics, listening points and opportunities. "
            "See docs/file-format.md."
        ),
        **schema,
    }
