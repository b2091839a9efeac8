"""docs/events.md stays true: its example mapping loads, every reason and field is documented."""

from __future__ import annotations

import re
from pathlib import Path

from parcours.events import ColumnMapping
from parcours.events.mapping import FIELDS
from parcours.events.rejected import REASONS
from parcours.events.schema import EVENT_SCHEMA

DOC = (Path(__file__).resolve().parents[2] / "docs" / "events.md").read_text(encoding="utf-8")


def test_example_mapping_file_loads(tmp_path: Path) -> None:
    block = re.search(r"```yaml\n(# mapping\.yaml.*?)```", DOC, re.S)
    assert block, "docs/events.md lost its example mapping file"
    path = tmp_path / "mapping.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    mapping = ColumnMapping.from_file(path)
    assert mapping.timezone == "Europe/Paris" and mapping.case_id == "Numéro client"


def test_every_column_field_and_reason_is_documented() -> None:
    for name in [*EVENT_SCHEMA.names, *FIELDS, *REASONS]:
        assert f"`{name}`" in DOC, f"{name} is not documented in docs/events.md"
