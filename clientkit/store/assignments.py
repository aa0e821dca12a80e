"""Assignments (学习任务), their targets and certificates (结业证明) in the store (issue 14).

Functions take the store; who may assign to whom is checked by the service
(:mod:`clientkit.service_assignments`). Completion is not stored: it is read from the
append-only attempts submitted after the assignment was created (:func:`scores_since`).
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from clientkit.store.tables import (TARGET_KINDS, assignment_targets, assignments, attempts,
                                    certificates, open_tasks, users)


def create_assignment(store, *, title: str, created_by: int, items: list[dict], due_date: date,
                      pass_mark: float, targets: list[tuple[str, str]], created_at: datetime,
                      onboarding: bool = False) -> dict:
    """Insert an assignment and its targets (``(kind, value)`` with kind in TARGET_KINDS) in one
    transaction; returns its record (with ``targets``)."""
    row = {"title": title, "created_by": int(created_by), "items": list(items), "due_date": due_date,
           "pass_mark": float(pass_mark), "onboarding": bool(onboarding), "created_at": created_at}
    wanted = sorted({(str(k), str(v)) for k, v in targets})
    if any(k not in TARGET_KINDS for k, _ in wanted):
        raise ValueError(f"target kind not in {TARGET_KINDS}")

    def work(conn) -> int:
        new_id = conn.execute(assignments.insert().returning(assignments.c.id), row).scalar_one()
        if wanted:
            conn.execute(assignment_targets.insert(),
                         [{"assignment_id": new_id, "kind": k, "value": v} for k, v in wanted])
        return new_id

    return get_assignment(store, store._write(work))


def _with_targets(conn, rows) -> list[dict]:
    out = [dict(r._mapping) for r in rows]
    if not out:
        return out
    ids = [a["id"] for a in out]
    found: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    query = (sa.select(assignment_targets).where(assignment_targets.c.assignment_id.in_(ids))
             .order_by(assignment_targets.c.kind, assignment_targets.c.value))
    for t in conn.execute(query):
        found[t.assignment_id].append((t.kind, t.value))
    for a in out:
        a["targets"] = found[a["id"]]
    return out


def get_assignment(store, assignment_id: int) -> dict | None:
    query = sa.select(assignments).where(assignments.c.id == int(assignment_id))
    rows = store._read(lambda c: _with_targets(c, c.execute(query).all()))
    return rows[0] if rows else None


def list_assignments(store, created_by: int | None = None) -> list[dict]:
    """Assignments newest first; only ``created_by``'s when given (None: all, for an admin)."""
    query = sa.select(assignments).order_by(assignments.c.created_at.desc(), assignments.c.id.desc())
    if created_by is not None:
        query = query.where(assignments.c.created_by == int(created_by))
    return store._read(lambda c: _with_targets(c, c.execute(query).all()))


def assignments_for(store, user_id: int, team: str) -> list[dict]:
    """Assignments that target this agent: by name, by their team, or by a class session they joined."""
    sessions = sa.select(sa.cast(open_tasks.c.session_id, sa.String)).where(
        open_tasks.c.user_id == int(user_id), open_tasks.c.session_id.is_not(None))
    hits = [sa.and_(assignment_targets.c.kind == "user", assignment_targets.c.value == str(int(user_id))),
            sa.and_(assignment_targets.c.kind == "session", assignment_targets.c.value.in_(sessions))]
    if team:  # an agent without a team gets no team's assignments
        hits.append(sa.and_(assignment_targets.c.kind == "team", assignment_targets.c.value == team))
    hit = sa.or_(*hits)
    ids = sa.select(assignment_targets.c.assignment_id).where(hit)
    query = (sa.select(assignments).where(assignments.c.id.in_(ids))
             .order_by(assignments.c.due_date, assignments.c.id))
    return store._read(lambda c: _with_targets(c, c.execute(query).all()))


def assignments_reaching(store, *, user_ids=(), teams=(), sessions=()) -> list[dict]:
    """Assignments with a target that reaches these people, newest first: a named agent among
    ``user_ids``, a team in ``teams``, a class session in ``sessions`` or one that any of
    ``user_ids`` joined (who may see which assignment is decided by the service)."""
    user_ids = [int(u) for u in user_ids]
    teams, sessions = [str(x) for x in teams if x], [str(int(s)) for s in sessions]
    hits = []
    if user_ids:
        joined = sa.select(sa.cast(open_tasks.c.session_id, sa.String)).where(
            open_tasks.c.user_id.in_(user_ids), open_tasks.c.session_id.is_not(None))
        hits += [sa.and_(assignment_targets.c.kind == "user", assignment_targets.c.value.in_([str(u) for u in user_ids])),
                 sa.and_(assignment_targets.c.kind == "session", assignment_targets.c.value.in_(joined))]
    if teams:
        hits.append(sa.and_(assignment_targets.c.kind == "team", assignment_targets.c.value.in_(teams)))
    if sessions:
        hits.append(sa.and_(assignment_targets.c.kind == "session", assignment_targets.c.value.in_(sessions)))
    if not hits:
        return []
    ids = sa.select(assignment_targets.c.assignment_id).where(sa.or_(*hits))
    query = (sa.select(assignments).where(assignments.c.id.in_(ids))
             .order_by(assignments.c.created_at.desc(), assignments.c.id.desc()))
    return store._read(lambda c: _with_targets(c, c.execute(query).all()))


