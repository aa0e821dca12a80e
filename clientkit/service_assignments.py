"""Service methods of 学习任务 (assignments) and 结业证明 (issue 14). Mixed into
:class:`clientkit.service.Service`.

Who may assign to whom (checked here, never taken from the page): a supervisor their own team
(the team, or named agents of it); a trainer their own class sessions (a class, or named agents
who joined one); an admin anyone. An assignment lists chapters' parts (学习/练习/自测) and
dialogue drills (对话演练), a due date (a calendar day in the server's time zone), a pass mark,
and whether it is an onboarding assignment (结业证明 on completion).

Who may follow an assignment (see its completion and export it): its creator, an admin, a
supervisor whose team's agents it reaches, a trainer whose class session it targets; each sees
only the rows of the agents they may assign to (:meth:`AssignmentsMixin._follow_scope`).

**Completing** means, for every chapter of the assignment, a 自测 attempt submitted after the
assignment was created that reaches the pass mark, and for every drill a drill attempt after
that time reaching it too. 学习 and 练习 are shown as steps (练习 counts the practice attempts
since) but do not decide completion. Every method that depends on the clock takes ``now``
(naive UTC; default the server clock) so states across a day boundary are testable.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import pandas as pd

from clientkit.errors import InputError, PermissionDenied
from clientkit.i18n import t
from clientkit.service_tasks import _now

ASSIGNER_ROLES = ("supervisor", "trainer", "admin")
PART_ORDER = ("learn", "practice", "assessment")


def local_date(now: datetime) -> date:
    """The server's local calendar day of a naive UTC time (due dates are local days)."""
    return now.replace(tzinfo=timezone.utc).astimezone().date()


@dataclass
class AgentState:
    """One agent's standing on one assignment."""

    user: object
    state: str  # "done", "done_late", "open", "overdue"
    days_left: int  # negative when overdue
    score: float | None  # mean of the best scores of the required items since the assignment
    completed_at: datetime | None
    items: list[dict] = field(default_factory=list)  # per item: part, chapter/drill, best, passed, count
    assignment: dict | None = None
    certificate: dict | None = None  # an onboarding assignment's 结业证明, once completed


def _assessment_id(chapter: int) -> str:
    return f"assessment:ch{int(chapter):02d}"


def required(assignment: dict) -> list[str]:
    """Exercise ids whose pass mark completes the assignment (自测 per chapter, then drills)."""
    items = assignment["items"]
    return ([_assessment_id(i["chapter"]) for i in items if i["part"] == "assessment"]
            + [f"dialogue:{i['drill']}" for i in items if i["part"] == "drill"])


def standing(assignment: dict, user, scores: list, practice: dict, now: datetime) -> AgentState:
    """Work out an agent's state from their attempts since the assignment (``scores``: rows of
    :func:`clientkit.store.assignments.scores_since` for this user)."""
    mark = float(assignment["pass_mark"])
    best: dict[str, float] = {}
    passed_at: dict[str, datetime] = {}
    for _, exercise, score, when in scores:
        best[exercise] = max(best.get(exercise, 0.0), score)
        if score >= mark - 1e-9 and exercise not in passed_at:
            passed_at[exercise] = when
    needed = required(assignment)
    done = bool(needed) and all(e in passed_at for e in needed)
    completed_at = max(passed_at[e] for e in needed) if done else None
    got = [best[e] for e in needed if e in best]
    score = sum(got) / len(needed) if got else None
    today, due = local_date(now), assignment["due_date"]
    if done:
        state = "done" if local_date(completed_at) <= due else "done_late"
    else:
        state = "open" if today <= due else "overdue"
    items = []
    for item in assignment["items"]:
        entry = dict(item)
        if item["part"] in ("assessment", "drill"):
            key = _assessment_id(item["chapter"]) if item["part"] == "assessment" else f"dialogue:{item['drill']}"
            entry.update(best=best.get(key), passed=key in passed_at)
        elif item["part"] == "practice":
            entry.update(count=practice.get((user.id, int(item["chapter"])), 0))
        items.append(entry)
    return AgentState(user, state, (due - today).days, score, completed_at, items)


