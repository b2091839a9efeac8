"""The JSON API's models for data and analysis, history, comments and the trash (the maps'
and shares' models are in :mod:`parcours.web.api`), and their builders from the stores' rows.

>>> MappingIn(fields={"case_id": "client"}).as_form()
{'field_case_id': 'client'}
>>> MappingIn(fields={"timestamp": "at"}, scores={"nps": "q1"}, timezone="UTC").as_form()
{'field_timestamp': 'at', 'score_nps': 'q1', 'timezone': 'UTC'}
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from parcours.events.mapping import FIELDS
from parcours.services.map_changes import MapDiff
from parcours.web import data, jobs
from parcours.web.comments import CommentView
from parcours.web.tables import AnalysisJob, DataSource, MapRecord, StoredSnapshot

# --------------------------------------------------------------------------- data


class SourceOut(BaseModel):
    """A data source of a map: an uploaded file or a database table (its URL is never sent
    back: ``name`` shows it with the password masked)."""

    id: int
    kind: Literal["events", "feedback"]
    name: str = Field(description="The upload's name, or the masked URL and the table.")
    database: bool
    table: str | None
    size_bytes: int
    created_at: datetime
    mapping: dict[str, Any] | None = Field(
        description="The column mapping saved with the source (None: not chosen yet)."
    )


class NewDatabaseSource(BaseModel):
    """A database table as an event log (server files — sqlite, duckdb — are refused)."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(max_length=2000, description="e.g. postgresql+psycopg://user:pw@host/db")
    table: str = Field(max_length=300)


class MappingOut(BaseModel):
    """The mapping form as data: the columns and first rows of a source beside its mapping
    (the saved one, else the readers' guess)."""

    source_id: int
    kind: Literal["events", "feedback"]
    columns: list[str]
    rows: list[list[str]]
    mapping: dict[str, Any] = Field(
        description="Field → column; for feedback 'scores' is column → score kind."
    )
    saved: bool = Field(description="Whether 'mapping' is saved (else it is the guess).")
    fields: list[str] = Field(description="The fields a column can be chosen for.")
    required: list[str]
    score_kinds: list[str]


class MappingIn(BaseModel):
    """The columns chosen for a source (checked with the CLI's mapping models)."""

    model_config = ConfigDict(extra="forbid")
    fields: dict[str, str] = Field(description="Field → column, e.g. {'case_id': 'client'}.")
    scores: dict[str, str] = Field(
        default_factory=dict, description="Feedback only: score kind → column, e.g. {'nps': 'q1'}."
    )
    format: str | None = Field(None, max_length=200, description="The time format (strptime).")
    timezone: str | None = Field(None, max_length=200, description="e.g. Europe/Paris.")

    def as_form(self) -> dict[str, str]:
        """The same choice as the mapping page's form fields."""
        form = {f"field_{name}": column for name, column in self.fields.items()}
        form.update({f"score_{kind}": column for kind, column in self.scores.items()})
        for option in ("format", "timezone"):
            value = getattr(self, option)
            if value:
                form[option] = value
        return form


