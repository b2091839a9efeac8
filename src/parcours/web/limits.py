"""Rate limits on failed logins and API token attempts, counted in the database.

``parcours serve`` runs one process per core: a count kept in one process's memory would
let an attacker try ``workers x max_failures`` passwords per window (one server per core,
and more with several servers on one PostgreSQL). Every failure is a row of
``login_failures`` instead, keyed by the SHA-256 of what is limited (a user name, a client
address), so every process sees the same count; rows older than the window are deleted as
new failures arrive.

>>> import sqlalchemy as sa
>>> from sqlalchemy.orm import Session, sessionmaker
>>> from parcours.web.tables import Base
>>> engine = sa.create_engine("sqlite://")
>>> Base.metadata.create_all(engine)
>>> limiter = FailureLimiter(sessionmaker(engine), "login", max_failures=2, window_seconds=60)
>>> limiter.fail("alice", now=0.0); limiter.fail("alice", now=1.0)
>>> limiter.blocked("alice", now=2.0), limiter.blocked("alice", now=62.0)
(True, False)
>>> limiter.blocked("bob", now=2.0)
False
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from parcours.web.tables import LoginFailure


class FailureLimiter:
    """At most ``max_failures`` failures per key in any ``window_seconds``, within ``scope``
    (``login``, ``token``: the same address counts apart for each)."""

    def __init__(
        self,
        sessions: sessionmaker[Any],
        scope: str,
        *,
        max_failures: int = 5,
        window_seconds: float = 300.0,
    ) -> None:
        self.sessions = sessions
        self.scope = scope
        self.max_failures = max_failures
        self.window_seconds = window_seconds

    def blocked(self, key: str, *, now: float, db: Session | None = None) -> bool:
        """Whether ``key`` has used up its failures in the window ending at ``now`` (seconds
        since the epoch); ``db``: the request's session to read with (no second connection
        on every API request), else one of its own."""
        counted = (
            select(func.count())
            .select_from(LoginFailure)
            .where(
                LoginFailure.scope == self.scope,
                LoginFailure.key_hash == _digest(key),
                LoginFailure.at > now - self.window_seconds,
            )
        )
        if db is not None:
            return int(db.scalar(counted) or 0) >= self.max_failures
        with self.sessions() as own:
            return int(own.scalar(counted) or 0) >= self.max_failures

    def fail(self, key: str, *, now: float) -> None:
        """Count one failure of ``key`` at ``now`` (and forget those past every window)."""
        with self.sessions() as db:
            past = LoginFailure.at <= now - self.window_seconds
            db.execute(delete(LoginFailure).where(LoginFailure.scope == self.scope, past))
            db.add(LoginFailure(scope=self.scope, key_hash=_digest(key), at=now))
            db.commit()

    def clear(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful login)."""
        with self.sessions() as db:
            db.execute(
                delete(LoginFailure).where(
                    LoginFailure.scope == self.scope, LoginFailure.key_hash == _digest(key)
                )
            )
            db.commit()


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
