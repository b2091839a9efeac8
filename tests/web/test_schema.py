"""The schema the migrations make is the one the tables declare (no drift between
``tables.py`` and ``migrations/versions``), on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from parcours.web.tables import Base
from web.conftest import Site


def test_migrations_make_the_declared_tables(site: Site) -> None:
    with site.state.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
