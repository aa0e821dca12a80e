"""Chapter 3 客户关系管理 — data checks of 回访, departure notices, complaints and NPS answers.

Each check takes a :class:`clientkit.rules.context.Context` and returns findings:

* C3-05 (R-SERV 第15条): a policy with term > 1 year, not group business nor property, whose
  犹豫期 (``cooling_off_days``, default setting 15, counted from ``sign_date``, last day moved off
  a holiday) ended before ``on`` has no successful ``return_visit`` on or before its last day
  (finding on ``policies.sign_date``), or its visit confirms fewer than the required items
  (the 7 of ``return_visit_items``; item 7 only for installment policies) — finding on
  ``interactions.items_confirmed``;
* C3-12 (R-SALES 第36条): an open policy (有效/宽限期/效力中止) of term > 1 year whose agent
  departed, with the 30-day notice deadline before ``on`` and no ``notice`` interaction to the
  holder from the departure day to the deadline (finding on ``policies.agent_id``);
* C3-15 (R-COMPL 第18、23条): a complaint decided after its deadline, or undecided when its
  deadline has passed (finding on ``interactions.decided_on``);
* C3-22: an ``nps_score`` that is not 0–10 (finding on ``interactions.nps_score``).

Calculators: :mod:`clientkit.rules.ch3_deadlines`, :mod:`~clientkit.rules.ch3_metrics`,
:mod:`~clientkit.rules.ch3_churn`.
"""
from __future__ import annotations

import re
from datetime import timedelta

import numpy as np
import pandas as pd

from clientkit.errors import CalendarError, InputError
from clientkit.i18n import t
from clientkit.model.dates import calendar_trace, period_end
from clientkit.rules.ch3_deadlines import (COMPLAINT_LEVELS, complaint_deadline_for, departure_notice_deadline,
                                           review_request_deadline, to_day)
from clientkit.rules.context import Context, dates, text
from clientkit.rules.findings import build, empty
from clientkit.rules.settings import Settings

_SPLIT = re.compile(r"[;；,，、\s]+")


def visit_items_missing(confirmed, pay_mode: str = "annual", settings=None) -> list[str]:
    """The required 回访 items (C3-05) not in ``confirmed`` (a ';'-separated text or a list),
    in rule order; item 7 (缴费期间与频率) is required only when ``pay_mode`` is not single."""
    items = list(Settings.coerce(settings).return_visit_items)
    if pay_mode == "single":
        items = items[:6]
    if isinstance(confirmed, str):
        got = {x for x in _SPLIT.split(confirmed) if x}
    else:
        got = set(confirmed or ())
    return [i for i in items if i not in got]


def coaching_phrases_in(transcript: str, settings=None) -> list[str]:
    """Forbidden coaching phrases (C3-09) found in an agent's words."""
    return [p for p in Settings.coerce(settings).coaching_phrases if p in (transcript or "")]


OPEN_STATUS = ("in_force", "grace", "suspended")
COMPLAINT_ACTIONS = ("emergency", "representatives", "normal", "accept_review", "late_review", "ask_materials")


def needs_departure_notice(term_years, status: str) -> bool:
    """C3-12: a policy of a departed salesperson whose holder must be notified — term over one
    year and not yet fulfilled (有效 / 宽限期 / 效力中止). ``term_years`` 0 = whole life."""
    term = int(term_years)
    return (term == 0 or term > 1) and status in OPEN_STATUS


def complaint_actions(people: int, face_to_face: bool = True, decision_received=None, review_requested=None,
                      settings=None) -> frozenset[str]:
    """What to do with a complaint (C3-17, C3-19; R-COMPL 第12、13、20、29条), as action codes.

    A review request (``review_requested``) is accepted when it comes by the 30-day deadline
    after ``decision_received`` (:func:`~clientkit.rules.ch3_deadlines.review_request_deadline`),
    else the complainant is told it is late. Otherwise a face-to-face complaint of at least
    ``major_complaint_people`` (20) people is a 重大消费投诉 (emergency plan) and a group of more
    than ``group_representatives_max`` (5) people chooses representatives; a smaller complaint
    follows the normal procedure. Asking for materials the company holds is never right."""
    s = Settings.coerce(settings)
    if review_requested is not None:
        last = review_request_deadline(decision_received, s)
        return frozenset({"accept_review" if to_day(review_requested) <= last else "late_review"})
    people = int(people)
    if people < 1:
        raise InputError("ch3.error.people", value=people)
    out = set()
    if face_to_face and people >= s.major_complaint_people:
        out.add("emergency")
    else:
        out.add("normal")
    if face_to_face and people > s.group_representatives_max:
        out.add("representatives")
    return frozenset(out)


