"""The planted-defect catalogue of the generator: what ``book.defects`` rows mean.

``generate_book(..., defect_rate=r)`` plants at most ONE defect per client in roughly ``r`` of the
clients and records each in ``book.defects`` (string columns ``rule_id``, ``client_id``,
``field``). The chapter-1 rules (``clientkit.rules``) and ``audit(book, on=on)`` must find exactly
these rows on a generated book — nothing more, nothing less. Every other value is valid, and each
defect is "clean": it triggers no other finding of this list. A defect-free generated book
(``defect_rate=0``) gives zero findings for all of them.

Conventions the rules can rely on (all apply to ``clients`` rows unless said otherwise):

* ``on`` is the reference date passed to ``generate_book`` (default 2026-06-30); months are added
  with 民法典 第201–202条 arithmetic (same day of month, else last day of month). The generator keeps
  a margin of ≥ 20 days from every threshold, so boundary conventions (< vs ≤) do not matter.
* Missing values (NA / empty) never count as invalid, inconsistent or duplicated; only C1-03 /
  C1-13 report emptiness. Cross-checks (ID ↔ birth date ↔ gender) run only when both sides are
  present and the ID is a valid 18-character number with ``id_type == "id_card"``.
* Every individual has ``id_type == "id_card"``. "Holder" = a client that is ``holder_id`` of ≥ 1
  policy. "Related" clients = connected through any policy (holder, insured, beneficiaries of the
  same policy) or through ``guardian_id``; a "family" is a connected component of that graph.

Catalogue (rule id, field → exact meaning):

1. ``C1-08 id_number`` — an individual with ``id_type "id_card"`` whose ``id_number`` fails
   ``validators.check_id_number`` (wrong check character, impossible date such as month 13 or
   Feb 30, a lowercase ``x`` or another letter, or length 17 / 19), and is NOT a 15-digit all-digit
   number (that is C1-09). No cross-check findings follow from an invalid ID.
2. ``C1-08 birth_date`` — the ID is valid but ``birth_date`` differs from the ID's date (positions
   7–14). Planted only on adults aged 25–60, shifted by 3–60 days (same age band, plausible).
3. ``C1-08 gender`` — the ID is valid but ``gender`` differs from the 17th digit (odd = male).
4. ``C1-09 id_number`` — an old 15-digit ID (GB 11643-1989: 6-digit region + YYMMDD + 3-digit
   sequence, no check digit) of an individual born 1950–1999; its date and 15th-digit gender agree
   with ``birth_date``/``gender``. Report it as C1-09 (upgrade needed), never as C1-08.
5. ``C1-10 uscc`` — an enterprise/group ``uscc`` failing ``validators.check_uscc`` (checksum,
   a forbidden letter I/O/Z/S/V, or length 17/19).
6. ``C1-11 phone`` — a non-empty ``clients.phone`` that is neither mobile nor landline
   (``validators.phone_kind`` is None) and consists of digits starting with ``1`` (10 or 12
   digits, or second digit 0–2 such as ``12xxxxxxxxx``). ``C1-12 phone`` — any other non-empty
   ``clients.phone`` with ``phone_kind`` None (landline-like: ``0755-123``, ``755-12345678``,
   ``020-12345``).
7. ``C1-03 <field>`` — an individual HOLDER with an empty field of ``schema.ROLE_REQUIRED["holder"]``
   (name, gender, birth_date, id_type, id_number, phone, address, occupation, annual_income).
   Insured persons and beneficiaries who are not holders always have the identity fields filled.
8. ``C1-13 <field>`` — an enterprise or group client with an empty column that ``schema`` requires
   for its type, other than the key/type/name/agent/created/archive columns: uscc, industry,
   legal_rep, phone, address, province, city, and employee_count for groups.
9. ``C1-14 updated_on`` — a holder whose FIRST policy (min ``sign_date``) was signed more than
   ``UPDATE_WITHIN_MONTHS`` months before ``on`` and who has no update in the window
   (sign_date, sign_date + 6 months]: ``updated_on``, ``verified_on`` and every ``updates`` row
   (``changed_on`` and ``recorded_on``) of the client fall outside it. Every other holder of that
   age has one of them inside the window.
   ``C1-14 last_contact_on`` — a client whose latest contact, max(``last_contact_on``, every
   ``interactions.occurred_on`` of the client), is older than ``STALE_CONTACT_MONTHS`` months
   before ``on``. Every other client (all types and roles) has ``last_contact_on`` within it.
10. ``C1-20 health_notes`` / ``C1-20 bank_account`` — the field is filled but the client has no
    ``consents`` row with ``data_category`` health (resp. financial_account), ``consent_type`` in
    {separate, written_separate}, ``given_on`` ≤ on and no ``withdrawn_on`` ≤ on. Planted by
    removing that row or giving it consent_type ``general``.
11. ``C1-21 birth_date`` — an insured child under 14 on ``on`` (aged ≤ 12) without a ``consents``
    row of ``data_category`` minor_under_14 and ``consent_type`` guardian. Non-defect children have
    one, ``given_by`` their parent who holds the policy (also ``guardian_id``).
12. ``C1-06 phone`` — either the client's phone equals the phone of the client's servicing agent
    (``agents.phone`` of ``clients.agent_id``), or the same phone is on clients of ≥
    ``DUPLICATE_PHONE_CLIENTS`` different families. One row per affected client (every client
    carrying that phone). Members of one family MAY share a phone (children often carry a
    parent's); that is not a finding. Contacts' and agents' phones are never counted as clients.

The thresholds below are defaults only: ``clientkit/rules/settings.py`` (the rules helper's
company settings, DOMAIN.md ⚠P) owns the authoritative values; keep them equal.
"""
from __future__ import annotations

