"""Storing a measured snapshot beside a map file without losing anything the author wrote.

``parcours analyze`` keeps what it measured in the map's measurement store
(:mod:`parcours.io.measurement_store`, a folder ``<map stem>.measures/``) and writes in the
map only a short reference to it (``measurements_ref: {store: ..., latest: ...}``), so the
map stays what a person writes and diffs. Writing into a file a person edits needs care:

- **comments and layout are kept**: a YAML map is edited as a round-trip tree, only
  ``measurements_ref`` changes (and ``measurements``, written by older releases, goes to
  the store);
- **conflicting edits are detected**: the caller passes the digest of the file it read
  (:func:`file_digest`); if the file changed since, nothing is written and
  :class:`ConflictError` says so;
- **the previous version is kept** in ``.parcours-history/`` beside the map, named after
  the time of the change;
- **the writes are atomic** (each snapshot file, then the map) and the new map text is
  validated before it replaces the old one.

>>> import tempfile, pathlib, datetime
>>> from parcours.model import MetricSnapshot
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "carte.yaml"
>>> _ = path.write_text("# ma carte\\njourney:\\n  title: Démo\\n", encoding="utf-8")
>>> snap = MetricSnapshot(id="snap-1", taken_at=datetime.datetime(2026, 11, 1))
>>> m = add_measurement(path, snap, expected_digest=file_digest(path))
>>> [s.id for s in m.measurements], path.read_text(encoding="utf-8").startswith("# ma carte")
(['snap-1'], True)
>>> m.measurements_ref.store, [p.name for p in (folder / "carte.measures").iterdir()]
('carte.measures', ['20261101T000000000000_snap-1.json'])
>>> len(list((folder / HISTORY_FOLDER).iterdir()))
1
"""

from __future__ import annotations

import hashlib
import io
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.io.atomic import write_text_atomic
from parcours.io.files import format_of, load_map, loads_map, save_map
from parcours.io.json_format import parse_json
from parcours.io.measurement_store import (
    FolderStore,
    store_of,
    store_path,
    with_stored_measurements,
)
from parcours.io.upgrade import DEFAULT_VERSION
from parcours.io.yaml_format import parse_yaml
from parcours.model import (
    FORMAT_VERSION,
    JourneyMap,
    MeasurementsRef,
    MetricSnapshot,
    Opportunity,
    unique_id,
)

HISTORY_FOLDER = ".parcours-history"
"""Folder, beside a map, that keeps the versions replaced by parcours."""

MESSAGES = Catalog(
    {
        "conflict": {
            "en": "{path} was changed elsewhere during the analysis: nothing was written, "
            "so that change is not lost. Run the command again.",
            "fr": "{path} a été modifié par ailleurs pendant l'analyse : rien n'a été "
            "écrit pour ne pas perdre cette modification. Relancez la commande.",
        }
    }
)


