"""The supervisor dashboard's views (主管看板): labelled tables built from the SQL aggregates
of :mod:`clientkit.store.dashboard`. Each view is a DataFrame with Chinese column names, ready
for the page, the figures (:mod:`clientkit.reports.figures`) and the export
(:mod:`clientkit.reports.export`). Agents are those the service allowed (``agents``)."""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from clientkit.chapters import CHAPTERS
from clientkit.store import dashboard as agg

MODE_LABELS = {"practice": "练习", "assessment": "自测"}
VIEW_NAMES = {
    "mastery": "掌握程度", "trend": "成绩趋势", "distribution": "自测成绩分布", "misses": "易错规则",
    "completion": "未完成自测", "items": "题目分析",
}


def _names(agents) -> dict[int, str]:
    return {a.id: (a.display_name or a.username) for a in agents}


def _chapters_available():
    return [c for c in CHAPTERS if c.available]


def _pct(v):
    return None if v is None or pd.isna(v) else round(float(v) * 100, 1)


def mastery_matrix(store, scope: agg.Scope, agents) -> pd.DataFrame:
    """Agents × chapters of mastery in % (NaN: not practised); rows labelled by agent name."""
    names = _names(agents)
    m = agg.mastery(store, scope)
    chapters = [c.number for c in _chapters_available()] or sorted(m["chapter"].unique())
    grid = m.pivot_table(index="user_id", columns="chapter", values="mastery", aggfunc="first") if len(m) else pd.DataFrame()
    grid = grid.reindex(index=[a.id for a in agents], columns=chapters) * 100
    grid.index = [names[i] for i in grid.index]
    grid.columns = [f"第{c}章" for c in grid.columns]
    grid.index.name = "业务员"
    return grid.round(1)


def trend(store, scope: agg.Scope) -> pd.DataFrame:
    t = agg.score_trend(store, scope)
    return pd.DataFrame({"日期": t["day"].dt.strftime("%Y-%m-%d"), "类型": t["mode"].map(MODE_LABELS),
                         "作答次数": t["attempts"], "平均得分(%)": (t["mean_score"] * 100).round(1)})


def distribution(store, scope: agg.Scope) -> pd.DataFrame:
    s = agg.score_distribution(store, agg.Scope(**{**scope.__dict__, "mode": "assessment"}))
    band = s["band"].map(lambda b: f"{b * 10}–{b * 10 + 9}%" if b < 9 else "90–100%")
    return pd.DataFrame({"章节": s["chapter"].map(lambda n: f"第{n}章"), "分数段": band, "人次": s["attempts"]})


@lru_cache(maxsize=1)
def statements() -> dict[str, str]:
    """Rule id -> Chinese statement, loaded once per process (a chapter that fails to load
    only loses its own texts)."""
    from clientkit.rules.registry import rules

    out = {}
    for ch in CHAPTERS:
        try:
            out.update({r.id: r.statement for r in rules(chapter=ch.number)})
        except Exception:
            continue
    return out


def misses(store, scope: agg.Scope, agents, top: int = 20) -> pd.DataFrame:
    """Most-missed rules with their DOMAIN.md id, statement and the share of agents missing."""
    m = agg.rule_misses(store, scope).head(top)
    n_agents = max(len(agents), 1)
    text = statements()
    return pd.DataFrame({
        "规则": m["rule_id"], "内容": m["rule_id"].map(lambda r: text.get(r, "")), "答错题次": m["misses"],
        "作答题次": m["items"], "错误率(%)": (m["miss_rate"] * 100).round(1),
        "答错人数": m["agents_missing"], "答错人数占比(%)": (m["agents_missing"] / n_agents * 100).round(1),
    })


def completion(store, scope: agg.Scope, agents) -> pd.DataFrame:
    """Per agent: the available chapters whose 自测 they have not taken (in scope)."""
    done = agg.assessed(store, agg.Scope(**{**scope.__dict__, "mode": None}))
    taken = set(zip(done["user_id"], done["chapter"]))
    chapters = [c.number for c in _chapters_available()]
    if scope.chapter is not None:
        chapters = [c for c in chapters if c == int(scope.chapter)]
    rows = []
    for a in agents:
        missing = [c for c in chapters if (a.id, c) not in taken]
        if missing:
            rows.append({"业务员": a.display_name or a.username, "团队": a.team,
                         "未完成自测的章节": "、".join(f"第{c}章" for c in missing), "未完成章数": len(missing)})
    return pd.DataFrame(rows, columns=["业务员", "团队", "未完成自测的章节", "未完成章数"])


def items(store, scope: agg.Scope, titles: dict[str, str] | None = None) -> pd.DataFrame:
    """题目分析: per source question with its text (:mod:`clientkit.reports.item_analysis`)."""
    from clientkit.reports.item_analysis import item_analysis

    return item_analysis(store, [scope], titles or {})


def views(store, scope: agg.Scope, agents, titles=None, only=None) -> dict[str, pd.DataFrame]:
    """The dashboard views keyed as :data:`VIEW_NAMES` (``only``: just those keys, so that a
    page computes a tab's view when the tab is opened)."""
    makers = {
        "mastery": lambda: mastery_matrix(store, scope, agents).reset_index(),
        "trend": lambda: trend(store, scope),
        "distribution": lambda: distribution(store, scope),
        "misses": lambda: misses(store, scope, agents),
        "completion": lambda: completion(store, scope, agents),
        "items": lambda: items(store, scope, titles),
    }
    return {key: make() for key, make in makers.items() if only is None or key in only}


_NUMBERS = re.compile(r"\d{11,19}[\dXx]?")
_TAGS = re.compile(r"<[^>]+>")


def mask_text(text) -> str:
    """Plain text with tags removed and long digit runs (ID, phone, card numbers) masked."""
    from clientkit.model.masking import mask

    if text is None:
        return ""
    if isinstance(text, (list, tuple)):
        text = "、".join(map(str, text))
    plain = _TAGS.sub(" ", str(text))
    return _NUMBERS.sub(lambda m: mask(m.group(0), "id_number" if len(m.group(0)) == 18 else "phone"), plain).strip()


def prompt_text(text) -> str:
    """An item prompt as plain text, NOT masked: prompts are synthetic training content (issue 10),
    and a masked prompt makes two questions about different ID numbers read the same
    (「110***********002X 是否有效？」). Client cards are an item's ``context``, not its prompt:
    they are never shown here and stay masked where they are (``practice.kinds.client_cards``)."""
    from clientkit.practice.sources import plain_text

    return " ".join(plain_text(text).split("\n"))

