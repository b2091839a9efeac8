"""The JSON REST API under ``/api/v1/``: workspaces, maps, their document, rubric check,
exports, revisions and share links, for the holder of a personal API token.

Every route checks the token's user's role like the pages do (``open_map``,
``workspaces.require_role``) and calls the same stores and services. Cookies are never read
under ``/api/``: a browser session does not open the API, so there is nothing for CSRF to
abuse. Errors are JSON (``{"error": {"code", "message"}}``) in the ``Accept-Language``
language. The OpenAPI description is at ``/api/v1/openapi.json``, a readable page of it (no
script, no CDN) at ``/api/v1/docs``.

The other API route groups (data and analysis, history and comments, element edits,
account) declare their routes with :func:`api_route` in their own modules
(``routes/api_*.py``).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Body, FastAPI, Query, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from parcours import __version__ as parcours_version
from parcours.errors import ParcoursError
from parcours.services import documents
from parcours.web import maps, workspaces
from parcours.web.api import (
    API_PREFIX,
    API_VERSION,
    TOKEN_MAX_FAILURES,
    TOKEN_WINDOW_SECONDS,
    ApiError,
    ApiRoute,
    Caller,
    CheckOut,
    DocumentUpdate,
    ErrorOut,
    MapOut,
    NewMap,
    NewShare,
    RevisionOut,
    ShareCreated,
    ShareOut,
    WorkspaceOut,
    api_language,
    error_response,
    is_api,
    map_out,
    trash_map,
)
from parcours.web.context import Visitor
from parcours.web.db import now
from parcours.web.errors import NotFoundError, RevisionConflictError
from parcours.web.limits import FailureLimiter
from parcours.web.pages import Db, export_response, open_map, page
from parcours.web.tables import Role, ShareLink, Workspace

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
ExportFormat = Literal["yaml", "json", "xlsx", "pdf", "html", "svg", "md"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (401, "No token, or a wrong, revoked or expired one."),
        (403, "The token's user has too low a role in this workspace."),
        (404, "Not found, or in a workspace the token's user is not a member of."),
        (422, "The request (or the map document) is invalid."),
        (429, "Too many wrong tokens from this address."),
    )
}
_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorOut, "description": "base_revision is no longer the latest revision."},
    400: {"model": ErrorOut, "description": "The body is not JSON."},
}


def register(app: FastAPI) -> None:
    """Add the API's routes to ``app``, with its JSON errors and its token limiter."""
    app.state.api_token_limiter = FailureLimiter(
        app.state.web.sessions,
        "token",
        max_failures=TOKEN_MAX_FAILURES,
        window_seconds=TOKEN_WINDOW_SECONDS,
    )
    _json_errors_under_api(app)
    _data_routes(app)
    _description_routes(app)


