"""Audit rate of clientkit.rules.audit on 1,000,000 client rows vs a per-row Python loop doing
the same chapter-1 checks (prints numbers; not a test).

The big book is a generated 100,000-client book tiled 10 times (ids suffixed per copy so the
copies stay unrelated). The loop is timed on a generated 50,000-client book and extrapolated.
"""
from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict

import pandas as pd

from clientkit.generate import generate_book
from clientkit.model.book import Book
from clientkit.model.schema import CLIENTS, ROLE_REQUIRED
from clientkit.model.validators import check_id_number, check_uscc, phone_kind
from clientkit.rules.audit import audit
from clientkit.rules.settings import Settings

ID_COLUMNS = {"client_id", "holder_id", "insured_id", "guardian_id", "policy_id", "beneficiary_row", "claim_id",
              "assessment_id", "interaction_id", "consent_id", "access_id", "event_id", "document_id",
              "payment_id", "update_id", "contact_id", "given_by"}


def tiled(book: Book, copies: int) -> Book:
    tables = {}
    for name, df in book.tables.items():
        if name == "agents" or not len(df):
            tables[name] = df
            continue
        parts = []
        for k in range(copies):
            part = df.copy()
            for col in ID_COLUMNS & set(df.columns):
                part[col] = part[col] + f"-{k}"
            if k and name in ("clients", "contacts"):  # keep copies' phones distinct: 4th character := copy number
                part["phone"] = part["phone"].str.slice(0, 3) + str(k) + part["phone"].str.slice(4)
            parts.append(part)
        tables[name] = pd.concat(parts, ignore_index=True)
    return Book(tables, meta=dict(book.meta))


