"""A map's drawing as its own resource (issue 11, load): the map page and the shared page
show it with an ``<img>`` whose URL names the revision, so browsers fetch it once."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from parcours.web import drawings, maps
from parcours.web.errors import NotFoundError
from parcours.web.messages import preferred_language
from parcours.web.pages import Db, Who, map_views, open_map
from parcours.web.tables import MapRecord, Role


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/maps/{map_id}/drawing/{view}.svg")
    def map_drawing(request: Request, db: Db, who: Who, map_id: int, view: str) -> Response:
        record, _ = open_map(db, who, map_id, Role.VIEWER)
        return _drawing(request, db, record, f"/maps/{map_id}", view, who.lang)

    @app.get("/s/{token}/drawing/{view}.svg")
    def shared_drawing(request: Request, db: Db, token: str, view: str) -> Response:
        record = maps.shared_map(db, token)
        lang = preferred_language(request.headers.get("accept-language"))
        return _drawing(request, db, record, f"/s/{token}", view, lang)


def _drawing(
    request: Request, db: Db, record: MapRecord, base: str, name: str, lang: str
) -> Response:
    asked = request.query_params.get("lang")
    lang = asked if asked in ("en", "fr") else lang
    shown = drawings.view_named(name, map_views(maps.journey_of(record)))
    if shown is None:
        raise NotFoundError()
    asked_version = request.query_params.get("rev") or ""
    drawing = drawings.ready_drawing(db, record.id, asked_version, shown, lang)
    if drawing is not None:  # drawn already (a page names the newest drawing made)
        return _send(request, drawing)
    version = drawings.version_of(db, record)
    if asked_version != version:  # an older revision's page: the latest
        url = drawings.drawing_url(base, shown, version, lang)
        return RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})
    return _send(request, drawings.drawing_of(db, record, shown, lang, version))


def _send(request: Request, drawing: drawings.Drawing) -> Response:
    zipped = drawings.accepts_gzip(request.headers.get("accept-encoding", ""))
    etag = drawing.gzip_etag() if zipped else drawing.etag
    headers = {**drawings.DRAWING_HEADERS, "ETag": etag, "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if zipped:  # 13 times smaller: compressed once per drawing, sent to every viewer
        headers["Content-Encoding"] = "gzip"
        return Response(drawing.gzipped(), media_type=drawings.SVG_MEDIA_TYPE, headers=headers)
    return Response(drawing.body, media_type=drawings.SVG_MEDIA_TYPE, headers=headers)
