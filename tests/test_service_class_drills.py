"""A drill run live in a class through the service (issue 13, 培训师课堂), with tallies worked
out by hand on drill ch01.d.first_meeting (m1: replies 0→m2 best, 1→m2, 2→r1; m2: 0→m3 best,
1→m3, 2→withdraw, an end where the client withdraws consent)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from clientkit.errors import ContentError, InputError, PermissionDenied
from clientkit.practice.dialogue.tally import tally
from clientkit.service import Service
from clientkit.store import Store

DRILL = "ch01.d.first_meeting"


@pytest.fixture
def store(tmp_path):
    from argon2 import PasswordHasher

    s = Store.open(f"sqlite:///{tmp_path / 'cls.db'}", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield s
    s.close()


@pytest.fixture
def cls(store):
    trainer = Service(store, store.add_user("t1", "pw-trainer-1", role="trainer", display_name="林老师"))
    agents = [Service(store, store.add_user(f"a{n}", f"pw-agent-{n}", role="agent", team="一组")) for n in (1, 2, 3)]
    outsider = Service(store, store.add_user("a4", "pw-agent-4", role="agent", team="一组"))
    session = trainer.create_session("周五演练课", [1], "practice", 5, 0)
    for agent in agents:
        agent.join_session(session["code"])
    return trainer, agents, outsider, session


def test_tally_counts_and_majority_by_hand():
    assert tally([2, 0, 0], 3).counts == (2, 0, 1) and tally([2, 0, 0], 3).majority == 0
    assert tally([1, 2], 3).majority is None  # a tie for first place
    assert tally([], 4).majority is None and tally([], 4).voters == 0
    assert tally([3, 3, 1, 0], 4).counts == (1, 1, 0, 2) and tally([3, 3, 1, 0], 4).share(3) == 0.5


def test_a_class_votes_reveals_and_follows_the_majority_then_the_trainers_pick(store, cls):
    trainer, (a1, a2, a3), outsider, session = cls
    view = trainer.start_class_drill(session["id"], DRILL)
    assert view.turn == 1 and view.node.id == "m1" and view.members == 3 and view.tally.voters == 0
    assert sorted(i for i, _ in view.options) == [0, 1, 2]
    a1.vote_class_drill(view.id, 1, 2)
    a2.vote_class_drill(view.id, 1, 0)
    seen = a3.vote_class_drill(view.id, 1, 0)
    assert seen.tally is None and seen.my_vote == 0  # an agent sees the distribution only after the reveal
    board = trainer.class_drill_board(session["id"])
    assert board.tally.counts == (2, 0, 1) and board.tally.majority == 0
    a1.vote_class_drill(view.id, 1, 0)  # changes their vote before the reveal
    assert trainer.class_drill_board(session["id"]).tally.counts == (3, 0, 0)
    with pytest.raises(InputError) as info:
        outsider.vote_class_drill(view.id, 1, 0)
    assert info.value.key == "classdrill.not_member"
    with pytest.raises(InputError) as info:
        outsider.class_drill_view(session["id"])
    assert info.value.key == "classdrill.not_member"
    with pytest.raises(InputError) as info:
        trainer.advance_class_drill(session["id"])
    assert info.value.key == "classdrill.not_revealed"

    trainer.reveal_class_drill(session["id"])
    revealed = a2.class_drill_view(session["id"])
    assert revealed.revealed and revealed.tally.counts == (3, 0, 0)
    with pytest.raises(InputError) as info:
        a2.vote_class_drill(view.id, 1, 1)
    assert info.value.key == "classdrill.turn_closed"
    moved = trainer.advance_class_drill(session["id"])
    assert moved.turn == 2 and moved.node.id == "m2" and moved.steps[0].how == "majority"
    assert moved.steps[0].tally.counts == (3, 0, 0) and not moved.revealed

    a1.vote_class_drill(view.id, 2, 1)
    a2.vote_class_drill(view.id, 2, 2)  # a3 does not vote: 1 against 1, no majority
    trainer.reveal_class_drill(session["id"])
    with pytest.raises(InputError) as info:
        trainer.advance_class_drill(session["id"])
    assert info.value.key == "classdrill.no_majority"
    with pytest.raises(InputError):
        trainer.advance_class_drill(session["id"], choice=5)
    done = trainer.advance_class_drill(session["id"], choice=2)
    assert done.finished and done.result.outcome == "withdrew" and done.options == []
    assert [(s.node_id, s.choice, s.how) for s in done.steps] == [("m1", 0, "majority"), ("m2", 2, "trainer")]
    assert done.result.path == (("m1", 0), ("m2", 2)) and len(done.result.weak_turns) == 1
    with pytest.raises(InputError) as info:
        a1.vote_class_drill(view.id, 3, 0)
    assert info.value.key == "classdrill.not_running"

    # completion for assignments: a1 and a2 voted at both turns, a3 only at the first
    assert a1.drill_completed(a1.user.id, DRILL) is True
    assert trainer.drill_completed(a2.user.id, DRILL) is True
    assert trainer.drill_completed(a3.user.id, DRILL) is False
    finished = store.attempts(user_ids=[a1.user.id])  # no attempt: the class drill counts on its own
    assert len(finished) == 0
    from clientkit.store.class_drills import get_drill

    at = get_drill(store, done.id)["finished_at"]
    assert trainer.drill_completed(a1.user.id, DRILL, since=at + timedelta(seconds=1)) is False
    with pytest.raises(PermissionDenied):
        a1.drill_completed(a2.user.id, DRILL)


def test_only_the_sessions_trainer_runs_it(store, cls):
    trainer, (a1, *_), _, session = cls
    other = Service(store, store.add_user("t2", "pw-trainer-2", role="trainer"))
    with pytest.raises(PermissionDenied):
        other.start_class_drill(session["id"], DRILL)
    with pytest.raises(PermissionDenied):
        a1.start_class_drill(session["id"], DRILL)
    assert trainer.class_drill_board(session["id"]) is None
    assert a1.class_drill_view(session["id"]) is None


def test_an_own_attempt_completes_the_drill(store, cls):
    _, (a1, *_), _, _ = cls
    opened = a1.start_dialogue(DRILL)
    assert a1.drill_completed(a1.user.id, DRILL) is False
    for node_id, index in opened.conversation.drill.best_path():
        a1.dialogue_step(opened.task_id, index)
    a1.submit_dialogue(opened.task_id)
    assert a1.drill_completed(a1.user.id, DRILL) is True
    with pytest.raises(ContentError) as info:
        a1.drill_completed(a1.user.id, "ch01.d.no_such_drill")
    assert info.value.message() == "找不到对话演练“ch01.d.no_such_drill”。"
