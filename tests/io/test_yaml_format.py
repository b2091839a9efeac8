"""YAML reading and writing: lossless round trips and located, bilingual errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from parcours.io import MapFileError, dump_map, load_map, loads_map, save_map
from parcours.model import JourneyMap, Step


def _load(text: str) -> JourneyMap:
    return loads_map(text, fmt="yaml", source="carte.yaml")


def _problems(text: str) -> MapFileError:
    with pytest.raises(MapFileError) as caught:
        _load(text)
    return caught.value


def _nested_leaves(node: object, path: tuple[object, ...] = ()) -> dict[tuple[object, ...], object]:
    if isinstance(node, dict):
        out: dict[tuple[object, ...], object] = {}
        for key, value in node.items():
            out.update(_nested_leaves(value, (*path, key)))
        return out
    if isinstance(node, list):
        out = {}
        for index, value in enumerate(node):
            out.update(_nested_leaves(value, (*path, index)))
        return out
    return {path: node}


# ------------------------------------------------------------------ round trips
def test_load_dump_load_is_equal(rich_map: JourneyMap) -> None:
    assert _load(dump_map(rich_map)) == rich_map


def test_dump_keeps_every_user_written_value(rich_yaml: str, rich_map: JourneyMap) -> None:
    yaml = YAML(typ="safe", pure=True)
    written = _nested_leaves(yaml.load(rich_yaml))
    dumped = _nested_leaves(yaml.load(dump_map(rich_map)))
    assert written == dumped


def test_dump_writes_nothing_the_author_did_not(rich_map: JourneyMap) -> None:
    text = dump_map(rich_map)
    assert "severity: 2" not in text  # default of unset irritants stays implicit
    assert "moment_of_truth: false" not in text
    assert "blueprint:" in text and text.count("blueprint:") == 1


def test_default_value_written_by_author_is_kept() -> None:
    text = "journey:\n  title: T\nsteps:\n  - id: s\n    name: S\n    moment_of_truth: false\n"
    assert "moment_of_truth: false" in dump_map(_load(text))


def test_keys_follow_model_field_order() -> None:
    text = "steps:\n  - name: S\n    id: s\njourney:\n  title: T\n"
    lines = dump_map(_load(text)).splitlines()
    assert lines[:3] == ["format_version: 3", "journey:", "  title: T"]
    assert lines[4:6] == ["  - id: s", "    name: S"]


def test_multiline_text_is_a_block_scalar_and_unicode_is_kept(rich_map: JourneyMap) -> None:
    text = dump_map(rich_map)
    assert "    description: |-\n      Étudiante, très mobile.\n" in text
    assert "\\u" not in text and "Découverte" in text


def test_values_added_by_code_are_not_lost() -> None:
    m = _load("journey:\n  title: T\n")
    m.steps.append(Step(id="s-new", name="Nouvelle étape"))
    assert [s.id for s in _load(dump_map(m)).steps] == ["s-new"]


def test_dump_of_an_unknown_format_is_refused(rich_map: JourneyMap) -> None:
    with pytest.raises(ValueError, match="unknown text format"):
        dump_map(rich_map, "toml")


def test_save_assigns_missing_ids_and_writes_atomically(
    rich_map: JourneyMap, tmp_path: Path
) -> None:
    target = tmp_path / "carte.yaml"
    saved = save_map(rich_map, target)
    assert all(t.id for s in saved.steps for t in s.touchpoints)
    assert "id: s-simuler.tp-1" in target.read_text(encoding="utf-8")
    assert load_map(target) == saved
    assert os.listdir(tmp_path) == ["carte.yaml"]  # no temporary file left


def test_save_keeps_ids_stable_on_second_save(rich_map: JourneyMap, tmp_path: Path) -> None:
    target = tmp_path / "carte.yml"
    first = save_map(rich_map, target)
    second = save_map(load_map(target), target)
    assert first == second


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    target = tmp_path / "bom.yaml"
    target.write_bytes("\ufeffjourney:\n  title: Été\n".encode())
    assert load_map(target).journey.title == "Été"


# ---------------------------------------------------------------------- errors
def test_wrong_score_names_line_column_field_and_expectation() -> None:
    text = (
        "journey:\n  title: T\npersonas:\n  - id: p\n    name: P\nsteps:\n  - id: s\n"
        "    name: S\n    emotions:\n      - persona: p\n        score: 5\n"
    )
    err = _problems(text)
    (problem,) = err.problems
    assert (problem.line, problem.column) == (11, 16)
    assert problem.field == "steps[0].emotions[0].score"
    assert problem.got == "5"
    assert "at most 2" in problem.expected
    assert "ligne 11, colonne 16" in err.message("fr")
    assert "au plus 2" in err.message("fr")
    assert err.file == "carte.yaml" and "carte.yaml" in str(err)


def test_unknown_field_lists_allowed_fields() -> None:
    err = _problems("journey:\n  title: T\n  titre: X\n")
    (problem,) = err.problems
    assert problem.line == 3 and problem.field == "journey.titre"
    assert "objective" in problem.expected and problem.got == "'titre'"


def test_wrong_vocabulary_word_lists_the_allowed_words() -> None:
    err = _problems(
        "journey:\n  title: T\nphases:\n  - id: ph\n    name: P\n    kind: decouverte\n"
    )
    (problem,) = err.problems
    assert problem.line == 6 and problem.field == "phases[0].kind"
    assert "discovery, information_search" in problem.expected
    assert "l'un de : discovery" in err.message("fr")


def test_missing_required_field_points_at_its_parent() -> None:
    err = _problems("journey:\n  title: T\nsteps:\n  - id: s1\n    phase: x\n")
    (problem,) = err.problems
    assert problem.field == "steps[0].name" and problem.line == 4
    assert "required" in problem.expected and "obligatoire" in err.message("fr")


def test_several_problems_are_all_reported() -> None:
    err = _problems("journey:\n  title: ''\nsteps:\n  - id: 'bad id'\n    name: S\n")
    fields = {p.field for p in err.problems}
    assert fields == {"journey.title", "steps[0].id"}


def test_dangling_phase_reference_is_located() -> None:
    text = "journey:\n  title: T\nphases:\n  - id: ph-1\n    name: P\nsteps:\n"
    text += "  - id: s\n    name: S\n    phase: zz\n"
    (problem,) = _problems(text).problems
    assert problem.field == "steps[0].phase" and problem.line == 9
    assert problem.got == "'zz'" and "ph-1" in problem.expected
    assert "phase" in problem.describe("fr") and "parmi : ph-1" in problem.describe("fr")


def test_dangling_references_of_every_kind() -> None:
    text = """\
