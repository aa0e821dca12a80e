"""Service methods of a 对话演练 run live in a class (issue 13, 培训师课堂). Mixed into
:class:`clientkit.service.Service`.

The trainer starts a drill for one of their class sessions; at every turn the agents who joined
the session vote for one reply, the board shows the distribution, the trainer reveals the turn
(the replies' scores and explanations) and the class follows the majority's reply or the one the
trainer names; at an end node the class gets a scorecard. All state is in the store
(:mod:`clientkit.store.class_drills`), so the trainer's page and every agent's page read the same
drill; a vote is re-checked there (member, current open turn, valid reply).

:meth:`ClassDrillsMixin.drill_completed` is the completion check other features (assignments,
issue 14) call: "did this user complete this drill since then?".
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from clientkit.errors import InputError, PermissionDenied

DECIDED_BY = ("majority", "trainer")


@dataclass(frozen=True)
class TurnSummary:
    """One past turn of a class drill: the reply followed, how it was decided, the votes."""

    turn: int
    node_id: str
    choice: int
    how: str
    tally: object


@dataclass(frozen=True)
class ClassDrillView:
    """What a page shows of a class drill. ``tally`` is None for an agent until the reveal (no
    herding); ``my_vote`` is the viewing agent's vote at this turn."""

    id: int
    session_id: int
    drill: object
    variant: object
    turn: int
    revealed: bool
    stopped: bool
    bubbles: list
    options: list
    tally: object | None
    my_vote: int | None
    members: int
    steps: list = field(default_factory=list)
    result: object | None = None
    mine: object | None = None  # an agent at the end: their own scorecard on their votes (stored as an attempt)

    @property
    def node(self):
        return self.drill.nodes[self.bubbles[-1].node_id]

    @property
    def finished(self) -> bool:
        return self.result is not None


def _book_and_date():
    from clientkit.samples import sample_book

    book = sample_book()
    return book, date.fromisoformat(str(book.meta.get("on", "2026-06-30"))[:10])


