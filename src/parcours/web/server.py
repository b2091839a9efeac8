"""Starting the web app: the first admin, the demo workspace, then the HTTP server.

The first run (no user in the database) creates the ``admin`` account, with the password of
``PARCOURS_ADMIN_PASSWORD`` or a random one printed once. ``--demo`` adds the online-bank
workspace with the bank map of ``parcours demo``'s template (created once, kept afterwards).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from parcours.services import documents
from parcours.services.demo import DEMO_TEMPLATE
from parcours.web import accounts, maps, workspaces
from parcours.web.app import create_app
from parcours.web.context import WebSettings, WebState
from parcours.web.tables import User, Workspace

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD_VARIABLE = "PARCOURS_ADMIN_PASSWORD"
DEMO_WORKSPACE = {"en": "Online bank", "fr": "Banque en ligne"}


@dataclass(frozen=True)
class Bootstrap:
    """What the start-up created: the admin's password if it was generated, the demo."""

    admin_created: bool
    generated_password: str | None
    demo_workspace_id: int | None


def bootstrap(
    state: WebState, *, demo: bool, lang: str = "fr", admin_password: str | None = None
) -> Bootstrap:
    """Create the admin on an empty database, and the demo workspace when asked."""
    with state.sessions() as db:
        created, generated = _ensure_admin(db, admin_password)
        demo_id = _ensure_demo(db, lang) if demo else None
        db.commit()
    return Bootstrap(created, generated, demo_id)


def _ensure_admin(db: DbSession, password: str | None) -> tuple[bool, str | None]:
    if db.scalar(select(func.count()).select_from(User)):
        return False, None
    given = password or os.environ.get(ADMIN_PASSWORD_VARIABLE)
    chosen = given or accounts.new_password()
    accounts.create_user(db, ADMIN_USERNAME, chosen, display_name="Admin", is_admin=True)
    return True, None if given else chosen


def _ensure_demo(db: DbSession, lang: str) -> int:
    admin = db.scalar(select(User).where(User.username == ADMIN_USERNAME))
    if admin is None:
        admin = db.scalar(select(User).where(User.is_admin.is_(True)).order_by(User.id))
    assert admin is not None, "the admin is created before the demo"
    name = DEMO_WORKSPACE.get(lang, DEMO_WORKSPACE["en"])
    existing = db.scalar(select(Workspace).where(Workspace.name == name))
    if existing is not None:
        return existing.id
    workspace = workspaces.create_workspace(db, name, admin)
    text = documents.template_map_text(DEMO_TEMPLATE, lang)
    maps.create_map(db, workspace, admin, text, summary=f"template {DEMO_TEMPLATE}.{lang}")
    return workspace.id


def prepare(settings: WebSettings, *, demo: bool, lang: str) -> tuple[FastAPI, Bootstrap]:
    """The app, its database migrated, its admin and (when asked) demo workspace created."""
    app = create_app(settings)
    state: WebState = app.state.web
    return app, bootstrap(state, demo=demo, lang=lang)


def run(app: FastAPI, *, host: str, port: int) -> None:  # pragma: no cover - serves forever
    """Serve ``app`` on ``host:port`` until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning")
