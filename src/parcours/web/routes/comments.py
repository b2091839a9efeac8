"""Comments on a map's steps: add (any member), resolve and reopen (editors)."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form
from fastapi.responses import RedirectResponse, Response

from parcours.web import comments
from parcours.web.pages import Db, Who, open_map
from parcours.web.tables import Role


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.post("/maps/{map_id}/comments")
    def add_comment(
        db: Db,
        who: Who,
        map_id: int,
        step: Annotated[str, Form(max_length=200)] = "",
        body: Annotated[str, Form(max_length=comments.COMMENT_MAX_CHARS * 2)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = open_map(db, who, map_id, Role.VIEWER)
        comment = comments.add_comment(db, record, step, user, body)
        return RedirectResponse(f"/maps/{map_id}#comment-{comment.id}", status_code=303)

    for action, resolved in (("resolve", True), ("reopen", False)):
        _add_resolve_route(app, action, resolved)


def _add_resolve_route(app: FastAPI, action: str, resolved: bool) -> None:
    @app.post(f"/maps/{{map_id}}/comments/{{comment_id}}/{action}")
    def set_resolved(
        db: Db, who: Who, map_id: int, comment_id: int, csrf: Annotated[str, Form()] = ""
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        open_map(db, who, map_id, Role.EDITOR)
        comments.set_resolved(db, map_id, comment_id, user, resolved)
        return RedirectResponse(f"/maps/{map_id}#comment-{comment_id}", status_code=303)
