"""我的进度: an agent's mastery per rule and the recommended next practice.

A rule's weight of misses decays with age: a miss ``d`` days old counts ``0.5 ** (d / HALF_LIFE_DAYS)``,
so recent misses weigh most. The recommendation is the practice exercise (of an available
chapter) whose rule ids cover the most weighted misses; ties go to the exercise listed first.
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from clientkit.store.tables import attempt_rules, attempts

HALF_LIFE_DAYS = 14.0


def rule_history(store, user_id: int) -> pd.DataFrame:
    """One user's scored (item, rule) pairs: ``rule_id``, ``correct``, ``submitted_at``."""
    r, c = attempt_rules.c, attempts.c
    query = (sa.select(r.rule_id, r.correct, c.submitted_at)
             .select_from(attempt_rules.join(attempts, c.attempt_id == r.attempt_id))
             .where(c.user_id == int(user_id)))
    rows = store._read(lambda conn: [tuple(x) for x in conn.execute(query)])
    out = pd.DataFrame(rows, columns=["rule_id", "correct", "submitted_at"])
    out["submitted_at"] = pd.to_datetime(out["submitted_at"])
    return out


def rule_mastery(history: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """Per rule: ``items``, ``correct``, ``mastery`` (share right) and ``weighted_misses``;
    most weighted misses first."""
    if not len(history):
        return pd.DataFrame(columns=["rule_id", "items", "correct", "mastery", "weighted_misses"])
    age = (pd.Timestamp(now) - history["submitted_at"]).dt.total_seconds().clip(lower=0) / 86400
    h = history.assign(ok=history["correct"].astype(bool).astype(int),
                       w_miss=(1 - history["correct"].astype(bool).astype(int)) * 0.5 ** (age / HALF_LIFE_DAYS))
    g = h.groupby("rule_id").agg(items=("ok", "size"), correct=("ok", "sum"), weighted_misses=("w_miss", "sum"))
    g["mastery"] = g["correct"] / g["items"]
    g = g.reset_index()[["rule_id", "items", "correct", "mastery", "weighted_misses"]]
    return g.sort_values(["weighted_misses", "rule_id"], ascending=[False, True], ignore_index=True)


def recommend(rules: pd.DataFrame, exercises) -> dict | None:
    """``{"exercise": Exercise, "rules": [rule ids it trains]}`` or None without misses."""
    weights = {r: w for r, w in zip(rules["rule_id"], rules["weighted_misses"]) if w > 0}
    best, best_w = None, 0.0
    for ex in exercises:
        w = sum(weights.get(r, 0.0) for r in ex.rule_ids)
        if w > best_w + 1e-12:
            best, best_w = ex, w
    if best is None:
        return None
    covered = sorted((r for r in best.rule_ids if r in weights), key=lambda r: -weights[r])
    return {"exercise": best, "rules": covered}
