"""Data of the maps: uploaded or database sources, analysis jobs, measured snapshots.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _moment(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _map_id() -> sa.Column[object]:
    return sa.Column(
        "map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"), nullable=False
    )


def _user(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"))


def _source(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("data_sources.id", ondelete="SET NULL"))


def upgrade() -> None:
    """Create the data sources, analysis jobs and snapshots tables."""
    op.create_table(
        "data_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        _map_id(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("display_name", sa.String(300), nullable=False),
        sa.Column("stored_name", sa.String(80), nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("table_name", sa.String(300), nullable=True),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("mapping_json", sa.Text, nullable=True),
        _user("created_by"),
        _moment("created_at"),
    )
    op.create_index("ix_data_sources_map_id", "data_sources", ["map_id"])
    op.create_table(
        "analysis_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        _map_id(),
        _source("events_source_id"),
        _source("feedback_source_id"),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("error_en", sa.Text, nullable=True),
        sa.Column("error_fr", sa.Text, nullable=True),
        sa.Column("recent_days", sa.Integer, nullable=True),
        sa.Column("rejected_rows", sa.Integer, nullable=False),
        sa.Column("feedback_rejected_rows", sa.Integer, nullable=False),
        sa.Column("snapshot_pk", sa.Integer, nullable=True),
        _user("created_by"),
        _moment("created_at"),
        _moment("started_at", nullable=True),
        _moment("finished_at", nullable=True),
    )
    op.create_index("ix_analysis_jobs_map_id", "analysis_jobs", ["map_id"])
    op.create_index("ix_analysis_jobs_state", "analysis_jobs", ["state"])
    op.create_table(
        "map_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        _map_id(),
        sa.Column("snapshot_id", sa.String(120), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("report_en", sa.Text, nullable=True),
        sa.Column("report_fr", sa.Text, nullable=True),
        _moment("created_at"),
        sa.UniqueConstraint("map_id", "snapshot_id"),
    )
    op.create_index("ix_map_snapshots_map_id", "map_snapshots", ["map_id"])


def downgrade() -> None:
    """Drop the data tables."""
    for table in ("map_snapshots", "analysis_jobs", "data_sources"):
        op.drop_table(table)
