"""What every route shares: the database session, the visitor, pages, refusals, and the map
helpers several route groups use (open a map with a role, its page context, an export)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session as DbSession

from parcours.errors import ParcoursError
from parcours.render import View
from parcours.rubric import Severity
from parcours.services import documents
from parcours.web import accounts, data, drawings, maps, workspaces
from parcours.web.context import SESSION_COOKIE, Visitor, WebState
from parcours.web.errors import FormError, NotFoundError, WebError
from parcours.web.messages import preferred_language
from parcours.web.tables import MapRecord, Role, Workspace
from parcours.web.uploads import ReceivedUpload, receive_upload

_ERROR_TARGET = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,100}")


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


READ_METHODS = frozenset({"GET", "HEAD"})


async def db_session(request: Request) -> AsyncIterator[DbSession]:
    """A session made in the event loop (no I/O until its first query), committed or rolled
    back and closed in one trip to the thread pool (a sync generator took two); a request
    that only reads gets one without a transaction around its statements."""
    state = state_of(request)
    reads = state.reads if request.method in READ_METHODS else None
    db = (reads or state.sessions)()
    try:
        yield db
    except BaseException:
        await run_in_threadpool(_end_session, db, False)
        raise
    await run_in_threadpool(_end_session, db, True)


def _end_session(db: DbSession, commit: bool) -> None:
    try:
        if commit:
            try:
                db.commit()
            except Exception:
                db.rollback()
                raise
        else:
            db.rollback()
    finally:
        db.close()


Db = Annotated[DbSession, Depends(db_session, scope="function")]
"""The request's database session, committed when the route returns, before the response is
sent (a browser that follows a redirect at once must see what the route wrote)."""


def visitor(request: Request, db: Db) -> Visitor:
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


Who = Annotated[Visitor, Depends(visitor)]


def page(
    request: Request, name: str, who: Visitor, status: int = 200, **context: Any
) -> HTMLResponse:
    template = state_of(request).pages.get_template(name)
    html = template.render(who=who, t=who.t, lang=who.lang, request=request, **context)
    return HTMLResponse(html, status_code=status)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def refusal(request: Request, exc: Exception) -> Response:
    """Every :class:`ParcoursError` becomes a page (or an htmx fragment) in the right language."""
    assert isinstance(exc, ParcoursError)
    status = exc.status if isinstance(exc, WebError) else 422
    lang = preferred_language(request.headers.get("accept-language"))
    with state_of(request).sessions() as db:
        found = accounts.session_user(db, request.cookies.get(SESSION_COOKIE))
        if found is not None and found[1].language:
            lang = found[1].language
        who = Visitor(found[1] if found else None, found[0] if found else None, lang)
    if status == 401 and request.method == "GET" and not is_htmx(request):
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    if is_htmx(request):
        target = request.headers.get("x-error-target", "")
        response = page(request, "_error.html.j2", who, status, error=exc.message(lang))
        if _ERROR_TARGET.fullmatch(target):
            response.headers["HX-Retarget"] = f"#{target}"
            response.headers["HX-Reswap"] = "innerHTML"
        return response
    shared = request.url.path.startswith("/s/")
    return page(request, "error.html.j2", who, status, error=exc.message(lang), shared=shared)


def int_form(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise FormError(field) from None


def safe_next(target: str | None) -> str:
    """Only a local path may follow a login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/workspaces"


def set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=state_of(request).settings.secure_cookies,
    )


def open_map(db: DbSession, who: Visitor, map_id: int, needed: Role) -> tuple[MapRecord, Role]:
    record, role, _workspace = open_map_in(db, who, map_id, needed)
    return record, role


def open_map_in(
    db: DbSession, who: Visitor, map_id: int, needed: Role
) -> tuple[MapRecord, Role, Workspace]:
    """:func:`open_map` with the map's workspace (one query for the three)."""
    user = who.require_user()
    record, role, workspace = maps.map_with_role(db, map_id, user.id)
    return record, workspaces.checked_role(role, needed), workspace


def map_context(
    db: DbSession, record: MapRecord, lang: str, view: str | None = None, base: str | None = None
) -> dict[str, Any]:
    """What a map's page and its fragments show; the drawing is a URL under ``base`` (the
    map's own, or a share link's ``/s/<token>``) naming the revision, drawn when first asked."""
    m = maps.journey_of(record)
    report = maps.report_of(record)
    views = map_views(m)
    shown = next((v for v in views if v.value == view), View.MAP)
    version = drawings.version_of(db, record)
    drawing_url = drawings.drawing_url(base or f"/maps/{record.id}", shown, version, lang)
    phases = {p.id: p.name for p in m.phases}
    return {
        "record": record,
        "journey": m,
        "report": report,
        "drawing_url": drawing_url,
        "drawing_version": version,
        "view": shown,
        "views": [(v, v.heading(lang)) for v in views],
        "phases": phases,
        "counts": [(level, Severity(level).label(lang), n) for level, n in report.counts().items()],
    }


def step_of(record: MapRecord, step_id: str) -> Any:
    for step in maps.journey_of(record).steps:
        if step.id == step_id:
            return step
    raise NotFoundError()


def export_response(record: MapRecord, fmt: str, lang: str) -> Response:
    if fmt not in documents.EXPORT_MEDIA_TYPES:
        raise NotFoundError()
    if fmt == record.document_format:  # the stored document is the file itself
        data = record.document.encode("utf-8")
    else:
        data = maps.export_of(record, fmt, lang)
    filename = f"map-{record.id}.{fmt}"
    return Response(
        data,
        media_type=documents.EXPORT_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


MAP_VIEWS = (
    View.MAP,
    View.EXPERIENCE,
    View.BLUEPRINT,
    View.DATA,
    View.LISTENING,
    View.OPPORTUNITIES,
)
"""The drawings of a map shown on its tabs, in order (the measured funnel joins them when
the map holds a measurement)."""


def map_views(m: Any) -> list[View]:
    """The views drawn for map ``m``: :data:`MAP_VIEWS`, plus the funnel once measured."""
    views = list(MAP_VIEWS)
    if m.latest_measurement() is not None:
        views.insert(2, View.FUNNEL)
    return views


def current_view(request: Request) -> str | None:
    """The ``view`` tab of the page an htmx request comes from (``HX-Current-URL``), so that
    a fragment re-rendered after a save keeps the drawing the user was looking at.

    >>> from starlette.requests import Request as R
    >>> current_view(R({"type": "http", "headers": [(b"hx-current-url",
    ...     b"http://h/maps/1?view=blueprint&lang=en")]}))
    'blueprint'
    """
    url = request.headers.get("hx-current-url", "")
    values = parse_qs(urlsplit(url).query).get("view", [])
    return values[0] if values else None


async def receive_data_upload(request: Request) -> ReceivedUpload:
    """The event log or feedback file of a multipart request, streamed to the uploads
    folder under a generated name, within the server's upload limit (the data page's form
    and the API's upload both arrive this way)."""
    settings = state_of(request).settings
    return await receive_upload(
        request.headers.get("content-type"),
        request.headers.get("content-length"),
        request.stream(),
        data.uploads_folder(settings.data_dir),
        settings.upload_max_bytes,
    )
