"""The trainer's live board and class report (培训师课堂) for one class session.

A class is small (tens of agents), so the session's attempts are read once per refresh and
counted here; who joined comes from the session's open tasks. Item prompts are shown from the
session paper (assessment mode: the same paper for everyone); wrong answers are counted by the
value chosen, labelled with the option text where the item has options.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from clientkit.reports.dashboard import mask_text, prompt_text
from clientkit.store import dashboard as agg

AGENT_COLUMNS = ["业务员", "团队", "状态", "得分(%)", "得分", "满分", "提交时间"]
ITEM_COLUMNS = ["题号", "题目", "规则", "作答人数", "答错人数", "答错率(%)", "常见错误答案"]


def _paper(session):
    from clientkit.practice.session import session_paper

    try:
        return session_paper(session, int(session["id"]))
    except Exception:  # content without an assessment: items are listed by id only
        return None


def agents_table(store, session: dict, users: dict[int, object]) -> pd.DataFrame:
    """Per agent who joined: status (作答中 / 已提交 / 超时自动提交), score and submission time."""
    joined = agg.session_tasks(store, session["id"])
    attempts = _session_attempts(store, session["id"])
    by_user = {int(a.user_id): a for a in attempts.itertuples(index=False)}
    auto = {int(r.user_id) for r in joined.itertuples(index=False) if r.auto_submitted}
    rows = []
    for uid in dict.fromkeys([int(u) for u in joined["user_id"]] + list(by_user)):
        user = users.get(uid)
        a = by_user.get(uid)
        rows.append({
            "业务员": (user.display_name or user.username) if user else str(uid), "团队": user.team if user else "",
            "状态": ("超时自动提交" if uid in auto else "已提交") if a is not None else "作答中", "得分(%)": round(float(a.score) * 100) if a is not None else None,
            "得分": float(a.points) if a is not None else None, "满分": float(a.max_points) if a is not None else None,
            "提交时间": pd.Timestamp(a.submitted_at).strftime("%H:%M:%S") if a is not None else "",
        })
    return pd.DataFrame(rows, columns=AGENT_COLUMNS)


def _session_attempts(store, session_id: int) -> pd.DataFrame:
    import sqlalchemy as sa

    from clientkit.store.tables import attempts

    # the session's paper only: a class drill's attempts per agent (对话演练) carry the session too
    query = (sa.select(attempts).where(attempts.c.session_id == int(session_id),
                                       sa.not_(attempts.c.exercise_id.like("dialogue:%")))
             .order_by(attempts.c.submitted_at))
    rows = store._read(lambda c: [dict(r._mapping) for r in c.execute(query)])
    return pd.DataFrame(rows, columns=[c.name for c in attempts.columns])


def items_table(store, session: dict) -> pd.DataFrame:
    """Per item of the paper: how many answered, how many wrong, the wrong answers chosen."""
    attempts = _session_attempts(store, session["id"])
    paper = _paper(session)
    items = {i.item_id: i for i in paper.items} if paper else {}
    order = list(items) or sorted({r["item_id"] for its in attempts["items"] for r in its})
    seen, wrong, chosen = Counter(), Counter(), {k: Counter() for k in order}
    for a in attempts.itertuples(index=False):
        for r in a.items or []:
            iid = r["item_id"]
            seen[iid] += 1
            if not r.get("correct"):
                wrong[iid] += 1
                given = (a.answer or {}).get(iid)
                chosen.setdefault(iid, Counter())[_label(items.get(iid), given)] += 1
    rows = []
    for n, iid in enumerate(order, start=1):
        item = items.get(iid)
        common = "；".join(f"{v}（{c}人）" for v, c in chosen.get(iid, Counter()).most_common(3))
        rows.append({"题号": n, "题目": prompt_text(item.prompt)[:120] if item else iid,
                     "规则": "、".join(item.rule_ids) if item else "", "作答人数": seen[iid], "答错人数": wrong[iid],
                     "答错率(%)": round(wrong[iid] / seen[iid] * 100) if seen[iid] else None, "常见错误答案": common})
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def _label(item, given) -> str:
    if given is None or given == "" or given == []:
        return "（未作答）"
    labels = dict(item.options) if item is not None and item.options else {}
    if isinstance(given, (list, tuple)):
        return "、".join(labels.get(g, str(g)) for g in given) or "（未作答）"
    return mask_text(labels.get(given, str(given)))


def score_bands(agents: pd.DataFrame) -> pd.DataFrame:
    """Submitted scores in 10 % bands (0–9 … 90–100)."""
    scores = agents["得分(%)"].dropna().astype(float)
    bands = [min(int(s // 10), 9) for s in scores]
    counts = Counter(bands)
    return pd.DataFrame({"分数段": [f"{b * 10}–{b * 10 + 9}%" if b < 9 else "90–100%" for b in range(10)],
                         "人数": [counts.get(b, 0) for b in range(10)]})


def board(store, session: dict, users: dict[int, object]) -> dict:
    """``{"agents", "items", "bands", "joined", "submitted"}`` for the live board."""
    agents = agents_table(store, session, users)
    items = items_table(store, session)
    submitted = int((agents["状态"] == "已提交").sum()) if len(agents) else 0
    return {"agents": agents, "items": items, "bands": score_bands(agents),
            "joined": len(agents), "submitted": submitted}


def report_views(store, session: dict, users: dict[int, object]) -> dict[str, pd.DataFrame]:
    """The class report: a sheet per agent list and per item list (exported like the dashboard)."""
    b = board(store, session, users)
    return {"agents": b["agents"], "items": b["items"], "bands": b["bands"]}
