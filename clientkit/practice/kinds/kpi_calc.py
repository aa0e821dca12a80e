"""Kind ``kpi_calc``: compute a client-file KPI from a small synthetic log (DOMAIN.md §8.4 ex. 1).

Each item shows one log — 回访 records, change events, complaints, survey answers or a premium
ledger — drawn from ``rng`` and asks for one KPI of DOMAIN.md §8.2 in % (NPS in points). The
key is computed by :func:`clientkit.rules.ch8_kpis.kpis` on a Book holding only that log, so the
formula graded is the one the chapter app shows (it is printed under the table). Dates keep a
margin of ≥ 3 days from every deadline so that holiday rolling never decides an answer.
``params.kpis`` limits the KPIs (default all five); ``params.tolerance`` (0.1) in points.
"""
from __future__ import annotations

from datetime import date, timedelta
from html import escape

import numpy as np
import pandas as pd

from clientkit.i18n import t
from clientkit.model.book import Book
from clientkit.model.frames import coerce_frame
from clientkit.practice.kinds.cards import rule_source, shown
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 1
ON = date(2026, 6, 30)
KPIS = ("return_visit", "timely_update", "complaint_on_time", "nps", "persistency_13")
RULES = {"return_visit": ("C8-03",), "timely_update": ("C8-03",), "complaint_on_time": ("C8-02", "C8-03"),
         "nps": ("C8-03",), "persistency_13": ("C8-03",)}
# KPIs that 湖北指引第四十一条 (C8-03's source) does not list: their source is the company's
# definition (content review D21), not the article.
COMPANY_SOURCES = {"nps": "ch8.kpi_calc.source_nps", "timely_update": "ch8.kpi_calc.source_company"}


def check_params(params: dict) -> str | None:
    chosen = params.get("kpis", list(KPIS))
    if not isinstance(chosen, list) or not chosen or any(k not in KPIS for k in chosen):
        return t("practice.problem.param_type", name="kpis")
    tol = params.get("tolerance", 0.1)
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
        return t("practice.problem.param_type", name="tolerance")
    return None


def _day(rng, lo: int, hi: int) -> date:
    """A day lo..hi days before ON."""
    return ON - timedelta(days=int(rng.integers(lo, hi + 1)))


def _return_visits(rng):
    n = int(rng.integers(12, 21))
    ok = rng.random(n) < 0.8
    df = pd.DataFrame({"interaction_id": [f"R{i:03d}" for i in range(1, n + 1)], "client_id": [f"C{i:03d}" for i in range(1, n + 1)],
                       "policy_id": [f"P{i:04d}" for i in range(1, n + 1)], "kind": "return_visit",
                       "occurred_on": [_day(rng, 5, 300) for _ in range(n)], "success": ok})
    return {"interactions": df}, df[["policy_id", "occurred_on", "success"]]


def _updates(rng):
    n = int(rng.integers(8, 13))
    changed = [_day(rng, 70, 340) for _ in range(n)]
    lag = np.where(rng.random(n) < 0.7, rng.integers(0, 27, n), rng.integers(34, 60, n))
    df = pd.DataFrame({"update_id": [f"U{i:03d}" for i in range(1, n + 1)], "client_id": [f"C{i:03d}" for i in range(1, n + 1)],
                       "field": rng.choice(["phone", "address", "occupation", "annual_income"], n),
                       "changed_on": changed, "recorded_on": [c + timedelta(days=int(g)) for c, g in zip(changed, lag)]})
    return {"updates": df}, df[["update_id", "field", "changed_on", "recorded_on"]]


def _complaints(rng):
    n = int(rng.integers(5, 9))
    levels = rng.choice(["simple", "complex", "very_complex"], n, p=[0.6, 0.3, 0.1])
    limit = {"simple": 15, "complex": 30, "very_complex": 60}
    received = [_day(rng, 100, 330) for _ in range(n)]
    late = rng.random(n) < 0.3
    took = [limit[lv] + int(rng.integers(10, 25)) if x else int(rng.integers(2, limit[lv] - 3)) for lv, x in zip(levels, late)]
    df = pd.DataFrame({"interaction_id": [f"T{i:03d}" for i in range(1, n + 1)], "client_id": [f"C{i:03d}" for i in range(1, n + 1)],
                       "kind": "complaint", "occurred_on": received, "complaint_level": levels,
                       "decided_on": [r + timedelta(days=d) for r, d in zip(received, took)]})
    return {"interactions": df}, df[["interaction_id", "complaint_level", "occurred_on", "decided_on"]]


