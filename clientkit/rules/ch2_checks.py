"""Chapter 2 客户画像与分类 — data checks on the risk assessments and policies of a Book.

* C2-02 (适当性办法 第22、29条): a ``risk_assessments.level`` or ``policies.product_risk`` that
  is not an integer in 1…``risk_levels`` (5);
* C2-03 (第12条): a policy whose ``product_risk`` is above the level of the holder's latest
  assessment made on or before the sign date (levels outside 1–5 are C2-02's);
* C2-04 (第29条): ``assessed_on`` of an assessment beyond ``assessments_per_day`` on one day or
  beyond ``assessments_per_year`` in the 12 months ending on its day; and ``sign_date`` of a
  non-group policy signed on or after ``suitability_effective_from`` (the 办法 applies from
  2026-02-01) and on or before ``on`` whose holder had no assessment valid on that day (made on
  or before it, valid ``assessment_valid_months`` months, :func:`ch2_profile.assessment_valid_until`);
* C2-08 (可回溯暂行办法 第6条): ``dual_recorded`` of a policy of an individual holder that is not
  true although the sale needed 双录 — :func:`ch2_profile.needs_dual_recording` of the holder's age
  at the sign date, the channel, product type and term: any >1-year 人身保险 via a bank (兼业代理), or
  via agent / broker a 投连 product or age ≥ 60 with a term over one year; never internet or group.

Planted defects of these kinds: :mod:`clientkit.generate.ch2_profile`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.i18n import t
from clientkit.rules.ch2_profile import BANCASSURANCE, DUAL_RECORDING_AGE, LIFE_PRODUCTS, OTHER_CHANNELS
from clientkit.rules.context import Context, dates, text
from clientkit.rules.findings import build, empty


def _levels(values: pd.Series, top: int) -> tuple[np.ndarray, np.ndarray]:
    """(filled, valid) masks of a level column: valid = an integer in 1…top."""
    num = pd.to_numeric(values.astype("object"), errors="coerce").astype("float64").to_numpy()
    filled = values.notna().to_numpy()
    valid = filled & (num == np.floor(num)) & (num >= 1) & (num <= top)
    return filled, valid


def check_c2_02(ctx: Context) -> pd.DataFrame:
    """C2-02: risk levels outside 1–5 in assessments and policies."""
    top = int(ctx.settings.risk_levels)
    ra, pol = ctx.table("risk_assessments"), ctx.table("policies")
    parts = []
    filled, valid = _levels(ra["level"], top)
    parts.append(build("C2-02", "risk_assessments", ra, np.flatnonzero(filled & ~valid), "level",
                       t("ch2.finding.C2-02.level", levels=top)))
    filled, valid = _levels(pol["product_risk"], top)
    rows = np.flatnonzero(filled & ~valid)
    parts.append(build("C2-02", "policies", pol, rows, "product_risk", t("ch2.finding.C2-02.product", levels=top),
                       client_ids=pol["holder_id"].iloc[rows]))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def _latest_assessment(ctx: Context) -> pd.DataFrame:
    """Per policy row: the day and level of the holder's latest assessment on or before the sign
    date (NaT / NA when none)."""
    pol, ra = ctx.table("policies"), ctx.table("risk_assessments")
    left = pd.DataFrame({"pos": np.arange(len(pol)), "who": text(pol["holder_id"]).to_numpy(),
                         "day": dates(pol["sign_date"]).dt.normalize().to_numpy()})
    right = pd.DataFrame({"who": text(ra["client_id"]).to_numpy(), "assessed": dates(ra["assessed_on"]).dt.normalize().to_numpy(),
                          "level": pd.to_numeric(ra["level"].astype("object"), errors="coerce").astype("float64").to_numpy()})
    left = left.dropna(subset=["who", "day"]).sort_values("day", kind="stable")
    right = right.dropna(subset=["who", "assessed"]).sort_values("assessed", kind="stable")
    out = pd.DataFrame({"assessed": pd.Series(pd.NaT, index=range(len(pol)), dtype="datetime64[ns]"),
                        "level": np.full(len(pol), np.nan)})
    if len(left) and len(right):
        right["day"] = right["assessed"]
        merged = pd.merge_asof(left, right, on="day", by="who", direction="backward")
        out.loc[merged["pos"].to_numpy(), "assessed"] = merged["assessed"].to_numpy()
        out.loc[merged["pos"].to_numpy(), "level"] = merged["level"].to_numpy()
    return out


def check_c2_03(ctx: Context) -> pd.DataFrame:
    """C2-03: product risk above the holder's risk tolerance at the sign date."""
    pol = ctx.table("policies")
    _, valid = _levels(pol["product_risk"], int(ctx.settings.risk_levels))
    risk = pd.to_numeric(pol["product_risk"].astype("object"), errors="coerce").astype("float64").to_numpy()
    level = _latest_assessment(ctx)["level"].to_numpy()
    known = ~np.isnan(level) & (level >= 1) & (level <= int(ctx.settings.risk_levels))
    rows = np.flatnonzero(valid & known & (risk > np.where(known, level, 99)))
    return build("C2-03", "policies", pol, rows, "product_risk", t("ch2.finding.C2-03"),
                 client_ids=pol["holder_id"].iloc[rows])