def _safe_end(day: pd.Timestamp, days: int) -> pd.Timestamp:
    try:
        return pd.Timestamp(period_end(day, days=days))
    except CalendarError:
        return day + timedelta(days=days)


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def check_c3_05(ctx: Context) -> pd.DataFrame:
    """C3-05: no 回访 within the 犹豫期, or a 回访 that missed required items."""
    pol, inter = ctx.table("policies"), ctx.table("interactions")
    sign = dates(pol["sign_date"]).dt.normalize()
    cool = pd.to_numeric(pol["cooling_off_days"], errors="coerce").fillna(ctx.settings.cooling_off_default_days).astype(int)
    term = pd.to_numeric(pol["term_years"], errors="coerce")
    scope = ((term > 1) & ~text(pol["channel"]).eq("group") & ~text(pol["product_type"]).eq("property")
             & sign.notna()).fillna(False).to_numpy(dtype=bool)
    rows = np.flatnonzero(scope)
    if not len(rows):
        return empty()
    ends = pd.Series([_safe_end(sign.iloc[i], int(cool.iloc[i])) for i in rows], index=rows)
    due = ends < ctx.on_ts
    rows, ends = rows[due.to_numpy()], ends[due.to_numpy()]
    visits = inter[text(inter["kind"]).eq("return_visit").to_numpy() & inter["success"].astype("object").eq(True).to_numpy()]
    vdate = dates(visits["occurred_on"]).dt.normalize()
    first = pd.DataFrame({"policy_id": text(visits["policy_id"]).to_numpy(), "when": vdate.to_numpy(),
                          "pos": visits.index.to_numpy()}).dropna(subset=["policy_id", "when"])
    first = first.sort_values(["policy_id", "when"], kind="stable").drop_duplicates("policy_id")
    by_policy = first.set_index("policy_id")
    pids = text(pol["policy_id"]).iloc[rows].to_numpy()
    when = pd.to_datetime(pd.Series(pids, dtype=object).map(by_policy["when"].to_dict()), errors="coerce")
    ok = (when <= ends.reset_index(drop=True)).fillna(False).to_numpy(dtype=bool)
    missing = rows[~ok]
    parts = [build("C3-05", "policies", pol, missing, "sign_date", t("ch3.finding.visit_missing"),
                   client_ids=text(pol["holder_id"]).iloc[missing])]
    checked = pd.Series(pids[ok], dtype=object).map(by_policy["pos"].to_dict()).to_numpy(dtype=np.int64)
    modes = text(pol["pay_mode"]).iloc[rows[ok]].to_numpy(dtype=object)
    bad, messages = [], []
    for pos, mode in zip(checked, modes):
        gap = visit_items_missing(inter.at[pos, "items_confirmed"] if pd.notna(inter.at[pos, "items_confirmed"]) else "", mode, ctx.settings)
        if gap:
            bad.append(pos)
            messages.append(t("ch3.finding.visit_items", items="、".join(gap)))
    parts.append(build("C3-05", "interactions", inter, np.array(bad, dtype=np.int64), "items_confirmed", messages))
    return _concat(parts)


