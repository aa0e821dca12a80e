"""Service methods for the dashboards, class sessions and the agent's progress page (issue 5):
every call works out from the user's role what they may see. Mixed into
:class:`clientkit.service.Service`."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd

from clientkit.chapters import CHAPTERS
from clientkit.errors import InputError, PermissionDenied
from clientkit.i18n import t
from clientkit.service_tasks import REVIEW_ROLES, SUBMIT_GRACE_S, OpenTask, _now


class ClassesMixin:
    # -- dashboards and class sessions ----------------------------------------------------
    # Every call re-derives what the user may see from their role and the store, never from
    # the arguments: an agent sees only their own data, a supervisor their team's agents, an
    # admin everyone, a trainer their own class sessions. Widget values only narrow that.
    # A supervisor without a team (a roster row left blank) sees no agent, not everyone.

    def teamless_supervisor(self) -> bool:
        """True for a supervisor whose account has no team: their views are empty."""
        return self.user.role == "supervisor" and not self.user.team

    def teams(self) -> list[str]:
        """Teams the user may filter by (a supervisor: their own)."""
        self.require(*REVIEW_ROLES)
        if self.user.role == "supervisor":
            return [self.user.team] if self.user.team else []
        return sorted({u.team for u in self.store.list_users(role="agent")})

    def visible_agents(self, team: str | None = None) -> list:
        """Agents whose data the user may see, optionally narrowed to ``team``."""
        self.require(*REVIEW_ROLES)
        if self.user.role == "supervisor":
            if team not in (None, "", self.user.team):
                raise PermissionDenied(role=self._role_label())
            team = self.user.team
            if not team:
                return []
        return self.store.list_users(role="agent", team=team or None)

    def _role_label(self) -> str:
        from clientkit.auth import ROLE_LABELS

        return ROLE_LABELS.get(self.user.role, self.user.role)

    def dashboard_scope(self, *, team=None, agent_id=None, chapter=None, mode=None, since=None,
                        until=None, session_id=None):
        """``(Scope, agents)`` for the filters, within what the user may see. Raises
        PermissionDenied for an agent or team outside it, InputError for a bad value."""
        from clientkit.store.dashboard import Scope
        from clientkit.store.tables import MODES

        agents = self.visible_agents(team)
        if agent_id not in (None, ""):
            wanted = [a for a in agents if a.id == _int(agent_id)]
            if not wanted:
                raise PermissionDenied(role=self._role_label())
            agents = wanted
        if mode not in (None, "") and mode not in MODES:
            raise InputError("store.mode_unknown", mode=str(mode))
        if chapter not in (None, ""):
            chapter = _int(chapter)
            if not any(c.number == chapter for c in CHAPTERS):
                raise InputError("dash.bad_filter")
        team = self.user.team if self.user.role == "supervisor" else (team or None)
        ids = tuple(a.id for a in agents) if agent_id not in (None, "") or self.teamless_supervisor() else None
        scope = Scope(user_ids=ids, agents_only=True, team=team, chapter=chapter or None, mode=mode or None,
                      since=since or None, until=until or None,
                      session_id=_int(session_id) if session_id not in (None, "") else None)
        return scope, agents

    def dashboard(self, only=None, **filters) -> dict:
        """The dashboard views (labelled DataFrames, see ``reports.dashboard.VIEW_NAMES``);
        ``only`` names the views wanted (default all)."""
        from clientkit.reports.dashboard import views

        scope, agents = self.dashboard_scope(**filters)
        return views(self.store, scope, agents, self.paper_titles(), only=only)

    def agent_detail(self, agent_id, **filters) -> pd.DataFrame:
        """One visible agent's newest attempts item by item (replayed, masked)."""
        from clientkit.reports.drilldown import agent_items

        scope, agents = self.dashboard_scope(agent_id=agent_id, **filters)
        return agent_items(self.store, agents[0].id, scope, self.exercise_titles())

    def export_dashboard(self, fmt: str = "xlsx", view: str = "mastery", **filters) -> tuple[str, bytes]:
        """``(file name, bytes)``: an Excel workbook with a sheet per view, or the CSV of one
        view (``fmt="csv"``); cells that a spreadsheet could evaluate are escaped."""
        from clientkit.reports.dashboard import VIEW_NAMES

        views = self.dashboard(**filters)
        stamp = _now().strftime("%Y%m%d-%H%M")
        if fmt == "csv":
            if view not in VIEW_NAMES:
                raise InputError("dash.bad_filter")
            return _export({VIEW_NAMES[view]: views[view]}, fmt, f"主管看板-{VIEW_NAMES[view]}-{stamp}")
        return _export({VIEW_NAMES[k]: v for k, v in views.items()}, fmt, f"主管看板-{stamp}")

    def dashboard_sessions(self) -> list[dict]:
        """Class sessions a supervisor may filter by (data stays limited to their team)."""
        from clientkit.store.classroom import sessions_of

        self.require(*REVIEW_ROLES)
        return sessions_of(self.store, None)

    def exercise_titles(self) -> dict[str, str]:
        titles = {}
        for ch in CHAPTERS:
            if ch.available:
                try:
                    titles.update({e.id: e.title for e in self.exercises(ch.number)})
                except Exception:  # a chapter without content yet
                    continue
            titles[f"assessment:ch{ch.number:02d}"] = t("ui.assessment_title", chapter=ch.number)
        from clientkit.practice.dialogue import drills

        titles.update({f"dialogue:{d.id}": t("dialogue.title_in_lists", title=d.title) for d in drills()})
        return titles

    # class sessions (trainer)

    def create_session(self, name: str, chapters, mode: str = "practice", item_count: int = 10,
                       time_limit_min: int | None = None) -> dict:
        from clientkit.store.tables import MODES

        self.require("trainer", "admin")
        name = (name or "").strip()[:100]
        chapters = sorted({_int(c) for c in (chapters or ())})
        available = {c.number for c in CHAPTERS if c.available}
        if not name or not chapters or not set(chapters) <= available or mode not in MODES:
            raise InputError("dash.session_invalid")
        count, limit = _int(item_count), _int(time_limit_min or 0)
        if not 1 <= count <= 50 or not 0 <= limit <= 180:
            raise InputError("dash.session_invalid")
        session = self.store.create_session(name=name, trainer_id=self.user.id, chapters=chapters, mode=mode,
                                            item_count=count, time_limit_s=limit * 60 or None)
        from clientkit.practice.session import session_paper

        session_paper(session, 0)  # fails now, not when agents join, if content is missing
        return session

    def my_sessions(self) -> list[dict]:
        from clientkit.store.classroom import sessions_of

        self.require("trainer", "admin")
        return sessions_of(self.store, None if self.user.role == "admin" else self.user.id)

    def _own_session(self, session_id) -> dict:
        from clientkit.store.classroom import get_session

        self.require("trainer", "admin")
        session = get_session(self.store, _int(session_id))
        if session is None or (self.user.role != "admin" and session["trainer_id"] != self.user.id):
            raise PermissionDenied(role=self._role_label())
        return session

    def session_board(self, session_id) -> dict:
        """The live board of one of the trainer's sessions (agents, items, score bands)."""
        from clientkit.reports.classroom import board

        session = self._own_session(session_id)
        return {"session": session, **board(self.store, session, self._users())}

    def reveal_session(self, session_id) -> None:
        from clientkit.store.classroom import set_reveal

        set_reveal(self.store, self._own_session(session_id)["id"], True)

    def close_session(self, session_id) -> None:
        from clientkit.store.classroom import close_session

        close_session(self.store, self._own_session(session_id)["id"])

    def export_class_report(self, session_id, fmt: str = "xlsx") -> tuple[str, bytes]:
        from clientkit.reports.classroom import report_views

        session = self._own_session(session_id)
        views = report_views(self.store, session, self._users())
        names = {"agents": "按业务员", "items": "按题目", "bands": "分数分布"}
        return _export({names[k]: v for k, v in views.items()}, fmt, f"课堂报告-{session['code']}")

    def _users(self) -> dict:
        return {u.id: u for u in self.store.list_users()}

    # class sessions (agent)

    def join_session(self, code: str) -> OpenTask:
        """Join a class session by its code: the session's paper, resumed if already opened.
        Raises InputError for an unknown or closed session or one already submitted."""
        from clientkit.practice.session import session_paper, session_seed

        session = self.store.find_session(str(code or "")[:16])
        if session is None:
            raise InputError("dash.code_unknown")
        self._session_open(session["id"])
        exercise_id = f"session:{session['id']}"
        seed = session_seed(session, self.user.id)
        task = session_paper(session, seed)
        existing = self.store.find_open_task(self.user.id, exercise_id)
        if existing is not None:
            if existing.get("content_version") and existing["content_version"] != task.content_version:
                from clientkit.practice.content import source_of

                task = session_paper(session, seed, source_of(existing["content_version"]).version)
            opened = OpenTask(existing["task_id"], task, existing["mode"], existing["started_at"],
                              existing["deadline"], session["id"], draft=dict(existing.get("draft") or {}))
            if opened.deadline is not None and _now() > opened.deadline + timedelta(seconds=SUBMIT_GRACE_S):
                self._submit_at_deadline(opened)  # the page was closed: its saved answers count
                raise InputError("dash.session_auto_submitted")
            self._tasks[opened.task_id] = opened
            return opened
        if self.store.attempt_count(self.user.id, exercise_id):
            raise InputError("dash.session_done")
        deadline = _now() + timedelta(seconds=task.time_limit_s) if task.time_limit_s else None
        return self._open(task, exercise_id, session["mode"], seed, deadline, session["id"])

    def _session_open(self, session_id: int) -> dict:
        from clientkit.store.classroom import get_session

        session = get_session(self.store, session_id)
        if session is None or session["closed_at"] is not None:
            raise InputError("dash.session_closed")
        return session

    def may_see_explanations(self, task_id: str) -> bool:
        """After submitting a class-session paper: practice sessions show explanations at
        once, assessment sessions only once the trainer reveals them (read from the store)."""
        from clientkit.store.classroom import get_session

        opened = self._own_task(task_id)
        if opened.session_id is None:
            return True
        session = get_session(self.store, opened.session_id)
        return session is not None and (session["mode"] == "practice" or bool(session["reveal"]))

    # progress (agent)

    def my_rules(self):
        """The user's own mastery per rule and the recommended next practice."""
        from clientkit.reports.recommend import recommend, rule_history, rule_mastery

        rules = rule_mastery(rule_history(self.store, self.user.id), _now())
        exercises = [e for ch in CHAPTERS if ch.available for e in _safe_exercises(self, ch.number)]
        return {"rules": rules, "recommendation": recommend(rules, exercises)}

    def start_recommended(self) -> OpenTask | None:
        """A practice variant of the recommended exercise (recomputed here, not taken from the page)."""
        rec = self.my_rules()["recommendation"]
        return self.new_practice(rec["exercise"].id) if rec else None


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InputError("dash.bad_filter") from None


def _safe_exercises(service, number: int):
    try:
        return service.exercises(number)
    except Exception:  # a chapter without content yet
        return []


def _export(views: dict, fmt: str, stem: str) -> tuple[str, bytes]:
    from clientkit.reports.export import to_csv, to_excel

    if fmt == "csv":
        first = next(iter(views.values()))
        return f"{stem}.csv", to_csv(first)
    if fmt != "xlsx":
        raise InputError("dash.bad_filter")
    return f"{stem}.xlsx", to_excel(views)
