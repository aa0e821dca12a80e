"""The 对话演练 service functions against a real store (SQLite): start, step, submit, replay."""
from __future__ import annotations

import pytest

from clientkit.errors import InputError
from clientkit.practice.dialogue import DIMENSIONS, dialogue_version
from clientkit.service import Service
from clientkit.store import Store

DRILL = "ch01.d.first_meeting"


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'dlg.db'}")
    yield s
    s.close()


@pytest.fixture
def people(store):
    return {"agent": store.add_user("a1", "pw-agent-1", role="agent", team="一组", display_name="张三"),
            "sup": store.add_user("s1", "pw-sup-1", role="supervisor", team="一组", display_name="主管")}


def _play(svc, picks):
    opened = svc.start_dialogue(DRILL)
    for pick in picks:
        svc.dialogue_step(opened.task_id, pick)
    return opened


def test_a_played_drill_is_stored_like_any_attempt(store, people):
    svc = Service(store, people["agent"])
    opened = svc.start_dialogue(DRILL)
    drill = opened.conversation.drill
    for node_id, index in drill.best_path():
        assert opened.conversation.node.id == node_id
        svc.dialogue_step(opened.task_id, index)
    result = svc.submit_dialogue(opened.task_id)
    assert result.score == 1.0
    stored = store.attempts(user_ids=[people["agent"].id])
    assert len(stored) == 1
    row = stored.iloc[0]
    assert row["exercise_id"] == f"dialogue:{DRILL}" and row["mode"] == "practice" and row["chapter"] == 1
    assert row["seed"] == opened.conversation.variant.seed
    assert row["answer"]["path"] == [[n, i] for n, i in drill.best_path()]
    assert set(row["answer"]["dimensions"]) == set(DIMENSIONS)
    assert row["content_version"] == dialogue_version()
    assert [item["correct"] for item in row["items"]] == [True] * 5
    assert all(set(item["scores"]) == set(DIMENSIONS) for item in row["items"])


def test_a_weak_path_is_scored_and_its_rules_recorded(store, people):
    svc = Service(store, people["agent"])
    # m1 best (0), m2 reply 3 "也会给我们合作的机构做做营销" → the client withdraws consent
    opened = _play(svc, [0, 2])
    assert opened.conversation.finished and opened.conversation.node.end == "withdrew"
    result = svc.submit_dialogue(opened.task_id)
    assert result.outcome == "withdrew" and result.score < 0.5
    assert [w.node_id for w in result.weak_turns] == ["m2"]
    row = store.attempts(user_ids=[people["agent"].id]).iloc[0]
    assert row["items"][1]["correct"] is False and "C5-06" in row["items"][1]["rule_ids"]


def test_submit_is_refused_before_the_end_and_twice(store, people):
    svc = Service(store, people["agent"])
    opened = _play(svc, [0])
    with pytest.raises(InputError) as info:
        svc.submit_dialogue(opened.task_id)
    assert info.value.key == "dialogue.path_incomplete"
    svc.dialogue_step(opened.task_id, 2)
    svc.submit_dialogue(opened.task_id)
    with pytest.raises(InputError):
        svc.submit_dialogue(opened.task_id)
    with pytest.raises(InputError) as info:
        svc.dialogue_step(opened.task_id, 0)
    assert info.value.key == "dialogue.finished"


def test_steps_from_the_browser_are_checked(store, people):
    svc = Service(store, people["agent"])
    opened = svc.start_dialogue(DRILL)
    for bad in (7, -1, "x", None):
        with pytest.raises(InputError):
            svc.dialogue_step(opened.task_id, bad)
    other = Service(store, store.add_user("a2", "pw-agent-2", role="agent", team="一组"))
    with pytest.raises(InputError):
        other.dialogue_step(opened.task_id, 0)
    assert opened.conversation.path == []


def test_each_try_draws_a_new_variant(store, people):
    svc = Service(store, people["agent"])
    seeds = {svc.start_dialogue(DRILL).conversation.variant.seed for _ in range(3)}
    assert len(seeds) == 3


def test_the_supervisor_drilldown_replays_the_conversation(store, people):
    svc = Service(store, people["agent"])
    opened = _play(svc, [0, 2])
    svc.submit_dialogue(opened.task_id)
    detail = Service(store, people["sup"]).agent_detail(people["agent"].id)
    assert list(detail["题号"]) == [1, 2]
    assert list(detail["对错"]) == ["✔", "✘"]
    assert detail["练习"].iloc[0].startswith("对话演练：")
    assert "营销" in detail["作答"].iloc[1] and "告知书" in detail["正确答案"].iloc[1]
    assert "C5-06" in detail["规则"].iloc[1]
    shown = " ".join(detail.astype(str).values.ravel())
    from clientkit.samples import sample_book

    full = [n for n in sample_book().clients["name"].dropna() if len(n) > 1]
    assert not any(n in shown for n in full)


def test_dimension_scores_per_agent_and_team_and_weak_turns(store, people):
    other = store.add_user("a2", "pw-agent-2", role="agent", team="一组", display_name="李四")
    best = Service(store, people["agent"])
    opened = best.start_dialogue(DRILL)
    for _, index in opened.conversation.drill.best_path():
        best.dialogue_step(opened.task_id, index)
    best.submit_dialogue(opened.task_id)
    weak = Service(store, other)
    weak.submit_dialogue(_play(weak, [0, 2]).task_id)  # withdraws at m2
    view = Service(store, people["sup"]).dialogue_dimensions()
    agents = view["agents"].set_index("业务员")
    assert agents.loc["张三", "合规"] == "100%" and agents.loc["张三", "演练次数"] == 1
    # 李四: m1 best [2,1,1,2], m2 营销 [-2,-1,-2,-1] against best path 合规 9 → 0 / 9 = 0%
    assert agents.loc["李四", "合规"] == "0%"
    # 服务: 2 - 1 = 1 of the best path's 2+2+1+1+2 = 8 → 12.5 %, shown rounded half up
    assert agents.loc["李四", "服务"] == "13%"
    team = view["teams"].set_index("团队")
    assert team.loc["一组", "演练次数"] == 2 and team.loc["一组", "合规"] == "50%"
    turns = view["turns"]
    assert len(turns) == 1 and turns.iloc[0]["轮次"] == "2" and turns.iloc[0]["失分次数"] == "1 / 2 次"
    assert turns.iloc[0]["客户说"].startswith("好吧。你要我填这么多信息")
    mine = Service(store, other).my_dialogue_scores()
    assert list(mine["业务员"]) == ["李四"] and mine.iloc[0]["合规"] == "0%"


def test_weak_turn_texts_show_placeholders_as_labels():
    from clientkit.reports.dialogue import generic_text

    assert generic_text("您好，{client}，您今年{age}岁。") == "您好，〈客户称呼〉，您今年〈年龄（周岁）〉岁。"
