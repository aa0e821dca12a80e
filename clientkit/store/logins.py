"""Server-side sign-in sessions (issue 15 §6; DESIGN.md "Serving").

A sign-in creates one ``login_sessions`` row with a random id; the session cookie names that
id and the user id (:mod:`clientkit.auth`). A session counts only while its row exists, belongs
to that user, is not revoked and has not expired, so logout, deactivation and a password reset
take effect at the next request — a copied cookie is worthless afterwards. Rows expired for
more than :data:`KEEP_EXPIRED_DAYS` days are deleted at the next sign-in.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from clientkit.store.tables import login_sessions, users
from clientkit.store.users import utcnow

KEEP_EXPIRED_DAYS = 30


class LoginOps:
    """Sign-in session methods of :class:`clientkit.store.Store`."""

    def open_login(self, user_id: int, *, lifetime_s: int, client: str = "",
                   now: datetime | None = None) -> str:
        """Record a sign-in of ``user_id`` valid ``lifetime_s`` seconds; returns the session id
        (32 random hex digits) and stamps the user's ``last_login_at``."""
        now = now or utcnow()
        session_id = secrets.token_hex(16)
        row = {"id": session_id, "user_id": user_id, "created_at": now,
               "expires_at": now + timedelta(seconds=lifetime_s), "revoked_at": None,
               "client": (client or "")[:64]}

        def work(conn):
            conn.execute(login_sessions.delete().where(
                login_sessions.c.expires_at < now - timedelta(days=KEEP_EXPIRED_DAYS)))
            conn.execute(login_sessions.insert(), row)
            conn.execute(users.update().where(users.c.id == user_id).values(last_login_at=now))

        self._write(work)
        return session_id

    def login_valid(self, session_id: str | None, user_id: int, now: datetime | None = None) -> bool:
        """True when ``session_id`` is a live session of ``user_id`` (not revoked, not expired)."""
        if not session_id:
            return False
        row = self._read(lambda c: c.execute(
            sa.select(login_sessions).where(login_sessions.c.id == str(session_id))).first())
        return (row is not None and row.user_id == user_id and row.revoked_at is None
                and row.expires_at > (now or utcnow()))

    def revoke_login(self, session_id: str) -> None:
        """End one session (logout)."""
        self._write(lambda c: c.execute(
            login_sessions.update().where(login_sessions.c.id == str(session_id),
                                          login_sessions.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())))

    def revoke_user_logins(self, user_id: int, keep: str | None = None) -> int:
        """End every live session of ``user_id`` except ``keep``; returns how many ended."""
        query = login_sessions.update().where(login_sessions.c.user_id == user_id,
                                              login_sessions.c.revoked_at.is_(None))
        if keep:
            query = query.where(login_sessions.c.id != keep)
        return self._write(lambda c: c.execute(query.values(revoked_at=utcnow())).rowcount)
