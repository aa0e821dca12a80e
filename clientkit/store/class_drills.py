"""A 对话演练 run live in a class session (issue 13, migration 0007): the drill's state and the
agents' votes per turn.

Functions take the store. The trainer's ownership of the session is checked by the service; what
an agent sends (a vote) is checked here again inside the writing transaction, so a vote cannot
slip in after the reveal or for another turn: the voter must have joined the session (an open
task or an attempt of the session), the drill must be running, the turn current and not revealed,
and the choice an index of the current node's replies.
"""
from __future__ import annotations

import sqlalchemy as sa

from clientkit.errors import InputError
from clientkit.store.attempts import insert_attempt
from clientkit.store.tables import attempts, class_drill_votes, class_drills, class_sessions, open_tasks
from clientkit.store.users import utcnow

CLASS_ATTEMPT = "classdrill:"  # attempt ids of the per-agent attempts of a class drill


def _row(row) -> dict | None:
    return dict(row._mapping) if row is not None else None


def _member(conn, session_id: int, user_id: int) -> bool:
    """Whether ``user_id`` joined class session ``session_id`` (opened or submitted its paper)."""
    task = sa.select(open_tasks.c.task_id).where(open_tasks.c.session_id == session_id,
                                                  open_tasks.c.user_id == user_id).limit(1)
    attempt = sa.select(attempts.c.attempt_id).where(attempts.c.session_id == session_id,
                                                     attempts.c.user_id == user_id).limit(1)
    return conn.execute(task).first() is not None or conn.execute(attempt).first() is not None


def is_member(store, session_id: int, user_id: int) -> bool:
    return store._read(lambda c: _member(c, int(session_id), int(user_id)))


def member_ids(store, session_id: int) -> list[int]:
    """Users who joined the session, in joining order."""
    sid = int(session_id)
    query = sa.select(open_tasks.c.user_id).where(open_tasks.c.session_id == sid).order_by(open_tasks.c.started_at)
    later = sa.select(attempts.c.user_id).where(attempts.c.session_id == sid).order_by(attempts.c.submitted_at)
    rows = store._read(lambda c: [r[0] for r in c.execute(query)] + [r[0] for r in c.execute(later)])
    return list(dict.fromkeys(int(r) for r in rows))


def start_drill(store, *, session_id: int, dialogue_id: str, seed: int, content_version: str, start_node: str,
                started_by: int) -> dict:
    """Start a drill in a session; a drill still running there is stopped (``finished_at`` set
    without reaching an end node). Returns the new drill's record."""
    now = utcnow()

    def work(conn):
        conn.execute(class_drills.update().where(class_drills.c.session_id == int(session_id),
                                                 class_drills.c.finished_at.is_(None)).values(finished_at=now))
        result = conn.execute(class_drills.insert().values(
            session_id=int(session_id), dialogue_id=str(dialogue_id), seed=int(seed), content_version=str(content_version),
            current_node=str(start_node), path=[], turn=1, revealed=False, started_by=int(started_by), started_at=now,
            finished_at=None))
        return int(result.inserted_primary_key[0])

    return get_drill(store, store._write(work))


def get_drill(store, drill_id: int) -> dict | None:
    return _row(store._read(lambda c: c.execute(sa.select(class_drills).where(class_drills.c.id == int(drill_id))).first()))


def latest_drill(store, session_id: int) -> dict | None:
    """The session's newest drill (running or finished), or None."""
    query = (sa.select(class_drills).where(class_drills.c.session_id == int(session_id))
             .order_by(class_drills.c.id.desc()).limit(1))
    return _row(store._read(lambda c: c.execute(query).first()))


def cast_vote(store, *, drill_id: int, turn: int, user_id: int, choice: int, choice_count: int) -> None:
    """Record (or change) ``user_id``'s vote for reply ``choice`` at ``turn``.

    Raises:
        InputError: ``classdrill.not_member``, ``classdrill.not_running`` (no such drill, finished,
            or its session closed), ``classdrill.turn_closed`` (another turn, or already revealed),
            ``classdrill.bad_choice``.
    """
    drill_id, turn, user_id = int(drill_id), int(turn), int(user_id)
    if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < int(choice_count):
        raise InputError("classdrill.bad_choice")

    def work(conn):
        drill = conn.execute(sa.select(class_drills).where(class_drills.c.id == drill_id)).first()
        if drill is None:
            raise InputError("classdrill.not_running")
        closed = conn.execute(sa.select(class_sessions.c.closed_at)
                              .where(class_sessions.c.id == drill.session_id)).scalar_one_or_none()
        if drill.finished_at is not None or closed is not None:
            raise InputError("classdrill.not_running")
        if not _member(conn, drill.session_id, user_id):
            raise InputError("classdrill.not_member")
        if drill.turn != turn or drill.revealed:
            raise InputError("classdrill.turn_closed")
        key = ((class_drill_votes.c.drill_id == drill_id) & (class_drill_votes.c.turn == turn)
               & (class_drill_votes.c.user_id == user_id))
        values = {"choice": int(choice), "at": utcnow()}
        if conn.execute(class_drill_votes.update().where(key).values(**values)).rowcount == 0:
            conn.execute(class_drill_votes.insert().values(drill_id=drill_id, turn=turn, user_id=user_id, **values))

    try:
        store._write(work)
    except sa.exc.IntegrityError:  # two clicks of one agent raced: the second one is an update
        store._write(work)


