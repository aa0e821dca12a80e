"""Initial schema: users, class_sessions, open_tasks, attempts, attempt_rules.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.CheckConstraint("role IN ('agent', 'trainer', 'supervisor', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "class_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("chapters", sa.JSON, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("item_count", sa.Integer, nullable=False),
        sa.Column("time_limit_s", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime, nullable=True),
        sa.Column("reveal", sa.Boolean, nullable=False),
        sa.UniqueConstraint("code", name="uq_class_sessions_code"),
        sa.CheckConstraint("mode IN ('practice', 'assessment')", name="ck_class_sessions_mode"),
    )
    op.create_table(
        "open_tasks",
        sa.Column("task_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("exercise_id", sa.String(128), nullable=False),
        sa.Column("chapter", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("deadline", sa.DateTime, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("class_sessions.id"), nullable=True),
        sa.CheckConstraint("mode IN ('practice', 'assessment')", name="ck_open_tasks_mode"),
        sa.CheckConstraint("status IN ('open', 'submitted', 'expired')", name="ck_open_tasks_status"),
    )
    op.create_index("ix_open_tasks_user_exercise", "open_tasks", ["user_id", "exercise_id"])
    op.create_table(
        "attempts",
        sa.Column("attempt_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("exercise_id", sa.String(128), nullable=False),
        sa.Column("chapter", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("class_sessions.id"), nullable=True),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=True),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.Column("answer", sa.JSON, nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("points", sa.Float, nullable=False),
        sa.Column("max_points", sa.Float, nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("package_version", sa.String(32), nullable=False),
        sa.Column("content_version", sa.String(64), nullable=False),
        sa.CheckConstraint("mode IN ('practice', 'assessment')", name="ck_attempts_mode"),
        sa.CheckConstraint("score >= 0 AND score <= 1", name="ck_attempts_score"),
    )
    op.create_index("ix_attempts_user_chapter", "attempts", ["user_id", "chapter"])
    op.create_index("ix_attempts_submitted_at", "attempts", ["submitted_at"])
    op.create_table(
        "attempt_rules",
        sa.Column("attempt_id", sa.String(64), sa.ForeignKey("attempts.attempt_id"), primary_key=True),
        sa.Column("item_id", sa.String(128), primary_key=True),
        sa.Column("rule_id", sa.String(32), primary_key=True),
        sa.Column("correct", sa.Boolean, nullable=False),
    )
    op.create_index("ix_attempt_rules_rule", "attempt_rules", ["rule_id"])


def downgrade() -> None:
    op.drop_table("attempt_rules")
    op.drop_table("attempts")
    op.drop_table("open_tasks")
    op.drop_table("class_sessions")
    op.drop_table("users")
