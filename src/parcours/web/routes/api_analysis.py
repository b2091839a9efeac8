"""The JSON API's data and analysis routes (``/api/v1/maps/{id}/sources|jobs|snapshots``):
upload an event log or a feedback file (streamed to disk), a database table, the column
mapping with the guess and a preview, background analysis jobs, their rejected rows, the
snapshots over time and their report.

Same stores and permissions as the pages of :mod:`parcours.web.routes.data`: viewers see
jobs, snapshots and reports; editors also list and add sources, map columns, run the
analysis and download rejected rows.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from parcours.events.mapping import FIELDS
from parcours.web import data, jobs
from parcours.web.api import API_PREFIX, ApiError, Caller
from parcours.web.api_models import (
    JobOut,
    MappingIn,
    MappingOut,
    NewDatabaseSource,
    NewJob,
    SnapshotOut,
    SourceOut,
    job_out,
    mapping_out,
    snapshot_out,
    source_out,
)
from parcours.web.errors import NotFoundError
from parcours.web.pages import Db, open_map, receive_data_upload, state_of
from parcours.web.routes.api import api_route
from parcours.web.routes.data import REPORT_HEADERS, source_preview
from parcours.web.tables import Role, User

JOBS_LISTED = 50
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A .csv, .tsv, .txt, .xlsx or .parquet table.",
                        },
                        "kind": {"type": "string", "enum": list(data.KINDS), "default": "events"},
                    },
                }
            }
        },
    }
}
_CSV = {200: {"description": "The rejected rows (CSV).", "content": {"text/csv": {}}}}
_HTML = {200: {"description": "The analysis report (HTML).", "content": {"text/html": {}}}}


def register(app: FastAPI) -> None:
    """Add the data and analysis routes of the API to ``app``."""
    _source_routes(app)
    _job_routes(app)
    _snapshot_routes(app)


def _source_routes(app: FastAPI) -> None:
    @api_route(app, "GET", "/maps/{map_id}/sources", tags=["data"])
    def list_sources(db: Db, caller: Caller, map_id: int) -> list[SourceOut]:
        """The map's data sources, newest first (editors and owners)."""
        open_map(db, caller, map_id, Role.EDITOR)
        return [source_out(s) for s in data.sources_of(db, map_id)]

    @api_route(
        app,
        "POST",
        "/maps/{map_id}/sources/upload",
        tags=["data"],
        status_code=201,
        route_class=APIRoute,  # its own limit (the upload limit), checked while streaming
        openapi_extra=_UPLOAD_BODY,
        responses={413: {"description": "Larger than the server's upload limit."}},
    )
    async def upload_source(request: Request, db: Db, caller: Caller, map_id: int) -> SourceOut:
        """Upload an event log or a feedback file (``multipart/form-data``: ``file``, and
        ``kind`` = events or feedback). The file is written to disk as it arrives, under a
        generated name; its content must match its extension."""
        user = caller.require_user()
        record, _ = await run_in_threadpool(open_map, db, caller, map_id, Role.EDITOR)
        received = await receive_data_upload(request)
        kind = received.fields.get("kind", "events")
        if kind not in data.KINDS:
            received.discard()
            raise ApiError("invalid_request", problems=f"kind: one of {', '.join(data.KINDS)}")
        source = await run_in_threadpool(data.add_received, db, record, user, kind, received)
        return source_out(source)

    @api_route(app, "POST", "/maps/{map_id}/sources/database", tags=["data"], status_code=201)
    def add_database(
        request: Request, db: Db, caller: Caller, map_id: int, new: NewDatabaseSource
    ) -> SourceOut:
        """A database table as an event log. The URL is stored encrypted with the server's
        key and never sent back (``name`` masks its password)."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        data_dir = state_of(request).settings.data_dir
        source = data.add_database(
            db, record, user, url=new.url, table=new.table, data_dir=data_dir
        )
        return source_out(source)

    @api_route(app, "GET", "/maps/{map_id}/sources/{source_id}/mapping", tags=["data"])
    def get_mapping(
        request: Request, db: Db, caller: Caller, map_id: int, source_id: int
    ) -> MappingOut:
        """The source's columns and first rows, with its saved mapping or the guess."""
        open_map(db, caller, map_id, Role.EDITOR)
        source = data.source_of(db, map_id, source_id)
        return mapping_out(source, source_preview(request, source))

    @api_route(app, "PUT", "/maps/{map_id}/sources/{source_id}/mapping", tags=["data"])
    def put_mapping(
        request: Request,
        db: Db,
        caller: Caller,
        map_id: int,
        source_id: int,
        chosen: Annotated[MappingIn, Body()],
    ) -> SourceOut:
        """Save the columns chosen for the source (checked like the mapping page's form)."""
        open_map(db, caller, map_id, Role.EDITOR)
        source = data.source_of(db, map_id, source_id)
        known = data.FEEDBACK_FIELDS if source.kind == "feedback" else FIELDS
        unknown = sorted(set(chosen.fields) - set(known))
        unknown += sorted(set(chosen.scores) - set(data.SCORE_KINDS))
        if unknown or (chosen.scores and source.kind != "feedback"):
            problems = f"unknown fields: {', '.join(unknown) or 'scores'}"
            raise ApiError("invalid_request", problems=problems)
        shown = source_preview(request, source)
        form = chosen.as_form()
        mapping = data.mapping_from_form(source.kind, form, shown.columns, source.display_name)
        data.save_mapping(source, mapping)
        return source_out(source)


