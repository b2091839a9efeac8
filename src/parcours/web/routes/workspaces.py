"""The workspaces a user belongs to, their maps, a new map from a template."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response

from parcours import templates as builtin_templates
from parcours.services import documents
from parcours.web import comments, maps, workspaces
from parcours.web.errors import NotFoundError
from parcours.web.pages import Db, Who, page
from parcours.web.tables import Role, Workspace


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/workspaces")
    def workspace_list(request: Request, db: Db, who: Who) -> Response:
        user = who.require_user()
        return page(request, "workspaces.html.j2", who, spaces=workspaces.workspaces_of(db, user))

    @app.get("/workspaces/{workspace_id}")
    def workspace_page(request: Request, db: Db, who: Who, workspace_id: int) -> Response:
        user = who.require_user()
        role = workspaces.require_role(db, workspace_id, user, Role.VIEWER)
        workspace = db.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFoundError()
        records = maps.maps_in(db, workspace_id)
        return page(
            request,
            "workspace.html.j2",
            who,
            workspace=workspace,
            role=role,
            records=records,
            templates=builtin_templates.available(),
            mentions=comments.mentions_of(db, user, workspace_id),
        )

    @app.post("/workspaces/{workspace_id}/maps")
    def create_map(
        db: Db,
        who: Who,
        workspace_id: int,
        template: Annotated[str, Form(max_length=80)],
        csrf: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        user = who.require_user()
        who.check_csrf(csrf)
        workspaces.require_role(db, workspace_id, user, Role.EDITOR)
        workspace = db.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFoundError()
        name, _, lang = template.rpartition(".")
        text = documents.template_map_text(name, lang)
        record = maps.create_map(db, workspace, user, text, summary=f"template {template}")
        return RedirectResponse(f"/maps/{record.id}", status_code=303)
