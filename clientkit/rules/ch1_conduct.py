"""Chapter 1 基本信息管理 — data checks of upkeep, consent and agent conduct.

* C1-14 (handbook §1.3, 📘H; months are company settings): a holder with no update within
  ``update_within_months`` after the first purchase — an update is ``updated_on``,
  ``verified_on`` or an ``updates`` row changed or recorded in (first sign_date, + N months],
  judged once that window has ended before ``on`` (field ``updated_on``); and a client whose
  latest contact — max(``last_contact_on``, the client's ``interactions``), or ``created_on``
  when there is none — is more than ``recheck_after_months`` before ``on`` (``last_contact_on``);
* C1-15 (反洗钱法 第34条 "及时", the number of days ⚠P): an ``updates`` row of an identity field
  recorded more than ``identity_update_days`` after the change (the deadline rolls past a
  法定休假日, 民法典 第203条; outside the holiday calendar's years it is not rolled), or not
  recorded at all when that deadline has passed;
* C1-20 (个人信息保护法 第28–30条): a filled sensitive field without an un-withdrawn separate
  (or written separate) consent of its data category given on or before ``on``;
* C1-21 (个人信息保护法 第31条): an individual under 14 on ``on`` without such a guardian consent
  of category ``minor_under_14`` (field ``birth_date``);
* C1-06 (G-HUBEI 第三十四条; threshold ⚠P): a client phone equal to the servicing agent's phone,
  or one well-formed phone (mobile or landline per the settings) on clients of at least
  ``duplicate_phone_threshold`` different families (:attr:`Context.family`), one finding per
  client carrying it.
"""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from clientkit.errors import CalendarError
from clientkit.i18n import t
from clientkit.model.dates import period_end
from clientkit.model.schema import CLIENTS, IDENTITY_FIELDS, UPDATES
from clientkit.rules.context import Context, blank, dates, lookup, text
from clientkit.rules.findings import build, empty

TABLE = "clients"
# Sensitive columns (schema ``sensitive``) and the consent data category that covers each.
SENSITIVE_CATEGORY = {"health_notes": "health", "bank_account": "financial_account"}
# Client identity information under AML CDD (反洗钱法 第28–29、34条) as recorded in ``updates.field``.
AML_IDENTITY_FIELDS = IDENTITY_FIELDS + ("uscc", "legal_rep")


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def _months(values: pd.Series, n: int) -> pd.Series:
    """民法典 第202条 month arithmetic over a datetime Series (month end when no such day)."""
    return values + pd.DateOffset(months=int(n))


def _no_update(ctx: Context) -> pd.DataFrame:
    c, on = ctx.clients, ctx.on_ts
    months = ctx.settings.update_within_months
    policies = ctx.table("policies")
    first = dates(policies["sign_date"]).groupby(text(policies["holder_id"]).to_numpy()).min()
    ids = text(c["client_id"])
    start = lookup(ids, first).astype("datetime64[ns]")
    end = _months(start, months)

    def inside(values: pd.Series) -> np.ndarray:
        d = dates(values).to_numpy(dtype="datetime64[ns]")
        return ((d > start.to_numpy()) & (d <= end.to_numpy()))

    updated = inside(c["updated_on"]) | inside(c["verified_on"])
    u = ctx.table("updates")
    if len(u):
        u_start = lookup(u["client_id"], first).astype("datetime64[ns]")
        u_end = _months(u_start, months)
        hit = np.zeros(len(u), dtype=bool)
        for column in ("changed_on", "recorded_on"):
            d = dates(u[column]).to_numpy(dtype="datetime64[ns]")
            hit |= (d > u_start.to_numpy()) & (d <= u_end.to_numpy())
        updated |= ids.isin(set(text(u["client_id"])[hit].dropna())).to_numpy()
    due = start.notna().to_numpy() & (end < on).fillna(False).to_numpy(dtype=bool)
    rows = np.flatnonzero(due & ~updated)
    return build("C1-14", TABLE, c, rows, "updated_on", t("rules.finding.C1-14.no_update", months=months))


def _no_contact(ctx: Context) -> pd.DataFrame:
    c, on = ctx.clients, ctx.on_ts
    months = ctx.settings.recheck_after_months
    interactions = ctx.table("interactions")
    latest_interaction = dates(interactions["occurred_on"]).groupby(text(interactions["client_id"]).to_numpy()).max()
    ids = text(c["client_id"])
    latest = pd.concat(
        [dates(c["last_contact_on"]), lookup(ids, latest_interaction).astype("datetime64[ns]")],
        axis=1,
    ).max(axis=1)
    latest = latest.fillna(dates(c["created_on"]))
    stale = (_months(latest, months) < on).fillna(False).to_numpy(dtype=bool)
    return build("C1-14", TABLE, c, np.flatnonzero(stale), "last_contact_on", t("rules.finding.C1-14.no_contact", months=months))


def check_c1_14(ctx: Context) -> pd.DataFrame:
    """C1-14: no update within N months of the first purchase; no contact for M months."""
    return _concat([_no_update(ctx), _no_contact(ctx)])


def _deadline(day: pd.Timestamp, days: int) -> pd.Timestamp:
    try:
        return pd.Timestamp(period_end(day, days=days))
    except CalendarError:
        return day.normalize() + timedelta(days=days)


