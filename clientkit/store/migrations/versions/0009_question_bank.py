"""Question-bank publications from Excel: content versions published at run time (issue 14).

The published content itself lives in the instance folder (``<home>/bank/versions/<version>``,
clientkit.config.bank_dir); this table is the publication log: the version, the chapter, who
published it, when, and the ids added, changed and removed. ``open_tasks.content_version``
records the version a task was built from: a 自测 or class paper resumed after a publication
is rebuilt from its own version, not from the new bank.

Revision ID: 0009_question_bank
Revises: 0008_assignments
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_question_bank"
down_revision = "0008_assignments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_publications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("content_version", sa.String(64), nullable=False),
        sa.Column("previous_version", sa.String(64), nullable=False),
        sa.Column("chapter", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("published_by", sa.String(128), nullable=False),
        sa.Column("published_at", sa.DateTime, nullable=False),
        sa.Column("summary", sa.JSON, nullable=False),
    )
    op.add_column("open_tasks", sa.Column("content_version", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("open_tasks") as batch:
        batch.drop_column("content_version")
    op.drop_table("bank_publications")
