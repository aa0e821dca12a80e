"""One agent's attempts item by item (主管看板 drill-down): each attempt's variant is replayed
from its stored seed (DESIGN.md "Exercises": any attempt can be replayed and re-scored) and shown
with the answer given, what was right and the rules involved. Prompts are shown unmasked (synthetic
training content, issue 10) without their client cards; answers keep long numbers masked
(docs/decisions.md "Privacy")."""
from __future__ import annotations

import pandas as pd

from clientkit.i18n import t
from clientkit.reports.dashboard import MODE_LABELS, mask_text, prompt_text

GONE = "（题库已更新，无法重现）"
COLUMNS = ["时间", "练习", "类型", "得分(%)", "题号", "题目", "作答", "正确答案", "对错", "规则"]


def replay(exercise_id: str, seed: int, content_version: str, session: dict | None = None):
    """The task of a stored attempt, or None when its content has changed since."""
    from clientkit.errors import ContentError
    from clientkit.practice import Task

    try:
        if exercise_id.startswith("session:"):
            from clientkit.practice.session import replay_session_task

            return replay_session_task(session, seed, content_version) if session else None
        return Task.replay({"exercise_id": exercise_id, "seed": seed, "n_items": None,
                            "content_version": content_version})
    except (ContentError, KeyError, ValueError):
        return None


def agent_items(store, user_id: int, scope, titles: dict[str, str], limit: int = 30) -> pd.DataFrame:
    """The newest ``limit`` attempts of ``user_id`` within ``scope``, one row per item."""
    from clientkit.practice import score
    from clientkit.store.classroom import get_session

    attempts = store.attempts(user_ids=[user_id], chapter=scope.chapter, mode=scope.mode,
                              since=scope.since, until=scope.until, limit=limit)
    rows = []
    for a in attempts.itertuples(index=False):
        session = get_session(store, a.session_id) if a.session_id is not None and not pd.isna(a.session_id) else None
        task = replay(a.exercise_id, int(a.seed), a.content_version, session)
        head = {"时间": pd.Timestamp(a.submitted_at).strftime("%Y-%m-%d %H:%M"),
                "练习": titles.get(a.exercise_id, session["name"] if session else a.exercise_id),
                "类型": MODE_LABELS.get(a.mode, a.mode), "得分(%)": round(float(a.score) * 100)}
        if a.exercise_id.startswith("dialogue:"):  # 对话演练: replayed turn by turn
            from clientkit.reports.dialogue import dialogue_rows

            if session is not None:  # a drill run live in class, scored on the agent's votes
                head["类型"] = t("dialogue.in_class", name=session["name"])
            rows += dialogue_rows(a, head)
            continue
        if task is None:  # content changed: show the stored per-item results without the key
            for n, item in enumerate(a.items or [], start=1):
                rows.append({**head, "题号": n, "题目": GONE, "作答": mask_text((a.answer or {}).get(item.get("item_id"))),
                             "正确答案": GONE, "对错": "✔" if item.get("correct") else "✘",
                             "规则": "、".join(item.get("rule_ids") or ())})
            continue
        result = score(task, a.answer or {})
        prompts = {i.item_id: i.prompt for i in task.items}
        for n, r in enumerate(result.items, start=1):
            rows.append({**head, "题号": n, "题目": prompt_text(prompts.get(r.item_id, ""))[:120],
                         "作答": mask_text(r.given) or "（未作答）", "正确答案": mask_text(r.expected),
                         "对错": "✔" if r.correct else ("◐" if r.points > 0 else "✘"), "规则": "、".join(r.rule_ids)})
    return pd.DataFrame(rows, columns=COLUMNS)
