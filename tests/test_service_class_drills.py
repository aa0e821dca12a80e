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


def _finish_with_three_voters(trainer, agents, session):
    """m1: everyone votes 0 (the majority); m2: a1 votes 1, a2 votes 2, a3 does not vote; the
    trainer names reply 2 (the client withdraws consent, an end)."""
    a1, a2, a3 = agents
    view = trainer.start_class_drill(session["id"], DRILL)
    for agent in agents:
        agent.vote_class_drill(view.id, 1, 0)
    trainer.reveal_class_drill(session["id"])
    trainer.advance_class_drill(session["id"])
    a1.vote_class_drill(view.id, 2, 1)
    a2.vote_class_drill(view.id, 2, 2)
    trainer.reveal_class_drill(session["id"])
    return view, trainer.advance_class_drill(session["id"], choice=2)


def test_every_voter_gets_an_attempt_scored_on_their_own_votes(store, cls):
    import pandas as pd

    from clientkit.practice.dialogue import dialogue_version

    trainer, agents, outsider, session = cls
    a1, a2, a3 = agents
    view, done = _finish_with_three_voters(trainer, agents, session)
    assert done.finished
    stored = store.attempts(user_ids=[a.user.id for a in agents]).set_index("user_id")
    assert len(stored) == 3 and len(store.attempts(user_ids=[outsider.user.id])) == 0
    first = stored.loc[a1.user.id]
    assert first["exercise_id"] == f"dialogue:{DRILL}" and first["session_id"] == session["id"]
    assert first["mode"] == "practice" and first["content_version"] == dialogue_version()
    assert first["seed"] == done.variant.seed and first["attempt_id"] == f"classdrill:{view.id}:{a1.user.id}"
    assert first["answer"]["path"] == [["m1", 0], ["m2", 2]] and first["answer"]["votes"] == [0, 1]
    # best replies at m1 [2,1,1,2] and m2 [2,2,1,2]: 合规 4, 专业 3, 适当 2, 服务 4
    # a1: m1 0 [2,1,1,2] + m2 1 [-1,-1,0,0] = [1,0,1,2] → 1/4, 0, 1/2, 2/4 → 31.25 %
    assert first["answer"]["dimensions"] == {"compliance": 1, "professional": 0, "suitability": 1, "service": 2}
    assert first["score"] == pytest.approx(0.3125)
    # a2: + m2 2 [-2,-1,-2,-1] = [0,0,-1,1] → 0, 0, 0, 1/4 → 6.25 %
    assert stored.loc[a2.user.id, "score"] == pytest.approx(0.0625)
    # a3 did not vote at m2: 0 points there, its best still counts → [2,1,1,2] → ½, ⅓, ½, ½
    third = stored.loc[a3.user.id]
    assert third["answer"]["votes"] == [0, None] and third["answer"]["unanswered"] == 1
    assert third["score"] == pytest.approx(round((0.5 + 1 / 3 + 0.5 + 0.5) / 4, 4))
    assert third["items"][1]["answered"] is False and third["items"][1]["rule_ids"] == []
    assert first["submitted_at"] == pd.Timestamp(store_finished(store, view.id))

    # a second click on the finished drill stores nothing twice
    with pytest.raises(InputError):
        trainer.advance_class_drill(session["id"], choice=2)
    assert len(store.attempts(user_ids=[a.user.id for a in agents])) == 3
    # the session's paper board still counts papers only: nobody handed one in
    board = trainer.session_board(session["id"])
    assert board["submitted"] == 0 and set(board["agents"]["状态"]) == {"作答中"}
    # a3 missed a turn: the class drill does not complete the drill for them, a1 and a2 did
    assert trainer.drill_completed(a3.user.id, DRILL) is False
    assert trainer.drill_completed(a2.user.id, DRILL) is True