class AssignmentsMixin:
    # -- assigning ------------------------------------------------------------------------

    def assignable(self) -> dict:
        """What the user may assign to: ``{"teams": [...], "sessions": [(label, id)], "agents": [User]}``."""
        from clientkit.store.assignments import session_members
        from clientkit.store.classroom import sessions_of

        self.require(*ASSIGNER_ROLES)
        role = self.user.role
        agents = self.store.list_users(role="agent")
        agents = [a for a in agents if a.active]
        if role == "supervisor":
            return {"teams": [self.user.team] if self.user.team else [], "sessions": [],
                    "agents": [a for a in agents if self.user.team and a.team == self.user.team]}
        sessions = sessions_of(self.store, None if role == "admin" else self.user.id)
        labelled = [(f"{s['name']}（{s['code']}）", s["id"]) for s in sessions]
        if role == "trainer":
            joined = session_members(self.store, [s["id"] for s in sessions])
            return {"teams": [], "sessions": labelled, "agents": [a for a in agents if a.id in joined]}
        return {"teams": sorted({a.team for a in agents if a.team}), "sessions": labelled, "agents": agents}

    def create_assignment(self, title: str, chapters, parts=("learn", "practice", "assessment"), *,
                          due, pass_mark: float = 80, teams=(), sessions=(), agents=(), drills=(),
                          onboarding: bool = False, now: datetime | None = None) -> dict:
        """Assign chapters' parts (and drills) to teams, class sessions and/or named agents.

        ``pass_mark`` is a percentage (1–100); ``due`` a date not before today. Raises
        InputError (``assign.*``) for a bad value and PermissionDenied for a target outside
        what :meth:`assignable` allows."""
        from clientkit.chapters import CHAPTERS
        from clientkit.store.assignments import create_assignment

        allowed = self.assignable()
        now = now or _now()
        title = (title or "").strip()[:100]
        if not title:
            raise InputError("assign.no_title")
        chapters = sorted({_int(c) for c in (chapters or ())})
        if not chapters or not set(chapters) <= {c.number for c in CHAPTERS if c.available}:
            raise InputError("assign.no_chapters")
        parts = [p for p in PART_ORDER if p in set(parts or ())]
        if "assessment" not in parts:
            raise InputError("assign.needs_assessment")
        if not isinstance(due, date) or isinstance(due, datetime):
            raise InputError("assign.bad_due")
        if due < local_date(now):
            raise InputError("assign.due_past")
        mark = _number(pass_mark)
        if not 1 <= mark <= 100:
            raise InputError("assign.bad_pass_mark")
        items = [{"part": p, "chapter": c} for c in chapters for p in parts] + self._drill_items(drills)
        targets = self._targets(allowed, teams, sessions, agents)
        return create_assignment(self.store, title=title, created_by=self.user.id, items=items, due_date=due,
                                 pass_mark=mark / 100, targets=targets, created_at=now.replace(microsecond=0),
                                 onboarding=bool(onboarding))

    def _drill_items(self, drills) -> list[dict]:
        from clientkit.errors import ContentError
        from clientkit.practice.dialogue import drill

        items = []
        for drill_id in dict.fromkeys(str(d) for d in (drills or ())):
            try:
                found = drill(drill_id)
            except ContentError:
                raise InputError("assign.bad_drill") from None
            items.append({"part": "drill", "drill": found.id, "chapter": found.chapter})
        return items

    def _targets(self, allowed: dict, teams, sessions, agents) -> list[tuple[str, str]]:
        teams = {str(x) for x in (teams or ()) if str(x)}
        sessions = {_int(x) for x in (sessions or ())}
        agents = {_int(x) for x in (agents or ())}
        if not (teams or sessions or agents):
            raise InputError("assign.no_target")
        if (not teams <= set(allowed["teams"]) or not sessions <= {i for _, i in allowed["sessions"]}
                or not agents <= {a.id for a in allowed["agents"]}):
            raise PermissionDenied(role=self._role_label())
        return ([("team", x) for x in teams] + [("session", str(x)) for x in sessions]
                + [("user", str(x)) for x in agents])

    def assignments(self) -> list[dict]:
        """Assignments the user may follow, newest first, each with ``creator`` (a display name).

        An admin: all. Anyone else: those they made, and also, for a supervisor, those that reach
        an agent of their team (the team, a named agent of it, or a class one of them joined),
        for a trainer, those that target one of their class sessions, whoever made them. Which
        agents' rows each shows is :meth:`_follow_scope`'s."""
        from clientkit.store.assignments import assignments_reaching, list_assignments
        from clientkit.store.classroom import sessions_of

        self.require(*ASSIGNER_ROLES)
        role = self.user.role
        if role == "admin":
            found = list_assignments(self.store)
        else:
            found = list_assignments(self.store, self.user.id)
            if role == "supervisor":
                found += assignments_reaching(self.store, user_ids=[a.id for a in self.assignable()["agents"]],
                                              teams=[self.user.team] if self.user.team else [])
            else:
                found += assignments_reaching(self.store, sessions=[s["id"] for s in sessions_of(self.store, self.user.id)])
        unique = sorted({a["id"]: a for a in found}.values(), key=lambda a: (a["created_at"], a["id"]), reverse=True)
        names = {u.id: u.display_name or u.username for u in self.store.list_users()}
        return [{**a, "creator": names.get(a["created_by"], "")} for a in unique]

    def _follow_scope(self) -> set[int] | None:
        """Ids of the agents whose rows the user sees in any assignment (None: all, an admin): the
        agents they may assign to — a supervisor's active team agents, a trainer's class members."""
        if self.user.role == "admin":
            return None
        return {a.id for a in self.assignable()["agents"]}

    def _own_assignment(self, assignment_id) -> dict:
        """An assignment the user may follow (:meth:`assignments`), else PermissionDenied."""
        wanted = _int(assignment_id)
        found = next((a for a in self.assignments() if a["id"] == wanted), None)
        if found is None:
            raise PermissionDenied(role=self._role_label())
        return found

    # -- standing ---------------------------------------------------------------------------

    def _standings(self, assignment: dict, people, now: datetime) -> list[AgentState]:
        from clientkit.store.assignments import practice_counts_since, scores_since

        ids = [p.id for p in people]
        rows = scores_since(self.store, ids, required(assignment), assignment["created_at"])
        chapters = {int(i["chapter"]) for i in assignment["items"] if i["part"] == "practice"}
        practice = practice_counts_since(self.store, ids, chapters, assignment["created_at"])
        return [standing(assignment, p, [r for r in rows if r[0] == p.id], practice, now) for p in people]

    def assignment_status(self, assignment_id, now: datetime | None = None) -> dict:
        """An assignment the user may follow: ``{"assignment", "agents": DataFrame, "summary": {...}}``
        with the state, days left or overdue, score and completion time of every target agent
        within the user's scope (a supervisor: their team; a trainer: their classes' members)."""
        from clientkit.store.assignments import members

        assignment = self._own_assignment(assignment_id)
        scope = self._follow_scope()
        people = [p for p in members(self.store, assignment) if scope is None or p.id in scope]
        states = self._standings(assignment, people, now or _now())
        counts = {k: sum(s.state == k for s in states) for k in ("done", "done_late", "open", "overdue")}
        return {"assignment": assignment, "agents": status_table(states), "summary": {"total": len(states), **counts}}

    def export_assignment(self, assignment_id, fmt: str = "xlsx", now: datetime | None = None) -> tuple[str, bytes]:
        """The status table as Excel (with a sheet of the assignment's settings) or CSV."""
        from clientkit.service_classes import _export

        status = self.assignment_status(assignment_id, now)
        a = status["assignment"]
        stem = f"学习任务-{_safe(a['title'])}-{(now or _now()).strftime('%Y%m%d')}"
        return _export({"完成情况": status["agents"], "任务设置": settings_table(a)}, fmt, stem)

    def my_assignments(self, now: datetime | None = None) -> list[AgentState]:
        """The signed-in agent's assignments (open first by due date), each with its standing;
        a completed onboarding assignment gets its 结业证明 issued here (once)."""
        from clientkit.store.assignments import assignments_for

        self.recheck()
        now = now or _now()
        out = []
        for a in assignments_for(self.store, self.user.id, self.user.team):
            state = self._standings(a, [self.user], now)[0]
            state.assignment = a
            if a["onboarding"] and state.completed_at is not None:
                state.certificate = self._issue_certificate(a, state, now)
            out.append(state)
        rank = {"overdue": 0, "open": 1, "done_late": 2, "done": 3}
        return sorted(out, key=lambda s: (rank[s.state], s.assignment["due_date"]))

    # -- certificates -----------------------------------------------------------------------

    def _issue_certificate(self, assignment: dict, state: AgentState, now: datetime) -> dict:
        from clientkit.certificates import make_code
        from clientkit.store.assignments import add_certificate, certificate_of

        existing = certificate_of(self.store, assignment["id"], self.user.id)
        if existing is not None:
            return existing
        record = {"id": uuid.uuid4().hex, "assignment_id": assignment["id"], "user_id": self.user.id,
                  "name": self.user.display_name or self.user.username, "title": assignment["title"],
                  "score": round(float(state.score or 0.0), 4),
                  "completed_at": state.completed_at.replace(microsecond=0), "issued_at": now.replace(microsecond=0)}
        record["code"] = make_code(record)
        return add_certificate(self.store, record)

    def certificate_pdf(self, assignment_id, now: datetime | None = None) -> tuple[str, bytes]:
        """The signed-in agent's 结业证明 of a completed onboarding assignment as a PDF.
        Raises InputError when the assignment is not theirs, not onboarding or not completed."""
        from clientkit.reports.printable import certificate_html
        from clientkit.reports.pdf import html_to_pdf

        wanted = _int(assignment_id)
        for state in self.my_assignments(now):
            cert = state.certificate
            if state.assignment["id"] == wanted and cert is not None:
                return f"结业证明-{_safe(cert['title'])}.pdf", html_to_pdf(certificate_html(cert))
        raise InputError("assign.no_certificate")


