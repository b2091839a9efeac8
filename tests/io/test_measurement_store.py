"""The measurement store: one JSON file per snapshot, beside the map, sorted by date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from parcours.io.measurement_store import (
    FolderStore,
    MeasurementStore,
    MeasurementStoreError,
    store_of,
    store_path,
    with_stored_measurements,
)
from parcours.model import JourneyMap, MeasuredValue, MeasurementsRef, MetricSnapshot


def _snapshot(snapshot_id: str, day: int, value: float = 1.0) -> MetricSnapshot:
    return MetricSnapshot(
        id=snapshot_id,
        taken_at=dt.datetime(2026, 11, day, 8, 30),
        source="events.csv",
        values=[MeasuredValue(step="s-a", measure="customers", value=value)],
    )


def test_snapshots_come_back_whole_and_in_date_order(tmp_path: Path) -> None:
    store: MeasurementStore = FolderStore(tmp_path / "carte.measures")
    for snapshot_id, day in (("m-b", 3), ("m-a", 1), ("m-c", 2)):
        store.add(_snapshot(snapshot_id, day, float(day)))
    assert [e.id for e in store.entries()] == ["m-a", "m-c", "m-b"]
    assert [s.id for s in store.load_all()] == ["m-a", "m-c", "m-b"]
    assert store.latest() == _snapshot("m-b", 3, 3.0)
    assert store.get("m-c") == _snapshot("m-c", 2, 2.0)


def test_an_empty_or_missing_store_has_no_snapshot(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "nowhere.measures")
    assert store.entries() == [] and store.load_all() == [] and store.latest() is None
    assert not (tmp_path / "nowhere.measures").exists()  # reading never creates it


def test_file_names_sort_by_date_even_with_time_zones(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    paris = dt.timezone(dt.timedelta(hours=1))
    store.add(MetricSnapshot(id="late", taken_at=dt.datetime(2026, 11, 1, 9, 30, tzinfo=paris)))
    store.add(MetricSnapshot(id="early", taken_at=dt.datetime(2026, 11, 1, 9, 0)))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["20261101T083000000000_late.json", "20261101T090000000000_early.json"]
    assert [e.id for e in store.entries()] == ["late", "early"]


def test_an_id_is_stored_once(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.add(_snapshot("m-1", 1))
    with pytest.raises(MeasurementStoreError) as caught:
        store.add(_snapshot("m-1", 2, 9.0))
    assert "already stored" in caught.value.message("en")
    assert "déjà enregistré" in caught.value.message("fr")
    assert store.load_all() == [_snapshot("m-1", 1)]


def test_an_unknown_id_names_the_stored_ones(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.add(_snapshot("m-1", 1))
    with pytest.raises(MeasurementStoreError) as caught:
        store.get("m-9")
    assert "m-9" in caught.value.message("en") and "m-1" in caught.value.message("fr")


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"id": "m-1"}', '{"id": "m-1", "taken_at": "2026-11-01", "x": NaN}', "[]"],
)
def test_a_broken_file_is_named_never_a_traceback(tmp_path: Path, content: str) -> None:
    store = FolderStore(tmp_path)
    store.add(_snapshot("m-1", 1))
    (path,) = tmp_path.iterdir()
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MeasurementStoreError) as caught:
        store.load_all()
    assert path.name in caught.value.message("en") and path.name in caught.value.message("fr")


def test_a_file_whose_name_lies_about_its_id_is_refused(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.add(_snapshot("m-1", 1))
    (path,) = tmp_path.iterdir()
    path.rename(tmp_path / path.name.replace("m-1", "m-2"))
    with pytest.raises(MeasurementStoreError):
        store.latest()


def test_other_files_in_the_folder_are_ignored(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.add(_snapshot("m-1", 1))
    for name in ("README.md", ".m-2.json.1234.tmp", "notes.json", "2026_x.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [e.id for e in store.entries()] == ["m-1"]


def test_a_stored_file_is_plain_json_of_the_snapshot(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.add(_snapshot("m-1", 1, 2.5))
    (path,) = tmp_path.iterdir()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["id"] == "m-1" and data["values"][0]["value"] == 2.5


def test_the_store_is_beside_the_map_or_where_its_reference_says(tmp_path: Path) -> None:
    assert store_path(tmp_path / "carte.yaml") == tmp_path / "carte.measures"
    ref = MeasurementsRef(store="banque.measures")
    assert store_path(tmp_path / "copie.json", ref) == tmp_path / "banque.measures"
    m = JourneyMap(journey={"title": "T"}, measurements_ref=ref)
    assert store_of(tmp_path / "x.yaml", m).folder == tmp_path / "banque.measures"


@pytest.mark.parametrize("name", ["../elsewhere", "/etc", "a/b.measures", ".hidden", ""])
def test_a_reference_never_leaves_the_map_folder(name: str) -> None:
    with pytest.raises(ValueError):
        MeasurementsRef(store=name)


def test_stored_snapshots_join_the_written_ones(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.add(_snapshot("m-2", 2, 20.0))
    store.add(_snapshot("m-3", 3))
    m = JourneyMap(
        journey={"title": "T"}, measurements=[_snapshot("m-1", 1), _snapshot("m-2", 2, 99.0)]
    )
    joined = with_stored_measurements(m, store)
    assert [s.id for s in joined.measurements] == ["m-1", "m-2", "m-3"]
    assert joined.measurements[1].values[0].value == 20.0  # the store wins
    assert joined.latest_measurement() == _snapshot("m-3", 3)
    assert m.measurements[1].values[0].value == 99.0  # the map given is unchanged
