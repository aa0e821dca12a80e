"""Policies, beneficiaries, the premium ledger and claims, consistent with clients and dates.

Order of dates: created_on ≤ sign_date < effective_date ≤ end_date; one-year products renew
yearly as new policies; premiums fall due yearly from the effective date and the status follows
them (宽限期 60 days, then 效力中止; 保险法 第36条), or a surrender / 犹豫期 cancellation; claims
occur while the policy is in force and are decided within 30 days of complete documents
(保险法 第23条). Minors are insured by a parent, holders are adults.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.generate import days, identities, vocab
from clientkit.generate.households import CHILD, HOLDER, PARENT, SPOUSE

_P = {p[0]: p for p in vocab.PRODUCTS}
_ADULT = np.array(["TL20", "WL01", "CI30", "MD01", "AC01", "AN15", "PA20", "UL20"])
_SENIOR = np.array(["WL01", "MD01", "AC01", "AN15", "PA20"])
_CHILD = np.array(["CI30", "MD01", "AC01", "AN15"])
_ELDER = np.array(["AC01", "MD01"])
_PREMIUM = {"term_life": 1500, "whole_life": 9000, "critical_illness": 5000, "medical": 400, "accident": 200,
            "annuity": 10000, "participating": 8000, "universal": 12000, "property": 6000}
GRACE_DAYS = 60


def _plans(rng, clients: pd.DataFrame, on: int) -> pd.DataFrame:
    """One row per insurance plan (a product bought by a holder for an insured)."""
    ind = clients[clients["client_type"] == "individual"]
    holders = ind[ind["member"] == HOLDER]
    h_by_fam = pd.Series(holders["client_id"].to_numpy(), index=holders["family"].to_numpy())
    m = ind["member"].to_numpy()
    take = (m == CHILD) | (m == PARENT) | ((m == SPOUSE) & (rng.random(len(ind)) < 0.6)) | (m == HOLDER)
    ins = ind[take]
    extra = holders[rng.random(len(holders)) < 0.3]
    ins = pd.concat([ins, extra])
    age = ins["age"].to_numpy()
    k = len(ins)
    code = np.select(
        [ins["member"].to_numpy() == CHILD, age >= 70, age >= 50],
        [_CHILD[rng.integers(0, 4, k)], _ELDER[rng.integers(0, 2, k)], _SENIOR[rng.integers(0, 5, k)]],
        _ADULT[rng.integers(0, 8, k)])
    relation = np.array(["self", "spouse", "child", "parent"])[ins["member"].to_numpy()]
    plans = pd.DataFrame({"holder_id": h_by_fam.loc[ins["family"]].to_numpy(), "insured_id": ins["client_id"].to_numpy(),
                          "relation": relation, "code": code, "family": ins["family"].to_numpy(),
                          "agent_id": ins["agent_id"].to_numpy(), "created": ins["created"].to_numpy(),
                          "birth": ins["birth"].to_numpy(), "member": ins["member"].to_numpy(),
                          "first": ~ins.index.duplicated(keep="first") & (ins["member"].to_numpy() == HOLDER)})
    orgs = clients[clients["client_type"] != "individual"]
    org_plans = pd.DataFrame({"holder_id": orgs["client_id"].to_numpy(), "insured_id": orgs["client_id"].to_numpy(),
                              "relation": np.where(orgs["client_type"] == "group", "employee", "self"),
                              "code": np.where(orgs["client_type"] == "group", "GM01", "PR01"), "family": orgs["family"].to_numpy(),
                              "agent_id": orgs["agent_id"].to_numpy(), "created": orgs["created"].to_numpy(),
                              "birth": days.NO_DAY, "member": HOLDER, "first": True})
    plans = pd.concat([plans, org_plans], ignore_index=True)
    n = len(plans)
    created = plans["created"].to_numpy()
    first_sign = created + rng.integers(0, 31, n)
    later = created + (rng.random(n) * (on - 20 - created)).astype(np.int64)
    fam_first = pd.Series(first_sign).where(plans["first"]).groupby(plans["family"]).transform("min")
    fam_first = fam_first.fillna(pd.Series(first_sign).groupby(plans["family"]).transform("min")).to_numpy().astype(np.int64)
    plans["sign"] = np.where(plans["first"], fam_first, np.maximum(later, fam_first))
    return plans


def _lookup(codes: np.ndarray, field: int) -> np.ndarray:
    """Field ``field`` of the :data:`vocab.PRODUCTS` row of each product code."""
    keys = np.array(sorted(_P), dtype=object)
    values = np.array([_P[k][field] for k in keys], dtype=object)
    return values[np.searchsorted(keys, codes)]


def policies(rng: np.random.Generator, clients: pd.DataFrame, on: int) -> dict[str, pd.DataFrame]:
    """The ``policies``, ``beneficiaries``, ``premiums`` and ``claims`` frames for ``clients``."""
    plans = _plans(rng, clients, on)
    code = plans["code"].to_numpy(dtype=object)
    ptype = _lookup(code, 2)
    years = _lookup(code, 4).astype(np.int64)
    one_year = years == 1
    effective0 = plans["sign"].to_numpy() + rng.integers(1, 6, len(plans))
    # one-year products renew: term k starts k years after the first effective date
    renewals = np.where(one_year, np.maximum((on - 10 - effective0) // 366, 0) + 1, 1)
    rep = np.repeat(np.arange(len(plans)), renewals)
    k = np.arange(len(rep)) - np.repeat(np.cumsum(renewals) - renewals, renewals)
    pl = plans.iloc[rep].reset_index(drop=True)
    ptype, years, one_year = ptype[rep], years[rep], one_year[rep]
    eff = days.add_months(effective0[rep], 12 * k)
    sign = np.where(k == 0, pl["sign"].to_numpy(), eff - rng.integers(1, 11, len(rep)))
    age_at = np.where(pl["birth"].to_numpy() == days.NO_DAY, 40, (sign - pl["birth"].to_numpy()) // 366)
    term = np.where(years == 0, 105 - age_at, years)
    end = days.add_months(eff, 12 * term) - 1
    n = len(pl)
    single = (ptype == "annuity") & (rng.random(n) < 0.3)
    pay_years = np.where(one_year | single, 1, np.minimum(np.where(rng.random(n) < 0.5, 10, 20), term))
    pay_mode = np.where(single, "single", "annual")
    base = pd.Series(ptype).map(_PREMIUM).to_numpy()
    premium = np.round(base * rng.uniform(0.5, 2.0, n), -1)
    sum_insured = np.round(premium * np.where(one_year, 500, 25) * rng.uniform(0.8, 1.2, n), -3)
    minor = (pl["member"].to_numpy() == CHILD)
    cap = np.where(age_at < 10, 200_000, 500_000)
    death = np.where(np.isin(ptype, ["medical", "property"]), np.nan, np.where(minor, np.minimum(sum_insured, cap), sum_insured))
    policy_id = identities.serials("P", n, 7)
    # premium ledger: first premium at signing, then yearly on the effective anniversary
    due_n = np.where(one_year, 1, np.minimum(pay_years, np.maximum((on - eff) // 366 + 1, 1)))
    prow = np.repeat(np.arange(n), due_n)
    pk = np.arange(len(prow)) - np.repeat(np.cumsum(due_n) - due_n, due_n)
    due = np.where(pk == 0, sign[prow], days.add_months(eff[prow], 12 * pk))
    keep = due <= on
    prow, pk, due = prow[keep], pk[keep], due[keep]
    paid = np.where(pk == 0, due, due - rng.integers(0, 21, len(due)))
    status = np.where(end < on, "matured", "in_force").astype(object)
    status_date = np.where(end < on, end, eff)
    last = pd.Series(np.arange(len(prow))).groupby(prow).max()
    r = rng.random(n)
    long_open = (~one_year) & (end >= on)
    last_due = np.full(n, days.NO_DAY)
    last_due[last.index.to_numpy()] = due[last.to_numpy()]
    since = on - last_due
    lapse = long_open & (r < 0.04) & (pay_years > 1) & (last_due > sign) & ((since < 45) | (since > 80))
    lapse_rows = last.loc[np.flatnonzero(lapse)].to_numpy()
    paid[lapse_rows] = days.NO_DAY
    status[lapse] = np.where(since[lapse] < 45, "grace", "suspended")
    status_date[lapse] = np.where(since[lapse] < 45, last_due[lapse], last_due[lapse] + GRACE_DAYS + 1)
    surrender = long_open & ~lapse & (r > 0.98) & (on - eff > 800)
    s_date = eff + 400 + (rng.random(n) * np.maximum(on - 20 - eff - 400, 1)).astype(np.int64)
    status[surrender], status_date[surrender] = "surrendered", s_date[surrender]
    cool = long_open & ~lapse & ~surrender & (r > 0.97) & (r <= 0.98)
    status[cool], status_date[cool] = "cancelled_cooling_off", sign[cool] + rng.integers(2, 11, n)[cool]
    drop = (surrender[prow] & (due > status_date[prow])) | (cool[prow] & (pk > 0))
    channel = np.where(pl["relation"] == "employee", "group", np.where(rng.random(n) < 0.8, "agent", np.where(rng.random(n) < 0.5, "bank", "online")))
    pol = pd.DataFrame({
        "policy_id": policy_id, "holder_id": pl["holder_id"], "insured_id": pl["insured_id"], "relation": pl["relation"],
        "insured_consent": np.where(pl["relation"].isin(["spouse", "parent"]), True, None),
        "product_code": pl["code"], "product_name": _lookup(code[rep], 1), "product_type": ptype,
        "product_risk": _lookup(code[rep], 3).astype(np.int64), "channel": channel, "agent_id": pl["agent_id"],
        "sign_date": days.to_datetime(sign), "effective_date": days.to_datetime(eff), "end_date": days.to_datetime(end),
        "term_years": term, "pay_mode": pay_mode, "pay_years": pay_years, "premium": premium, "sum_insured": sum_insured,
        "death_benefit": death, "cooling_off_days": 15, "status": status, "status_date": days.to_datetime(status_date),
        "dual_recorded": np.isin(ptype, ["participating", "universal", "annuity"]) | (channel == "bank"),
        "declaration_signed": True, "budget": np.round(premium * rng.uniform(1.0, 1.5, n), -2),
    })
    pr = pd.DataFrame({"payment_id": identities.serials("F", len(prow), 8), "policy_id": policy_id[prow],
                       "policy_year": pk + 1, "due_date": days.to_datetime(due), "amount": premium[prow],
                       "paid_date": days.to_datetime(paid)})
    pr = pr[~drop].reset_index(drop=True)
    extra = {"sign": sign, "eff": eff, "end": end, "family": pl["family"].to_numpy(), "long": ~one_year,
             "status": status, "first": pl["first"].to_numpy() & (k == 0)}
    return {"policies": pol, "premiums": pr, "beneficiaries": _beneficiaries(rng, pol, clients, extra),
            "claims": _claims(rng, pol, extra, on), "_extra": extra}


def _beneficiaries(rng, pol, clients, extra) -> pd.DataFrame:
    ind = clients[clients["client_type"] == "individual"]
    spouse = ind[ind["member"] == SPOUSE].set_index("family")["client_id"]
    holder = ind[ind["member"] == HOLDER].set_index("family")["client_id"]
    death = np.isin(pol["product_type"], ["term_life", "whole_life", "participating", "universal"])
    fam = pd.Series(extra["family"])
    rel = pol["relation"].to_numpy()
    who = np.where(rel == "self", fam.map(spouse).to_numpy(), np.where(np.isin(rel, ["spouse", "parent"]), fam.map(holder).to_numpy(), None))
    relation = np.where(rel == "self", "spouse", np.where(rel == "spouse", "spouse", "child"))
    ok = death & pd.notna(who)
    idx = np.flatnonzero(ok)
    return pd.DataFrame({"beneficiary_row": identities.serials("B", len(idx), 7), "policy_id": pol["policy_id"].to_numpy()[idx],
                         "client_id": who[idx], "relation": relation[idx], "share": 100.0, "order": 1})


def _claims(rng, pol, extra, on) -> pd.DataFrame:
    eligible = np.isin(pol["product_type"], ["medical", "accident"]) & np.isin(extra["status"], ["in_force", "matured"])
    start, stop = extra["eff"] + 30, np.minimum(extra["end"], on - 40)
    idx = np.flatnonzero(eligible & (stop > start) & (rng.random(len(pol)) < 0.06))
    n = len(idx)
    incident = start[idx] + (rng.random(n) * (stop[idx] - start[idx])).astype(np.int64)
    report = incident + rng.integers(1, 11, n)
    docs = report + rng.integers(0, 16, n)
    decided = docs + rng.integers(1, 26, n)
    kind = rng.choice(np.array(["paid", "partial", "denied"]), n, p=[0.75, 0.15, 0.1])
    kind = np.where(decided > on, "pending", kind)
    claimed = np.round(rng.uniform(1000, 50000, n), -1)
    amount = np.where(kind == "paid", claimed, np.where(kind == "partial", np.round(claimed * 0.6, -1), np.where(kind == "denied", 0.0, np.nan)))
    paid_on = decided + rng.integers(1, 10, n)
    return pd.DataFrame({
        "claim_id": identities.serials("L", n, 7), "policy_id": pol["policy_id"].to_numpy()[idx],
        "client_id": pol["insured_id"].to_numpy()[idx], "incident_date": days.to_datetime(incident),
        "report_date": days.to_datetime(report), "docs_complete_date": days.to_datetime(docs),
        "decision_date": days.to_datetime(np.where(kind == "pending", days.NO_DAY, decided)), "decision": kind,
        "cause": vocab.CLAIM_CAUSES[rng.integers(0, len(vocab.CLAIM_CAUSES), n)], "amount_claimed": claimed,
        "amount_paid": amount,
        "paid_date": days.to_datetime(np.where(np.isin(kind, ["paid", "partial"]) & (paid_on <= on), paid_on, days.NO_DAY)),
    })