def _surveys(rng):
    n = int(rng.integers(10, 21))
    df = pd.DataFrame({"interaction_id": [f"S{i:03d}" for i in range(1, n + 1)], "client_id": [f"C{i:03d}" for i in range(1, n + 1)],
                       "kind": "survey", "occurred_on": [_day(rng, 5, 300) for _ in range(n)],
                       "nps_score": rng.choice(11, n, p=[.02, .02, .03, .04, .05, .08, .1, .14, .16, .18, .18])})
    return {"interactions": df}, df[["interaction_id", "occurred_on", "nps_score"]]


def _ledger(rng):
    n = int(rng.integers(4, 8))
    rows, pols = [], []
    for i in range(1, n + 1):
        pid = f"P{i:04d}"
        due2 = _day(rng, 100, 290)
        amount = float(rng.integers(2, 30) * 1000)
        pols.append({"policy_id": pid, "pay_mode": "annual", "status": "in_force"})
        rows.append({"payment_id": f"F{i:03d}1", "policy_id": pid, "policy_year": 1, "due_date": due2 - timedelta(days=365),
                     "amount": amount, "paid_date": due2 - timedelta(days=365)})
        r = rng.random()
        paid = due2 - timedelta(days=int(rng.integers(0, 20))) if r < 0.6 else (
            due2 + timedelta(days=int(rng.integers(10, 55))) if r < 0.8 else (due2 + timedelta(days=int(rng.integers(75, 90))) if r < 0.9 else None))
        rows.append({"payment_id": f"F{i:03d}2", "policy_id": pid, "policy_year": 2, "due_date": due2,
                     "amount": amount, "paid_date": paid})
    df = pd.DataFrame(rows)
    return {"premiums": df, "policies": pd.DataFrame(pols)}, df[["policy_id", "policy_year", "due_date", "amount", "paid_date"]]


_MAKERS = {"return_visit": _return_visits, "timely_update": _updates, "complaint_on_time": _complaints,
           "nps": _surveys, "persistency_13": _ledger}
_LABELS = {"policy_id": "保单号", "occurred_on": "日期", "success": "回访成功", "update_id": "记录编号", "field": "变更字段",
           "changed_on": "发生日期", "recorded_on": "登记日期", "interaction_id": "记录编号", "complaint_level": "复杂程度",
           "decided_on": "办结日期", "nps_score": "推荐意愿(0–10)", "policy_year": "保单年度", "due_date": "应缴日期",
           "amount": "应缴金额(元)", "paid_date": "实缴日期"}
_VALUES = {"success": {True: "是", False: "否"}, "complaint_level": {"simple": "简单", "complex": "复杂", "very_complex": "特别复杂"},
           "field": {"phone": "联系电话", "address": "地址", "occupation": "职业", "annual_income": "年收入"}}


def table_html(df: pd.DataFrame) -> str:
    head = "".join(f'<th style="padding:2px 8px">{escape(_LABELS.get(c, c))}</th>' for c in df.columns)
    body = "".join("<tr>" + "".join(
        f'<td style="padding:2px 8px;font-family:monospace">{escape(shown(_VALUES.get(c, {}).get(v, v)))}</td>'
        for c, v in row.items()) + "</tr>" for _, row in df.iterrows())
    return f'<table class="ck-table"><tr>{head}</tr>{body}</table>'


def book_of(frames: dict) -> Book:
    tables = {name: coerce_frame(df, name)[0] for name, df in frames.items()}
    return Book(tables)


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    from clientkit.rules.ch8_kpis import kpis_for as kpis

    chosen = list(ex.params.get("kpis", KPIS))
    tol = float(ex.params.get("tolerance", 0.1))
    out = []
    for i in range(1, n + 1):
        code = chosen[int(rng.integers(0, len(chosen)))]
        frames, shown_df = _MAKERS[code](rng)
        row = kpis(book_of(frames), ON).set_index("kpi").loc[code]
        value = float(np.round(row["value"], 1))
        unit = row["unit"]
        context = (table_html(shown_df) + f'<div class="ck-muted">{escape(t("ch8.kpi_calc.period", on=ON.isoformat()))}<br>'
                   f'{escape(row["formula"])}</div>')
        prompt = t("ch8.kpi_calc.prompt", name=row["name"], unit=unit)
        why = t("ch8.kpi_calc.why", formula=row["formula"], num=f'{row["numerator"]:g}', den=f'{row["denominator"]:g}',
                value=f"{value:.1f}", unit=unit)
        rule_ids = RULES[code]
        item = Item(f"{prefix}{i:02d}", prompt, "number", context=context, unit=unit, rule_ids=rule_ids)
        source = t(COMPANY_SOURCES[code]) if code in COMPANY_SOURCES else rule_source(rule_ids)
        out.append((item, ItemKey("number", value, f"{value:.1f}{unit}", rule_ids, source, why, tolerance=tol)))
    return out
