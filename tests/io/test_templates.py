"""Every shipped template survives YAML, JSON, Excel and Markdown round trips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from parcours.io import dump_map, export_excel, import_excel, load_map, loads_map, to_markdown
from parcours.io.mermaid import mermaid_journey
from parcours.model import FORMAT_VERSION

TEMPLATES = sorted((Path(__file__).parents[2] / "src" / "parcours" / "templates").glob("*.yaml"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_template_round_trips(
    template: Path, tmp_path: Path, assert_valid_journey: Callable[[str], list[Any]]
) -> None:
    m = load_map(template)
    text = dump_map(m)
    assert loads_map(text, fmt="yaml", source=template.name) == m
    assert loads_map(dump_map(m, "json"), fmt="json", source=template.name) == m
    yaml = YAML(typ="safe", pure=True)
    written = yaml.load(template.read_text(encoding="utf-8"))
    dumped = yaml.load(text)
    written.setdefault("format_version", FORMAT_VERSION)
    assert dumped == written  # nothing the author wrote is lost or added
    workbook = tmp_path / "t.xlsx"
    export_excel(m, workbook)
    assert import_excel(workbook) == m
    assert_valid_journey(mermaid_journey(m))
    assert m.journey.title in to_markdown(m) or "\\" in to_markdown(m)
