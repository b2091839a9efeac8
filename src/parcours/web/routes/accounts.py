"""Log in, log out, the user's language."""

from __future__ import annotations

import secrets
import time
from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response

from parcours.web import accounts
from parcours.web.context import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Visitor
from parcours.web.errors import MESSAGES, FormError, WebError
from parcours.web.pages import Db, Who, page, safe_next, set_cookie, state_of


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/")
    def home(who: Who) -> RedirectResponse:
        return RedirectResponse("/workspaces" if who.user else "/login", status_code=303)

    @app.get("/login")
    def login_page(request: Request, who: Who, next: str = "") -> Response:
        token = secrets.token_urlsafe(32)
        response = page(request, "login.html.j2", who, csrf=token, next=safe_next(next))
        set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
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
        limiter = state_of(request).limiter
        address = request.client.host if request.client else "?"
        keys = (f"user:{username.lower()}", f"address:{address}")
        moment = time.time()  # every server process shares the wall clock
        if any(limiter.blocked(key, now=moment, db=db) for key in keys):
            return login_failed(request, who, "too_many_logins", 429, next)
        user = accounts.authenticate(db, username, password)
        if user is None:
            for key in keys:
                limiter.fail(key, now=moment)
            return login_failed(request, who, "bad_login", 401, next)
        limiter.clear(keys[0])
        opened = accounts.open_session(db, user)
        response = RedirectResponse(safe_next(next), status_code=303)
        set_cookie(
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
        return RedirectResponse(safe_next(next), status_code=303)


def login_failed(request: Request, who: Visitor, key: str, status: int, next: str) -> Response:
    token = secrets.token_urlsafe(32)
    response = page(
        request,
        "login.html.j2",
        who,
        status,
        csrf=token,
        next=safe_next(next),
        error=MESSAGES.text(key, who.lang),
    )
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response
