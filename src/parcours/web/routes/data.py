"""A map's data and analysis: uploads (streamed), database sources, the column-mapping
form, background analysis jobs, rejected rows, snapshots and the analysis report.

Viewers see the analysis (snapshots, jobs, the report); editors also bring data, map its
columns and run the analysis.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from parcours.errors import ParcoursError
from parcours.events.mapping import FIELDS
from parcours.web import data, jobs
from parcours.web.context import Visitor
from parcours.web.errors import FormError, NotFoundError
from parcours.web.pages import (
    Db,
    Who,
    int_form,
    is_htmx,
    open_map,
    page,
    receive_data_upload,
    state_of,
)
from parcours.web.tables import AnalysisJob, DataSource, JobState, Role, Workspace

REPORT_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
    ),
    "X-Frame-Options": "SAMEORIGIN",
}
"""The analysis report is shown in a frame of the analysis page: same origin only, and
it may load nothing (it is self-contained) nor run any script."""


class SourceReadError(ParcoursError):
    """A reader's refusal of a source, its file path replaced by the upload's name."""

    status = 422

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        super().__init__(texts["en"])

    def message(self, lang: str = "en") -> str:
        return self.texts.get(lang, self.texts["en"])


MAX_FEEDBACK_FILES = 20
"""The most feedback files one job lists for download (web-edit)."""


def _runner(request: Request) -> jobs.JobRunner:
    runner: jobs.JobRunner = request.app.state.jobs
    return runner


def _job_context(
    request: Request, who: Visitor, job: AnalysisJob, can_edit: bool
) -> dict[str, Any]:
    settings = state_of(request).settings
    rejected = (
        jobs.rejected_preview(jobs.rejected_file(settings.data_dir, job.id))
        if can_edit and job.rejected_rows
        else []
    )
    error = job.error_fr if who.lang == "fr" else job.error_en
    feedback_files = [  # several feedback files (web-edit): one download each
        (n, jobs.rejected_file(settings.data_dir, job.id, feedback=True, index=n - 1).is_file())
        for n in range(1, MAX_FEEDBACK_FILES + 1)
    ]
    return {
        "feedback_rejected_files": [n for n, there in feedback_files if there]
        if can_edit and job.feedback_rejected_rows
        else [],
        "job": job,
        "stage": jobs.stage_label(job.stage, who.lang),
        "error": error,
        "running": job.state in (JobState.QUEUED.value, JobState.RUNNING.value),
        "percent": round(100 * (job.progress or 0.0)),
        "rejected": rejected,
        "can_edit": can_edit,
    }


def register(app: FastAPI) -> None:
    """Add this group's routes to ``app``."""

    @app.get("/maps/{map_id}/analysis")
    def analysis_page(
        request: Request, db: Db, who: Who, map_id: int, snapshot: str = ""
    ) -> Response:
        record, role = open_map(db, who, map_id, Role.VIEWER)
        can_edit = role.allows(Role.EDITOR)
        snapshots = data.snapshots_of(db, map_id)
        chosen = snapshots[0] if snapshots else None
        if snapshot:
            chosen = data.snapshot_row(db, map_id, int_form(snapshot, "snapshot"))
        sources = data.sources_of(db, map_id) if can_edit else []
        return page(
            request,
            "data_analysis.html.j2",
            who,
            record=record,
            workspace=db.get(Workspace, record.workspace_id),
            can_edit=can_edit,
            snapshots=[(row, data.headline(row)) for row in snapshots],
            chosen=chosen,
            jobs=jobs.jobs_of(db, map_id),
            stage_label=jobs.stage_label,
            events_sources=[s for s in sources if s.kind == "events"],
            feedback_sources=[s for s in sources if s.kind == "feedback"],
            unmatched=jobs.unmatched_counts(db, state_of(request).settings.data_dir, map_id)
            if can_edit
            else [],  # web-edit: activities to bind to steps
            max_mb=state_of(request).settings.upload_max_bytes // 1_000_000,
            tab="analysis",
        )

    @app.post("/maps/{map_id}/data/upload")
    async def upload(request: Request, db: Db, who: Who, map_id: int) -> Response:
        user = who.require_user()
        record, _ = await run_in_threadpool(open_map, db, who, map_id, Role.EDITOR)
        received = await receive_data_upload(request)
        try:
            who.check_csrf(received.fields.get("csrf"))
            kind = received.fields.get("kind", "events")
            if kind not in data.KINDS:
                raise FormError("kind")
        except ParcoursError:
            received.discard()
            raise
        source = data.add_received(db, record, user, kind, received)
        db.commit()
        return RedirectResponse(f"/maps/{map_id}/data/{source.id}/mapping", status_code=303)

    @app.post("/maps/{map_id}/data/database")
    def add_database(
        request: Request,
        db: Db,
        who: Who,
        map_id: int,
        url: Annotated[str, Form(max_length=2000)] = "",
        table: Annotated[str, Form(max_length=300)] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        data_dir = state_of(request).settings.data_dir
        source = data.add_database(db, record, user, url=url, table=table, data_dir=data_dir)
        db.commit()
        return RedirectResponse(f"/maps/{map_id}/data/{source.id}/mapping", status_code=303)

    @app.get("/maps/{map_id}/data/{source_id}/mapping")
    def mapping_form(request: Request, db: Db, who: Who, map_id: int, source_id: int) -> Response:
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        source = data.source_of(db, map_id, source_id)
        shown = source_preview(request, source)
        return page(
            request,
            "data_mapping.html.j2",
            who,
            record=record,
            workspace=db.get(Workspace, record.workspace_id),
            source=source,
            preview=shown,
            fields=FIELDS if source.kind == "events" else data.FEEDBACK_FIELDS,
            required=data.REQUIRED[source.kind],
            score_kinds=data.SCORE_KINDS,
            score_of={kind: column for column, kind in shown.mapping.get("scores", {}).items()},
        )

    @app.post("/maps/{map_id}/data/{source_id}/mapping")
    async def save_mapping(
        request: Request, db: Db, who: Who, map_id: int, source_id: int
    ) -> Response:
        who.require_user()
        form = await request.form(max_files=0, max_fields=64)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        who.check_csrf(fields.get("csrf"))
        await run_in_threadpool(open_map, db, who, map_id, Role.EDITOR)
        source = data.source_of(db, map_id, source_id)
        shown = await run_in_threadpool(source_preview, request, source)
        mapping = data.mapping_from_form(source.kind, fields, shown.columns, source.display_name)
        data.save_mapping(source, mapping)
        db.commit()
        return RedirectResponse(f"/maps/{map_id}/analysis#data", status_code=303)

    @app.post("/maps/{map_id}/jobs")
    def run_analysis(
        request: Request,
        db: Db,
        who: Who,
        map_id: int,
        events_source: Annotated[str, Form()] = "",
        feedback_source: Annotated[list[str] | None, Form()] = None,
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        user = who.require_user()
        who.check_csrf(csrf)
        record, _ = open_map(db, who, map_id, Role.EDITOR)
        events = data.source_of(db, map_id, int_form(events_source, "events_source"))
        feedback = [  # several survey files (web-edit): each chosen box
            data.source_of(db, map_id, int_form(value, "feedback_source"))
            for value in feedback_source or []
            if value.strip()
        ]
        if events.kind != "events" or any(f.kind != "feedback" for f in feedback):
            raise FormError("events_source")
        job = jobs.create_job(db, record, user, events, more_feedback=feedback)
        db.commit()
        _runner(request).submit(job.id)
        return RedirectResponse(f"/maps/{map_id}/jobs/{job.id}", status_code=303)

    @app.get("/maps/{map_id}/jobs/{job_id}")
    def job_page(request: Request, db: Db, who: Who, map_id: int, job_id: int) -> Response:
        record, role = open_map(db, who, map_id, Role.VIEWER)
        job = jobs.job_of(db, map_id, job_id)
        context = _job_context(request, who, job, role.allows(Role.EDITOR))
        if is_htmx(request):
            return page(request, "_data_job.html.j2", who, record=record, **context)
        return page(
            request,
            "data_job.html.j2",
            who,
            record=record,
            workspace=db.get(Workspace, record.workspace_id),
            **context,
        )

    @app.get("/maps/{map_id}/jobs/{job_id}/rejected")
    def rejected_rows(
        request: Request, db: Db, who: Who, map_id: int, job_id: int, feedback: str = ""
    ) -> Response:
        open_map(db, who, map_id, Role.EDITOR)
        job = jobs.job_of(db, map_id, job_id)
        data_dir = state_of(request).settings.data_dir
        index = int_form(feedback, "feedback") - 1 if feedback else 0  # feedback=N: N-th file
        if index < 0:
            raise NotFoundError()
        path = jobs.rejected_file(data_dir, job.id, feedback=bool(feedback), index=index)
        if not path.is_file():
            raise NotFoundError()
        return FileResponse(
            path, media_type="text/csv", filename=f"map-{map_id}-job-{job.id}-{path.name}"
        )

    @app.get("/maps/{map_id}/snapshots/{snapshot_id}/report")
    def report(db: Db, who: Who, map_id: int, snapshot_id: int) -> Response:
        open_map(db, who, map_id, Role.VIEWER)
        row = data.snapshot_row(db, map_id, snapshot_id)
        html = row.report_fr if who.lang == "fr" else row.report_en
        if not html:
            raise NotFoundError()
        return HTMLResponse(html, headers=REPORT_HEADERS)


def source_preview(request: Request, source: DataSource) -> data.Preview:
    """The first rows and mapping of ``source``; a reader's refusal names the upload, never
    the server's path or the database URL."""
    data_dir = state_of(request).settings.data_dir
    try:
        return data.preview(source, data_dir)
    except ParcoursError as exc:
        location = data.source_location(source, data_dir)
        texts = {
            lang: exc.message(lang).replace(location, source.display_name) for lang in ("en", "fr")
        }
        raise SourceReadError(texts) from None
