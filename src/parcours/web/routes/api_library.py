"""The JSON API's history, comments, library and drawing routes: a revision's document, the
diff of two revisions, restoring one; comments on steps (list, add, resolve / reopen) and
mentions; duplicate, rename, the trash and restoring from it; every view's drawing.

Same stores and permissions as the pages (:mod:`parcours.web.routes.history`,
:mod:`~parcours.web.routes.comments`, :mod:`~parcours.web.routes.library`,
:mod:`~parcours.web.routes.drawings`): viewers read and comment, editors change.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Query
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session as DbSession

from parcours.io import MapFileError, Problem
from parcours.services import documents, uploads
from parcours.web import comments, data, drawings, map_library, maps, members, workspaces
from parcours.web.api import API_PREFIX, ApiError, Caller, MapOut, map_out
from parcours.web.api_models import (
    CommentOut,
    CommentState,
    DiffOut,
    MapRename,
    MemberOut,
    NewComment,
    NewRole,
    TrashedMapOut,
    ViewOut,
    comment_out,
    diff_out,
    trashed_out,
)
from parcours.web.errors import NotFoundError
from parcours.web.pages import Db, map_views, open_map
from parcours.web.routes.api import api_route
from parcours.web.routes.library import UploadForm, upload_form
from parcours.web.tables import MapRecord, Role

_CONFLICT: dict[int | str, dict[str, object]] = {
    409: {"description": "base_revision is no longer the latest revision."}
}
_MAP_FILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}
_SVG = {200: {"description": "The drawing (SVG).", "content": {"image/svg+xml": {}}}}


def register(app: FastAPI) -> None:
    """Add the history, comment, library, member and drawing routes of the API to ``app``."""
    _history_routes(app)
    _comment_routes(app)
    _library_routes(app)
    _upload_route(app)
    _member_routes(app)
    _view_routes(app)


def _history_routes(app: FastAPI) -> None:
    @api_route(
        app,
        "GET",
        "/maps/{map_id}/revisions/{number}/document",
        tags=["history"],
        responses={200: {"description": "The map file of that revision, as JSON."}},
    )
    def revision_document(db: Db, caller: Caller, map_id: int, number: int) -> JSONResponse:
        """The map's document as it was at revision ``number`` (the file format, JSON)."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        old = map_library.revision_of(db, map_id, number)
        m = maps.journey_in(old.document, record.document_format)
        return JSONResponse(json.loads(documents.map_text(m, "json")))

    @api_route(app, "GET", "/maps/{map_id}/diff", tags=["history"])
    def diff(
        db: Db,
        caller: Caller,
        map_id: int,
        old: Annotated[int, Query(ge=0)] = 0,
        new: Annotated[int, Query(ge=0)] = 0,
    ) -> DiffOut:
        """What changed between two revisions (default: the latest and the one before), per
        element (added, removed, moved, changed with each field's old and new value), and
        the unified diff of the stored texts."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        diff = map_library.revision_diff(db, record, old, new)
        return diff_out(diff.old.number, diff.new.number, diff.changes, diff.text)

    @api_route(app, "POST", "/maps/{map_id}/revisions/{number}/restore", tags=["history"])
    def restore_revision(db: Db, caller: Caller, map_id: int, number: int) -> MapOut:
        """Save revision ``number``'s exact text as the next revision (nothing is lost)."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        return map_out(map_library.restore_revision(db, record, number, user))


