"""The client profile (客户画像) as a function of the Book (DOMAIN.md 2.2–2.4, C2-11…C2-13,
C2-16): classifications of every client, and one client's tags with the data each came from and
the date that data was last refreshed, so stale tags are visible (2.4 画像数据更新机制).

* :func:`classify_book` — per individual client: age, life stage (C2-13), VIP premium and value
  tier (C2-11), R / F / M and RFM segment (C2-12; R = days since the latest policy signed or
  contact, F = policies in force held, M = their annualised premium).
* :func:`client_profile` — one client's tags: ``tag``, ``value``, ``source``, ``refreshed_on``,
  ``stale``, ``rule_id``. A tag is stale when its data was last refreshed more than
  ``tag_refresh_months`` months before ``on``; the risk-tolerance level when its assessment is
  past its 12-month validity (C2-04). Tier and RFM are recomputed from the policies and
  contacts at every view (refreshed ``on``); life stage and the legal flags rest on identity
  data last verified / updated on the client's ``verified_on`` / ``updated_on`` / ``created_on``;
  income and occupation on the latest ``updates`` row of that field, else the same date.

Personal data is never returned raw: income is shown as a band, no names or numbers.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.model.book import Book
from clientkit.model.dates import add_months, as_date
from clientkit.rules.ch2_classify import SEGMENTS, value_tier
from clientkit.rules.ch2_profile import FLAGS, age_on, profile_flags
from clientkit.rules.context import dates, text
from clientkit.rules.settings import Settings

IN_FORCE = ("in_force", "grace")
PROFILE_COLUMNS = ["tag", "value", "source", "refreshed_on", "stale", "rule_id"]


def _stage(age: float, stages) -> str | None:
    if np.isnan(age):
        return None
    name = None
    for low, stage in sorted((float(a), s) for a, s in stages):
        if age >= low:
            name = stage
    return name


def classify_book(book: Book, on, settings=None) -> pd.DataFrame:
    """Classifications of every individual client of ``book`` as of ``on`` (one row each)."""
    s = Settings.coerce(settings)
    on = as_date(on)
    clients = book.clients
    ind = clients[text(clients["client_type"]) == "individual"]
    ids = text(ind["client_id"])
    born = dates(ind["birth_date"])
    ages = np.array([age_on(b, on) if pd.notna(b) and b.date() <= on else np.nan for b in born], dtype=float)
    pol = book.policies
    live = pol[text(pol["status"]).isin(IN_FORCE).to_numpy() & (dates(pol["sign_date"]) <= pd.Timestamp(on)).to_numpy()]
    premium = pd.to_numeric(live["premium"], errors="coerce").fillna(0).astype(float)
    factors = text(live["pay_mode"]).map({"annual": 1.0, "monthly": 12.0, "single": float(s.single_premium_factor)}).fillna(0.0)
    annual = (premium * factors.astype(float)).groupby(text(live["holder_id"]).to_numpy()).sum()
    count = text(live["holder_id"]).value_counts()
    last_sign = dates(pol["sign_date"]).groupby(text(pol["holder_id"]).to_numpy()).max()
    inter = book.interactions
    last_contact = dates(inter["occurred_on"]).groupby(text(inter["client_id"]).to_numpy()).max()
    latest = pd.concat([last_sign, last_contact, pd.Series(dates(ind["last_contact_on"]).to_numpy(), index=ids.to_numpy())])
    latest = latest[latest <= pd.Timestamp(on)].groupby(level=0).max()
    recency = (pd.Timestamp(on) - ids.map(latest)).dt.days
    monetary = ids.map(annual).fillna(0.0).astype(float) * float(s.vip_conversion_factor)
    frequency = ids.map(count).fillna(0).astype(int)
    cut = {"recency_days": s.rfm_recency_days, "frequency": s.rfm_frequency, "monetary": s.rfm_monetary}
    r_high = recency.le(cut["recency_days"]).fillna(False).astype(int)
    code = list(zip(r_high, (frequency >= cut["frequency"]).astype(int), (monetary >= cut["monetary"]).astype(int)))
    return pd.DataFrame({
        "client_id": ids.to_numpy(), "age": ages,
        "life_stage": [_stage(a, s.life_stages) for a in ages],
        "vip_premium": monetary.to_numpy(), "value_tier": [value_tier(m, s.value_tiers) for m in monetary],
        "recency_days": recency.to_numpy(), "frequency": frequency.to_numpy(), "monetary": monetary.to_numpy(),
        "rfm_segment": [SEGMENTS[c] for c in code],
    }).reset_index(drop=True)


def _income_band(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    wan = float(value) / 10000
    for low, high in ((0, 5), (5, 10), (10, 20), (20, 50), (50, 100)):
        if wan < high:
            return t("ch2.profile.band", low=low, high=high)
    return t("ch2.profile.band_top")


def _last_update(book: Book, cid: str, field: str, fallback) -> pd.Timestamp | None:
    upd = book.updates
    mine = upd[(text(upd["client_id"]) == cid).to_numpy() & (text(upd["field"]) == field).to_numpy()]
    found = dates(mine["recorded_on"]).max() if len(mine) else pd.NaT
    return found if pd.notna(found) else fallback


def client_profile(book: Book, client_id: str, on, settings=None) -> pd.DataFrame:
    """The tags of ``client_id`` as of ``on`` with their source data and refresh dates.

    Raises InputError for a client not in the book or a non-individual client."""
    s = Settings.coerce(settings)
    on = as_date(on)
    clients = book.clients
    row = clients[text(clients["client_id"]) == client_id]
    if row.empty or text(row["client_type"]).iloc[0] != "individual":
        raise InputError("ch2.error.no_client", client_id=client_id)
    c = row.iloc[0]
    cls = classify_book(Book({"clients": row.copy(), "policies": book.policies, "interactions": book.interactions}), on, s).iloc[0]
    base = next((d for d in (c.get("verified_on"), c.get("updated_on"), c.get("created_on")) if pd.notna(d)), pd.NaT)
    pol = book.policies
    mine = pol[text(pol["holder_id"]) == client_id]
    ra = book.risk_assessments
    assessed = ra[text(ra["client_id"]) == client_id].sort_values("assessed_on")
    stale_before = pd.Timestamp(add_months(on, -int(s.tag_refresh_months)))
    rows = []

    def add(tag, value, source, refreshed, rule_id, stale=None):
        refreshed = pd.Timestamp(refreshed) if refreshed is not None and pd.notna(refreshed) else pd.NaT
        if stale is None:
            stale = bool(pd.isna(refreshed) or refreshed < stale_before)
        rows.append({"tag": t(f"ch2.profile.tag.{tag}"), "value": value if value not in (None, "") else t("ch2.profile.unknown"),
                     "source": t(f"ch2.profile.source.{tag}"), "refreshed_on": refreshed, "stale": stale, "rule_id": rule_id})

    if len(assessed):
        last = assessed.iloc[-1]
        until = add_months(as_date(last["assessed_on"]), int(s.assessment_valid_months))
        add("risk_level", t("ch2.profile.level", level=last["level"]), "", last["assessed_on"], "C2-04", stale=until < on)
    else:
        add("risk_level", None, "", None, "C2-04", stale=True)
    add("life_stage", cls["life_stage"] and t("ch2.profile.stage", stage=cls["life_stage"], age=int(cls["age"])), "", base, "C2-13")
    add("value_tier", t("ch2.profile.tier", tier=cls["value_tier"], amount=f"{cls['vip_premium']:,.0f}"), "", on, "C2-11")
    add("rfm", t("ch2.profile.rfm", segment=cls["rfm_segment"], r=cls["recency_days"] if pd.notna(cls["recency_days"]) else "—",
                 f=cls["frequency"], m=f"{cls['monetary']:,.0f}"), "", on, "C2-12")
    add("income", _income_band(c.get("annual_income")), "", _last_update(book, client_id, "annual_income", base), "C2-16")
    add("occupation", t("ch2.profile.filled") if pd.notna(c.get("occupation")) else None, "",
        _last_update(book, client_id, "occupation", base), "C2-16")
    if len(mine) and pd.notna(c.get("birth_date")) and as_date(c["birth_date"]) <= on:
        p = mine.sort_values("sign_date").iloc[-1]
        try:
            flags = profile_flags(c["birth_date"], on, channel=p["channel"], product_type=p["product_type"],
                                  term_years=int(p["term_years"]) if pd.notna(p["term_years"]) else 0,
                                  civil_capacity=c["civil_capacity"] if pd.notna(c.get("civil_capacity")) else "full")
        except InputError:
            flags = None
        shown = None if flags is None else ("、".join(t(f"ch2.flag.{f}") for f in FLAGS if f in flags) or t("ch2.profile.no_flags"))
        add("flags", shown, "", base, "C2-08")
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


def profile_as_of(book: Book) -> date:
    """The reference date recorded in a book (its ``meta["on"]``)."""
    return as_date(str(book.meta["on"]))
