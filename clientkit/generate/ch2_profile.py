"""Chapter-2 data of a generated book: risk assessments that cover every sale under the
适当性办法, and planted chapter-2 defects (ground truth for ``clientkit.rules.ch2_checks``).

Clean data (any ``defect_rate``): every non-group policy signed from ``EFFECTIVE_FROM``
(2026-02-01, the 办法's effective date = default of the setting ``suitability_effective_from``)
up to ``on`` has an assessment of its holder made on or before the sign date and valid on it
(12 months); one is added on the sign day when the base generator left it uncovered, with the
holder's level (all of a holder's assessments share one level ≥ the risk of every product they
hold). At most 2 assessments per client fall on one day and 8 in 12 months. Every policy whose
sale needed 双录 (C2-08, 可回溯暂行办法 第6条, individual holders: any 人身保险 with a term over one
year or 终身 (``term_years`` 0) sold through a bank (兼业代理); through agent / broker a 投连
product, or a holder aged ≥ 60 at the sign date — 周岁, a 29 February birthday on 28 February in
common years — with a term over one year; never internet or group sales) has ``dual_recorded`` true.

Planted kinds (each on a holder with no other planted defect; about ``rate`` × 1% of the
clients per kind, at least one each when ``rate`` > 0), recorded in ``book.defects``:

1. ``C2-04 assessed_on`` — two more assessments (same level) later on the day of an existing
   one: the third of the day breaks the 2-per-day limit (one finding).
2. ``C2-03 product_risk`` — one non-group policy of a holder whose level is ≤ 4 gets
   ``product_risk`` = level + 1 (above the assessment valid at its sign date).
3. ``C2-02 level`` — one assessment of a holder gets level 6 (outside 1–5); that holder's
   policies are then not compared under C2-03 for that assessment.
4. ``C2-08 dual_recorded`` — one policy that needed 双录 gets ``dual_recorded`` false.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from clientkit.generate import identities
from clientkit.model.book import DEFECT_COLUMNS

EFFECTIVE_FROM = pd.Timestamp("2026-02-01")
VALID_MONTHS = 12
SHARE_PER_KIND = 0.01


def _cover_sales(rng, frames: dict, on: date) -> None:
    pol, ra = frames["policies"], frames["risk_assessments"]
    sign = pd.to_datetime(pol["sign_date"]).dt.normalize()
    due = (sign >= EFFECTIVE_FROM) & (sign <= pd.Timestamp(on)) & (pol["channel"] != "group")
    if not due.any() or not len(ra):
        return
    level = ra.groupby("client_id")["level"].max()
    left = pd.DataFrame({"who": pol.loc[due, "holder_id"].to_numpy(), "day": sign[due].to_numpy()}).drop_duplicates()
    left = left[left["who"].isin(level.index)].sort_values("day")
    right = pd.DataFrame({"who": ra["client_id"].to_numpy(), "day": pd.to_datetime(ra["assessed_on"]).dt.normalize().to_numpy()})
    right["last"] = right["day"]
    right = right.sort_values("day")
    merged = pd.merge_asof(left, right, on="day", by="who", direction="backward")
    until = merged["last"] + pd.DateOffset(months=VALID_MONTHS)
    need = merged[merged["last"].isna() | (merged["day"] > until)]
    if not len(need):
        return
    n = len(need)
    at = need["day"].to_numpy().astype("datetime64[ns]") + (rng.integers(9 * 60, 12 * 60, n) * 60 * 10**9).astype("timedelta64[ns]")
    lv = level.loc[need["who"]].to_numpy()
    agent = ra.drop_duplicates("client_id").set_index("client_id")["agent_id"]
    add = pd.DataFrame({"assessment_id": identities.serials("R", n, 7, len(ra)), "client_id": need["who"].to_numpy(),
                        "assessed_on": at, "score": lv * 20 - rng.integers(0, 15, n), "level": lv,
                        "method": "问卷", "agent_id": agent.loc[need["who"]].to_numpy()})
    frames["risk_assessments"] = pd.concat([ra, add], ignore_index=True)


# 可回溯暂行办法 第6条, as clientkit.rules.ch2_profile.needs_dual_recording (generate may not
# import rules): (一) bank = 兼业代理, any >1-year 人身保险; (二) agent / broker: 投连, or age ≥ 60 and
# a term over one year; internet and group sales never.
BANCASSURANCE = ("bank",)
OTHER_CHANNELS = ("agent", "broker")


def _needs_dual(frames: dict) -> np.ndarray:
    pol, cl = frames["policies"], frames["clients"]
    people = cl[cl["client_type"] == "individual"].drop_duplicates("client_id")
    born = pd.to_datetime(pol["holder_id"].map(people.set_index("client_id")["birth_date"]))
    sign = pd.to_datetime(pol["sign_date"])
    bd = np.where((born.dt.month == 2) & (born.dt.day == 29) & ~sign.dt.is_leap_year, 28, born.dt.day)
    before = (sign.dt.month < born.dt.month) | ((sign.dt.month == born.dt.month) & (sign.dt.day < bd))
    age = (sign.dt.year - born.dt.year - before.astype(int)).to_numpy(dtype="float64", na_value=np.nan)
    term = pol["term_years"].to_numpy(dtype="float64")
    long = (term == 0) | (term > 1)
    life = (pol["product_type"] != "property").to_numpy()
    long = life & long
    person = pol["holder_id"].isin(people["client_id"]).to_numpy()
    bank, other = pol["channel"].isin(BANCASSURANCE).to_numpy(), pol["channel"].isin(OTHER_CHANNELS).to_numpy()
    linked = (pol["product_type"] == "unit_linked").to_numpy()
    return person & ((bank & long) | (other & (linked | (long & (age >= 60)))))


def _plant(rng, frames: dict, rate: float, taken: set) -> list[tuple[str, str, str]]:
    ra, pol = frames["risk_assessments"], frames["policies"]
    if rate <= 0 or not len(ra):
        return []
    k = max(1, int(round(rate * len(frames["clients"]) * SHARE_PER_KIND)))
    individuals = set(frames["clients"].loc[frames["clients"]["client_type"] == "individual", "client_id"])
    level = ra.groupby("client_id")["level"].max()
    holders = [c for c in rng.permutation(np.array(sorted(set(pol["holder_id"]) & set(level.index))))
               if c not in taken and c in individuals]
    rows: list[tuple[str, str, str]] = []
    extra, risk_rows, level_rows = [], [], []
    group = pol["channel"].to_numpy() == "group"
    need_dual = _needs_dual(frames)
    dual_rows = []
    # positions per client, computed once (a comparison over the whole table per planted client
    # made 100,000 clients take a minute)
    ra_rows = ra.groupby("client_id", sort=False).indices
    pol_rows = pol.groupby("holder_id", sort=False).indices
    for kind in ("C2-04", "C2-03", "C2-02", "C2-08"):
        done = 0
        while holders and done < k:
            who = holders.pop()
            mine = ra_rows[who]
            if kind == "C2-04":
                base = ra.iloc[mine[0]]
                day = pd.Timestamp(base["assessed_on"]).normalize()
                for j in (1, 2):
                    extra.append({**base.to_dict(), "assessment_id": str(identities.serials("R", 1, 7, len(ra) + len(extra))[0]),
                                  "assessed_on": day + pd.Timedelta(hours=18, minutes=10 * j)})
                rows.append(("C2-04", who, "assessed_on"))
            elif kind == "C2-03":
                lv = int(level.loc[who])
                own = pol_rows.get(who, np.array([], dtype=np.int64))
                cand = own[~group[own]]
                if lv >= 5 or not len(cand):
                    continue
                risk_rows.append((int(cand[rng.integers(0, len(cand))]), lv + 1))
                rows.append(("C2-03", who, "product_risk"))
            elif kind == "C2-02":
                level_rows.append(int(mine[rng.integers(0, len(mine))]))
                rows.append(("C2-02", who, "level"))
            else:
                own = pol_rows.get(who, np.array([], dtype=np.int64))
                cand = own[need_dual[own]]
                if not len(cand):
                    continue
                dual_rows.append(int(cand[rng.integers(0, len(cand))]))
                rows.append(("C2-08", who, "dual_recorded"))
            taken.add(who)
            done += 1
    if level_rows:
        ra.loc[ra.index[level_rows], "level"] = 6
    if dual_rows:
        pol.loc[pol.index[dual_rows], "dual_recorded"] = False
    if risk_rows:
        at, values = zip(*risk_rows)
        pol.loc[pol.index[list(at)], "product_risk"] = list(values)
    if extra:
        frames["risk_assessments"] = pd.concat([ra, pd.DataFrame(extra)], ignore_index=True)
    return rows


def apply(rng: np.random.Generator, frames: dict, on: date, rate: float, planted: pd.DataFrame) -> pd.DataFrame:
    """Cover sales with assessments, plant the chapter-2 kinds; return ``planted`` + new rows."""
    _cover_sales(rng, frames, on)
    pol = frames["policies"]
    pol.loc[_needs_dual(frames), "dual_recorded"] = True
    rows = _plant(rng, frames, rate, set(planted["client_id"].dropna()))
    if not rows:
        return planted
    new = pd.DataFrame(rows, columns=DEFECT_COLUMNS).astype("string")
    return pd.concat([planted, new], ignore_index=True)

