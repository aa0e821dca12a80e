"""Migrations, URLs and connection settings (clientkit/store/engine.py)."""
from __future__ import annotations

import sqlalchemy as sa

from clientkit.store import Store
from clientkit.store.engine import head_revision, normalise_url
from clientkit.store.tables import metadata

TABLES = {"users", "open_tasks", "attempts", "attempt_rules", "class_sessions", "login_sessions",
          "bank_publications"}  # issue 14
TABLES |= {"class_drills", "class_drill_votes"}  # migration 0007, issue 13
TABLES |= {"assignments", "assignment_targets", "certificates"}  # migration 0008 (issue 14)


def test_migrations_create_every_table_with_the_declared_columns(store):
    inspector = sa.inspect(store.engine)
    assert TABLES | {"alembic_version"} == set(inspector.get_table_names())
    for table in metadata.sorted_tables:
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name for c in table.columns}, table.name


def test_schema_is_at_the_head_revision_and_reopening_keeps_data(db_url):
    first = Store.open(db_url)
    first.add_user("u1", "pw-123456", role="agent")
    first.close()
    again = Store.open(db_url)  # a second open must not re-run or fail the migration
    try:
        with again.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
        assert [u.username for u in again.list_users()] == ["u1"]
    finally:
        again.close()


def test_head_revision_is_the_newest_migration():
    assert head_revision() == "0009_question_bank"


def test_constraints_are_enforced_by_the_database(store):
    # The foreign key to users holds even for a write that bypasses the API (SQLite: PRAGMA foreign_keys).
    with store.engine.connect() as conn:
        try:
            conn.execute(sa.text(
                "INSERT INTO open_tasks (task_id, user_id, exercise_id, chapter, mode, seed, started_at, status)"
                " VALUES ('t', 999, 'e', 1, 'practice', 1, CURRENT_TIMESTAMP, 'open')"))
            conn.commit()
            raise AssertionError("a task of a missing user was accepted")
        except sa.exc.IntegrityError:
            conn.rollback()


def test_plain_postgresql_urls_use_psycopg3():
    assert normalise_url("postgresql://u:p@h:5433/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://u@h/db").database == "db"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_sqlite_runs_in_wal_mode_with_busy_timeout_and_foreign_keys(sqlite_url):
    s = Store.open(sqlite_url, busy_timeout=2.5)
    try:
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
    finally:
        s.close()


def test_open_without_url_uses_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "inst"))
    s = Store.open()
    try:
        assert s.dialect == "sqlite"
        assert (tmp_path / "inst" / "clientkit.db").exists()
    finally:
        s.close()


def test_sqlite_store_file_is_private(tmp_path):
    import os
    import stat

    path = tmp_path / "inst" / "clientkit.db"
    s = Store.open(f"sqlite:///{path}")
    try:
        s.add_user("u1", "pw-u1-secret", role="agent")  # -wal / -shm take the database file's mode
        for p in (path, path.with_name("clientkit.db-wal")):
            assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
    finally:
        s.close()