def session_members(store, session_ids) -> set[int]:
    """Users who joined any of these class sessions (opened its paper)."""
    ids = [int(s) for s in session_ids]
    if not ids:
        return set()
    query = sa.select(open_tasks.c.user_id).where(open_tasks.c.session_id.in_(ids)).distinct()
    return set(store._read(lambda c: c.execute(query).scalars().all()))


def members(store, assignment: dict) -> list:
    """The active agents an assignment is for (targets resolved now), by id."""
    kinds: dict[str, set[str]] = {k: set() for k in TARGET_KINDS}
    for kind, value in assignment["targets"]:
        kinds[kind].add(value)
    ids = {int(v) for v in kinds["user"]} | session_members(store, kinds["session"])
    query = sa.select(users.c.id).where(users.c.role == "agent", users.c.active.is_(True),
                                        sa.or_(users.c.id.in_(ids), users.c.team.in_(kinds["team"])))
    found = store._read(lambda c: c.execute(query).scalars().all())
    return [u for u in (store.get_user(i) for i in sorted(found)) if u is not None]


def scores_since(store, user_ids, exercise_ids, since: datetime) -> list[tuple[int, str, float, datetime]]:
    """``(user, exercise, score, submitted_at)`` of attempts at these exercises submitted at or after
    ``since``, oldest first (an assignment counts only attempts taken after it was created)."""
    user_ids, exercise_ids = [int(u) for u in user_ids], list(exercise_ids)
    if not user_ids or not exercise_ids:
        return []
    query = (sa.select(attempts.c.user_id, attempts.c.exercise_id, attempts.c.score, attempts.c.submitted_at)
             .where(attempts.c.user_id.in_(user_ids), attempts.c.exercise_id.in_(exercise_ids),
                    attempts.c.submitted_at >= since)
             .order_by(attempts.c.submitted_at, attempts.c.attempt_id))
    return [(r.user_id, r.exercise_id, float(r.score), r.submitted_at) for r in store._read(lambda c: c.execute(query).all())]


def practice_counts_since(store, user_ids, chapters, since: datetime) -> dict[tuple[int, int], int]:
    """``{(user, chapter): practice attempts}`` submitted at or after ``since`` (drills excluded)."""
    user_ids, chapters = [int(u) for u in user_ids], [int(c) for c in chapters]
    if not user_ids or not chapters:
        return {}
    query = (sa.select(attempts.c.user_id, attempts.c.chapter, sa.func.count())
             .where(attempts.c.user_id.in_(user_ids), attempts.c.chapter.in_(chapters),
                    attempts.c.mode == "practice", attempts.c.submitted_at >= since,
                    sa.not_(attempts.c.exercise_id.like("dialogue:%")))
             .group_by(attempts.c.user_id, attempts.c.chapter))
    return {(r[0], r[1]): int(r[2]) for r in store._read(lambda c: c.execute(query).all())}


def add_certificate(store, record: dict) -> dict:
    """Insert a certificate unless this agent already holds one for the assignment; returns the stored one."""
    def work(conn):
        existing = conn.execute(sa.select(certificates).where(
            certificates.c.assignment_id == record["assignment_id"],
            certificates.c.user_id == record["user_id"])).first()
        if existing is None:
            conn.execute(certificates.insert(), record)

    try:
        store._write(work)
    except sa.exc.IntegrityError:  # issued by another page at the same moment
        pass
    return certificate_of(store, record["assignment_id"], record["user_id"])


def certificate_of(store, assignment_id: int, user_id: int) -> dict | None:
    query = sa.select(certificates).where(certificates.c.assignment_id == int(assignment_id),
                                          certificates.c.user_id == int(user_id))
    row = store._read(lambda c: c.execute(query).first())
    return dict(row._mapping) if row is not None else None


def find_certificate(store, code: str) -> dict | None:
    row = store._read(lambda c: c.execute(sa.select(certificates).where(certificates.c.code == code)).first())
    return dict(row._mapping) if row is not None else None
