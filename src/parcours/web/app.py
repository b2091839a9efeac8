"""The web app: thin routes over :mod:`parcours.services` and the web stores.

Every route checks who asks on the server: anonymous visitors are sent to the login page
(pages) or refused with 401 (forms); a workspace's non-members get 404, members whose role
is too low 403; every form carries the session's CSRF token; a share link opens one map
read-only and nothing else.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from sqlalchemy.orm import Session as DbSession

from parcours import templates as builtin_templates
from parcours.errors import ParcoursError
from parcours.render import View
from parcours.render.html import inline_svg
from parcours.rubric import Severity
from parcours.services import documents
from parcours.web import accounts, maps, workspaces
from parcours.web.context import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    STATIC,
    Visitor,
    WebSettings,
    WebState,
)
from parcours.web.db import aware, make_engine, migrate, now, session_factory
from parcours.web.db import database_url as resolve_url
from parcours.web.errors import FormError, NotFoundError, WebError
from parcours.web.messages import UI, preferred_language
from parcours.web.tables import MapRecord, Role, Workspace

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
SHARE_EXPIRY_DAYS = (None, 7, 30, 90)
_ERROR_TARGET = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,100}")


def create_app(settings: WebSettings) -> FastAPI:
    """The app for ``settings``: opens the database and runs its migrations first."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(resolve_url(settings.database_url, settings.data_dir))
    migrate(engine)
    state = WebState(
        settings,
        engine,
        session_factory(engine),
        accounts.LoginLimiter(settings.login_max_failures, settings.login_window_seconds),
    )
    app = FastAPI(title="parcours", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.web = state
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(ParcoursError, _refusal)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    _account_routes(app)
    _workspace_routes(app)
    _map_routes(app)
    _share_routes(app)
    return app


# ----------------------------------------------------------------------------- plumbing
def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def _db(request: Request) -> Iterator[DbSession]:
    with _state(request).sessions() as db:
        try:
            yield db
            db.commit()
        except Exception:
            db.rollback()
            raise


Db = Annotated[DbSession, Depends(_db)]


def _visitor(request: Request, db: Db) -> Visitor:
    found = accounts.session_user(db, request.cookies.get(SESSION_COOKIE))
    session, user = found if found is not None else (None, None)
    asked = request.query_params.get("lang")
    if asked in ("en", "fr"):
        lang = asked
    elif user is not None and user.language:
        lang = user.language
    else:
        lang = preferred_language(request.headers.get("accept-language"))
    return Visitor(user, session, lang)


Who = Annotated[Visitor, Depends(_visitor)]


def _page(
    request: Request, name: str, who: Visitor, status: int = 200, **context: Any
) -> HTMLResponse:
    template = _state(request).pages.get_template(name)
    html = template.render(who=who, t=who.t, lang=who.lang, request=request, **context)
    return HTMLResponse(html, status_code=status)


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _refusal(request: Request, exc: Exception) -> Response:
    """Every :class:`ParcoursError` becomes a page (or an htmx fragment) in the right language."""
    assert isinstance(exc, ParcoursError)
    status = exc.status if isinstance(exc, WebError) else 422
    lang = preferred_language(request.headers.get("accept-language"))
    with _state(request).sessions() as db:
        found = accounts.session_user(db, request.cookies.get(SESSION_COOKIE))
        if found is not None and found[1].language:
            lang = found[1].language
        who = Visitor(found[1] if found else None, found[0] if found else None, lang)
    if status == 401 and request.method == "GET" and not _is_htmx(request):
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    if _is_htmx(request):
        target = request.headers.get("x-error-target", "")
        response = _page(request, "_error.html.j2", who, status, error=exc.message(lang))
        if _ERROR_TARGET.fullmatch(target):
            response.headers["HX-Retarget"] = f"#{target}"
            response.headers["HX-Reswap"] = "innerHTML"
        return response
    shared = request.url.path.startswith("/s/")
    return _page(request, "error.html.j2", who, status, error=exc.message(lang), shared=shared)


def _int_form(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise FormError(field) from None


def _safe_next(target: str | None) -> str:
    """Only a local path may follow a login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/workspaces"


# ----------------------------------------------------------------------------- accounts
def _account_routes(app: FastAPI) -> None:
    @app.get("/")
    def home(who: Who) -> RedirectResponse:
        return RedirectResponse("/workspaces" if who.user else "/login", status_code=303)

    @app.get("/login")
    def login_page(request: Request, who: Who, next: str = "") -> Response:
        token = secrets.token_urlsafe(32)
        response = _page(request, "login.html.j2", who, csrf=token, next=_safe_next(next))
        _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
        return response

    @app.post("/login")
    def login(
        request: Request,
        db: Db,
        who: Who,
        username: Annotated[str, Form(max_length=80)],
        password: Annotated[str, Form(max_length=1000)],
        csrf: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "",
    ) -> Response:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected or not secrets.compare_digest(csrf, expected):
            raise WebError("csrf")
        limiter = _state(request).limiter
        address = request.client.host if request.client else "?"
        keys = (f"user:{username.lower()}", f"address:{address}")
        moment = time.monotonic()
        if any(limiter.blocked(key, now=moment) for key in keys):
            return _login_failed(request, who, "too_many_logins", 429, next)
        user = accounts.authenticate(db, username, password)
        if user is None:
            for key in keys:
                limiter.fail(key, now=moment)
            return _login_failed(request, who, "bad_login", 401, next)
        limiter.clear(keys[0])
        opened = accounts.open_session(db, user)
        response = RedirectResponse(_safe_next(next), status_code=303)
        _set_cookie(
            request, response, SESSION_COOKIE, opened.token, max_age=accounts.SESSION_DAYS * 86400
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @app.post("/logout")
    def logout(
        request: Request, db: Db, who: Who, csrf: Annotated[str, Form()] = ""
    ) -> RedirectResponse:
        who.require_user()
        who.check_csrf(csrf)
        accounts.close_session(db, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.post("/account/language")
    def set_language(
        db: Db,
        who: Who,
        lang: Annotated[str, Form()],
        csrf: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        user = who.require_user()
        who.check_csrf(csrf)
        if lang not in ("en", "fr"):
            raise FormError("lang")
        user.language = lang
        db.add(user)
        return RedirectResponse(_safe_next(next), status_code=303)


def _login_failed(request: Request, who: Visitor, key: str, status: int, next: str) -> Response:
    token = secrets.token_urlsafe(32)
    from parcours.web.errors import MESSAGES

    response = _page(
        request,
        "login.html.j2",
        who,
        status,
        csrf=token,
        next=_safe_next(next),
        error=MESSAGES.text(key, who.lang),
    )
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


def _set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_state(request).settings.secure_cookies,
    )


# ----------------------------------------------------------------------------- workspaces
def _workspace_routes(app: FastAPI) -> None:
    @app.get("/workspaces")
    def workspace_list(request: Request, db: Db, who: Who) -> Response:
        user = who.require_user()
        return _page(request, "workspaces.html.j2", who, spaces=workspaces.workspaces_of(db, user))

    @app.get("/workspaces/{workspace_id}")
    def workspace_page(request: Request, db: Db, who: Who, workspace_id: int) -> Response:
        user = who.require_user()
        role = workspaces.require_role(db, workspace_id, user, Role.VIEWER)
        workspace = db.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFoundError()
        records = maps.maps_in(db, workspace_id)
        return _page(
            request,
            "workspace.html.j2",
            who,
            workspace=workspace,
            role=role,
            records=records,
            templates=builtin_templates.available(),
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


# ----------------------------------------------------------------------------- maps
def _open_map(db: DbSession, who: Visitor, map_id: int, needed: Role) -> tuple[MapRecord, Role]:
    user = who.require_user()
    record = maps.get_map(db, map_id)
    role = workspaces.require_role(db, record.workspace_id, user, needed)
    return record, role


def _map_context(db: DbSession, record: MapRecord, lang: str) -> dict[str, Any]:
    m = maps.journey_of(record)
    report = documents.rubric_report(m)
    drawing = Markup(inline_svg(maps.drawing_of(record, View.MAP, lang)))
    phases = {p.id: p.name for p in m.phases}
    return {
        "record": record,
        "journey": m,
        "report": report,
        "drawing": drawing,
        "phases": phases,
        "counts": [(level, Severity(level).label(lang), n) for level, n in report.counts().items()],
    }


def _map_routes(app: FastAPI) -> None:
    @app.get("/maps/{map_id}")
    def map_page(request: Request, db: Db, who: Who, map_id: int) -> Response:
        record, role = _open_map(db, who, map_id, Role.VIEWER)
        workspace = db.get(Workspace, record.workspace_id)
        return _page(
            request,
            "map.html.j2",
            who,
            role=role,
            workspace=workspace,
            can_edit=role.allows(Role.EDITOR),
            shares=maps.shares_of(db, map_id) if role.allows(Role.EDITOR) else [],
            revisions=maps.revisions_of(db, map_id, limit=8),
            share_days=SHARE_EXPIRY_DAYS,
            live=lambda link: maps.share_is_live(link, now()),
            aware=aware,
            **_map_context(db, record, who.lang),
        )

    @app.get("/maps/{map_id}/steps/{step_id}/edit")
    def step_form(request: Request, db: Db, who: Who, map_id: int, step_id: str) -> Response:
        record, _ = _open_map(db, who, map_id, Role.EDITOR)
        step = _step_of(record, step_id)
        return _page(request, "_step_form.html.j2", who, record=record, step=step)

    @app.get("/maps/{map_id}/steps/{step_id}")
    def step_view(request: Request, db: Db, who: Who, map_id: int, step_id: str) -> Response:
        record, role = _open_map(db, who, map_id, Role.VIEWER)
        m = maps.journey_of(record)
        step = _step_of(record, step_id)
        return _page(
            request,
            "_step.html.j2",
            who,
            record=record,
            step=step,
            phases={p.id: p.name for p in m.phases},
            can_edit=role.allows(Role.EDITOR),
        )

    @app.post("/maps/{map_id}/steps/{step_id}")
    def save_step(
        request: Request,
        db: Db,
        who: Who,
        map_id: int,
        step_id: str,
        name: Annotated[str, Form(max_length=documents.NAME_MAX_CHARS * 2)],
        base_revision: Annotated[str, Form()],
        description: Annotated[str, Form(max_length=documents.DESCRIPTION_MAX_CHARS * 2)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = _open_map(db, who, map_id, Role.EDITOR)
        base = _int_form(base_revision, "base_revision")
        m = documents.edit_step(
            maps.journey_of(record), step_id, name=name, description=description
        )
        record = maps.save_map(db, record, m, user, base=base, summary=f"step {step_id}")
        db.commit()
        if not _is_htmx(request):
            return RedirectResponse(f"/maps/{map_id}", status_code=303)
        return _page(
            request,
            "_map_body.html.j2",
            who,
            can_edit=True,
            saved=record.revision,
            **_map_context(db, record, who.lang),
        )

    @app.get("/maps/{map_id}/export/{fmt}")
    def export(db: Db, who: Who, map_id: int, fmt: str) -> Response:
        record, _ = _open_map(db, who, map_id, Role.VIEWER)
        return _export(record, fmt, who.lang)

    @app.post("/maps/{map_id}/shares")
    def create_share(
        request: Request,
        db: Db,
        who: Who,
        map_id: int,
        expires_days: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = _open_map(db, who, map_id, Role.EDITOR)
        days = _int_form(expires_days, "expires_days") if expires_days else None
        if days not in SHARE_EXPIRY_DAYS:
            raise FormError("expires_days")
        token, _link = maps.create_share(db, record, user, expires_days=days)
        url = str(request.base_url).rstrip("/") + f"/s/{token}"
        return _page(request, "share_created.html.j2", who, record=record, url=url)

    @app.post("/maps/{map_id}/shares/{share_id}/revoke")
    def revoke_share(
        db: Db, who: Who, map_id: int, share_id: int, csrf: Annotated[str, Form()] = ""
    ) -> RedirectResponse:
        who.require_user()
        who.check_csrf(csrf)
        _open_map(db, who, map_id, Role.EDITOR)
        maps.revoke_share(db, map_id, share_id)
        return RedirectResponse(f"/maps/{map_id}#share", status_code=303)


def _step_of(record: MapRecord, step_id: str) -> Any:
    for step in maps.journey_of(record).steps:
        if step.id == step_id:
            return step
    raise NotFoundError()


def _export(record: MapRecord, fmt: str, lang: str) -> Response:
    if fmt not in documents.EXPORT_MEDIA_TYPES:
        raise NotFoundError()
    data = documents.export_map(maps.journey_of(record), fmt, lang)
    filename = f"map-{record.id}.{fmt}"
    return Response(
        data,
        media_type=documents.EXPORT_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ----------------------------------------------------------------------------- share links
def _share_routes(app: FastAPI) -> None:
    @app.get("/s/{token}")
    def shared_page(request: Request, db: Db, token: str) -> Response:
        record = maps.shared_map(db, token)
        lang = request.query_params.get("lang")
        if lang not in ("en", "fr"):
            lang = preferred_language(request.headers.get("accept-language"))
        who = Visitor(None, None, lang)
        return _page(request, "shared.html.j2", who, token=token, **_map_context(db, record, lang))

    @app.get("/s/{token}/pdf")
    def shared_pdf(request: Request, db: Db, token: str) -> Response:
        record = maps.shared_map(db, token)
        lang = request.query_params.get("lang")
        if lang not in ("en", "fr"):
            lang = preferred_language(request.headers.get("accept-language"))
        return _export(record, "pdf", lang)


__all__ = ["UI", "WebSettings", "create_app"]
