"""Copy each attempt's scope columns into attempt_rules, with covering indexes for the
admin-wide "most-missed rules" and item analysis (clientkit/store/dashboard.py).

Those aggregates joined 2,000,000 attempt_rules rows with 1,000,000 attempts and took ~8 s on
SQLite (benchmarks/bench_dashboard.py). Attempts are append-only, so the copies (written in the
same transaction by record_attempt) never go stale, and the aggregates read one index alone.
Existing rows are backfilled from their attempt with one correlated UPDATE (SQLite and
PostgreSQL both accept a row-valued SET).

Revision ID: 0003_attempt_rules_scope
Revises: 0002_dashboard_indexes
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_attempt_rules_scope"
down_revision = "0002_dashboard_indexes"
branch_labels = None
depends_on = None

COLUMNS = [("user_id", sa.Integer), ("exercise_id", sa.String(128)), ("chapter", sa.Integer),
           ("mode", sa.String(16)), ("session_id", sa.Integer), ("submitted_at", sa.DateTime), ("score", sa.Float)]
MISSES_INDEX = ["rule_id", "user_id", "correct", "chapter", "mode", "submitted_at", "session_id"]
ITEMS_INDEX = ["exercise_id", "item_id", "attempt_id", "score", "correct", "user_id", "chapter", "mode",
               "submitted_at", "session_id"]


def upgrade() -> None:
    for name, type_ in COLUMNS:
        op.add_column("attempt_rules", sa.Column(name, type_, nullable=True))
    names = ", ".join(name for name, _ in COLUMNS)
    op.execute(f"UPDATE attempt_rules SET ({names}) = (SELECT {names} FROM attempts "
               "WHERE attempts.attempt_id = attempt_rules.attempt_id)")
    op.create_index("ix_attempt_rules_misses", "attempt_rules", MISSES_INDEX)
    op.create_index("ix_attempt_rules_items", "attempt_rules", ITEMS_INDEX)


def downgrade() -> None:
    op.drop_index("ix_attempt_rules_items", table_name="attempt_rules")
    op.drop_index("ix_attempt_rules_misses", table_name="attempt_rules")
    with op.batch_alter_table("attempt_rules") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
