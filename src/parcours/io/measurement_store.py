"""The measurement store: the dated snapshots of a map, kept beside it, out of the document.

A map is what a person writes and diffs; each ``parcours analyze`` measures about 70 KB of
values. Those snapshots live in a store beside the map (docs/adr/0004-measurement-store.md):
a folder ``<map stem>.measures/`` holding one JSON file per snapshot, named
``<taken_at>_<id>.json`` so that the names sort by date. Each file is written atomically and
never rewritten, so a store diffs, copies and merges like any folder under version control.

:class:`MeasurementStore` is the interface readers and writers use (a database-backed store
can implement it too); :class:`FolderStore` is the folder.

>>> import tempfile, pathlib, datetime
>>> from parcours.model import MetricSnapshot
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = FolderStore(folder / "carte.measures")
>>> store.add(MetricSnapshot(id="m-2", taken_at=datetime.datetime(2026, 11, 2)))
>>> store.add(MetricSnapshot(id="m-1", taken_at=datetime.datetime(2026, 11, 1)))
>>> [e.id for e in store.entries()], store.latest().id, store.get("m-1").taken_at.day
(['m-1', 'm-2'], 'm-2', 1)
>>> sorted(p.name for p in (folder / "carte.measures").iterdir())
['20261101T000000000000_m-1.json', '20261102T000000000000_m-2.json']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.io.atomic import write_text_atomic
from parcours.model import STORE_SUFFIX, JourneyMap, MeasurementsRef, MetricSnapshot

SNAPSHOT_FILE_MAX_BYTES = 64 * 1024 * 1024
"""A snapshot file larger than this is refused (a real one is about 70 KB)."""

MESSAGES = Catalog(
    {
        "exists": {
            "en": "{store}: a snapshot {id} is already stored; nothing was written.",
            "fr": "{store} : un relevé {id} y est déjà enregistré ; rien n'a été écrit.",
        },
        "missing": {
            "en": "{store}: no snapshot {id} (stored: {known}).",
            "fr": "{store} : aucun relevé {id} (relevés enregistrés : {known}).",
        },
        "bad_file": {
            "en": "{path}: not a parcours measurement snapshot ({reason}). Move this file "
            "out of the store or restore it from its history.",
            "fr": "{path} : ce n'est pas un relevé de mesures parcours ({reason}). Sortez ce "
            "fichier du dossier ou restaurez-le depuis son historique.",
        },
        "none": {"en": "none", "fr": "aucun"},
    }
)


class MeasurementStoreError(ParcoursError):
    """A snapshot that cannot be stored or read (named with its store or file)."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(MESSAGES.text(key, "en", **params))
        self.key, self.params = key, params

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


@dataclass(frozen=True)
class SnapshotEntry:
    """One stored snapshot, without its values (cheap to list)."""

    id: str
    taken_at: datetime


class MeasurementStore(Protocol):
    """Where the snapshots of one map are kept: add them, list them, read them back."""

    def add(self, snapshot: MetricSnapshot) -> None:
        """Store ``snapshot``; an id already stored is refused (:class:`MeasurementStoreError`)."""

    def entries(self) -> list[SnapshotEntry]:
        """Every stored snapshot, oldest first (by ``taken_at``, then id)."""

    def get(self, snapshot_id: str) -> MetricSnapshot:
        """The snapshot with this id (:class:`MeasurementStoreError` when absent)."""

    def latest(self) -> MetricSnapshot | None:
        """The most recent snapshot, or None when the store is empty."""

    def load_all(self) -> list[MetricSnapshot]:
        """Every snapshot, oldest first."""


