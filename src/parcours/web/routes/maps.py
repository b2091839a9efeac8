"""A map's page, step editing, exports and the map's share links."""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parcours.services import documents
from parcours.web import comments, drawings, maps
from parcours.web.db import aware, now
from parcours.web.errors import FormError
from parcours.web.map_body import map_body, map_content
from parcours.web.pages import (
    Db,
    Who,
    current_view,
    export_response,
    int_form,
    is_htmx,
    map_context,
    open_map,
    open_map_in,
    page,
    state_of,
    step_of,
)
from parcours.web.tables import Role

SHARE_EXPIRY_DAYS = (None, 7, 30, 90)


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/maps/{map_id}")
    def map_page(request: Request, db: Db, who: Who, map_id: int, view: str = "map") -> Response:
        record, role, workspace = open_map_in(db, who, map_id, Role.VIEWER)
        listed = comments.comments_of(db, record)
        context = map_context(db, record, who.lang, view)
        version = drawings.shown_version(  # the newest drawing made: no wait behind a save
            db,
            state_of(request).sessions,
            record.id,
            context["view"],
            who.lang,
            context["drawing_version"],
        )
        context["drawing_url"] = drawings.drawing_url(
            f"/maps/{map_id}", context["view"], version, who.lang
        )
        context |= {
            "can_edit": role.allows(Role.EDITOR),
            "comment_counts": comments.open_counts(listed),
        }
        context |= {
            "role": role,
            "workspace": workspace,
            "shares": maps.shares_of(db, map_id) if role.allows(Role.EDITOR) else [],
            "revisions": maps.revisions_of(db, map_id, limit=8),
            "share_days": SHARE_EXPIRY_DAYS,
            "live": lambda link: maps.share_is_live(link, now()),
            "aware": aware,
            "comments": listed,
            "map_body": map_body(request, who, context),
        }
        # the content is kept per revision and what it shows (web/map_body.py)
        return page(
            request, "map.html.j2", who, map_content=map_content(request, who, context), **context
        )

    @app.get("/maps/{map_id}/steps/{step_id}/edit")
    def step_form(request: Request, db: Db, who: Who, map_id: int, step_id: str) -> Response:
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        step = step_of(record, step_id)
        return page(request, "_step_form.html.j2", who, record=record, step=step)

    @app.get("/maps/{map_id}/steps/{step_id}")
    def step_view(request: Request, db: Db, who: Who, map_id: int, step_id: str) -> Response:
        record, role = open_map(db, who, map_id, Role.VIEWER)
        m = maps.journey_of(record)
        step = step_of(record, step_id)
        return page(
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
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        base = int_form(base_revision, "base_revision")
        maps.check_base(record, base)  # a conflict known before the edit is made
        m = documents.edit_step(
            maps.journey_of(record), step_id, name=name, description=description
        )
        record = maps.save_map(db, record, m, user, base=base, summary=f"step {step_id}")
        db.commit()
        if not is_htmx(request):
            return RedirectResponse(f"/maps/{map_id}", status_code=303)
        context = map_context(db, record, who.lang, current_view(request))
        context |= {"can_edit": True, "saved": record.revision}
        return HTMLResponse(map_body(request, who, context))

    @app.get("/maps/{map_id}/export/{fmt}")
    def export(db: Db, who: Who, map_id: int, fmt: str) -> Response:
        record, _ = open_map(db, who, map_id, Role.VIEWER)
        return export_response(record, fmt, who.lang)

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
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        days = int_form(expires_days, "expires_days") if expires_days else None
        if days not in SHARE_EXPIRY_DAYS:
            raise FormError("expires_days")
        token, _link = maps.create_share(db, record, user, expires_days=days)
        url = str(request.base_url).rstrip("/") + f"/s/{token}"
        return page(request, "share_created.html.j2", who, record=record, url=url)

    @app.post("/maps/{map_id}/shares/{share_id}/revoke")
    def revoke_share(
        db: Db, who: Who, map_id: int, share_id: int, csrf: Annotated[str, Form()] = ""
    ) -> RedirectResponse:
        who.require_user()
        who.check_csrf(csrf)
        open_map(db, who, map_id, Role.EDITOR)
        maps.revoke_share(db, map_id, share_id)
        return RedirectResponse(f"/maps/{map_id}#share", status_code=303)
