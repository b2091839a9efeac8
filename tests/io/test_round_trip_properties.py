"""Property-based round trips: any valid map survives YAML, JSON and Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcours.io import dump_map, export_excel, import_excel, loads_map
from parcours.io.excel import ExcelExportError
from parcours.model import Channel, JourneyMap, PhaseKind

ids = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,10}", fullmatch=True)
free_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40).map(str.strip)
names = free_text.filter(bool)
lines = st.lists(names.filter(lambda s: "\n" not in s and "\r" not in s), max_size=3)


@st.composite
def maps(draw: st.DrawFn) -> JourneyMap:
    persona_ids = draw(st.lists(ids, max_size=3, unique=True))
    phase_ids = draw(st.lists(ids.map(lambda i: "ph" + i), max_size=3, unique=True))
    step_ids = draw(st.lists(ids.map(lambda i: "s" + i), max_size=4, unique=True))
    personas = [{"id": p, "name": draw(names)} for p in persona_ids]
    phases = [
        {"id": p, "name": draw(names), "kind": draw(st.sampled_from(list(PhaseKind))).value}
        for p in phase_ids
    ]
    steps: list[dict[str, Any]] = []
    for s in step_ids:
        step: dict[str, Any] = {"id": s, "name": draw(names), "actions": draw(lines)}
        if phase_ids:
            step["phase"] = draw(st.sampled_from(phase_ids))
        if draw(st.booleans()):
            step["description"] = draw(free_text)
        step["emotions"] = [
            {"persona": p, "score": draw(st.integers(-2, 2)), "word": draw(free_text)}
            for p in persona_ids
            if draw(st.booleans())
        ]
        step["touchpoints"] = [
            {"channel": draw(st.sampled_from(list(Channel))).value, "name": draw(free_text)}
            for _ in range(draw(st.integers(0, 2)))
        ]
        step["irritants"] = [
            {"text": draw(free_text), "severity": draw(st.integers(1, 3))}
            for _ in range(draw(st.integers(0, 2)))
        ]
        step["moment_of_truth"] = draw(st.booleans())
        steps.append(step)
    data = {
        "journey": {"title": draw(names), "scope": draw(free_text)},
        "language": draw(st.sampled_from(["fr", "en"])),
        "personas": personas,
        "phases": phases,
        "steps": steps,
    }
    return JourneyMap.model_validate(data)


@settings(max_examples=60, deadline=None)
@given(maps())
def test_yaml_and_json_round_trip(m: JourneyMap) -> None:
    assert loads_map(dump_map(m), fmt="yaml", source="h.yaml") == m
    assert loads_map(dump_map(m, "json"), fmt="json", source="h.json") == m


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(m=maps())
def test_excel_round_trip(m: JourneyMap, tmp_path: Path) -> None:
    target = tmp_path / "h.xlsx"
    try:
        export_excel(m, target)
    except ExcelExportError:
        return  # text Excel cannot hold (control characters): refused, never altered
    assert import_excel(target) == m
