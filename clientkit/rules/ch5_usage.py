"""Chapter 5 客户档案使用与共享 — data checks of the access log and of destruction events.

Access log (``access_log``; a user is an *agent* when the id is in ``agents.agent_id``, anyone
else is company staff acting in a role — archive clerk, 双录 QC, call centre, underwriting):

* C5-01 ``user_id`` (PIPL 第51条 least privilege): an agent reads a client file of a client whose
  servicing agent (``clients.agent_id``) is someone else;
* C5-01 ``record_count``: an ``export`` of more than ``bulk_export_records`` records (⚠P);
* C5-02 ``purpose`` (R-SALES 第41条 调阅程序): the stated purpose is empty or not one of the
  documented working purposes :data:`WORK_PURPOSES`;
* C5-03 ``action`` (R-TRACE 第12、14条): a 双录 recording downloaded by an individual agent.

Destruction (``lifecycle`` rows with ``event == "destroyed"``, C5-13; 档案法 第21条, 实施条例 第24条):

* ``witnesses`` fewer than 2 (or missing); ``approved_by`` empty; ``list_id`` empty (no
  itemised 销毁清册);
* ``on`` — the record was destroyed on or before its last retention day
  (:func:`clientkit.rules.ch5_retention.retention_until` of its ``record_type`` for the policy:
  contract end = ``status_date`` of a terminated policy, else ``end_date``; term > 1 year from
  ``term_years``; a 双录 record is extended by the client's latest closed complaint). Rows whose
  policy or record type is unknown are not judged.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.i18n import t
from clientkit.rules.ch5_retention import DISPUTE_MONTHS, PERIODS
from clientkit.rules.context import Context, blank, dates, lookup, text
from clientkit.rules.findings import build, empty

WORK_PURPOSES = ("客户服务", "保全办理", "理赔处理", "回访", "核保", "双录质检", "合规检查", "档案整理")
TERMINAL = ("surrendered", "cancelled_cooling_off", "matured", "terminated", "claim_terminated")


def _agents(ctx: Context) -> set:
    return set(text(ctx.table("agents")["agent_id"]).dropna())


def _unassigned(ctx: Context) -> pd.DataFrame:
    log = ctx.table("access_log")
    user = text(log["user_id"])
    owner = lookup(log["client_id"], pd.Series(text(ctx.clients["agent_id"]).to_numpy(), index=text(ctx.clients["client_id"]).to_numpy(), dtype=object))
    owner = text(owner)
    is_agent = user.isin(_agents(ctx)).to_numpy()
    known = owner.notna().to_numpy()
    differs = (user.to_numpy(dtype=object) != owner.to_numpy(dtype=object)).astype(bool)
    rows = np.flatnonzero(is_agent & known & differs)
    return build("C5-01", "access_log", log, rows, "user_id", t("ch5.finding.C5-01.unassigned"))


def _bulk_export(ctx: Context) -> pd.DataFrame:
    log = ctx.table("access_log")
    limit = ctx.settings.bulk_export_records
    count = pd.to_numeric(log["record_count"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    rows = np.flatnonzero((text(log["action"]) == "export").to_numpy() & (count > limit))
    return build("C5-01", "access_log", log, rows, "record_count", t("ch5.finding.C5-01.bulk_export", limit=limit))


def _purpose(ctx: Context) -> pd.DataFrame:
    log = ctx.table("access_log")
    bad = ~text(log["purpose"]).isin(WORK_PURPOSES).to_numpy()
    return build("C5-02", "access_log", log, np.flatnonzero(bad), "purpose",
                 t("ch5.finding.C5-02.purpose", purposes="、".join(WORK_PURPOSES)))


def _recording(ctx: Context) -> pd.DataFrame:
    log = ctx.table("access_log")
    hit = (text(log["action"]) == "download_recording").to_numpy() & text(log["user_id"]).isin(_agents(ctx)).to_numpy()
    return build("C5-03", "access_log", log, np.flatnonzero(hit), "action", t("ch5.finding.C5-03.agent_download"))


def _destroyed(ctx: Context) -> tuple[pd.DataFrame, np.ndarray]:
    life = ctx.table("lifecycle")
    return life, (text(life["event"]) == "destroyed").to_numpy()


def _procedure(ctx: Context) -> pd.DataFrame:
    life, destroyed = _destroyed(ctx)
    witnesses = pd.to_numeric(life["witnesses"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    parts = [
        build("C5-13", "lifecycle", life, np.flatnonzero(destroyed & ~(witnesses >= 2)), "witnesses", t("ch5.finding.C5-13.witnesses")),
        build("C5-13", "lifecycle", life, np.flatnonzero(destroyed & blank(life["approved_by"]).to_numpy()), "approved_by", t("ch5.finding.C5-13.approval")),
        build("C5-13", "lifecycle", life, np.flatnonzero(destroyed & blank(life["list_id"]).to_numpy()), "list_id", t("ch5.finding.C5-13.list")),
        _too_early(ctx, life, destroyed),
    ]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def retention_ends(ctx: Context, life: pd.DataFrame) -> pd.Series:
    """Per ``lifecycle`` row, the last retention day of its record (NaT when not computable)."""
    pol = ctx.table("policies")
    keys = text(pol["policy_id"]).to_numpy(dtype=object)
    status = text(pol["status"])
    end = dates(pol["status_date"]).where(status.isin(TERMINAL).to_numpy(), dates(pol["end_date"]))
    contract_end = lookup(life["policy_id"], pd.Series(end.to_numpy(), index=keys)).astype("datetime64[ns]")
    term = pd.to_numeric(pol["term_years"], errors="coerce")
    long = lookup(life["policy_id"], pd.Series((term > 1).to_numpy(dtype=float, na_value=np.nan), index=keys, dtype=float))
    record = text(life["record_type"])
    out = pd.Series(pd.NaT, index=life.index, dtype="datetime64[ns]")
    for name, (short_m, long_m, _) in PERIODS.items():
        for months, flag in ((short_m, 0.0), (long_m, 1.0)):
            pick = (record == name).to_numpy() & (long.to_numpy(dtype=float, na_value=np.nan) == flag)
            if pick.any():
                out[pick] = contract_end[pick] + pd.DateOffset(months=months)
    inter = ctx.table("interactions")
    closed = dates(inter["decided_on"])[(text(inter["kind"]) == "complaint").to_numpy()]
    last = closed.groupby(text(inter["client_id"])[closed.index].to_numpy()).max()
    dispute = lookup(life["client_id"], last).astype("datetime64[ns]") + pd.DateOffset(months=DISPUTE_MONTHS)
    av = (record == "dual_recording").to_numpy() & dispute.notna().to_numpy()
    out[av] = np.maximum(out[av].to_numpy(), dispute[av].to_numpy())
    return out


def _too_early(ctx: Context, life: pd.DataFrame, destroyed: np.ndarray) -> pd.DataFrame:
    if not destroyed.any():
        return empty()
    until = retention_ends(ctx, life)
    on = dates(life["on"])
    early = destroyed & (on <= until).fillna(False).to_numpy(dtype=bool)
    return build("C5-13", "lifecycle", life, np.flatnonzero(early), "on", t("ch5.finding.C5-13.in_retention"))


def _access(ctx: Context) -> pd.DataFrame:
    parts = [p for p in (_unassigned(ctx), _bulk_export(ctx)) if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


CHECKS = {"C5-01": _access, "C5-02": _purpose, "C5-03": _recording, "C5-13": _procedure}
