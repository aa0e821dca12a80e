"""Dashboard aggregates in SQL (DESIGN.md "Store": never load every attempt into pandas).

Every function takes the store and a :class:`Scope` (which users, chapter, mode, period, class
session) and runs one ``GROUP BY`` query with bound parameters; pandas only receives the grouped
rows. The service decides the scope from the signed-in user's role (an agent: themselves; a
supervisor: their team; an admin: everyone; a trainer: their sessions), never from widget values.

Item statistics (classical test theory): difficulty ``p`` = share of attempts answering the
item fully right; discrimination = point-biserial correlation between the item (0/1) and the
attempt's score, ``r = (M1 - M0) / s * sqrt(p * (1 - p))`` with the population SD ``s`` of the
scores of the attempts that contain the item. An item is one ``(exercise_id, content_version,
item_id)``: the same item id on another content version can be another question (issue 9: item
analysis never mixes content versions); an item's result comes from ``attempt_rules`` (right
only if right for every rule it names).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd
import sqlalchemy as sa

from clientkit.store.tables import attempt_rules, attempts, open_tasks, users
from clientkit.store.tasks import naive_utc

# Item flags: too easy above, too hard below (share correct), and only from this many attempts.
EASY_ABOVE = 0.9
HARD_BELOW = 0.2
MIN_ATTEMPTS_FOR_FLAGS = 5


@dataclass(frozen=True)
class Scope:
    """Which attempts an aggregate covers: ``user_ids`` (None: every user), or the agents
    (``agents_only``) of ``team``, plus chapter(s), mode, period and class session(s) (or none:
    ``without_sessions``)."""

    user_ids: tuple[int, ...] | None = None
    chapter: int | None = None
    mode: str | None = None
    since: object = None
    until: object = None
    session_id: int | None = None
    session_ids: tuple[int, ...] | None = None
    agents_only: bool = False
    team: str | None = None
    chapters: tuple[int, ...] | None = None   # any of these chapters (a trainer's 题目分析)
    without_sessions: bool = False            # only attempts outside class sessions


def where(query, scope: Scope, c=attempts.c):
    """``query`` restricted to the attempts of ``scope`` (bound parameters only); ``c`` is the
    column collection holding the scope columns (``attempts.c``, or ``attempt_rules.c`` whose
    copies migration 0003 added)."""
    if scope.agents_only or scope.team is not None:
        # a subquery, not a list of thousands of bound ids (an admin's "everyone")
        who = sa.select(users.c.id)
        if scope.agents_only:
            who = who.where(users.c.role == "agent")
        if scope.team is not None:
            who = who.where(users.c.team == str(scope.team))
        query = query.where(c.user_id.in_(who))
    if scope.user_ids is not None:
        query = query.where(c.user_id.in_([int(u) for u in scope.user_ids]))
    if scope.chapter is not None:
        query = query.where(c.chapter == int(scope.chapter))
    if scope.mode is not None:
        query = query.where(c.mode == str(scope.mode))
    if scope.since is not None:
        query = query.where(c.submitted_at >= naive_utc(pd.Timestamp(scope.since).to_pydatetime()))
    if scope.until is not None:
        query = query.where(c.submitted_at < naive_utc(pd.Timestamp(scope.until).to_pydatetime()))
    if scope.session_id is not None:
        query = query.where(c.session_id == int(scope.session_id))
    if scope.session_ids is not None:
        query = query.where(c.session_id.in_([int(s) for s in scope.session_ids]))
    if scope.chapters is not None:
        query = query.where(c.chapter.in_([int(n) for n in scope.chapters]))
    if scope.without_sessions:
        query = query.where(c.session_id.is_(None))
    return query


def _frame(store, query, columns) -> pd.DataFrame:
    rows = store._read(lambda conn: [tuple(r) for r in conn.execute(query)])
    return pd.DataFrame(rows, columns=columns)


def chapter_scores(store, scope: Scope) -> pd.DataFrame:
    """Per (user, chapter, mode): ``attempts``, ``mean_score``, ``best_score``, ``last_at``."""
    c = attempts.c
    query = where(sa.select(c.user_id, c.chapter, c.mode, sa.func.count(), sa.func.avg(c.score),
                            sa.func.max(c.score), sa.func.max(c.submitted_at))
                  .group_by(c.user_id, c.chapter, c.mode), scope)
    out = _frame(store, query, ["user_id", "chapter", "mode", "attempts", "mean_score", "best_score", "last_at"])
    return out.astype({"user_id": "int64", "chapter": "int64", "attempts": "int64",
                       "mean_score": float, "best_score": float})


def mastery(store, scope: Scope) -> pd.DataFrame:
    """Per (user, chapter): ``mastery`` = best 自测 score, else mean practice score
    (docs/decisions.md "Mastery"). Ignores ``scope.mode`` (both modes are needed)."""
    both = chapter_scores(store, Scope(**{**scope.__dict__, "mode": None}))
    assess = both[both["mode"] == "assessment"].set_index(["user_id", "chapter"])["best_score"]
    practice = both[both["mode"] == "practice"].set_index(["user_id", "chapter"])["mean_score"]
    merged = pd.concat([assess.rename("assessment_best"), practice.rename("practice_mean")], axis=1)
    merged["mastery"] = merged["assessment_best"].fillna(merged["practice_mean"])
    return merged.reset_index().sort_values(["user_id", "chapter"], ignore_index=True)


def _day(store):
    if store.dialect == "sqlite":
        return sa.func.date(attempts.c.submitted_at)
    return sa.cast(attempts.c.submitted_at, sa.Date)


def score_trend(store, scope: Scope) -> pd.DataFrame:
    """Per (day, mode): ``attempts`` and ``mean_score``, oldest first."""
    day = _day(store).label("day")
    query = where(sa.select(day, attempts.c.mode, sa.func.count(), sa.func.avg(attempts.c.score))
                  .group_by(day, attempts.c.mode).order_by(day, attempts.c.mode), scope)
    out = _frame(store, query, ["day", "mode", "attempts", "mean_score"])
    out["day"] = pd.to_datetime(out["day"])
    return out.astype({"attempts": "int64", "mean_score": float})


def _bucket():
    """The 10 %-band of a score: 0 for [0, 0.1) … 9 for [0.9, 1.0] (portable CASE, no floor())."""
    s = attempts.c.score
    return sa.case(*[(s < (b + 1) / 10, b) for b in range(9)], else_=9)


def score_distribution(store, scope: Scope) -> pd.DataFrame:
    """Per (chapter, band): number of attempts whose score falls in the 10 % band."""
    band = _bucket().label("band")
    query = where(sa.select(attempts.c.chapter, band, sa.func.count())
                  .group_by(attempts.c.chapter, band).order_by(attempts.c.chapter, band), scope)
    return _frame(store, query, ["chapter", "band", "attempts"]).astype("int64")


def _rule_source(scope: Scope):
    """Where the rule aggregates read the scope columns: a narrow scope (some users or class
    sessions) joins the few attempts found by their user/session index; a broad one (an admin's
    everyone) reads the copies in attempt_rules (migration 0003) from one covering index."""
    narrow = (scope.team is not None or scope.user_ids is not None or scope.session_id is not None
              or scope.session_ids is not None)
    if narrow:
        return attempt_rules.join(attempts, attempts.c.attempt_id == attempt_rules.c.attempt_id), attempts.c
    return attempt_rules, attempt_rules.c


def _unindexed_user(c):
    """``c`` whose ``user_id`` is ``user_id + 0`` when ``c`` is attempt_rules': SQLite would
    otherwise skip-scan ix_attempt_rules_misses for the user filter and read every table row,
    instead of ix_attempt_rules_items, which covers item_stats in its GROUP BY order."""
    if c is not attempt_rules.c:
        return c
    return SimpleNamespace(**{**{k: c[k] for k in c.keys()}, "user_id": c.user_id + 0})


def rule_misses(store, scope: Scope) -> pd.DataFrame:
    """Per rule: ``items`` (scored item×rule pairs), ``misses``, ``miss_rate``,
    ``agents_missing`` (distinct users with a miss) and ``agents`` (users who met the rule).
    Grouped per (rule, user) first, so no COUNT(DISTINCT) over every row."""
    r = attempt_rules.c
    source, c = _rule_source(scope)
    wrong = sa.case((r.correct == sa.false(), 1), else_=0)
    per_user = where(
        sa.select(r.rule_id.label("rule_id"), sa.func.count().label("n_items"), sa.func.sum(wrong).label("misses"))
        .select_from(source).group_by(r.rule_id, c.user_id), scope, c).subquery()
    p = per_user.c
    query = (sa.select(p.rule_id, sa.func.sum(p.n_items), sa.func.sum(p.misses),
                       sa.func.sum(sa.case((p.misses > 0, 1), else_=0)), sa.func.count())
             .group_by(p.rule_id))
    out = _frame(store, query, ["rule_id", "items", "misses", "agents_missing", "agents"])
    out = out.astype({"items": "int64", "misses": "int64", "agents_missing": "int64", "agents": "int64"})
    out["miss_rate"] = out["misses"] / out["items"].where(out["items"] > 0)
    return out.sort_values(["misses", "rule_id"], ascending=[False, True], ignore_index=True)


def assessed(store, scope: Scope) -> pd.DataFrame:
    """Per (user, chapter) with at least one official chapter 自测 (``assessment:chNN``, not a
    class-session quiz) in scope: ``attempts`` and ``best_score``."""
    c = attempts.c
    query = where(sa.select(c.user_id, c.chapter, sa.func.count(), sa.func.max(c.score))
                  .where(c.mode == "assessment", c.exercise_id.like("assessment:%"))
                  .group_by(c.user_id, c.chapter), scope)
    out = _frame(store, query, ["user_id", "chapter", "attempts", "best_score"])
    return out.astype({"user_id": "int64", "chapter": "int64", "attempts": "int64", "best_score": float})


SUM_COLUMNS = ["n", "k", "s1", "s", "s2"]


def item_sums(store, scope: Scope) -> pd.DataFrame:
    """Per item ``(exercise_id, content_version, item_id)`` the additive sums item statistics
    are made of: ``n`` attempts containing it, ``k`` of them right, ``s1`` the sum of their
    scores where right, ``s`` and ``s2`` the sums of scores and squared scores, and ``mode``
    (one per exercise: a chapter 自测, a class paper and a practice exercise each have one).
    Sums of several items add up (:func:`stats_from_sums` of a group is its pooled statistic)."""
    r = attempt_rules.c
    source, c = _rule_source(scope)
    ok = sa.func.min(sa.case((r.correct == sa.true(), 1), else_=0))
    # attempt_rules holds a copy of content_version (migration 0004), first after exercise_id in
    # ix_attempt_rules_items, so the broad scope still reads one covering index
    per_item = where(
        sa.select(c.exercise_id.label("exercise_id"), c.content_version.label("content_version"),
                  r.item_id.label("item_id"), c.score.label("score"), ok.label("ok"), sa.func.max(c.mode).label("mode"))
        .select_from(source).group_by(c.exercise_id, c.content_version, r.item_id, r.attempt_id, c.score),
        scope, _unindexed_user(c)).subquery()
    s, k = per_item.c.score, per_item.c.ok
    query = (sa.select(per_item.c.exercise_id, per_item.c.content_version, per_item.c.item_id,
                       sa.func.max(per_item.c.mode), sa.func.count(),
                       sa.func.sum(k), sa.func.sum(s * k), sa.func.sum(s), sa.func.sum(s * s))
             .group_by(per_item.c.exercise_id, per_item.c.content_version, per_item.c.item_id))
    raw = _frame(store, query, ["exercise_id", "content_version", "item_id", "mode", *SUM_COLUMNS])
    return raw.fillna({c: 0 for c in SUM_COLUMNS}).astype({"n": "int64", "k": "int64", "s1": float, "s": float, "s2": float})


def stats_from_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """``attempts``, ``difficulty`` p = k / n, ``discrimination`` (point-biserial
    ``r = (M1 - M0) / s * sqrt(p (1 - p))``, population SD ``s``; NaN when every answer or every
    score is the same) and ``flags`` of each row of sums (:func:`item_sums`), vectorised.
    Flags (``too_easy``, ``too_hard``, ``negative``) only from MIN_ATTEMPTS_FOR_FLAGS attempts."""
    n, k = sums["n"].astype(float), sums["k"].astype(float)
    s1, s, s2 = sums["s1"].astype(float), sums["s"].astype(float), sums["s2"].astype(float)
    valid = n > 0
    p = (k / n).where(valid)
    var = (s2 / n - (s / n) ** 2).where(valid, 0.0)
    defined = (k > 0) & (k < n) & (var > 1e-12)
    m1 = (s1 / k).where(defined)
    m0 = ((s - s1) / (n - k)).where(defined)
    r = ((m1 - m0) / np.sqrt(var.where(defined)) * np.sqrt(p * (1 - p))).where(defined)
    enough = n >= MIN_ATTEMPTS_FOR_FLAGS
    easy, hard, negative = enough & (p > EASY_ABOVE), enough & (p < HARD_BELOW), enough & (r < 0)
    flags = [tuple(name for name, on in zip(("too_easy", "too_hard", "negative"), row) if on)
             for row in zip(easy, hard, negative)]
    return pd.DataFrame({"attempts": sums["n"].astype("int64"), "difficulty": p, "discrimination": r,
                         "flags": pd.Series(flags, index=sums.index, dtype=object)}, index=sums.index)


def item_stats(store, scope: Scope) -> pd.DataFrame:
    """Per item ``(exercise_id, content_version, item_id)``: ``attempts``, ``difficulty`` (share
    right), ``discrimination`` (point-biserial; NaN when every answer or every score is the same)
    and ``flags`` (``too_easy``, ``too_hard``, ``negative``; only from MIN_ATTEMPTS_FOR_FLAGS attempts).
    The point-biserial of an item uses only the attempts on its own content version."""
    sums = item_sums(store, scope)
    out = pd.concat([sums[["exercise_id", "content_version", "item_id"]], stats_from_sums(sums)], axis=1)
    return out.sort_values(["exercise_id", "content_version", "item_id"], ignore_index=True)


def session_tasks(store, session_id: int) -> pd.DataFrame:
    """Who joined a class session: one row per (user, task) with its status."""
    t = open_tasks.c
    query = (sa.select(t.user_id, t.task_id, t.status, t.started_at, t.deadline, t.auto_submitted)
             .where(t.session_id == int(session_id)).order_by(t.started_at))
    return _frame(store, query, ["user_id", "task_id", "status", "started_at", "deadline", "auto_submitted"])
