"""A process told the head revision (``clientkit serve``'s kernels) checks the schema with plain
SQL and leaves Alembic out; anything else falls back to the Alembic check and upgrade."""
from __future__ import annotations

import pytest

from clientkit.store import Store, engine


def test_told_head_and_at_head_skips_alembic(db_url, monkeypatch):
    Store.open(db_url).close()  # migrated to head
    monkeypatch.setenv(engine.HEAD_ENV, engine.head_revision())

    def no_alembic(conn):
        raise AssertionError("Alembic consulted although the stored revision is the head")

    monkeypatch.setattr(engine, "current_revision", no_alembic)
    store = Store.open(db_url)
    with store.engine.connect() as conn:
        assert engine.stored_revision(conn) == engine.head_revision()
    store.close()


@pytest.mark.parametrize("told", ["0001_not_the_head", ""])
def test_a_fresh_database_is_still_migrated_whatever_the_process_was_told(db_url, monkeypatch, told):
    monkeypatch.setenv(engine.HEAD_ENV, told)
    store = Store.open(db_url)
    with store.engine.connect() as conn:
        assert engine.stored_revision(conn) == engine.head_revision()
    assert store.list_users() == []
    store.close()