def loop_audit(book: Book, on, settings: Settings) -> int:
    """The same chapter-1 checks, one client at a time (plain Python over dict rows)."""
    on = pd.Timestamp(on)
    months = pd.DateOffset(months=settings.update_within_months)
    stale = pd.DateOffset(months=settings.recheck_after_months)
    roles, first_sign, last_touch, consents = defaultdict(set), {}, {}, defaultdict(set)
    parent = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a, b):
        if isinstance(a, str) and isinstance(b, str):
            parent[root(a)] = root(b)

    policy_people = {}
    for p in book.policies.to_dict("records"):
        roles[p["holder_id"]].add("holder")
        roles[p["insured_id"]].add("insured")
        join(p["holder_id"], p["insured_id"])
        policy_people[p["policy_id"]] = p["holder_id"]
        if p["holder_id"] not in first_sign or p["sign_date"] < first_sign[p["holder_id"]]:
            first_sign[p["holder_id"]] = p["sign_date"]
    for b in book.beneficiaries.to_dict("records"):
        roles[b["client_id"]].add("beneficiary")
        join(b["client_id"], policy_people.get(b["policy_id"]))
    for i in book.interactions.to_dict("records"):
        if i["client_id"] not in last_touch or i["occurred_on"] > last_touch[i["client_id"]]:
            last_touch[i["client_id"]] = i["occurred_on"]
    for k in book.consents.to_dict("records"):
        if (pd.isna(k["given_on"]) or k["given_on"] <= on) and (pd.isna(k["withdrawn_on"]) or k["withdrawn_on"] > on):
            consents[k["client_id"]].add((k["data_category"], k["consent_type"]))
    updates = defaultdict(list)
    for u in book.updates.to_dict("records"):
        updates[u["client_id"]] += [u["changed_on"], u["recorded_on"]]
    agent_phone = dict(zip(book.agents["agent_id"], book.agents["phone"]))
    rows = book.clients.to_dict("records")
    for r in rows:
        join(r["client_id"], r["guardian_id"] if isinstance(r["guardian_id"], str) else None)
    phone_families = defaultdict(set)
    findings = 0
    for r in rows:
        empty = lambda f: r[f] is None or pd.isna(r[f]) or (isinstance(r[f], str) and not r[f].strip())  # noqa: E731
        kind = r["client_type"]
        if kind == "individual" and r["id_type"] == "id_card" and isinstance(r["id_number"], str):
            s = r["id_number"]
            if len(s) == 15 and s.isdigit():
                findings += 1
            elif check_id_number(s):
                findings += 1
            else:
                born = pd.Timestamp(s[6:14])
                findings += (not empty("birth_date") and r["birth_date"] != born)
                findings += (not empty("gender") and r["gender"] != ("male" if int(s[16]) % 2 else "female"))
        if kind in ("enterprise", "group") and isinstance(r["uscc"], str) and check_uscc(r["uscc"]):
            findings += 1
        if not empty("phone") and phone_kind(r["phone"]) is None:
            findings += 1
        missing_role = set()
        if kind == "individual":
            for role in roles.get(r["client_id"], ()):
                missing_role |= {f for f in ROLE_REQUIRED[role] if empty(f)}
        findings += len(missing_role)
        findings += sum(1 for c in CLIENTS.columns if kind in c.required and c.name not in missing_role and empty(c.name))
        start = first_sign.get(r["client_id"])
        if start is not None and start + months < on:
            seen = [r["updated_on"], r["verified_on"]] + updates.get(r["client_id"], [])
            findings += not any(not pd.isna(d) and start < d <= start + months for d in seen)
        touch = [d for d in (r["last_contact_on"], last_touch.get(r["client_id"])) if not pd.isna(d)]
        latest = max(touch) if touch else r["created_on"]
        findings += (not pd.isna(latest) and latest + stale < on)
        have = consents.get(r["client_id"], set())
        for field, cat in (("health_notes", "health"), ("bank_account", "financial_account")):
            findings += (not empty(field) and not ({(cat, "separate"), (cat, "written_separate")} & have))
        if kind == "individual" and not empty("birth_date") and r["birth_date"] <= on < r["birth_date"] + pd.DateOffset(years=14):
            findings += ("minor_under_14", "guardian") not in have
        if not empty("phone"):
            findings += r["phone"] == agent_phone.get(r["agent_id"])
            if phone_kind(r["phone"]):
                phone_families[r["phone"]].add(root(r["client_id"]))
    counts = defaultdict(int)
    for r in rows:
        if isinstance(r["phone"], str):
            counts[r["phone"]] += 1
    findings += sum(counts[p] for p, fams in phone_families.items() if len(fams) >= settings.duplicate_phone_threshold)
    return findings


def main(big: int = 1_000_000, base: int = 100_000, loop_rows: int = 50_000) -> None:
    settings = Settings({})
    t = time.perf_counter()
    book = tiled(generate_book(base, seed=1, defect_rate=0.1), big // base)
    print(f"book: {len(book.clients):,} clients, {sum(len(d) for d in book.tables.values()):,} rows in all tables "
          f"(built in {time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    found = audit(book, settings=settings)
    dt = time.perf_counter() - t
    print(f"audit(): {len(found):,} findings on {len(book.clients):,} clients in {dt:.1f} s = {len(book.clients) / dt:,.0f} clients/s; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.1f} GiB")
    print("findings per rule:", found["rule_id"].value_counts().sort_index().to_dict())
    del book, found
    small = generate_book(loop_rows, seed=2, defect_rate=0.1)
    t = time.perf_counter()
    n_loop = loop_audit(small, small.meta["on"], settings)
    lt = time.perf_counter() - t
    t = time.perf_counter()
    n_vec = len(audit(small, settings=settings))
    vt = time.perf_counter() - t
    rate = loop_rows / lt
    print(f"per-row loop: {loop_rows:,} clients in {lt:.1f} s = {rate:,.0f} clients/s ({n_loop:,} findings; audit() on the "
          f"same book: {n_vec:,} findings in {vt:.1f} s); {big:,} clients would take ~{big / rate:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--loop", type=int, default=50_000)
    args = parser.parse_args()
    main(big=args.clients, loop_rows=args.loop, base=min(100_000, args.clients))
