"""Locked, unreachable and dropped databases become StoreError; nothing stored is lost
(clientkit/store/failures.py)."""
from __future__ import annotations

import sqlite3
import time

import pytest
import sqlalchemy as sa

from clientkit.errors import StoreError
from clientkit.i18n import t
from clientkit.store import Store
from clientkit.store import failures


def test_locked_sqlite_raises_store_locked_and_keeps_earlier_attempts(sqlite_url, fast_hasher, attempt_factory):
    make_attempt = attempt_factory
    store = Store.open(sqlite_url, busy_timeout=0.1, hasher=fast_hasher)
    user = store.add_user("agent1", "pw-123456", role="agent")
    assert store.record_attempt(make_attempt(user.id, "before-lock")) is True
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None, timeout=0.01)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO users (username, display_name, role, team, password_hash, created_at, active)"
                       " VALUES ('holder', '', 'agent', '', 'x', '2026-01-01 00:00:00', 1)")
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            store.record_attempt(make_attempt(user.id, "during-lock"))
        assert time.monotonic() - started < 3  # gave up after the busy timeout, no hang
        assert caught.value.key == "error.store_locked"
        assert caught.value.message() == t("error.store_locked")
        assert "锁定" in caught.value.message()
        with pytest.raises(StoreError):
            store.add_user("agent2", "pw-123456", role="agent")
        # WAL: readers are not blocked by the writer and see the committed attempt.
        assert store.attempts()["attempt_id"].tolist() == ["before-lock"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.attempts()["attempt_id"].tolist() == ["before-lock"]
    assert store.find_user("holder") is None
    # Once the lock is gone the same submission goes through.
    assert store.record_attempt(make_attempt(user.id, "during-lock")) is True
    assert sorted(store.attempts()["attempt_id"]) == ["before-lock", "during-lock"]
    store.close()


def test_unreachable_postgresql_raises_store_unreachable(closed_port_url):
    url = closed_port_url
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    assert caught.value.key == "error.store_unreachable"
    assert caught.value.message() == t("error.store_unreachable") == "无法连接成绩库，请稍后重试；您的答案尚未丢失。"
    assert time.monotonic() - started < 10


def _backend_pid(store) -> int:
    return store._read(lambda conn: conn.execute(sa.select(sa.func.pg_backend_pid())).scalar_one())


def _terminate(admin, pid: int) -> None:
    assert admin.execute(sa.select(sa.func.pg_terminate_backend(pid))).scalar_one() is True
    for _ in range(50):  # wait until the backend is really gone
        if not admin.execute(sa.text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
            return
        time.sleep(0.05)


@pytest.mark.postgres
def test_by_default_a_process_keeps_no_idle_postgresql_connection(pg_store, pg_admin_conn):
    pid = _backend_pid(pg_store)  # the connection of that call is closed at its end (NullPool)
    for _ in range(50):
        if not pg_admin_conn.execute(sa.text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
            break
        time.sleep(0.05)
    else:
        pytest.fail("the store kept its connection open")


@pytest.mark.postgres
def test_dropped_connection_is_replaced_and_nothing_is_lost(pg_url, pg_admin_conn, attempt_factory, fast_hasher,
                                                            monkeypatch):
    monkeypatch.setenv("CLIENTKIT_DB_POOL_SIZE", "2")  # a pooled connection that the server drops
    pg_store = Store.open(pg_url, hasher=fast_hasher)
    make_attempt = attempt_factory
    user = pg_store.add_user("agent1", "pw-123456", role="agent")
    assert pg_store.record_attempt(make_attempt(user.id, "first")) is True
    _terminate(pg_admin_conn, _backend_pid(pg_store))
    # The pooled connection is dead; the next call reconnects (pre-ping) and succeeds.
    assert pg_store.record_attempt(make_attempt(user.id, "second")) is True
    assert sorted(pg_store.attempts()["attempt_id"]) == ["first", "second"]
    pg_store.close()


@pytest.mark.postgres
def test_connection_dropped_mid_transaction_is_retried_once(pg_store, pg_admin_conn, attempt_factory):
    make_attempt = attempt_factory
    user = pg_store.add_user("agent1", "pw-123456", role="agent")
    pg_store.record_attempt(make_attempt(user.id, "kept"))
    calls = []

    def work(conn):
        calls.append(1)
        if len(calls) == 1:  # the server drops us in the middle of the transaction
            _terminate(pg_admin_conn, conn.execute(sa.select(sa.func.pg_backend_pid())).scalar_one())
        return conn.execute(sa.text("SELECT count(*) FROM attempts")).scalar_one()

    assert failures.run(pg_store.engine, work) == 1
    assert len(calls) == 2
    assert pg_store.attempts()["attempt_id"].tolist() == ["kept"]


@pytest.mark.postgres
def test_connection_dropped_twice_raises_store_unreachable(pg_store, pg_admin_conn, attempt_factory):
    make_attempt = attempt_factory
    user = pg_store.add_user("agent1", "pw-123456", role="agent")
    pg_store.record_attempt(make_attempt(user.id, "kept"))

    def work(conn):
        _terminate(pg_admin_conn, conn.execute(sa.select(sa.func.pg_backend_pid())).scalar_one())
        conn.execute(sa.text("INSERT INTO users (username, display_name, role, team, password_hash, created_at,"
                             " active) VALUES ('x', '', 'agent', '', 'h', now(), true)"))

    with pytest.raises(StoreError) as caught:
        failures.run(pg_store.engine, work)
    assert caught.value.key == "error.store_unreachable"
    assert pg_store.find_user("x") is None
    assert pg_store.attempts()["attempt_id"].tolist() == ["kept"]


def test_unavailable_postgresql_fails_under_ci(monkeypatch, unavailable):
    pg_unavailable = unavailable
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        pg_unavailable("test")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        pg_unavailable("test")


def test_other_database_errors_are_not_disguised(sqlite_url):
    store = Store.open(sqlite_url)
    try:
        with pytest.raises(sa.exc.OperationalError):  # a bug (no such table) stays a bug
            store._read(lambda conn: conn.execute(sa.text("SELECT * FROM no_such_table")).all())
    finally:
        store.close()
