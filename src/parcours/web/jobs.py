"""Analysis jobs: a map measured in the background by a worker thread of the server.

A job is a row of ``analysis_jobs`` (queued → running → done | failed, a progress fraction
and stage, the error in French and English, who asked, when it started and finished). The
worker (:class:`JobRunner`, one thread, jobs one after the other) calls the CLI's use case,
:func:`parcours.services.analysis.analyze_map` (what ``parcours analyze`` runs), stores the
snapshot in the database (:class:`~parcours.web.data.DbMeasurementStore`) and the analysis
report rendered by :func:`parcours.render.render_analysis_html` in both languages. Rows the
readers set aside go to ``<data>/jobs/<id>/rejected.csv``.

A server that stops mid-job leaves its row "running": :func:`fail_interrupted` marks such
rows failed when the app starts (before any new job runs), so none stays stuck.
"""

from __future__ import annotations

import csv
import json
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from parcours import io, render
from parcours.analytics.feedback import RECENT_DAYS
from parcours.errors import ParcoursError
from parcours.i18n import Catalog
from parcours.services.analysis import AnalysisOutcome, analyze_map
from parcours.services.voice import analysis_alerts, analysis_opportunities
from parcours.web import data
from parcours.web.db import now
from parcours.web.errors import NotFoundError
from parcours.web.tables import (
    AnalysisJob,
    DataSource,
    JobFeedbackSource,
    JobState,
    MapRecord,
    StoredSnapshot,
    User,
)

LOG = logging.getLogger(__name__)
JOBS_FOLDER = "jobs"
REJECTED_FILE = "rejected.csv"
FEEDBACK_REJECTED_FILE = "rejected-feedback.csv"
REJECTED_PREVIEW_ROWS = 20
LANGS = ("en", "fr")

STAGES: dict[str, tuple[float, dict[str, str]]] = {
    "queued": (0.0, {"en": "Waiting for the worker", "fr": "En attente"}),
    "read": (0.05, {"en": "Reading the event log", "fr": "Lecture du journal d'événements"}),
    "match": (0.35, {"en": "Tying events to the steps", "fr": "Rattachement aux étapes"}),
    "analyze": (0.5, {"en": "Measuring the journey", "fr": "Mesure du parcours"}),
    "feedback": (0.7, {"en": "Reading the feedback", "fr": "Lecture des retours clients"}),
    "store": (0.85, {"en": "Storing the snapshot", "fr": "Enregistrement du relevé"}),
    "report": (0.9, {"en": "Drawing the analysis", "fr": "Dessin de l'analyse"}),
    "done": (1.0, {"en": "Done", "fr": "Terminé"}),
}
"""Each stage of a job: the progress fraction when it starts and its label."""

MESSAGES = Catalog(
    {
        "interrupted": {
            "en": "The server stopped while this analysis was running. Nothing was stored: "
            "run it again.",
            "fr": "Le serveur s'est arrêté pendant cette analyse. Rien n'a été enregistré : "
            "relancez-la.",
        },
        "crashed": {
            "en": "The analysis stopped on an unexpected error ({kind}). Nothing was stored; "
            "the server log has the details.",
            "fr": "L'analyse s'est arrêtée sur une erreur inattendue ({kind}). Rien n'a été "
            "enregistré ; le journal du serveur donne le détail.",
        },
        "source_gone": {
            "en": "The data source of this analysis was deleted.",
            "fr": "La source de données de cette analyse a été supprimée.",
        },
    }
)


def stage_label(stage: str, lang: str) -> str:
    """The label of a stage in ``lang``.

    >>> stage_label("match", "fr")
    'Rattachement aux étapes'
    """
    labels = STAGES.get(stage, (0.0, {"en": stage, "fr": stage}))[1]
    return labels.get(lang, labels["en"])


# --------------------------------------------------------------------------- rows
def create_job(
    db: DbSession,
    record: MapRecord,
    author: User | None,
    events_source: DataSource,
    feedback_source: DataSource | None = None,
    *,
    recent_days: int | None = None,
    more_feedback: Sequence[DataSource] = (),
) -> AnalysisJob:
    """A queued job (the caller commits, then hands its id to the runner). Its feedback
    files: ``feedback_source`` then ``more_feedback``, each once, in that order."""
    chosen = [feedback_source] if feedback_source is not None else []
    feedback = list({s.id: s for s in [*chosen, *more_feedback]}.values())
    job = AnalysisJob(
        map_id=record.id,
        events_source_id=events_source.id,
        feedback_source_id=feedback[0].id if feedback else None,
        state=JobState.QUEUED.value,
        progress=0.0,
        stage="queued",
        recent_days=recent_days,
        rejected_rows=0,
        feedback_rejected_rows=0,
        created_by=author.id if author else None,
        created_at=now(),
    )
    db.add(job)
    db.flush()
    for position, source in enumerate(feedback):
        db.add(JobFeedbackSource(job_id=job.id, position=position, source_id=source.id))
    db.flush()
    return job


