"""The supervisor's first review page: every agent's attempts of a chapter, their scores and
the most-missed rules (the full dashboard is a later issue)."""
from __future__ import annotations

import pandas as pd


def review(store, chapter: int, team: str | None = None) -> dict:
    """``{"agents": DataFrame, "attempts": DataFrame, "misses": DataFrame}`` for the agents of
    ``team`` (all agents when None) on ``chapter``."""
    agents = store.list_users(role="agent", team=team)
    ids = [u.id for u in agents]
    names = {u.id: (u.display_name or u.username) for u in agents}
    teams = {u.id: u.team for u in agents}
    if not ids:
        empty = pd.DataFrame()
        return {"agents": empty, "attempts": empty, "misses": empty}
    attempts = store.attempts(user_ids=ids, chapter=chapter)
    if len(attempts):
        attempts = attempts.assign(
            agent=attempts["user_id"].map(names), team=attempts["user_id"].map(teams)
        )
    mastery = store.chapter_mastery(user_ids=ids)
    mastery = mastery[mastery["chapter"] == chapter]
    summary = pd.DataFrame({"user_id": ids, "agent": [names[i] for i in ids], "team": [teams[i] for i in ids]})
    for mode in ("practice", "assessment"):
        m = store.chapter_mastery(user_ids=ids, mode=mode)
        m = m[m["chapter"] == chapter].set_index("user_id")
        summary[f"{mode}_attempts"] = summary["user_id"].map(m["attempts"]).fillna(0).astype(int)
        summary[f"{mode}_best"] = summary["user_id"].map(m["best_score"])
        summary[f"{mode}_mean"] = summary["user_id"].map(m["mean_score"])
    misses = store.rule_misses(user_ids=ids, chapter=chapter)
    return {"agents": summary, "attempts": attempts, "misses": misses, "mastery": mastery}
