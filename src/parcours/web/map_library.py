"""A workspace's shelf of maps: duplicate, rename, the trash (delete and restore), and the
history of a map (one revision, restoring an old one as a new revision).

A map in the trash keeps every revision and share link; it only disappears from the lists,
its pages and its links (:func:`parcours.web.maps.get_map` refuses it) until restored.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from parcours.services import documents, map_changes
from parcours.web import maps
from parcours.web.db import now
from parcours.web.errors import NotFoundError, RevisionConflictError
from parcours.web.tables import MapRecord, Revision, User, Workspace

COPY_SUFFIX = {"en": " (copy)", "fr": " (copie)"}


def duplicate_map(db: DbSession, record: MapRecord, author: User, lang: str) -> MapRecord:
    """A new map of the same workspace holding a copy of ``record``'s document, titled
    "… (copy)" (the caller commits)."""
    m = maps.journey_of(record)
    suffix = COPY_SUFFIX.get(lang, COPY_SUFFIX["en"])
    title = m.journey.title[: map_changes.TITLE_MAX_CHARS - len(suffix)] + suffix
    text = documents.map_text(map_changes.retitle(m, title), record.document_format)
    workspace = db.get(Workspace, record.workspace_id)
    if workspace is None:
        raise NotFoundError()
    return maps.create_map(db, workspace, author, text, summary=f"copy of map {record.id}")


def rename_map(
    db: DbSession, record: MapRecord, author: User, title: str, *, base: int
) -> MapRecord:
    """Save ``record`` with a new journey title as its next revision (conflict-checked)."""
    if record.revision != base:  # refuse a stale form before any parsing
        raise RevisionConflictError(base=base, current=record.revision)
    m = map_changes.retitle(maps.journey_of(record), title)
    return maps.save_map(db, record, m, author, base=base, summary="rename")


def trash_map(db: DbSession, record: MapRecord) -> None:
    """Move a map to its workspace's trash."""
    record.deleted_at = now()
    db.flush()


def trashed_map(db: DbSession, map_id: int) -> MapRecord:
    """The map ``map_id`` whether in the trash or not (:class:`NotFoundError` if none)."""
    record = db.get(MapRecord, map_id)
    if record is None:
        raise NotFoundError()
    return record


def restore_map(db: DbSession, record: MapRecord) -> None:
    """Take a map out of the trash (nothing happens to a map that is not in it)."""
    record.deleted_at = None
    db.flush()


def trash_of(db: DbSession, workspace_id: int) -> list[MapRecord]:
    """The maps in a workspace's trash, most recently deleted first."""
    return list(
        db.scalars(
            select(MapRecord)
            .where(MapRecord.workspace_id == workspace_id, MapRecord.deleted_at.is_not(None))
            .order_by(MapRecord.deleted_at.desc(), MapRecord.id.desc())
        )
    )


def revision_of(db: DbSession, map_id: int, number: int) -> Revision:
    """Revision ``number`` of a map (:class:`NotFoundError` if it has none)."""
    found = db.scalar(select(Revision).where(Revision.map_id == map_id, Revision.number == number))
    if found is None:
        raise NotFoundError()
    return found


@dataclass(frozen=True)
class RevisionDiff:
    """Two revisions of a map and what changed between them (the history page and the
    API's diff show the same)."""

    old: Revision
    new: Revision
    changes: map_changes.MapDiff
    """Per element: added, removed, moved, changed with each field's old and new value."""
    text: str
    """The unified diff of the two stored texts."""


def revision_diff(db: DbSession, record: MapRecord, old: int = 0, new: int = 0) -> RevisionDiff:
    """Revisions ``old`` and ``new`` of ``record`` compared (0: the current revision, and
    the one before ``new``); :class:`NotFoundError` if either does not exist."""
    new = new or record.revision
    old = old or max(new - 1, 1)
    before = revision_of(db, record.id, old)
    after = revision_of(db, record.id, new)
    fmt = record.document_format
    changes = map_changes.diff_maps(
        maps.journey_in(before.document, fmt), maps.journey_in(after.document, fmt)
    )
    text = map_changes.unified_text_diff(
        before.document, after.document, old_name=f"r{old}", new_name=f"r{new}"
    )
    return RevisionDiff(before, after, changes, text)


def restore_revision(db: DbSession, record: MapRecord, number: int, author: User) -> MapRecord:
    """Save the content of revision ``number`` as the map's next revision: nothing is lost,
    the revisions in between stay in the history."""
    old = revision_of(db, record.id, number)
    m = maps.journey_in(old.document, record.document_format)
    summary = f"restore revision {number}"
    return maps.save_text(
        db, record, old.document, m.journey.title, author, base=record.revision, summary=summary
    )
