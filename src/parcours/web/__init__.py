"""The team web app (``parcours serve``): accounts, workspaces, maps, revisions, share links.

Routes (:mod:`parcours.web.app`) are thin and call :mod:`parcours.services`; the database
(:mod:`parcours.web.db`, SQLite by default, PostgreSQL by URL) is migrated by Alembic on
start; pages are Jinja2 with htmx served from the package (no CDN).
"""

from parcours.web.app import create_app
from parcours.web.context import WebSettings

__all__ = ["WebSettings", "create_app"]
