"""Several feedback files in one analysis job (the files, in order, per job).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the analysis_job_feedback table; a job made before keeps its one file in
    ``analysis_jobs.feedback_source_id`` (read when the job has no row here)."""
    op.create_table(
        "analysis_job_feedback",
        sa.Column(
            "job_id",
            sa.Integer,
            sa.ForeignKey("analysis_jobs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer,
            sa.ForeignKey("data_sources.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    """Drop the analysis_job_feedback table."""
    op.drop_table("analysis_job_feedback")
