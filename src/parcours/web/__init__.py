"""The team web app (``parcours serve``): accounts, workspaces, maps, revisions, share links.

Routes (:mod:`parcours.web.app`) are thin and call :mod:`parcours.services`; the database
(:mod:`parcours.web.db`, SQLite by default, PostgreSQL by URL) is migrated by Alembic on
start; pages are Jinja2 with htmx served from the package (no CDN).

The names below are imported on first use (:mod:`parcours.lazy`): the drawing process of a
server (:mod:`parcours.web.drawing_process`) imports this package to reach its module, and
importing the whole app there cost each server process four CPU seconds at its start.

>>> from parcours import web
>>> web.WebSettings.__module__
'parcours.web.context'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parcours.lazy import lazy_exports

if TYPE_CHECKING:
    from parcours.web.app import create_app
    from parcours.web.context import WebSettings

__getattr__ = lazy_exports(__name__, {"create_app": "app", "WebSettings": "context"})

__all__ = ["WebSettings", "create_app"]
