"""A workspace's maps as a library: upload a map file, duplicate, rename, the trash."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from parcours.io import MapFileError, Problem
from parcours.services import map_changes, uploads
from parcours.web import map_library, maps, workspaces
from parcours.web.errors import FormError, NotFoundError
from parcours.web.pages import Db, Who, int_form, open_map, page
from parcours.web.tables import Role, Workspace

FORM_OVERHEAD_BYTES = 64 * 1024
UPLOAD_MAX_FIELDS = 32
"""Room for the multipart framing and the CSRF field around an upload's bytes."""


@dataclass(frozen=True)
class UploadForm:
    """An upload form: the file's first bytes (at most its limit + 1) and name, the CSRF
    token; ``data`` is None when the declared size was already too large to read."""

    data: bytes | None
    name: str
    csrf: str
    size: str


async def upload_form(request: Request) -> UploadForm:
    """Read an upload form, refusing a body whose declared length is past every limit
    before reading any of it (Starlette spools file parts to disk, never to memory)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > uploads.EXCEL_MAX_BYTES + FORM_OVERHEAD_BYTES:
        return UploadForm(None, "", "", f"{declared} bytes")
    form = await request.form(max_files=1, max_fields=UPLOAD_MAX_FIELDS)
    file, csrf = form.get("file"), form.get("csrf")
    token = csrf if isinstance(csrf, str) else ""
    if not isinstance(file, StarletteUpload):
        return UploadForm(b"", "", token, "")
    name = file.filename or ""
    data = await file.read(uploads.upload_limit_bytes(name) + 1)
    return UploadForm(data, name, token, f"{len(data)} bytes")


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.post("/workspaces/{workspace_id}/maps/upload")
    def upload_map(
        request: Request,
        db: Db,
        who: Who,
        workspace_id: int,
        form: Annotated[UploadForm, Depends(upload_form)],
    ) -> Response:
        user = who.require_user()
        workspaces.require_role(db, workspace_id, user, Role.EDITOR)
        workspace = db.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFoundError()
        if form.data is None:  # refused from its declared size: the body was never read
            problem = MapFileError(
                "upload",
                [Problem.of("too_large", limit=str(uploads.EXCEL_MAX_BYTES), got=form.size)],
            )
            return page(
                request,
                "upload_error.html.j2",
                who,
                413,
                workspace=workspace,
                problem=problem.message(who.lang),
            )
        who.check_csrf(form.csrf)
        if not form.name:
            raise FormError("file")
        try:
            text, _ = uploads.read_uploaded_map(form.data, form.name)
        except MapFileError as exc:
            return page(
                request,
                "upload_error.html.j2",
                who,
                422,
                workspace=workspace,
                problem=exc.message(who.lang),
            )
        summary = f"upload {uploads.display_name(form.name)}"
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
