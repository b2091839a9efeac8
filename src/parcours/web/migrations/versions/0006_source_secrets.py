"""Database sources' URLs sealed at rest (their passwords were stored in plain text).

Every ``data_sources.url`` not yet sealed is replaced by its Fernet token under the server's
key (:mod:`parcours.web.source_secrets`: ``PARCOURS_SECRET_KEY``, else ``secret.key`` in the
data folder, created 0600). Downgrading opens them again.

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

from parcours.web import source_secrets

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_SOURCES = sa.table("data_sources", sa.column("id", sa.Integer), sa.column("url", sa.Text))


def _data_dir() -> Path | None:
    found = context.config.attributes.get("data_dir")
    return Path(found) if found is not None else None


def _rewrite(sealing: bool) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_SOURCES.c.id, _SOURCES.c.url).where(_SOURCES.c.url.is_not(None))
    ).all()
    data_dir = _data_dir()
    for row_id, url in rows:
        if source_secrets.is_sealed(url) == sealing:
            continue  # already in the wanted form
        value = (
            source_secrets.seal(url, data_dir) if sealing else source_secrets.unseal(url, data_dir)
        )
        connection.execute(sa.update(_SOURCES).where(_SOURCES.c.id == row_id).values(url=value))


def upgrade() -> None:
    """Seal the URLs stored in plain text."""
    _rewrite(sealing=True)


def downgrade() -> None:
    """Store the URLs in plain text again."""
    _rewrite(sealing=False)
