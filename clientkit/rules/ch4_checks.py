"""Chapter 4 — data checks on the ``policies`` table (findings reported on the policyholder).

* C4-06 (适当性办法 第39条): a 分红/万能/投连 policy for which a clause of
  :func:`~clientkit.rules.ch4_suitability.declaration_triggers` applies (holder's age in 周岁 at
  ``sign_date``, the holder's ``family_income``, the policy's ``budget``, ``premium``,
  ``pay_years``, 趸交 when ``pay_mode == "single"``) and ``declaration_signed`` is not true.
  Unknown income / budget: those clauses are not evaluated (report, don't guess).
* C4-11 (保险法 第31条): a policy whose ``relation`` gives no insurable interest (not 本人、配偶、
  子女、父母、雇员) and whose ``insured_consent`` is not true.

A clean generated book has every declaration signed and only interest-giving relations, so
both checks find nothing there (tests/rules/test_roundtrip.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.i18n import t
from clientkit.rules.ch4_suitability import INTEREST_RELATIONS, UNCERTAIN_TYPES
from clientkit.rules.context import Context, dates, lookup, text
from clientkit.rules.findings import build, empty

TABLE = "policies"


def _true(values: pd.Series) -> np.ndarray:
    return values.astype("object").map(lambda v: v is True or (isinstance(v, (int, float, np.bool_)) and bool(v) and v == v)).to_numpy(dtype=bool)


def _age_at(birth: pd.Series, day: pd.Series) -> np.ndarray:
    """Age in 周岁 on ``day`` (NaN when a date is missing)."""
    b, d = dates(birth), dates(day)
    years = d.dt.year - b.dt.year
    before = (d.dt.month < b.dt.month) | ((d.dt.month == b.dt.month) & (d.dt.day < b.dt.day))
    return (years - before.astype(float)).to_numpy(dtype=float)


def check_c4_06(ctx: Context) -> pd.DataFrame:
    """C4-06: triggered 投保声明 not signed."""
    pol = ctx.table(TABLE)
    if not len(pol):
        return empty()
    s = ctx.settings
    uncertain = text(pol["product_type"]).isin(UNCERTAIN_TYPES).to_numpy()
    clients = ctx.clients.set_index(text(ctx.clients["client_id"]).to_numpy())
    birth = lookup(pol["holder_id"], clients["birth_date"])
    income = pd.to_numeric(lookup(pol["holder_id"], clients["family_income"]), errors="coerce").to_numpy(dtype=float)
    age = _age_at(birth, pol["sign_date"])
    premium = pd.to_numeric(pol["premium"], errors="coerce").to_numpy(dtype=float)
    budget = pd.to_numeric(pol["budget"], errors="coerce").to_numpy(dtype=float)
    years = pd.to_numeric(pol["pay_years"], errors="coerce").to_numpy(dtype=float)
    single = (text(pol["pay_mode"]) == "single").to_numpy()
    with np.errstate(invalid="ignore"):
        c1 = single & (premium > s.declaration_single_multiple * income)
        c2 = ~single & (premium > s.declaration_annual_share * income)
        c3 = (years + age) >= s.declaration_age_sum
        c4 = premium >= s.declaration_budget_ratio * budget
    clauses = np.stack([c1, c2, c3, c4], axis=1)
    rows = np.flatnonzero(uncertain & clauses.any(axis=1) & ~_true(pol["declaration_signed"]))
    messages = [t("ch4.finding.C4-06", clauses="、".join(f"第{i + 1}项" for i in np.flatnonzero(clauses[r]))) for r in rows]
    return build("C4-06", TABLE, pol, rows, "declaration_signed", messages, client_ids=text(pol["holder_id"]).iloc[rows])


def check_c4_11(ctx: Context) -> pd.DataFrame:
    """C4-11: no insurable interest and no consent of the insured."""
    pol = ctx.table(TABLE)
    if not len(pol):
        return empty()
    rel = text(pol["relation"])
    rows = np.flatnonzero(rel.notna().to_numpy() & ~rel.isin(INTEREST_RELATIONS).to_numpy() & ~_true(pol["insured_consent"]))
    return build("C4-11", TABLE, pol, rows, "relation", t("ch4.finding.C4-11"), client_ids=text(pol["holder_id"]).iloc[rows])


CHECKS = {"C4-06": check_c4_06, "C4-11": check_c4_11}
