"""Engines for the score store: URL handling, SQLite pragmas, JSON encoding, migrations.

SQLite (the default, a file in the instance folder, mode 600) runs in WAL mode with a busy
timeout (:data:`BUSY_TIMEOUT_S`; a write still locked after it is retried by
:func:`clientkit.store.failures.run`) and foreign keys on; its transactions are begun explicitly
(``BEGIN`` / ``BEGIN IMMEDIATE`` for writes) so that a write never fails half-way on a lock
upgrade. PostgreSQL is reached through psycopg 3 with **no idle connections per process** by
default (``NullPool``: a kernel holds a connection only during a transaction, so open pages do
not use up ``max_connections``); ``CLIENTKIT_DB_POOL_SIZE=N`` keeps a pool of N instead (see
docs/serving.md, "Database connections"). The schema is changed only by the Alembic migrations
shipped in ``migrations/``.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import os
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

MIGRATIONS = Path(__file__).with_name("migrations")
# Seconds SQLite waits for another writer before a lock error (then failures.run retries).
BUSY_TIMEOUT_S = 30.0
POOL_SIZE_ENV = "CLIENTKIT_DB_POOL_SIZE"
# The head revision, handed by ``clientkit serve`` to its kernels: each kernel would otherwise
# import Alembic (~12 MB per kernel) only to learn that the schema is already there.
HEAD_ENV = "CLIENTKIT_SCHEMA_HEAD"
# Key of the PostgreSQL advisory lock that serialises concurrent migrations.
_MIGRATION_LOCK = 0x636B_7374  # "ckst"


def normalise_url(url: str | URL) -> URL:
    """``url`` as a SQLAlchemy URL; ``postgresql://`` and ``postgres://`` use psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _json_default(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):  # numpy arrays
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def private_file(path: Path) -> None:
    """Create ``path`` if missing and make it readable by its owner only (mode 600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        os.chmod(path, 0o600)
    except PermissionError:  # another user's file: leave it, SQLite will report if it cannot write
        pass


def pool_size() -> int:
    """Connections a process keeps open to PostgreSQL (``CLIENTKIT_DB_POOL_SIZE``, default 0)."""
    try:
        return max(0, int(os.environ.get(POOL_SIZE_ENV, "0")))
    except ValueError:
        return 0


def make_engine(url: str | URL, *, busy_timeout: float = BUSY_TIMEOUT_S, connect_timeout: int = 5) -> Engine:
    """An engine for ``url`` with the store's settings (see the module docstring)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            private_file(Path(database).expanduser())
        engine = sa.create_engine(
            parsed, json_serializer=dumps, pool_pre_ping=True,
            connect_args={"timeout": busy_timeout, "check_same_thread": False},
        )
        _sqlite_events(engine, busy_timeout)
        return engine
    size = pool_size()
    pooling = ({"pool_size": size, "max_overflow": 0, "pool_pre_ping": True} if size
               else {"poolclass": sa.pool.NullPool})
    return sa.create_engine(
        parsed, json_serializer=dumps, connect_args={"connect_timeout": connect_timeout}, **pooling,
    )


def _sqlite_events(engine: Engine, busy_timeout: float) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see _on_begin
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")  # an int, not user input
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions take SQLite's write lock at BEGIN."""
    return engine.execution_options(sqlite_immediate=True)


@lru_cache(maxsize=1)
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(conn: sa.Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def stored_revision(conn: sa.Connection) -> str | None:
    """The database's revision read with plain SQL (no Alembic import); None if unreadable."""
    try:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        conn.rollback()
        return None


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest migration (a no-op when it is already there).

    A process given :data:`HEAD_ENV` (``clientkit serve`` sets it for its kernels) compares the
    stored revision with it using plain SQL and imports Alembic only when they differ."""
    with engine.connect() as conn:
        known = os.environ.get(HEAD_ENV)
        if known and stored_revision(conn) == known:
            return
        if current_revision(conn) == head_revision():
            return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
