"""A stored 对话演练 attempt replayed (issue 13): in the supervisor's drill-down (the chat, the path
beside the best path, every turn explained, masked) and in the agent's own past attempts on 首页;
我的进度 lists the agent's most common weak turns."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from clientkit.errors import InputError
from clientkit.service import Service
from clientkit.store import Store
from clientkit.ui.dashboard import DashboardApp
from clientkit.ui.home import HomeApp
from clientkit.ui.progress import ProgressApp

DRILL = "ch01.d.first_meeting"


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'replay.db'}", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield s
    s.close()


def _weak_attempt(svc):
    """m1 best, then m2 reply 2 (the client withdraws consent): one weak turn out of two."""
    opened = svc.start_dialogue(DRILL)
    svc.dialogue_step(opened.task_id, 0)
    svc.dialogue_step(opened.task_id, 2)
    svc.submit_dialogue(opened.task_id)
    return opened


def test_supervisor_replays_an_agents_drill_and_others_cannot(store):
    agent = Service(store, store.add_user("a1", "pw-agent-1", role="agent", team="一组", display_name="张三"))
    other = Service(store, store.add_user("b1", "pw-agent-2", role="agent", team="二组"))
    sup = Service(store, store.add_user("s1", "pw-super-1", role="supervisor", team="一组"))
    boss2 = Service(store, store.add_user("s2", "pw-super-2", role="supervisor", team="二组"))
    opened = _weak_attempt(agent)
    name = opened.conversation.variant.values["name"]
    assert "*" in name  # the drawn client's name is masked

    app = DashboardApp(sup)
    app.agent.value = agent.user.id
    app.apply.click()
    app.tabs.selected_index = 4
    assert app.replay.widget.layout.display is None and len(app.replay.pick.options) == 1
    app.replay.show.click()
    page = app.replay.out.value
    assert page, app.page.message.value
    for text in ("逐轮评分与解析", "你的对话路径", "最佳路径", "第 2 轮", "不是最佳回答", "客户撤回了同意", "依据"):
        assert text in page, text
    assert page.count('class="ck-better"><div><b>第') == 1  # turn 1 was the best reply, turn 2 not
    assert name in page
    for intruder in (other, boss2):
        with pytest.raises(InputError):
            intruder.replay_dialogue(opened.task_id)
    assert agent.replay_dialogue(opened.task_id)[2].outcome == "withdrew"

    home = HomeApp(agent)
    home.past.value = opened.task_id
    home.past_show.click()
    assert "逐轮评分与解析" in home.past_out.value and "题库已更新" not in home.past_out.value

    progress = ProgressApp(agent)
    text = "".join(getattr(w, "value", "") for w in progress.page.body.children)
    assert "我最常失分的对话轮次" in text and "1 / 1 次" in text
