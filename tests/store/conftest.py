"""Fixtures of the store suite: every ``store`` test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``CLIENTKIT_TEST_PG_URL`` (CI: ``.ci/start-postgres.sh``) or, when that
is unset and the server binaries are installed, from a throwaway cluster started here
(``initdb`` + ``pg_ctl`` in a temp dir, as user ``postgres`` when running as root). Without
either the PostgreSQL cases skip — except under ``CI=true``, where they fail.
Each test gets its own fresh database (SQLite file or PostgreSQL database), dropped after.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from clientkit.store import Store
from clientkit.store.engine import normalise_url

# Cheap argon2 parameters keep the suite fast; test_users checks the real defaults once.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def pg_unavailable(reason: str):
    """Skip, or fail under CI=true (CI must never silently lose the PostgreSQL half)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI but unavailable: {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


def _pg_bindir() -> str | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    for folder in reversed(candidates):
        if os.access(os.path.join(folder, "initdb"), os.X_OK):
            return folder
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster in a temp dir (trust auth, 127.0.0.1 only)."""

    def __init__(self, bindir: str) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="clientkit-pg-test-"))
        self.port = free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            import pwd

            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self.prefix, *args], cwd=self.root, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}{done.stderr}")

    def start(self) -> str:
        data = str(self.root / "data")
        self._run(f"{self.bindir}/initdb", "-D", data, "-U", "postgres", "-E", "UTF8", "--no-locale", "--auth=trust")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(f"{self.bindir}/pg_ctl", "-D", data, "-l", str(self.root / "server.log"), "-w", "-t", "60",
                  "-o", options, "start")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(f"{self.bindir}/pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_admin_url():
    """A URL of a PostgreSQL database whose role may create databases."""
    url = os.environ.get("CLIENTKIT_TEST_PG_URL")
    if url:
        yield url
        return
    bindir = _pg_bindir()
    if bindir is None:
        pg_unavailable("CLIENTKIT_TEST_PG_URL is unset and initdb/pg_ctl are not installed")
    cluster = Cluster(bindir)
    try:
        url = cluster.start()
    except Exception as error:  # a broken installation is an error, not a skip
        cluster.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL cluster: {error}")
    yield url
    cluster.stop()


def _libpq(url) -> str:
    return normalise_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def pg_url(pg_admin_url):
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    import psycopg
    from psycopg import sql

    name = f"clientkit_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(_libpq(pg_admin_url), autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as error:
        pg_unavailable(f"cannot connect to {normalise_url(pg_admin_url).render_as_string()}: {error}")
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield normalise_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'clientkit.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request):
    """An empty database of each kind."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def store(db_url):
    """A migrated, empty store on SQLite and on PostgreSQL."""
    s = Store.open(db_url, hasher=FAST_HASHER)
    yield s
    s.close()


@pytest.fixture
def pg_store(pg_url):
    s = Store.open(pg_url, hasher=FAST_HASHER)
    yield s
    s.close()


@pytest.fixture
def agents(store):
    """Two agents and a supervisor in team 一组: ``{"a1": User, "a2": User, "sup": User}``."""
    return {
        "a1": store.add_user("agent1", "pw-agent1", role="agent", team="一组", display_name="业务员甲"),
        "a2": store.add_user("agent2", "pw-agent2", role="agent", team="一组", display_name="业务员乙"),
        "sup": store.add_user("boss", "pw-boss-1", role="supervisor", team="一组", display_name="主管"),
    }


def make_attempt(user_id: int, attempt_id: str | None = None, **fields) -> dict:
    """A complete attempt record as the service builds it; ``fields`` override defaults."""
    from datetime import datetime

    record = {
        "attempt_id": attempt_id or uuid.uuid4().hex, "user_id": user_id, "exercise_id": "ch01.spot",
        "chapter": 1, "mode": "practice", "session_id": None, "seed": 42,
        "started_at": datetime(2026, 1, 1, 9, 0), "submitted_at": datetime(2026, 1, 1, 9, 5),
        "answer": {"q1": "A"}, "items": [{"item_id": "q1", "correct": True, "points": 1.0,
                                          "max_points": 1.0, "rule_ids": ["C1-01"]}],
        "score": 1.0, "points": 1.0, "max_points": 1.0, "rules_version": "r1",
        "settings": {"retention_years": 5}, "package_version": "0.1.0", "content_version": "c1",
    }
    record.update(fields)
    return record


@pytest.fixture
def attempt_factory():
    return make_attempt


@pytest.fixture
def fast_hasher():
    return FAST_HASHER


@pytest.fixture
def closed_port_url():
    """A PostgreSQL URL on a local port where nothing listens."""
    return f"postgresql://clientkit@127.0.0.1:{free_port()}/nothing_listens_here"


@pytest.fixture
def unavailable():
    """The skip-or-fail decision of the PostgreSQL fixtures (to test it)."""
    return pg_unavailable


@pytest.fixture
def pg_admin_conn(pg_admin_url):
    """An autocommit SQLAlchemy connection to the admin database (to kill backends)."""
    engine = sa.create_engine(normalise_url(pg_admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        yield conn
    engine.dispose()
