"""Server-side sign-in sessions, never-reused user ids, first-sign-in password change.

- ``login_sessions``: one row per sign-in; the cookie names its id, logout and deactivation
  revoke it (issue 15 §6).
- ``users.must_change_password`` (generated and reset passwords) and ``users.last_login_at``
  (``clientkit users list``).
- SQLite: the users table is rebuilt with ``AUTOINCREMENT`` so that a deleted user's id is never
  handed to a new account (a plain rowid table reuses the highest freed id). PostgreSQL's serial
  sequence never goes back, so there only the columns are added.

The SQLite rebuild runs inside the migration's transaction with foreign keys on: the child
tables (attempts, open_tasks, class_sessions) keep referring to ``users``; with
``defer_foreign_keys`` the drop only counts violations, and re-inserting every row into the
new ``users`` clears them again before the commit. The sequence starts above every user id
any table still mentions, so ids freed before this migration are not reused either.

Revision ID: 0004_login_sessions
Revises: 0003_attempt_rules_scope
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_login_sessions"
down_revision = "0003_attempt_rules_scope"
branch_labels = None
depends_on = None

USER_COLUMNS = "id, username, display_name, role, team, password_hash, created_at, active"
USER_REFERENCES = (("attempts", "user_id"), ("open_tasks", "user_id"), ("class_sessions", "trainer_id"))


def _users_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("team", sa.String(128), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("last_login_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.CheckConstraint("role IN ('agent', 'trainer', 'supervisor', 'admin')", name="ck_users_role"),
        sqlite_autoincrement=True,
    )


def _rebuild_sqlite_users() -> None:
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute(f"CREATE TABLE _users_copy AS SELECT {USER_COLUMNS} FROM users")
    op.drop_table("users")
    _users_table("users")
    op.execute(f"INSERT INTO users ({USER_COLUMNS}) SELECT {USER_COLUMNS} FROM _users_copy")
    op.drop_table("_users_copy")
    highest = " UNION ALL ".join(
        [f"SELECT MAX({column}) AS n FROM {table}" for table, column in USER_REFERENCES]
        + ["SELECT MAX(id) AS n FROM users"])
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'users'")
    op.execute(f"INSERT INTO sqlite_sequence (name, seq) SELECT 'users', COALESCE(MAX(n), 0) FROM ({highest})")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_users()
    else:
        op.add_column("users", sa.Column("must_change_password", sa.Boolean, nullable=False,
                                         server_default=sa.false()))
        op.add_column("users", sa.Column("last_login_at", sa.DateTime, nullable=True))
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("revoked_at", sa.DateTime, nullable=True),
        sa.Column("client", sa.String(64), nullable=False),
    )
    op.create_index("ix_login_sessions_user", "login_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_login_sessions_user", table_name="login_sessions")
    op.drop_table("login_sessions")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_login_at")
        batch.drop_column("must_change_password")
