"""Votes of a drill run live in a class (issue 13, migration 0007) on SQLite and PostgreSQL:
one vote per agent per turn, a vote changed before the reveal, a non-member, a closed turn."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from clientkit.errors import InputError
from clientkit.store import class_drills as cd
from clientkit.store.classroom import close_session


def _join(store, session, user) -> None:
    store.open_task(task_id=uuid.uuid4().hex, user_id=user.id, exercise_id=f"session:{session['id']}", chapter=1,
                    mode="practice", seed=1, started_at=datetime(2026, 12, 3, 9, 0), session_id=session["id"])


@pytest.fixture
def running(store, agents):
    trainer = store.add_user("trainer1", "pw-trainer1", role="trainer", team="培训部")
    session = store.create_session(name="周五课", trainer_id=trainer.id, chapters=[1], item_count=5)
    _join(store, session, agents["a1"])
    _join(store, session, agents["a2"])
    drill = cd.start_drill(store, session_id=session["id"], dialogue_id="ch01.d.first_meeting", seed=7,
                           content_version="d1+x", start_node="m1", started_by=trainer.id)
    return session, drill, trainer


def _vote(store, drill, user, choice, turn=1):
    cd.cast_vote(store, drill_id=drill["id"], turn=turn, user_id=user.id, choice=choice, choice_count=3)


def test_one_vote_per_agent_per_turn_and_a_changed_vote(store, agents, running):
    session, drill, _ = running
    assert drill["turn"] == 1 and drill["path"] == [] and drill["revealed"] is False
    _vote(store, drill, agents["a1"], 2)
    _vote(store, drill, agents["a2"], 0)
    _vote(store, drill, agents["a1"], 0)  # changed before the reveal: still one vote
    votes = cd.votes(store, drill["id"], 1)
    assert sorted((v["user_id"], v["choice"]) for v in votes) == sorted([(agents["a1"].id, 0), (agents["a2"].id, 0)])
    assert cd.member_ids(store, session["id"]) == [agents["a1"].id, agents["a2"].id]


def test_non_member_bad_choice_and_closed_turn_are_refused(store, agents, running):
    session, drill, trainer = running
    with pytest.raises(InputError) as info:
        _vote(store, drill, agents["sup"], 0)  # never joined the session
    assert info.value.key == "classdrill.not_member"
    with pytest.raises(InputError) as info:
        _vote(store, drill, agents["a1"], 3)  # the node has replies 0–2
    assert info.value.key == "classdrill.bad_choice"
    with pytest.raises(InputError) as info:
        _vote(store, drill, agents["a1"], 0, turn=2)  # not the current turn
    assert info.value.key == "classdrill.turn_closed"
    _vote(store, drill, agents["a1"], 1)
    assert cd.reveal(store, drill["id"], 1) is True
    with pytest.raises(InputError) as info:
        _vote(store, drill, agents["a1"], 0)  # revealed: the vote stays 1
    assert info.value.key == "classdrill.turn_closed"
    assert [v["choice"] for v in cd.votes(store, drill["id"])] == [1]
    close_session(store, session["id"])
    with pytest.raises(InputError) as info:
        _vote(store, drill, agents["a2"], 0)
    assert info.value.key == "classdrill.not_running"


def test_advance_moves_once_and_opens_the_next_turn(store, agents, running):
    _, drill, _ = running
    assert cd.advance(store, drill["id"], 1, ["m1", 0, "majority"], "m2", False) is False  # not revealed yet
    cd.reveal(store, drill["id"], 1)
    assert cd.advance(store, drill["id"], 1, ["m1", 0, "majority"], "m2", False) is True
    assert cd.advance(store, drill["id"], 1, ["m1", 0, "majority"], "m2", False) is False  # a second click
    moved = cd.get_drill(store, drill["id"])
    assert moved["turn"] == 2 and moved["current_node"] == "m2" and moved["revealed"] is False
    assert moved["path"] == [["m1", 0, "majority"]] and moved["finished_at"] is None
    _vote(store, moved, agents["a2"], 2, turn=2)
    assert [(v["turn"], v["choice"]) for v in cd.votes(store, drill["id"])] == [(2, 2)]
    cd.reveal(store, drill["id"], 2)
    assert cd.advance(store, drill["id"], 2, ["m2", 2, "trainer"], "withdraw", True) is True
    done = cd.get_drill(store, drill["id"])
    assert done["finished_at"] is not None and done["turn"] == 3
    assert cd.finished_drills_of(store, "ch01.d.first_meeting", done["finished_at"] - timedelta(seconds=1))[0]["id"] == drill["id"]
    assert cd.finished_drills_of(store, "ch01.d.first_meeting", done["finished_at"] + timedelta(seconds=1)) == []


def test_a_new_drill_stops_the_running_one(store, agents, running):
    session, drill, trainer = running
    second = cd.start_drill(store, session_id=session["id"], dialogue_id="ch01.d.first_meeting", seed=8,
                            content_version="d1+x", start_node="m1", started_by=trainer.id)
    assert cd.get_drill(store, drill["id"])["finished_at"] is not None
    assert cd.latest_drill(store, session["id"])["id"] == second["id"]
    with pytest.raises(InputError):
        _vote(store, drill, agents["a1"], 0)


def test_the_last_advance_stores_each_voters_attempt_once(store, agents, running):
    """The attempts of a finished class drill go in with the last advance, under fixed ids; a
    second advance of the same turn stores nothing (SQLite and PostgreSQL)."""
    session, drill, _ = running
    _vote(store, drill, agents["a1"], 2)
    cd.reveal(store, drill["id"], 1)
    seen = []

    def attempts_of(path, at):
        seen.append((path, at))
        return [{"attempt_id": cd.attempt_id(drill["id"], agents["a1"].id), "user_id": agents["a1"].id,
                 "exercise_id": "dialogue:ch01.d.first_meeting", "chapter": 1, "mode": "practice",
                 "session_id": session["id"], "seed": 7, "submitted_at": at, "score": 0.25, "points": -4.0,
                 "max_points": 6.0, "answer": {"path": path, "votes": [2, None]}, "content_version": "d1+x",
                 "items": [{"item_id": "t1:m1", "correct": False, "rule_ids": ["C3-01"]},
                           {"item_id": "t2:m2", "correct": False, "answered": False, "rule_ids": []}]}]

    assert cd.advance(store, drill["id"], 1, ["m1", 2, "majority"], "left", True, attempts_of) is True
    assert cd.advance(store, drill["id"], 1, ["m1", 2, "majority"], "left", True, attempts_of) is False
    assert len(seen) == 1 and seen[0][0] == [["m1", 2, "majority"]]
    stored = store.attempts(user_ids=[agents["a1"].id])
    assert list(stored["attempt_id"]) == [f"classdrill:{drill['id']}:{agents['a1'].id}"]
    assert stored.iloc[0]["answer"]["votes"] == [2, None] and int(stored.iloc[0]["session_id"]) == session["id"]
    assert stored.iloc[0]["submitted_at"] == cd.get_drill(store, drill["id"])["finished_at"]
    # the own-attempt check for completion does not count the class drill's attempt
    assert cd.attempt_since(store, agents["a1"].id, "dialogue:ch01.d.first_meeting", None) is False
