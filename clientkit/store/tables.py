"""The store's tables as SQLAlchemy Core (DESIGN.md "Store").

These declarations are what the code queries; the schema itself is created and changed only by
the Alembic migrations in ``migrations/versions`` (a test checks the two agree). Times are naive
UTC ``datetime`` values. Attempts are append-only: nothing in clientkit updates or deletes them.
"""
from __future__ import annotations

import sqlalchemy as sa

ROLES = ("agent", "trainer", "supervisor", "admin")
MODES = ("practice", "assessment")
TASK_STATUSES = ("open", "submitted", "expired")

metadata = sa.MetaData()

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(128), nullable=False, default=""),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("team", sa.String(128), nullable=False, default=""),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    # migration 0004: a generated or reset password must be changed at the next sign-in
    sa.Column("must_change_password", sa.Boolean, nullable=False, default=False),
    sa.Column("last_login_at", sa.DateTime, nullable=True),
    # AUTOINCREMENT: SQLite never hands a deleted user's id to a new account (migration 0004)
    sqlite_autoincrement=True,
)

# Server-side sign-in sessions (migration 0004): a session cookie names one row; logout and
# deactivation set revoked_at, which every page, kernel call and service check reads.
login_sessions = sa.Table(
    "login_sessions", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("revoked_at", sa.DateTime, nullable=True),
    sa.Column("client", sa.String(64), nullable=False, default=""),
    sa.Index("ix_login_sessions_user", "user_id"),
)