def feedback_sources_of(db: DbSession, job: AnalysisJob) -> list[DataSource]:
    """The feedback files a job reads, in order (a job made before several files were
    possible: its one file)."""
    rows = db.scalars(
        select(DataSource)
        .join(JobFeedbackSource, JobFeedbackSource.source_id == DataSource.id)
        .where(JobFeedbackSource.job_id == job.id)
        .order_by(JobFeedbackSource.position)
    ).all()
    if rows:
        return list(rows)
    first = db.get(DataSource, job.feedback_source_id) if job.feedback_source_id else None
    return [first] if first is not None else []


def job_of(db: DbSession, map_id: int, job_id: int) -> AnalysisJob:
    """A job of this map (:class:`NotFoundError` for another map's)."""
    job = db.get(AnalysisJob, job_id)
    if job is None or job.map_id != map_id:
        raise NotFoundError()
    return job


def jobs_of(db: DbSession, map_id: int, *, limit: int = 10) -> list[tuple[AnalysisJob, str]]:
    """The latest jobs of a map with who asked, newest first."""
    rows = db.execute(
        select(AnalysisJob, User.display_name)
        .outerjoin(User, User.id == AnalysisJob.created_by)
        .where(AnalysisJob.map_id == map_id)
        .order_by(AnalysisJob.id.desc())
        .limit(limit)
    ).all()
    return [(job, name or "—") for job, name in rows]


def fail_interrupted(sessions: sessionmaker[DbSession]) -> int:
    """Mark failed every job left queued or running by a stopped server; how many."""
    with sessions() as db:
        result = db.execute(
            update(AnalysisJob)
            .where(AnalysisJob.state.in_((JobState.QUEUED.value, JobState.RUNNING.value)))
            .values(
                state=JobState.FAILED.value,
                error_en=MESSAGES.text("interrupted", "en"),
                error_fr=MESSAGES.text("interrupted", "fr"),
                finished_at=now(),
            )
        )
        db.commit()
        return int(getattr(result, "rowcount", 0) or 0)


def job_folder(data_dir: Path, job_id: int) -> Path:
    """Where a job writes its rejected rows: ``<data>/jobs/<id>``."""
    return data_dir / JOBS_FOLDER / str(int(job_id))


def rejected_file(data_dir: Path, job_id: int, *, feedback: bool = False, index: int = 0) -> Path:
    """The CSV of the rows a job's readers set aside (``index``: which feedback file).

    >>> [rejected_file(Path("d"), 7, feedback=True, index=i).name for i in (0, 1)]
    ['rejected-feedback.csv', 'rejected-feedback-2.csv']
    """
    name = FEEDBACK_REJECTED_FILE if feedback else REJECTED_FILE
    if feedback and index > 0:
        name = name.replace(".csv", f"-{index + 1}.csv")
    return job_folder(data_dir, job_id) / name


