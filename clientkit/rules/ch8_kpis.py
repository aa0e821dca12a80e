"""Chapter 8 KPIs of client-file management computed from a Book (DOMAIN.md §8.2, C8-03).

``kpis(book, on)`` returns one row per KPI: ``kpi`` (code), ``name`` (Chinese), ``value``,
``numerator``, ``denominator``, ``unit`` and ``formula`` (the Chinese formula, shown in the
chapter-8 app). The formulas are ⚠P in DOMAIN.md; this module grades these readings:

* period: the ``kpi_period_months`` (12) months ending on ``on``, i.e. (on − 12 个月, on];
* 档案完整率 (C1-03/C1-13): Σ filled required fields ÷ Σ required fields, the required list being
  :func:`clientkit.model.schema.required_fields` of each client's type and policy roles;
* 信息准确率 (C1-08/C1-10/C1-11/C1-12): filled ID numbers (id_card), USCCs and phones that pass
  their validator ÷ those filled;
* 及时更新率 (C1-15): change events of the period recorded within ``kpi_update_sla_days`` (30)
  days of the change ÷ change events of the period;
* 回访成功率 (R-SERV 第15条): policies whose 回访 of the period succeeded ÷ policies with a 回访
  of the period;
* 13/25 个月继续率 (C3-28): year-2 (year-3) premium paid by the end of the grace period (chapter
  3's ``grace_period_end``: due date + 60 days, holiday roll) ÷ year-1 premium, over installment
  policies (not 趸交, not 犹豫期撤单 or 理赔终止) whose year-2 (year-3) grace period ended in the period;
* 投诉率: complaints received in the period per 10,000 policies in force on ``on`` (‱);
* 投诉按期办结率 (C3-15, R-COMPL 第18条): complaints received in the period whose deadline has
  passed or that are decided, decided by the deadline (simple 15 / complex 30 / especially complex
  60 natural days, 民法典 第203条 holiday roll — chapter 3's ``complaint_deadline_for``) ÷ those;
* 整改按期完成率 (§8.3): items of an improvement log closed by their due date ÷ items due by
  ``on`` (the log is an argument; a Book has none, so without it the KPI has no denominator);
* 双录质检覆盖率 (C6-16 reading): dual-recorded policies of the period whose recording is filed in
  ``documents`` unedited with a SHA-256 ÷ dual-recorded policies of the period;
* NPS (C3-22): (promoters 9–10 − detractors 0–6) ÷ survey answers × 100.

A KPI without denominator has value NaN. Rates are in % (NPS in points, 投诉率 in ‱).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from clientkit.errors import CalendarError
from clientkit.i18n import t
from clientkit.model.dates import add_months, as_date, calendar_trace
from clientkit.model.schema import COMPLAINT_LEVELS
from clientkit.rules.ch3_deadlines import complaint_deadline_for, grace_period_end
from clientkit.model.schema import ROLE_REQUIRED, required_fields
from clientkit.model.validators import id_number_reasons, phone_kinds, uscc_reasons
from clientkit.rules.context import blank, dates, text
from clientkit.rules.settings import Settings

KPI_CODES = ("completeness", "accuracy", "timely_update", "return_visit", "persistency_13", "persistency_25",
             "complaint_rate", "complaint_on_time", "rectification_on_time", "dual_qc", "nps")
COLUMNS = ["kpi", "name", "value", "numerator", "denominator", "unit", "formula"]
EXCLUDED_STATUS = ("cancelled_cooling_off", "claim_terminated")
IN_FORCE = ("in_force", "grace", "suspended")


def _row(code: str, num: float, den: float, scale: float = 100.0, **ctx) -> dict:
    value = float(num) / float(den) * scale if den else float("nan")
    return {"kpi": code, "name": t(f"ch8.kpi.{code}.name"), "value": value, "numerator": float(num),
            "denominator": float(den), "unit": t(f"ch8.kpi.{code}.unit"), "formula": t(f"ch8.kpi.{code}.formula", **ctx)}


def _in_period(values: pd.Series, start: date, on: date) -> np.ndarray:
    d = dates(values)
    return ((d > pd.Timestamp(start)) & (d <= pd.Timestamp(on))).fillna(False).to_numpy(dtype=bool)


def completeness(book) -> tuple[int, int]:
    """(filled, required) required fields over all clients: per client the list of
    :func:`clientkit.model.schema.required_fields` for its type and policy roles (C1-03, C1-13)."""
    c = book.clients.reset_index(drop=True)
    ids = text(c["client_id"])
    roles = pd.DataFrame({
        "holder": ids.isin(set(text(book.policies["holder_id"]).dropna())).to_numpy(),
        "insured": ids.isin(set(text(book.policies["insured_id"]).dropna())).to_numpy(),
        "beneficiary": ids.isin(set(text(book.beneficiaries["client_id"]).dropna())).to_numpy(),
    })
    kinds = text(c["client_type"]).fillna("")
    filled = total = 0
    for (kind, *flags), group in roles.assign(kind=kinds.to_numpy())[["kind", *ROLE_REQUIRED]].groupby(
            ["kind", *ROLE_REQUIRED]).groups.items():
        if kind not in ("individual", "enterprise", "group"):
            continue
        fields = required_fields(kind, tuple(r for r, f in zip(ROLE_REQUIRED, flags) if f))
        rows = c.loc[group, fields]
        total += rows.size
        filled += int(sum((~blank(rows[f])).sum() for f in fields))
    return filled, total


def accuracy(book) -> tuple[int, int]:
    """(valid, checked) filled ID numbers of id_card holders, USCCs and client phones."""
    c = book.clients
    ids = text(c["id_number"]).where(text(c["id_type"]).eq("id_card").to_numpy(), None)
    parts = [(ids, id_number_reasons(ids).isna()), (text(c["uscc"]), uscc_reasons(text(c["uscc"])).isna()),
             (text(c["phone"]), phone_kinds(text(c["phone"])).notna())]
    checked = valid = 0
    for values, ok in parts:
        present = ~blank(values).to_numpy()
        checked += int(present.sum())
        valid += int((present & np.asarray(ok, dtype=bool)).sum())
    return valid, checked


def _grace_ends(due: pd.Series, settings) -> pd.Series:
    """End of the grace period of each due date (C3-23 via ch3's ``grace_period_end``: 60 days,
    a last day on a 法定休假日 moved to the next working day)."""
    ends = {}
    for d in due.dropna().unique():
        try:
            ends[d] = pd.Timestamp(grace_period_end(pd.Timestamp(d).date(), settings=settings))
        except CalendarError:  # outside the holiday calendar: no roll
            ends[d] = pd.Timestamp(d) + pd.Timedelta(days=60)
    return pd.to_datetime(due.map(ends))


def persistency(book, on, year: int = 2, period_months: int = 12, settings=None) -> tuple[float, float]:
    """(year-``year`` premium paid within grace, year-1 premium) of the cohort whose year-``year``
    grace period ended in the period ending on ``on`` (C3-28; ``year`` 2 → 13个月, 3 → 25个月).

    Aggregates over a 12-month window of cohorts; the single-cohort-month ratio of C3-28 is
    :func:`clientkit.rules.ch3_metrics.persistency_13m`."""
    on = as_date(on)
    start = add_months(on, -period_months)
    pol = book.policies
    keep = (text(pol["pay_mode"]).ne("single") & ~text(pol["status"]).isin(EXCLUDED_STATUS)).to_numpy()
    cohort = set(text(pol["policy_id"])[keep].dropna())
    prem = book.premiums
    pid = text(prem["policy_id"])
    due = dates(prem["due_date"])
    grace_end = _grace_ends(due.dt.normalize().where(due <= pd.Timestamp(on)), settings)
    nth = (prem["policy_year"] == year).fillna(False).to_numpy(dtype=bool)
    ended = _in_period(grace_end, start, on)
    members = set(pid[nth & ended & pid.isin(cohort).to_numpy()])
    first = (prem["policy_year"] == 1).fillna(False).to_numpy(dtype=bool) & pid.isin(members).to_numpy()
    paid = dates(prem["paid_date"])
    on_time = (paid <= grace_end).fillna(False).to_numpy(dtype=bool)
    numerator = prem["amount"][nth & pid.isin(members).to_numpy() & on_time].astype(float).sum()
    denominator = prem["amount"][first].astype(float).sum()
    return float(numerator), float(denominator)


def complaints_on_time(book, on, start, settings=None) -> tuple[int, int]:
    """(decided by the deadline, due or decided) complaints received in (start, on] (C3-15 via
    :func:`clientkit.rules.ch3_deadlines.complaint_deadline_for`; unknown level read as simple)."""
    i = book.interactions
    mask = text(i["kind"]).eq("complaint").to_numpy() & _in_period(i["occurred_on"], start, on)
    sub = i[mask]
    levels = text(sub["complaint_level"]).fillna("simple")
    received, decided = dates(sub["occurred_on"]), dates(sub["decided_on"])
    num = den = 0
    for r, lv, d in zip(received, levels, decided):
        if pd.isna(r):
            continue
        level = lv if lv in COMPLAINT_LEVELS else "simple"
        try:
            deadline = pd.Timestamp(complaint_deadline_for(r.date(), level, settings))
        except CalendarError:  # outside the holiday calendar: natural days, no roll
            deadline = r.normalize() + pd.Timedelta(days={"simple": 15, "complex": 30}.get(level, 60))
        if pd.isna(d) and deadline > pd.Timestamp(on):
            continue  # still running, not yet due
        den += 1
        num += int(not pd.isna(d) and d <= deadline)
    return num, den


def kpis(book, on) -> pd.DataFrame:
    """Every KPI of DOMAIN.md §8.2 for ``book`` as of ``on`` with the company settings in force
    and no improvement log; see :func:`kpis_for`."""
    return kpis_for(book, on)


def kpis_for(book, on, settings=None, improvements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every KPI of DOMAIN.md §8.2 for ``book`` as of ``on`` (readings in the module docstring).

    Args:
        book: a :class:`clientkit.model.book.Book`.
        on: reference date (date or ISO text).
        settings: company settings (dict / Settings / None for the installation's).
        improvements: optional improvement log with ``due_on`` and ``closed_on`` columns
            (:func:`clientkit.rules.ch8_appraisal.improvement_log`) for 整改按期完成率.
    Returns:
        DataFrame with columns ``kpi, name, value, numerator, denominator, unit, formula``,
        one row per code of :data:`KPI_CODES`, in that order. ``attrs["provisional"]`` lists
        the codes whose holiday rolls used the statutory calendar layer (issue 8 §2): show the
        catalog note ``calendar.provisional_note`` beside them.
    """
    on = as_date(on)
    s = Settings.coerce(settings)
    months = int(s["kpi_period_months"])
    start = add_months(on, -months)
    rows = [_row("completeness", *completeness(book)), _row("accuracy", *accuracy(book))]

    up = book.updates
    in_p = _in_period(up["changed_on"], start, on)
    lag = (dates(up["recorded_on"]) - dates(up["changed_on"])).dt.days
    timely = (lag <= int(s["kpi_update_sla_days"])).fillna(False).to_numpy(dtype=bool)
    rows.append(_row("timely_update", int((in_p & timely).sum()), int(in_p.sum()), days=int(s["kpi_update_sla_days"])))

    i = book.interactions
    kind = text(i["kind"])
    rv = i[kind.eq("return_visit").to_numpy() & _in_period(i["occurred_on"], start, on)]
    visited = set(text(rv["policy_id"]).dropna())
    good = set(text(rv["policy_id"])[rv["success"].fillna(False).to_numpy(dtype=bool)].dropna())
    rows.append(_row("return_visit", len(good), len(visited)))

    provisional = []  # KPIs whose deadlines used the statutory calendar layer (calendar_trace)
    for code, year in (("persistency_13", 2), ("persistency_25", 3)):
        with calendar_trace() as trace:
            rows.append(_row(code, *persistency(book, on, year, months, s)))
        provisional += [code] if trace.provisional else []

    n_complaints = int((kind.eq("complaint").to_numpy() & _in_period(i["occurred_on"], start, on)).sum())
    in_force = int(text(book.policies["status"]).isin(IN_FORCE).sum())
    rows.append(_row("complaint_rate", n_complaints, in_force, scale=10000.0))
    with calendar_trace() as trace:
        rows.append(_row("complaint_on_time", *complaints_on_time(book, on, start, s)))
    provisional += ["complaint_on_time"] if trace.provisional else []

    num = den = 0
    if improvements is not None and len(improvements):
        due, closed = dates(improvements["due_on"]), dates(improvements["closed_on"])
        is_due = (due <= pd.Timestamp(on)).fillna(False).to_numpy(dtype=bool)
        den = int(is_due.sum())
        num = int((is_due & (closed <= due).fillna(False).to_numpy(dtype=bool)).sum())
    rows.append(_row("rectification_on_time", num, den))

    pol = book.policies
    dual = pol[pol["dual_recorded"].fillna(False).to_numpy(dtype=bool) & _in_period(pol["sign_date"], start, on)]
    docs = book.documents
    ok = (text(docs["doc_type"]).eq("dual_recording") & ~docs["edited"].fillna(False).astype(bool)
          & ~blank(docs["sha256"])).to_numpy(dtype=bool)
    filed = set(text(docs["policy_id"])[ok].dropna())
    ids = text(dual["policy_id"])
    rows.append(_row("dual_qc", int(ids.isin(filed).sum()), len(ids)))

    surveys = i[kind.eq("survey").to_numpy() & _in_period(i["occurred_on"], start, on)]
    score = pd.to_numeric(surveys["nps_score"], errors="coerce").dropna()
    score = score[(score >= 0) & (score <= 10)]
    rows.append(_row("nps", int((score >= 9).sum()) - int((score <= 6).sum()), len(score)))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.attrs["provisional"] = provisional
    return out
