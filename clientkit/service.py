"""The one facade the UI and the CLI call (DESIGN.md "Layers").

A :class:`Service` is bound to one signed-in user. Everything a widget asks for goes through
it, and every call re-checks on the server what the browser cannot be trusted with: who the
user is, what their role allows, whether a task is theirs, already submitted or past its time
limit. Answer keys stay inside :class:`clientkit.practice.Task` objects in this process; the
UI only ever receives ``task.items``.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import pandas as pd

from clientkit import __version__
from clientkit.chapters import CHAPTERS, chapter
from clientkit.errors import AnswerError, InputError, PermissionDenied
from clientkit.i18n import t

# Seconds accepted after an assessment's deadline (network latency, a slow click).
SUBMIT_GRACE_S = 30

REVIEW_ROLES = ("supervisor", "admin")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class OpenTask:
    """A task handed to the UI: the task (with its private key) and its server-side record."""

    task_id: str
    task: object
    mode: str
    started_at: datetime
    deadline: datetime | None
    session_id: int | None = None

    def seconds_left(self, now: datetime | None = None) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or _now())).total_seconds()))


class Service:
    """The facade for one user; construct with :meth:`for_request` inside a Voila kernel."""

    def __init__(self, store, user) -> None:
        self.store = store
        self.user = user
        self._tasks: dict[str, OpenTask] = {}

    # -- identity -------------------------------------------------------------------------

    @classmethod
    def for_request(cls) -> Service:
        """The service for the user whose signed cookie came with this page request."""
        from clientkit.auth import current_user
        from clientkit.store import Store

        store = Store.open()
        return cls(store, current_user(store))

    def require(self, *roles: str) -> None:
        if self.user.role not in roles:
            from clientkit.auth import ROLE_LABELS

            raise PermissionDenied(role=ROLE_LABELS.get(self.user.role, self.user.role))

    # -- chapters and rules ---------------------------------------------------------------

    def chapters(self):
        return CHAPTERS

    def chapter_rules(self, number: int):
        from clientkit.rules.registry import rules

        return rules(chapter=number)

    def rule_examples(self, rule_id: str) -> dict:
        """A valid and an invalid example of ``rule_id`` from the sample book, masked."""
        from clientkit.reports.examples import rule_examples

        return rule_examples(sample_book(), sample_findings(), rule_id)

    # -- practice and assessment ----------------------------------------------------------

    def exercises(self, number: int):
        from clientkit.practice import exercises

        return exercises(chapter=number)

    def new_practice(self, exercise_id: str) -> OpenTask:
        """A fresh variant of a practice exercise: its seed comes from (user, exercise, n-th try)."""
        from clientkit.practice import derive_seed, make_task

        attempt_no = self.store.task_count(self.user.id, exercise_id) + 1
        seed = derive_seed(self.user.id, exercise_id, attempt_no)
        task = make_task(exercise_id, seed)
        return self._open(task, exercise_id, "practice", seed, None)

    def start_assessment(self, number: int) -> OpenTask:
        """The chapter's fixed 自测. An unfinished one is resumed with its original deadline,
        so reloading the page neither resets the clock nor gives a second try at the items."""
        from clientkit.practice import assessment

        exercise_id = f"assessment:ch{number:02d}"
        task = assessment(number, seed=0)
        existing = self.store.find_open_task(self.user.id, exercise_id)
        if existing is not None and existing["status"] == "open":
            deadline = existing["deadline"]
            if deadline is None or _now() <= deadline + timedelta(seconds=SUBMIT_GRACE_S):
                opened = OpenTask(existing["task_id"], task, "assessment", existing["started_at"], deadline)
                self._tasks[opened.task_id] = opened
                return opened
            self.store.expire_task(existing["task_id"])
        deadline = _now() + timedelta(seconds=task.time_limit_s) if task.time_limit_s else None
        return self._open(task, exercise_id, "assessment", 0, deadline)

    def _open(self, task, exercise_id, mode, seed, deadline, session_id=None) -> OpenTask:
        task_id = uuid.uuid4().hex
        started = _now()
        self.store.open_task(
            task_id=task_id, user_id=self.user.id, exercise_id=exercise_id, chapter=task.chapter,
            mode=mode, seed=seed, started_at=started, deadline=deadline, session_id=session_id,
        )
        opened = OpenTask(task_id, task, mode, started, deadline, session_id)
        self._tasks[task_id] = opened
        return opened

    def unanswered(self, task_id: str, answer: dict) -> list[int]:
        """1-based numbers of the items left blank (to warn before submitting)."""
        from clientkit.practice import unanswered

        opened = self._own_task(task_id)
        blank = set(unanswered(opened.task, answer))
        return [i + 1 for i, item in enumerate(opened.task.items) if item.item_id in blank]

    def submit(self, task_id: str, answer: dict, *, allow_blank: bool = False):
        """Score and store an answer. Raises AnswerError when items are blank (unless
        ``allow_blank``), InputError when the task is not this user's, already submitted or
        past its time limit. The attempt id is the task id, so a retry never duplicates."""
        from clientkit.practice import score

        opened = self._own_task(task_id)
        record = self.store.get_task(task_id)
        if record is None or record["user_id"] != self.user.id:
            raise InputError("service.task_unknown")
        if record["status"] != "open":
            raise InputError("service.already_submitted")
        if opened.session_id is not None:
            self._session_open(opened.session_id)
        now = _now()
        if opened.deadline is not None and now > opened.deadline + timedelta(seconds=SUBMIT_GRACE_S):
            self.store.expire_task(task_id)
            raise InputError("service.time_over")
        blanks = self.unanswered(task_id, answer)
        if blanks and not allow_blank:
            raise AnswerError("service.blank_items", items="、".join(map(str, blanks)))
        result = score(opened.task, answer)
        self.store.record_attempt(self._attempt(opened, answer, result, now))
        return result

    def submit_time_up(self, task_id: str, answer: dict):
        """Submit when an assessment's time is up: whatever was entered counts; an entry of the
        wrong shape (letters in a number field) counts as blank instead of blocking the submission."""
        from clientkit.practice import score

        opened = self._own_task(task_id)
        usable = {}
        for item_id, value in answer.items():
            try:
                score(opened.task, {item_id: value})
            except AnswerError:
                continue
            usable[item_id] = value
        return self.submit(task_id, usable, allow_blank=True)

    def _attempt(self, opened: OpenTask, answer: dict, result, submitted: datetime) -> dict:
        from clientkit.rules.settings import current_settings

        settings = current_settings()
        task = opened.task
        return {
            "attempt_id": opened.task_id,
            "user_id": self.user.id,
            "exercise_id": task.exercise_id,
            "chapter": task.chapter,
            "mode": opened.mode,
            "session_id": opened.session_id,
            "seed": task.seed,
            "started_at": opened.started_at,
            "submitted_at": submitted,
            "answer": {k: v for k, v in answer.items()},
            "items": [_item_record(r) for r in result.items],
            "score": result.score,
            "points": result.points,
            "max_points": result.max_points,
            "rules_version": settings.version(),
            "settings": settings.as_dict(),
            "package_version": __version__,
            "content_version": task.content_version,
        }

    def _own_task(self, task_id: str) -> OpenTask:
        opened = self._tasks.get(task_id)
        if opened is None:
            raise InputError("service.task_unknown")
        return opened

    # -- 档案体检 ------------------------------------------------------------------------------

    def checkup(self, content: bytes, filename: str, on) -> tuple[pd.DataFrame, pd.DataFrame, int, pd.DataFrame]:
        """Audit an uploaded client list in memory: ``(findings, masked import issues, rows,
        chapter-8 KPIs)``; the KPIs that need tables a client list lacks show no value."""
        from clientkit.model.importing import import_book
        from clientkit.model.masking import mask_issues
        from clientkit.rules.audit import audit
        from clientkit.rules.ch8_kpis import kpis_for

        book = import_book(content, name=filename)
        return audit(book, on=on), mask_issues(book.issues), len(book.clients), kpis_for(book, on)

    # -- progress and review --------------------------------------------------------------

    def my_progress(self) -> dict:
        """The signed-in user's own mastery per chapter and attempt history."""
        from clientkit.reports.progress import progress

        return progress(self.store, self.user.id)

    def review(self, number: int = 1, team: str | None = None) -> dict:
        """Supervisor review of a chapter: every agent's attempts, scores, most-missed rules.
        Supervisors see their own team, admins everyone."""
        from clientkit.reports.review import review

        self.require(*REVIEW_ROLES)
        if self.user.role == "supervisor":
            team = self.user.team
        return review(self.store, number, team=team)

    # -- chapter 2 --------------------------------------------------------------------------

    def profile_clients(self, limit: int = 300) -> list[tuple[str, str]]:
        """(label, client_id) of the sample book's individual clients for the 客户画像 tool;
        labels carry the masked name only (C2 画像, DESIGN.md masking)."""
        from clientkit.model.masking import mask

        clients = sample_book().clients
        people = clients[clients["client_type"] == "individual"].head(limit)
        return [(f"{cid} {mask(name, 'name') if isinstance(name, str) else ''}".strip(), cid)
                for cid, name in zip(people["client_id"], people["name"])]

    def client_profile(self, client_id: str) -> pd.DataFrame:
        """One client's profile tags in the sample book as of its reference date (C2-11…C2-16)."""
        from clientkit.rules.ch2_portrait import client_profile, profile_as_of

        book = sample_book()
        return client_profile(book, client_id, profile_as_of(book))

    # -- chapter 4 --------------------------------------------------------------------------

    def match_clients(self, limit: int = 300) -> list[tuple[str, str]]:
        """(label, client_id) of the sample book's individual clients for the 产品匹配 tool;
        labels carry the masked name and the age only."""
        from clientkit.model.masking import mask

        clients = sample_book().clients
        people = clients[clients["client_type"] == "individual"].head(limit)
        return [(f"{cid} {mask(name, 'name') if isinstance(name, str) else ''}".strip(), cid)
                for cid, name in zip(people["client_id"], people["name"])]

    def client_needs(self, client_id: str):
        """The matcher input for a sample-book client as of the book's reference date (C4-01/02)."""
        from datetime import date

        from clientkit.rules.ch4_clients import needs_of

        book = sample_book()
        return needs_of(book, client_id, date.fromisoformat(str(book.meta.get("on", "2026-06-30"))))

    def match_products(self, needs) -> dict:
        """Suitable products ranked with reasons and requirements, excluded ones with the rule."""
        from clientkit.rules.ch4_products import match_products

        return match_products(needs)

    def recommendation_effect(self) -> list[dict]:
        """4.4 metrics of the sample book: all policies, then per product (name, metrics)."""
        from datetime import date

        from clientkit.rules.ch4_effect import effect_metrics

        book = sample_book()
        on = date.fromisoformat(str(book.meta.get("on", "2026-06-30")))
        pol = book.policies
        rows = [{"label": "", **effect_metrics(book, on)}]
        for code, name in sorted(set(zip(pol["product_code"].astype(str), pol["product_name"].astype(str)))):
            rows.append({"label": f"{code} {name}", **effect_metrics(book, on, codes=[code])})
        return rows

    # -- chapter 3 --------------------------------------------------------------------------

    def churn_view(self, weights=None):
        """(reference date, clients needing action, weights in force, threshold) for the 流失预警
        tool: the sample book's clients whose churn score (C3-29) reaches the company threshold on
        its reference date, with the signals fired and the handbook's action; names masked."""
        from clientkit.model.masking import mask
        from clientkit.rules.ch3_churn import churn_scores, merge_weights
        from clientkit.rules.settings import current_settings

        book = sample_book()
        on = pd.Timestamp(book.meta["on"]).date()
        ranked = churn_scores(book, on, weights)
        ranked = ranked[ranked["needs_action"]].reset_index(drop=True)
        names = book.clients.set_index("client_id")["name"]
        ranked.insert(2, "name", [mask(str(names.get(c, "")), "name") if pd.notna(names.get(c)) else "" for c in ranked["client_id"]])
        return on, ranked, merge_weights(weights), current_settings().churn_action_threshold

    # -- chapter 8 --------------------------------------------------------------------------

    def kpi_view(self):
        """(reference date, KPI table, improvement log) of the sample book for the 指标 tool
        (DOMAIN.md §8.2, §8.3); aggregates only."""
        from clientkit.rules.ch8_appraisal import sample_improvement_log
        from clientkit.rules.ch8_kpis import kpis_for

        book = sample_book()
        on = pd.Timestamp(book.meta["on"]).date()
        log = sample_improvement_log(on)
        return on, kpis_for(book, on, improvements=log), log

    def training_view(self) -> pd.DataFrame:
        """Active agents of the sample book with this year's training hours and the hours still
        missing (C8-06, :func:`clientkit.rules.ch8_appraisal.training_shortfall`); no names."""
        from clientkit.rules.ch8_appraisal import training_shortfall

        agents = sample_book().agents
        active = agents[agents["status"] == "active"][["agent_id", "team", "training_hours"]].reset_index(drop=True)
        hours = active["training_hours"].astype(float).fillna(0.0)
        return active.assign(shortfall=[training_shortfall(float(h)) for h in hours])

    # -- chapter 5 --------------------------------------------------------------------------

    def access_review(self, only_flagged: bool = False) -> pd.DataFrame:
        """The sample book's access log for the 调阅记录审查 tool, newest first, with the
        servicing agent of each client and the chapter-5 findings of each line (C5-01…C5-03)."""
        from clientkit.reports.access import access_review

        return access_review(sample_book(), sample_findings(), only_flagged=only_flagged)

    # -- chapter 6 --------------------------------------------------------------------------

    def compliance_report(self, previous=None):
        """The 6.4 compliance check of the sample book as of its reference date (findings masked)."""
        from clientkit.rules.ch6_compliance import compliance_check

        book = sample_book()
        return compliance_check(book, on=pd.Timestamp(book.meta["on"]).date(), previous=previous)

    # -- dashboards and class sessions ----------------------------------------------------
    # Every call re-derives what the user may see from their role and the store, never from
    # the arguments: an agent sees only their own data, a supervisor their team's agents, an
    # admin everyone, a trainer their own class sessions. Widget values only narrow that.

    def teams(self) -> list[str]:
        """Teams the user may filter by (a supervisor: their own)."""
        self.require(*REVIEW_ROLES)
        if self.user.role == "supervisor":
            return [self.user.team]
        return sorted({u.team for u in self.store.list_users(role="agent")})

    def visible_agents(self, team: str | None = None) -> list:
        """Agents whose data the user may see, optionally narrowed to ``team``."""
        self.require(*REVIEW_ROLES)
        if self.user.role == "supervisor":
            if team not in (None, "", self.user.team):
                raise PermissionDenied(role=self._role_label())
            team = self.user.team
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
        ids = tuple(a.id for a in agents) if agent_id not in (None, "") else None
        scope = Scope(user_ids=ids, agents_only=True, team=team, chapter=chapter or None, mode=mode or None,
                      since=since or None, until=until or None,
                      session_id=_int(session_id) if session_id not in (None, "") else None)
        return scope, agents

    def dashboard(self, only=None, **filters) -> dict:
        """The dashboard views (labelled DataFrames, see ``reports.dashboard.VIEW_NAMES``);
        ``only`` names the views wanted (default all)."""
        from clientkit.reports.dashboard import views

        scope, agents = self.dashboard_scope(**filters)
        return views(self.store, scope, agents, self.exercise_titles(), only=only)

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
            opened = OpenTask(existing["task_id"], task, existing["mode"], existing["started_at"],
                              existing["deadline"], session["id"])
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


