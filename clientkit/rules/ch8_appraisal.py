"""Chapter 8 客户档案管理考核与改进 — appraisal calculators (DOMAIN.md §8.1, §8.3, §8.4).

* :func:`check_scorecard` — an agent scorecard (KPI → weight) against C8-01 (sales volume not
  the only / not the dominant KPI; compliance and complaints included), C8-04 (persistency and
  complaints weighted) and C8-05 (no appraisal on premium/commission only);
* :func:`commission_deferral` — C8-05 minimum years over which commission is paid;
* :func:`check_commission_schedule` — a commission schedule against that minimum;
* :func:`training_shortfall` — C8-06 training hours per year;
* :func:`sla_deadline` / :func:`sla_breaches` — C8-08 service-timeliness standards;
* :func:`improvement_log` — the PDCA improvement log of §8.3 (finding → owner → due date →
  verification metric) and the items overdue on a date.

No rule of this chapter is checked on the tables of a Book (``CHECKS`` is empty); the KPIs of
§8.2 are in :mod:`clientkit.rules.ch8_kpis`.
"""
from __future__ import annotations

from datetime import date
from typing import Mapping

import pandas as pd

from clientkit.errors import InputError
from clientkit.model.dates import add_working_days, as_date, period_end
from clientkit.rules.settings import Settings

CHECKS: dict = {}

# Scorecard KPI codes a trainee can weight (DOMAIN.md §8.4 exercise 2).
SALES_KPIS = ("new_premium", "commission", "policy_count")
QUALITY_KPIS = ("persistency", "complaints", "compliance", "file_completeness", "return_visit", "training")
SCORECARD_KPIS = SALES_KPIS + QUALITY_KPIS

# C8-08 service-timeliness standards: event → (amount, unit) with unit "wd" (working days) or "d".
SLA = {
    "application_missing_notice": (5, "wd"),
    "exam_notice": (5, "wd"),
    "contract_issued": (15, "wd"),
    "underwriting_result": (15, "wd"),
    "endorsement_accepted": (2, "wd"),
    "endorsement_missing_notice": (5, "wd"),
    "endorsement_done": (5, "wd"),
    "claim_decision": (5, "wd"),
    "claim_decision_complex": (30, "d"),
    "denial_notice": (3, "d"),
    "claim_payment": (10, "d"),
    "lapse_notice": (10, "wd"),
}


