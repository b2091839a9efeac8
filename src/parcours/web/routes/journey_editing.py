"""Editing the journey's own fields in the page (title, scope, objective, language, time
zone, conversion value...): its form in the editor drawer, and its save.

Lanes, event bindings and questionnaires are kinds of element and rows of
:data:`parcours.services.editing.SECTIONS`, edited through the routes of
:mod:`parcours.web.routes.editing`; the journey is one form, not a list, so it has its own
two routes here. Same rules: editor role, CSRF, compare-and-swap, one revision per change
(undo works), errors in the form in French or English.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from parcours.services import editing
from parcours.web import maps
from parcours.web.pages import Db, Who, is_htmx, open_map, page
from parcours.web.routes.editing import checked_edit, fields_of, saved_edit
from parcours.web.tables import Role


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/maps/{map_id}/journey/edit")
    def journey_form(request: Request, db: Db, who: Who, map_id: int) -> Response:
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        m = maps.journey_of(record)
        context: dict[str, Any] = {
            "record": record,
            "journey": m,
            "section": editing.JOURNEY,
            "element_id": None,
            "values": editing.journey_values(m),
            "rows": {},
            "after": "",
            "action": f"/maps/{record.id}/journey",
            "kinds": editing.FieldKind,
            "label": lambda name: editing.field_label(name, who.lang),
            "choices": lambda source: editing.choices_for(source, m, who.lang),
            "title": editing.MESSAGES.text("title.journey", who.lang),
            "personas": {},
        }
        name = "_editor.html.j2" if is_htmx(request) else "editor_page.html.j2"
        return page(request, name, who, **context)

    @app.post("/maps/{map_id}/journey")
    async def save_journey(request: Request, db: Db, who: Who, map_id: int) -> Response:
        form = await request.form()
        user, record, base = checked_edit(db, who, map_id, form)
        m = editing.update_journey(maps.journey_of(record), fields_of(form))
        return saved_edit(request, db, who, record, m, user, base, "journey", None)
