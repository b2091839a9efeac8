"""Who belongs where: a workspace owner manages its members and their roles (a workspace
always keeps at least one owner), the admin creates accounts and workspaces, and everyone
changes their own password (the old one checked first).

>>> MemberError("last_owner").message("fr").split(" :")[0]
'Un espace doit garder au moins un propriétaire'
"""

from __future__ import annotations

import re

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DbSession

from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.web import accounts, workspaces
from parcours.web.errors import ForbiddenError, NotFoundError
from parcours.web.tables import Membership, Role, Session, User, Workspace

MESSAGES = Catalog(
    {
        "last_owner": {
            "en": "A workspace must keep at least one owner: make someone else owner first.",
            "fr": "Un espace doit garder au moins un propriétaire : nommez d'abord quelqu'un "
            "d'autre propriétaire.",
        },
        "unknown_user": {
            "en": "There is no account named '{name}' (the admin creates accounts).",
            "fr": "Il n'y a pas de compte nommé « {name} » (l'administrateur crée les comptes).",
        },
        "not_member": {
            "en": "'{name}' is not a member of this workspace.",
            "fr": "« {name} » n'est pas membre de cet espace.",
        },
        "bad_role": {
            "en": "Unknown role '{role}': expected owner, editor or viewer.",
            "fr": "Rôle « {role} » inconnu : attendu owner, editor ou viewer.",
        },
        "username_taken": {
            "en": "The user name '{name}' is already taken.",
            "fr": "Le nom d'utilisateur « {name} » est déjà pris.",
        },
        "bad_username": {
            "en": "A user name has 2 to 80 letters, digits, dots, dashes or underscores.",
            "fr": "Un nom d'utilisateur a de 2 à 80 lettres, chiffres, points, tirets ou "
            "soulignés.",
        },
        "short_password": {
            "en": "A password needs at least {n} characters.",
            "fr": "Un mot de passe doit avoir au moins {n} caractères.",
        },
        "wrong_password": {
            "en": "The current password is wrong: the password was not changed.",
            "fr": "Le mot de passe actuel est faux : le mot de passe n'a pas été changé.",
        },
        "empty_name": {
            "en": "A workspace needs a name.",
            "fr": "Un espace de travail doit avoir un nom.",
        },
    }
)

USERNAME = re.compile(r"[A-Za-z0-9_.-]{2,80}")
WORKSPACE_NAME_MAX_CHARS = 200


class MemberError(ParcoursError):
    """A membership, account or password change that is refused (HTTP 422)."""

    status = 422

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


def parse_role(value: str) -> Role:
    """The role named ``value`` (:class:`MemberError` otherwise).

    >>> parse_role("editor")
    <Role.EDITOR: 'editor'>
    """
    try:
        return Role(value)
    except ValueError:
        raise MemberError("bad_role", role=value[:20]) from None


def members_of(db: DbSession, workspace_id: int) -> list[tuple[User, Role]]:
    """A workspace's members by user name, with their role."""
    rows = db.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace_id)
        .order_by(User.username)
    ).all()
    return [(user, Role(role)) for user, role in rows]


def user_named(db: DbSession, username: str) -> User:
    """The account named ``username`` (:class:`MemberError` otherwise)."""
    user = db.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise MemberError("unknown_user", name=username.strip()[:80])
    return user


def set_member(db: DbSession, workspace: Workspace, username: str, role: Role) -> None:
    """Add ``username`` to the workspace with ``role``, or change their role (the last
    owner cannot become less than owner)."""
    user = user_named(db, username)
    current = workspaces.role_in(db, workspace.id, user)
    if current is Role.OWNER and role is not Role.OWNER:
        _keep_an_owner(db, workspace.id)
    workspaces.add_member(db, workspace, user, role)


def remove_member(db: DbSession, workspace: Workspace, username: str) -> None:
    """Take ``username`` out of the workspace (never its last owner)."""
    user = user_named(db, username)
    current = workspaces.role_in(db, workspace.id, user)
    if current is None:
        raise MemberError("not_member", name=user.username)
    if current is Role.OWNER:
        _keep_an_owner(db, workspace.id)
    db.execute(
        delete(Membership).where(
            Membership.workspace_id == workspace.id, Membership.user_id == user.id
        )
    )
    db.flush()


def _keep_an_owner(db: DbSession, workspace_id: int) -> None:
    owners = db.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == workspace_id, Membership.role == Role.OWNER.value)
    )
    if (owners or 0) <= 1:
        raise MemberError("last_owner")


def require_admin(user: User) -> None:
    """Refuse anyone but an admin (403)."""
    if not user.is_admin:
        raise ForbiddenError("admin")


def create_account(
    db: DbSession, username: str, display_name: str, password: str, *, is_admin: bool
) -> User:
    """A new account (checked name and password length; the caller commits)."""
    username = username.strip()
    if not USERNAME.fullmatch(username):
        raise MemberError("bad_username")
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise MemberError("username_taken", name=username)
    _check_new_password(password)
    return accounts.create_user(
        db, username, password, display_name=display_name.strip()[:200], is_admin=is_admin
    )


def create_workspace(db: DbSession, name: str, owner_username: str) -> Workspace:
    """A new workspace owned by ``owner_username``."""
    name = name.strip()
    if not name or len(name) > WORKSPACE_NAME_MAX_CHARS:
        raise MemberError("empty_name")
    return workspaces.create_workspace(db, name, user_named(db, owner_username))


def change_password(
    db: DbSession, user: User, old_password: str, new_password: str, *, keep: Session | None
) -> None:
    """Change ``user``'s password if ``old_password`` is right; every other session of the
    user ends (``keep``, the session asking, stays open)."""
    if not accounts.password_matches(user.password_hash, old_password):
        raise MemberError("wrong_password")
    _check_new_password(new_password)
    user.password_hash = accounts.hash_password(new_password)
    others = delete(Session).where(Session.user_id == user.id)
    if keep is not None:
        others = others.where(Session.id != keep.id)
    db.execute(others)
    db.flush()


def _check_new_password(password: str) -> None:
    if len(password) < accounts.PASSWORD_MIN_CHARS:
        raise MemberError("short_password", n=accounts.PASSWORD_MIN_CHARS)


def workspace_or_404(db: DbSession, workspace_id: int) -> Workspace:
    """The workspace ``workspace_id`` (:class:`NotFoundError` otherwise)."""
    workspace = db.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFoundError()
    return workspace
