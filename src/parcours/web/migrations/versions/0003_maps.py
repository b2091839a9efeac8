"""Comments on steps and their mentions (maps, history, comments, admin).

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the comment tables."""
    op.create_table(
        "step_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "map_id", sa.Integer, sa.ForeignKey("maps.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("step_id", sa.String(200), nullable=False),
        sa.Column(
            "author_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "resolved_by",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_index("ix_step_comments_map_id", "step_comments", ["map_id"])
    op.create_table(
        "comment_mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "comment_id",
            sa.Integer,
            sa.ForeignKey("step_comments.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.UniqueConstraint("comment_id", "user_id"),
    )
    op.create_index("ix_comment_mentions_comment_id", "comment_mentions", ["comment_id"])
    op.create_index("ix_comment_mentions_user_id", "comment_mentions", ["user_id"])


def downgrade() -> None:
    """Drop the comment tables."""
    op.drop_table("comment_mentions")
    op.drop_table("step_comments")