def status_table(states: list[AgentState]) -> pd.DataFrame:
    """The labelled per-agent table of an assignment (screen and export)."""
    rows = []
    for s in states:
        rows.append({
            "业务员": s.user.display_name or s.user.username, "团队": s.user.team,
            "状态": state_label(s),
            "成绩": f"{round(s.score * 100)}%" if s.score is not None else "—",
            "完成时间": _local(s.completed_at) if s.completed_at else "—",
        })
    return pd.DataFrame(rows, columns=["业务员", "团队", "状态", "成绩", "完成时间"])


def state_label(s: AgentState) -> str:
    """已完成 / 逾期完成 / 剩 N 天 / 今天到期 / 已逾期 N 天."""
    if s.state == "done":
        return t("assign.state_done")
    if s.state == "done_late":
        return t("assign.state_done_late")
    if s.state == "overdue":
        return t("assign.state_overdue", days=-s.days_left)
    return t("assign.state_today") if s.days_left == 0 else t("assign.state_left", days=s.days_left)


def settings_table(a: dict) -> pd.DataFrame:
    return pd.DataFrame({"项目": ["任务名称", "内容", "截止日期", "及格线", "结业证明", "布置人"],
                         "内容": [a["title"], items_text(a["items"]), a["due_date"].isoformat(),
                                f"{round(a['pass_mark'] * 100)}%", "是" if a["onboarding"] else "否",
                                a.get("creator") or "—"]})