journey: {title: T}
custom_lanes: [{id: lane, name: L}]
steps:
  - id: s
    name: S
    emotions: [{persona: ghost, score: 0}]
    custom: {other: x}
listening_points: [{step: nowhere, medium: sms}]
opportunities:
  - title: O
    steps: [s, s-missing]
    irritants: [irr-missing]
"""
    problems = {p.field: p for p in _problems(text).problems}
    assert set(problems) == {
        "steps[0].emotions[0].persona",
        "steps[0].custom.other",
        "listening_points[0].step",
        "opportunities[0].steps[1]",
        "opportunities[0].irritants[0]",
    }
    assert problems["steps[0].emotions[0].persona"].line == 6
    assert problems["steps[0].custom.other"].line == 7
    assert problems["opportunities[0].steps[1]"].line == 11
    assert "none defined" in problems["opportunities[0].irritants[0]"].expected
    assert "aucun défini" in problems["opportunities[0].irritants[0]"].describe("fr")


def test_duplicate_ids_point_at_the_second_occurrence() -> None:
    text = "journey: {title: T}\nphases:\n  - id: x\n    name: P\nsteps:\n  - id: x\n    name: S\n"
    (problem,) = _problems(text).problems
    assert problem.field == "steps[0].id" and problem.line == 6
    assert "phases[0].id" in problem.expected


def test_duplicate_yaml_keys_are_an_error_not_a_silent_overwrite() -> None:
    (problem,) = _problems("journey:\n  title: a\n  title: b\n").problems
    assert problem.line == 3 and "'title'" in problem.expected


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("journey: [\n", "valid YAML"),
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("- a\n- b\n", "mapping of fields"),
        ("just text\n", "mapping of fields"),
    ],
)
def test_unreadable_documents(text: str, needle: str) -> None:
    err = _problems(text)
    assert needle in err.problems[0].expected
    assert err.problems[0].line is not None


def test_newer_format_version_asks_to_upgrade_parcours() -> None:
    err = _problems("format_version: 9\njourney: {title: T}\n")
    assert "upgrade parcours" in str(err) and "mettez parcours à jour" in err.message("fr")
    assert err.problems[0].line == 1


@pytest.mark.parametrize("version", ["'1'", "true", "1.5", "-3"])
def test_bad_format_version(version: str) -> None:
    err = _problems(f"format_version: {version}\njourney: {{title: T}}\n")
    assert err.problems[0].field == "format_version"


def test_missing_format_version_means_version_1() -> None:
    # read as version 1, upgraded to the current version
    assert _load("journey: {title: T}\n").format_version == 3


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(MapFileError) as missing:
        load_map(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(missing.value)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("journey: {title: Été}\n".encode("latin-1"))
    with pytest.raises(MapFileError, match="UTF-8"):
        load_map(latin)


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(MapFileError, match=r"\.yaml, \.yml, \.json or \.xlsx"):
        load_map(tmp_path / "carte.txt")
