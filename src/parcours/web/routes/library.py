"""A workspace's maps as a library: upload a map file, duplicate, rename, the trash."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from parcours.io import MapFileError
from parcours.services import map_changes, uploads
from parcours.web import map_library, maps, workspaces
from parcours.web.errors import FormError, NotFoundError
from parcours.web.pages import Db, Who, int_form, open_map, page
from parcours.web.tables import Role, Workspace


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.post("/workspaces/{workspace_id}/maps/upload")
    def upload_map(
        request: Request,
        db: Db,
        who: Who,
        workspace_id: int,
        file: Annotated[UploadFile | None, File()] = None,
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        workspaces.require_role(db, workspace_id, user, Role.EDITOR)
        workspace = db.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFoundError()
        if file is None:
            raise FormError("file")
        name = file.filename or ""
        data = file.file.read(uploads.upload_limit_bytes(name) + 1)
        try:
            text, _ = uploads.read_uploaded_map(data, name)
        except MapFileError as exc:
            return page(
                request,
                "upload_error.html.j2",
                who,
                422,
                workspace=workspace,
                problem=exc.message(who.lang),
            )
        summary = f"upload {uploads.display_name(name)}"
        record = maps.create_map(db, workspace, user, text, summary=summary)
        return RedirectResponse(f"/maps/{record.id}", status_code=303)

    @app.post("/maps/{map_id}/duplicate")
    def duplicate(db: Db, who: Who, map_id: int, csrf: Annotated[str, Form()] = "") -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        copy = map_library.duplicate_map(db, record, user, who.lang)
        return RedirectResponse(f"/maps/{copy.id}", status_code=303)

    @app.post("/maps/{map_id}/rename")
    def rename(
        db: Db,
        who: Who,
        map_id: int,
        title: Annotated[str, Form(max_length=map_changes.TITLE_MAX_CHARS * 2)] = "",
        base_revision: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        base = int_form(base_revision, "base_revision")
        map_library.rename_map(db, record, user, title, base=base)
        return RedirectResponse(f"/maps/{map_id}", status_code=303)

    @app.post("/maps/{map_id}/delete")
    def delete(db: Db, who: Who, map_id: int, csrf: Annotated[str, Form()] = "") -> Response:
        who.require_user()
        who.check_csrf(csrf)
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        map_library.trash_map(db, record)
        return RedirectResponse(f"/workspaces/{record.workspace_id}/trash", status_code=303)

    @app.post("/maps/{map_id}/restore")
    def restore(db: Db, who: Who, map_id: int, csrf: Annotated[str, Form()] = "") -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record = map_library.trashed_map(db, map_id)
        workspaces.require_role(db, record.workspace_id, user, Role.EDITOR)
        map_library.restore_map(db, record)
        return RedirectResponse(f"/maps/{map_id}", status_code=303)

    @app.get("/workspaces/{workspace_id}/trash")
    def trash(request: Request, db: Db, who: Who, workspace_id: int) -> Response:
        user = who.require_user()
        role = workspaces.require_role(db, workspace_id, user, Role.VIEWER)
        workspace = db.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFoundError()
        return page(
            request,
            "trash.html.j2",
            who,
            workspace=workspace,
            role=role,
            can_edit=role.allows(Role.EDITOR),
            records=map_library.trash_of(db, workspace_id),
        )