def _limit_rows(ctx: Context) -> np.ndarray:
    ra = ctx.table("risk_assessments")
    who = text(ra["client_id"]).to_numpy(dtype=object)
    at = dates(ra["assessed_on"])
    ok = ~pd.isna(who) & at.notna().to_numpy()
    pos = np.flatnonzero(ok)
    if not len(pos):
        return pos
    frame = pd.DataFrame({"pos": pos, "who": pd.Series(who[pos]).astype(str).to_numpy(), "at": at.to_numpy()[pos]})
    frame = frame.sort_values(["who", "at", "pos"], kind="stable").reset_index(drop=True)
    frame["day"] = frame["at"].dt.normalize()
    per_day = frame.groupby(["who", "day"]).cumcount().to_numpy() + 1
    code = pd.factorize(frame["who"])[0].astype(np.int64)
    day = frame["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    start = (frame["day"] - pd.DateOffset(months=12)).to_numpy().astype("datetime64[D]").astype(np.int64)
    span = np.int64(1 << 30)
    keys = code * span + day
    lower = np.searchsorted(keys, code * span + start, side="right")
    in_year = np.arange(len(frame)) - lower + 1
    bad = (per_day > int(ctx.settings.assessments_per_day)) | (in_year > int(ctx.settings.assessments_per_year))
    return np.sort(frame["pos"].to_numpy()[bad])


def _uncovered_sales(ctx: Context) -> np.ndarray:
    pol = ctx.table("policies")
    sign = dates(pol["sign_date"]).dt.normalize()
    since = pd.Timestamp(ctx.settings.suitability_effective_from)
    due = (sign >= since).to_numpy() & (sign <= ctx.on_ts).to_numpy() & (text(pol["channel"]) != "group").to_numpy()
    due &= text(pol["holder_id"]).notna().to_numpy()
    latest = _latest_assessment(ctx)["assessed"]
    until = latest + pd.DateOffset(months=int(ctx.settings.assessment_valid_months))
    covered = latest.notna().to_numpy() & (sign.to_numpy() <= until.to_numpy())
    return np.flatnonzero(due & ~covered)


def check_c2_04(ctx: Context) -> pd.DataFrame:
    """C2-04: assessments beyond the daily / 12-month limits; sales without a valid assessment."""
    ra, pol = ctx.table("risk_assessments"), ctx.table("policies")
    limits = build("C2-04", "risk_assessments", ra, _limit_rows(ctx), "assessed_on",
                   t("ch2.finding.C2-04.limit", per_day=ctx.settings.assessments_per_day,
                     per_year=ctx.settings.assessments_per_year))
    rows = _uncovered_sales(ctx)
    sales = build("C2-04", "policies", pol, rows, "sign_date",
                  t("ch2.finding.C2-04.expired", months=ctx.settings.assessment_valid_months),
                  client_ids=pol["holder_id"].iloc[rows])
    parts = [p for p in (limits, sales) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def ages_at(born: pd.Series, day: pd.Series) -> np.ndarray:
    """周岁 at ``day`` of people born ``born`` (float, NaN where unknown), vectorised with the same
    convention as :func:`ch2_profile.age_on`: a 29 February birthday falls on 28 February in a
    common year."""
    b, d = dates(born), dates(day)
    years = (d.dt.year - b.dt.year).astype("float64").to_numpy()
    bm, bd = b.dt.month.to_numpy(dtype="float64", na_value=np.nan), b.dt.day.to_numpy(dtype="float64", na_value=np.nan)
    dm, dd = d.dt.month.to_numpy(dtype="float64", na_value=np.nan), d.dt.day.to_numpy(dtype="float64", na_value=np.nan)
    leap = d.dt.is_leap_year.to_numpy(dtype=bool, na_value=False)
    bd = np.where((bm == 2) & (bd == 29) & ~leap, 28, bd)
    before = (dm < bm) | ((dm == bm) & (dd < bd))
    return years - before


def _needs_dual(ctx: Context) -> np.ndarray:
    """Per policy row: the sale needed 双录 (C2-08), vectorised like ``profile_flags``."""
    pol = ctx.table("policies")
    clients = ctx.clients
    people = clients[text(clients["client_type"]) == "individual"]
    born = pd.Series(dates(people["birth_date"]).to_numpy(), index=text(people["client_id"]).to_numpy())
    born = born[~born.index.duplicated()]
    holder_born = pd.Series(born.reindex(text(pol["holder_id"]).to_numpy()).to_numpy(), index=pol.index)
    age = ages_at(holder_born, pol["sign_date"])
    channel, ptype = text(pol["channel"]), text(pol["product_type"])
    term = pd.to_numeric(pol["term_years"].astype("object"), errors="coerce").astype("float64").to_numpy()
    bank, other = channel.isin(BANCASSURANCE).to_numpy(), channel.isin(OTHER_CHANNELS).to_numpy()
    life = ptype.isin(LIFE_PRODUCTS).to_numpy()
    long = life & ((term == 0) | (term > 1))
    person = text(pol["holder_id"]).isin(born.index).to_numpy()
    return person & ((bank & long) | (other & ((ptype == "unit_linked").to_numpy() | (long & (age >= DUAL_RECORDING_AGE)))))


def check_c2_08(ctx: Context) -> pd.DataFrame:
    """C2-08: a sale that needed 双录 without ``dual_recorded``."""
    pol = ctx.table("policies")
    done = pol["dual_recorded"].astype("object").map(lambda v: isinstance(v, (bool, np.bool_)) and bool(v)).to_numpy(dtype=bool)
    rows = np.flatnonzero(_needs_dual(ctx) & ~done)
    return build("C2-08", "policies", pol, rows, "dual_recorded", t("ch2.finding.C2-08"),
                 client_ids=pol["holder_id"].iloc[rows])


CHECKS = {"C2-02": check_c2_02, "C2-03": check_c2_03, "C2-04": check_c2_04, "C2-08": check_c2_08}