def _job_routes(app: FastAPI) -> None:
    @api_route(
        app,
        "POST",
        "/maps/{map_id}/jobs",
        tags=["analysis"],
        status_code=202,
        responses={202: {"description": "Queued; header Location: the job to poll."}},
    )
    def run_analysis(
        request: Request, db: Db, caller: Caller, map_id: int, new: NewJob
    ) -> JSONResponse:
        """Run the analysis of the map on an event log (and a feedback file) in the
        background, as ``parcours analyze`` does; poll the job for its progress."""
        user = caller.require_user()
        record, _ = open_map(db, caller, map_id, Role.EDITOR)
        events = data.source_of(db, map_id, new.events_source)
        feedback = None
        if new.feedback_source is not None:
            feedback = data.source_of(db, map_id, new.feedback_source)
        if events.kind != "events" or (feedback is not None and feedback.kind != "feedback"):
            raise ApiError(
                "invalid_request",
                problems="events_source must be an event log, feedback_source a feedback file",
            )
        job = jobs.create_job(db, record, user, events, feedback)
        db.commit()
        runner: jobs.JobRunner = request.app.state.jobs
        runner.submit(job.id)
        body = job_out(job, user.display_name, caller.lang).model_dump(mode="json")
        location = f"{API_PREFIX}/maps/{map_id}/jobs/{job.id}"
        return JSONResponse(body, status_code=202, headers={"Location": location})

    @api_route(app, "GET", "/maps/{map_id}/jobs", tags=["analysis"])
    def list_jobs(
        db: Db,
        caller: Caller,
        map_id: int,
        limit: Annotated[int, Query(ge=1, le=200)] = JOBS_LISTED,
    ) -> list[JobOut]:
        """The map's latest analysis jobs, newest first."""
        open_map(db, caller, map_id, Role.VIEWER)
        return [job_out(j, who, caller.lang) for j, who in jobs.jobs_of(db, map_id, limit=limit)]

    @api_route(app, "GET", "/maps/{map_id}/jobs/{job_id}", tags=["analysis"])
    def get_job(db: Db, caller: Caller, map_id: int, job_id: int) -> JobOut:
        """A job's state, progress and stage, its error in the Accept-Language language, its
        rejected rows' count and, once done, its snapshot."""
        open_map(db, caller, map_id, Role.VIEWER)
        job = jobs.job_of(db, map_id, job_id)
        author = db.get(User, job.created_by) if job.created_by is not None else None
        return job_out(job, author.display_name if author else "—", caller.lang)

    @api_route(
        app,
        "GET",
        "/maps/{map_id}/jobs/{job_id}/rejected",
        tags=["analysis"],
        response_class=Response,
        responses=_CSV,
    )
    def rejected_rows(
        request: Request, db: Db, caller: Caller, map_id: int, job_id: int, feedback: bool = False
    ) -> Response:
        """The rows the readers set aside (CSV: the reason, the row, its values); ``feedback``
        for the feedback file's. 404 when the job rejected none."""
        open_map(db, caller, map_id, Role.EDITOR)
        job = jobs.job_of(db, map_id, job_id)
        data_dir = state_of(request).settings.data_dir
        path = jobs.rejected_file(data_dir, job.id, feedback=feedback)
        if not path.is_file():
            raise NotFoundError()
        return FileResponse(
            path, media_type="text/csv", filename=f"map-{map_id}-job-{job.id}-{path.name}"
        )


def _snapshot_routes(app: FastAPI) -> None:
    @api_route(app, "GET", "/maps/{map_id}/snapshots", tags=["analysis"])
    def list_snapshots(db: Db, caller: Caller, map_id: int) -> list[SnapshotOut]:
        """The map's measured snapshots over time, newest first, with their headline."""
        open_map(db, caller, map_id, Role.VIEWER)
        return [snapshot_out(row) for row in data.snapshots_of(db, map_id)]

    @api_route(
        app,
        "GET",
        "/maps/{map_id}/snapshots/{snapshot_id}",
        tags=["analysis"],
        responses={200: {"description": "The snapshot (the file format's measurement)."}},
    )
    def get_snapshot(db: Db, caller: Caller, map_id: int, snapshot_id: int) -> JSONResponse:
        """A snapshot's values, as a map file's ``measurements`` entry holds them."""
        open_map(db, caller, map_id, Role.VIEWER)
        row = data.snapshot_row(db, map_id, snapshot_id)
        return JSONResponse(json.loads(row.body))

    @api_route(
        app,
        "GET",
        "/maps/{map_id}/snapshots/{snapshot_id}/report",
        tags=["analysis"],
        response_class=Response,
        responses=_HTML,
    )
    def snapshot_report(db: Db, caller: Caller, map_id: int, snapshot_id: int) -> Response:
        """The analysis report of the run that stored the snapshot (self-contained HTML,
        in the Accept-Language language): KPIs, funnel, Sankey, delays, satisfaction…"""
        open_map(db, caller, map_id, Role.VIEWER)
        row = data.snapshot_row(db, map_id, snapshot_id)
        html = row.report_fr if caller.lang == "fr" else row.report_en
        if not html:
            raise NotFoundError()
        return HTMLResponse(html, headers=REPORT_HEADERS)
