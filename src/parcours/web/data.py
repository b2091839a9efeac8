"""A map's data in the web app: its sources (uploads, database tables) with their column
mapping, and its measured snapshots kept in the database.

The readers are the CLI's (:mod:`parcours.events`, :mod:`parcours.events.feedback`): the
mapping form shows their guess (:func:`~parcours.events.mapping.guess_mapping`,
:func:`~parcours.events.feedback.guess_feedback_mapping`) beside the first rows, and what
the user confirms is saved with the source as the CLI's mapping fields (JSON).

Snapshots: :class:`DbMeasurementStore` implements the measurement store interface of
:mod:`parcours.io.measurement_store` (docs/adr/0004) on the ``map_snapshots`` table, one row
per snapshot, so a map's measurements live with its document in the same database (backed
up, migrated and shared with it) and the renders read them as from a ``.measures/`` folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from parcours.engine import Engine
from parcours.events.canonical import ROW, RawSource, quote
from parcours.events.database import safe_url
from parcours.events.feedback import (
    TEXT_FIELDS,
    FeedbackMapping,
    ScoreKind,
    guess_feedback_mapping,
    kind_by_values,
)
from parcours.events.mapping import FIELDS, ColumnMapping, guess_mapping
from parcours.events.readers import read_source
from parcours.i18n import Catalog
from parcours.io.measurement_store import MeasurementStoreError, SnapshotEntry
from parcours.model import JourneyMap, MetricSnapshot
from parcours.render import View
from parcours.web import drawing_process, maps, shared_cache, source_secrets
from parcours.web.db import now
from parcours.web.errors import NotFoundError, WebError
from parcours.web.memo import Memo
from parcours.web.tables import DataSource, MapRecord, StoredSnapshot, User
from parcours.web.uploads import UPLOAD_FOLDER, ReceivedUpload

KINDS = ("events", "feedback")
PREVIEW_ROWS = 10
SCORE_KINDS = tuple(k.value for k in ScoreKind)
FEEDBACK_FIELDS = ("customer_id", "timestamp", *TEXT_FIELDS)
REQUIRED = {"events": ("case_id", "timestamp", "activity"), "feedback": ("timestamp",)}
"""The fields a mapping must fill, by kind of data."""
REFUSED_URL_SCHEMES = ("sqlite", "duckdb", "file")
"""Database URLs naming a file of the server are refused: a user may read a database
server they can reach, never the server's own files."""

MESSAGES = Catalog(
    {
        "missing_fields": {
            "en": "Choose a column for {fields}: these are required.",
            "fr": "Choisissez une colonne pour {fields} : elles sont obligatoires.",
        },
        "unknown_column": {
            "en": "'{column}' (chosen for {field}) is not a column of {source}.",
            "fr": "« {column} » (choisie pour {field}) n'est pas une colonne de {source}.",
        },
        "bad_mapping": {
            "en": "This mapping is not valid: {reason}",
            "fr": "Cette correspondance n'est pas valide : {reason}",
        },
        "bad_url": {
            "en": "Give a database URL such as postgresql+psycopg://user@host/base and a table "
            "name. Database files of the server (sqlite, duckdb) are not accepted.",
            "fr": "Indiquez une URL de base de données comme postgresql+psycopg://user@hote/base "
            "et un nom de table. Les fichiers de base du serveur (sqlite, duckdb) ne sont pas "
            "acceptés.",
        },
        "bad_kind": {
            "en": "A database table can hold an event log only (feedback: upload a file).",
            "fr": "Une table de base de données ne peut fournir qu'un journal d'événements "
            "(retours clients : envoyez un fichier).",
        },
    }
)


class DataFormError(WebError):
    """A data form refused, with its French and English message."""

    status = 422

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


# --------------------------------------------------------------------------- sources
def uploads_folder(data_dir: Path) -> Path:
    """Where uploads are kept: ``<data>/uploads``."""
    return data_dir / UPLOAD_FOLDER


def source_location(source: DataSource, data_dir: Path) -> str:
    """What the readers open: the stored file, or the database URL (unsealed with the
    server's key: :mod:`parcours.web.source_secrets`)."""
    if source.stored_name is not None:
        return str(uploads_folder(data_dir) / source.stored_name)
    return source_secrets.expand(source_secrets.unseal(source.url or "", data_dir))


