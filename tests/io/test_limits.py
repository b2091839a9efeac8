"""Hostile map files (issue 8): refused quickly, in bounded memory, with a clear message."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.io import MapFileError, load_map, loads_map
from parcours.limits import MAP_FILE_MAX_BYTES, MAP_MAX_NODES, MAX_DEPTH

runner = CliRunner()


def _alias_bomb(levels: int = 9) -> str:
    """The "billion laughs" in YAML: each level lists the previous one nine times."""
    lines = ['  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"  l{level}: &l{level} [{refs}]")
    return "journey:\n  title: T\nextensions:\n" + "\n".join(lines) + "\n"


def _refused(read: Callable[[], object]) -> tuple[MapFileError, float, int]:
    """The error ``read`` raises, the seconds it took and its peak traced memory in bytes."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(MapFileError) as caught:
            read()
    finally:
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return caught.value, seconds, peak


def test_alias_bomb_is_refused_before_it_expands() -> None:
    error, seconds, peak = _refused(lambda: loads_map(_alias_bomb(), fmt="yaml", source="b.yaml"))
    assert seconds < 5 and peak < 50_000_000
    assert str(MAP_MAX_NODES) in error.message("en") and "alias" in error.message("en")
    assert "alias YAML" in error.message("fr")


def test_a_few_aliases_still_work() -> None:
    text = "journey:\n  title: T\n  expectations: &e [vite, clair]\nextensions:\n  copy: *e\n"
    assert loads_map(text, fmt="yaml").extensions["copy"] == ["vite", "clair"]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("journey: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n", "yaml"),
        ("".join(" " * i + "k:\n" for i in range(3000)), "yaml"),
        ('{"journey": ' + "[" * 100_000 + "]" * 100_000 + "}", "json"),
    ],
    ids=["yaml-flow", "yaml-block", "json"],
)
def test_deep_nesting_is_refused_quickly(text: str, fmt: str) -> None:
    error, seconds, _ = _refused(lambda: loads_map(text, fmt=fmt, source=f"d.{fmt}"))
    assert seconds < 5
    assert f"at most {MAX_DEPTH} levels" in error.message("en")


def test_nesting_up_to_the_limit_is_read() -> None:
    nested = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    m = loads_map(f"journey:\n  title: T\nextensions:\n  x: {nested}\n", fmt="yaml")
    assert "x" in m.extensions


def test_python_tag_is_refused_with_the_field_named() -> None:
    text = 'journey:\n  title: !!python/object/apply:os.system ["echo pwned"]\n'
    with pytest.raises(MapFileError) as caught:
        loads_map(text, fmt="yaml", source="m.yaml")
    message = caught.value.message("en")
    assert "line 2" in message and "journey.title" in message
    assert "!!python/object/apply:os.system" in message
    assert "pas une valeur marquée" in caught.value.message("fr")


def test_local_tag_is_refused_and_str_tag_is_plain_text() -> None:
    with pytest.raises(MapFileError, match="!x"):
        loads_map("journey:\n  title: !x T\n", fmt="yaml")
    assert loads_map("journey:\n  title: !!str 3\n", fmt="yaml").journey.title == "3"


def test_too_large_file_is_refused_after_reading_just_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(50 * MAP_FILE_MAX_BYTES)  # sparse: only the size counts
    error, seconds, peak = _refused(lambda: load_map(path))
    assert seconds < 2 and peak < 3 * MAP_FILE_MAX_BYTES
    assert f"at most {MAP_FILE_MAX_BYTES} bytes" in error.message("en")
    assert str(path) in error.message("en")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "endless.yaml"
    path.symlink_to("/dev/zero")  # its size says 0; reading it never ends
    error, seconds, _ = _refused(lambda: load_map(path))
    assert seconds < 2 and f"at most {MAP_FILE_MAX_BYTES} bytes" in error.message("en")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bomb.yaml", _alias_bomb().encode()),
        ("tag.yaml", b"journey:\n  title: !!python/name:os.system\n"),
        ("latin.yaml", "journey:\n  title: Été\n".encode("latin-1")),
        ("deep.json", b'{"journey": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"),
    ],
)
def test_check_gives_exit_2_and_no_traceback(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and name in result.output


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_huge_metric_target_renders(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "journey:\n  title: T\nphases:\n  - id: ph\n    name: P\nsteps:\n  - id: s\n"
        "    name: S\n    phase: ph\n    metrics:\n      - name: Conversion\n"
        "        unit: '%'\n        target: 1e28\n        alert_threshold: -1.0e+300\n",
        "utf-8",
    )
    assert runner.invoke(app, ["check", str(path)]).exit_code in (0, 1)
    out = tmp_path / f"m.{fmt}"
    result = runner.invoke(app, ["render", str(path), "-f", fmt, "-o", str(out), "-l", "en"])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "10,000,000,000,000,000,000,000,000,000" in text or "1e+28" in text


def test_excel_map_with_a_far_stray_cell_reads_like_the_sane_one(tmp_path: Path) -> None:
    import openpyxl

    from parcours.io import save_map

    sane = tmp_path / "m.xlsx"
    saved = save_map(
        loads_map(
            "journey:\n  title: T\nphases:\n  - id: ph\n    name: P\n"
            "steps:\n  - id: s1\n    name: S\n    phase: ph\n    actions: [a, b]\n",
            fmt="yaml",
        ),
        sane,
    )
    book = openpyxl.load_workbook(sane)
    for sheet in book.worksheets:  # one value in the very last cell of every sheet
        sheet.cell(row=1_048_576, column=16_384, value="stray")
    stray = tmp_path / "stray.xlsx"
    book.save(stray)
    start = time.perf_counter()
    assert load_map(stray) == saved == load_map(sane)
    assert time.perf_counter() - start < 20  # before: every cell of A1:XFD1048576, hours


def test_excel_map_with_deeply_nested_json_cell_is_refused(tmp_path: Path) -> None:
    import openpyxl

    from parcours.io import save_map

    path = tmp_path / "m.xlsx"
    save_map(loads_map("journey:\n  title: T\n", fmt="yaml"), path)
    book = openpyxl.load_workbook(path)
    sheet = book["Journey"]
    (label,) = [c for c in sheet["A"] if c.value == "Extensions (JSON)"]
    sheet.cell(row=label.row, column=2, value="[" * 5_000 + "]" * 5_000)
    book.save(path)
    with pytest.raises(MapFileError) as caught:
        load_map(path)
    assert f"at most {MAX_DEPTH} levels" in caught.value.message("en")