class NewJob(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events_source: int = Field(description="The id of an event-log source of the map.")
    feedback_source: int | None = Field(None, description="The id of a feedback source.")


class JobOut(BaseModel):
    """An analysis job: poll it until ``state`` is done or failed."""

    id: int
    map_id: int
    state: Literal["queued", "running", "done", "failed"]
    progress: float = Field(description="0 to 1.")
    stage: str
    stage_label: str = Field(description="The stage, in the Accept-Language language.")
    error: str | None = Field(description="Why it failed, in the Accept-Language language.")
    events_source_id: int | None
    feedback_source_id: int | None
    rejected_rows: int
    feedback_rejected_rows: int
    snapshot: int | None = Field(description="The stored snapshot's id once done.")
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class SnapshotOut(BaseModel):
    """A measured snapshot of a map (its values at …/snapshots/{id})."""

    id: int
    snapshot_id: str
    taken_at: datetime
    source: str
    customers: float | None
    conversion_from_start: float | None


def source_out(source: DataSource) -> SourceOut:
    database = source.stored_name is None
    return SourceOut(
        id=source.id,
        kind="events" if source.kind == "events" else "feedback",
        name=source.display_name,
        database=database,
        table=source.table_name,
        size_bytes=source.size_bytes,
        created_at=source.created_at,
        mapping=data.saved_mapping(source),
    )


def mapping_out(source: DataSource, shown: data.Preview) -> MappingOut:
    return MappingOut(
        source_id=source.id,
        kind="events" if source.kind == "events" else "feedback",
        columns=shown.columns,
        rows=shown.rows,
        mapping=shown.mapping,
        saved=shown.saved,
        fields=list(FIELDS if source.kind == "events" else data.FEEDBACK_FIELDS),
        required=list(data.REQUIRED[source.kind]),
        score_kinds=list(data.SCORE_KINDS) if source.kind == "feedback" else [],
    )


def job_out(job: AnalysisJob, author: str, lang: str) -> JobOut:
    state: Any = job.state
    return JobOut(
        id=job.id,
        map_id=job.map_id,
        state=state,
        progress=job.progress or 0.0,
        stage=job.stage,
        stage_label=jobs.stage_label(job.stage, lang),
        error=job.error_fr if lang == "fr" else job.error_en,
        events_source_id=job.events_source_id,
        feedback_source_id=job.feedback_source_id,
        rejected_rows=job.rejected_rows,
        feedback_rejected_rows=job.feedback_rejected_rows,
        snapshot=job.snapshot_pk,
        created_by=author,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def snapshot_out(row: StoredSnapshot) -> SnapshotOut:
    headline = data.headline(row)
    return SnapshotOut(
        id=row.id,
        snapshot_id=row.snapshot_id,
        taken_at=row.taken_at,
        source=row.source,
        customers=headline["customers"],
        conversion_from_start=headline["conversion_from_start"],
    )


# --------------------------------------------------------------------------- history


class FieldChangeOut(BaseModel):
    field: str
    old: str
    new: str


class ElementChangeOut(BaseModel):
    section: str = Field(description="steps, phases, personas, lanes, … or journey.")
    kind: str = Field(description="added, removed, moved or changed.")
    element_id: str
    label: str
    fields: list[FieldChangeOut]


class DiffOut(BaseModel):
    """What changed from revision ``old`` to ``new``, per element, and the text diff."""

    old: int
    new: int
    changes: list[ElementChangeOut]
    text: str = Field(description="The unified diff of the two stored texts.")


def diff_out(old: int, new: int, changes: MapDiff, text: str) -> DiffOut:
    return DiffOut(
        old=old,
        new=new,
        changes=[
            ElementChangeOut(
                section=c.section,
                kind=c.kind.value,
                element_id=c.element_id,
                label=c.label,
                fields=[FieldChangeOut(field=f.field, old=f.old, new=f.new) for f in c.fields],
            )
            for c in changes.changes
        ],
        text=text,
    )


# --------------------------------------------------------------------------- comments


class CommentOut(BaseModel):
    id: int
    map_id: int
    step_id: str
    step_name: str
    author: str
    body: str
    mentions: list[str] = Field(description="The members named with @user name.")
    created_at: datetime
    resolved_at: datetime | None
    resolved: bool


class NewComment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: str = Field(max_length=200, description="The id of the step commented on.")
    body: str = Field(max_length=8000, description="The text; @user names a member.")


class CommentState(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resolved: bool


def comment_out(view: CommentView) -> CommentOut:
    comment = view.comment
    return CommentOut(
        id=comment.id,
        map_id=view.map_id,
        step_id=comment.step_id,
        step_name=view.step_name,
        author=view.author,
        body=comment.body,
        mentions=[text for text, is_mention in view.segments if is_mention],
        created_at=comment.created_at,
        resolved_at=comment.resolved_at,
        resolved=comment.resolved_at is not None,
    )


# --------------------------------------------------------------------------- library


class MapRename(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=400, description="The journey's new title.")
    base_revision: int = Field(ge=1, description="The revision this change starts from.")


class TrashedMapOut(BaseModel):
    id: int
    workspace_id: int
    title: str
    revision: int
    deleted_at: datetime | None


def trashed_out(record: MapRecord) -> TrashedMapOut:
    return TrashedMapOut(
        id=record.id,
        workspace_id=record.workspace_id,
        title=record.title,
        revision=record.revision,
        deleted_at=record.deleted_at,
    )


class ViewOut(BaseModel):
    view: str
    heading: str
    url: str = Field(description="The drawing (SVG) of this view.")


# --------------------------------------------------------------------------- members


class MemberOut(BaseModel):
    username: str
    display_name: str
    role: Literal["viewer", "editor", "owner"]


class NewRole(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["viewer", "editor", "owner"]
