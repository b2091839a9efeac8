"""The web app's tables (SQLAlchemy 2 declarative); the schema itself is made by migrations.

A map's current document is the text of the CLI's file format (YAML), and every save adds a
revision holding the whole text, its author, its time and the revision it was based on.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Role(StrEnum):
    """A member's role in a workspace, from the least to the most rights.

    >>> Role.EDITOR.allows(Role.VIEWER), Role.VIEWER.allows(Role.EDITOR)
    (True, False)
    """

    VIEWER = "viewer"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        """0 for viewer, 1 for editor, 2 for owner."""
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """Whether this role has at least the rights of ``needed``."""
        return self.rank >= needed.rank


class Base(DeclarativeBase):
    """Base of every table."""


class User(Base):
    """An account: a login name and an argon2 password hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Session(Base):
    """A logged-in browser: the SHA-256 of its cookie token and its CSRF token."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Workspace(Base):
    """A team's space: its maps and its members."""

    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Membership(Base):
    """A user's role in a workspace."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))


class MapRecord(Base):
    """A journey map: its current document and the number of its latest revision."""

    __tablename__ = "maps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    document: Mapped[str] = mapped_column(Text)
    document_format: Mapped[str] = mapped_column(String(8), default="yaml")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Revision(Base):
    """One save of a map: the whole document, who, when, and the revision it was based on."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("map_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    base_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    summary: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ShareLink(Base):
    """A read-only link to a map: the SHA-256 of its token, an optional expiry, revocable."""

    __tablename__ = "share_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_hint: Mapped[str] = mapped_column(String(8))
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# --- API tokens (issue 11, "Languages and API") ---


class ApiToken(Base):
    """A personal API token: the SHA-256 of its secret, its owner, an optional expiry."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# --------------------------------------------------------------------------- data (issue 11)
class JobState(StrEnum):
    """Where an analysis job is: waiting, running, finished well or not."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class DataSource(Base):
    """An event log or feedback file of a map: an upload kept under the data folder (by a
    generated name; the upload's own name is display text only) or a database URL + table,
    with the column mapping chosen for it (JSON, the CLI's mapping fields)."""

    __tablename__ = "data_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    """``events`` or ``feedback``."""
    display_name: Mapped[str] = mapped_column(String(300))
    stored_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    """The file's generated name in ``<data>/uploads/`` (None for a database source)."""
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    table_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    mapping_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AnalysisJob(Base):
    """One run of the analysis of a map, done by the server's worker in the background."""

    __tablename__ = "analysis_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    events_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_sources.id", ondelete="SET NULL"), nullable=True
    )
    feedback_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_sources.id", ondelete="SET NULL"), nullable=True
    )
    state: Mapped[str] = mapped_column(String(16), index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    """0..1."""
    stage: Mapped[str] = mapped_column(String(32), default="")
    error_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_fr: Mapped[str | None] = mapped_column(Text, nullable=True)
    recent_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rejected_rows: Mapped[int] = mapped_column(Integer, default=0)
    feedback_rejected_rows: Mapped[int] = mapped_column(Integer, default=0)
    snapshot_pk: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class StoredSnapshot(Base):
    """A measured snapshot of a map (the ``MetricSnapshot`` as JSON) and the analysis report
    rendered from the same run, in French and English."""

    __tablename__ = "map_snapshots"
    __table_args__ = (UniqueConstraint("map_id", "snapshot_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    snapshot_id: Mapped[str] = mapped_column(String(120))
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    source: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    report_en: Mapped[str | None] = mapped_column(Text, nullable=True, deferred=True)
    report_fr: Mapped[str | None] = mapped_column(Text, nullable=True, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- maps, history, comments, admin (web-maps) -------------------------------------------


class StepComment(Base):
    """A comment on one step of a map; resolved (with who and when) or open."""

    __tablename__ = "step_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolved_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class CommentMention(Base):
    """A workspace member named with ``@user name`` in a comment."""

    __tablename__ = "comment_mentions"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("step_comments.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


# --- several feedback files in one analysis (web-edit) ---------------------------------
class JobFeedbackSource(Base):
    """One of the feedback files an analysis job reads, in the order they were chosen
    (``AnalysisJob.feedback_source_id`` keeps the first, for jobs made before)."""

    __tablename__ = "analysis_job_feedback"
    job_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_sources.id", ondelete="SET NULL"), nullable=True
    )


# --- failed logins, shared by every server process -------------------------------------
class LoginFailure(Base):
    """One failed login (or API token) attempt, counted by
    :class:`parcours.web.limits.FailureLimiter`. The key (a user name, an address) is kept
    as its SHA-256 only: a password typed in the user name field is not stored."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_key", "scope", "key_hash", "at"),
        Index("ix_login_failures_at", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float)
    """Seconds since the epoch (every process shares the wall clock, not a monotonic one)."""
