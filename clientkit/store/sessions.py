"""Class sessions a trainer opens for a group (DESIGN.md journey "trainer"); minimal for now.

A session has a short join code (no look-alike characters such as 0/O or 1/I) that agents type
to join; the live board and reveal flow come in a later issue.
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa

from clientkit.errors import InputError
from clientkit.store.tables import MODES, class_sessions
from clientkit.store.users import utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class SessionOps:
    """Class-session methods of :class:`clientkit.store.Store`."""

    def create_session(self, *, name: str, trainer_id: int, chapters: list[int], mode: str = "practice",
                       item_count: int = 10, time_limit_s: int | None = None, reveal: bool = False) -> dict:
        """Open a class session with a fresh join code; returns its record."""
        if mode not in MODES:
            raise InputError("store.mode_unknown", mode=mode)
        for _ in range(10):
            row = {
                "code": new_code(), "name": name, "trainer_id": int(trainer_id),
                "chapters": [int(c) for c in chapters], "mode": mode, "item_count": int(item_count),
                "time_limit_s": time_limit_s, "created_at": utcnow(), "closed_at": None, "reveal": bool(reveal),
            }
            try:
                self._write(lambda c: c.execute(class_sessions.insert(), row))
            except sa.exc.IntegrityError:
                if self.find_session(row["code"]) is None:  # not a code collision
                    raise
                continue
            return self.find_session(row["code"])
        raise InputError("store.session_code")  # pragma: no cover - 32**6 codes

    def find_session(self, code: str) -> dict | None:
        """The session with this join code (case and surrounding spaces ignored), or None."""
        code = (code or "").strip().upper()
        row = self._read(lambda c: c.execute(sa.select(class_sessions).where(class_sessions.c.code == code)).first())
        return dict(row._mapping) if row is not None else None