def _json_errors_under_api(app: FastAPI) -> None:
    """Under ``/api/``, refusals become JSON; elsewhere the app's own handlers stay."""
    pages_refusal = app.exception_handlers.get(ParcoursError)

    def refusal(request: Request, exc: Exception) -> Response:
        if is_api(request) or pages_refusal is None:
            return error_response(request, exc)
        response = pages_refusal(request, exc)
        assert isinstance(response, Response)  # the pages' refusal is synchronous
        return response

    async def invalid(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return error_response(request, exc)
        assert isinstance(exc, RequestValidationError)
        return await request_validation_exception_handler(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return error_response(request, exc)
        assert isinstance(exc, HTTPException)
        return await http_exception_handler(request, exc)

    handlers: dict[Any, Callable[[Request, Exception], Response | Awaitable[Response]]] = {
        ParcoursError: refusal,
        RequestValidationError: invalid,
        HTTPException: http_error,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)


def api_route(
    app: FastAPI, method: str, path: str, **options: Any
) -> Callable[[Endpoint], Endpoint]:
    """Declare an API route under ``/api/v1`` (on the app itself, so that the permission walk
    sees it), with the API's error responses and body limit (``route_class`` to change it)."""
    extra = options.pop("responses", {})
    route_class = options.pop("route_class", ApiRoute)

    def declare(endpoint: Endpoint) -> Endpoint:
        app.router.add_api_route(
            API_PREFIX + path,
            endpoint,
            methods=[method],
            responses={**_ERRORS, **extra},
            route_class_override=route_class,
            **options,
        )
        return endpoint

    return declare


def _data_routes(app: FastAPI) -> None:
    def at(method: str, path: str, **options: Any) -> Callable[[Endpoint], Endpoint]:
        return api_route(app, method, path, **options)

    @at("GET", "/workspaces", tags=["workspaces"])
    def list_workspaces(db: Db, caller: Caller) -> list[WorkspaceOut]:
        """The workspaces the token's user belongs to, with their role there."""
        user = caller.require_user()
        return [
            WorkspaceOut(id=w.id, name=w.name, role=role.value)
            for w, role in workspaces.workspaces_of(db, user)
        ]

    @at("GET", "/workspaces/{workspace_id}/maps", tags=["maps"])
    def list_maps(db: Db, caller: Caller, workspace_id: int) -> list[MapOut]:
        """The maps of a workspace (not in the trash), most recently changed first."""
        workspaces.require_role(db, workspace_id, caller.require_user(), Role.VIEWER)
        return [map_out(record) for record in maps.maps_in(db, workspace_id)]

    @at(
        "POST",
        "/workspaces/{workspace_id}/maps",
        tags=["maps"],
        status_code=201,
        responses=_CONFLICT,
    )
    def create_map(db: Db, caller: Caller, workspace_id: int, new: NewMap) -> MapOut:
        """A new map from a built-in template, or from a document (JSON object or file text)."""
        user = caller.require_user()
        workspaces.require_role(db, workspace_id, user, Role.EDITOR)
        workspace = db.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFoundError()
        text, summary = _new_map_text(new)
        record = maps.create_map(db, workspace, user, text, summary=summary)
        return map_out(record)

    @at("GET", "/maps/{map_id}", tags=["maps"])
    def get_map(db: Db, caller: Caller, map_id: int) -> MapOut:
        """A map's metadata: title, workspace, latest revision, times."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        return map_out(record)

    @at("DELETE", "/maps/{map_id}", tags=["maps"], status_code=204)
    def delete_map(db: Db, caller: Caller, map_id: int) -> Response:
        """Move a map to the trash (editors and owners)."""
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        trash_map(db, record)
        return Response(status_code=204)

    @at(
        "GET",
        "/maps/{map_id}/document",
        tags=["documents"],
        responses={200: {"description": "The map file, as JSON; header ETag: its revision."}},
    )
    def get_document(db: Db, caller: Caller, map_id: int) -> JSONResponse:
        """The map's document in the file format (JSON): what ``parcours check`` reads."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        text = documents.map_text(maps.journey_of(record), "json")
        return JSONResponse(json.loads(text), headers={"ETag": f'"{record.revision}"'})

    @at(
        "PUT",
        "/maps/{map_id}/document",
        tags=["documents"],
        responses=_CONFLICT,
    )
    def update_document(
        db: Db, caller: Caller, map_id: int, update: Annotated[DocumentUpdate, Body()]
    ) -> MapOut:
        """Replace the document, if ``base_revision`` is still the latest revision (else 409:
        nothing is written; read the map again and redo the change)."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        if update.base_revision != record.revision:  # stale: refuse before parsing (the
            # compare-and-swap of save_map still guards against a save in between)
            raise RevisionConflictError(base=update.base_revision, current=record.revision)
        m = documents.parse_map_text(json.dumps(update.document), "json", f"map-{map_id}.json")
        summary = update.summary or "API"
        saved = maps.save_map(db, record, m, user, base=update.base_revision, summary=summary)
        return map_out(saved)

    @at("GET", "/maps/{map_id}/check", tags=["documents"])
    def check_map(db: Db, caller: Caller, map_id: int) -> CheckOut:
        """The rubric report, exactly as ``parcours check --format json`` prints it (in the
        language of ``Accept-Language``)."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        report = documents.rubric_report(maps.journey_of(record))
        return CheckOut.model_validate(report.to_json(caller.lang))

    @at(
        "GET",
        "/maps/{map_id}/export/{fmt}",
        tags=["documents"],
        response_class=Response,
        responses={200: {"description": "The file (YAML, JSON, Excel, PDF, HTML, SVG, Markdown)."}},
    )
    def export(db: Db, caller: Caller, map_id: int, fmt: ExportFormat) -> Response:
        """The map exported as ``parcours render`` / ``parcours convert`` write it."""
        record, _ = open_map(db, caller, map_id, Role.VIEWER)
        return export_response(record, fmt, caller.lang)

    @at("GET", "/maps/{map_id}/revisions", tags=["history"])
    def list_revisions(
        db: Db, caller: Caller, map_id: int, limit: Annotated[int, Query(ge=1, le=500)] = 50
    ) -> list[RevisionOut]:
        """The map's latest revisions, newest first (at most ``limit``)."""
        open_map(db, caller, map_id, Role.VIEWER)
        rows = maps.revisions_of(db, map_id, limit=limit)
        return [
            RevisionOut(
                number=r.number,
                base_number=r.base_number,
                author=author,
                summary=r.summary,
                created_at=r.created_at,
            )
            for r, author in rows
        ]

    @at("GET", "/maps/{map_id}/shares", tags=["sharing"])
    def list_shares(db: Db, caller: Caller, map_id: int) -> list[ShareOut]:
        """The map's read-only links (editors and owners), newest first."""
        open_map(db, caller, map_id, Role.EDITOR)
        return [_share_out(link) for link in maps.shares_of(db, map_id)]

    @at("POST", "/maps/{map_id}/shares", tags=["sharing"], status_code=201, responses=_CONFLICT)
    def create_share(
        request: Request, db: Db, caller: Caller, map_id: int, new: NewShare | None = None
    ) -> ShareCreated:
        """A new read-only link; its token is in this answer only."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        days = new.expires_days if new is not None else None
        token, link = maps.create_share(db, record, user, expires_days=days)
        url = str(request.base_url).rstrip("/") + f"/s/{token}"
        return ShareCreated(**_share_out(link).model_dump(), token=token, url=url)

    @at("DELETE", "/maps/{map_id}/shares/{share_id}", tags=["sharing"], status_code=204)
    def revoke_share(db: Db, caller: Caller, map_id: int, share_id: int) -> Response:
        """Revoke a read-only link: it opens nothing any more."""
        open_map(db, caller, map_id, Role.EDITOR)
        maps.revoke_share(db, map_id, share_id)
        return Response(status_code=204)


def _new_map_text(new: NewMap) -> tuple[str, str]:
    """The YAML text to store for a new map, and the revision's summary."""
    given = [x for x in (new.template, new.document, new.text) if x is not None]
    if len(given) != 1:
        raise ApiError("one_source")
    if new.template is not None:
        return documents.template_map_text(new.template, new.lang), f"template {new.template}"
    if new.text is not None and new.format == "yaml":
        return new.text, "upload (YAML)"  # kept as written (comments too); create_map validates
    raw = new.text if new.text is not None else json.dumps(new.document)
    m = documents.parse_map_text(raw, "json", "upload.json")
    return documents.map_text(m, "yaml"), "upload (JSON)"


def _share_out(link: ShareLink) -> ShareOut:
    return ShareOut(
        id=link.id,
        hint=link.token_hint,
        created_at=link.created_at,
        expires_at=link.expires_at,
        revoked_at=link.revoked_at,
        live=maps.share_is_live(link, now()),
    )


def _description_routes(app: FastAPI) -> None:
    @app.get(f"{API_PREFIX}/openapi.json", include_in_schema=False)
    def openapi_description() -> JSONResponse:
        return JSONResponse(api_description(app))

    @app.get(f"{API_PREFIX}/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        who = Visitor(None, None, api_language(request))
        description = api_description(app)
        operations = _operations(description)
        return page(request, "api_docs.html.j2", who, api=description, operations=operations)


def api_description(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description of the ``/api/v1/`` routes (computed once per app)."""
    cached: dict[str, Any] | None = getattr(app.state, "api_openapi", None)
    if cached is not None:
        return cached
    routes = [r for r in app.routes if isinstance(r, APIRoute) and r.path.startswith(API_PREFIX)]
    description = get_openapi(
        title="parcours API",
        version=API_VERSION,
        summary=(
            "Journey maps, their rubric, exports, history and sharing "
            f"(parcours {parcours_version})."
        ),
        description=(
            "Authenticate with a personal API token (account → API tokens): "
            "`Authorization: Bearer prc_…`. Cookies are not accepted. Errors are "
            '`{"error": {"code": …, "message": …}}` in the language of `Accept-Language` '
            "(en, fr). Update a document with the `base_revision` you read: a stale one "
            "gets 409 and writes nothing."
        ),
        routes=routes,
    )
    app.state.api_openapi = description
    return description


def _operations(description: dict[str, Any]) -> list[dict[str, Any]]:
    """The description's operations, flat, for the docs page."""
    found = []
    for path, methods in description.get("paths", {}).items():
        for method, operation in methods.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "text": operation.get("description", ""),
                    "parameters": [p.get("name", "") for p in operation.get("parameters", [])],
                    "body": _schema_name(operation.get("requestBody", {})),
                    "responses": sorted(operation.get("responses", {})),
                    "tag": (operation.get("tags") or [""])[0],
                }
            )
    return found


def _schema_name(body: dict[str, Any]) -> str:
    schema = body.get("content", {}).get("application/json", {}).get("schema", {})
    for candidate in [schema, *schema.get("anyOf", [])]:
        ref = str(candidate.get("$ref", ""))
        if ref:
            return ref.rsplit("/", 1)[-1]
    return ""