class FolderStore:
    """A folder of ``<taken_at>_<id>.json`` files, one per snapshot (see the module)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"FolderStore({str(self.folder)!r})"

    def add(self, snapshot: MetricSnapshot) -> None:
        if any(e.id == snapshot.id for e in self.entries()):
            raise MeasurementStoreError("exists", store=str(self.folder), id=snapshot.id)
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(
            snapshot.model_dump(mode="json", exclude_defaults=True),
            ensure_ascii=False,
            indent=1,
            allow_nan=False,
        )
        write_text_atomic(self.folder / snapshot_file_name(snapshot), text + "\n")

    def entries(self) -> list[SnapshotEntry]:
        return sorted(self._files(), key=_order)

    def get(self, snapshot_id: str) -> MetricSnapshot:
        for entry in self.entries():
            if entry.id == snapshot_id:
                return self._read(entry)
        known = ", ".join(e.id for e in self.entries()) or MESSAGES.text("none", "en")
        raise MeasurementStoreError("missing", store=str(self.folder), id=snapshot_id, known=known)

    def latest(self) -> MetricSnapshot | None:
        found = self.entries()
        return self._read(found[-1]) if found else None

    def load_all(self) -> list[MetricSnapshot]:
        return [self._read(entry) for entry in self.entries()]

    # ------------------------------------------------------------------ files
    def _files(self) -> list[SnapshotEntry]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            entry = _entry_of(path.name)
            if entry is not None and path.is_file():
                found.append(entry)
        return found

    def _path(self, entry: SnapshotEntry) -> Path:
        return self.folder / f"{_stamp(entry.taken_at)}_{entry.id}.json"

    def _read(self, entry: SnapshotEntry) -> MetricSnapshot:
        path = self._path(entry)
        try:
            if path.stat().st_size > SNAPSHOT_FILE_MAX_BYTES:
                raise ValueError(f"larger than {SNAPSHOT_FILE_MAX_BYTES} bytes")
            snapshot = MetricSnapshot.model_validate(
                json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "-"
            raise _bad_file(path, f"{where}: {first['msg']}") from None
        except (OSError, ValueError, RecursionError) as exc:
            raise _bad_file(path, str(exc) or type(exc).__name__) from None
        if snapshot.id != entry.id:
            raise _bad_file(path, f"id {snapshot.id!r} is not the one of the file name")
        return snapshot


def snapshot_file_name(snapshot: MetricSnapshot) -> str:
    """The file name of ``snapshot`` in a :class:`FolderStore`: its UTC date, then its id.

    >>> import datetime
    >>> snapshot_file_name(MetricSnapshot(id="m-1", taken_at=datetime.datetime(2026, 1, 2, 3)))
    '20260102T030000000000_m-1.json'
    """
    return f"{_stamp(snapshot.taken_at)}_{snapshot.id}.json"


def store_path(map_path: str | Path, ref: MeasurementsRef | None = None) -> Path:
    """The store folder of the map at ``map_path``: the one ``ref`` names, beside the map,
    else ``<map stem>.measures``.

    >>> store_path("maps/carte.yaml").as_posix()
    'maps/carte.measures'
    >>> store_path("maps/copie.json", MeasurementsRef(store="carte.measures")).as_posix()
    'maps/carte.measures'
    """
    target = Path(map_path)
    if ref is not None:
        return target.parent / ref.store
    return target.with_name(f"{target.stem}{STORE_SUFFIX}")


def store_of(map_path: str | Path, m: JourneyMap | None = None) -> FolderStore:
    """The store of the map at ``map_path`` (``m`` is that map, to read its reference)."""
    return FolderStore(store_path(map_path, None if m is None else m.measurements_ref))


def with_stored_measurements(m: JourneyMap, store: MeasurementStore) -> JourneyMap:
    """``m`` with the snapshots of ``store`` in ``measurements`` (in memory only), after the
    ones written in the map itself (a stored snapshot wins over a written one of same id).

    >>> import tempfile, pathlib, datetime
    >>> store = FolderStore(pathlib.Path(tempfile.mkdtemp()))
    >>> store.add(MetricSnapshot(id="m-1", taken_at=datetime.datetime(2026, 11, 1)))
    >>> m = with_stored_measurements(JourneyMap(journey={"title": "T"}), store)
    >>> m.latest_measurement().id
    'm-1'
    """
    stored = store.load_all()
    if not stored:
        return m
    ids = {s.id for s in stored}
    written = [s for s in m.measurements if s.id not in ids]
    return m.model_copy(update={"measurements": [*written, *stored]})


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y%m%dT%H%M%S%f")


def _entry_of(name: str) -> SnapshotEntry | None:
    if not name.endswith(".json") or name.startswith("."):
        return None
    stamp, _, snapshot_id = name[: -len(".json")].partition("_")
    try:
        taken_at = datetime.strptime(stamp, "%Y%m%dT%H%M%S%f")
    except ValueError:
        return None
    return SnapshotEntry(snapshot_id, taken_at) if snapshot_id else None


def _order(entry: SnapshotEntry) -> tuple[datetime, str]:
    return entry.taken_at, entry.id


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _bad_file(path: Path, reason: str) -> MeasurementStoreError:
    return MeasurementStoreError("bad_file", path=str(path), reason=reason)