# C1-14 "at least one update within 6 months after purchase" (seed §1.3, 📘H).
UPDATE_WITHIN_MONTHS = 6
# C1-14 "periodic checks for clients not contacted for a long time": re-check after 12 months (⚠P).
STALE_CONTACT_MONTHS = 12
# C1-06 / DOMAIN.md 1.2 ex. 7 "the same phone on > N unrelated clients" (⚠P): flagged from 3 families.
DUPLICATE_PHONE_CLIENTS = 3

KINDS = (
    ("C1-08", "id_number"),
    ("C1-08", "birth_date"),
    ("C1-08", "gender"),
    ("C1-09", "id_number"),
    ("C1-10", "uscc"),
    ("C1-11", "phone"),
    ("C1-12", "phone"),
    ("C1-03", "*"),
    ("C1-13", "*"),
    ("C1-14", "updated_on"),
    ("C1-14", "last_contact_on"),
    ("C1-20", "health_notes"),
    ("C1-20", "bank_account"),
    ("C1-21", "birth_date"),
    ("C1-06", "phone"),
)


# ---- planting -----------------------------------------------------------------------------

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from clientkit.generate import days, typed  # noqa: E402
from clientkit.model.book import DEFECT_COLUMNS  # noqa: E402

_HOLDER_FIELDS = ("name", "gender", "birth_date", "id_type", "id_number", "phone", "address", "occupation", "annual_income")
_ORG_FIELDS = ("uscc", "industry", "legal_rep", "phone", "address", "province", "city")


def _bad_id(rng, s: str) -> str:
    k = rng.integers(0, 5)
    if k == 0:
        return s[:17] + ("0" if s[17] != "0" else "1")
    if k == 1:
        return s[:10] + "13" + s[12:]
    if k == 2:
        return s[:10] + "0230" + s[14:]
    if k == 3:
        return s[:17] + "x"
    return s[:17] if rng.random() < 0.5 else s + "3"


def _bad_uscc(rng, s: str) -> str:
    k = rng.integers(0, 3)
    if k == 0:
        return s[:17] + ("A" if s[17] != "A" else "B")
    if k == 1:
        return s[:10] + "IOZSV"[rng.integers(0, 5)] + s[11:]
    return s[:17]


