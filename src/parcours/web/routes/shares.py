"""What a read-only share link opens: one map, its drawing and its PDF, nothing else."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from parcours.web import maps
from parcours.web.context import Visitor
from parcours.web.messages import preferred_language
from parcours.web.pages import Db, export_response, map_context, page


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/s/{token}")
    def shared_page(request: Request, db: Db, token: str, view: str = "map") -> Response:
        record = maps.shared_map(db, token)
        lang = request.query_params.get("lang")
        if lang not in ("en", "fr"):
            lang = preferred_language(request.headers.get("accept-language"))
        who = Visitor(None, None, lang)
        context = map_context(db, record, lang, view, base=f"/s/{token}")
        return page(request, "shared.html.j2", who, token=token, **context)

    @app.get("/s/{token}/pdf")
    def shared_pdf(request: Request, db: Db, token: str) -> Response:
        record = maps.shared_map(db, token)
        lang = request.query_params.get("lang")
        if lang not in ("en", "fr"):
            lang = preferred_language(request.headers.get("accept-language"))
        return export_response(record, "pdf", lang)