def _comment_routes(app: FastAPI) -> None:
    @api_route(app, "GET", "/maps/{map_id}/comments", tags=["comments"])
    def list_comments(db: Db, caller: Caller, map_id: int) -> list[CommentOut]:
        """The map's comments, in step order then oldest first."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        return [comment_out(view) for view in comments.comments_of(db, record)]

    @api_route(app, "POST", "/maps/{map_id}/comments", tags=["comments"], status_code=201)
    def add_comment(
        db: Db, caller: Caller, map_id: int, new: Annotated[NewComment, Body()]
    ) -> CommentOut:
        """Comment on a step (any member); ``@user`` names of members become mentions."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        comment = comments.add_comment(db, record, new.step, user, new.body)
        return _comment(db, record, comment.id)

    @api_route(app, "PATCH", "/maps/{map_id}/comments/{comment_id}", tags=["comments"])
    def set_resolved(
        db: Db,
        caller: Caller,
        map_id: int,
        comment_id: int,
        state: Annotated[CommentState, Body()],
    ) -> CommentOut:
        """Resolve (``{"resolved": true}``) or reopen a comment (editors and owners)."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        comments.set_resolved(db, map_id, comment_id, user, state.resolved)
        return _comment(db, record, comment_id)

    @api_route(app, "GET", "/workspaces/{workspace_id}/mentions", tags=["comments"])
    def mentions(db: Db, caller: Caller, workspace_id: int) -> list[CommentOut]:
        """The latest comments of the workspace that mention the token's user."""
        user = caller.require_user()
        workspaces.require_role(db, workspace_id, user, Role.VIEWER)
        return [comment_out(view) for view in comments.mentions_of(db, user, workspace_id)]


def _comment(db: DbSession, record: MapRecord, comment_id: int) -> CommentOut:
    for view in comments.comments_of(db, record):
        if view.comment.id == comment_id:
            return comment_out(view)
    raise NotFoundError()


def _library_routes(app: FastAPI) -> None:
    @api_route(app, "PATCH", "/maps/{map_id}", tags=["maps"], responses=_CONFLICT)
    def rename(db: Db, caller: Caller, map_id: int, change: Annotated[MapRename, Body()]) -> MapOut:
        """Rename the map (a new revision; 409 if ``base_revision`` is not the latest)."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        saved = map_library.rename_map(db, record, user, change.title, base=change.base_revision)
        return map_out(saved)

    @api_route(app, "POST", "/maps/{map_id}/duplicate", tags=["maps"], status_code=201)
    def duplicate(db: Db, caller: Caller, map_id: int) -> MapOut:
        """A copy of the map in the same workspace, titled "… (copy)" ("… (copie)")."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        return map_out(map_library.duplicate_map(db, record, user, caller.lang))

    @api_route(app, "GET", "/workspaces/{workspace_id}/trash", tags=["maps"])
    def trash(db: Db, caller: Caller, workspace_id: int) -> list[TrashedMapOut]:
        """The maps in the workspace's trash, most recently deleted first."""
        workspaces.require_role(db, workspace_id, caller.require_user(), Role.VIEWER)
        return [trashed_out(record) for record in map_library.trash_of(db, workspace_id)]

    @api_route(app, "POST", "/maps/{map_id}/restore", tags=["maps"])
    def restore(db: Db, caller: Caller, map_id: int) -> MapOut:
        """Take a map out of the trash, with all its revisions, comments and links."""
        user = caller.require_user()
        record = map_library.trashed_map(db, map_id)
        workspaces.require_role(db, record.workspace_id, user, Role.EDITOR)
        map_library.restore_map(db, record)
        return map_out(record)


def _view_routes(app: FastAPI) -> None:
    @api_route(app, "GET", "/maps/{map_id}/views", tags=["documents"])
    def list_views(db: Db, caller: Caller, map_id: int) -> list[ViewOut]:
        """The views drawn for the map (journey map, experience, funnel once measured…)."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        return [
            ViewOut(
                view=v.value,
                heading=v.heading(caller.lang),
                url=f"{API_PREFIX}/maps/{map_id}/views/{v.value}.svg",
            )
            for v in map_views(data.measured_journey(db, record))
        ]

    @api_route(
        app,
        "GET",
        "/maps/{map_id}/views/{view}.svg",
        tags=["documents"],
        response_class=Response,
        responses=_SVG,
    )
    def view_drawing(db: Db, caller: Caller, map_id: int, view: str) -> Response:
        """One view's drawing with the stored measurements, as ``parcours render -f svg``."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        shown = drawings.view_named(view, map_views(data.measured_journey(db, record)))
        if shown is None:
            raise NotFoundError()
        version = drawings.version_of(db, record)
        drawing = drawings.drawing_of(db, record, shown, caller.lang, version)
        headers = {
            "Content-Security-Policy": drawings.DRAWING_HEADERS["Content-Security-Policy"],
            "ETag": drawing.etag,
        }
        return Response(drawing.body, media_type=drawings.SVG_MEDIA_TYPE, headers=headers)


