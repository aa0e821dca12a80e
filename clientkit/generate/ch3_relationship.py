"""Planted chapter-3 defects of a generated book (回访, complaints, NPS answers; C3-05, C3-15, C3-22).

``add(seed, frames, on, defect_rate, planted)`` changes a few ``interactions`` rows and returns
``planted`` with the chapter-3 rows appended. It draws from its own generator
``np.random.default_rng([seed, 3])``, so every other table is the same as without it; with
``defect_rate == 0`` nothing changes. The clean generator already satisfies the chapter-3 checks:
every long-term individual policy has a successful 回访 confirming the 7 items within its
犹豫期, simple complaints are decided within 14 days, NPS answers are 0–10, and the departed agent
has no clients (so no C3-12 notice is due).

Churn signals (C3-29, not defects; also in a clean book): about ``SIGNAL_SHARE`` of the
holders with an open policy and no planted defect get one ``contact`` in the 60 days before
``on`` — an enquiry about 退保/现金价值, about 保单贷款/减额交清, or a failed call (号码失效) —
so that the 流失预警 view has every kind of reason to show. Their ids are ``IC3…``.

Planted defects (one per chosen client, on holders without another planted defect; for each kind
about ``defect_rate × 3 %`` of the eligible clients, at least one when any is eligible and the
rate is positive), ``rule_id``/``field`` as in ``book.defects``:

1. ``C3-05 sign_date`` — the 回访 of a policy signed ≥ 40 days before ``on`` is removed (the
   finding is on the policy, client = holder);
2. ``C3-05 items_confirmed`` — one required item is removed from such a 回访 (never item 7 on a
   single-premium policy, where it is not required);
3. ``C3-15 decided_on`` — a complaint received ≥ 40 days before ``on`` is decided 30 days after
   receipt at level simple (15 days; even a deadline moved by the longest holiday is earlier);
4. ``C3-22 nps_score`` — a survey answer set to 11.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

KINDS = (("C3-05", "sign_date"), ("C3-05", "items_confirmed"), ("C3-15", "decided_on"), ("C3-22", "nps_score"))
SHARE = 0.03
SIGNAL_SHARE = 0.04
SIGNAL_NOTES = (("客户来电咨询退保可领取的现金价值", True), ("客户询问保单贷款和减额交清的办理条件", True),
                ("联系电话为空号，短信无法送达", False))


def _take(rng, ids: np.ndarray, taken: set, rate: float) -> list:
    free = [c for c in dict.fromkeys(ids) if c not in taken]
    if not free:
        return []
    k = min(len(free), max(1, int(round(len(free) * rate * SHARE))))
    return [free[i] for i in sorted(rng.choice(len(free), size=k, replace=False))]


def _signals(rng, frames: dict, on: pd.Timestamp, taken: set) -> pd.DataFrame:
    """``interactions`` with the churn-signal contacts appended (see the module docstring)."""
    inter, pol = frames["interactions"], frames["policies"]
    open_ = pol["status"].astype(str).isin(["in_force", "grace", "suspended"]).to_numpy()
    holders = [c for c in dict.fromkeys(pol["holder_id"].astype(str).to_numpy()[open_]) if c not in taken]
    k = int(round(len(holders) * SIGNAL_SHARE))
    if not k:
        return inter
    who = [holders[i] for i in sorted(rng.choice(len(holders), size=k, replace=False))]
    pick = rng.integers(0, len(SIGNAL_NOTES), k)
    agent = frames["clients"].set_index("client_id")["agent_id"]
    rows = pd.DataFrame({
        "interaction_id": [f"IC3{i:05d}" for i in range(1, k + 1)], "client_id": who, "policy_id": None,
        "kind": "contact", "channel": "phone",
        "occurred_on": on.normalize() - pd.to_timedelta(rng.integers(1, 60, k), unit="D"),
        "agent_id": [agent.get(c) for c in who], "success": [SIGNAL_NOTES[j][1] for j in pick],
        "note": [SIGNAL_NOTES[j][0] for j in pick],
    })
    rows["occurred_on"] = rows["occurred_on"].astype(inter["occurred_on"].dtype)
    return pd.concat([inter, rows], ignore_index=True)


def add(seed: int, frames: dict, on, defect_rate: float, planted: pd.DataFrame) -> pd.DataFrame:
    """Plant the chapter-3 defects in ``frames["interactions"]``; return ``planted`` extended."""
    on = pd.Timestamp(on)
    frames["interactions"] = _signals(np.random.default_rng([seed, 33]), frames, on, set(planted["client_id"].astype(str)))
    if defect_rate <= 0:
        return planted
    rng = np.random.default_rng([seed, 3])
    inter = frames["interactions"].copy()
    pol = frames["policies"].set_index("policy_id")
    taken = set(planted["client_id"].astype(str))
    rows = []
    kind = inter["kind"].astype(str).to_numpy()

    visits = np.flatnonzero(kind == "return_visit")
    sign = pd.to_datetime(inter["policy_id"].iloc[visits].map(pol["sign_date"])).to_numpy()
    old = visits[sign <= (on - pd.Timedelta(days=40)).to_datetime64()]
    drop_ids = []
    for field in ("sign_date", "items_confirmed"):
        chosen = _take(rng, inter["client_id"].iloc[old].astype(str).to_numpy(), taken, defect_rate)
        for cid in chosen:
            pos = old[inter["client_id"].iloc[old].astype(str).to_numpy() == cid][0]
            if field == "sign_date":
                drop_ids.append(inter.at[pos, "interaction_id"])
            else:
                items = str(inter.at[pos, "items_confirmed"]).split(";")
                single = pol.at[inter.at[pos, "policy_id"], "pay_mode"] == "single"
                k = int(rng.integers(0, 6 if single else 7))
                inter.at[pos, "items_confirmed"] = ";".join(items[:k] + items[k + 1:])
            taken.add(cid)
            rows.append(("C3-05", cid, field))

    received = pd.to_datetime(inter["occurred_on"])
    complaints = np.flatnonzero((kind == "complaint") & (received <= on - pd.Timedelta(days=40)).to_numpy())
    for cid in _take(rng, inter["client_id"].iloc[complaints].astype(str).to_numpy(), taken, defect_rate):
        pos = complaints[inter["client_id"].iloc[complaints].astype(str).to_numpy() == cid][0]
        inter.at[pos, "complaint_level"] = "simple"
        inter.at[pos, "decided_on"] = received.iloc[pos] + pd.Timedelta(days=30)
        taken.add(cid)
        rows.append(("C3-15", cid, "decided_on"))

    surveys = np.flatnonzero(kind == "survey")
    for cid in _take(rng, inter["client_id"].iloc[surveys].astype(str).to_numpy(), taken, defect_rate):
        pos = surveys[inter["client_id"].iloc[surveys].astype(str).to_numpy() == cid][0]
        inter.at[pos, "nps_score"] = 11
        taken.add(cid)
        rows.append(("C3-22", cid, "nps_score"))

    if drop_ids:
        inter = inter[~inter["interaction_id"].isin(drop_ids)].reset_index(drop=True)
    frames["interactions"] = inter
    if not rows:
        return planted
    extra = pd.DataFrame(rows, columns=["rule_id", "client_id", "field"])
    for col in planted.columns:
        if col not in extra:
            extra[col] = None
    return pd.concat([planted, extra[planted.columns].astype(planted.dtypes.to_dict())], ignore_index=True)
