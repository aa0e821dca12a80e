"""Agents, enterprise contacts, interactions, consents, risk assessments and updates.

Every holder has an update within 6 months after the first purchase and every client a contact
within the last 12 months (DOMAIN.md C1-14); sensitive fields come with 单独同意 and children
under 14 with a guardian's consent given by the parent who holds the policy (C1-20, C1-21,
PIPL 第28–31条); risk assessments are at most 12 months old and at least the products' risk
level (C2-04).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.generate import days, identities, vocab
from clientkit.generate.households import HOLDER


def agents(rng: np.random.Generator, n: int, on: int, taken: set) -> pd.DataFrame:
    """``n`` active agents plus one who left (no clients)."""
    k = n + 1
    joined = on - rng.integers(int(6.5 * 365), 15 * 365, k)
    status = np.where(np.arange(k) < n, "active", "departed")
    return pd.DataFrame({
        "agent_id": identities.serials("A", k, 4), "name": vocab.names(rng, rng.random(k) < 0.5),
        "team": vocab.TEAMS[rng.integers(0, len(vocab.TEAMS), k)], "phone": identities.unique_mobiles(rng, k, taken),
        "status": status, "joined_on": days.to_datetime(joined),
        "departed_on": days.to_datetime(np.where(status == "departed", on - rng.integers(60, 400, k), days.NO_DAY)),
        "grade": rng.integers(1, 5, k), "training_hours": np.round(rng.uniform(20, 80, k), 1),
    })


def contacts(rng: np.random.Generator, orgs: pd.DataFrame, taken: set) -> pd.DataFrame:
    """One or two contact persons per enterprise or group client."""
    per = rng.integers(1, 3, len(orgs))
    owner = np.repeat(orgs["client_id"].to_numpy(), per)
    n = len(owner)
    return pd.DataFrame({"contact_id": identities.serials("K", n, 6), "client_id": owner,
                         "name": vocab.names(rng, rng.random(n) < 0.5),
                         "role": vocab.CONTACT_ROLES[rng.integers(0, len(vocab.CONTACT_ROLES), n)],
                         "phone": identities.unique_mobiles(rng, n, taken), "id_number": None})


def _rows(client, day, kind, agent, policy=None):
    return pd.DataFrame({"client_id": client, "occurred_on": day, "kind": kind, "agent_id": agent, "policy_id": policy})


def interactions(rng, holders: pd.DataFrame, pol: pd.DataFrame, extra: dict, on: int) -> pd.DataFrame:
    """Return visits within the 犹豫期, contacts (one in the last 11 months), surveys, feedback, complaints."""
    h = len(holders)
    cid, agent, created = holders["client_id"].to_numpy(), holders["agent_id"].to_numpy(), holders["created"].to_numpy()
    parts = []
    visit = extra["long"] & (extra["sign"] + 12 <= on) & ~np.isin(pol["relation"], ["employee"])
    parts.append(_rows(pol["holder_id"].to_numpy()[visit], extra["sign"][visit] + rng.integers(3, 12, visit.sum()),
                       "return_visit", pol["agent_id"].to_numpy()[visit], pol["policy_id"].to_numpy()[visit]))
    parts.append(_rows(cid, on - rng.integers(5, 330, h), "contact", agent))
    extra_n = rng.poisson(1.5, h)
    rep = np.repeat(np.arange(h), extra_n)
    parts.append(_rows(cid[rep], created[rep] + (rng.random(len(rep)) * (on - created[rep])).astype(np.int64), "contact", agent[rep]))
    for kind, share in (("survey", 0.3), ("feedback", 0.1), ("complaint", 0.03)):
        pick = np.flatnonzero(rng.random(h) < share)
        parts.append(_rows(cid[pick], created[pick] + (rng.random(len(pick)) * (on - created[pick])).astype(np.int64), kind, agent[pick]))
    df = pd.concat(parts, ignore_index=True)
    n = len(df)
    kind = df["kind"].to_numpy()
    df["channel"] = np.where(kind == "return_visit", "phone", np.array(["phone", "face", "online", "app"])[rng.integers(0, 4, n)])
    df["success"] = np.where(kind == "return_visit", True, None)
    df["items_confirmed"] = np.where(kind == "return_visit", vocab.RETURN_VISIT_ITEMS, None)
    df["complaint_level"] = np.where(kind == "complaint", "simple", None)
    decided = df["occurred_on"].to_numpy() + rng.integers(1, 15, n)
    df["decided_on"] = days.to_datetime(np.where((kind == "complaint") & (decided <= on), decided, days.NO_DAY))
    df["nps_score"] = np.where(kind == "survey", rng.integers(0, 11, n), -1)
    df["nps_score"] = df["nps_score"].astype("Int64").where(df["nps_score"] >= 0)
    df["note"] = pd.Series(kind).map(vocab.NOTES)
    df = df.sort_values(["client_id", "occurred_on"], kind="stable").reset_index(drop=True)
    df["occurred_on"] = days.to_datetime(df["occurred_on"].to_numpy())
    df.insert(0, "interaction_id", identities.serials("I", len(df), 7))
    return df


def consents(rng, clients: pd.DataFrame, on: int) -> pd.DataFrame:
    """Basic (contract), contact (general), health / account (单独同意) and guardian consents."""
    cid, created = clients["client_id"].to_numpy(), clients["created"].to_numpy()
    minor = (clients["client_type"].to_numpy() == "individual") & (clients["age"].to_numpy() < 18)
    by = np.where(minor, clients["guardian_id"].to_numpy(), cid)
    parts = [pd.DataFrame({"client_id": cid, "data_category": "basic", "consent_type": "contract_necessary", "purpose": "订立、履行保险合同",
                           "given_on": created, "given_by": by, "written": True})]
    holder = clients["member"].to_numpy() == HOLDER
    parts.append(pd.DataFrame({"client_id": cid[holder], "data_category": "contact", "consent_type": "general",
                               "purpose": "保单服务与回访联系", "given_on": created[holder], "given_by": cid[holder], "written": True}))
    for col, cat, purpose in (("health_notes", "health", "核保与理赔"), ("bank_account", "financial_account", "续期保费划扣")):
        has = clients[col].notna().to_numpy()
        written = rng.random(has.sum()) < 0.5
        parts.append(pd.DataFrame({"client_id": cid[has], "data_category": cat,
                                   "consent_type": np.where(written, "written_separate", "separate"), "purpose": purpose,
                                   "given_on": created[has], "given_by": cid[has], "written": written}))
    parts.append(pd.DataFrame({"client_id": cid[minor], "data_category": "minor_under_14", "consent_type": "guardian",
                               "purpose": "未成年人投保与理赔", "given_on": created[minor], "given_by": by[minor], "written": True}))
    df = pd.concat(parts, ignore_index=True).sort_values("client_id", kind="stable").reset_index(drop=True)
    df["given_on"] = days.to_datetime(df["given_on"].to_numpy())
    df["withdrawn_on"] = pd.NaT
    df.insert(0, "consent_id", identities.serials("S", len(df), 7))
    return df


def risk_assessments(rng, holders: pd.DataFrame, max_risk: pd.Series, first_sign: pd.Series, on: int) -> pd.DataFrame:
    """An assessment before the first purchase and one in the last 11 months, level ≥ product risk."""
    cid = holders["client_id"].to_numpy()
    first = first_sign.loc[cid].to_numpy()
    level = np.minimum(max_risk.loc[cid].to_numpy() + rng.integers(0, 3, len(cid)), 5)
    recent = on - rng.integers(10, 330, len(cid))
    two = recent > first + 30
    when = np.concatenate([first - rng.integers(0, 3, len(cid)), recent[two]])
    who = np.concatenate([cid, cid[two]])
    lv = np.concatenate([level, level[two]])
    n = len(who)
    at = when.astype("datetime64[D]").astype("datetime64[ns]") + (rng.integers(9 * 60, 18 * 60, n) * 60 * 10**9).astype("timedelta64[ns]")
    return pd.DataFrame({"assessment_id": identities.serials("R", n, 7), "client_id": who, "assessed_on": at,
                         "score": lv * 20 - rng.integers(0, 15, n), "level": lv, "method": "问卷",
                         "agent_id": holders.set_index("client_id").loc[who, "agent_id"].to_numpy()})


def updates(rng, holders: pd.DataFrame, first_sign: pd.Series, on: int) -> pd.DataFrame:
    """An update 20–160 days after the first purchase (when that day has passed), some later ones."""
    cid = holders["client_id"].to_numpy()
    first = first_sign.loc[cid].to_numpy()
    changed = first + rng.integers(20, 161, len(cid))
    later = first + 200 + (rng.random(len(cid)) * np.maximum(on - first - 200, 0)).astype(np.int64)
    has_later = (later < on) & (rng.random(len(cid)) < 0.3)
    ok = changed + 5 <= on
    who = np.concatenate([cid[ok], cid[has_later]])
    when = np.concatenate([changed[ok], later[has_later]])
    n = len(who)
    fields = np.array(["phone", "address", "occupation", "employer", "annual_income"])
    df = pd.DataFrame({"update_id": identities.serials("U", n, 7), "client_id": who, "field": fields[rng.integers(0, 5, n)],
                       "changed_on": when, "recorded_on": when + rng.integers(0, 6, n)})
    return df
