"""Autosaved answers of an open task (issue 10): a reload, a dropped connection or another
device restores what the agent had entered, with the same deadline; ``auto_submitted`` marks
a paper submitted by the clock (the trainer's board shows 超时自动提交).

Revision ID: 0005_task_drafts
Revises: 0004_login_sessions
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_task_drafts"
down_revision = "0004_login_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("open_tasks", sa.Column("draft", sa.JSON, nullable=True))
    op.add_column("open_tasks", sa.Column("draft_saved_at", sa.DateTime, nullable=True))
    op.add_column("open_tasks", sa.Column("auto_submitted", sa.Boolean, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("open_tasks") as batch:
        batch.drop_column("auto_submitted")
        batch.drop_column("draft_saved_at")
        batch.drop_column("draft")