class ClassDrillsMixin:
    # -- trainer --------------------------------------------------------------------------

    def class_drill_choices(self) -> list[tuple[str, str]]:
        """``(label, drill id)`` of every drill, chapter by chapter, for the trainer's picker."""
        from clientkit.practice.dialogue import drills

        self.require("trainer", "admin")
        return [(f"第{d.chapter}章 · {d.title}", d.id) for d in drills()]

    def start_class_drill(self, session_id, dialogue_id: str) -> ClassDrillView:
        """Start drill ``dialogue_id`` in the trainer's open session (a running one stops)."""
        from clientkit.practice.dialogue import dialogue_version, draw, drill
        from clientkit.store import class_drills as cd

        session = self._own_session(session_id)
        if session["closed_at"] is not None:
            raise InputError("dash.session_closed")
        found = drill(str(dialogue_id))
        seed = secrets.randbelow(2**31)
        book, on = _book_and_date()
        draw(found, seed, book, on)  # refuse now, not on the first refresh, if no client fits
        record = cd.start_drill(self.store, session_id=session["id"], dialogue_id=found.id, seed=seed,
                                content_version=dialogue_version(), start_node=found.start, started_by=self.user.id)
        return self._class_view(record, trainer=True)

    def class_drill_board(self, session_id) -> ClassDrillView | None:
        """The live drill of one of the trainer's sessions with the vote distribution, or None."""
        from clientkit.store import class_drills as cd

        session = self._own_session(session_id)
        record = cd.latest_drill(self.store, session["id"])
        return self._class_view(record, trainer=True) if record else None

    def reveal_class_drill(self, session_id) -> ClassDrillView:
        """Close the votes of the current turn and show its explanations to the class."""
        from clientkit.store import class_drills as cd

        record = self._running_drill(session_id)
        cd.reveal(self.store, record["id"], record["turn"])
        return self._class_view(cd.get_drill(self.store, record["id"]), trainer=True)

    def advance_class_drill(self, session_id, choice=None) -> ClassDrillView:
        """Move the class on from a revealed turn: along the majority's reply (``choice`` None)
        or along the reply ``choice`` (an index of the node's replies) the trainer names.

        Raises:
            InputError: ``classdrill.not_revealed`` before the reveal, ``classdrill.no_majority``
                (no votes or a tie) when no reply is named, ``classdrill.bad_choice``.
        """
        from clientkit.store import class_drills as cd

        record = self._running_drill(session_id)
        if not record["revealed"]:
            raise InputError("classdrill.not_revealed")
        view = self._class_view(record, trainer=True)
        node = view.node
        if choice is None:
            if view.tally.majority is None:
                raise InputError("classdrill.no_majority")
            index, how = view.tally.majority, "majority"
        else:
            index, how = _index(choice, len(node.choices)), "trainer"
        following = view.drill.nodes[node.choices[index].next]
        attempts_of = self._class_attempts(record, view.drill) if following.is_end else None
        cd.advance(self.store, record["id"], record["turn"], [node.id, index, how], following.id, following.is_end,
                   attempts_of)
        return self._class_view(cd.get_drill(self.store, record["id"]), trainer=True)

    def _class_attempts(self, record: dict, found):
        """``attempts_of(path, at)`` for :func:`clientkit.store.class_drills.advance`: per agent who
        voted in drill ``record``, an attempt of ``dialogue:<id>`` scored on their own votes along
        the class's path (:func:`clientkit.practice.dialogue.score_votes`; a turn without a vote
        counts 0), with the drill's seed and content version, taken in the class's session. The
        votes are read now: every turn up to the last one is revealed, so none can change."""
        from clientkit import __version__
        from clientkit.practice.dialogue import score_votes
        from clientkit.rules.settings import current_settings
        from clientkit.store import class_drills as cd

        by_user: dict[int, dict[int, int]] = {}
        for v in cd.votes(self.store, record["id"]):
            by_user.setdefault(int(v["user_id"]), {})[int(v["turn"])] = int(v["choice"])
        settings = current_settings()

        def attempts_of(path, at):
            steps = [(str(s[0]), int(s[1])) for s in path]
            out = []
            for uid, mine in by_user.items():
                result = score_votes(found, steps, [mine.get(n) for n in range(1, len(steps) + 1)])
                out.append({
                    "attempt_id": cd.attempt_id(record["id"], uid), "user_id": uid, "exercise_id": f"dialogue:{found.id}",
                    "chapter": found.chapter, "mode": "practice", "session_id": int(record["session_id"]),
                    "seed": int(record["seed"]), "started_at": record["started_at"], "submitted_at": at,
                    "answer": {"path": [list(s) for s in steps], "votes": list(result.votes), "outcome": result.outcome,
                               "dimensions": dict(result.points), "shares": dict(result.shares),
                               "class_drill": int(record["id"]), "unanswered": result.votes.count(None)},
                    "items": result.items(found), "score": result.score,
                    "points": float(sum(result.points.values())), "max_points": float(sum(result.best_points.values())),
                    "rules_version": settings.version(), "settings": settings.as_dict(),
                    "package_version": __version__, "content_version": record["content_version"]})
            return out

        return attempts_of

    def class_drill_participation(self, session_id):
        """Per agent of the trainer's session: turns voted in the newest drill, how many of those
        votes went to the turn's best reply and, once the class has reached an end, the agent's own
        score (their votes along the class's path, as stored in their attempt; 「—」 before) — a
        labelled DataFrame."""
        import pandas as pd

        from clientkit.i18n import t
        from clientkit.practice.dialogue import drill, score_votes
        from clientkit.store import class_drills as cd

        session = self._own_session(session_id)
        columns = [t("classdrill.col_agent"), t("classdrill.col_voted"), t("classdrill.col_best_votes"),
                   t("classdrill.col_own_score")]
        record = cd.latest_drill(self.store, session["id"])
        if record is None:
            return pd.DataFrame(columns=columns)
        found = drill(record["dialogue_id"])
        nodes = [str(s[0]) for s in record["path"] or []] + [record["current_node"]]
        voted, best, mine = {}, {}, {}
        for v in cd.votes(self.store, record["id"]):
            node = found.nodes[nodes[int(v["turn"]) - 1]]
            voted[v["user_id"]] = voted.get(v["user_id"], 0) + 1
            best[v["user_id"]] = best.get(v["user_id"], 0) + (int(v["choice"]) == node.best_index())
            mine.setdefault(v["user_id"], {})[int(v["turn"])] = int(v["choice"])
        steps = [(str(s[0]), int(s[1])) for s in record["path"] or []]
        ended = bool(steps) and found.nodes[record["current_node"]].is_end

        def own(uid) -> str:
            if not ended or uid not in mine:
                return "—"
            result = score_votes(found, steps, [mine[uid].get(n) for n in range(1, len(steps) + 1)])
            return f"{round(result.score * 100)}%"

        users = self._users()
        rows = []
        for uid in cd.member_ids(self.store, session["id"]):
            user = users.get(uid)
            rows.append({columns[0]: (user.display_name or user.username) if user else str(uid),
                         columns[1]: voted.get(uid, 0), columns[2]: f"{best.get(uid, 0)} / {voted.get(uid, 0)}",
                         columns[3]: own(uid)})
        return pd.DataFrame(rows, columns=columns)

    def _running_drill(self, session_id) -> dict:
        from clientkit.store import class_drills as cd

        session = self._own_session(session_id)
        record = cd.latest_drill(self.store, session["id"])
        if record is None or record["finished_at"] is not None:
            raise InputError("classdrill.not_running")
        return record

    # -- agent ----------------------------------------------------------------------------

    def member_session(self, code: str) -> int:
        """The id of the open session with join ``code`` that the user joined before.
        Raises InputError ``dash.code_unknown``, ``dash.session_closed`` or ``classdrill.not_member``."""
        from clientkit.store import class_drills as cd

        self.recheck()
        session = self.store.find_session(str(code or "")[:16])
        if session is None:
            raise InputError("dash.code_unknown")
        if session["closed_at"] is not None:
            raise InputError("dash.session_closed")
        if not cd.is_member(self.store, session["id"], self.user.id):
            raise InputError("classdrill.not_member")
        return int(session["id"])

    def class_drill_view(self, session_id) -> ClassDrillView | None:
        """The live drill of a session the agent joined (None when the trainer has not started
        one). Raises InputError ``classdrill.not_member`` for a session the user did not join."""
        from clientkit.store import class_drills as cd

        self.recheck()
        sid = _index(session_id, None, "classdrill.not_member")
        if not cd.is_member(self.store, sid, self.user.id):
            raise InputError("classdrill.not_member")
        record = cd.latest_drill(self.store, sid)
        return self._class_view(record, trainer=False) if record else None

    def vote_class_drill(self, drill_id, turn, choice) -> ClassDrillView:
        """Vote for reply ``choice`` (an index of the current node's replies) at ``turn``; a vote
        may be changed until the trainer reveals. Every argument comes from the browser and is
        re-checked in the store (member of the session, turn current and open, reply valid)."""
        from clientkit.practice.dialogue import drill
        from clientkit.store import class_drills as cd

        self.recheck()
        record = cd.get_drill(self.store, _index(drill_id, None, "classdrill.not_running"))
        if record is None or record["finished_at"] is not None:
            raise InputError("classdrill.not_running")
        node = drill(record["dialogue_id"]).nodes[record["current_node"]]
        cd.cast_vote(self.store, drill_id=record["id"], turn=_index(turn, None, "classdrill.turn_closed"), user_id=self.user.id,
                     choice=_index(choice, len(node.choices)), choice_count=len(node.choices))
        return self._class_view(cd.get_drill(self.store, record["id"]), trainer=False)

    # -- completion (for assignments, issue 14) -------------------------------------------

    def drill_completed(self, user_id, dialogue_id: str, since: datetime | None = None) -> bool:
        """Whether ``user_id`` completed drill ``dialogue_id`` at or after ``since`` (naive UTC
        or aware; None: ever): a drill attempt of their own submitted since (played to an end
        node; any score), or a class drill of that drill that reached an end node since, in which
        they voted at every turn. The user may ask about themselves; trainers, supervisors and
        admins about anyone (the answer is only yes or no).

        Raises:
            ContentError: ``dialogue.unknown_drill`` for a drill id the content does not have.
            PermissionDenied: an agent asking about another user.
        """
        from clientkit.practice.dialogue import drill
        from clientkit.store import class_drills as cd
        from clientkit.store.tasks import naive_utc

        self.recheck()
        uid = _index(user_id, None, "dash.bad_filter")
        if uid != self.user.id and self.user.role not in ("trainer", "supervisor", "admin"):
            raise PermissionDenied(role=self._role_label())
        found = drill(str(dialogue_id))
        since = naive_utc(since)
        if cd.attempt_since(self.store, uid, f"dialogue:{found.id}", since):
            return True
        for record in cd.finished_drills_of(self.store, found.id, since):
            path = record["path"] or []
            if not path or not found.nodes[record["current_node"]].is_end:
                continue  # stopped before an end node
            voted = {v["turn"] for v in cd.votes(self.store, record["id"]) if v["user_id"] == uid}
            if voted >= set(range(1, len(path) + 1)):
                return True
        return False

    # -- the view -------------------------------------------------------------------------

    def _class_view(self, record: dict, *, trainer: bool) -> ClassDrillView:
        from clientkit.practice.dialogue import draw, drill, score_path, score_votes, transcript
        from clientkit.practice.dialogue.tally import tally
        from clientkit.store import class_drills as cd

        found = drill(record["dialogue_id"])
        book, on = _book_and_date()
        variant = draw(found, int(record["seed"]), book, on)
        path = [(str(s[0]), int(s[1])) for s in record["path"] or []]
        bubbles = transcript(found, variant, path)
        node = found.nodes[bubbles[-1].node_id]
        by_turn: dict[int, list] = {}
        for v in cd.votes(self.store, record["id"]):
            by_turn.setdefault(int(v["turn"]), []).append(v)
        steps = [TurnSummary(n, str(s[0]), int(s[1]), str(s[2]) if len(s) > 2 else "trainer",
                             tally([v["choice"] for v in by_turn.get(n, [])], len(found.nodes[str(s[0])].choices)))
                 for n, s in enumerate(record["path"] or [], start=1)]
        current = by_turn.get(int(record["turn"]), [])
        counted = tally([v["choice"] for v in current], len(node.choices))
        mine = next((int(v["choice"]) for v in current if v["user_id"] == self.user.id), None)
        own = None
        if node.is_end and not trainer:
            votes = {int(v["turn"]): int(v["choice"]) for v in cd.votes(self.store, record["id"]) if v["user_id"] == self.user.id}
            if votes:
                own = score_votes(found, path, [votes.get(n) for n in range(1, len(path) + 1)])
        return ClassDrillView(
            id=int(record["id"]), session_id=int(record["session_id"]), drill=found, variant=variant,
            turn=int(record["turn"]), revealed=bool(record["revealed"]),
            stopped=record["finished_at"] is not None and not node.is_end, bubbles=bubbles,
            options=[] if node.is_end else [(i, variant.text(node.choices[i].text)) for i in variant.order[node.id]],
            tally=counted if trainer or record["revealed"] else None, my_vote=mine,
            members=len(cd.member_ids(self.store, record["session_id"])), steps=steps,
            result=score_path(found, path) if node.is_end else None, mine=own)


def _index(value, count: int | None, key: str = "classdrill.bad_choice") -> int:
    """An integer from the browser; within ``range(count)`` when ``count`` is given."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InputError(key) from None
    if isinstance(value, bool) or (count is not None and not 0 <= number < count):
        raise InputError(key)
    return number
