"""Copy each attempt's content version into attempt_rules and put it in the item-analysis index.

Issue 9: after a content version bump the same item id can be another question, so the item
analysis (clientkit/store/dashboard.item_stats) groups by (exercise, content version, item).
Reading the version through a join to attempts made the admin-wide item analysis about four
times slower (benchmarks/bench_dashboard.py sizes); like the other scope columns of 0003 it is
copied (attempts are append-only) and the covering index ix_attempt_rules_items leads with
(exercise_id, content_version, item_id). Existing rows are backfilled from their attempt.

Revision ID: 0006_rules_content_version
Revises: 0005_task_drafts
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_rules_content_version"
down_revision = "0005_task_drafts"
branch_labels = None
depends_on = None

OLD_ITEMS_INDEX = ["exercise_id", "item_id", "attempt_id", "score", "correct", "user_id", "chapter", "mode",
                   "submitted_at", "session_id"]
ITEMS_INDEX = ["exercise_id", "content_version", "item_id", "attempt_id", "score", "correct", "user_id", "chapter",
               "mode", "submitted_at", "session_id"]


def upgrade() -> None:
    op.add_column("attempt_rules", sa.Column("content_version", sa.String(64), nullable=True))
    op.execute("UPDATE attempt_rules SET content_version = (SELECT content_version FROM attempts "
               "WHERE attempts.attempt_id = attempt_rules.attempt_id)")
    op.drop_index("ix_attempt_rules_items", table_name="attempt_rules")
    op.create_index("ix_attempt_rules_items", "attempt_rules", ITEMS_INDEX)


def downgrade() -> None:
    op.drop_index("ix_attempt_rules_items", table_name="attempt_rules")
    op.create_index("ix_attempt_rules_items", "attempt_rules", OLD_ITEMS_INDEX)
    with op.batch_alter_table("attempt_rules") as batch:
        batch.drop_column("content_version")
