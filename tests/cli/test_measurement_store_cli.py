"""The measurement store from the command line: a broken store file is a clear refusal."""

from __future__ import annotations

from pathlib import Path

from small_files import small_files
from typer.testing import CliRunner

from parcours.cli.app import app

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