def votes(store, drill_id: int, turn: int | None = None) -> list[dict]:
    """Votes of a drill (of one turn when given): ``turn``, ``user_id``, ``choice``, ``at``."""
    v = class_drill_votes.c
    query = sa.select(v.turn, v.user_id, v.choice, v.at).where(v.drill_id == int(drill_id))
    if turn is not None:
        query = query.where(v.turn == int(turn))
    query = query.order_by(v.turn, v.at, v.user_id)
    return store._read(lambda c: [dict(r._mapping) for r in c.execute(query)])


def reveal(store, drill_id: int, turn: int) -> bool:
    """Close the votes of ``turn`` and show its explanations; False when the turn is not current."""
    update = (class_drills.update()
              .where(class_drills.c.id == int(drill_id), class_drills.c.turn == int(turn),
                     class_drills.c.finished_at.is_(None))
              .values(revealed=True))
    return store._write(lambda c: c.execute(update).rowcount) == 1


def attempt_id(drill_id: int, user_id: int) -> str:
    """The id of ``user_id``'s attempt of class drill ``drill_id``: fixed, so storing it twice
    (a double click, a retry) inserts nothing twice."""
    return f"{CLASS_ATTEMPT}{int(drill_id)}:{int(user_id)}"


def advance(store, drill_id: int, turn: int, step: list, next_node: str, finished: bool,
            attempts_of=None) -> bool:
    """Follow reply ``step = [node, choice, how]`` from a revealed ``turn`` to ``next_node``;
    False when another click moved the drill on already (the turn is no longer current).

    When the drill ``finished`` at an end node, ``attempts_of(path, at)`` (the whole path and the
    finishing time) gives the attempt of every agent who voted, stored in the same transaction
    (so the drill never ends without them; ids from :func:`attempt_id`)."""

    def work(conn):
        drill = conn.execute(sa.select(class_drills).where(class_drills.c.id == int(drill_id))).first()
        if drill is None or drill.turn != int(turn) or not drill.revealed or drill.finished_at is not None:
            return False
        path, now = [*list(drill.path or []), list(step)], utcnow()
        moved = conn.execute(class_drills.update().where(
            class_drills.c.id == int(drill_id), class_drills.c.turn == int(turn), class_drills.c.revealed.is_(True),
        ).values(path=path, current_node=str(next_node), turn=int(turn) + 1,
                 revealed=False, finished_at=now if finished else None))
        if moved.rowcount != 1:
            return False
        if finished and attempts_of is not None:
            for attempt in attempts_of(path, now):
                insert_attempt(conn, attempt)
        return True

    return store._write(work)


def finished_drills_of(store, dialogue_id: str, since) -> list[dict]:
    """Class drills of ``dialogue_id`` that finished at or after ``since`` (None: any time)."""
    query = sa.select(class_drills).where(class_drills.c.dialogue_id == str(dialogue_id),
                                          class_drills.c.finished_at.is_not(None))
    if since is not None:
        query = query.where(class_drills.c.finished_at >= since)
    return store._read(lambda c: [dict(r._mapping) for r in c.execute(query)])


def attempt_since(store, user_id: int, exercise_id: str, since) -> bool:
    """Whether ``user_id`` has an attempt of their own (not a class drill's) of ``exercise_id``
    submitted at or after ``since``."""
    query = sa.select(attempts.c.attempt_id).where(attempts.c.user_id == int(user_id),
                                                   attempts.c.exercise_id == str(exercise_id),
                                                   sa.not_(attempts.c.attempt_id.like(CLASS_ATTEMPT + "%")))
    if since is not None:
        query = query.where(attempts.c.submitted_at >= since)
    return store._read(lambda c: c.execute(query.limit(1)).first()) is not None