def _item_record(r) -> dict:
    return {
        "item_id": r.item_id,
        "correct": bool(r.correct),
        "points": float(r.points),
        "max_points": float(r.max_points),
        "rule_ids": list(r.rule_ids),
    }


@lru_cache(maxsize=1)
def sample_book():
    """The shipped demo book (``sample_data/demo_book``), loaded once per process."""
    from clientkit.config import sample_data_dir
    from clientkit.model.book import Book

    return Book.load(sample_data_dir() / "demo_book")


@lru_cache(maxsize=1)
def sample_findings() -> pd.DataFrame:
    from clientkit.rules.audit import audit

    book = sample_book()
    return audit(book, on=pd.Timestamp(book.meta["on"]).date())


def chapter_title(number: int) -> str:
    return chapter(number).label


def message_of(exc: Exception) -> str:
    """The Chinese message for any exception (generic text for unexpected ones)."""
    from clientkit.errors import ClientkitError

    if isinstance(exc, ClientkitError):
        return exc.message()
    return t("error.unexpected")


# -- administration (CLI) -------------------------------------------------------------------

DEMO_USERS = (
    ("demo_agent", "agent", "示范团队", "示范业务员"),
    ("demo_supervisor", "supervisor", "示范团队", "示范主管"),
)


def prepare_instance(store=None) -> list[tuple[str, str, str]]:
    """Open (and migrate) the store; on first run create the demo agent and supervisor.

    Returns ``[(username, role, password)]`` for users created now (passwords are shown once
    and stored only as argon2 hashes), or an empty list when users already exist."""
    import secrets

    from clientkit.store import Store

    store = store or Store.open()
    if store.list_users():
        return []
    created = []
    for username, role, team, display in DEMO_USERS:
        password = secrets.token_urlsafe(9)
        store.add_user(username, password, role=role, team=team, display_name=display)
        created.append((username, role, password))
    return created


