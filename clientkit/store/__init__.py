"""The score store: users, open tasks, append-only attempts, aggregates, class sessions.

SQLAlchemy with Alembic migrations shipped in ``migrations/`` and applied by
:meth:`Store.open`; a SQLite file by default, PostgreSQL through ``CLIENTKIT_DB_URL``
(DESIGN.md "Store").
"""
from clientkit.store.store import Store
from clientkit.store.users import User

__all__ = ["Store", "User"]
