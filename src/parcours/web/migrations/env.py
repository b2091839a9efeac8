"""Alembic environment: migrates the connection given by :func:`parcours.web.db.migrate`.

Importing it outside a migration (e.g. while collecting doctests) does nothing.
"""

from __future__ import annotations

from alembic import context

from parcours.web.tables import Base


def run_migrations() -> None:
    """Run the pending migrations on the connection handed over by ``migrate``."""
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # only inside an Alembic command
    run_migrations()