def plant(rng: np.random.Generator, frames: dict, context: dict, rate: float) -> pd.DataFrame:
    """Plant defects in ``frames`` (in place) in about ``rate`` of the clients; return the record."""
    cl = frames["clients"]
    on = context["on"]
    target = int(round(rate * len(cl)))
    rows: list[tuple[str, str, str]] = []
    used: set[int] = set()
    ind = (cl["client_type"] == "individual").to_numpy()
    holder = typed.isin(cl["client_id"], context["first_sign"].index)
    age = cl["age"].to_numpy()
    byear = days.ymd(np.where(ind, cl["birth"].to_numpy(), 0))[0]
    has_phone = cl["phone"].notna().to_numpy()
    first = cl["client_id"].map(context["first_sign"]).fillna(on).astype(np.int64).to_numpy()
    last = cl["client_id"].map(context["last_sign"]).fillna(on).astype(np.int64).to_numpy()
    ins_child = typed.isin(cl["client_id"], frames["policies"]["insured_id"]) & ind & (age <= 12)
    pools = {
        ("C1-08", "id_number"): ind, ("C1-08", "birth_date"): ind & (age >= 25) & (age <= 60),
        ("C1-08", "gender"): ind, ("C1-09", "id_number"): ind & (byear >= 1950) & (byear <= 1999),
        ("C1-10", "uscc"): ~ind, ("C1-11", "phone"): has_phone & holder, ("C1-12", "phone"): has_phone & holder,
        ("C1-03", "*"): ind & holder, ("C1-13", "*"): ~ind,
        ("C1-14", "updated_on"): holder & ind & (first < days.add_months(np.array([on]), -UPDATE_WITHIN_MONTHS)[0] - 20),
        ("C1-14", "last_contact_on"): holder & ind & (last < on - 430),
        ("C1-20", "health_notes"): cl["health_notes"].notna().to_numpy(), ("C1-20", "bank_account"): cl["bank_account"].notna().to_numpy(),
        ("C1-21", "birth_date"): ins_child, ("C1-06", "phone"): has_phone & holder & ind,
    }
    order = {k: list(rng.permutation(np.flatnonzero(v))) for k, v in pools.items()}
    kinds = list(pools)
    agent_phone = dict(zip(frames["agents"]["agent_id"], frames["agents"]["phone"]))
    frames["_stale_update"], frames["_stale_contact"], frames["_consent"] = [], [], []
    # Reads come from the original columns (a client is changed at most once); writes are
    # collected and applied per column at the end (a cell write to an Arrow column copies it).
    cells = _Cells(cl)
    tries = 0
    while len(used) < target and tries < 50 * (target + 1):
        tries += 1
        kind = kinds[rng.integers(0, len(kinds))]
        pool = order[kind]
        while pool and pool[-1] in used:
            pool.pop()
        if not pool:
            continue
        i = pool.pop()
        rule, field = kind
        cid = cells[i, "client_id"]
        if kind == ("C1-06", "phone") and rng.random() < 0.5 and target - len(used) >= 3:
            group = [i] + _two_more(cells, order[kind], used, i)
            if len(group) == 3:
                fresh = "1" + str(rng.integers(3, 10)) + f"{rng.integers(0, 10**9):09d}"
                for j in group:
                    cells[j, "phone"] = fresh
                    used.add(j)
                    rows.append((rule, cells[j, "client_id"], field))
                continue
        used.add(i)
        field = _apply(rng, frames, cells, i, cid, kind, on, agent_phone)
        rows.append((rule, cid, field))
    cells.write()
    _finish(frames, cl, on, context["first_sign"])
    return pd.DataFrame(rows, columns=DEFECT_COLUMNS).astype("string")


class _Cells:
    """Cell reads from ``df``'s original columns and buffered cell writes (``cells[i, col]``)."""

    def __init__(self, df: pd.DataFrame):
        self.df, self.columns, self.edits = df, {}, {}

    def __getitem__(self, key):
        i, col = key
        if col not in self.columns:
            self.columns[col] = self.df[col].to_numpy(dtype=object)
        return self.columns[col][i]

    def __setitem__(self, key, value):
        i, col = key
        self.edits.setdefault(col, {})[i] = value

    def write(self) -> None:
        for col, edits in self.edits.items():
            empty = [i for i, v in edits.items() if v is None]
            filled = [i for i, v in edits.items() if v is not None]
            if empty:
                self.df.loc[empty, col] = None
            if filled:
                self.df.loc[filled, col] = [edits[i] for i in filled]


def _two_more(cells, pool, used, i):
    fams = {cells[i, "family"]}
    out = []
    for k in range(len(pool) - 1, -1, -1):
        j = pool[k]
        if j not in used and cells[j, "family"] not in fams:
            out.append((k, j))
            fams.add(cells[j, "family"])
            if len(out) == 2:
                break
    for k, _ in out:  # descending positions: deleting one leaves the other's index valid
        del pool[k]
    return [j for _, j in out]