def add_received(
    db: DbSession, record: MapRecord, author: User, kind: str, received: ReceivedUpload
) -> DataSource:
    """Record the file of a received upload (:func:`add_upload`; the caller commits)."""
    assert received.path is not None and received.name is not None  # a file was received
    return add_upload(
        db,
        record,
        author,
        kind=kind,
        display=received.name,
        stored=received.path.name,
        size_bytes=received.size_bytes,
    )


def add_upload(
    db: DbSession,
    record: MapRecord,
    author: User,
    *,
    kind: str,
    display: str,
    stored: str,
    size_bytes: int,
) -> DataSource:
    """Record an upload already written under its generated name (the caller commits)."""
    if kind not in KINDS:
        raise NotFoundError()
    source = DataSource(
        map_id=record.id,
        kind=kind,
        display_name=display,
        stored_name=stored,
        size_bytes=size_bytes,
        created_by=author.id,
        created_at=now(),
    )
    db.add(source)
    db.flush()
    return source


def add_database(
    db: DbSession, record: MapRecord, author: User, *, url: str, table: str, data_dir: Path
) -> DataSource:
    """Record a database table as an event log source (file URLs are refused); the URL is
    stored sealed with the server's key (:mod:`parcours.web.source_secrets`)."""
    url, table = url.strip(), table.strip()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not scheme or not table or scheme.startswith(REFUSED_URL_SCHEMES) or len(url) > 2000:
        raise DataFormError("bad_url")
    source_secrets.check_references(url)  # ${PARCOURS_SOURCE_…} only, and set
    source = DataSource(
        map_id=record.id,
        kind="events",
        display_name=f"{safe_url(url)} · {table}"[:300],
        url=source_secrets.seal(url, data_dir),
        table_name=table[:300],
        size_bytes=0,
        created_by=author.id,
        created_at=now(),
    )
    db.add(source)
    db.flush()
    return source


def sources_of(db: DbSession, map_id: int) -> list[DataSource]:
    """The sources of a map, newest first."""
    return list(
        db.scalars(
            select(DataSource)
            .where(DataSource.map_id == map_id)
            .order_by(DataSource.created_at.desc(), DataSource.id.desc())
        )
    )


def source_of(db: DbSession, map_id: int, source_id: int) -> DataSource:
    """A source of this map (:class:`NotFoundError` for another map's)."""
    source = db.get(DataSource, source_id)
    if source is None or source.map_id != map_id:
        raise NotFoundError()
    return source


# --------------------------------------------------------------------------- mapping
@dataclass(frozen=True)
class Preview:
    """The columns and first rows of a source, and the mapping to show in the form."""

    columns: list[str]
    rows: list[list[str]]
    mapping: dict[str, Any]
    """Field -> column (``scores``: column -> kind for feedback), plus format, timezone."""
    saved: bool
    """Whether ``mapping`` is the one saved with the source (else the readers' guess)."""


def preview(source: DataSource, data_dir: Path) -> Preview:
    """Read the first rows of ``source`` with the CLI's readers, and its mapping: the saved
    one, or the guess (feedback score types unknown by name are told by their values)."""
    engine = Engine.duckdb()

    def build(raw: RawSource) -> Preview:
        table = engine.execute(engine.sql(f"SELECT * FROM ({raw.query}) LIMIT {PREVIEW_ROWS}"))
        columns = [c for c in table.column_names if c != ROW]
        rows = [
            ["" if row[c] is None else str(row[c])[:200] for c in columns]
            for row in table.to_pylist()
        ]
        saved = saved_mapping(source)
        if saved is not None:
            return Preview(columns, rows, saved, True)
        if source.kind == "events":
            return Preview(columns, rows, dict(guess_mapping(columns).columns), False)
        return Preview(columns, rows, _feedback_guess(engine, raw, columns), False)

    location = source_location(source, data_dir)
    return read_source(location, build, engine=engine, table=source.table_name)


