"""Alembic migrations of the score store, applied by :meth:`clientkit.store.Store.open`."""
