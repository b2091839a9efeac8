"""Comments on the steps of a map, with ``@user`` mentions of workspace members and resolve.

A mention is stored (one row per member named) when the comment is written, so that each
member finds the comments that name them; names that are not members stay plain text.

>>> segments("Ask @alice and @bob.", {"alice"})
[('Ask ', False), ('alice', True), (' and @bob.', False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession

from parcours.web import maps
from parcours.web.db import now
from parcours.web.errors import FormError, NotFoundError
from parcours.web.tables import CommentMention, MapRecord, Membership, StepComment, User

COMMENT_MAX_CHARS = 4000
MENTION = re.compile(r"@([A-Za-z0-9_.-]{1,80})")
MENTIONS_SHOWN = 30


@dataclass(frozen=True)
class CommentView:
    """A comment ready to show: its author's name, its text cut into plain and mention
    pieces, and where it is (map and step)."""

    comment: StepComment
    author: str
    segments: tuple[tuple[str, bool], ...]
    map_id: int
    map_title: str
    step_name: str


def segments(body: str, members: set[str]) -> list[tuple[str, bool]]:
    """``body`` cut into ``(text, is_mention)`` pieces (a mention's text is the user name)."""
    pieces: list[tuple[str, bool]] = []
    plain, start = "", 0
    for match in MENTION.finditer(body):
        plain += body[start : match.start()]
        if match.group(1) in members:
            if plain:
                pieces.append((plain, False))
            pieces.append((match.group(1), True))
            plain = ""
        else:
            plain += match.group(0)
        start = match.end()
    plain += body[start:]
    if plain:
        pieces.append((plain, False))
    return pieces


def member_names(db: DbSession, workspace_id: int) -> dict[str, int]:
    """The user names of a workspace's members, with their ids."""
    rows = db.execute(
        select(User.username, User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace_id)
    ).all()
    return {name: user_id for name, user_id in rows}


def add_comment(
    db: DbSession, record: MapRecord, step_id: str, author: User, body: str
) -> StepComment:
    """Comment on step ``step_id`` of ``record`` and store its mentions (caller commits)."""
    body = body.strip()
    if not body or len(body) > COMMENT_MAX_CHARS:
        raise FormError("body")
    if step_id not in {s.id for s in maps.journey_of(record).steps}:
        raise FormError("step")
    comment = StepComment(
        map_id=record.id, step_id=step_id, author_id=author.id, body=body, created_at=now()
    )
    db.add(comment)
    db.flush()
    members = member_names(db, record.workspace_id)
    named = {m.group(1) for m in MENTION.finditer(body)} & set(members)
    for name in sorted(named):
        db.add(CommentMention(comment_id=comment.id, user_id=members[name]))
    db.flush()
    return comment


def set_resolved(db: DbSession, map_id: int, comment_id: int, user: User, resolved: bool) -> None:
    """Resolve (or reopen) a comment of map ``map_id``."""
    comment = db.get(StepComment, comment_id)
    if comment is None or comment.map_id != map_id:
        raise NotFoundError()
    comment.resolved_at = now() if resolved else None
    comment.resolved_by = user.id if resolved else None
    db.flush()


_MAP_COMMENTS = (
    select(StepComment, User.display_name)
    .outerjoin(User, User.id == StepComment.author_id)
    .where(StepComment.map_id == bindparam("map_id"))
    .order_by(StepComment.created_at, StepComment.id)
)
"""Built once: SQLAlchemy keeps its cache key."""


def comments_of(db: DbSession, record: MapRecord) -> list[CommentView]:
    """The comments of a map, in step order then oldest first."""
    rows = db.execute(_MAP_COMMENTS, {"map_id": record.id}).all()
    if not rows:  # most maps: no query for the members' names
        return []
    steps = maps.journey_of(record).steps
    order = {s.id: i for i, s in enumerate(steps)}
    names = {s.id: s.name for s in steps}
    members = set(member_names(db, record.workspace_id))
    views = [
        _view(comment, author, record, names.get(comment.step_id, comment.step_id), members)
        for comment, author in rows
    ]
    return sorted(views, key=lambda v: order.get(v.comment.step_id, len(order)))


def open_counts(views: list[CommentView]) -> dict[str, int]:
    """How many open (unresolved) comments each step has."""
    counts: dict[str, int] = {}
    for view in views:
        if view.comment.resolved_at is None:
            counts[view.comment.step_id] = counts.get(view.comment.step_id, 0) + 1
    return counts


def mentions_of(db: DbSession, user: User, workspace_id: int) -> list[CommentView]:
    """The latest comments of a workspace's maps that mention ``user`` (maps in the trash
    left out), newest first."""
    rows = db.execute(
        select(StepComment, User.display_name, MapRecord)
        .join(CommentMention, CommentMention.comment_id == StepComment.id)
        .join(MapRecord, MapRecord.id == StepComment.map_id)
        .outerjoin(User, User.id == StepComment.author_id)
        .where(
            CommentMention.user_id == user.id,
            MapRecord.workspace_id == workspace_id,
            MapRecord.deleted_at.is_(None),
        )
        .order_by(StepComment.created_at.desc(), StepComment.id.desc())
        .limit(MENTIONS_SHOWN)
    ).all()
    members = set(member_names(db, workspace_id))
    return [
        _view(comment, author, record, comment.step_id, members) for comment, author, record in rows
    ]


def _view(
    comment: StepComment, author: str | None, record: MapRecord, step_name: str, members: set[str]
) -> CommentView:
    return CommentView(
        comment,
        author or "—",
        tuple(segments(comment.body, members)),
        record.id,
        record.title,
        step_name,
    )