def _feedback_guess(engine: Engine, raw: RawSource, columns: list[str]) -> dict[str, Any]:
    guess = guess_feedback_mapping(columns)
    scores: dict[str, str] = {}
    for column, kind in guess.pop("scores").items():
        if kind is None:
            value = f"TRY_CAST({quote(column)} AS DOUBLE)"
            found = engine.execute(
                engine.sql(f"SELECT min({value}) AS low, max({value}) AS high FROM ({raw.query})")
            ).to_pylist()[0]
            kind = kind_by_values(found["low"], found["high"])
        if kind.value not in scores.values():
            scores[column] = kind.value
    return {**guess, "scores": scores}


def saved_mapping(source: DataSource) -> dict[str, Any] | None:
    """The mapping saved with ``source`` (None: not chosen yet)."""
    return json.loads(source.mapping_json) if source.mapping_json else None


def mapping_from_form(
    kind: str, form: dict[str, str], columns: list[str], source_name: str = "?"
) -> dict[str, Any]:
    """The mapping the form chose, checked with the CLI's models (FR/EN refusals)."""
    chosen: dict[str, Any] = {}
    fields = FIELDS if kind == "events" else FEEDBACK_FIELDS
    for name in fields:
        column = form.get(f"field_{name}", "").strip()
        if column:
            if column not in columns:
                raise DataFormError("unknown_column", column=column, field=name, source=source_name)
            chosen[name] = column
    if kind == "feedback":
        scores: dict[str, str] = {}
        for kind_name in SCORE_KINDS:
            column = form.get(f"score_{kind_name}", "").strip()
            if column:
                if column not in columns:
                    raise DataFormError(
                        "unknown_column", column=column, field=kind_name, source=source_name
                    )
                scores[column] = kind_name
        chosen["scores"] = scores
    for option in ("format", "timezone"):
        value = form.get(option, "").strip()
        if value:
            chosen[option] = value[:200]
    required = REQUIRED[kind]
    missing = [name for name in required if name not in chosen]
    if missing:
        raise DataFormError("missing_fields", fields=", ".join(missing))
    model: type[ColumnMapping] | type[FeedbackMapping] = (
        ColumnMapping if kind == "events" else FeedbackMapping
    )
    try:
        model.model_validate(chosen)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "-"
        raise DataFormError("bad_mapping", reason=f"{where}: {first['msg']}") from None
    return chosen


def save_mapping(source: DataSource, mapping: dict[str, Any]) -> None:
    """Keep ``mapping`` with its source (the caller commits)."""
    source.mapping_json = json.dumps(mapping, ensure_ascii=False, sort_keys=True)


def events_mapping(source: DataSource) -> ColumnMapping | None:
    """The saved event-log mapping of ``source`` (None: let the readers guess)."""
    saved = saved_mapping(source)
    return None if saved is None else ColumnMapping.model_validate(saved)


def feedback_mapping(source: DataSource) -> FeedbackMapping | None:
    """The saved feedback mapping of ``source`` (None: let the readers guess)."""
    saved = saved_mapping(source)
    return None if saved is None else FeedbackMapping.model_validate(saved)


# --------------------------------------------------------------------------- snapshots
class DbMeasurementStore:
    """The snapshots of one map in the ``map_snapshots`` table: the
    :class:`~parcours.io.measurement_store.MeasurementStore` interface on the database.

    Each call uses the session it was given; :meth:`add` flushes, the caller commits.
    """

    def __init__(self, db: DbSession, map_id: int) -> None:
        self.db, self.map_id = db, map_id

    def __repr__(self) -> str:
        return f"DbMeasurementStore(map_id={self.map_id})"

    def add(self, snapshot: MetricSnapshot, *, source: str = "") -> None:
        """Store ``snapshot`` (an id already stored for this map is refused)."""
        if any(e.id == snapshot.id for e in self.entries()):
            raise MeasurementStoreError("exists", store=f"map {self.map_id}", id=snapshot.id)
        body = json.dumps(
            snapshot.model_dump(mode="json", exclude_defaults=True),
            ensure_ascii=False,
            allow_nan=False,
        )
        self.db.add(
            StoredSnapshot(
                map_id=self.map_id,
                snapshot_id=snapshot.id,
                taken_at=snapshot.taken_at.replace(tzinfo=None),
                source=(source or snapshot.source)[:300],
                body=body,
                created_at=now(),
            )
        )
        self.db.flush()

    def entries(self) -> list[SnapshotEntry]:
        rows = self.db.execute(
            select(StoredSnapshot.snapshot_id, StoredSnapshot.taken_at)
            .where(StoredSnapshot.map_id == self.map_id)
            .order_by(StoredSnapshot.taken_at, StoredSnapshot.snapshot_id)
        ).all()
        return [SnapshotEntry(snapshot_id, taken_at) for snapshot_id, taken_at in rows]

    def get(self, snapshot_id: str) -> MetricSnapshot:
        row = self.db.scalar(
            select(StoredSnapshot.body).where(
                StoredSnapshot.map_id == self.map_id, StoredSnapshot.snapshot_id == snapshot_id
            )
        )
        if row is None:
            known = ", ".join(e.id for e in self.entries()) or "-"
            raise MeasurementStoreError(
                "missing", store=f"map {self.map_id}", id=snapshot_id, known=known
            )
        return MetricSnapshot.model_validate_json(row)

    def latest(self) -> MetricSnapshot | None:
        found = self.entries()
        return self.get(found[-1].id) if found else None

    def load_all(self) -> list[MetricSnapshot]:
        bodies = self.db.scalars(
            select(StoredSnapshot.body)
            .where(StoredSnapshot.map_id == self.map_id)
            .order_by(StoredSnapshot.taken_at, StoredSnapshot.snapshot_id)
        )
        return [MetricSnapshot.model_validate_json(body) for body in bodies]


