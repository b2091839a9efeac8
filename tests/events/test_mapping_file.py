"""Hostile or broken ``--mapping`` files (issue 8): a clear refusal naming file and field."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.events import ColumnMapping, EventLogError
from parcours.limits import MAPPING_FILE_MAX_BYTES, MAX_DEPTH

runner = CliRunner()


def _refusal(path: Path) -> EventLogError:
    with pytest.raises(EventLogError) as caught:
        ColumnMapping.from_file(path)
    assert str(path) in caught.value.message("en") and str(path) in caught.value.message("fr")
    return caught.value


def test_json_duplicate_key_is_refused_with_the_key_named(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(
        '{"case_id": "client", "activity": "a", "timestamp": "t", "case_id": "id"}', "utf-8"
    )
    error = _refusal(path)
    assert "'case_id' is given twice" in error.message("en")
    assert "'case_id' est donnée deux fois" in error.message("fr")


def test_yaml_duplicate_key_is_refused_with_the_key_named(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("case_id: a\nactivity: b\ntimestamp: c\nactivity: d\n", "utf-8")
    assert "'activity' is given twice" in _refusal(path).message("en")


@pytest.mark.parametrize("empty", ['""', "'  '"])
def test_empty_column_name_is_refused(tmp_path: Path, empty: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"case_id: {empty}\nactivity: b\ntimestamp: c\n", "utf-8")
    error = _refusal(path)
    assert "'case_id' is empty" in error.message("en")
    assert "'case_id' est vide" in error.message("fr")


def test_non_utf8_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes("case_id: Numéro\nactivity: b\ntimestamp: c\n".encode("latin-1"))
    error = _refusal(path)
    assert "not UTF-8 text (byte 0xe9" in error.message("en")
    assert "pas du texte UTF-8" in error.message("fr")


def test_utf8_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes("case_id: Numéro\nactivity: b\ntimestamp: c\n".encode("utf-8-sig"))
    assert ColumnMapping.from_file(path).case_id == "Numéro"


def test_alias_bomb_and_deep_nesting_are_refused_quickly(tmp_path: Path) -> None:
    levels = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    levels += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\n", "utf-8")
    deep = tmp_path / "deep.yaml"
    deep.write_text("case_id: " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text('{"case_id": ' + "[" * 100_000 + "]" * 100_000 + "}", "utf-8")
    start = time.perf_counter()
    assert "aliases" in _refusal(bomb).message("en")
    assert f"{MAX_DEPTH} levels" in _refusal(deep).message("en")
    assert f"{MAX_DEPTH} levels" in _refusal(deep_json).message("en")
    assert time.perf_counter() - start < 5


def test_too_large_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("# " + "x" * MAPPING_FILE_MAX_BYTES + "\ncase_id: a\n", "utf-8")
    assert f"at most {MAPPING_FILE_MAX_BYTES} bytes" in _refusal(path).message("en")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.symlink_to("/dev/zero")
    assert f"at most {MAPPING_FILE_MAX_BYTES} bytes" in _refusal(path).message("en")


def test_python_tag_in_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("case_id: !!python/object/apply:os.system ['echo x']\n", "utf-8")
    assert "python/object/apply" in _refusal(path).message("en")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("m.json", b'{"case_id": "c", "activity": "a", "timestamp": "t", "case_id": "x"}'),
        ("m.yaml", b'case_id: ""\nactivity: a\ntimestamp: t\n'),
        ("m.yaml", "case_id: Numéro\n".encode("cp1252")),
    ],
    ids=["duplicate", "empty", "latin-1"],
)
def test_cli_refuses_with_exit_2(tmp_path: Path, name: str, content: bytes) -> None:
    log = tmp_path / "log.csv"
    log.write_text("c,a,t\nc1,login,2024-01-01 10:00\n", "utf-8")
    mapping = tmp_path / name
    mapping.write_bytes(content)
    out = tmp_path / "draft.yaml"
    result = runner.invoke(
        app, ["discover", str(log), "-o", str(out), "--mapping", str(mapping), "--lang", "en"]
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and name in result.output
