"""Class sessions beyond creation (DESIGN.md journey "trainer"): look-up by id, a trainer's
sessions, reveal and close. Creation and the join code are in :mod:`clientkit.store.sessions`.

Functions take the store; ownership (a trainer's own sessions) is checked by the service.
"""
from __future__ import annotations

import sqlalchemy as sa

from clientkit.store.tables import class_sessions
from clientkit.store.users import utcnow


def get_session(store, session_id: int) -> dict | None:
    row = store._read(lambda c: c.execute(
        sa.select(class_sessions).where(class_sessions.c.id == int(session_id))).first())
    return dict(row._mapping) if row is not None else None


def sessions_of(store, trainer_id: int | None = None) -> list[dict]:
    """Sessions newest first; only ``trainer_id``'s when given (None: all, for an admin)."""
    query = sa.select(class_sessions).order_by(class_sessions.c.created_at.desc(), class_sessions.c.id.desc())
    if trainer_id is not None:
        query = query.where(class_sessions.c.trainer_id == int(trainer_id))
    return [dict(r._mapping) for r in store._read(lambda c: c.execute(query).all())]


def set_reveal(store, session_id: int, reveal: bool = True) -> None:
    store._write(lambda c: c.execute(class_sessions.update()
                                     .where(class_sessions.c.id == int(session_id)).values(reveal=bool(reveal))))


def close_session(store, session_id: int) -> bool:
    """Close an open session (no new joins or submissions); True if it was open."""
    update = (class_sessions.update()
              .where(class_sessions.c.id == int(session_id), class_sessions.c.closed_at.is_(None))
              .values(closed_at=utcnow()))
    return store._write(lambda c: c.execute(update).rowcount) == 1
