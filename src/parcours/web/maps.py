"""Maps in the database: their document, their revisions with conflict detection, share links.

Saving is a compare-and-swap on the map's revision number: the save says which revision it
started from, and the row is updated only if that is still the latest one, so two people
editing one map never silently overwrite each other (the second gets
:class:`~parcours.web.errors.RevisionConflictError`), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import contextlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import defer
from sqlalchemy.orm.attributes import set_committed_value

from parcours.model import JourneyMap
from parcours.render import View
from parcours.rubric import RubricReport
from parcours.services import documents
from parcours.web import drawing_process, shared_cache
from parcours.web.accounts import token_digest
from parcours.web.db import aware, now
from parcours.web.errors import NotFoundError, RevisionConflictError
from parcours.web.memo import Memo
from parcours.web.tables import (
    MapRecord,
    Membership,
    Revision,
    Role,
    ShareLink,
    User,
    Workspace,
)

SHARE_TOKEN_BYTES = 32
PARSED_CACHE_SIZE = 64
"""Maps kept parsed (and drawn) in memory: parsing a YAML map costs far more than a page."""
EXPORT_CACHE_SIZE = 16
"""Exports kept in memory (a PDF is a few hundred kB and takes seconds to render)."""


def create_map(
    db: DbSession, workspace: Workspace, author: User, text: str, *, summary: str = ""
) -> MapRecord:
    """Store a map from its file text (validated first) as revision 1 (the caller commits)."""
    m = _parsed(text, "yaml")
    moment = now()
    record = MapRecord(
        workspace_id=workspace.id,
        title=m.journey.title,
        document=text,
        document_format="yaml",
        revision=1,
        created_at=moment,
        updated_at=moment,
    )
    db.add(record)
    db.flush()
    db.add(
        Revision(
            map_id=record.id,
            number=1,
            base_number=None,
            document=text,
            author_id=author.id,
            summary=summary,
            created_at=moment,
        )
    )
    db.flush()
    return record


def maps_in(db: DbSession, workspace_id: int) -> list[MapRecord]:
    """The maps of a workspace (not in the trash), most recently changed first."""
    return list(
        db.scalars(
            select(MapRecord)
            .where(MapRecord.workspace_id == workspace_id, MapRecord.deleted_at.is_(None))
            .order_by(MapRecord.updated_at.desc(), MapRecord.id.desc())
        )
    )


def get_map(db: DbSession, map_id: int) -> MapRecord:
    """The map ``map_id``, or :class:`NotFoundError` (also for a map in the trash)."""
    record = db.get(MapRecord, map_id)
    if record is None or record.deleted_at is not None:
        raise NotFoundError()
    return record


_MAP_WITH_ROLE = (
    select(MapRecord, Membership.role, Workspace)
    .join(Workspace, Workspace.id == MapRecord.workspace_id)
    .outerjoin(
        Membership,
        and_(
            Membership.workspace_id == MapRecord.workspace_id,
            Membership.user_id == bindparam("user_id"),
        ),
    )
    .where(MapRecord.id == bindparam("map_id"))
)
"""Built once: SQLAlchemy keeps its cache key (a join's key is costly to compute)."""


def map_with_role(
    db: DbSession, map_id: int, user_id: int
) -> tuple[MapRecord, Role | None, Workspace]:
    """The map ``map_id`` (:class:`NotFoundError` as :func:`get_map`), the role of user
    ``user_id`` in its workspace (None for a non-member) and the workspace: one query where
    the map page made three."""
    found = db.execute(_MAP_WITH_ROLE, {"map_id": map_id, "user_id": user_id}).first()
    if found is None or found[0].deleted_at is not None:
        raise NotFoundError()
    record, role, workspace = found
    return record, Role(role) if role is not None else None, workspace


def journey_of(record: MapRecord) -> JourneyMap:
    """The journey map held by ``record`` (parsed once per document text, then cached:
    callers make changed copies, never change it in place)."""
    return _parsed(record.document, record.document_format)


def drawing_of(record: MapRecord, view: View, lang: str) -> str:
    """The SVG drawing of one view of ``record``'s map, cached per document text."""
    key = (record.document, record.document_format, view, lang)
    return _DRAWN.get(key, lambda: _draw_or_read(record, view, lang))


def _draw_or_read(record: MapRecord, view: View, lang: str) -> str:
    """The drawing another server process kept, else drawn (and kept)."""
    name = shared_cache.digest(record.document, record.document_format, view.value, lang)
    drawn = shared_cache.DRAWN.made(  # one process draws, in its drawing child
        name, lambda: drawing_process.drawing_svg(journey_of(record), view, lang).encode()
    )
    return drawn.decode("utf-8")


def report_of(record: MapRecord) -> RubricReport:
    """The rubric report of ``record``'s map (``parcours check``'s), cached per text."""
    key = (record.document, record.document_format)
    return _REPORTS.get(key, lambda: documents.rubric_report(journey_of(record)))


def export_of(record: MapRecord, fmt: str, lang: str) -> bytes:
    """``record``'s map exported as ``fmt`` (a PDF takes seconds: the last few exports are
    kept per document text, so the map page's and every share link's PDF of one revision
    are rendered once)."""
    key = (record.document, record.document_format, fmt, lang)
    return _EXPORTS.get(key, lambda: documents.export_map(journey_of(record), fmt, lang))


def _parsed(document: str, fmt: str) -> JourneyMap:
    return _PARSED.get((document, fmt), lambda: _parse_or_read_twin(document, fmt))


def _parse_or_read_twin(document: str, fmt: str) -> JourneyMap:
    """The map of ``document``: from the JSON twin another server process kept (milliseconds,
    validated again), else parsed (seconds for a big map) and its twin kept."""
    key = shared_cache.digest(fmt, document)
    twin = shared_cache.PARSED.read(key)
    if twin is not None:
        with contextlib.suppress(ValueError):
            return JourneyMap.model_validate_json(twin)
    m = documents.parse_map_text(document, fmt, f"map.{fmt}")
    shared_cache.PARSED.write(key, twin_json(m))
    return m


def twin_json(m: JourneyMap) -> bytes:
    """The JSON twin of ``m``: only the fields the map sets, so that the map read back from it
    has the same fields set (a save writes only those: with every default in the twin, a save
    in another server process wrote ``outcome: null``... into every step and the whole YAML
    again instead of the one step that changed).

    >>> from parcours.services import documents
    >>> m = documents.parse_map_text(documents.template_map_text("bank-account", "en"))
    >>> JourneyMap.model_validate_json(twin_json(m)).model_dump(exclude_unset=True) == (
    ...     m.model_dump(exclude_unset=True))
    True
    """
    return m.model_dump_json(exclude_unset=True).encode("utf-8")


_PARSED = Memo[tuple[str, str], JourneyMap](PARSED_CACHE_SIZE)
_DRAWN = Memo[tuple[str, str, View, str], str](PARSED_CACHE_SIZE)
_REPORTS = Memo[tuple[str, str], RubricReport](PARSED_CACHE_SIZE)
_EXPORTS = Memo[tuple[str, str, str, str], bytes](EXPORT_CACHE_SIZE)


def save_map(
    db: DbSession, record: MapRecord, m: JourneyMap, author: User, *, base: int, summary: str
) -> MapRecord:
    """Save ``m`` as the next revision of ``record`` if ``base`` is still its latest revision.

    Raises :class:`RevisionConflictError` otherwise; nothing is written then.
    """
    check_base(record, base)
    kept = m.assign_missing_ids()
    text = documents.map_text(kept, record.document_format, ids_assigned=True)
    _PARSED.put((text, record.document_format), kept)  # not parsed back
    twin = shared_cache.digest(record.document_format, text)  # nor by the other processes
    shared_cache.PARSED.write(twin, twin_json(kept))
    return save_text(db, record, text, m.journey.title, author, base=base, summary=summary)


def check_base(record: MapRecord, base: int) -> None:
    """:class:`RevisionConflictError` at once if ``record`` (read by this request) is already
    past ``base``: the save would fail its compare-and-swap anyway, after writing the map's
    text for nothing (five editors saving once a second on one map conflict half the time).
    The compare-and-swap in :func:`save_text` still decides the saves that pass this."""
    if record.revision != base:
        raise RevisionConflictError(base=base, current=record.revision)


def save_text(
    db: DbSession,
    record: MapRecord,
    text: str,
    title: str,
    author: User,
    *,
    base: int,
    summary: str,
) -> MapRecord:
    """Save a document text (already validated) as :func:`save_map` saves a map."""
    moment = now()
    result = db.execute(
        update(MapRecord)
        .where(MapRecord.id == record.id, MapRecord.revision == base)
        .values(revision=base + 1, document=text, title=title, updated_at=moment)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        db.rollback()
        current = db.scalar(select(MapRecord.revision).where(MapRecord.id == record.id))
        raise RevisionConflictError(base=base, current=current or 0)
    db.add(
        Revision(
            map_id=record.id,
            number=base + 1,
            base_number=base,
            document=text,
            author_id=author.id,
            summary=summary[:500],
            created_at=moment,
        )
    )
    db.flush()
    # what was written, known here: refresh() would read the whole document back (150 KB for
    # 40 steps) while the map's row is locked
    written = {"revision": base + 1, "document": text, "title": title, "updated_at": moment}
    for name, value in written.items():
        set_committed_value(record, name, value)
    return record


_LATEST_REVISIONS = (
    select(Revision, User.display_name)
    # the list shows numbers, authors and summaries: each document is the whole map (150 KB
    # for 40 steps), eight of them per map page, sent by PostgreSQL and decoded for nothing
    .options(defer(Revision.document, raiseload=True))
    .outerjoin(User, User.id == Revision.author_id)
    .where(Revision.map_id == bindparam("map_id"))
    .order_by(Revision.number.desc())
    .limit(bindparam("limit"))
)


def revisions_of(db: DbSession, map_id: int, *, limit: int = 20) -> list[tuple[Revision, str]]:
    """The latest revisions of a map, newest first, with their author's display name."""
    rows = db.execute(_LATEST_REVISIONS, {"map_id": map_id, "limit": limit}).all()
    return [(revision, name or "—") for revision, name in rows]


def create_share(
    db: DbSession, record: MapRecord, author: User, *, expires_days: int | None
) -> tuple[str, ShareLink]:
    """A new read-only link: its token (shown once: only its SHA-256 is kept) and its row."""
    token = secrets.token_urlsafe(SHARE_TOKEN_BYTES)
    moment = now()
    link = ShareLink(
        map_id=record.id,
        token_hash=token_digest(token),
        token_hint=token[:6],
        created_by=author.id,
        created_at=moment,
        expires_at=moment + timedelta(days=expires_days) if expires_days else None,
    )
    db.add(link)
    db.flush()
    return token, link


def share_is_live(link: ShareLink, moment: datetime) -> bool:
    """Whether a link still opens its map (not revoked, not expired)."""
    if link.revoked_at is not None:
        return False
    return link.expires_at is None or aware(link.expires_at) > moment


def shared_map(db: DbSession, token: str) -> MapRecord:
    """The map a live share token opens, or :class:`NotFoundError`."""
    link = db.scalar(select(ShareLink).where(ShareLink.token_hash == token_digest(token)))
    if link is None or not share_is_live(link, now()):
        raise NotFoundError()
    return get_map(db, link.map_id)


def shares_of(db: DbSession, map_id: int) -> list[ShareLink]:
    """Every share link of a map, newest first."""
    return list(
        db.scalars(
            select(ShareLink)
            .where(ShareLink.map_id == map_id)
            .order_by(ShareLink.created_at.desc(), ShareLink.id.desc())
        )
    )


def revoke_share(db: DbSession, map_id: int, share_id: int) -> None:
    """Revoke a link of this map (:class:`NotFoundError` for another map's link)."""
    link = db.get(ShareLink, share_id)
    if link is None or link.map_id != map_id:
        raise NotFoundError()
    if link.revoked_at is None:
        link.revoked_at = now()
    db.flush()


def journey_in(document: str, fmt: str) -> JourneyMap:
    """The journey map written in ``document`` (parsed once per text, then cached)."""
    return _parsed(document, fmt)
