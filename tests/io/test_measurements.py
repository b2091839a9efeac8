"""Storing a measured snapshot into a map file: comments kept, conflicts caught, history kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parcours.io import ConflictError, add_measurement, file_digest, load_map
from parcours.io.measurements import HISTORY_FOLDER
from parcours.model import MeasuredValue, MetricSnapshot
from parcours.services import create_from_template, save


def _snapshot(n: int) -> MetricSnapshot:
    return MetricSnapshot(
        id=f"snap-{n}",
        taken_at=dt.datetime(2026, 11, n, 8, 30),
        source="events.csv",
        values=[MeasuredValue(step="s-ad", measure="customers", value=100.0 + n)],
    )


def test_yaml_map_keeps_every_byte_the_author_wrote(tmp_path: Path) -> None:
    path = create_from_template("bank-account", "fr", tmp_path / "banque.yaml")
    original = path.read_text(encoding="utf-8")
    add_measurement(path, _snapshot(1), expected_digest=file_digest(path))
    saved = add_measurement(path, _snapshot(2), expected_digest=file_digest(path))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original.rstrip("\n"))
    assert [s.id for s in saved.measurements] == ["snap-1", "snap-2"]
    reread = load_map(path)
    assert reread.latest_measurement() is not None
    assert reread.latest_measurement().id == "snap-2"  # type: ignore[union-attr]
    assert reread.latest_measurement().values[0].value == 102.0  # type: ignore[union-attr]


def test_a_change_made_meanwhile_is_never_overwritten(tmp_path: Path) -> None:
    path = create_from_template("bank-account", "en", tmp_path / "bank.yaml")
    digest = file_digest(path)
    path.write_text(path.read_text(encoding="utf-8") + "# edited by a colleague\n", "utf-8")
    edited = path.read_bytes()
    with pytest.raises(ConflictError) as caught:
        add_measurement(path, _snapshot(1), expected_digest=digest)
    assert path.read_bytes() == edited
    assert "changed elsewhere" in caught.value.message("en")
    assert "modifié par ailleurs" in caught.value.message("fr")


def test_previous_versions_are_kept(tmp_path: Path) -> None:
    path = create_from_template("bank-account", "en", tmp_path / "bank.yaml")
    original = path.read_bytes()
    add_measurement(path, _snapshot(1))
    history = list((tmp_path / HISTORY_FOLDER).iterdir())
    assert len(history) == 1 and history[0].read_bytes() == original


def test_json_maps_get_the_snapshot_too(tmp_path: Path) -> None:
    source = create_from_template("bank-account", "en", tmp_path / "bank.yaml")
    path = save(load_map(source), tmp_path / "bank.json")
    add_measurement(path, _snapshot(3), expected_digest=file_digest(path))
    assert [s.id for s in load_map(path).measurements] == ["snap-3"]
