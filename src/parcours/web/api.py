"""The JSON API's plumbing: who calls (a personal API token, never a cookie), its models, its
errors as ``{"error": {"code", "message"}}`` in the language of ``Accept-Language``.

Routes are in :mod:`parcours.web.routes.api`; they call the same stores and services as the
web pages (:mod:`parcours.web.maps`, :mod:`parcours.services.documents`).

>>> api_error_body("not_found", "Nothing here.")
{'error': {'code': 'not_found', 'message': 'Nothing here.'}}
>>> ApiError("token_needed").message("fr")
'Cette requête demande un jeton d’API : en-tête « Authorization: Bearer <jeton> ».'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session as DbSession
from starlette.exceptions import HTTPException

from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.web import tokens
from parcours.web.context import Visitor
from parcours.web.db import now
from parcours.web.errors import WebError
from parcours.web.limits import FailureLimiter
from parcours.web.messages import preferred_language
from parcours.web.pages import Db
from parcours.web.tables import MapRecord

API_PREFIX = "/api/v1"
API_VERSION = "1.0.0"
TOKEN_MAX_FAILURES = 20
"""Failed token attempts allowed per client address and window before 429."""
TOKEN_WINDOW_SECONDS = 300.0
BODY_MAX_BYTES = 5_000_000
"""Largest request body (a map document) the API reads."""

MESSAGES = Catalog(
    {
        "token_needed": {
            "en": "This request needs an API token: header 'Authorization: Bearer <token>'.",
            "fr": "Cette requête demande un jeton d’API : en-tête « Authorization: Bearer "
            "<jeton> ».",
        },
        "token_invalid": {
            "en": "This API token is unknown, revoked or expired. Create a new one on your "
            "account's API tokens page.",
            "fr": "Ce jeton d’API est inconnu, révoqué ou expiré. Créez-en un nouveau sur la "
            "page « Jetons d’API » de votre compte.",
        },
        "too_many_attempts": {
            "en": "Too many requests with a wrong API token from this address: wait a few "
            "minutes and try again.",
            "fr": "Trop de requêtes avec un jeton d’API erroné depuis cette adresse : "
            "attendez quelques minutes et réessayez.",
        },
        "bad_json": {
            "en": "The request body is not valid JSON ({detail}).",
            "fr": "Le corps de la requête n’est pas du JSON valide ({detail}).",
        },
        "invalid_request": {
            "en": "The request is invalid: {problems}.",
            "fr": "La requête n’est pas valide : {problems}.",
        },
        "one_source": {
            "en": "Give exactly one of 'template', 'document' or 'text' to create a map.",
            "fr": "Donnez exactement un des champs « template », « document » ou « text » pour "
            "créer une carte.",
        },
        "too_large": {
            "en": "The request body is too large: at most {limit} bytes.",
            "fr": "Le corps de la requête est trop gros : {limit} octets au plus.",
        },
        "length_required": {
            "en": "Send the body with a Content-Length header (its size is limited).",
            "fr": "Envoyez le corps avec un en-tête Content-Length (sa taille est limitée).",
        },
        "method_not_allowed": {
            "en": "This method is not allowed here.",
            "fr": "Cette méthode n’est pas permise ici.",
        },
        "invalid_document": {
            "en": "The map document is invalid: {detail}",
            "fr": "Le document de la carte n’est pas valide : {detail}",
        },
    }
)

_STATUS = {
    "token_needed": 401,
    "token_invalid": 401,
    "too_many_attempts": 429,
    "bad_json": 400,
    "invalid_request": 422,
    "one_source": 422,
    "too_large": 413,
    "length_required": 411,
    "method_not_allowed": 405,
}


class ApiError(WebError):
    """A refusal proper to the API (its message comes from this module's catalog)."""

    def __init__(self, key: str, **params: object) -> None:
        self.status = _STATUS.get(key, 400)
        super().__init__(key, **params)

    def message(self, lang: str = "en") -> str:
        return MESSAGES.text(self.key, lang, **self.params)


# --- response and request models ------------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, conflict.")
    message: str = Field(description="What went wrong, in the Accept-Language language.")


class ErrorOut(BaseModel):
    """Every refusal of the API."""

    error: ErrorDetail


class WorkspaceOut(BaseModel):
    id: int
    name: str
    role: Literal["viewer", "editor", "owner"]


class MapOut(BaseModel):
    """A map's metadata (its document is at ``/maps/{id}/document``)."""

    id: int
    workspace_id: int
    title: str
    revision: int = Field(description="Send it back as base_revision when you update.")
    created_at: datetime
    updated_at: datetime


class RevisionOut(BaseModel):
    number: int
    base_number: int | None
    author: str
    summary: str
    created_at: datetime


class ShareOut(BaseModel):
    id: int
    hint: str = Field(description="The first characters of the token (the token is not kept).")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    live: bool


class ShareCreated(ShareOut):
    token: str = Field(description="The link's token: shown once, only its hash is kept.")
    url: str


class CheckOut(BaseModel):
    """The rubric report: exactly what ``parcours check --format json`` prints."""

    model_config = ConfigDict(extra="allow")
    format: str
    language: str
    journey: str
    ok: bool
    exit_code: int
    rules_run: int
    rules_passed: int
    counts: dict[str, int]
    rules: list[dict[str, Any]]
    findings: list[dict[str, Any]]


class NewMap(BaseModel):
    """A new map: from a built-in template, or from a document (the file format)."""

    model_config = ConfigDict(extra="forbid")
    template: str | None = Field(
        None, max_length=80, description="A built-in template name, e.g. bank-account."
    )
    lang: Literal["en", "fr"] = Field("en", description="The template's language.")
    document: dict[str, Any] | None = Field(
        None, description="The map as a JSON object (the file format, as GET …/document)."
    )
    text: str | None = Field(
        None, max_length=BODY_MAX_BYTES, description="The map file's text (YAML or JSON)."
    )
    format: Literal["yaml", "json"] = Field("yaml", description="The format of 'text'.")


class DocumentUpdate(BaseModel):
    """A new version of a map's document, based on the revision the caller read."""

    model_config = ConfigDict(extra="forbid")
    base_revision: int = Field(ge=1, description="The revision this change starts from.")
    document: dict[str, Any] = Field(description="The whole map (the file format, as JSON).")
    summary: str = Field("", max_length=500, description="What changed (kept in the history).")


class NewShare(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expires_days: int | None = Field(None, ge=1, le=3650, description="None: never expires.")


def map_out(record: MapRecord) -> MapOut:
    return MapOut(
        id=record.id,
        workspace_id=record.workspace_id,
        title=record.title,
        revision=record.revision,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


# --- who calls ------------------------------------------------------------------------------


def api_language(request: Request) -> str:
    """The language of the API's messages: the request's ``Accept-Language``."""
    return preferred_language(request.headers.get("accept-language"))


def token_limiter(request: Request) -> FailureLimiter:
    limiter: FailureLimiter = request.app.state.api_token_limiter
    return limiter


BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A personal API token (account menu → API tokens): `Authorization: Bearer prc_…`.",
)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


def api_caller(request: Request, db: Db, _declared: Bearer) -> Visitor:
    """The user of the request's bearer token (cookies are never read here).

    No header: 401 ``token_needed``; a wrong, revoked or expired token: 401
    ``token_invalid``, counted per client address; too many of those: 429.
    """
    header = request.headers.get("authorization", "").strip()
    if not header:
        raise ApiError("token_needed")
    limiter = token_limiter(request)
    address = request.client.host if request.client else "?"
    moment = time.time()  # every server process shares the wall clock
    if limiter.blocked(address, now=moment, db=db):
        raise ApiError("too_many_attempts")
    scheme, _, secret = header.partition(" ")
    user = tokens.token_user(db, secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        limiter.fail(address, now=moment)
        raise ApiError("token_invalid")
    return Visitor(user, None, api_language(request))


Caller = Annotated[Visitor, Depends(api_caller)]


def body_refusal(request: Request) -> ApiError | None:
    """Why a request's body is refused before it is read: larger than
    :data:`BODY_MAX_BYTES` (413), or chunked without ``Content-Length`` (411: its size would
    be known only once read); None when it may be read."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    length = request.headers.get("content-length")
    if length is None:
        chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
        return ApiError("length_required") if chunked else None
    if not length.isdigit() or int(length) > BODY_MAX_BYTES:
        return ApiError("too_large", limit=BODY_MAX_BYTES)
    return None


class ApiRoute(APIRoute):
    """An API route: its body's size is checked before FastAPI reads it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            refused = body_refusal(request)
            if refused is not None:
                return error_response(request, refused)
            return await handler(request)

        return limited


# --- errors as JSON -------------------------------------------------------------------------


def is_api(request: Request) -> bool:
    return request.url.path == API_PREFIX or request.url.path.startswith(API_PREFIX + "/")


def api_error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(request: Request, exc: Exception) -> JSONResponse:
    """Any refusal of an API route as JSON, in the language of ``Accept-Language``."""
    lang = api_language(request)
    if isinstance(exc, WebError):
        status, code, text = exc.status, exc.key, exc.message(lang)
    elif isinstance(exc, ParcoursError) and type(exc).__module__.startswith("parcours.web."):
        # a refusal of the web layer's own (a member, a data source): its message alone
        status, code, text = getattr(exc, "status", 422), "refused", exc.message(lang)
    elif isinstance(exc, ParcoursError):
        status, code = 422, "invalid_document"
        text = MESSAGES.text("invalid_document", lang, detail=exc.message(lang))
    elif isinstance(exc, RequestValidationError):
        return _validation_response(exc, lang)
    elif isinstance(exc, HTTPException):
        status = exc.status_code
        code = "method_not_allowed" if status == 405 else "not_found"
        text = ApiError(code).message(lang) if status == 405 else WebError(code).message(lang)
    else:  # pragma: no cover - only the handlers above are registered
        raise exc
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(api_error_body(code, text), status_code=status, headers=headers)


def _validation_response(exc: RequestValidationError, lang: str) -> JSONResponse:
    errors = list(exc.errors())
    broken = [e for e in errors if e.get("type") == "json_invalid"]
    if broken:
        detail = str(broken[0].get("ctx", {}).get("error", "JSON"))
        error = ApiError("bad_json", detail=detail)
    else:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in errors[:5]
        )
        error = ApiError("invalid_request", problems=problems)
    return JSONResponse(api_error_body(error.key, error.message(lang)), status_code=error.status)


def trash_map(db: DbSession, record: MapRecord) -> None:
    """Move a map to the trash (it disappears from lists and lookups; restorable by setting
    ``deleted_at`` back to NULL)."""
    record.deleted_at = now()
    db.flush()
