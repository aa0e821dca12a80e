"""A class drill driven headless with Button.click() (issue 13): the trainer's section of 培训师课堂
and two agents' panels on 首页, against one real store (SQLite)."""
from __future__ import annotations

from clientkit.service import Service
from clientkit.ui.home import HomeApp
from clientkit.ui.trainer import TrainerApp

DRILL = "ch01.d.first_meeting"


def _reply(home, text_of_index):
    """The reply button whose reply index is ``text_of_index``."""
    return next(b for b in home.join.drill.choices.children if b.reply_index == text_of_index)


def test_trainer_runs_a_drill_two_agents_vote_and_the_class_follows_the_majority(svc):
    store = svc.store
    trainer = Service(store, store.add_user("t_ui", "pw-trainer-ui-1", role="trainer", display_name="林老师"))
    other = Service(store, store.add_user("a_ui2", "pw-agent-ui-2", role="agent", team="一组", display_name="第二位"))
    app = TrainerApp(trainer)
    app.name.value = "演练课"
    app.create.click()
    code = trainer.my_sessions()[0]["code"]
    homes = []
    for service in (svc, other):
        home = HomeApp(service)
        home.join.code.value = code
        home.join.join.click()
        home.join.drill.stop()  # no timer threads in a unit test
        homes.append(home)
    panel = app.drills
    panel.picker.value = DRILL
    panel.start.click()
    assert "本课堂还没有开始对话演练" not in panel.board.value and "第 1 轮：已投票 0 / 2 人" in panel.board.value
    assert panel.reveal.disabled is False and panel.majority.disabled is True
    for home in homes:
        home.join.drill.refresh()
        assert len(home.join.drill.choices.children) == 3
        assert "票（" not in home.join.drill.board.value  # no distribution before the reveal
    _reply(homes[0], 1).click()
    _reply(homes[0], 0).click()  # changes the vote
    _reply(homes[1], 0).click()
    assert "你已投票" in homes[0].join.drill.note.value
    assert _reply(homes[0], 0).button_style == "info" and _reply(homes[0], 1).button_style == ""
    panel.refresh()
    assert "第 1 轮：已投票 2 / 2 人" in panel.board.value and "2 票（100%）" in panel.board.value
    panel.reveal.click()
    assert "最佳回答" in panel.board.value and "合规 +" in panel.board.value
    homes[1].join.drill.refresh()
    assert homes[1].join.drill.choices.children == () and "2 票（100%）" in homes[1].join.drill.board.value
    panel.majority.click()
    assert "第 2 轮：已投票 0 / 2 人" in panel.board.value
    assert "多数票" in panel.board.value  # the turns table: turn 1 decided by the majority
    # a stale page votes for turn 1: refused with a message, and the page shows turn 2
    assert homes[0].join.drill.view.turn == 1  # not refreshed since
    homes[0].join.drill._vote(0)
    assert "本轮投票已截止" in homes[0].join.drill.note.value and homes[0].join.drill.view.turn == 2
    # both voted once, for m1's best reply; the trainer is no member
    assert panel.people.value.count(">1 / 1<") == 2 and "林老师" not in panel.people.value
    assert "测试业务员" in panel.people.value and "第二位" in panel.people.value
    # the trainer leads the class along the best replies to the end: the class scorecard
    from clientkit.practice.dialogue import drill

    for _node, best in drill(DRILL).best_path()[1:]:
        panel.reveal.click()
        panel.reply.value = best
        panel.follow.click()
    assert "课堂演练已结束" in panel.board.value and "全班的对话评分" in panel.board.value
    assert "综合得分 100%" in panel.board.value and "培训师指定" in panel.board.value
    assert panel.reveal.disabled and panel.follow.disabled
    homes[1].join.drill.refresh()
    assert "全班的对话评分" in homes[1].join.drill.board.value and homes[1].join.drill.choices.children == ()
    # their own score: only m1 voted (best, [2,1,1,2]) of the best path's 合规 10, 专业 9, 适当 7, 服务 8
    # → 20 %, 11 %, 14 %, 25 %, mean 18 %; the other 4 turns count 0
    mine = homes[1].join.drill.board.value
    assert "你的个人得分" in mine and "本次演练得分 18%（合规 20%、专业 11%、适当 14%、服务 25%）" in mine
    assert "有 4 轮你没有投票" in mine and "你的个人得分" not in panel.board.value
    assert len(store.attempts(user_ids=[other.user.id])) == 1
    from clientkit.ui.home import history_table

    assert list(history_table(other.my_progress()["history"], {})["类型"]) == ["课堂演练"]


def test_an_agent_who_handed_in_the_paper_still_votes_in_the_drill(svc):
    store = svc.store
    trainer = Service(store, store.add_user("t_ui3", "pw-trainer-ui-3", role="trainer"))
    session = trainer.create_session("补课", [1], "practice", 3, 0)
    first = HomeApp(svc)
    first.join.code.value = session["code"]
    first.join.join.click()
    first.join.drill.stop()
    first.join.submit.click()
    assert "答卷已提交" in first.join.note.value
    trainer.start_class_drill(session["id"], DRILL)
    again = HomeApp(svc)  # a reload: joining again refuses the paper but opens the drill
    again.join.code.value = session["code"]
    again.join.join.click()
    again.join.drill.stop()
    assert "已经提交过" in again.join.note.value
    assert len(again.join.drill.choices.children) == 3
    again.join.drill.choices.children[0].click()
    assert trainer.class_drill_board(session["id"]).tally.voters == 1