def snapshots_of(db: DbSession, map_id: int) -> list[StoredSnapshot]:
    """The stored snapshots of a map, newest first (without their reports)."""
    return list(
        db.scalars(
            select(StoredSnapshot)
            .where(StoredSnapshot.map_id == map_id)
            .order_by(StoredSnapshot.taken_at.desc(), StoredSnapshot.id.desc())
        )
    )


def snapshot_row(db: DbSession, map_id: int, snapshot_pk: int) -> StoredSnapshot:
    """A stored snapshot of this map (:class:`NotFoundError` for another map's)."""
    row = db.get(StoredSnapshot, snapshot_pk)
    if row is None or row.map_id != map_id:
        raise NotFoundError()
    return row


def headline(row: StoredSnapshot) -> dict[str, float | None]:
    """The journey-level customers and conversion of a stored snapshot (for the list)."""
    values = json.loads(row.body).get("values", [])
    found: dict[str, float | None] = {"customers": None, "conversion_from_start": None}
    for value in values:
        journey_level = value.get("step") is None and value.get("segment") is None
        if journey_level and value.get("measure") in found:
            found[value["measure"]] = value.get("value")
    return found


# --------------------------------------------------------------------------- measured map
DRAWINGS_KEPT = 32
_DRAWINGS = Memo[tuple[str, tuple[int, ...], View, str], str](DRAWINGS_KEPT)


def measured_journey(db: DbSession, record: MapRecord) -> JourneyMap:
    """The map of ``record`` with its stored snapshots in ``measurements`` (in memory)."""
    m = maps.journey_of(record)
    stored = DbMeasurementStore(db, record.id).load_all()
    if not stored:
        return m
    ids = {s.id for s in stored}
    written = [s for s in m.measurements if s.id not in ids]
    return m.model_copy(update={"measurements": [*written, *stored]})


def measured_drawing(db: DbSession, record: MapRecord, view: View, lang: str) -> str:
    """The drawing of one view with the measured values, cached per document and snapshots
    (a map never measured is drawn by :func:`parcours.web.maps.drawing_of`)."""
    keys = tuple(db.scalars(select(StoredSnapshot.id).where(StoredSnapshot.map_id == record.id)))
    if not keys:
        return maps.drawing_of(record, view, lang)
    key = (record.document, keys, view, lang)
    return _DRAWINGS.get(  # one request draws, the others wait for it
        key, lambda: _draw_or_read(db, record, keys, view, lang)
    )


def _draw_or_read(
    db: DbSession, record: MapRecord, keys: tuple[int, ...], view: View, lang: str
) -> str:
    """The measured drawing another server process kept, else drawn (and kept)."""
    name = shared_cache.digest(record.document, repr(sorted(keys)), view.value, lang)
    drawn = shared_cache.DRAWN.made(  # one process draws, in its drawing child
        name,
        lambda: drawing_process.drawing_svg(measured_journey(db, record), view, lang).encode(),
    )
    return drawn.decode("utf-8")