class ConflictError(ParcoursError):
    """The map file changed on disk since it was read: writing would lose that change."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text("conflict", lang, path=self.path)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes (to detect that it changed)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def add_measurement(
    path: str | Path, snapshot: MetricSnapshot, *, expected_digest: str | None = None
) -> JourneyMap:
    """Store ``snapshot`` in the measurement store of the map at ``path`` and point the
    map's ``measurements_ref`` at it; returns the map as saved, every stored snapshot in
    its ``measurements`` (in memory).

    Snapshots still written in the map (older maps) are moved to the store on the way
    (:func:`move_measurements_to_store`). Raises :class:`ConflictError`, before anything
    is written, when ``expected_digest`` is given and the file no longer has it.
    """
    target = Path(path)
    before = target.read_bytes()
    if expected_digest is not None and hashlib.sha256(before).hexdigest() != expected_digest:
        raise ConflictError(target)
    m = load_map(target)
    store = store_of(target, m)
    _store_written(store, m.measurements)
    store.add(snapshot)
    ref = MeasurementsRef(store=store.folder.name, latest=snapshot.id)
    saved = _point_to_store(target, before, m, ref)
    return with_stored_measurements(saved, store)


def move_measurements_to_store(
    path: str | Path, *, expected_digest: str | None = None
) -> list[str]:
    """Move the snapshots written in the map file at ``path`` (``measurements:``, format 2
    and older) into its store; returns their ids (empty: nothing to move, nothing written).

    The upgrade of a map file to format 3: every snapshot is written to the store first,
    then the map loses its ``measurements`` list and gains ``measurements_ref``, comments
    and layout kept; the previous version is copied to :data:`HISTORY_FOLDER`. Run twice
    (or after a crash), it stores nothing twice.
    """
    target = Path(path)
    before = target.read_bytes()
    if expected_digest is not None and hashlib.sha256(before).hexdigest() != expected_digest:
        raise ConflictError(target)
    m = load_map(target)
    if not m.measurements:
        return []
    store = store_of(target, m)
    _store_written(store, m.measurements)
    newest = store.entries()[-1]
    ref = MeasurementsRef(store=store.folder.name, latest=newest.id)
    _point_to_store(target, before, m, ref)
    return [s.id for s in m.measurements]


@dataclass(frozen=True)
class MapUpgrade:
    """What :func:`upgrade_map_file` did to a map file."""

    from_version: int | None
    """The format version the file was written in (None: a workbook, rewritten whole)."""
    moved: tuple[str, ...]
    """The ids of the snapshots moved from the map to its store."""
    written: bool
    """The file was rewritten (its previous version kept in :data:`HISTORY_FOLDER`)."""
    store: Path | None = None
    """The measurement store the snapshots were moved to (None: none moved)."""


def upgrade_map_file(path: str | Path, *, expected_digest: str | None = None) -> MapUpgrade:
    """Bring the map file at ``path`` to the current format: its snapshots moved to the
    store (:func:`move_measurements_to_store`) and ``format_version`` raised. A YAML map
    keeps its comments and layout (only those two keys change; a version 0 file, whose
    layout changed, is written again whole); a JSON map or a workbook is written again.
    A file already current is not touched. The previous version is kept in
    :data:`HISTORY_FOLDER`; ``expected_digest`` as in :func:`add_measurement`.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "carte.yaml"
    >>> _ = path.write_text("# ma carte\\nformat_version: 2\\njourney:\\n  title: Démo\\n",
    ...                     encoding="utf-8")
    >>> upgrade_map_file(path)
    MapUpgrade(from_version=2, moved=(), written=True, store=None)
    >>> print(path.read_text(encoding="utf-8"), end="")
    # ma carte
    format_version: 3
    journey:
      title: Démo
    >>> upgrade_map_file(path).written
    False
    """
    target = Path(path)
    before = target.read_bytes()
    digest = hashlib.sha256(before).hexdigest()
    if expected_digest is not None and digest != expected_digest:
        raise ConflictError(target)
    m = load_map(target)  # a file that cannot be read is refused before anything is written
    version = _written_version(target, before)
    if m.measurements:
        moved = move_measurements_to_store(target, expected_digest=digest)
        return MapUpgrade(version, tuple(moved), True, store_path(target, m.measurements_ref))
    if version is not None and version >= FORMAT_VERSION:
        return MapUpgrade(version, (), False)
    text = None
    if version is not None and version >= DEFAULT_VERSION and format_of(target) == "yaml":
        text = _versioned_yaml(before.decode("utf-8-sig"))
        loads_map(text, fmt="yaml", source=str(target))  # what replaces the file is valid
    keep_version(target)
    if text is not None:
        write_text_atomic(target, text)
    else:
        save_map(m, target)
    return MapUpgrade(version, (), True)


def _written_version(target: Path, data: bytes) -> int | None:
    """The ``format_version`` a YAML or JSON map file states (absent: version 1); None for
    a workbook. Only called on a file :func:`load_map` has read."""
    fmt = format_of(target)
    if fmt == "xlsx":
        return None
    text = data.decode("utf-8-sig")
    parse = parse_yaml if fmt == "yaml" else parse_json
    version = parse(text, str(target)).data.get("format_version", DEFAULT_VERSION)
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def _versioned_yaml(text: str) -> str:
    """The YAML ``text`` with ``format_version`` set to the current one (comments kept)."""
    yaml = _round_trip()
    tree: Any = yaml.load(text)
    _set_current_version(tree)
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def _set_current_version(tree: Any) -> None:
    if "format_version" in tree:
        tree["format_version"] = FORMAT_VERSION
    else:
        tree.insert(0, "format_version", FORMAT_VERSION)


def _store_written(store: FolderStore, written: list[MetricSnapshot]) -> None:
    """Store the snapshots written in a map; one already stored under its id is kept once
    (same content) or stored under a new id (different content): nothing is lost."""
    for snapshot in written:
        known = {e.id for e in store.entries()}
        if snapshot.id in known:
            if store.get(snapshot.id) == snapshot:
                continue
            snapshot = snapshot.model_copy(update={"id": unique_id(snapshot.id, known)})
        store.add(snapshot)


def _point_to_store(target: Path, before: bytes, m: JourneyMap, ref: MeasurementsRef) -> JourneyMap:
    """Rewrite the map at ``target`` without written snapshots and with ``ref``."""
    fmt = format_of(target)
    if fmt == "yaml":
        text = _referenced_yaml(before.decode("utf-8-sig"), ref)
        if text is not None:
            saved = loads_map(text, fmt="yaml", source=str(target))
            keep_version(target)
            write_text_atomic(target, text)
            return saved
    updated = m.model_copy(update={"measurements": [], "measurements_ref": ref})
    keep_version(target)
    return save_map(JourneyMap.model_validate(updated.model_dump()), target)


def upsert_opportunities(
    path: str | Path, opportunities: list[Opportunity], *, expected_digest: str | None = None
) -> JourneyMap:
    """Write ``opportunities`` into the map file at ``path``: each replaces the map's
    opportunity with the same id, or is appended; returns the map as saved.

    Same care as :func:`add_measurement`: comments kept (YAML), conflict detected with
    ``expected_digest`` (:class:`ConflictError`), previous version kept, atomic write.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "carte.yaml"
    >>> _ = path.write_text("# ma carte\\njourney:\\n  title: Démo\\n", encoding="utf-8")
    >>> o = Opportunity(id="opp-1", title="Simulateur", impact=4, effort_unknown=True)
    >>> m = upsert_opportunities(path, [o], expected_digest=file_digest(path))
    >>> m = upsert_opportunities(path, [o.model_copy(update={"effort": 2})])
    >>> [(x.id, x.effort) for x in m.opportunities]
    [('opp-1', 2)]
    """
    target = Path(path)
    before = target.read_bytes()
    if expected_digest is not None and hashlib.sha256(before).hexdigest() != expected_digest:
        raise ConflictError(target)
    if format_of(target) == "yaml":
        text = _upserted_yaml(before.decode("utf-8"), opportunities)
        saved = loads_map(text, fmt="yaml", source=str(target))
        keep_version(target)
        write_text_atomic(target, text)
        return saved
    m = load_map(target)
    updated = m.model_copy(update={"opportunities": _upserted(m.opportunities, opportunities)})
    keep_version(target)
    return save_map(JourneyMap.model_validate(updated.model_dump()), target)


def _upserted(current: list[Opportunity], new: list[Opportunity]) -> list[Opportunity]:
    by_id = {o.id: o for o in new}
    kept = [by_id.pop(o.id, o) if o.id is not None else o for o in current]
    return [*kept, *(o for o in new if o.id in by_id)]


def _upserted_yaml(text: str, opportunities: list[Opportunity]) -> str:
    yaml = _round_trip()
    tree: Any = yaml.load(text)
    if tree.get("opportunities") is None:
        tree["opportunities"] = []
    entries = tree["opportunities"]
    for opportunity in opportunities:
        entry = opportunity.model_dump(mode="json", exclude_defaults=True)
        if opportunity.done_on is not None:
            entry["done_on"] = opportunity.done_on
        index = next(
            (
                k
                for k, e in enumerate(entries)
                if isinstance(e, dict) and e.get("id") == entry["id"]
            ),
            None,
        )
        if index is None:
            entries.append(entry)
        else:
            entries[index] = entry
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def _round_trip() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-fold the author's lines
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def keep_version(path: Path) -> Path:
    """Copy ``path`` into :data:`HISTORY_FOLDER` before it is replaced; returns the copy."""
    folder = path.parent / HISTORY_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    copy = folder / f"{path.stem}.{stamp}{path.suffix}"
    shutil.copy2(path, copy)
    return copy


def _referenced_yaml(text: str, ref: MeasurementsRef) -> str | None:
    """The YAML ``text`` without ``measurements`` and with ``measurements_ref`` (in its
    place, else at the end), ``format_version`` raised to the current one; None when the
    file is older than format 1 (rewritten whole instead)."""
    yaml = _round_trip()
    tree: Any = yaml.load(text)
    version = tree.get("format_version", DEFAULT_VERSION)
    if not isinstance(version, int) or version < DEFAULT_VERSION:
        return None
    keys = list(tree)
    position = keys.index("measurements") if "measurements" in tree else len(keys)
    if "measurements" in tree:
        del tree["measurements"]
    if "measurements_ref" in tree:
        position = list(tree).index("measurements_ref")
        del tree["measurements_ref"]
    tree.insert(position, "measurements_ref", ref.model_dump(mode="json", exclude_none=True))
    _set_current_version(tree)
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()
