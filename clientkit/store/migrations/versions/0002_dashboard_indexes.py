"""Covering indexes for the dashboard aggregates (clientkit/store/dashboard.py).

With 1,000,000 attempts the attempts table is wide (answer, items and settings are JSON), so a
GROUP BY that reads it scans every page. These indexes hold every column the dashboard queries
read, so SQLite and PostgreSQL answer them from the index alone (benchmarks/bench_dashboard.py).

Revision ID: 0002_dashboard_indexes
Revises: 0001_initial
Create Date: 2026-11-25
"""
from __future__ import annotations

from alembic import op

revision = "0002_dashboard_indexes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

ATTEMPT_COLUMNS = ["user_id", "chapter", "mode", "submitted_at", "score", "exercise_id", "session_id", "attempt_id"]
RULE_COLUMNS = ["attempt_id", "rule_id", "item_id", "correct"]


def upgrade() -> None:
    op.create_index("ix_attempts_dashboard", "attempts", ATTEMPT_COLUMNS)
    op.create_index("ix_attempts_session", "attempts", ["session_id"])
    op.create_index("ix_attempt_rules_cover", "attempt_rules", RULE_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_attempt_rules_cover", table_name="attempt_rules")
    op.drop_index("ix_attempts_session", table_name="attempts")
    op.drop_index("ix_attempts_dashboard", table_name="attempts")
