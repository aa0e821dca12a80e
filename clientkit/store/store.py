"""The score store object: one engine, migrated on open, every call one transaction.

Usage::

    from clientkit.store import Store
    store = Store.open()            # clientkit.config.db_url(); upgrades the schema to head
    user = store.verify_password("demo_agent", password)
    store.close()
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy import exc as sa_exc

from clientkit.store import engine as engines
from clientkit.store.aggregates import AggregateOps
from clientkit.store.attempts import AttemptOps
from clientkit.store.failures import as_store_error, classify, run
from clientkit.store.logins import LoginOps
from clientkit.store.sessions import SessionOps
from clientkit.store.tasks import TaskOps
from clientkit.store.users import UserOps

T = TypeVar("T")


class Store(UserOps, LoginOps, TaskOps, AttemptOps, AggregateOps, SessionOps):
    """Users, open tasks, attempts, aggregates and class sessions over SQLite or PostgreSQL.

    Build it with :meth:`open`. Locked or unreachable databases raise
    :class:`clientkit.errors.StoreError` (``error.store_locked`` / ``error.store_unreachable``).
    """

    def __init__(self, engine: sa.Engine, hasher: PasswordHasher | None = None) -> None:
        self.engine = engine
        self._writer = engines.writer(engine)
        self._hasher = hasher or PasswordHasher()

    @classmethod
    def open(cls, url: str | None = None, *, busy_timeout: float = engines.BUSY_TIMEOUT_S,
             hasher: PasswordHasher | None = None) -> Store:
        """Open the store at ``url`` (None: :func:`clientkit.config.db_url`) and migrate it to
        the newest schema. ``busy_timeout`` is how long SQLite waits for another writer.
        Raises StoreError if the database is locked or unreachable."""
        if url is None:
            from clientkit.config import db_url

            url = db_url()
        engine = engines.make_engine(url, busy_timeout=busy_timeout)
        try:
            run(engine, lambda conn: None)  # reach the database (with the retry) before migrating
            _migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, hasher)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def _read(self, work: Callable[[sa.Connection], T]) -> T:
        return run(self.engine, work)

    def _write(self, work: Callable[[sa.Connection], T]) -> T:
        return run(self._writer, work)

    def close(self) -> None:
        """Release every pooled connection (the store cannot be used afterwards)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"


def _migrate(engine: sa.Engine) -> None:
    try:
        engines.migrate(engine)
    except sa_exc.DBAPIError as error:
        kind = classify(error)
        if kind is None:
            raise
        raise as_store_error(error, kind) from error
