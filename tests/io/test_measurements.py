"""Storing a measured snapshot beside a map file: the map keeps a short reference, comments
kept, conflicts caught, history kept; older maps' snapshots moved to the store (upgrade)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from parcours.io import ConflictError, add_measurement, file_digest, load_map, save_map
from parcours.io.measurement_store import FolderStore
from parcours.io.measurements import HISTORY_FOLDER, move_measurements_to_store
from parcours.model import FORMAT_VERSION, MeasuredValue, MetricSnapshot
from parcours.services import create_from_template, load, save


def _snapshot(n: int, value: float | None = None) -> MetricSnapshot:
    return MetricSnapshot(
        id=f"snap-{n}",
        taken_at=dt.datetime(2026, 11, n, 8, 30),
        source="events.csv",
        values=[MeasuredValue(step="s-ad", measure="customers", value=value or 100.0 + n)],
    )


def test_the_snapshot_goes_to_the_store_the_map_only_points_to_it(tmp_path: Path) -> None:
    path = create_from_template("bank-account", "fr", tmp_path / "banque.yaml")
    original = path.read_text(encoding="utf-8")
    add_measurement(path, _snapshot(1), expected_digest=file_digest(path))
    saved = add_measurement(path, _snapshot(2), expected_digest=file_digest(path))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original.rstrip("\n"))  # every byte the author wrote is kept
    assert text[len(original) :] == (
        "measurements_ref:\n  store: banque.measures\n  latest: snap-2\n"
    )
    assert [s.id for s in saved.measurements] == ["snap-1", "snap-2"]
    assert load_map(path).measurements == []  # the document holds no snapshot
    reread = load(path)  # the use cases read them from the store
    assert [s.id for s in reread.measurements] == ["snap-1", "snap-2"]
    assert reread.latest_measurement() == _snapshot(2)
    assert [e.id for e in FolderStore(tmp_path / "banque.measures").entries()] == [
        "snap-1",
        "snap-2",
    ]


def test_the_map_does_not_grow_with_the_runs(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text("# mine\njourney:\n  title: T\nsteps:\n  - {id: s-ad, name: Ad}\n", "utf-8")
    sizes = []
    for n in range(1, 9):
        add_measurement(path, _snapshot(n), expected_digest=file_digest(path))
        sizes.append(path.stat().st_size)
    assert len(set(sizes)) == 1  # one reference line changes, the size does not
    assert len(load(path).measurements) == 8


def test_a_change_made_meanwhile_is_never_overwritten(tmp_path: Path) -> None:
    path = create_from_template("bank-account", "en", tmp_path / "bank.yaml")
    digest = file_digest(path)
    path.write_text(path.read_text(encoding="utf-8") + "# edited by a colleague\n", "utf-8")
    edited = path.read_bytes()
    with pytest.raises(ConflictError) as caught:
        add_measurement(path, _snapshot(1), expected_digest=digest)
    assert path.read_bytes() == edited
    assert not (tmp_path / "bank.measures").exists()  # nothing stored either
    assert "changed elsewhere" in caught.value.message("en")
    assert "modifié par ailleurs" in caught.value.message("fr")


def test_previous_versions_are_kept(tmp_path: Path) -> None:
    path = create_from_template("bank-account", "en", tmp_path / "bank.yaml")
    original = path.read_bytes()
    add_measurement(path, _snapshot(1))
    history = list((tmp_path / HISTORY_FOLDER).iterdir())
    assert len(history) == 1 and history[0].read_bytes() == original


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_json_and_excel_maps_get_the_reference_too(tmp_path: Path, suffix: str) -> None:
    source = create_from_template("bank-account", "en", tmp_path / "bank.yaml")
    path = save(load_map(source), tmp_path / f"other{suffix}")
    add_measurement(path, _snapshot(3), expected_digest=file_digest(path))
    document = load_map(path)
    assert document.measurements == []
    assert document.measurements_ref is not None
    assert (document.measurements_ref.store, document.measurements_ref.latest) == (
        "other.measures",
        "snap-3",
    )
    assert [s.id for s in load(path).measurements] == ["snap-3"]


# ------------------------------------------------------------ upgrade of older maps
VERSION_2 = """\
# Carte écrite à la main : ce commentaire doit rester.
format_version: 2
journey:
  title: Ouvrir un compte  # titre provisoire
steps:
  - id: s-ad
    name: Publicité
