"""Chapter-3 cases for ``date_calc`` / ``number_calc`` / ``flag_records`` (DOMAIN.md §3.5 exercises 1–6).

Every answer is computed by the chapter-3 calculators (:mod:`clientkit.rules.ch3_deadlines`,
:mod:`~clientkit.rules.ch3_metrics`, :mod:`~clientkit.rules.ch3_churn`,
:mod:`~clientkit.rules.ch3_service`) with the company settings in force; nothing is typed twice.
Trigger dates are drawn inside the holiday calendar's known years (2004–2026 with
chinese_calendar 1.11.0): lapse cases from 2024-01 to 2024-09 (their two-year window must end by
2026), other deadlines from 2024-01 to 2026-09.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from clientkit.i18n import t
from clientkit.model.schema import COMPLAINT_LEVELS, POLICY_STATUS
from clientkit.practice.cases import Case
from clientkit.rules import ch3_deadlines as dl
from clientkit.rules.ch3_churn import merge_weights, score_signals
from clientkit.rules.ch3_metrics import nps, nps_groups
from clientkit.rules.ch3_service import (COMPLAINT_ACTIONS, coaching_phrases_in, complaint_actions,
                                         needs_departure_notice, visit_items_missing)
from clientkit.rules.settings import Settings

LAPSE = ("grace_end", "suspended_from", "terminable_from")
DAY_EVENTS = {  # event: (function, days setting or None for working days, rule id)
    "complaint": (None, None, "C3-15"),
    "suspension_notice": (dl.suspension_notice_deadline, "suspension_notice_working_days", "C3-11"),
    "departure_notice": (dl.departure_notice_deadline, "departure_notice_days", "C3-12"),
    "review_request": (dl.review_request_deadline, "review_request_days", "C3-17"),
    "review_decision": (dl.review_decision_deadline, "review_decision_days", "C3-17"),
    "visit_issue": (dl.visit_issue_deadline, "visit_issue_working_days", "C3-06"),
    "surrender_refund": (dl.surrender_refund_deadline, "surrender_refund_days", "C3-25"),
}
WORKING = {"suspension_notice", "visit_issue"}
EVENTS = LAPSE + tuple(DAY_EVENTS)


def _draw(rng, first: date, last: date) -> date:
    return first + timedelta(days=int(rng.integers(0, (last - first).days + 1)))


def _day(value) -> date:
    return dl.to_day(value)


def _how_days(start: date, n: int, answer: date) -> str:
    plain = start + timedelta(days=n)
    how = t("ch3.practice.deadline.how_days", start=start.isoformat(), n=n, plain=plain.isoformat())
    if plain != answer:
        how += t("ch3.practice.deadline.how_rolled", plain=plain.isoformat(), answer=answer.isoformat())
    return how


def deadline_case(rng, params, fixed=None) -> Case:
    """Exercise 1 and the deadlines of exercises 3–4: one date computed by the library."""
    s = Settings.coerce(None)
    events = params.get("events") or list(EVENTS)
    event = fixed["event"] if fixed else events[int(rng.integers(0, len(events)))]
    note = t("ch3.practice.deadline.calendar")
    if event in LAPSE:
        due = _day(fixed["due"]) if fixed else _draw(rng, date(2024, 1, 1), date(2024, 9, 30))
        notice = (_day(fixed["notice"]) if fixed and fixed.get("notice") else None) if fixed else (
            due + timedelta(days=int(rng.integers(5, 40))) if rng.random() < 0.4 else None)
        out = dl.lapse_dates_for(due, notice, s)
        answer = out[event]
        window = out["terminable_from"] - timedelta(days=1)
        tail = (t("ch3.practice.deadline.with_notice", notice=notice.isoformat()) if notice
                else t("ch3.practice.deadline.without_notice"))
        prompt = t(f"ch3.practice.deadline.{event}", year=2, due=due.isoformat(), notice=tail)
        how = t("ch3.practice.deadline.how_lapse", grace=out["grace_end"].isoformat(),
                suspended=out["suspended_from"].isoformat(), window=window.isoformat())
        if notice:
            how = t("ch3.practice.deadline.how_notice") + how
        rule_ids = ("C3-23",) if event != "terminable_from" else ("C3-23", "C3-24")
    elif event == "complaint":
        received = _day(fixed["day"]) if fixed else _draw(rng, date(2024, 1, 1), date(2026, 9, 30))
        level = fixed.get("level", "simple") if fixed else COMPLAINT_LEVELS_KEYS[int(rng.integers(0, 3))]
        answer = dl.complaint_deadline_for(received, level, s)
        days = {"simple": s.complaint_days_simple, "complex": s.complaint_days_complex,
                "very_complex": s.complaint_days_complex + s.complaint_days_extension}[level]
        prompt = t("ch3.practice.deadline.complaint", received=received.isoformat(), level=COMPLAINT_LEVELS[level])
        how = _how_days(received, days, answer)
        rule_ids = ("C3-15",)
    else:
        fn, setting, rule_id = DAY_EVENTS[event]
        start = _day(fixed["day"]) if fixed else _draw(rng, date(2024, 1, 1), date(2026, 9, 30))
        answer = fn(start, s)
        n = s[setting]
        how = (t("ch3.practice.deadline.how_working", start=start.isoformat(), n=n) if event in WORKING
               else _how_days(start, n, answer))
        prompt = t(f"ch3.practice.deadline.{event}", day=start.isoformat())
        rule_ids = (rule_id,)
    why = t("ch3.practice.deadline.why", rule="、".join(rule_ids), how=how, answer=answer.isoformat())
    return Case([], (), answer.isoformat(), why, rule_ids, prompt=prompt, note=note, extra={"input": "date"})


COMPLAINT_LEVELS_KEYS = tuple(COMPLAINT_LEVELS)


def nps_case(rng, params, fixed=None) -> Case:
    """Exercise 5: NPS of a response table (C3-22)."""
    if fixed:
        counts = {10: int(fixed["promoters"]), 8: int(fixed["passives"]), 3: int(fixed["detractors"])}
    else:
        picks = rng.choice(11, size=int(rng.integers(4, 7)), replace=False)
        counts = {int(k): int(rng.integers(3, 60)) for k in sorted(picks, reverse=True)}
    scores = [k for k, n in counts.items() for _ in range(n)]
    answer = round(nps(scores), 1)
    g = nps_groups(scores)
    total = len(scores)
    table = "，".join(t("ch3.practice.survey.cell", score=k, n=n) for k, n in counts.items())
    why = t("ch3.practice.survey.why", p=g["promoters"], m=g["passives"], d=g["detractors"], total=total,
            answer=f"{answer:g}")
    return Case([], (), answer, why, ("C3-22",), prompt=t("ch3.practice.survey.prompt", total=total, table=table),
                note=t("ch3.practice.survey.round"), extra={"input": "number", "tolerance": 0.05})


def visit_script_case(rng, params, fixed=None) -> Case:
    """Exercise 2: which of the 7 回访 confirmations a transcript covers, and coaching (C3-05, C3-09)."""
    s = Settings.coerce(None)
    items = list(s.return_visit_items)
    covered = [i for i in range(7) if rng.random() < 0.7] if not fixed else list(fixed["covered"])
    coach = bool(rng.random() < 0.5) if not fixed else bool(fixed.get("coaching"))
    lines = [(t("ch3.practice.script.insurer"), t(f"ch3.practice.script.q{i + 1}")) for i in covered]
    agent = t("ch3.practice.script.coach_line") if coach else t("ch3.practice.script.fair_line")
    rows = [(t("ch3.practice.script.agent"), agent)] + lines
    missing = visit_items_missing([items[i] for i in covered], "annual", s)
    found = coaching_phrases_in(agent, s)
    answer = {f"i{items.index(x) + 1}" for x in items if x not in missing} | ({"coaching"} if found else set())
    options = tuple((f"i{k + 1}", items[k]) for k in range(7)) + (("coaching", t("ch3.practice.script.coaching")),)
    why = t("ch3.practice.script.why_items", got="、".join(x for x in items if x not in missing) or t("ch3.practice.script.nothing"),
            missing="、".join(missing) or t("ch3.practice.script.nothing"))
    why += t("ch3.practice.script.why_coaching", phrase="、".join(found)) if found else t("ch3.practice.script.why_no_coaching")
    return Case(rows, options, frozenset(answer), why, ("C3-05", "C3-09"), prompt=t("ch3.practice.script.prompt"))


ROSTER_STATUS = ("in_force", "in_force", "grace", "suspended", "surrendered", "matured", "cancelled_cooling_off")
ROSTER_PRODUCTS = (("安盈定期寿险", 20), ("康安重大疾病保险", 30), ("百万医疗保险", 1), ("平安出行意外伤害保险", 1),
                   ("金福年金保险", 15), ("鑫利两全保险(分红型)", 10))


def departure_roster_case(rng, params, fixed=None) -> Case:
    """Exercise 3: which policies of a departed agent need the C3-12 notice."""
    n = int(params.get("roster_size", 6))
    rows, options, answer = [], [], set()
    for k in range(n):
        product, term = ROSTER_PRODUCTS[int(rng.integers(0, len(ROSTER_PRODUCTS)))]
        status = ROSTER_STATUS[int(rng.integers(0, len(ROSTER_STATUS)))]
        pid = f"P{int(rng.integers(1000000, 9999999))}"
        label = t("ch3.practice.roster.row", policy=pid, product=product,
                  term=t("ch3.practice.roster.term_years", n=term), status=POLICY_STATUS[status])
        rows.append((pid, label.split("｜", 1)[1]))
        options.append((pid, pid))
        if needs_departure_notice(term, status):
            answer.add(pid)
    day = _draw(rng, date(2024, 1, 1), date(2026, 9, 30))
    chosen = "、".join(p for p, _ in options if p in answer) or t("ch3.practice.roster.none")
    return Case(rows, tuple(options), frozenset(answer), t("ch3.practice.roster.why", chosen=chosen), ("C3-12",),
                prompt=t("ch3.practice.roster.prompt", agent=t("ch3.practice.roster.agent"), day=day.isoformat()))


def complaint_route_case(rng, params, fixed=None) -> Case:
    """Exercise 4: what to do with a complaint (C3-17, C3-19)."""
    kind = fixed["kind"] if fixed else ("group", "single", "review")[int(rng.integers(0, 3))]
    if kind == "review":
        received = _draw(rng, date(2024, 1, 1), date(2026, 9, 30))
        n = int(fixed["n"]) if fixed else int(rng.choice([10, 20, 28, 35, 45]))
        answer = complaint_actions(1, False, received, received + timedelta(days=n))
        scenario = t("ch3.practice.route.review", n=n, day=received.isoformat())
    else:
        n = int(fixed["n"]) if fixed else int(rng.choice([3, 8, 15, 22, 30] if kind == "group" else [2, 3]))
        answer = complaint_actions(n, kind == "group")
        scenario = t(f"ch3.practice.route.{kind}", n=n)
    options = tuple((a, t(f"ch3.practice.route.action.{a}")) for a in COMPLAINT_ACTIONS)
    labels = dict(options)
    why = t("ch3.practice.route.why", actions="、".join(labels[a] for a in COMPLAINT_ACTIONS if a in answer))
    return Case([], options, answer, why, ("C3-17", "C3-19"), prompt=t("ch3.practice.route.prompt", scenario=scenario))


RANK_SIGNALS = ("suspended", "surrender_enquiry", "grace", "complaint", "orphan", "no_contact")


def churn_rank_case(rng, params, fixed=None) -> Case:
    """Exercise 6: top-N clients by weighted churn signals (C3-29), scored as overlap@N."""
    weights = merge_weights(params.get("weights"))
    top = int(params.get("top", 3))
    n = int(params.get("clients", 6))
    while True:
        ids = [f"K{k + 1:02d}" for k in range(n)]
        fired = rng.random((n, len(RANK_SIGNALS))) < 0.3
        table = pd.DataFrame(fired, columns=list(RANK_SIGNALS))
        table.insert(0, "client_id", ids)
        ranked = score_signals(table, {k: weights[k] for k in RANK_SIGNALS} | {k: 0 for k in weights if k not in RANK_SIGNALS})
        if ranked.score.iloc[top - 1] > ranked.score.iloc[top]:
            break
    rows = [(cid, "、".join(t(f"ch3.churn.signal.{s}") for s, on in zip(RANK_SIGNALS, fired[k]) if on) or "—")
            for k, cid in enumerate(ids)]
    note = t("ch3.practice.rank.weights", table="，".join(
        t("ch3.practice.rank.weight_row", signal=t(f"ch3.churn.signal.{s}"), w=f"{weights[s]:g}") for s in RANK_SIGNALS))
    chosen = ranked.client_id.iloc[:top].tolist()
    scores = "，".join(f"{c} {s:g}" for c, s in zip(ranked.client_id, ranked.score))
    why = t("ch3.practice.rank.why", scores=scores, n=top, top="、".join(chosen))
    return Case(rows, tuple((c, c) for c in ids), frozenset(chosen), why, ("C3-29",),
                prompt=t("ch3.practice.rank.prompt", n=top), note=note)


CASES = {
    "deadline": deadline_case, "nps": nps_case, "visit_script": visit_script_case,
    "departure_roster": departure_roster_case, "complaint_route": complaint_route_case, "churn_rank": churn_rank_case,
}
