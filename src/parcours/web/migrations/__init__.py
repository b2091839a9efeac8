"""Alembic migrations of the web app's database, run on start by
:func:`parcours.web.db.migrate`."""