def items_text(items: list[dict]) -> str:
    """``第1章 学习、练习、自测；对话演练：…`` for lists and exports."""
    from clientkit.practice.dialogue.loader import all_drills

    by_chapter: dict[int, list[str]] = {}
    drills = []
    for i in items:
        if i["part"] == "drill":
            found = all_drills().by_id.get(i["drill"])
            drills.append(found.title if found else i["drill"])
        else:
            by_chapter.setdefault(int(i["chapter"]), []).append(t(f"assign.part_{i['part']}"))
    text = "；".join(f"第{c}章 " + "、".join(p) for c, p in sorted(by_chapter.items()))
    if drills:
        text += "；" + t("assign.part_drill") + "：" + "、".join(drills)
    return text


def _local(moment: datetime) -> str:
    from clientkit.service import local_time

    return local_time(moment)


def _safe(text: str) -> str:
    return "".join(ch for ch in str(text) if ch not in '\\/:*?"<>|\r\n\t')[:40] or "任务"


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError("assign.bad_value") from None


def _number(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError("assign.bad_pass_mark") from None
    if number != number:  # NaN
        raise InputError("assign.bad_pass_mark")
    return number


def verify_certificate(code: str, store=None) -> dict | None:
    """The masked facts of the certificate a verification code belongs to (``name`` masked,
    ``assignment``, ``day``, ``score``), or None for an unknown or edited code (CLI ``clientkit
    verify``; the web page is :mod:`clientkit.serve.verify`)."""
    from clientkit.certificates import verify
    from clientkit.serve.verify import summary
    from clientkit.store import Store

    own = store is None
    store = store or Store.open()
    try:
        record = verify(store, code)
        return summary(record) if record is not None else None
    finally:
        if own:
            store.close()