def rejected_preview(path: Path, limit: int = REJECTED_PREVIEW_ROWS) -> list[list[str]]:
    """The header and first rows of a rejected-rows CSV (empty when there is none).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_text("reason,row\\nbad_time,3\\n", encoding="utf-8")
    >>> rejected_preview(p)
    [['reason', 'row'], ['bad_time', '3']]
    """
    if not path.is_file():
        return []
    rows: list[list[str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            rows.append([cell[:200] for cell in row])
            if len(rows) > limit:
                break
    return rows


# --------------------------------------------------------------------------- running
@dataclass(frozen=True)
class _Inputs:
    record: MapRecord
    events_source: DataSource
    feedback_sources: tuple[DataSource, ...]
    recent_days: int | None


def run_job(sessions: sessionmaker[DbSession], data_dir: Path, job_id: int) -> None:
    """Run one queued job to its end (done or failed); never raises for a user error."""
    inputs = _start(sessions, job_id)
    if inputs is None:
        return
    names: dict[str, str] = {}
    try:
        outcome = _analyze(sessions, data_dir, job_id, inputs, names)
        _finish(sessions, job_id, inputs, outcome)
    except ParcoursError as exc:
        _fail(sessions, job_id, {lang: _shown(exc.message(lang), names) for lang in LANGS})
    except Exception as exc:  # the worker must survive and say something
        LOG.exception("analysis job %s failed", job_id)
        kind = type(exc).__name__
        _fail(sessions, job_id, {lang: MESSAGES.text("crashed", lang, kind=kind) for lang in LANGS})


def claim(db: DbSession, job_id: int) -> bool:
    """Mark queued job ``job_id`` running and commit; False when it was not queued any more.

    One statement (``UPDATE … WHERE state = 'queued'``): of several server processes
    (``parcours serve --workers N``) asking at once, exactly one gets True and runs the job.
    """
    claimed = db.execute(
        update(AnalysisJob)
        .where(AnalysisJob.id == job_id, AnalysisJob.state == JobState.QUEUED.value)
        .values(state=JobState.RUNNING.value, started_at=now())
        .execution_options(synchronize_session=False)
    )
    db.commit()
    return bool(getattr(claimed, "rowcount", 0) == 1)


def _start(sessions: sessionmaker[DbSession], job_id: int) -> _Inputs | None:
    with sessions() as db:
        job = db.get(AnalysisJob, job_id)
        if job is None or job.state != JobState.QUEUED.value:
            return None
        record = db.get(MapRecord, job.map_id)
        events_source = db.get(DataSource, job.events_source_id) if job.events_source_id else None
        feedback_sources = tuple(feedback_sources_of(db, job))
        if record is None or events_source is None:
            job.state = JobState.FAILED.value
            job.error_en = MESSAGES.text("source_gone", "en")
            job.error_fr = MESSAGES.text("source_gone", "fr")
            job.finished_at = now()
            db.commit()
            return None
        if not claim(db, job_id):
            return None  # another server process claimed it first
        return _Inputs(record, events_source, feedback_sources, job.recent_days)


def _progress(sessions: sessionmaker[DbSession], job_id: int) -> Callable[[str], None]:
    def say(stage: str) -> None:
        fraction = STAGES.get(stage, (None, {}))[0]
        values: dict[str, object] = {"stage": stage[:32]}
        if fraction is not None:
            values["progress"] = fraction
        with sessions() as db:
            db.execute(update(AnalysisJob).where(AnalysisJob.id == job_id).values(**values))
            db.commit()

    return say


def _analyze(
    sessions: sessionmaker[DbSession],
    data_dir: Path,
    job_id: int,
    inputs: _Inputs,
    names: dict[str, str],
) -> AnalysisOutcome:
    say = _progress(sessions, job_id)
    folder = job_folder(data_dir, job_id)
    folder.mkdir(parents=True, exist_ok=True)
    events_path = data.source_location(inputs.events_source, data_dir)
    names[events_path] = inputs.events_source.display_name
    rejected = rejected_file(data_dir, job_id)
    names[str(rejected)] = REJECTED_FILE
    feedback: list[str] = []
    for source in inputs.feedback_sources:
        location = data.source_location(source, data_dir)
        names[location] = source.display_name
        feedback.append(location)
    mappings = [data.feedback_mapping(source) for source in inputs.feedback_sources]
    feedback_rejected: list[Path | None] | None = [
        rejected_file(data_dir, job_id, feedback=True, index=i) for i in range(len(feedback))
    ] or None
    with sessions() as db:
        m = data.measured_journey(db, inputs.record)
    outcome = analyze_map(
        m,
        events_path,
        mapping=data.events_mapping(inputs.events_source),
        table=inputs.events_source.table_name,
        rejected_path=rejected,
        progress=say,
        feedback=feedback,
        feedback_mapping=mappings[0] if mappings else None,
        feedback_mappings=mappings or None,
        feedback_rejected=feedback_rejected,
        recent_days=inputs.recent_days or RECENT_DAYS,
    )
    write_unmatched_activities(data_dir, job_id, outcome)
    return outcome


def _finish(
    sessions: sessionmaker[DbSession], job_id: int, inputs: _Inputs, outcome: AnalysisOutcome
) -> None:
    say = _progress(sessions, job_id)
    say("report")
    alerts = analysis_alerts(outcome) if outcome.feedback is not None else None
    proposal = analysis_opportunities(outcome)
    source = inputs.events_source.display_name
    reports = {
        lang: render.render_analysis_html(
            outcome.journey_map,
            outcome.analysis,
            lang,
            source=source,
            conformance=outcome.conformance,
            voice=outcome.feedback,
            alerts=alerts,
            opportunities=proposal,
        )
        for lang in LANGS
    }
    say("store")
    snapshot = outcome.snapshot.model_copy(update={"source": source[:300]})
    with sessions() as db:
        data.DbMeasurementStore(db, inputs.record.id).add(snapshot, source=source)
        row = db.scalar(
            select(StoredSnapshot).where(
                StoredSnapshot.map_id == inputs.record.id,
                StoredSnapshot.snapshot_id == snapshot.id,
            )
        )
        assert row is not None
        row.report_en, row.report_fr = reports["en"], reports["fr"]
        job = db.get(AnalysisJob, job_id)
        assert job is not None
        job.state, job.stage, job.progress = JobState.DONE.value, "done", 1.0
        job.snapshot_pk = row.id
        job.rejected_rows = outcome.log.rejected.total
        job.feedback_rejected_rows = sum(f.rejected.total for f in outcome.feedback_logs)
        job.finished_at = now()
        db.commit()


def _fail(sessions: sessionmaker[DbSession], job_id: int, errors: dict[str, str]) -> None:
    with sessions() as db:
        job = db.get(AnalysisJob, job_id)
        if job is None:
            return
        job.state = JobState.FAILED.value
        job.error_en, job.error_fr = errors["en"], errors["fr"]
        job.finished_at = now()
        db.commit()


def _shown(message: str, names: dict[str, str]) -> str:
    """A reader's message with the server's file paths replaced by the upload's name."""
    for path, name in sorted(names.items(), key=lambda item: -len(item[0])):
        message = message.replace(path, name)
    return message


# --------------------------------------------------------------------------- worker
class JobRunner:
    """One worker thread running the queued jobs one after the other (started on first use)."""

    def __init__(self, sessions: sessionmaker[DbSession], data_dir: Path) -> None:
        self.sessions, self.data_dir = sessions, data_dir
        self.queue: queue.Queue[int | None] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(self, job_id: int) -> None:
        """Queue a committed job."""
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._loop, name="parcours-analysis", daemon=True
                )
                self.thread.start()
        self.queue.put(job_id)

    def _loop(self) -> None:
        while True:
            job_id = self.queue.get()
            try:
                if job_id is None:
                    return
                run_job(self.sessions, self.data_dir, job_id)
            finally:
                self.queue.task_done()

    def wait(self) -> None:
        """Block until every queued job has run (tests, the demo's first start)."""
        self.queue.join()

    def stop(self) -> None:
        """Let the thread end after the current job."""
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                self.queue.put(None)
                self.thread.join(timeout=5)
            self.thread = None


# ---- activities no step matches, suggested in the steps' event bindings (web-edit)
UNMATCHED_FILE = "unmatched-activities.json"
UNMATCHED_KEPT = 300


def write_unmatched_activities(data_dir: Path, job_id: int, outcome: AnalysisOutcome) -> None:
    """Keep the activities of the log that no step matched (most frequent first), so that
    the step form can suggest them as event bindings."""
    kept = [[u.activity, u.events] for u in outcome.matched.unmatched[:UNMATCHED_KEPT]]
    path = job_folder(data_dir, job_id) / UNMATCHED_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        io.write_text_atomic(path, json.dumps(kept, ensure_ascii=False))
    except (OSError, ParcoursError):  # only suggestions: the analysis itself stands
        LOG.warning("could not keep the unmatched activities of job %s", job_id)


def unmatched_activities(db: DbSession, data_dir: Path, map_id: int) -> tuple[str, ...]:
    """The activities no step matched in the map's latest finished analysis (none: ())."""
    return tuple(name for name, _ in unmatched_counts(db, data_dir, map_id))


def unmatched_counts(db: DbSession, data_dir: Path, map_id: int) -> list[tuple[str, int]]:
    """The activities no step matched in the map's latest finished analysis, with their
    number of events, most frequent first (none: [])."""
    job_id = db.scalar(
        select(AnalysisJob.id)
        .where(AnalysisJob.map_id == map_id, AnalysisJob.state == JobState.DONE.value)
        .order_by(AnalysisJob.id.desc())
        .limit(1)
    )
    if job_id is None:
        return []
    path = job_folder(data_dir, job_id) / UNMATCHED_FILE
    try:
        kept = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [
        (str(item[0]), int(item[1]))
        for item in kept
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], int)
    ]
