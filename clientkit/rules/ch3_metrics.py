"""Chapter 3 measures: NPS (C3-22) and the 13-month persistency ratio (C3-28).

* NPS (☑S, netpromoter.com): scores 0–10; promoters 9–10, passives 7–8, detractors 0–6;
  NPS = %promoters − %detractors in [−100, 100]. DOMAIN.md §3.5 exercise 5: 120 promoters,
  50 passives, 30 detractors → 45.
* 13个月保费继续率 (☑S, insurer training text): installment new business whose first year
  began (``effective_date``) in the cohort month; numerator = 2nd-year premium paid by the end of
  its grace period (:func:`clientkit.rules.ch3_deadlines.grace_period_end`, 60 days moved off a
  holiday), denominator = 1st-year premium of the same policies; 趸缴, 犹豫期撤单 and 理赔终止
  policies are excluded (迁出 is not recorded in a Book).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from clientkit.errors import CalendarError, InputError
from clientkit.rules.ch3_deadlines import grace_period_end, to_day

__all__ = ["nps", "nps_groups", "persistency_13m"]

EXCLUDED_STATUS = ("cancelled_cooling_off", "claim_terminated")


def nps_groups(scores: Iterable) -> dict[str, int]:
    """Counts of ``promoters``, ``passives`` and ``detractors`` among 0–10 scores (C3-22).

    Raises InputError for a score that is not a whole number from 0 to 10, or no scores."""
    values = []
    for s in scores:
        if s is None or (isinstance(s, float) and np.isnan(s)):
            continue
        if isinstance(s, bool) or not isinstance(s, (int, float, np.integer, np.floating)) or float(s) != int(s) or not 0 <= s <= 10:
            raise InputError("ch3.error.nps_score", value=s)
        values.append(int(s))
    if not values:
        raise InputError("ch3.error.nps_empty")
    arr = np.asarray(values)
    return {"promoters": int((arr >= 9).sum()), "passives": int(((arr >= 7) & (arr <= 8)).sum()),
            "detractors": int((arr <= 6).sum())}


def nps(scores) -> float:
    """Net Promoter Score of 0–10 answers (C3-22): %promoters − %detractors, in [−100, 100].

    Empty answers (None/NaN) are skipped. Raises InputError for a score outside 0–10 or
    not whole, or when no score is left."""
    g = nps_groups(scores)
    total = g["promoters"] + g["passives"] + g["detractors"]
    return round(100.0 * (g["promoters"] - g["detractors"]) / total, 6)


def _cohort(cohort) -> tuple[int, int]:
    if isinstance(cohort, str) and len(cohort.strip()) == 7:
        cohort = cohort.strip() + "-01"
    if isinstance(cohort, pd.Period):
        return cohort.year, cohort.month
    d = to_day(cohort, "cohort")
    return d.year, d.month


def _grace_end(due: date) -> date:
    try:
        return grace_period_end(due)
    except CalendarError:
        return due + pd.Timedelta(days=60).to_pytimedelta()


def persistency_13m(ledger, cohort) -> float:
    """13-month premium persistency of the ``cohort`` month (C3-28), a ratio in [0, 1].

    Args:
        ledger: a Book (its ``policies`` and ``premiums``), or a premium ledger DataFrame with
            ``policy_id, policy_year, due_date, amount, paid_date`` plus the policy columns
            ``effective_date, pay_mode`` (and optionally ``status``) on every row.
        cohort: the month of issue, ``"2024-03"``, a date in it or a ``pandas.Period``.
    Returns:
        2nd-year premium received by the end of its grace period ÷ 1st-year premium.
    Raises:
        InputError: the ledger lacks a column, or the cohort has no installment policy.
    """
    if hasattr(ledger, "tables"):
        pol = ledger.tables["policies"][["policy_id", "effective_date", "pay_mode", "status"]]
        frame = ledger.tables["premiums"].merge(pol, on="policy_id", how="left")
    else:
        frame = pd.DataFrame(ledger)
    need = {"policy_id", "policy_year", "due_date", "amount", "paid_date", "effective_date", "pay_mode"}
    missing = sorted(need - set(frame.columns))
    if missing:
        raise InputError("ch3.error.ledger_columns", columns="、".join(missing))
    year, month = _cohort(cohort)
    eff = pd.to_datetime(frame["effective_date"], errors="coerce")
    status = frame["status"].astype("object") if "status" in frame else pd.Series(None, index=frame.index, dtype=object)
    keep = ((eff.dt.year == year) & (eff.dt.month == month)).to_numpy(dtype=bool)
    keep = keep & frame["pay_mode"].astype("object").ne("single").to_numpy(dtype=bool)
    keep = keep & ~status.isin(EXCLUDED_STATUS).to_numpy(dtype=bool)
    rows = frame[keep]
    first = rows[rows["policy_year"] == 1]
    denominator = float(pd.to_numeric(first["amount"], errors="coerce").fillna(0).sum())
    if denominator <= 0:
        raise InputError("ch3.error.empty_cohort", cohort=f"{year}-{month:02d}")
    second = rows[(rows["policy_year"] == 2) & rows["policy_id"].isin(first["policy_id"])]
    due = pd.to_datetime(second["due_date"], errors="coerce")
    paid = pd.to_datetime(second["paid_date"], errors="coerce")
    ends = pd.to_datetime(pd.Series([_grace_end(d.date()) if pd.notna(d) else pd.NaT for d in due], index=second.index))
    on_time = (paid.notna() & (paid.dt.normalize() <= ends)).to_numpy(dtype=bool)
    numerator = float(pd.to_numeric(second["amount"], errors="coerce").fillna(0)[on_time].sum())
    return numerator / denominator
