"""An agent's own progress: chapter mastery and attempt history (首页)."""
from __future__ import annotations

import pandas as pd

from clientkit.chapters import CHAPTERS

# Mastery of a chapter is the best 自测 score, or the mean practice score when no 自测 is
# taken yet; a chapter counts as mastered from this share of points.
MASTERED_AT = 0.8


def progress(store, user_id: int) -> dict:
    """``{"chapters": DataFrame(chapter, title, practice_attempts, practice_mean,
    assessment_best, mastery, mastered), "history": DataFrame(...)}`` for one user."""
    history = store.attempts(user_ids=[user_id], limit=50)
    if len(history):
        practice = store.chapter_mastery(user_ids=[user_id], mode="practice")
        assess = store.chapter_mastery(user_ids=[user_id], mode="assessment")
    else:  # a new agent (a whole onboarding class signs in at once): two queries fewer
        practice = assess = pd.DataFrame({"chapter": [], "attempts": [], "mean_score": [], "best_score": []})
    rows = []
    for ch in CHAPTERS:
        p = practice[practice["chapter"] == ch.number]
        a = assess[assess["chapter"] == ch.number]
        p_n = int(p["attempts"].sum()) if len(p) else 0
        p_mean = float(p["mean_score"].iloc[0]) if len(p) else None
        a_best = float(a["best_score"].iloc[0]) if len(a) else None
        mastery = a_best if a_best is not None else p_mean
        rows.append(
            {
                "chapter": ch.number,
                "title": ch.label,
                "practice_attempts": p_n,
                "practice_mean": p_mean,
                "assessment_attempts": int(a["attempts"].sum()) if len(a) else 0,
                "assessment_best": a_best,
                "mastery": mastery,
                "mastered": mastery is not None and mastery >= MASTERED_AT,
            }
        )
    return {"chapters": pd.DataFrame(rows), "history": history}
