"""Many writer processes at once (issue 15): SQLite waits and retries instead of failing with
"database is locked"; PostgreSQL keeps no idle connection per process, so 100 writers with
the default ``max_connections = 100`` are all saved."""
from __future__ import annotations

import multiprocessing
import queue
import sqlite3
import threading
import time
import traceback
import uuid

import pytest
import sqlalchemy as sa

from clientkit.store import Store

from .conftest import FAST_HASHER, make_attempt

# Writers are forked from a clean fork server, not from this process: by the time this file
# runs, earlier tests have left daemon threads here (a trainer board's poll loop, a view's
# background imports), and a fork taken while one of them holds a lock can hang the child.
FORK = multiprocessing.get_context("forkserver")
FORK.set_forkserver_preload([__name__])
HANG_LIMIT_S = 240


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
    """Run the writers; return the tracebacks they reported. The error queue is read while they
    run (a child that has put a traceback cannot exit before it is read), and a writer still
    running after :data:`HANG_LIMIT_S` is killed and fails the test instead of hanging the run."""
    first = Store.open(url, hasher=FAST_HASHER)
    uid = first.add_user("agent1", "pw-agent-1", role="agent").id
    first.close()
    start, done, errors = FORK.Barrier(n_writers), FORK.Barrier(n_writers), FORK.Queue()
    procs = [FORK.Process(target=_writer, args=(url, uid, n_each, start, done, errors), daemon=True)
             for _ in range(n_writers)]
    found: list[str] = []
    deadline = time.monotonic() + HANG_LIMIT_S
    try:
        for p in procs:
            p.start()
        while any(p.is_alive() for p in procs) and time.monotonic() < deadline:
            try:
                found.append(errors.get(timeout=0.5))
            except queue.Empty:
                pass
        hung = [p.pid for p in procs if p.is_alive()]
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
            p.join(10)
    while True:
        try:
            found.append(errors.get(timeout=0.5))
        except queue.Empty:
            break
    assert hung == [], f"{len(hung)} writers still running after {HANG_LIMIT_S} s; errors: {found}"
    assert [p.exitcode for p in procs] == [0] * n_writers, found
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
