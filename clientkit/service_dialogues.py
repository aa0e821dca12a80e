"""Service methods of the 对话演练 (issue 13): start a drill, step through it, submit it, replay it.
Mixed into :class:`clientkit.service.Service`.

A drill attempt is stored like any other attempt (``attempts`` table, mode ``practice``,
exercise id ``dialogue:<drill id>``): the variant seed, ``answer = {"path": [[node, choice], …]}``,
one item per turn with its four dimension scores and rule ids, the score (mean of the dimension
shares) and the drill content version. The conversation state lives here on the server; the
browser only sends the index of the reply it picked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clientkit.errors import InputError

PREFIX = "dialogue:"


@dataclass
class OpenDialogue:
    """A drill handed to the UI: its task id and the running conversation."""

    task_id: str
    conversation: object
    started_at: object
    session_id: int | None = None


def _book_date(book) -> date:
    return date.fromisoformat(str(book.meta.get("on", "2026-06-30"))[:10])


class DialoguesMixin:
    def dialogue_drills(self, number: int):
        """The drills of chapter ``number`` (id, title, intro), in file order."""
        from clientkit.practice.dialogue import drills

        return drills(number)

    def start_dialogue(self, drill_id: str) -> OpenDialogue:
        """A fresh variant of drill ``drill_id``: the client is drawn from the demo book with a
        seed from (user, drill, n-th try); the task is recorded so the attempt can be claimed once."""
        import uuid

        from clientkit.practice import derive_seed
        from clientkit.practice.dialogue import Conversation, draw, drill
        from clientkit.samples import sample_book
        from clientkit.service_tasks import _now

        found = drill(drill_id)
        exercise_id = PREFIX + found.id
        seed = derive_seed(self.user.id, exercise_id, self.store.task_count(self.user.id, exercise_id) + 1)
        book = sample_book()
        conversation = Conversation(found, draw(found, seed, book, _book_date(book)))
        task_id, started = uuid.uuid4().hex, _now()
        self.store.open_task(task_id=task_id, user_id=self.user.id, exercise_id=exercise_id, chapter=found.chapter,
                             mode="practice", seed=seed, started_at=started)
        opened = OpenDialogue(task_id, conversation, started)
        self._dialogues()[task_id] = opened
        return opened

    def dialogue_step(self, task_id: str, choice_index: int):
        """Take the agent's reply ``choice_index`` (an index of the current node's choices);
        returns the conversation. Raises InputError for an unknown task or a bad index."""
        opened = self._own_dialogue(task_id)
        opened.conversation.step(choice_index)
        return opened.conversation

    def submit_dialogue(self, task_id: str):
        """Score the finished conversation and store the attempt; returns the DialogueResult.
        Raises InputError when the conversation is not finished or was submitted before."""
        from clientkit.practice.dialogue import dialogue_version, score_path
        from clientkit.service_tasks import _now

        opened = self._own_dialogue(task_id)
        conversation = opened.conversation
        if not conversation.finished:
            raise InputError("dialogue.path_incomplete")
        record = self.store.get_task(task_id)
        if record is None or record["user_id"] != self.user.id:
            raise InputError("service.task_unknown")
        if record["status"] != "open":
            raise InputError("service.already_submitted")
        result = score_path(conversation.drill, conversation.path)
        self.store.record_attempt(self._dialogue_attempt(opened, result, _now(), dialogue_version()))
        return result

    def _dialogue_attempt(self, opened: OpenDialogue, result, submitted, version: str) -> dict:
        from clientkit import __version__
        from clientkit.rules.settings import current_settings

        settings = current_settings()
        conversation = opened.conversation
        return {
            "attempt_id": opened.task_id, "user_id": self.user.id,
            "exercise_id": PREFIX + conversation.drill.id, "chapter": conversation.drill.chapter,
            "mode": "practice", "session_id": opened.session_id, "seed": conversation.variant.seed,
            "started_at": opened.started_at, "submitted_at": submitted,
            "answer": {"path": [[n, i] for n, i in result.path], "outcome": result.outcome,
                       "dimensions": dict(result.points), "shares": dict(result.shares)},
            "items": result.items(conversation.drill), "score": result.score,
            "points": float(sum(result.points.values())), "max_points": float(sum(result.best_points.values())),
            "rules_version": settings.version(), "settings": settings.as_dict(),
            "package_version": __version__, "content_version": version,
        }

    def rule_titles(self, rule_ids) -> dict[str, str]:
        """``{rule id: title}`` of known rule ids (for explaining weak turns)."""
        from clientkit.rules.registry import rule

        out = {}
        for rid in rule_ids:
            try:
                out[rid] = rule(rid).title or rule(rid).statement[:40]
            except KeyError:
                continue
        return out

    def my_dialogue_scores(self):
        """The signed-in user's own 对话演练 dimension scores (one row), labelled for display."""
        from clientkit.reports.dialogue import dimension_table
        from clientkit.store.dashboard import Scope

        return dimension_table(self.store, Scope(user_ids=(self.user.id,)), {self.user.id: self.user}, by_team=False)

    def my_dialogue_weak_turns(self):
        """The signed-in user's own most common weak turns per drill (a labelled DataFrame)."""
        from clientkit.reports.dialogue import weak_turn_table
        from clientkit.store.dashboard import Scope

        return weak_turn_table(self.store, Scope(user_ids=(self.user.id,)))

    def dialogue_dimensions(self, **filters) -> dict:
        """Supervisor view of the drills within the dashboard filters: dimension scores per agent
        and per team, and the most common weak turns per drill (labelled DataFrames)."""
        from clientkit.reports.dialogue import dimension_table, weak_turn_table

        scope, agents = self.dashboard_scope(**filters)
        people = {a.id: a for a in agents}
        return {"agents": dimension_table(self.store, scope, people, by_team=False),
                "teams": dimension_table(self.store, scope, people, by_team=True),
                "turns": weak_turn_table(self.store, scope)}

    def replay_dialogue(self, attempt_id: str):
        """``(drill, variant, result, bubbles)`` of a stored drill attempt rebuilt from its seed
        (a class drill's attempt: the class's conversation, scored on the user's votes): the user's own, or (supervisor, admin) one of an agent they may see. The client's data is
        masked as in the drill itself. Raises InputError ``service.task_unknown`` for an attempt
        the user may not see, ``service.content_changed`` when the drill content changed since."""
        from clientkit.practice.dialogue import replay_attempt, transcript
        from clientkit.samples import sample_book
        from clientkit.store.dialogue_stats import drill_attempt

        self.recheck()
        attempt = drill_attempt(self.store, str(attempt_id))
        if attempt is None:
            raise InputError("service.task_unknown")
        if attempt["user_id"] != self.user.id:
            if self.user.role not in ("supervisor", "admin") or attempt["user_id"] not in {a.id for a in self.visible_agents()}:
                raise InputError("service.task_unknown")
        answer = attempt["answer"] or {}
        replayed = replay_attempt(attempt["exercise_id"], int(attempt["seed"]), attempt["content_version"],
                                  answer.get("path") or [], sample_book(), answer.get("votes"))
        if replayed is None:
            raise InputError("service.content_changed")
        drill, variant, result = replayed
        return drill, variant, result, transcript(drill, variant, result.path)

    def dialogue_attempts(self, agent_id, **filters) -> list[tuple[str, str]]:
        """``(label, attempt id)`` of a visible agent's newest drill attempts within the filters,
        for the supervisor's replay."""
        import pandas as pd

        from clientkit.i18n import t

        scope, agents = self.dashboard_scope(agent_id=agent_id, **filters)
        rows = self.store.attempts(user_ids=[agents[0].id], chapter=scope.chapter, mode=scope.mode,
                                   since=scope.since, until=scope.until, limit=200)
        rows = rows[rows["exercise_id"].str.startswith(PREFIX)].head(50)
        titles = {f"{PREFIX}{d.id}": d.title for d in self.dialogue_drills(None)}
        return [(t("dialogue.attempt_label" if pd.isna(r.session_id) else "dialogue.attempt_label_class",
                   at=pd.Timestamp(r.submitted_at).strftime("%m-%d %H:%M"),
                   title=titles.get(r.exercise_id, r.exercise_id), pct=round(float(r.score) * 100)), r.attempt_id)
                for r in rows.itertuples(index=False)]

    def _dialogues(self) -> dict:
        if not hasattr(self, "_open_dialogues"):
            self._open_dialogues = {}
        return self._open_dialogues

    def _own_dialogue(self, task_id: str) -> OpenDialogue:
        opened = self._dialogues().get(task_id)
        if opened is None:
            raise InputError("service.task_unknown")
        return opened

