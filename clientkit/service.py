"""The one facade the UI and the CLI call (DESIGN.md "Layers").

A :class:`Service` is bound to one signed-in user. Everything a widget asks for goes through
it, and every call re-checks on the server what the browser cannot be trusted with: who the
user is, what their role allows, whether a task is theirs, already submitted or past its time
limit. Answer keys stay inside :class:`clientkit.practice.Task` objects in this process; the
UI only ever receives ``task.items``.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pandas as pd

from clientkit import __version__
from clientkit.chapters import CHAPTERS, chapter
from clientkit.errors import AnswerError, InputError, PermissionDenied
from clientkit.i18n import t

from clientkit.samples import sample_book, sample_findings  # noqa: F401  (re-exported)
from clientkit.service_admin import (  # noqa: F401  (re-exported for the CLI)
    DEMO_USERS,
    add_user,
    audit_source,
    backup_store,
    generate_to,
    list_users,
    prepare_instance,
    restore_store,
)
from clientkit.service_classes import ClassesMixin
from clientkit.service_dialogues import DialoguesMixin
from clientkit.service_tasks import REVIEW_ROLES, SUBMIT_GRACE_S, OpenTask, _now  # noqa: F401
from clientkit.service_tools import ChapterToolsMixin


class Service(ChapterToolsMixin, ClassesMixin, DialoguesMixin):
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


def _item_record(r) -> dict:
    return {
        "item_id": r.item_id,
        "correct": bool(r.correct),
        "points": float(r.points),
        "max_points": float(r.max_points),
        "rule_ids": list(r.rule_ids),
    }


def chapter_title(number: int) -> str:
    return chapter(number).label


def message_of(exc: Exception) -> str:
    """The Chinese message for any exception (generic text for unexpected ones)."""
    from clientkit.errors import ClientkitError

    if isinstance(exc, ClientkitError):
        return exc.message()
    return t("error.unexpected")