def _upload_route(app: FastAPI) -> None:
    @api_route(
        app,
        "POST",
        "/workspaces/{workspace_id}/maps/upload",
        tags=["maps"],
        status_code=201,
        route_class=APIRoute,  # the map file limits (5 MiB YAML / JSON, 10 MiB Excel)
        openapi_extra=_MAP_FILE_BODY,
        responses={413: {"description": "The file is larger than its limit."}},
    )
    def upload_map(
        db: Db,
        caller: Caller,
        workspace_id: int,
        form: Annotated[UploadForm, Depends(upload_form)],
    ) -> MapOut:
        """A new map from a map file (``multipart/form-data``, field ``file``: .yaml, .yml,
        .json or .xlsx), read by the CLI's readers with the same located messages as
        ``parcours check`` (422)."""
        user = caller.require_user()
        workspaces.require_role(db, workspace_id, user, Role.EDITOR)
        workspace = members.workspace_or_404(db, workspace_id)
        if form.data is None:  # refused from its declared size: the body was never read
            raise MapFileError(
                "upload",
                [Problem.of("too_large", limit=str(uploads.EXCEL_MAX_BYTES), got=form.size)],
            )
        if not form.name:
            raise ApiError("invalid_request", problems="file: a map file is required")
        text, _ = uploads.read_uploaded_map(form.data, form.name)
        summary = f"upload {uploads.display_name(form.name)}"
        return map_out(maps.create_map(db, workspace, user, text, summary=summary))


def _member_routes(app: FastAPI) -> None:
    @api_route(app, "GET", "/workspaces/{workspace_id}/members", tags=["workspaces"])
    def list_members(db: Db, caller: Caller, workspace_id: int) -> list[MemberOut]:
        """The workspace's members and their roles (owners)."""
        workspaces.require_role(db, workspace_id, caller.require_user(), Role.OWNER)
        return _members(db, workspace_id)

    @api_route(app, "PUT", "/workspaces/{workspace_id}/members/{username}", tags=["workspaces"])
    def set_member(
        db: Db,
        caller: Caller,
        workspace_id: int,
        username: str,
        role: Annotated[NewRole, Body()],
    ) -> list[MemberOut]:
        """Add a user to the workspace or change their role (owners; the last owner stays)."""
        workspaces.require_role(db, workspace_id, caller.require_user(), Role.OWNER)
        workspace = members.workspace_or_404(db, workspace_id)
        members.set_member(db, workspace, username, members.parse_role(role.role))
        return _members(db, workspace_id)

    @api_route(
        app,
        "DELETE",
        "/workspaces/{workspace_id}/members/{username}",
        tags=["workspaces"],
        status_code=204,
    )
    def remove_member(db: Db, caller: Caller, workspace_id: int, username: str) -> Response:
        """Remove a member (owners; the last owner cannot be removed)."""
        workspaces.require_role(db, workspace_id, caller.require_user(), Role.OWNER)
        workspace = members.workspace_or_404(db, workspace_id)
        members.remove_member(db, workspace, username)
        return Response(status_code=204)


def _members(db: DbSession, workspace_id: int) -> list[MemberOut]:
    return [
        MemberOut(username=u.username, display_name=u.display_name, role=role.value)
        for u, role in members.members_of(db, workspace_id)
    ]
