"""Attempts: append-only, idempotent records of submitted answers (DESIGN.md "Store").

The attempt id is made by the client (a UUID string; the service uses the task id), so a retry
after a timeout or a crash inserts nothing twice. Each attempt keeps what is needed to replay
and re-score it: the variant seed, the answer, per-item results, the score, the rules/settings
version and the package and content versions. There is deliberately no update or delete.
"""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from clientkit.errors import InputError
from clientkit.store.tables import MODES, SCOPE_COLUMNS, attempt_rules, attempts, open_tasks
from clientkit.store.tasks import naive_utc

ATTEMPT_COLUMNS = [c.name for c in attempts.columns]
_REQUIRED = ("attempt_id", "user_id", "exercise_id", "chapter", "mode", "seed", "submitted_at",
             "score", "points", "max_points")


def _attempt_row(attempt: dict) -> dict:
    missing = [k for k in _REQUIRED if attempt.get(k) is None]
    if missing:
        raise InputError("store.attempt_incomplete", fields="、".join(missing))
    if attempt["mode"] not in MODES:
        raise InputError("store.mode_unknown", mode=attempt["mode"])
    score = float(attempt["score"])
    if not 0.0 <= score <= 1.0:
        raise InputError("store.score_range", score=score)
    return {
        "attempt_id": str(attempt["attempt_id"]), "user_id": int(attempt["user_id"]),
        "exercise_id": attempt["exercise_id"], "chapter": int(attempt["chapter"]),
        "mode": attempt["mode"], "session_id": attempt.get("session_id"), "seed": int(attempt["seed"]),
        "started_at": naive_utc(attempt.get("started_at")), "submitted_at": naive_utc(attempt["submitted_at"]),
        "answer": attempt.get("answer") or {}, "items": list(attempt.get("items") or []),
        "score": score, "points": float(attempt["points"]), "max_points": float(attempt["max_points"]),
        "rules_version": str(attempt.get("rules_version") or ""), "settings": attempt.get("settings") or {},
        "package_version": str(attempt.get("package_version") or ""),
        "content_version": str(attempt.get("content_version") or ""),
    }


def _rule_rows(attempt_id: str, items: list[dict], scope: dict) -> list[dict]:
    """One row per (item, rule) of the attempt's per-item results, with the attempt's ``scope``
    columns (SCOPE_COLUMNS) copied in."""
    rows: dict[tuple[str, str], dict] = {}
    for item in items:
        for rule_id in item.get("rule_ids") or ():
            key = (str(item["item_id"]), str(rule_id))
            rows[key] = {"attempt_id": attempt_id, "item_id": key[0], "rule_id": key[1],
                         "correct": bool(item.get("correct")), **scope}
    return list(rows.values())


def _exists(conn, attempt_id: str) -> bool:
    return conn.execute(sa.select(attempts.c.attempt_id).where(attempts.c.attempt_id == attempt_id)).first() is not None


def _insert(conn, row: dict) -> None:
    conn.execute(attempts.insert(), row)
    rules = _rule_rows(row["attempt_id"], row["items"], {k: row[k] for k in SCOPE_COLUMNS})
    if rules:
        conn.execute(attempt_rules.insert(), rules)


def insert_attempt(conn, attempt: dict) -> bool:
    """Store an attempt that has no task (a class drill's attempt per agent) with its per-rule
    rows, inside the caller's transaction ``conn``; False when its id is stored already."""
    row = _attempt_row(attempt)
    if _exists(conn, row["attempt_id"]):
        return False
    _insert(conn, row)
    return True


def filtered(query, *, user_ids=None, chapter=None, mode=None, since=None, until=None):
    """``query`` restricted to the attempts matching the filters (shared with aggregates)."""
    if user_ids is not None:
        query = query.where(attempts.c.user_id.in_([int(u) for u in user_ids]))
    if chapter is not None:
        query = query.where(attempts.c.chapter == int(chapter))
    if mode is not None:
        query = query.where(attempts.c.mode == mode)
    if since is not None:
        query = query.where(attempts.c.submitted_at >= naive_utc(pd.Timestamp(since).to_pydatetime()))
    if until is not None:
        query = query.where(attempts.c.submitted_at < naive_utc(pd.Timestamp(until).to_pydatetime()))
    return query


class AttemptOps:
    """Attempt methods of :class:`clientkit.store.Store`."""

    def record_attempt(self, attempt: dict) -> bool:
        """Store a submitted attempt, its per-rule rows and mark its task submitted, in one
        transaction. Returns True if stored now, False if this attempt id was stored before
        (a retry). Raises InputError if the task (``attempt["task_id"]``, default the attempt
        id) was already submitted by another attempt, has expired, or is another user's."""
        row = _attempt_row(attempt)
        task_id = str(attempt.get("task_id") or row["attempt_id"])

        def work(conn) -> bool:
            if _exists(conn, row["attempt_id"]):
                return False
            task = conn.execute(sa.select(open_tasks).where(open_tasks.c.task_id == task_id)).first()
            if task is not None:
                if task.user_id != row["user_id"]:
                    raise InputError("store.task_not_yours")
                claimed = conn.execute(
                    open_tasks.update()
                    .where(open_tasks.c.task_id == task_id, open_tasks.c.status == "open")
                    .values(status="submitted")).rowcount
                if claimed != 1:
                    if _exists(conn, row["attempt_id"]):  # a concurrent identical retry won
                        return False
                    status = conn.execute(sa.select(open_tasks.c.status).where(open_tasks.c.task_id == task_id)).scalar()
                    raise InputError("store.task_expired" if status == "expired" else "store.already_submitted")
            _insert(conn, row)
            return True

        try:
            return self._write(work)
        except sa.exc.IntegrityError:
            if self._read(lambda c: _exists(c, row["attempt_id"])):
                return False
            raise

    def attempts(self, *, user_ids=None, chapter=None, mode=None, since=None, until=None,
                 limit: int | None = None) -> pd.DataFrame:
        """Attempts matching the filters, newest first, one row per attempt, with ``answer``,
        ``items`` and ``settings`` decoded. ``since`` is inclusive, ``until`` exclusive."""
        query = filtered(sa.select(attempts), user_ids=user_ids, chapter=chapter, mode=mode,
                         since=since, until=until)
        query = query.order_by(attempts.c.submitted_at.desc(), attempts.c.attempt_id)
        if limit is not None:
            query = query.limit(int(limit))
        rows = self._read(lambda c: [dict(r._mapping) for r in c.execute(query)])
        frame = pd.DataFrame(rows, columns=ATTEMPT_COLUMNS)
        for column in ("started_at", "submitted_at"):
            frame[column] = pd.to_datetime(frame[column])
        for column in ("score", "points", "max_points"):
            frame[column] = frame[column].astype(float)
        return frame

    def attempt_count(self, user_id: int, exercise_id: str, mode: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(attempts).where(
            attempts.c.user_id == user_id, attempts.c.exercise_id == exercise_id)
        if mode is not None:
            query = query.where(attempts.c.mode == mode)
        return int(self._read(lambda c: c.execute(query).scalar_one()))