def _apply(rng, frames, cells: _Cells, i, cid, kind, on, agent_phone) -> str:
    rule, field = kind
    if kind == ("C1-08", "id_number"):
        cells[i, "id_number"] = _bad_id(rng, cells[i, "id_number"])
    elif kind == ("C1-08", "birth_date"):
        shift = int(rng.integers(3, 61)) * (1 if rng.random() < 0.5 else -1)
        cells[i, "birth_date"] = cells[i, "birth_date"] + pd.Timedelta(days=shift)
    elif kind == ("C1-08", "gender"):
        cells[i, "gender"] = "female" if cells[i, "gender"] == "male" else "male"
    elif kind == ("C1-09", "id_number"):
        s = cells[i, "id_number"]
        cells[i, "id_number"] = s[:6] + s[8:17]
    elif kind == ("C1-10", "uscc"):
        cells[i, "uscc"] = _bad_uscc(rng, cells[i, "uscc"])
    elif kind == ("C1-11", "phone"):
        k = rng.integers(0, 3)
        cells[i, "phone"] = ["1" + f"{rng.integers(0, 10**9):09d}", "1" + f"{rng.integers(3 * 10**10, 10**11):011d}",
                             "1" + str(rng.integers(0, 3)) + f"{rng.integers(0, 10**9):09d}"][k]
    elif kind == ("C1-12", "phone"):
        cells[i, "phone"] = ["0755-123", f"755-{rng.integers(2 * 10**7, 9 * 10**7)}", f"020-{rng.integers(10**4, 10**5)}"][rng.integers(0, 3)]
    elif kind == ("C1-03", "*"):
        field = _HOLDER_FIELDS[rng.integers(0, len(_HOLDER_FIELDS))]
        cells[i, field] = None
    elif kind == ("C1-13", "*"):
        fields = _ORG_FIELDS + (("employee_count",) if cells[i, "client_type"] == "group" else ())
        field = fields[rng.integers(0, len(fields))]
        cells[i, field] = None
    elif kind == ("C1-14", "updated_on"):
        frames["_stale_update"].append(i)
    elif kind == ("C1-14", "last_contact_on"):
        frames["_stale_contact"].append(i)
    elif rule == "C1-20":
        cat = "health" if field == "health_notes" else "financial_account"
        frames["_consent"].append((cid, cat, "general" if rng.random() < 0.5 else None))
    elif kind == ("C1-21", "birth_date"):
        frames["_consent"].append((cid, "minor_under_14", None))
    elif kind == ("C1-06", "phone"):
        cells[i, "phone"] = agent_phone[cells[i, "agent_id"]]
    return field



def _finish(frames, cl, on, first_sign):
    """Apply the row-level parts of the planted defects in one pass per table."""
    stale = cl.loc[frames.pop("_stale_update"), "client_id"]
    if len(stale):
        upd = frames["updates"]
        first = days.to_datetime(upd["client_id"].map(first_sign).fillna(0).astype(np.int64).to_numpy())
        end = pd.Series(first).add(pd.DateOffset(months=UPDATE_WITHIN_MONTHS)).to_numpy() + np.timedelta64(20, "D")
        drop = typed.isin(upd["client_id"], stale) & (upd["changed_on"].to_numpy() <= end)
        frames["updates"] = upd = upd[~drop].reset_index(drop=True)
        later = upd.groupby("client_id")["recorded_on"].max()
        idx = stale.index
        cl.loc[idx, "updated_on"] = cl.loc[idx, "client_id"].map(later).fillna(cl.loc[idx, "created_on"]).to_numpy()
        cl.loc[idx, "verified_on"] = pd.NaT
    gone = cl.loc[frames.pop("_stale_contact"), "client_id"]
    if len(gone):
        inter = frames["interactions"]
        limit = days.to_datetime(np.array([on - 400]))[0]
        frames["interactions"] = inter = inter[~(typed.isin(inter["client_id"], gone) & (inter["occurred_on"] > limit).to_numpy())].reset_index(drop=True)
        left = inter.groupby("client_id")["occurred_on"].max()
        idx = gone.index
        cl.loc[idx, "last_contact_on"] = cl.loc[idx, "client_id"].map(left).fillna(limit).to_numpy()
    marks = frames.pop("_consent")
    if marks:
        cons = frames["consents"]
        key = cons["client_id"] + "|" + cons["data_category"]
        general = {f"{c}|{k}" for c, k, g in marks if g}
        remove = {f"{c}|{k}" for c, k, g in marks if not g}
        cons.loc[typed.isin(key, list(general)), "consent_type"] = "general"
        frames["consents"] = cons[~typed.isin(key, list(remove))].reset_index(drop=True)
