"""Personal API tokens: created by a logged-in user, shown once, kept only as a SHA-256.

A token acts with its user's roles in every workspace; it expires (optionally) and can be
revoked. The API finds a token's user with :func:`token_user`; failed attempts are counted
per client address by a :class:`~parcours.web.limits.FailureLimiter`.

>>> looks_like_token("prc_" + "a" * 43), looks_like_token("Bearer x")
(True, False)
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from parcours.web.accounts import token_digest
from parcours.web.db import aware, now
from parcours.web.errors import FormError, NotFoundError
from parcours.web.tables import ApiToken, User

TOKEN_PREFIX = "prc_"
"""Every token starts with it, so that secret scanners and people recognise one."""
TOKEN_BYTES = 32
TOKEN_NAME_MAX_CHARS = 100
TOKEN_EXPIRY_DAYS = (None, 7, 30, 90, 365)
"""The expiries the token page offers (None: never); the store accepts 1 to 3650 days."""
LAST_USED_PRECISION_SECONDS = 60
"""``last_used_at`` is written at most once a minute per token (reads stay cheap)."""

_TOKEN_SHAPE = re.compile(r"prc_[A-Za-z0-9_-]{20,100}")


def looks_like_token(text: str) -> bool:
    """Whether ``text`` has the shape of a token (checked before any database lookup)."""
    return _TOKEN_SHAPE.fullmatch(text) is not None


def create_token(
    db: DbSession, user: User, name: str, *, expires_days: int | None
) -> tuple[str, ApiToken]:
    """A new token of ``user``: its secret (shown once) and its row (the caller commits).

    A blank or overlong name, or an expiry outside 1..3650 days, is a :class:`FormError`.
    """
    name = name.strip()
    if not name or len(name) > TOKEN_NAME_MAX_CHARS:
        raise FormError("name")
    if expires_days is not None and not 1 <= expires_days <= 3650:
        raise FormError("expires_days")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    moment = now()
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_digest(secret),
        token_hint=secret[: len(TOKEN_PREFIX) + 4],
        created_at=moment,
        expires_at=moment + timedelta(days=expires_days) if expires_days else None,
    )
    db.add(row)
    db.flush()
    return secret, row


def token_is_live(row: ApiToken, moment: datetime) -> bool:
    """Whether a token still opens the API (not revoked, not expired)."""
    if row.revoked_at is not None:
        return False
    return row.expires_at is None or aware(row.expires_at) > moment


def token_user(db: DbSession, secret: str) -> User | None:
    """The user of a live token, or None (unknown, revoked, expired: all look the same)."""
    if not looks_like_token(secret):
        return None
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(secret)))
    moment = now()
    if row is None or not token_is_live(row, moment):
        return None
    last = row.last_used_at
    if last is None or (moment - aware(last)).total_seconds() >= LAST_USED_PRECISION_SECONDS:
        row.last_used_at = moment
        db.flush()
    return db.get(User, row.user_id)


def tokens_of(db: DbSession, user: User) -> list[ApiToken]:
    """Every token of ``user``, newest first (revoked and expired ones included)."""
    return list(
        db.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(db: DbSession, user: User, token_id: int) -> None:
    """Revoke one of ``user``'s tokens (another user's token is a :class:`NotFoundError`)."""
    row = db.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFoundError()
    if row.revoked_at is None:
        row.revoked_at = now()
    db.flush()