def _weights(weights: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(weights, Mapping) or not weights:
        raise InputError("ch8.error.weights_empty")
    out = {}
    for name, w in weights.items():
        if name not in SCORECARD_KPIS:
            raise InputError("ch8.error.unknown_kpi", name=name, known="、".join(SCORECARD_KPIS))
        if isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0:
            raise InputError("ch8.error.bad_weight", name=name, value=w)
        out[name] = float(w)
    total = sum(out.values())
    if abs(total - 1.0) > 1e-6 and abs(total - 100.0) > 1e-6:
        raise InputError("ch8.error.weights_sum", total=f"{total:g}")
    return {k: v / total for k, v in out.items()}


def check_scorecard(weights) -> list[str]:
    """Rule ids an agent scorecard violates, with the company settings in force; see
    :func:`check_scorecard_for`."""
    return check_scorecard_for(weights)


def check_scorecard_for(weights: Mapping[str, float], settings=None) -> list[str]:
    """Rule ids an agent scorecard violates, sorted (DOMAIN.md §8.4 exercise 2).

    ``weights`` maps KPI codes of :data:`SCORECARD_KPIS` to weights summing to 1 (or 100).
    Violations:

    * C8-01 — the sales KPIs (new premium, commission, policy count) weigh more than
      ``scorecard_max_sales_weight`` (0.6, ⚠P), or the card lacks compliance or complaints;
    * C8-04 — persistency or complaints weigh less than ``scorecard_min_quality_weight`` (0.2, ⚠P)
      together, or one of them is missing.

    C8-05 (金规〔2025〕13号) is about commission deferral, claw-back and honours, not scorecards, so a
    premium-only card is not a C8-05 finding (content review D27); it is caught by C8-01 and C8-04.

    Example: ``{"new_premium": 1.0}`` → ``["C8-01", "C8-04"]``.

    Raises:
        InputError: empty card, unknown KPI code, negative weight, or weights summing to neither
            1 nor 100.
    """
    w = _weights(weights)
    s = Settings.coerce(settings)
    found = set()
    sales = sum(w.get(k, 0.0) for k in SALES_KPIS)
    if sales > float(s["scorecard_max_sales_weight"]) + 1e-9 or w.get("compliance", 0) <= 0 or w.get("complaints", 0) <= 0:
        found.add("C8-01")
    quality = w.get("persistency", 0.0) + w.get("complaints", 0.0)
    if quality < float(s["scorecard_min_quality_weight"]) - 1e-9 or w.get("persistency", 0) <= 0 or w.get("complaints", 0) <= 0:
        found.add("C8-04")
    return sorted(found)


def commission_deferral(pay_years: int) -> int:
    """Minimum number of years over which commission is paid (C8-05, 金规〔2025〕13号):
    payment term 5 (含) to < 10 years → 3; ≥ 10 years → 5; shorter terms → 0 (no minimum).

    Raises InputError for a payment term that is not a positive whole number of years."""
    if isinstance(pay_years, bool) or not isinstance(pay_years, int) or pay_years < 1:
        raise InputError("ch8.error.pay_years", value=pay_years)
    if pay_years >= 10:
        return 5
    if pay_years >= 5:
        return 3
    return 0


def check_commission_schedule(pay_years: int, schedule: list[float]) -> list[str]:
    """``["C8-05"]`` when a commission schedule (share paid in policy year 1, 2, …) pays
    everything within fewer years than :func:`commission_deferral` requires, else ``[]``.

    DOMAIN.md §8.4 exercise 3: a 10-pay policy paying all commission in 2 years → C8-05.
    The payout period is the last year with a non-zero share.

    Raises InputError for an empty schedule or negative shares."""
    if not schedule or any(isinstance(x, bool) or not isinstance(x, (int, float)) or x < 0 for x in schedule):
        raise InputError("ch8.error.schedule", value=schedule)
    last = max(i for i, x in enumerate(schedule, start=1) if x > 0) if any(schedule) else 0
    return ["C8-05"] if last < commission_deferral(pay_years) else []


def training_shortfall(hours: float, sells_unit_linked_at_bank: bool = False, settings=None) -> float:
    """Hours missing from this year's training (C8-06): 30 h a year, 40 h for bank staff selling
    投连 (⚠P settings ``training_hours_per_year``, ``unit_linked_training_hours``); 0 when met.

    Raises InputError for negative hours."""
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours < 0:
        raise InputError("ch8.error.hours", value=hours)
    s = Settings.coerce(settings)
    need = float(s["unit_linked_training_hours"] if sells_unit_linked_at_bank else s["training_hours_per_year"])
    return max(0.0, need - float(hours))


def sla_deadline(event: str, start) -> date:
    """Last day allowed for a C8-08 service step started on ``start``: working days counted with
    the Chinese calendar, natural days per 民法典 第201、203条 (holiday roll).

    Raises InputError for an unknown event; CalendarError outside the calendar's years."""
    if event not in SLA:
        raise InputError("ch8.error.sla_event", event=event)
    n, unit = SLA[event]
    return add_working_days(start, n) if unit == "wd" else period_end(start, days=n)


def sla_breaches(log: pd.DataFrame) -> pd.Series:
    """Per row of a service log (``event``, ``started_on``, ``done_on``): True when ``done_on``
    is after :func:`sla_deadline` (DOMAIN.md §8.4 exercise 5)."""
    out = []
    for event, start, done in zip(log["event"], log["started_on"], log["done_on"]):
        out.append(as_date(done) > sla_deadline(event, start))
    return pd.Series(out, index=log.index, dtype=bool)


IMPROVEMENT_COLUMNS = ["item_id", "finding", "source", "action", "owner", "due_on", "metric", "target",
                       "closed_on", "result"]


def improvement_log(items: list[dict]) -> pd.DataFrame:
    """The PDCA improvement log (§8.3): one row per item with finding, source (回访/投诉/质检/
    调查), action, owner, due date, verification metric and target, closed date and measured
    result. Raises InputError when an item lacks finding, owner, due date or metric."""
    rows = []
    for n, item in enumerate(items, start=1):
        missing = [k for k in ("finding", "owner", "due_on", "metric") if not item.get(k)]
        if missing:
            raise InputError("ch8.error.improvement_item", n=n, fields="、".join(missing))
        rows.append({c: item.get(c) for c in IMPROVEMENT_COLUMNS} | {"item_id": item.get("item_id") or f"I{n:03d}"})
    df = pd.DataFrame(rows, columns=IMPROVEMENT_COLUMNS)
    for c in ("due_on", "closed_on"):
        df[c] = pd.to_datetime(df[c])
    return df


def overdue(log: pd.DataFrame, on) -> pd.DataFrame:
    """Items of an improvement log past their due date on ``on`` and not closed by it."""
    on = pd.Timestamp(as_date(on))
    late = (log["due_on"] < on) & (log["closed_on"].isna() | (log["closed_on"] > log["due_on"]))
    return log[late.to_numpy(dtype=bool)]


def sample_improvement_log(on) -> pd.DataFrame:
    """A small PDCA log for the sample book's 指标 view (§8.3): four items from 回访, 投诉, 质检
    and 档案抽查 findings, due and closed relative to ``on`` (one closed late, one open)."""
    on = pd.Timestamp(as_date(on))

    def day(n: int) -> date:
        return (on + pd.Timedelta(days=n)).date()

    return improvement_log([
        {"finding": "回访问题件：客户不知道犹豫期", "source": "回访", "action": "修订递送保单话术并培训", "owner": "A0001 团队主管",
         "due_on": day(-90), "metric": "犹豫期知悉率", "target": "≥ 98%", "closed_on": day(-95), "result": "99%"},
        {"finding": "投诉：退保损失未说明", "source": "投诉", "action": "投保提示突出退保损失并抽查讲解录音", "owner": "个险部 合规岗",
         "due_on": day(-60), "metric": "同类投诉件数", "target": "0", "closed_on": day(-50), "result": "0"},
        {"finding": "双录质检：风险提示漏读", "source": "质检", "action": "新人双录专项培训", "owner": "培训部",
         "due_on": day(-20), "metric": "双录质检合格率", "target": "≥ 95%", "closed_on": day(-25), "result": "96%"},
        {"finding": "档案抽查：投保人缺职业、年收入", "source": "档案抽查", "action": "系统设为必填并加校验", "owner": "运营部",
         "due_on": day(30), "metric": "档案完整率", "target": "≥ 99%", "closed_on": None, "result": None},
    ])
