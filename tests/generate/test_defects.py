"""Planted defects are really in the data, row by row, and a clean book has none of C1-06
(catalogue: clientkit/generate/defects.py docstring; DOMAIN.md C1-06, C1-14, C1-20, C1-21)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd
import pytest

from clientkit.generate import generate_book
from clientkit.generate.defects import DUPLICATE_PHONE_CLIENTS, STALE_CONTACT_MONTHS, UPDATE_WITHIN_MONTHS

ON = date(2026, 6, 30)
TODAY = pd.Timestamp(ON)
SEPARATE = {"separate", "written_separate"}


def families(book) -> dict[str, str]:
    """client_id → a family representative: connected components of policy and guardian links."""
    parent: dict[str, str] = {c: c for c in book.clients["client_id"]}

    def root(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def join(a, b):
        if isinstance(a, str) and isinstance(b, str):
            parent[root(a)] = root(b)

    for h, i in zip(book.policies["holder_id"], book.policies["insured_id"]):
        join(h, i)
    holder_of = dict(zip(book.policies["policy_id"], book.policies["holder_id"]))
    for pid, c in zip(book.beneficiaries["policy_id"], book.beneficiaries["client_id"]):
        join(holder_of[pid], c)
    for c, g in zip(book.clients["client_id"], book.clients["guardian_id"]):
        join(c, None if pd.isna(g) else g)
    return {c: root(c) for c in parent}


def shared_phones(book) -> dict[str, set]:
    """phone → the families of the clients carrying it."""
    fam = families(book)
    out: dict[str, set] = defaultdict(set)
    for c, p in zip(book.clients["client_id"], book.clients["phone"]):
        if pd.notna(p):
            out[p].add(fam[c])
    return out


@pytest.fixture(scope="module")
def faulty():
    return generate_book(1500, seed=11, defect_rate=0.3, on=ON)


@pytest.mark.parametrize("seed", [0, 5])
def test_clean_book_has_no_shared_or_agent_phones(seed):
    book = generate_book(3000, seed=seed, on=ON)
    spread = shared_phones(book)
    assert max(len(f) for f in spread.values()) < DUPLICATE_PHONE_CLIENTS
    # families do share phones (children carry a parent's), so the check above is not vacuous
    assert (book.clients["phone"].value_counts() >= 2).any()
    agent_phone = book.agents.set_index("agent_id")["phone"]
    mine = book.clients.dropna(subset=["phone"])
    assert not (mine["phone"].to_numpy() == agent_phone.loc[mine["agent_id"]].to_numpy()).any()
    assert not set(book.clients["phone"].dropna()) & set(book.agents["phone"])


def _rows(book, rule, field=None):
    d = book.defects
    d = d[d["rule_id"] == rule]
    return d if field is None else d[d["field"] == field]


def test_c1_06_rows_share_a_phone_across_families_or_with_the_agent(faulty):
    rows = _rows(faulty, "C1-06")
    assert len(rows) and (rows["field"] == "phone").all()
    cl = faulty.clients.set_index("client_id")
    agent_phone = faulty.agents.set_index("agent_id")["phone"]
    spread = shared_phones(faulty)
    kinds = set()
    for cid in rows["client_id"]:
        phone = cl.at[cid, "phone"]
        with_agent = phone == agent_phone[cl.at[cid, "agent_id"]]
        crowded = len(spread[phone]) >= DUPLICATE_PHONE_CLIENTS
        assert with_agent or crowded, cid
        kinds.add("agent" if with_agent else "crowd")
        if crowded:  # every client carrying a crowded phone is listed
            assert set(cl.index[cl["phone"] == phone]) <= set(rows["client_id"])
    assert kinds == {"agent", "crowd"}


def test_c1_14_update_rows_have_nothing_in_the_window(faulty):
    rows = _rows(faulty, "C1-14", "updated_on")
    assert len(rows)
    cl = faulty.clients.set_index("client_id")
    first = faulty.policies.groupby("holder_id")["sign_date"].min()
    upd = faulty.updates
    for cid in rows["client_id"]:
        start = first[cid]
        end = start + pd.DateOffset(months=UPDATE_WITHIN_MONTHS)
        assert end < TODAY
        own = upd[upd["client_id"] == cid]
        dates = [cl.at[cid, "updated_on"], cl.at[cid, "verified_on"], *own["changed_on"], *own["recorded_on"]]
        assert not any(start < d <= end for d in dates if pd.notna(d)), cid


def test_c1_14_contact_rows_are_stale(faulty):
    rows = _rows(faulty, "C1-14", "last_contact_on")
    assert len(rows)
    cl = faulty.clients.set_index("client_id")
    seen = faulty.interactions.groupby("client_id")["occurred_on"].max()
    limit = TODAY - pd.DateOffset(months=STALE_CONTACT_MONTHS)
    for cid in rows["client_id"]:
        latest = max(d for d in (cl.at[cid, "last_contact_on"], seen.get(cid)) if d is not None and pd.notna(d))
        assert latest < limit, cid


def _has_consent(cons, cid, category, types):
    own = cons[(cons["client_id"] == cid) & (cons["data_category"] == category) & cons["consent_type"].isin(types)]
    own = own[(own["given_on"] <= TODAY) & ~(own["withdrawn_on"] <= TODAY).fillna(False)]
    return len(own) > 0


@pytest.mark.parametrize("field,category", [("health_notes", "health"), ("bank_account", "financial_account")])
def test_c1_20_rows_lack_separate_consent(faulty, field, category):
    rows = _rows(faulty, "C1-20", field)
    assert len(rows)
    cl = faulty.clients.set_index("client_id")
    for cid in rows["client_id"]:
        assert pd.notna(cl.at[cid, field])
        assert not _has_consent(faulty.consents, cid, category, SEPARATE), cid


def test_c1_21_rows_are_insured_children_without_guardian_consent(faulty):
    rows = _rows(faulty, "C1-21")
    assert len(rows) and (rows["field"] == "birth_date").all()
    cl = faulty.clients.set_index("client_id")
    insured = set(faulty.policies["insured_id"])
    for cid in rows["client_id"]:
        born = cl.at[cid, "birth_date"].date()
        age = ON.year - born.year - ((ON.month, ON.day) < (born.month, born.day))
        assert cid in insured and age < 14, cid
        assert not _has_consent(faulty.consents, cid, "minor_under_14", {"guardian"}), cid