def check_c1_15(ctx: Context) -> pd.DataFrame:
    """C1-15: identity changes recorded later than the company's N days, or not yet recorded."""
    u, days = ctx.table("updates"), ctx.settings.identity_update_days
    field = text(u["field"])
    changed = dates(u["changed_on"]).dt.normalize()
    recorded = dates(u["recorded_on"]).dt.normalize()
    relevant = field.isin(AML_IDENTITY_FIELDS).to_numpy() & changed.notna().to_numpy()
    if not relevant.any():
        return empty()
    unique = changed[relevant].unique()
    deadline = changed.map({d: _deadline(pd.Timestamp(d), days) for d in unique})
    deadline = pd.Series(deadline.to_numpy(dtype="datetime64[ns]"), index=u.index)
    late = relevant & (recorded > deadline).fillna(False).to_numpy(dtype=bool)
    missing = relevant & recorded.isna().to_numpy() & (deadline < ctx.on_ts).fillna(False).to_numpy(dtype=bool)
    parts = []
    for kind, mask in (("late", late), ("missing", missing)):
        rows = np.flatnonzero(mask)
        labels = {f: t(f"rules.finding.C1-15.{kind}", label=CLIENTS.column(f).label, days=days) for f in set(field.iloc[rows])}
        parts.append(build("C1-15", UPDATES.name, u, rows, "recorded_on", [labels[f] for f in field.iloc[rows]]))
    return _concat(parts)


def _consented(ctx: Context, category: str, types: tuple[str, ...]) -> set:
    """Client ids with a consent of ``category`` and a type in ``types`` in force on ``on``."""
    k, on = ctx.table("consents"), ctx.on_ts
    given, withdrawn = dates(k["given_on"]), dates(k["withdrawn_on"])
    ok = (
        text(k["data_category"]).eq(category).fillna(False)
        & text(k["consent_type"]).isin(types)
        & (given.isna() | (given <= on))
        & (withdrawn.isna() | (withdrawn > on))
    )
    return set(text(k["client_id"])[ok.to_numpy(dtype=bool)].dropna())


def check_c1_20(ctx: Context) -> pd.DataFrame:
    """C1-20: sensitive fields filled without a separate consent of their category."""
    c, parts = ctx.clients, []
    ids = text(c["client_id"])
    for name, category in SENSITIVE_CATEGORY.items():
        consented = ids.isin(_consented(ctx, category, ("separate", "written_separate"))).to_numpy()
        rows = np.flatnonzero(~blank(c[name]).to_numpy() & ~consented)
        parts.append(build("C1-20", TABLE, c, rows, name, t("rules.finding.C1-20", label=CLIENTS.column(name).label)))
    return _concat(parts)


def check_c1_21(ctx: Context) -> pd.DataFrame:
    """C1-21: persons under 14 on ``on`` without a guardian consent in force."""
    c, on = ctx.clients, ctx.on_ts
    birth = dates(c["birth_date"])
    under = (text(c["client_type"]).eq("individual").fillna(False) & (birth <= on) & (_months(birth, 14 * 12) > on)).fillna(False)
    consented = text(c["client_id"]).isin(_consented(ctx, "minor_under_14", ("guardian",)))
    rows = np.flatnonzero((under & ~consented).to_numpy(dtype=bool))
    return build("C1-21", TABLE, c, rows, "birth_date", t("rules.finding.C1-21"))


def check_c1_06(ctx: Context) -> pd.DataFrame:
    """C1-06: a client phone that is the servicing agent's, or shared by several families."""
    c = ctx.clients
    threshold = ctx.settings.duplicate_phone_threshold
    phones = text(c["phone"]).where(~blank(c["phone"]), None)
    agents = ctx.table("agents")
    keys = text(agents["agent_id"])
    agent_phone = pd.Series(text(agents["phone"]).to_numpy(dtype=object), index=keys.to_numpy(dtype=object), dtype=object)
    own = lookup(c["agent_id"], agent_phone)
    is_agents = (phones.notna() & (phones == own)).fillna(False).to_numpy(dtype=bool)

    # Only well-formed numbers count as shared: a malformed one is C1-11/C1-12's finding and
    # names no phone line (the generator's C1-12 plants repeat "0755-123" on unrelated clients).
    valid = (phones.str.fullmatch(ctx.settings.mobile_regex) | phones.str.fullmatch(ctx.settings.landline_regex))
    filled = valid.fillna(False).to_numpy(dtype=bool)
    pairs = pd.DataFrame({"phone": phones[filled].to_numpy(), "family": ctx.family[filled]})
    families = pairs.groupby("phone")["family"].nunique()
    shared_phones = families[families >= threshold]
    shared = filled & phones.isin(set(shared_phones.index)).to_numpy() & ~is_agents
    count = phones.map(families).to_numpy()
    parts = [build("C1-06", TABLE, c, np.flatnonzero(is_agents), "phone", t("rules.finding.C1-06.agent_phone"))]
    rows = np.flatnonzero(shared)
    messages = {n: t("rules.finding.C1-06.shared_phone", count=int(n), threshold=threshold) for n in set(count[rows])}
    parts.append(build("C1-06", TABLE, c, rows, "phone", [messages[n] for n in count[rows]]))
    return _concat(parts)


CHECKS = {
    "C1-06": check_c1_06,
    "C1-14": check_c1_14,
    "C1-15": check_c1_15,
    "C1-20": check_c1_20,
    "C1-21": check_c1_21,
}
