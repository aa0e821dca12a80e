"""Many writer processes at once (issue 15): SQLite waits and retries instead of failing with
"database is locked"; PostgreSQL keeps no idle connection per process, so 100 writers with
the default ``max_connections = 100`` are all saved."""
from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
import traceback
import uuid

import pytest
import sqlalchemy as sa

from clientkit.store import Store

from .conftest import FAST_HASHER, make_attempt

FORK = multiprocessing.get_context("fork")


def _writer(url: str, user_id: int, n: int, start, done, errors) -> None:
    try:
        store = Store.open(url, hasher=FAST_HASHER)
        start.wait(120)  # every writer is connected (an open page) before anyone writes
        for _ in range(n):
            store.record_attempt(make_attempt(user_id, uuid.uuid4().hex))
        done.wait(120)  # ... and still open while the others write
        store.close()
    except BaseException:
        errors.put(traceback.format_exc(limit=3))


def _run_writers(url: str, n_writers: int, n_each: int) -> list[str]:
    first = Store.open(url, hasher=FAST_HASHER)
    uid = first.add_user("agent1", "pw-agent-1", role="agent").id
    first.close()
    start, done, errors = FORK.Barrier(n_writers), FORK.Barrier(n_writers), FORK.Queue()
    procs = [FORK.Process(target=_writer, args=(url, uid, n_each, start, done, errors)) for _ in range(n_writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert all(p.exitcode == 0 for p in procs)
    return found


def _count(url: str) -> int:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM attempts")).scalar()
    finally:
        engine.dispose()


def test_fifty_sqlite_writer_processes_see_no_error(sqlite_url):
    errors = _run_writers(sqlite_url, 50, 10)
    assert errors == []
    assert _count(sqlite_url) == 500


def test_a_lock_held_longer_than_the_busy_timeout_is_waited_out(sqlite_url):
    store = Store.open(sqlite_url, busy_timeout=0.2, hasher=FAST_HASHER)
    uid = store.add_user("agent1", "pw-agent-1", role="agent").id
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None, timeout=1,
                             check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.6, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        assert store.record_attempt(make_attempt(uid, "after-wait")) is True
    finally:
        release.join()
        holder.close()
        store.close()


@pytest.mark.postgres
def test_a_hundred_postgresql_writer_processes_are_all_saved(pg_url):
    started = time.monotonic()
    errors = _run_writers(pg_url, 100, 5)
    assert errors == []
    assert _count(pg_url) == 500
    assert time.monotonic() - started < 300  # loose: a hang, not a speed check