# Relevés ajoutés par parcours analyze
measurements:
  - id: snap-1
    taken_at: 2026-11-01 08:30:00
    source: events.csv
    values:
      - step: s-ad
        measure: customers
        value: 101.0
  - id: snap-2
    taken_at: 2026-11-02 08:30:00
    source: events.csv
    values:
      - step: s-ad
        measure: customers
        value: 102.0
extensions:
  outil: {couleur: bleu}  # gardé tel quel
"""


def test_upgrade_moves_written_snapshots_to_the_store_nothing_lost(tmp_path: Path) -> None:
    path = tmp_path / "carte.yaml"
    path.write_text(VERSION_2, encoding="utf-8")
    before = load_map(path).measurements
    assert [s.id for s in before] == ["snap-1", "snap-2"]  # read as written, in memory
    assert path.read_text(encoding="utf-8") == VERSION_2  # reading never writes
    moved = move_measurements_to_store(path, expected_digest=file_digest(path))
    assert moved == ["snap-1", "snap-2"]
    assert FolderStore(tmp_path / "carte.measures").load_all() == before
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# Carte écrite à la main : ce commentaire doit rester.\n",
        "  title: Ouvrir un compte  # titre provisoire\n",
        "  outil: {couleur: bleu}  # gardé tel quel\n",
    ):
        assert kept in text
    assert f"format_version: {FORMAT_VERSION}\n" in text
    assert "measurements:" not in text and "snap-1" not in text
    document = YAML(typ="safe", pure=True).load(text)
    assert document["measurements_ref"] == {"store": "carte.measures", "latest": "snap-2"}
    assert list(document) == [
        "format_version",
        "journey",
        "steps",
        "measurements_ref",
        "extensions",
    ]
    (copy,) = (tmp_path / HISTORY_FOLDER).iterdir()
    assert copy.read_text(encoding="utf-8") == VERSION_2  # the old version is kept
    assert load(path).measurements == before


def test_upgrade_twice_or_after_a_crash_stores_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "carte.yaml"
    path.write_text(VERSION_2, encoding="utf-8")
    store = FolderStore(tmp_path / "carte.measures")
    store.add(_snapshot(1, 101.0))  # a crash after the first file, before the map
    assert move_measurements_to_store(path) == ["snap-1", "snap-2"]
    assert move_measurements_to_store(path) == []  # already upgraded: nothing written
    assert [e.id for e in store.entries()] == ["snap-1", "snap-2"]
    assert len(list((tmp_path / HISTORY_FOLDER).iterdir())) == 1


def test_a_stored_id_with_other_values_is_kept_under_a_new_id(tmp_path: Path) -> None:
    path = tmp_path / "carte.yaml"
    path.write_text(VERSION_2, encoding="utf-8")
    store = FolderStore(tmp_path / "carte.measures")
    store.add(_snapshot(1, 7.0))
    move_measurements_to_store(path)
    values = {s.id: s.values[0].value for s in store.load_all()}
    assert values == {"snap-1": 7.0, "snap-1-2": 101.0, "snap-2": 102.0}


def test_analysis_of_an_older_map_moves_its_snapshots_first(tmp_path: Path) -> None:
    path = tmp_path / "carte.yaml"
    path.write_text(VERSION_2.replace("format_version: 2\n", ""), encoding="utf-8")
    saved = add_measurement(path, _snapshot(3), expected_digest=file_digest(path))
    assert [s.id for s in saved.measurements] == ["snap-1", "snap-2", "snap-3"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# Carte écrite à la main : ce commentaire doit rester.\n"
        f"format_version: {FORMAT_VERSION}\njourney:\n"
    )
    assert "latest: snap-3" in text and "measurements:" not in text


def test_a_map_without_snapshots_is_left_untouched(tmp_path: Path) -> None:
    path = create_from_template("bank-account", "en", tmp_path / "bank.yaml")
    original = path.read_bytes()
    assert move_measurements_to_store(path) == []
    assert path.read_bytes() == original
    assert not (tmp_path / "bank.measures").exists()
    assert not (tmp_path / HISTORY_FOLDER).exists()


def test_upgrade_of_a_json_map(tmp_path: Path) -> None:
    path = tmp_path / "carte.yaml"
    path.write_text(VERSION_2, encoding="utf-8")
    json_map = save_map(load_map(path), tmp_path / "carte.json")
    assert len(json_map.measurements) == 2  # convert keeps written snapshots written
    json_path = tmp_path / "carte.json"
    assert move_measurements_to_store(json_path) == ["snap-1", "snap-2"]
    assert load_map(json_path).measurements == []
    assert [s.id for s in load(json_path).measurements] == ["snap-1", "snap-2"]
