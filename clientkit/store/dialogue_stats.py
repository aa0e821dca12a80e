"""SQL aggregates of 对话演练 attempts (issue 13): dimension shares per user, weak turns per drill.

Computed in SQL (DESIGN.md "Store"): the shares are read from the attempt's ``answer`` JSON
(``answer.shares.<dimension>``, portable JSON paths on SQLite and PostgreSQL), the weak turns
from ``attempt_rules`` (one row per turn and rule; turns are counted once per attempt).
"""
from __future__ import annotations

import sqlalchemy as sa

from clientkit.store.dashboard import Scope, where
from clientkit.store.tables import attempt_rules, attempts

DIMENSIONS = ("compliance", "professional", "suitability", "service")
PREFIX = "dialogue:%"


def dimension_rows(store, scope: Scope) -> list[dict]:
    """Per user: ``user_id``, ``attempts`` and the mean share 0…1 of every dimension."""
    c = attempts.c
    cols = [sa.func.avg(c.answer["shares"][d].as_float()).label(d) for d in DIMENSIONS]
    query = where(sa.select(c.user_id, sa.func.count().label("attempts"), *cols)
                  .where(c.exercise_id.like(PREFIX)), scope).group_by(c.user_id)
    return store._read(lambda conn: [dict(r._mapping) for r in conn.execute(query)])


def weak_turn_rows(store, scope: Scope, limit: int = 30, only_missed: bool = True) -> list[dict]:
    """The turns answered weakly most often: ``exercise_id``, ``item_id`` (``t<n>:<node>``),
    ``misses`` and ``answered`` (attempts that reached the turn); ``only_missed=False`` keeps
    turns nobody missed too (their ``answered`` counts when turns are merged by node)."""
    c = attempt_rules.c
    misses = sa.func.count(sa.distinct(sa.case((c.correct.is_(False), c.attempt_id))))
    query = where(sa.select(c.exercise_id, c.item_id, misses.label("misses"),
                            sa.func.count(sa.distinct(c.attempt_id)).label("answered"))
                  .where(c.exercise_id.like(PREFIX)), scope, c=c)
    query = query.group_by(c.exercise_id, c.item_id)
    if only_missed:
        query = query.having(misses > 0)
    query = query.order_by(misses.desc(), c.exercise_id, c.item_id).limit(int(limit))
    return store._read(lambda conn: [dict(r._mapping) for r in conn.execute(query)])


def drill_attempt(store, attempt_id: str) -> dict | None:
    """One stored 对话演练 attempt by id (None when there is none, or it is not a drill)."""
    from clientkit.store.tables import attempts as table

    query = sa.select(table).where(table.c.attempt_id == str(attempt_id), table.c.exercise_id.like(PREFIX))
    row = store._read(lambda conn: conn.execute(query).first())
    return dict(row._mapping) if row is not None else None
