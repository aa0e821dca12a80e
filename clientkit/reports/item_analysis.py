"""题目分析: difficulty and discrimination per source question and content version, with the
question's text (prompt, options, key) instead of the item ids of the forms it appeared in.

The SQL sums of :func:`clientkit.store.dashboard.item_sums` come per answered item id; every id
is mapped to its source question (:mod:`clientkit.practice.sources`: a bank question, a fixed
case or a generator), the sums of one ``(source question, content version, mode)`` are added up,
and the statistics are computed from the pooled sums, vectorised
(:func:`clientkit.store.dashboard.stats_from_sums`). 练习 and 自测 stay apart (a practice total is
not an assessment total); the forms of a 自测 and class papers in assessment mode are pooled.
Content versions never mix (issue 9: a question can change between versions).
"""
from __future__ import annotations

import pandas as pd

from clientkit.store import dashboard as agg

COLUMNS = ["章节", "题目", "选项", "答案", "类型", "出现于", "题库版本", "作答次数", "难度(答对率%)",
           "区分度(点二列)", "提示"]
MODE_LABELS = {"practice": "练习", "assessment": "自测"}
FLAG_LABELS = {"too_easy": "过易", "too_hard": "过难", "negative": "区分度为负"}
GENERATED_NOTE = "（每份试卷随机生成，以下为示例）"
GONE = "（该题库版本已不再保留，无法显示题目）"
UNKNOWN = "（该题库版本中找不到这道题）"
_KEYS = ["source_id", "content_version", "mode"]


def version_label(version: str) -> str:
    """``2+9d3b57ea8db3`` → 「第2版（9d3b57ea）」: the format number and the start of the digest."""
    head, _, digest = str(version).partition("+")
    return f"第{head}版（{digest[:8]}）" if head.isdigit() and digest else str(version)


def _content(version: str):
    """The content of ``version``, or None when it is no longer kept."""
    from clientkit.errors import ContentError
    from clientkit.practice.content import released

    try:
        return released(version)
    except ContentError:
        return None


def _describe(source, exercise_id: str, version: str, item_id: str) -> dict:
    from clientkit.errors import ContentError
    from clientkit.practice.sources import question_text, source_question

    unknown = {"source_id": f"{exercise_id}|{item_id}", "chapter": _chapter(exercise_id, item_id),
               "prompt": GONE, "options": "", "key": ""}
    if source is None:
        return unknown
    try:
        q = source_question(source, exercise_id, item_id)
        text = question_text(version, q)
    except (ContentError, KeyError, IndexError, ValueError):
        return {**unknown, "prompt": UNKNOWN}
    prompt = f"{GENERATED_NOTE}{text.prompt}" if text.generated else text.prompt
    key = f"示例：{text.key}" if text.generated else text.key
    return {"source_id": q.source_id, "chapter": q.chapter, "prompt": prompt, "options": " / ".join(text.options),
            "key": key}


def _chapter(exercise_id: str, item_id: str) -> int | None:
    import re

    m = re.search(r"ch(\d+)", exercise_id) or re.match(r"c(\d+)-", item_id)
    return int(m.group(1)) if m else None


def by_source(sums: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Pooled statistics per ``(source question, content version, mode)`` of the item sums
    ``sums`` (:func:`clientkit.store.dashboard.item_sums`), labelled for the page and the export.
    ``titles`` names the papers (exercise id → title, ``session:<id>`` → the class name).
    Dialogue turns are left to the 对话演练 tab."""
    sums = sums[~sums["exercise_id"].astype(str).str.startswith("dialogue:")]
    if sums.empty:
        return pd.DataFrame(columns=COLUMNS)
    distinct = sums[["exercise_id", "content_version", "item_id"]].drop_duplicates()
    sources = {v: _content(v) for v in distinct["content_version"].unique()}   # one lookup per version
    described = pd.DataFrame([_describe(sources[v], e, v, i) for e, v, i in distinct.itertuples(index=False)],
                             index=distinct.index)
    items = sums.merge(pd.concat([distinct, described], axis=1), on=["exercise_id", "content_version", "item_id"],
                       how="left")
    items["paper"] = items["exercise_id"].map(lambda e: titles.get(e) or "")
    grouped = items.groupby(_KEYS, sort=False, dropna=False)
    pooled = grouped[agg.SUM_COLUMNS].sum()
    text = grouped[["chapter", "prompt", "options", "key"]].first()
    papers = grouped["paper"].agg(lambda p: "、".join(sorted({x for x in p if x})))
    stats = agg.stats_from_sums(pooled)
    out = pd.concat([text, papers.rename("paper"), stats], axis=1).reset_index()
    out["generated"] = out["prompt"].str.startswith(GENERATED_NOTE)   # written questions first
    out = out.sort_values(["chapter", "generated", "source_id", "content_version", "mode"], kind="stable",
                          ignore_index=True)
    return pd.DataFrame({
        "章节": out["chapter"].map(lambda c: f"第{int(c)}章" if pd.notna(c) else ""),
        "题目": out["prompt"], "选项": out["options"], "答案": out["key"],
        "类型": out["mode"].map(lambda m: MODE_LABELS.get(m, "")), "出现于": out["paper"],
        "题库版本": out["content_version"].map(version_label), "作答次数": out["attempts"],
        "难度(答对率%)": (out["difficulty"] * 100).round(1), "区分度(点二列)": out["discrimination"].round(3),
        "提示": out["flags"].map(lambda f: "、".join(FLAG_LABELS[x] for x in f)),
    }, columns=COLUMNS)


def item_analysis(store, scopes, titles: dict[str, str]) -> pd.DataFrame:
    """:func:`by_source` of the attempts of one or several disjoint ``scopes`` (their sums add up)."""
    frames = [agg.item_sums(store, s) for s in scopes]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    sums = pd.concat(frames, ignore_index=True)
    key = ["exercise_id", "content_version", "item_id"]
    sums = sums.groupby(key, as_index=False, sort=False).agg(
        {"mode": "first", **{c: "sum" for c in agg.SUM_COLUMNS}})
    return by_source(sums, titles)
