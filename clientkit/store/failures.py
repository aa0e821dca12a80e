"""Database failures translated to :class:`clientkit.errors.StoreError`, with one retry.

A locked SQLite file (another writer held it past the busy timeout) or a PostgreSQL server
with no free connection slot is retried :data:`LOCK_RETRIES` times after a short random pause
(many writers at once, issue 15), then becomes ``error.store_locked``; a server that cannot be reached, or a connection that dropped, becomes
``error.store_unreachable`` after one retry (pooled connections are also pre-pinged, so a
connection the server closed while idle is replaced before it is used). Every store operation
runs in one transaction, so a failure never leaves half of a write behind.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from clientkit.errors import StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_PAUSE_S = 0.2
LOCK_RETRIES = 3
LOCK_PAUSE_S = 0.05  # doubled after each try, with jitter so that waiting writers spread out

_LOCKED = ("database is locked", "database table is locked", "database is busy",
           "too many clients", "remaining connection slots")
_UNREACHABLE = (
    "connection refused", "could not connect", "connection failed", "connection timeout",
    "timeout expired", "server closed the connection", "terminating connection",
    "connection is closed", "connection already closed", "consuming input failed",
    "no route to host", "could not translate host name", "name or service not known",
    "network is unreachable", "the database system is starting up",
    "the database system is shutting down", "ssl syscall",
)


def classify(error: BaseException) -> str | None:
    """``"locked"``, ``"unreachable"`` or None (not a failure of the store's availability)."""
    if not isinstance(error, sa_exc.DBAPIError):
        return None
    if getattr(error, "connection_invalidated", False):
        return "unreachable"
    if not isinstance(error, sa_exc.OperationalError):
        return None
    text = str(error.orig if error.orig is not None else error).lower()
    if any(marker in text for marker in _LOCKED):
        return "locked"
    if any(marker in text for marker in _UNREACHABLE):
        return "unreachable"
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    if sqlstate == "53300":  # too_many_connections: a slot frees when another writer commits
        return "locked"
    if sqlstate.startswith(("08", "57P")):  # connection exception, operator intervention
        return "unreachable"
    if sqlstate == "55P03":  # lock_not_available
        return "locked"
    return None


def as_store_error(error: BaseException, kind: str) -> StoreError:
    """The StoreError for a failure classified as ``kind`` (the driver text stays in __cause__)."""
    return StoreError("error.store_locked" if kind == "locked" else "error.store_unreachable")


def run(engine: sa.Engine, work: Callable[[sa.Connection], T]) -> T:
    """``work(conn)`` inside one transaction on ``engine``, retried once on a dropped or
    unreachable connection; availability failures are raised as StoreError, anything else
    (a bug, a constraint) as it was."""
    unreachable = locked = 0
    while True:
        try:
            with engine.begin() as conn:
                return work(conn)
        except sa_exc.DBAPIError as error:
            kind = classify(error)
            if kind is None:
                raise
            if kind == "unreachable" and unreachable == 0:
                unreachable += 1
                log.warning("score store connection failed, retrying once: %s", type(error.orig).__name__)
                time.sleep(RETRY_PAUSE_S)
                continue
            if kind == "locked" and locked < LOCK_RETRIES:
                locked += 1
                time.sleep(LOCK_PAUSE_S * 2 ** locked * random.uniform(0.5, 1.5))
                continue
            raise as_store_error(error, kind) from error
