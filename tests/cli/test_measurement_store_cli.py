"""The measurement store from the command line: a broken store file is a clear refusal."""

from __future__ import annotations

import json
from pathlib import Path

from small_files import small_files
from typer.testing import CliRunner

from parcours.cli.app import app
from parcours.io.measurements import HISTORY_FOLDER
from parcours.services import load

runner = CliRunner()


def test_a_broken_snapshot_file_is_named_exit_2(tmp_path: Path) -> None:
    carte, _ = small_files(tmp_path)
    store = tmp_path / "m.measures"
    store.mkdir()
    broken = store / "20261101T000000000000_m-1.json"
    broken.write_text('{"id": "m-1", "taken_at": "yesterday"}', encoding="utf-8")
    for lang, words in (("en", "not a parcours measurement"), ("fr", "relevé de mesures")):
        result = runner.invoke(
            app, ["render", str(carte), "-f", "md", "-o", str(tmp_path / "m.md"), "--lang", lang]
        )
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert words in result.output and broken.name in result.output
    assert not (tmp_path / "m.md").exists()


OLDER = """\
# Kept by the upgrade.
format_version: 2
journey:
  title: Open an account  # and this one
language: en
steps:
  - id: s-sim
    name: Simulate
measurements:
  - id: m-2026-01
    taken_at: 2026-01-05 00:00:00
    values:
      - {measure: customers, value: 3.0}
  - id: m-2026-02
    taken_at: 2026-02-05 00:00:00
    values:
      - {measure: customers, value: 5.0}
"""


def test_upgrade_moves_the_snapshots_to_the_store_and_keeps_the_comments(
    tmp_path: Path,
) -> None:
    carte = tmp_path / "carte.yaml"
    carte.write_text(OLDER, encoding="utf-8")
    result = runner.invoke(app, ["upgrade", str(carte), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "format 3" in result.output and "2 measured snapshot(s) moved" in result.output
    text = carte.read_text(encoding="utf-8")
    assert text.startswith("# Kept by the upgrade.\nformat_version: 3\n")
    assert "# and this one" in text and "measurements:" not in text
    assert "measurements_ref:\n  store: carte.measures\n  latest: m-2026-02\n" in text
    stored = sorted(p.name for p in (tmp_path / "carte.measures").iterdir())
    assert [name.split("_", 1)[1] for name in stored] == ["m-2026-01.json", "m-2026-02.json"]
    (kept,) = (tmp_path / HISTORY_FOLDER).iterdir()
    assert kept.read_text(encoding="utf-8") == OLDER  # the file as it was
    assert [s.id for s in load(carte).measurements] == ["m-2026-01", "m-2026-02"]
    again = runner.invoke(app, ["upgrade", str(carte), "--lang", "fr"])
    assert again.exit_code == 0 and "rien à faire" in again.output
    assert carte.read_text(encoding="utf-8") == text  # a current map is not touched
    assert len(list((tmp_path / HISTORY_FOLDER).iterdir())) == 1


def test_upgrade_raises_the_version_of_a_map_without_snapshots(tmp_path: Path) -> None:
    older = OLDER.split("measurements:")[0].replace("format_version: 2\n", "")  # version 1
    carte, data = tmp_path / "carte.yaml", tmp_path / "carte.json"
    carte.write_text(older, encoding="utf-8")
    data.write_text('{"journey": {"title": "T"}, "steps": [{"id": "s", "name": "S"}]}', "utf-8")
    for path in (carte, data):
        result = runner.invoke(app, ["upgrade", str(path), "--lang", "fr"])
        assert result.exit_code == 0, result.output
        assert "au format 3" in result.output and "déplacée" not in result.output
    assert (
        carte.read_text(encoding="utf-8")
        == "# Kept by the upgrade.\nformat_version: 3\n" + (older.split("\n", 1)[1])
    )
    assert json.loads(data.read_text(encoding="utf-8"))["format_version"] == 3


def test_upgrade_of_an_unreadable_map_writes_nothing(tmp_path: Path) -> None:
    carte = tmp_path / "carte.yaml"
    carte.write_text("format_version: 2\njourney: [not, a, mapping]\n", encoding="utf-8")
    result = runner.invoke(app, ["upgrade", str(carte), "--lang", "en"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "carte.yaml" in result.output
    assert not (tmp_path / HISTORY_FOLDER).exists()
    assert carte.read_text(encoding="utf-8").startswith("format_version: 2\n")