def check_c3_12(ctx: Context) -> pd.DataFrame:
    """C3-12: clients of a departed agent not notified within 30 days of the departure."""
    pol, agents, inter = ctx.table("policies"), ctx.table("agents"), ctx.table("interactions")
    gone = agents[text(agents["status"]).eq("departed").to_numpy() & agents["departed_on"].notna().to_numpy()]
    if not len(gone):
        return empty()
    left = pd.Series(dates(gone["departed_on"]).dt.normalize().to_numpy(), index=text(gone["agent_id"]).to_numpy())
    left = left[~left.index.duplicated()]
    departed = text(pol["agent_id"]).map(left)
    term = pd.to_numeric(pol["term_years"], errors="coerce")
    scope = (departed.notna() & ((term > 1) | (term == 0)) & text(pol["status"]).isin(OPEN_STATUS)).fillna(False).to_numpy(dtype=bool)
    rows = np.flatnonzero(scope)
    if not len(rows):
        return empty()
    ends = {}
    for d in set(departed.iloc[rows]):
        try:
            ends[d] = pd.Timestamp(departure_notice_deadline(d.date(), ctx.settings))
        except CalendarError:
            ends[d] = d + timedelta(days=ctx.settings.departure_notice_days)
    deadline = departed.iloc[rows].map(ends)
    rows, deadline, start = rows[(deadline < ctx.on_ts).to_numpy()], deadline[(deadline < ctx.on_ts).to_numpy()], departed.iloc[rows][(deadline < ctx.on_ts).to_numpy()]
    notes = inter[text(inter["kind"]).eq("notice").to_numpy()]
    got = pd.DataFrame({"client_id": text(notes["client_id"]).to_numpy(), "when": dates(notes["occurred_on"]).dt.normalize().to_numpy()})
    holders = text(pol["holder_id"]).iloc[rows].to_numpy()
    bad = []
    for r, h, s0, e in zip(rows, holders, start.to_numpy(), deadline.to_numpy()):
        w = got.loc[got["client_id"].eq(h).to_numpy(), "when"]
        if not ((w >= s0) & (w <= e)).any():
            bad.append(r)
    bad = np.array(bad, dtype=np.int64)
    return build("C3-12", "policies", pol, bad, "agent_id", t("ch3.finding.departure_missing", days=ctx.settings.departure_notice_days),
                 client_ids=text(pol["holder_id"]).iloc[bad])


def check_c3_15(ctx: Context) -> pd.DataFrame:
    """C3-15: complaints decided late, or still open after the deadline."""
    inter = ctx.table("interactions")
    level = text(inter["complaint_level"]).fillna("simple")
    level = level.where(level.isin(COMPLAINT_LEVELS), "simple")
    received = dates(inter["occurred_on"]).dt.normalize()
    rows = np.flatnonzero(text(inter["kind"]).eq("complaint").to_numpy() & received.notna().to_numpy())
    if not len(rows):
        return empty()
    cache, provisional = {}, set()
    deadline = []
    for r in rows:
        key = (received.iloc[r], level.iloc[r])
        if key not in cache:
            try:
                with calendar_trace() as trace:
                    cache[key] = pd.Timestamp(complaint_deadline_for(key[0].date(), key[1], ctx.settings))
                if trace.provisional:
                    provisional.add(cache[key])
            except CalendarError:
                extra = {"simple": 15, "complex": 30, "very_complex": 60}[key[1]]
                cache[key] = key[0] + timedelta(days=extra)
        deadline.append(cache[key])
    deadline = pd.Series(deadline, index=rows)
    decided = dates(inter["decided_on"]).dt.normalize().iloc[rows]
    late = (decided > deadline).fillna(False).to_numpy(dtype=bool)
    open_ = (decided.isna() & (deadline < ctx.on_ts)).to_numpy(dtype=bool)
    # a deadline from the statutory calendar layer carries the note beside it (issue 8 §2)
    note = f"（{t('calendar.provisional_note')}）"
    msg = [t("ch3.finding.complaint_late" if lt else "ch3.finding.complaint_open",
             deadline=d.date().isoformat() + (note if d in provisional else ""))
           for lt, d in zip(late[late | open_], deadline[late | open_])]
    return build("C3-15", "interactions", inter, rows[late | open_], "decided_on", msg)


def check_c3_22(ctx: Context) -> pd.DataFrame:
    """C3-22: NPS answers outside the whole numbers 0–10."""
    inter = ctx.table("interactions")
    score = pd.to_numeric(inter["nps_score"], errors="coerce")
    bad = (score.notna() & ((score < 0) | (score > 10) | (score != score.round()))).to_numpy(dtype=bool)
    return build("C3-22", "interactions", inter, np.flatnonzero(bad), "nps_score", t("ch3.finding.nps_range"))


CHECKS = {"C3-05": check_c3_05, "C3-12": check_c3_12, "C3-15": check_c3_15, "C3-22": check_c3_22}
