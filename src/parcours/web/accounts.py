"""Accounts: argon2 password hashes and browser sessions (the login rate limit is in
:mod:`parcours.web.limits`).

A session cookie holds a random token; the database keeps only its SHA-256, so a leaked
database does not let anyone in. Each session has its own CSRF token for the forms.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session as DbSession

from parcours.web.db import aware, now
from parcours.web.tables import Session, User

SESSION_DAYS = 14
PASSWORD_MIN_CHARS = 10
HASHER = PasswordHasher()
"""argon2id with the library's recommended cost (tests swap in a cheaper one)."""


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``."""
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``.

    >>> password_matches(hash_password("correct horse"), "correct horse")
    True
    """
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, so that they take as long as known ones."""
    return HASHER.hash("parcours: no such user")


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of a session or share token: what the database stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_password() -> str:
    """A random password for a new admin (about 96 bits)."""
    return secrets.token_urlsafe(12)


def create_user(
    db: DbSession,
    username: str,
    password: str,
    *,
    display_name: str = "",
    is_admin: bool = False,
    language: str | None = None,
) -> User:
    """Add an account (the caller commits)."""
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        language=language,
        is_admin=is_admin,
        created_at=now(),
    )
    db.add(user)
    db.flush()
    return user


def authenticate(db: DbSession, username: str, password: str) -> User | None:
    """The user whose name and password these are, or None (same time either way)."""
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        password_matches(_dummy_hash(), password)
        return None
    return user if password_matches(user.password_hash, password) else None


@dataclass(frozen=True)
class OpenedSession:
    """A new session: the cookie token (shown once) and the stored row."""

    token: str
    row: Session


def open_session(db: DbSession, user: User) -> OpenedSession:
    """Start a session for ``user`` (the caller commits)."""
    token = secrets.token_urlsafe(32)
    moment = now()
    row = Session(
        token_hash=token_digest(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=moment,
        expires_at=moment + timedelta(days=SESSION_DAYS),
    )
    db.add(row)
    db.flush()
    return OpenedSession(token, row)


_SESSION_USER = (
    select(Session, User)
    .join(User, User.id == Session.user_id)
    .where(Session.token_hash == bindparam("token_hash"))
)
"""Built once: SQLAlchemy keeps its cache key (computing it was a visible share of a page)."""


def session_user(db: DbSession, token: str | None) -> tuple[Session, User] | None:
    """The live session and user of a cookie token, or None (unknown or expired)."""
    if not token:
        return None
    found = db.execute(_SESSION_USER, {"token_hash": token_digest(token)}).first()
    if found is None or aware(found[0].expires_at) <= now():
        return None
    return found[0], found[1]


def close_session(db: DbSession, token: str | None) -> None:
    """End the session of a cookie token (nothing if unknown)."""
    if token:
        db.execute(delete(Session).where(Session.token_hash == token_digest(token)))
