"""Churn warning (流失预警, C3-29 ⚠P): signals per client, weighted scores, ranked actions.

The signals are derived from rules C3-10…C3-27 (DOMAIN.md §3.4); their weights, the action
threshold and the look-back windows are company settings (``churn_*`` in ``rules/data/ch3.yaml``).
Population: clients holding at least one open policy (有效 / 宽限期 / 效力中止) on ``on``;
records dated after ``on`` are ignored.

==================  =====================================================================
signal              fires when (on the reference date ``on``)
==================  =====================================================================
past_due            an installment of an open policy is due on or before ``on`` and unpaid
grace               a policy is in its grace period (C3-23)
suspended           a policy is suspended, 效力中止 (C3-23, C3-24)
surrender_enquiry   a record in the last ``churn_recent_days`` mentions 退保 or 现金价值 (C3-25)
policy_loan         … mentions 保单贷款 or 减额交清 (C3-27)
contact_failed      a contact attempt in that window failed (联系方式失效)
complaint           a complaint in that window (C3-15)
orphan              the client's servicing agent has left (孤儿单, C3-12)
no_contact          no record for ``churn_no_contact_months`` months
risk_overdue        no risk-tolerance assessment within ``churn_risk_valid_months`` (R-SUIT 第29条)
==================  =====================================================================
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.model.dates import add_months
from clientkit.rules.ch3_deadlines import to_day
from clientkit.rules.context import text
from clientkit.rules.settings import Settings

__all__ = ["SIGNALS", "churn_scores", "churn_signals", "merge_weights", "rank_churn", "score_signals"]

SIGNALS = ("suspended", "surrender_enquiry", "grace", "past_due", "policy_loan", "complaint", "orphan",
           "contact_failed", "no_contact", "risk_overdue")
OPEN_STATUS = ("in_force", "grace", "suspended")
_WORDS = {"surrender_enquiry": "退保|现金价值", "policy_loan": "保单贷款|减额交清"}


def merge_weights(weights=None, settings=None) -> dict[str, float]:
    """The company's weights (C3-29 ``churn_weights``) updated by ``weights``.

    Raises InputError for an unknown signal or a negative / non-numeric weight."""
    s = Settings.coerce(settings)
    out = {k: float(s.churn_weights.get(k, 0)) for k in SIGNALS}
    for name, value in (weights or {}).items():
        if name not in SIGNALS:
            raise InputError("ch3.error.churn_signal", name=name, known="、".join(SIGNALS))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise InputError("ch3.error.churn_weight", name=name, value=value)
        out[name] = float(value)
    return out


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").dt.normalize()


def churn_signals(book, on, settings=None) -> pd.DataFrame:
    """One row per client holding an open policy: ``client_id`` and a boolean column per signal."""
    s = Settings.coerce(settings)
    on = to_day(on, "on")
    on_ts = pd.Timestamp(on)
    pol = book.tables["policies"]
    status = text(pol["status"])
    holder = text(pol["holder_id"])
    open_pol = pol[status.isin(OPEN_STATUS).to_numpy() & holder.notna().to_numpy()]
    ids = pd.Index(sorted(set(text(open_pol["holder_id"]))), name="client_id")
    out = pd.DataFrame(False, index=ids, columns=list(SIGNALS))
    if not len(ids):
        return out.reset_index()
    open_holder = text(open_pol["holder_id"])
    open_status = text(open_pol["status"])
    for sig in ("grace", "suspended"):
        out.loc[out.index.isin(set(open_holder[open_status.eq(sig).to_numpy()])), sig] = True
    prem = book.tables["premiums"]
    unpaid = (_dates(prem["due_date"]) <= on_ts) & prem["paid_date"].isna()
    late_pol = set(text(prem["policy_id"])[unpaid.fillna(False).to_numpy(dtype=bool)])
    late_holders = set(open_holder[text(open_pol["policy_id"]).isin(late_pol).to_numpy()])
    out.loc[out.index.isin(late_holders), "past_due"] = True

    inter = book.tables["interactions"]
    when = _dates(inter["occurred_on"])
    known = (when <= on_ts).fillna(False).to_numpy(dtype=bool)
    recent = known & (when > on_ts - pd.Timedelta(days=s.churn_recent_days)).fillna(False).to_numpy(dtype=bool)
    who = text(inter["client_id"])
    note = text(inter["note"]).fillna("")
    for sig, pattern in _WORDS.items():
        hit = recent & note.str.contains(pattern, regex=True).to_numpy(dtype=bool)
        out.loc[out.index.isin(set(who[hit])), sig] = True
    failed = recent & inter["success"].astype("object").eq(False).to_numpy(dtype=bool)
    out.loc[out.index.isin(set(who[failed])), "contact_failed"] = True
    complaint = recent & text(inter["kind"]).eq("complaint").to_numpy(dtype=bool)
    out.loc[out.index.isin(set(who[complaint])), "complaint"] = True

    clients = book.tables["clients"]
    cid = text(clients["client_id"])
    agents = book.tables["agents"]
    departed = set(text(agents["agent_id"])[text(agents["status"]).eq("departed").to_numpy()])
    orphan = set(cid[text(clients["agent_id"]).isin(departed).to_numpy()]) | set(open_holder[text(open_pol["agent_id"]).isin(departed).to_numpy()])
    out.loc[out.index.isin(orphan), "orphan"] = True

    last = pd.Series(when[known].to_numpy(), index=who[known].to_numpy()).groupby(level=0).max()
    if "last_contact_on" in clients:
        lc = _dates(clients["last_contact_on"])
        lc = pd.Series(lc.where(lc <= on_ts).to_numpy(), index=cid.to_numpy()).dropna()
        last = pd.concat([last, lc]).groupby(level=0).max()
    limit = pd.Timestamp(add_months(on, -s.churn_no_contact_months))
    seen = out.index.map(last)
    out["no_contact"] = ~(pd.Series(seen, index=out.index) >= limit).fillna(False).to_numpy(dtype=bool)

    risk = book.tables["risk_assessments"]
    assessed = _dates(risk["assessed_on"])
    ok = (assessed <= on_ts) & (assessed > pd.Timestamp(add_months(on, -s.churn_risk_valid_months)))
    fresh = set(text(risk["client_id"])[ok.fillna(False).to_numpy(dtype=bool)])
    out["risk_overdue"] = ~out.index.isin(fresh)
    return out.reset_index()


def score_signals(signals: pd.DataFrame, weights=None, settings=None) -> pd.DataFrame:
    """Weighted churn scores of a signal table (``client_id`` + boolean signal columns), ranked.

    Returns columns ``rank, client_id, score, signals`` (codes fired, heaviest first),
    ``signal_labels`` (Chinese), ``action`` (the handbook's handling action for the heaviest
    signal) and ``needs_action`` (score ≥ ``churn_action_threshold``). Ties keep client order."""
    s = Settings.coerce(settings)
    w = merge_weights(weights, s)
    cols = [c for c in SIGNALS if c in signals.columns]
    matrix = signals[cols].fillna(False).astype(bool).to_numpy()
    score = matrix.astype(float) @ np.array([w[c] for c in cols]) if cols else np.zeros(len(signals))
    order = sorted(cols, key=lambda c: (-w[c], SIGNALS.index(c)))
    fired = [tuple(c for c in order if row[cols.index(c)] and w[c] > 0) for row in matrix]
    out = pd.DataFrame({"client_id": signals["client_id"].astype(str).to_numpy(), "score": score, "signals": fired})
    out["signal_labels"] = out["signals"].map(lambda f: "、".join(t(f"ch3.churn.signal.{c}") for c in f))
    out["action"] = out["signals"].map(lambda f: t(f"ch3.churn.action.{f[0]}") if f else "")
    out["needs_action"] = out["score"] >= s.churn_action_threshold
    out = out.sort_values(["score", "client_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def churn_scores(book, on, weights=None) -> pd.DataFrame:
    """Clients ranked by churn risk on ``on`` (C3-29) with the company's settings in force;
    see :func:`rank_churn`."""
    return rank_churn(book, on, weights)


def rank_churn(book, on, weights=None, settings=None) -> pd.DataFrame:
    """Clients with an open policy ranked by churn risk on ``on`` (C3-29), with the signals that
    fired and the handling action; only clients with a positive score are listed.

    Args:
        book: a :class:`~clientkit.model.book.Book`.
        on: the reference date; records after it are ignored.
        weights: ``{signal: weight}`` overriding the company's ``churn_weights``.
    Raises:
        InputError: ``on`` is not a date, an unknown signal or a negative weight.
    """
    ranked = score_signals(churn_signals(book, on, settings), weights, settings)
    ranked = ranked[ranked["score"] > 0].reset_index(drop=True)
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    return ranked