def add_user(username: str, password: str, role: str, team: str = "", display_name: str = "", store=None):
    from clientkit.store import Store

    return (store or Store.open()).add_user(username, password, role=role, team=team, display_name=display_name)


def list_users(store=None):
    from clientkit.store import Store

    return (store or Store.open()).list_users()


def generate_to(folder, n_clients: int, seed: int = 0, defect_rate: float = 0.0, on=None, fmt: str = "csv"):
    """Generate a synthetic book and save it to ``folder``; returns the Book."""
    from clientkit.generate import generate_book

    book = generate_book(n_clients, seed=seed, defect_rate=defect_rate, on=on)
    book.save(folder, fmt=fmt)
    return book


def audit_source(source, on=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """档案体检 of a Book folder or a CSV/Excel client list: ``(findings, import_issues)``.
    Findings carry masked values only."""
    from pathlib import Path

    from clientkit.model.book import Book
    from clientkit.model.importing import import_book
    from clientkit.rules.audit import audit

    from clientkit.model.masking import mask_issues

    path = Path(source)
    book = Book.load(path) if path.is_dir() else import_book(path)
    if on is None:
        on = pd.Timestamp(book.meta["on"]).date() if book.meta.get("on") else pd.Timestamp.today().date()
    return audit(book, on=on), mask_issues(book.issues)


# -- chapter 7: store backup and restore (C7-07) --------------------------------------------

def backup_store(out=None):
    """Online backup of the SQLite store with its SHA-256 manifest: ``(path, sha256)``
    (:func:`clientkit.store.backup.backup`)."""
    from clientkit.config import db_url
    from clientkit.store.backup import backup

    return backup(db_url(), out)


def restore_store(source):
    """Restore the SQLite store from a verified backup; returns the ``.bak`` of the replaced
    database (:func:`clientkit.store.backup.restore`)."""
    from clientkit.config import db_url
    from clientkit.store.backup import restore

    return restore(db_url(), source)
