"""``generate_book``: a whole synthetic client book, seeded, with planted defects as ground truth.

DESIGN.md "Generator": the same ``seed`` and ``on`` give the same Book on the same package
versions, whatever today's date (nothing reads the clock); ``book.defects`` lists every planted
defect (catalogue in :mod:`clientkit.generate.defects`).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from clientkit.generate import activity, ch2_profile, days, defects, households, policies, typed
from clientkit.generate import ch5_usage
from clientkit.generate import ch7_documents
from clientkit.generate import ch3_relationship
from clientkit.generate import ch4_declarations
from clientkit.model.book import Book

DEFAULT_ON = date(2026, 6, 30)
_HELPERS = ["family", "member", "age", "birth", "created"]


def generate_book(n_clients: int, seed: int = 0, defect_rate: float = 0.0, on: date | None = None) -> Book:
    """A synthetic book of ``n_clients`` clients (individuals in families, enterprises, groups).

    Args:
        n_clients: rows of the ``clients`` table (≥ 1).
        seed: seed of ``np.random.default_rng``; same seed and ``on`` → identical frames.
        defect_rate: share of clients given one planted defect (0 → a clean book).
        on: reference date ("today" of the book); None means the fixed ``DEFAULT_ON`` 2026-06-30.
    Returns:
        A :class:`~clientkit.model.book.Book` with ``defects`` filled and ``meta`` recording the
        arguments.
    Raises:
        ValueError: for ``n_clients < 1`` or ``defect_rate`` outside [0, 1].
    """
    if n_clients < 1 or not 0.0 <= defect_rate <= 1.0:
        raise ValueError("n_clients must be ≥ 1 and defect_rate in [0, 1]")
    on = DEFAULT_ON if on is None else on
    today = days.day(on)
    rng = np.random.default_rng(seed)
    n_org = int(round(n_clients * 0.08)) if n_clients >= 13 else 0
    n_grp = n_org * 3 // 8
    m = n_clients - n_org
    agent_frame = activity.agents(rng, max(2, -(-n_clients // 150)), today, set())
    active = agent_frame.loc[agent_frame["status"] == "active", "agent_id"].to_numpy()
    people = households.individuals(rng, m, today, active)
    orgs = households.organisations(rng, n_org - n_grp, n_grp, today, active, m, int(people["family"].max()) + 1)
    clients = pd.concat([people, orgs], ignore_index=True)
    taken = set(clients["phone"].dropna())
    agent_frame["phone"] = activity.identities.unique_mobiles(rng, len(agent_frame), taken)
    taken |= set(agent_frame["phone"])

    out = policies.policies(rng, clients, today)
    pol, extra = out["policies"], out.pop("_extra")
    sign = pd.Series(extra["sign"])
    first_sign = sign.groupby(pol["holder_id"].to_numpy()).min()
    max_risk = pol["product_risk"].groupby(pol["holder_id"]).max()
    holders = clients[typed.isin(clients["client_id"], first_sign.index)]
    inter = activity.interactions(rng, holders, pol, extra, today)
    last = inter.groupby("client_id")["occurred_on"].max()
    fam_last = holders.set_index("family")["client_id"].map(last)
    clients["last_contact_on"] = clients["family"].map(fam_last).to_numpy()
    upd = activity.updates(rng, holders, first_sign, today)
    rec = pd.Series(upd["recorded_on"].to_numpy()).groupby(upd["client_id"].to_numpy()).max()
    clients["updated_on"] = days.to_datetime(clients["client_id"].map(rec).fillna(pd.Series(clients["created"])).astype(np.int64).to_numpy())
    risk = activity.risk_assessments(rng, holders, max_risk, first_sign, today)
    verified = risk.groupby("client_id")["assessed_on"].max().dt.normalize()
    clients["verified_on"] = clients["client_id"].map(verified).where(rng.random(len(clients)) < 0.5)
    upd["changed_on"], upd["recorded_on"] = days.to_datetime(upd["changed_on"].to_numpy()), days.to_datetime(upd["recorded_on"].to_numpy())
    frames = {
        "clients": clients, "agents": agent_frame, "contacts": activity.contacts(rng, orgs, taken),
        "interactions": inter, "consents": activity.consents(rng, clients, today), "risk_assessments": risk,
        "updates": upd, **out,
    }
    context = {"first_sign": first_sign, "last_sign": sign.groupby(pol["holder_id"].to_numpy()).max(), "on": today}
    planted = defects.plant(rng, frames, context, defect_rate)
    planted = ch5_usage.add(seed, frames, today, defect_rate, planted)
    planted = ch2_profile.apply(np.random.default_rng([seed, 2]), frames, on, defect_rate, planted)
    planted = ch7_documents.add(frames, planted, seed, defect_rate)
    planted = ch3_relationship.add(seed, frames, on, defect_rate, planted)
    planted = ch4_declarations.add(seed, frames, defect_rate, planted)
    frames["clients"] = frames["clients"].drop(columns=_HELPERS)
    tables = {name: typed.table(name, df) for name, df in frames.items()}
    meta = {"generator": "clientkit.generate", "n_clients": n_clients, "seed": seed, "defect_rate": defect_rate,
            "on": on.isoformat()}
    return Book(tables, defects=planted, meta=meta)
