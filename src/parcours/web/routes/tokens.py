"""The logged-in user's personal API tokens: list, create (shown once), revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response

from parcours.web import tokens
from parcours.web.db import aware, now
from parcours.web.errors import FormError
from parcours.web.pages import Db, Who, int_form, page
from parcours.web.tables import ApiToken


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/account/tokens")
    def token_page(request: Request, db: Db, who: Who) -> Response:
        user = who.require_user()
        return _page(request, db, who, rows=tokens.tokens_of(db, user))

    @app.post("/account/tokens")
    def create_token(
        request: Request,
        db: Db,
        who: Who,
        name: Annotated[str, Form(max_length=tokens.TOKEN_NAME_MAX_CHARS * 2)] = "",
        expires_days: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        days = int_form(expires_days, "expires_days") if expires_days else None
        if days not in tokens.TOKEN_EXPIRY_DAYS:
            raise FormError("expires_days")
        secret, _row = tokens.create_token(db, user, name, expires_days=days)
        return _page(request, db, who, rows=tokens.tokens_of(db, user), secret=secret)

    @app.post("/account/tokens/{token_id}/revoke")
    def revoke_token(
        db: Db, who: Who, token_id: int, csrf: Annotated[str, Form()] = ""
    ) -> RedirectResponse:
        user = who.require_user()
        who.check_csrf(csrf)
        tokens.revoke_token(db, user, token_id)
        return RedirectResponse("/account/tokens", status_code=303)


def _page(
    request: Request, db: Db, who: Who, *, rows: list[ApiToken], secret: str = ""
) -> Response:
    moment = now()
    return page(
        request,
        "account_tokens.html.j2",
        who,
        rows=rows,
        secret=secret,
        base_url=str(request.base_url).rstrip("/"),
        name_max=tokens.TOKEN_NAME_MAX_CHARS,
        expiry_days=tokens.TOKEN_EXPIRY_DAYS,
        aware=aware,
        live=lambda row: tokens.token_is_live(row, moment),
    )
