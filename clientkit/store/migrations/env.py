"""Alembic environment for clientkit: always run with a connection handed in by the store.

:func:`clientkit.store.engine.migrate` puts an open connection (inside its transaction) into
``config.attributes["connection"]``; there is no alembic.ini and no URL here.
"""
from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running the alembic CLI by hand
    raise RuntimeError("clientkit migrations run through clientkit.store.Store.open()")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
