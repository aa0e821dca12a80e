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
    audit_run,
    audit_source,
    backup_store,
    generate_to,
    list_users,
    prepare_instance,
    reset_password,
    restore_store,
    set_user_active,
)
from clientkit.service_bank import BankMixin, export_bank, preview_bank, publish_bank  # noqa: F401  (CLI)
from clientkit.service_roster import RosterMixin, import_roster, roster_passwords_file  # noqa: F401  (CLI, 用户管理)
from clientkit.service_calendar import calendar_year, import_calendar  # noqa: F401  (re-exported for the CLI)
from clientkit.service_assignments import AssignmentsMixin, verify_certificate  # noqa: F401  (CLI)
from clientkit.service_class_drills import ClassDrillsMixin
from clientkit.service_classes import ClassesMixin
from clientkit.service_dialogues import DialoguesMixin
from clientkit.service_items import ItemAnalysisMixin
from clientkit.service_pdf import PdfReportsMixin
from clientkit.service_tasks import REVIEW_ROLES, SUBMIT_GRACE_S, OpenTask, _now  # noqa: F401
from clientkit.service_tools import ChapterToolsMixin


class Service(ChapterToolsMixin, ClassesMixin, ClassDrillsMixin, DialoguesMixin, ItemAnalysisMixin, BankMixin,
              AssignmentsMixin, PdfReportsMixin, RosterMixin):
    """The facade for one user; construct with :meth:`for_request` inside a Voila kernel."""

    def __init__(self, store, user, claims: dict | None = None) -> None:
        self.store = store
        self.user = user
        self._claims = claims  # the page's session (None: built directly, e.g. by tests)
        self._tasks: dict[str, OpenTask] = {}

    # -- identity -------------------------------------------------------------------------

    @classmethod
    def for_request(cls) -> Service:
        """The service for the user whose signed cookie came with this page request; under
        JupyterHub (``CLIENTKIT_IDENTITY=hub``) for the hub user who owns this server."""
        from clientkit.auth import current_claims, user_for_claims
        from clientkit.hub.identity import hub_mode, hub_user
        from clientkit.store import Store

        store = Store.open()
        if hub_mode():  # the hub authenticated the request; recheck() re-reads by user id
            return cls(store, hub_user(store))
        claims = current_claims()
        return cls(store, user_for_claims(store, claims), claims)

    def recheck(self) -> None:
        """Re-read the user (and the page's session) from the store: a deactivated user, a
        changed role or a revoked session (logout elsewhere) takes effect on an open page.

        Raises:
            AuthError: the session or the account is no longer valid (key ``error.token``).
        """
        from clientkit.auth import user_for_claims
        from clientkit.errors import AuthError

        if self._claims is not None:
            self.user = user_for_claims(self.store, self._claims)
            return
        fresh = self.store.get_user(self.user.id)
        if fresh is None or not fresh.active:
            raise AuthError("error.token")
        self.user = fresh

    def require(self, *roles: str) -> None:
        """Re-check the session (:meth:`recheck`), then the role: every call that reads or
        exports other people's data goes through here."""
        self.recheck()
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
        """The chapter's 自测. An unfinished one is resumed with its form, its original deadline and
        the answers saved so far, so a reload neither resets the clock nor loses answers. A new
        attempt must pass the chapter's retake policy and draws a parallel form: the same parts
        (kinds and item counts) with items and order from a seed of (user, chapter, n-th attempt).

        Raises:
            InputError: ``service.retake_limit`` / ``service.retake_wait`` (with the time from
                which a new attempt may start) when the policy refuses a new attempt.
        """
        from clientkit.practice import assessment, derive_seed

        exercise_id = f"assessment:ch{number:02d}"
        existing = self.store.find_open_task(self.user.id, exercise_id)
        if existing is not None:  # find_open_task returns open tasks only; class papers have their own ids
            from clientkit.practice.content import source_of
            from clientkit.practice.engine import assessment_from

            deadline = existing["deadline"]  # rebuilt from its own content version (issue 14)
            task = assessment_from(source_of(existing.get("content_version")), number, seed=int(existing["seed"]))
            opened = OpenTask(existing["task_id"], task, "assessment", existing["started_at"], deadline,
                              draft=dict(existing.get("draft") or {}))
            if deadline is None or _now() <= deadline + timedelta(seconds=SUBMIT_GRACE_S):
                self._tasks[opened.task_id] = opened
                return opened
            self._submit_at_deadline(opened)
        verdict = self.retake_status(number)
        if not verdict.allowed:
            raise InputError(verdict.reason, **self._retake_context(number, verdict))
        seed = derive_seed(self.user.id, exercise_id, self.store.task_count(self.user.id, exercise_id) + 1)
        task = assessment(number, seed=seed)
        deadline = _now() + timedelta(seconds=task.time_limit_s) if task.time_limit_s else None
        return self._open(task, exercise_id, "assessment", seed, deadline)

    def retake_status(self, number: int):
        """Whether this user may start a new 自测 of chapter ``number`` now (a RetakeVerdict)."""
        from clientkit.practice.retake import RetakePolicy, retake_verdict
        from clientkit.rules.settings import current_settings

        policy = RetakePolicy.for_chapter(current_settings(), number)
        times = self.store.submitted_times(self.user.id, f"assessment:ch{number:02d}")
        return retake_verdict(times, _now(), policy)

    def _retake_context(self, number: int, verdict) -> dict:
        from clientkit.practice.retake import RetakePolicy
        from clientkit.rules.settings import current_settings

        policy = RetakePolicy.for_chapter(current_settings(), number)
        return {"days": policy.window_days, "max": policy.max_attempts, "hours": f"{policy.min_gap_hours:g}",
                "next": local_time(verdict.next_allowed)}

    def save_draft(self, task_id: str, answer: dict) -> bool:
        """Autosave: keep the answers entered so far on this user's open task (server side)."""
        self._own_task(task_id)
        clean = {str(k): v for k, v in dict(answer).items() if isinstance(v, (str, int, float, list))}
        return self.store.save_draft(task_id, self.user.id, clean, _now())

    def _open(self, task, exercise_id, mode, seed, deadline, session_id=None) -> OpenTask:
        task_id = uuid.uuid4().hex
        started = _now()
        self.store.open_task(
            task_id=task_id, user_id=self.user.id, exercise_id=exercise_id, chapter=task.chapter,
            mode=mode, seed=seed, started_at=started, deadline=deadline, session_id=session_id,
            content_version=task.content_version,
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
            raise AnswerError("service.blank_items", items="、".join(map(str, blanks)), numbers=blanks)
        result = score(opened.task, answer)
        self.store.record_attempt(self._attempt(opened, answer, result, now))
        return result

    def submit_time_up(self, task_id: str, answer: dict):
        """Submit when an assessment's time is up: whatever was entered counts; an entry of the
        wrong shape (letters in a number field) counts as blank instead of blocking the submission."""
        from clientkit.practice import score

        opened = self._own_task(task_id)
        result = self.submit(task_id, _usable(opened.task, answer), allow_blank=True)
        self.store.mark_auto_submitted(task_id)
        return result

    def _submit_at_deadline(self, opened: OpenTask):
        """An assessment whose page was closed before its deadline: what was autosaved is
        submitted as of the deadline (the automatic submission the page would have made)."""
        from clientkit.practice import score

        answer = _usable(opened.task, opened.draft)
        result = score(opened.task, answer)
        self.store.record_attempt(self._attempt(opened, answer, result, opened.deadline))
        self.store.mark_auto_submitted(opened.task_id)
        return result

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

    def checkup(self, content, filename: str, on) -> tuple[pd.DataFrame, pd.DataFrame, int, pd.DataFrame]:
        """Audit an uploaded client list (bytes or a path): ``(findings, masked import issues, rows,
        chapter-8 KPIs)``; the KPIs that need tables a client list lacks show no value."""
        from clientkit.model.importing import import_book
        from clientkit.model.masking import mask_issues
        from clientkit.rules.audit import audit
        from clientkit.rules.ch8_kpis import kpis_for

        book = import_book(content, name=filename)
        return audit(book, on=on), mask_issues(book.issues), len(book.clients), kpis_for(book, on)

    def checkup_upload(self, upload_id: str, on) -> tuple[str, tuple]:
        """档案体检 of a file streamed to ``/clientkit/upload`` by the signed-in user:
        ``(file name, checkup result)``. Raises InputError if ``upload_id`` is not one of the
        user's stored uploads (:func:`clientkit.serve.upload.open_upload`)."""
        from clientkit.serve.upload import open_upload

        path, name = open_upload(self.user.id, upload_id)
        return name, self.checkup(path, name, on)

    def checkup_export(self, files, on):
        """档案体检 of a whole export (issue 10): ``files`` are ``(file name, path | bytes)`` —
        table files and/or zips of them (:func:`clientkit.model.exports.import_export`). Only
        rules whose tables were supplied run; the others are listed as not checked. ``on`` (the
        check date) is required. Returns a :class:`clientkit.reports.checkup.CheckupReport`."""
        from clientkit.model.exports import import_export
        from clientkit.model.masking import mask_issues
        from clientkit.reports.checkup import CheckupReport, unchecked_frame
        from clientkit.rules.audit import audit, unchecked
        from clientkit.rules.ch8_kpis import kpis_for

        if on is None:
            raise InputError("checkup.no_date")
        files = list(files)
        export = import_export(files)
        book = export.book
        issues = mask_issues(book.issues)
        if len(issues):
            issues = issues.sort_values(["file", "row"], kind="stable").reset_index(drop=True)
        return CheckupReport(
            on=on, findings=audit(book, on=on, tables=export.tables), issues=issues, n_rows=len(book.clients),
            kpis=kpis_for(book, on), files=export.files, ignored=export.ignored,
            unchecked=unchecked_frame(unchecked(export.tables)),
            rows={name: len(book.tables[name]) for name in export.files}, sources=[name for name, _ in files],
        )

    def checkup_uploads(self, upload_ids, on):
        """:meth:`checkup_export` of files the signed-in user streamed to ``/clientkit/upload``.
        Raises InputError if an id is not one of the user's stored uploads."""
        from clientkit.serve.upload import open_upload

        files = [open_upload(self.user.id, i) for i in upload_ids]
        return self.checkup_export([(name, path) for path, name in files], on)

    # -- progress and review --------------------------------------------------------------

    def my_progress(self) -> dict:
        """The signed-in user's own mastery per chapter and attempt history."""
        from clientkit.reports.progress import progress

        return progress(self.store, self.user.id)

    def attempt_feedback(self, attempt_id: str):
        """One of the user's own past attempts replayed from its seed and re-scored:
        ``(task, result, show_key)``. The key is shown for practice only (a 自测 or class form can
        recur). Raises InputError for another user's attempt or one whose content has changed."""
        from clientkit.practice import score
        from clientkit.reports.drilldown import replay
        from clientkit.store.classroom import get_session

        rows = self.store.attempts(user_ids=[self.user.id])
        rows = rows[rows["attempt_id"] == str(attempt_id)]
        if rows.empty:
            raise InputError("service.task_unknown")
        a = rows.iloc[0]
        session = get_session(self.store, int(a["session_id"])) if pd.notna(a["session_id"]) else None
        task = replay(a["exercise_id"], int(a["seed"]), a["content_version"], session)
        if task is None:
            raise InputError("service.content_changed")
        return task, score(task, a["answer"] or {}), a["mode"] == "practice" and session is None

    def review(self, number: int = 1, team: str | None = None) -> dict:
        """Supervisor review of a chapter: every agent's attempts, scores, most-missed rules.
        Supervisors see their own team, admins everyone."""
        from clientkit.reports.review import review

        self.require(*REVIEW_ROLES)
        if self.user.role == "supervisor":
            team = self.user.team
            if not team:
                empty = pd.DataFrame()
                return {"agents": empty, "attempts": empty, "misses": empty}
        return review(self.store, number, team=team)


def _usable(task, answer: dict) -> dict:
    """The entries of ``answer`` that can be scored; one of the wrong shape (letters in a number
    field) counts as blank instead of blocking an automatic submission."""
    from clientkit.practice import score

    usable = {}
    for item_id, value in answer.items():
        try:
            score(task, {item_id: value})
        except (AnswerError, KeyError):
            continue
        usable[item_id] = value
    return usable


def _item_record(r) -> dict:
    return {
        "item_id": r.item_id,
        "correct": bool(r.correct),
        "points": float(r.points),
        "max_points": float(r.max_points),
        "rule_ids": list(r.rule_ids),
    }


def local_time(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (naive UTC) time in the server's local time zone, formatted with ``fmt``."""
    from datetime import timezone

    if moment is None:
        return ""
    return moment.replace(tzinfo=timezone.utc).astimezone().strftime(fmt)


def chapter_title(number: int) -> str:
    return chapter(number).label


def message_of(exc: Exception) -> str:
    """The Chinese message for any exception (generic text for unexpected ones)."""
    from clientkit.errors import ClientkitError

    if isinstance(exc, ClientkitError):
        return exc.message()
    return t("error.unexpected")