class_sessions = sa.Table(
    "class_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("trainer_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("chapters", sa.JSON, nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("item_count", sa.Integer, nullable=False),
    sa.Column("time_limit_s", sa.Integer, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    sa.Column("reveal", sa.Boolean, nullable=False, default=False),
)

open_tasks = sa.Table(
    "open_tasks", metadata,
    sa.Column("task_id", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("exercise_id", sa.String(128), nullable=False),
    sa.Column("chapter", sa.Integer, nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("deadline", sa.DateTime, nullable=True),
    sa.Column("status", sa.String(16), nullable=False, default="open"),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("class_sessions.id"), nullable=True),
    # migration 0005: the answers entered so far (autosave), restored after a reload
    sa.Column("draft", sa.JSON, nullable=True),
    sa.Column("draft_saved_at", sa.DateTime, nullable=True),
    sa.Column("auto_submitted", sa.Boolean, nullable=True),
    # migration 0009 (issue 14): the content version the task was built from, so a paper resumed
    # after a question bank was published from Excel keeps its questions
    sa.Column("content_version", sa.String(64), nullable=True),
    sa.Index("ix_open_tasks_user_exercise", "user_id", "exercise_id"),
)

attempts = sa.Table(
    "attempts", metadata,
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
    sa.Column("rules_version", sa.String(64), nullable=False, default=""),
    sa.Column("settings", sa.JSON, nullable=False),
    sa.Column("package_version", sa.String(32), nullable=False, default=""),
    sa.Column("content_version", sa.String(64), nullable=False, default=""),
    sa.Index("ix_attempts_user_chapter", "user_id", "chapter"),
    sa.Index("ix_attempts_submitted_at", "submitted_at"),
    # migration 0002: covering index of the dashboard aggregates, and class-session look-ups
    sa.Index("ix_attempts_dashboard", "user_id", "chapter", "mode", "submitted_at", "score", "exercise_id",
             "session_id", "attempt_id"),
    sa.Index("ix_attempts_session", "session_id"),
)

# Columns of attempt_rules copied from its attempt (migrations 0003, 0004) and its two covering indexes.
SCOPE_COLUMNS = ("user_id", "exercise_id", "chapter", "mode", "session_id", "submitted_at", "score", "content_version")
RULE_MISSES_INDEX = ("rule_id", "user_id", "correct", "chapter", "mode", "submitted_at", "session_id")
RULE_ITEMS_INDEX = ("exercise_id", "content_version", "item_id", "attempt_id", "score", "correct", "user_id", "chapter",
                    "mode", "submitted_at", "session_id")

attempt_rules = sa.Table(
    "attempt_rules", metadata,
    sa.Column("attempt_id", sa.String(64), sa.ForeignKey("attempts.attempt_id"), primary_key=True),
    sa.Column("item_id", sa.String(128), primary_key=True),
    sa.Column("rule_id", sa.String(32), primary_key=True),
    sa.Column("correct", sa.Boolean, nullable=False),
    # migration 0003: copies of the attempt's scope columns (attempts are append-only, so they never
    # go stale), written with the row by record_attempt, so dashboard aggregates skip the join
    sa.Column("user_id", sa.Integer, nullable=True),
    sa.Column("exercise_id", sa.String(128), nullable=True),
    sa.Column("chapter", sa.Integer, nullable=True),
    sa.Column("mode", sa.String(16), nullable=True),
    sa.Column("session_id", sa.Integer, nullable=True),
    sa.Column("submitted_at", sa.DateTime, nullable=True),
    sa.Column("score", sa.Float, nullable=True),
    # migration 0004: item analysis is per content version (issue 9)
    sa.Column("content_version", sa.String(64), nullable=True),
    sa.Index("ix_attempt_rules_rule", "rule_id"),
    sa.Index("ix_attempt_rules_cover", "attempt_id", "rule_id", "item_id", "correct"),  # migration 0002
    sa.Index("ix_attempt_rules_misses", *RULE_MISSES_INDEX),  # migration 0003
    sa.Index("ix_attempt_rules_items", *RULE_ITEMS_INDEX),  # migrations 0003, 0004
)

# Issue 13, migration 0007: a 对话演练 run live in a class session. The path is
# ``[[node, choice, "majority"|"trainer"], …]``; one vote per (drill, turn, agent), changeable
# until the trainer reveals the turn (checked in clientkit/store/class_drills.py).
class_drills = sa.Table(
    "class_drills", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("class_sessions.id"), nullable=False),
    sa.Column("dialogue_id", sa.String(128), nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=False),
    sa.Column("content_version", sa.String(64), nullable=False),
    sa.Column("current_node", sa.String(64), nullable=False),
    sa.Column("path", sa.JSON, nullable=False),
    sa.Column("turn", sa.Integer, nullable=False),
    sa.Column("revealed", sa.Boolean, nullable=False),
    sa.Column("started_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime, nullable=True),
    sa.Index("ix_class_drills_session", "session_id"),
)

class_drill_votes = sa.Table(
    "class_drill_votes", metadata,
    sa.Column("drill_id", sa.Integer, sa.ForeignKey("class_drills.id"), primary_key=True),
    sa.Column("turn", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("choice", sa.Integer, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)

# -- issue 14: assignments (学习任务), their targets, and certificates (结业证明); migration 0008 --
# An assignment's items are JSON: [{"part": "learn"|"practice"|"assessment", "chapter": n}, …] plus
# drills as [{"part": "drill", "drill": "<dialogue drill id>", "chapter": n}]. Completion is
# computed from attempts submitted after created_at, never stored (attempts are the record).
ASSIGNMENT_PARTS = ("learn", "practice", "assessment", "drill")
TARGET_KINDS = ("team", "session", "user")

assignments = sa.Table(
    "assignments", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.String(128), nullable=False),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("pass_mark", sa.Float, nullable=False),
    sa.Column("onboarding", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_assignments_created_by", "created_by"),
)

assignment_targets = sa.Table(
    "assignment_targets", metadata,
    sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("value", sa.String(128), primary_key=True),  # a team name, a class session id, a user id
    sa.Index("ix_assignment_targets_value", "kind", "value"),
)

certificates = sa.Table(
    "certificates", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("title", sa.String(128), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("completed_at", sa.DateTime, nullable=False),
    sa.Column("issued_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("assignment_id", "user_id", name="uq_certificates_assignment_user"),
)


# -- issue 14: question bank in Excel (migration 0009) ------------------------------------------
# One row per content version published from an uploaded workbook: which chapter, by whom,
# when, and what changed (ids in ``summary``). The content itself is kept in the instance folder.
bank_publications = sa.Table(
    "bank_publications", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_version", sa.String(64), nullable=False),
    sa.Column("previous_version", sa.String(64), nullable=False),
    sa.Column("chapter", sa.Integer, nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("published_by", sa.String(128), nullable=False),
    sa.Column("published_at", sa.DateTime, nullable=False),
    sa.Column("summary", sa.JSON, nullable=False),
)