def test_the_trainers_participation_table_shows_each_agents_own_score_at_the_end(store, cls):
    """Scores worked out above: a1 31.25 % → 31 %, a2 6.25 % → 6 %, a3 (no vote at m2) 46 %."""
    trainer, agents, _outsider, session = cls
    a1, a2, a3 = agents
    view = trainer.start_class_drill(session["id"], DRILL)
    for agent in agents:
        agent.vote_class_drill(view.id, 1, 0)
    during = trainer.class_drill_participation(session["id"]).set_index("业务员")
    assert list(during.columns) == ["投票轮数", "选中最佳回答", "个人得分"]
    assert set(during["个人得分"]) == {"—"}   # no score before the class reaches an end
    trainer.reveal_class_drill(session["id"])
    trainer.advance_class_drill(session["id"])
    a1.vote_class_drill(view.id, 2, 1)
    a2.vote_class_drill(view.id, 2, 2)
    trainer.reveal_class_drill(session["id"])
    trainer.advance_class_drill(session["id"], choice=2)
    table = trainer.class_drill_participation(session["id"]).set_index("业务员")
    names = {a.user.id: a.user.display_name or a.user.username for a in agents}
    assert table.loc[names[a1.user.id]].tolist() == [2, "1 / 2", "31%"]
    assert table.loc[names[a2.user.id]].tolist() == [2, "1 / 2", "6%"]
    assert table.loc[names[a3.user.id]].tolist() == [1, "1 / 1", "46%"]
    stored = store.attempts(user_ids=[a1.user.id]).iloc[0]
    assert table.loc[names[a1.user.id], "个人得分"] == f"{round(stored['score'] * 100)}%"   # what their attempt holds


def store_finished(store, drill_id):
    from clientkit.store.class_drills import get_drill

    return get_drill(store, drill_id)["finished_at"]


def test_class_attempts_reach_the_supervisor_and_my_progress(store, cls):
    trainer, agents, _, session = cls
    a1, a2, a3 = agents
    _finish_with_three_voters(trainer, agents, session)
    sup = Service(store, store.add_user("s1", "pw-sup-1", role="supervisor", team="一组"))
    view = sup.dialogue_dimensions()
    people = view["agents"].set_index("业务员")
    assert people.loc["a1", "合规"] == "25%" and people.loc["a1", "服务"] == "50%"
    assert people.loc["a2", "服务"] == "25%" and people.loc["a3", "专业"] == "33%"
    team = view["teams"].set_index("团队")
    # 合规: (1/4 + 0 + 1/2) / 3 = 25 %; 演练次数 3
    assert team.loc["一组", "演练次数"] == 3 and team.loc["一组", "合规"] == "25%"
    turns = view["turns"]
    # m2 at turn 2: a1 and a2 voted a weak reply; a3 did not vote there (not counted)
    assert len(turns) == 1 and turns.iloc[0]["轮次"] == "2" and turns.iloc[0]["失分次数"] == "2 / 2 次"
    assert list(sup.dialogue_dimensions(session_id=session["id"])["agents"]["业务员"]) == ["a1", "a2", "a3"]

    mine = a1.my_dialogue_scores()
    assert list(mine["业务员"]) == ["a1"] and mine.iloc[0]["合规"] == "25%"
    assert len(a1.my_dialogue_weak_turns()) == 1 and len(a3.my_dialogue_weak_turns()) == 0

    (label, attempt_id), = sup.dialogue_attempts(a3.user.id)
    assert "课堂演练" in label and label.endswith("得分 46%")
    drill, variant, result, bubbles = sup.replay_dialogue(attempt_id)
    assert result.votes == (0, None) and result.path == (("m1", 0), ("m2", 2)) and result.outcome == "withdrew"
    assert [b.speaker for b in bubbles] == ["client", "agent", "client", "agent", "client"]
    detail = sup.agent_detail(a3.user.id)
    assert list(detail["作答"])[1] == "（这一轮没有投票）" and list(detail["对错"]) == ["✔", "—"]
    assert set(detail["类型"]) == {"课堂演练（周五演练课）"}
    assert a3.replay_dialogue(attempt_id)[2].votes == (0, None)
    with pytest.raises(InputError):
        a1.replay_dialogue(attempt_id)  # another agent's attempt
