"""Chapter 4.4 产品推荐效果评估 — metrics of recommended policies (DOMAIN.md §4.5, ⚠P formulas).

* 犹豫期撤单率 = policies cancelled in the 犹豫期 ÷ long-term (保险期间 > 1 年) policies signed;
* 回访问题件率 = 回访 records not successful ÷ 回访 records (basis: 人身保险业务基本服务规定 第15、18条);
* 13个月保费继续率 (C3-28, ☑S) = 第2年保费 received by the end of the 60-day grace period
  (保险法 第36条; counted from the day after the due date and, when its last day is a 法定休假日,
  ending on the next working day — 民法典 第201、203条, :func:`clientkit.model.dates.period_end`;
  unrolled outside the holiday calendar's years) ÷ first-year premium of the installment cohort
  whose grace period has ended by ``on``; 趸交, 犹豫期撤单 and 理赔终止 policies are excluded.

Each metric is ``None`` when its denominator is 0. ``codes`` limits the policies to some products
(e.g. those the matcher recommended).
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from clientkit.errors import CalendarError
from clientkit.model.dates import add_months, period_end
from clientkit.rules.context import dates, text

GRACE_DAYS = 60


def _grace_end(due) -> pd.Timestamp:
    if pd.isna(due):
        return pd.NaT
    try:
        return pd.Timestamp(period_end(due.date(), days=GRACE_DAYS))
    except CalendarError:
        return pd.Timestamp(period_end(due.date(), days=GRACE_DAYS, roll_holiday=False))


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def effect_metrics(book, on: date | None = None, codes=None) -> dict:
    """``{"cooling_off_rate", "revisit_problem_rate", "persistency_13", "n_policies"}`` of ``book``."""
    on = on or book.meta.get("on") or date.today()
    on = date.fromisoformat(on) if isinstance(on, str) else on
    pol = book.policies.reset_index(drop=True)
    if codes is not None:
        pol = pol[text(pol["product_code"]).isin(set(codes)).to_numpy()]
    status = text(pol["status"])
    long_term = (pd.to_numeric(pol["term_years"], errors="coerce") != 1).to_numpy()
    signed = long_term & (dates(pol["sign_date"]) <= pd.Timestamp(on)).to_numpy()
    cooled = signed & (status == "cancelled_cooling_off").to_numpy()

    inter = book.tables["interactions"]
    visits = inter[(text(inter["kind"]) == "return_visit").to_numpy()
                   & text(inter["policy_id"]).isin(set(text(pol["policy_id"]))).to_numpy()]
    problems = visits["success"].astype("object").map(lambda v: v is False or v == 0).sum()

    installment = (text(pol["pay_mode"]) != "single").to_numpy() & (pd.to_numeric(pol["pay_years"], errors="coerce") > 1).to_numpy()
    cohort = pol[long_term & installment & ~status.isin(["cancelled_cooling_off", "claim_terminated"]).to_numpy()]
    eff = dates(cohort["effective_date"])
    due2 = eff.map(lambda d: pd.Timestamp(add_months(d.date(), 12)) if pd.notna(d) else pd.NaT)
    grace = due2.map(_grace_end)
    ended = (grace <= pd.Timestamp(on)).fillna(False).to_numpy(dtype=bool)
    cohort, grace = cohort[ended], grace[ended]
    prem = book.tables["premiums"]
    second = prem[(pd.to_numeric(prem["policy_year"], errors="coerce") == 2).to_numpy()]
    paid = pd.Series(dates(second["paid_date"]).to_numpy(), index=text(second["policy_id"]).to_numpy())
    paid = paid[~paid.index.duplicated()]
    paid_on = pd.Series(paid.reindex(text(cohort["policy_id"]).to_numpy()).to_numpy(), index=cohort.index)
    kept = paid_on.notna() & (paid_on <= grace)
    premium = pd.to_numeric(cohort["premium"], errors="coerce").fillna(0)
    return {
        "n_policies": int(signed.sum()),
        "cooling_off_rate": _ratio(int(cooled.sum()), int(signed.sum())),
        "revisit_problem_rate": _ratio(int(problems), len(visits)),
        "persistency_13": _ratio(float(premium[kept.to_numpy()].sum()), float(premium.sum())),
    }
