"""Open tasks: the server-side state of a practice variant or an assessment (DESIGN.md
"Exercises": time limits and "already submitted" are checked on the server).

A task is opened once (idempotent on ``task_id``) with its start time and deadline, so that
reloading a page cannot reset an assessment's clock; :meth:`record_attempt` marks it submitted
in the same transaction that stores the attempt, so it cannot be submitted twice.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from clientkit.errors import InputError
from clientkit.store.tables import MODES, attempts, open_tasks

DRAFT_MAX_BYTES = 64 * 1024


def naive_utc(value: datetime | None) -> datetime | None:
    """``value`` as a naive UTC datetime (how the store keeps every time)."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _task(row) -> dict | None:
    return dict(row._mapping) if row is not None else None


class TaskOps:
    """Open-task methods of :class:`clientkit.store.Store`."""

    def open_task(self, *, task_id: str, user_id: int, exercise_id: str, chapter: int, mode: str,
                  seed: int, started_at: datetime, deadline: datetime | None = None,
                  session_id: int | None = None, content_version: str | None = None) -> dict:
        """Record a task handed to a user and return its record; if ``task_id`` exists
        already, the stored record is returned unchanged (its clock is not reset).
        ``content_version``: the content the task was built from (rebuilt from it on resume)."""
        if mode not in MODES:
            raise InputError("store.mode_unknown", mode=mode)
        row = {
            "task_id": str(task_id), "user_id": int(user_id), "exercise_id": exercise_id,
            "chapter": int(chapter), "mode": mode, "seed": int(seed),
            "started_at": naive_utc(started_at), "deadline": naive_utc(deadline),
            "status": "open", "session_id": session_id, "content_version": content_version,
        }

        def work(conn):
            if conn.execute(sa.select(open_tasks.c.task_id).where(open_tasks.c.task_id == row["task_id"])).first() is None:
                conn.execute(open_tasks.insert(), row)

        try:
            self._write(work)
        except sa.exc.IntegrityError:
            if self.get_task(row["task_id"]) is None:  # not a concurrent twin: a real error
                raise
        return self.get_task(row["task_id"])

    def get_task(self, task_id: str) -> dict | None:
        return _task(self._read(lambda c: c.execute(
            sa.select(open_tasks).where(open_tasks.c.task_id == str(task_id))).first()))

    def find_open_task(self, user_id: int, exercise_id: str) -> dict | None:
        """The user's most recent task of this exercise that is still open, or None."""
        query = (
            sa.select(open_tasks)
            .where(open_tasks.c.user_id == user_id, open_tasks.c.exercise_id == exercise_id,
                   open_tasks.c.status == "open")
            .order_by(open_tasks.c.started_at.desc(), open_tasks.c.task_id.desc())
            .limit(1)
        )
        return _task(self._read(lambda c: c.execute(query).first()))

    def expire_task(self, task_id: str) -> bool:
        """Mark an open task expired (its time is over); True if it was open."""
        update = (open_tasks.update()
                  .where(open_tasks.c.task_id == str(task_id), open_tasks.c.status == "open")
                  .values(status="expired"))
        return self._write(lambda c: c.execute(update).rowcount) == 1

    def task_count(self, user_id: int, exercise_id: str) -> int:
        """How many tasks of this exercise the user has been given (seeds fresh variants)."""
        query = sa.select(sa.func.count()).select_from(open_tasks).where(
            open_tasks.c.user_id == user_id, open_tasks.c.exercise_id == exercise_id)
        return int(self._read(lambda c: c.execute(query).scalar_one()))

    def save_draft(self, task_id: str, user_id: int, answer: dict, saved_at: datetime) -> bool:
        """Keep the answers entered so far on an open task of ``user_id`` (autosave); True if
        saved, False when the task is not this user's or no longer open."""
        import json

        if len(json.dumps(answer, ensure_ascii=False, default=str).encode("utf-8")) > DRAFT_MAX_BYTES:
            raise InputError("service.draft_too_large")
        update = (open_tasks.update()
                  .where(open_tasks.c.task_id == str(task_id), open_tasks.c.user_id == int(user_id),
                         open_tasks.c.status == "open")
                  .values(draft=answer, draft_saved_at=naive_utc(saved_at)))
        return self._write(lambda c: c.execute(update).rowcount) == 1

    def mark_auto_submitted(self, task_id: str) -> None:
        """Note that a task's attempt was submitted by the clock, not by the user."""
        update = open_tasks.update().where(open_tasks.c.task_id == str(task_id)).values(auto_submitted=True)
        self._write(lambda c: c.execute(update))

    def submitted_times(self, user_id: int, exercise_id: str, mode: str = "assessment") -> list[datetime]:
        """Submission times of the user's attempts of an exercise (the retake policy counts them)."""
        query = sa.select(attempts.c.submitted_at).where(
            attempts.c.user_id == int(user_id), attempts.c.exercise_id == exercise_id, attempts.c.mode == mode,
            attempts.c.session_id.is_(None))
        return [r[0] for r in self._read(lambda c: c.execute(query).all())]
