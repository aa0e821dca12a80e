"""Dashboard aggregates computed in SQL (DESIGN.md "Store": never load every attempt).

``rule_misses`` counts, per rule id, the scored (item, rule) pairs of the matching attempts and
how many were wrong; ``chapter_mastery`` summarises each user's attempts per chapter. Both are
one ``GROUP BY`` query; pandas only receives the grouped rows.
"""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from clientkit.store.attempts import filtered
from clientkit.store.tables import attempt_rules, attempts

RULE_MISS_COLUMNS = ["rule_id", "items", "misses", "miss_rate", "agents_missing", "agents"]
MASTERY_COLUMNS = ["user_id", "chapter", "attempts", "mean_score", "best_score", "last_at"]


class AggregateOps:
    """Aggregate methods of :class:`clientkit.store.Store`."""

    def rule_misses(self, *, user_ids=None, chapter=None, mode=None) -> pd.DataFrame:
        """Per rule id: ``items`` (scored item×rule pairs), ``misses`` (of those, wrong),
        ``miss_rate`` = misses / items, ``agents_missing`` (distinct users with a miss) and
        ``agents`` (distinct users who met the rule); most-missed first."""
        wrong = attempt_rules.c.correct == sa.false()
        misses = sa.func.sum(sa.case((wrong, 1), else_=0))
        items = sa.func.count()
        miss_rate = sa.cast(misses, sa.Float) / sa.cast(items, sa.Float)
        query = (
            sa.select(
                attempt_rules.c.rule_id,
                items.label("items"),
                misses.label("misses"),
                miss_rate.label("miss_rate"),
                sa.func.count(sa.distinct(sa.case((wrong, attempts.c.user_id), else_=None))).label("agents_missing"),
                sa.func.count(sa.distinct(attempts.c.user_id)).label("agents"),
            )
            .select_from(attempt_rules.join(attempts, attempts.c.attempt_id == attempt_rules.c.attempt_id))
            .group_by(attempt_rules.c.rule_id)
            .order_by(miss_rate.desc(), misses.desc(), attempt_rules.c.rule_id)
        )
        query = filtered(query, user_ids=user_ids, chapter=chapter, mode=mode)
        rows = self._read(lambda c: [tuple(r) for r in c.execute(query)])
        frame = pd.DataFrame(rows, columns=RULE_MISS_COLUMNS)
        for column in ("items", "misses", "agents_missing", "agents"):
            frame[column] = frame[column].astype("int64")
        frame["miss_rate"] = frame["miss_rate"].astype(float)
        return frame

    def chapter_mastery(self, *, user_ids=None, mode=None) -> pd.DataFrame:
        """Per (user, chapter): number of attempts, mean and best score, last submission."""
        query = (
            sa.select(
                attempts.c.user_id,
                attempts.c.chapter,
                sa.func.count().label("attempts"),
                sa.func.avg(attempts.c.score).label("mean_score"),
                sa.func.max(attempts.c.score).label("best_score"),
                sa.func.max(attempts.c.submitted_at).label("last_at"),
            )
            .group_by(attempts.c.user_id, attempts.c.chapter)
            .order_by(attempts.c.user_id, attempts.c.chapter)
        )
        query = filtered(query, user_ids=user_ids, mode=mode)
        rows = self._read(lambda c: [tuple(r) for r in c.execute(query)])
        frame = pd.DataFrame(rows, columns=MASTERY_COLUMNS)
        for column in ("user_id", "chapter", "attempts"):
            frame[column] = frame[column].astype("int64")
        for column in ("mean_score", "best_score"):
            frame[column] = frame[column].astype(float)
        frame["last_at"] = pd.to_datetime(frame["last_at"])
        return frame
