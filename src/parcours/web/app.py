"""The web app: thin routes over :mod:`parcours.services` and the web stores.

Every route checks who asks on the server: anonymous visitors are sent to the login page
(pages) or refused with 401 (forms); a workspace's non-members get 404, members whose role
is too low 403; every form carries the session's CSRF token; a share link opens one map
read-only and nothing else.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parcours.errors import ParcoursError
from parcours.web import drawing_process, jobs, routes, shared_cache
from parcours.web.context import STATIC, WebSettings, WebState
from parcours.web.db import database_url as resolve_url
from parcours.web.db import make_engine, migrate, read_session_factory, session_factory
from parcours.web.limits import FailureLimiter
from parcours.web.messages import UI
from parcours.web.pages import refusal
from parcours.web.uploads import UPLOAD_FOLDER, remove_partial_uploads

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(settings: WebSettings) -> FastAPI:
    """The app for ``settings``: opens the database and runs its migrations first."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(resolve_url(settings.database_url, settings.data_dir))
    migrate(engine, settings.data_dir)
    sessions = session_factory(engine)
    limiter = FailureLimiter(
        sessions,
        "login",
        max_failures=settings.login_max_failures,
        window_seconds=settings.login_window_seconds,
    )
    state = WebState(settings, engine, sessions, limiter, read_session_factory(engine))
    app = FastAPI(
        title="parcours", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_lifespan
    )
    app.state.web = state
    # what one process parsed or drew, read by the others (emptied by the starting server)
    shared_cache.use_data_folder(settings.data_dir, empty=settings.startup_cleanup)
    drawing_process.draw_apart(settings.draw_apart)
    if settings.startup_cleanup:
        jobs.fail_interrupted(state.sessions)  # a job "running" before a restart is not
        remove_partial_uploads(settings.data_dir / UPLOAD_FOLDER)  # uploads cut by a restart
    app.state.jobs = jobs.JobRunner(state.sessions, settings.data_dir)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(ParcoursError, refusal)

    app.add_middleware(SecurityHeaders)
    for register in routes.GROUPS:
        register(app)
    return app


@contextlib.asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """When the server stops, its drawing child stops at once (see ``drawing_process``)."""
    yield
    drawing_process.stop(wait=False)


_ENCODED_HEADERS = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in SECURITY_HEADERS.items()
)
_NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response that lacks them, and
    ``Cache-Control: no-store`` outside ``/static/`` (a pure ASGI middleware: Starlette's
    ``BaseHTTPMiddleware`` ran every request in a task group of its own, a measurable share
    of a cached page's CPU)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in _ENCODED_HEADERS if h[0] not in present]
                if not static and _NO_STORE[0] not in present:
                    headers.append(_NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


__all__ = ["UI", "WebSettings", "create_app"]
