"""Workspaces and their members' roles; every permission check starts from :func:`require_role`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from parcours.web.db import now
from parcours.web.errors import ForbiddenError, NotFoundError
from parcours.web.tables import Membership, Role, User, Workspace


def create_workspace(db: DbSession, name: str, owner: User) -> Workspace:
    """A new workspace whose owner is ``owner`` (the caller commits)."""
    workspace = Workspace(name=name, created_at=now())
    db.add(workspace)
    db.flush()
    add_member(db, workspace, owner, Role.OWNER)
    return workspace


def add_member(db: DbSession, workspace: Workspace, user: User, role: Role) -> Membership:
    """Give ``user`` a ``role`` in ``workspace`` (replacing any previous role)."""
    membership = db.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace.id, Membership.user_id == user.id
        )
    )
    if membership is None:
        membership = Membership(workspace_id=workspace.id, user_id=user.id, role=role.value)
        db.add(membership)
    else:
        membership.role = role.value
    db.flush()
    return membership


def role_in(db: DbSession, workspace_id: int, user: User) -> Role | None:
    """The role of ``user`` in the workspace, or None for a non-member."""
    value = db.scalar(
        select(Membership.role).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user.id
        )
    )
    return Role(value) if value is not None else None


def require_role(db: DbSession, workspace_id: int, user: User, needed: Role) -> Role:
    """The role of ``user`` if it allows ``needed``.

    A non-member gets :class:`NotFoundError` (a workspace's existence is not disclosed); a
    member with too low a role gets :class:`ForbiddenError`.
    """
    return checked_role(role_in(db, workspace_id, user), needed)


def checked_role(role: Role | None, needed: Role) -> Role:
    """``role`` if it allows ``needed``; a non-member (None) gets :class:`NotFoundError`, a
    member with too low a role :class:`ForbiddenError`.

    >>> checked_role(Role.EDITOR, Role.VIEWER)
    <Role.EDITOR: 'editor'>
    """
    if role is None:
        raise NotFoundError()
    if not role.allows(needed):
        raise ForbiddenError(needed.value)
    return role


def workspaces_of(db: DbSession, user: User) -> list[tuple[Workspace, Role]]:
    """The workspaces ``user`` belongs to, by name, with the role there."""
    rows = db.execute(
        select(Workspace, Membership.role)
        .join(Membership, Membership.workspace_id == Workspace.id)
        .where(Membership.user_id == user.id)
        .order_by(Workspace.name, Workspace.id)
    ).all()
    return [(workspace, Role(role)) for workspace, role in rows]
