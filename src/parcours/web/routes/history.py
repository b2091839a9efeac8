"""A map's history: every revision, the diff of two, restoring one as a new revision."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response

from parcours.web import map_library, maps
from parcours.web.db import aware
from parcours.web.pages import Db, Who, open_map, page
from parcours.web.tables import Role, Workspace

HISTORY_SHOWN = 200


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/maps/{map_id}/history")
    def history(request: Request, db: Db, who: Who, map_id: int) -> Response:
        record, role = open_map(db, who, map_id, Role.VIEWER)
        return page(
            request,
            "history.html.j2",
            who,
            record=record,
            workspace=db.get(Workspace, record.workspace_id),
            can_edit=role.allows(Role.EDITOR),
            revisions=maps.revisions_of(db, map_id, limit=HISTORY_SHOWN),
            aware=aware,
        )

    @app.get("/maps/{map_id}/diff")
    def diff(
        request: Request, db: Db, who: Who, map_id: int, old: int = 0, new: int = 0
    ) -> Response:
        record, role = open_map(db, who, map_id, Role.VIEWER)
        diff = map_library.revision_diff(db, record, old, new)
        return page(
            request,
            "diff.html.j2",
            who,
            record=record,
            workspace=db.get(Workspace, record.workspace_id),
            can_edit=role.allows(Role.EDITOR),
            old=diff.old,
            new=diff.new,
            changes=diff.changes,
            text_diff=diff.text,
            aware=aware,
        )

    @app.post("/maps/{map_id}/revisions/{number}/restore")
    def restore_revision(
        db: Db, who: Who, map_id: int, number: int, csrf: Annotated[str, Form()] = ""
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        map_library.restore_revision(db, record, number, user)
        return RedirectResponse(f"/maps/{map_id}/history", status_code=303)
