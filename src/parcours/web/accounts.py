"""Accounts: argon2 password hashes, browser sessions and the login rate limit.

A session cookie holds a random token; the database keeps only its SHA-256, so a leaked
database does not let anyone in. Each session has its own CSRF token for the forms.

>>> limiter = LoginLimiter(max_failures=2, window_seconds=60)
>>> limiter.fail("alice", now=0.0); limiter.fail("alice", now=1.0)
>>> limiter.blocked("alice", now=2.0), limiter.blocked("alice", now=62.0)
(True, False)
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import deque
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


class LoginLimiter:
    """At most ``max_failures`` failed logins per key (user name, address) per window."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 300.0) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        return times

    def blocked(self, key: str, *, now: float) -> bool:
        """Whether ``key`` has used up its failures in the current window."""
        with self._lock:
            return len(self._recent(key, now)) >= self.max_failures

    def fail(self, key: str, *, now: float) -> None:
        """Count one failed login for ``key``."""
        with self._lock:
            self._recent(key, now).append(now)

    def clear(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful login)."""
        with self._lock:
            self._failures.pop(key, None)
