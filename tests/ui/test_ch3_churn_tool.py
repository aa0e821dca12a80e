"""The chapter-3 流失预警 tool built headless: clients needing action, signals, actions, masked;
the chapter-3 app opens with 学习/练习/自测 and the tool tab."""
import re

import pandas as pd
import pytest

from clientkit.rules.ch3_churn import churn_scores
from clientkit.service import Service, sample_book
from clientkit.store import Store
from clientkit.ui.tools import ch3_churn, tools_for


@pytest.fixture
def svc(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'ui.db'}")
    user = s.add_user("agent3", "pw-agent-3", role="agent", team="一组", display_name="测试")
    yield Service(s, user)
    s.close()


def test_tool_is_registered_for_chapter_3():
    assert ch3_churn in tools_for(3) and ch3_churn.TITLE == "流失预警"


def test_churn_tab_lists_clients_needing_action_masked(svc):
    book = sample_book()
    on = pd.Timestamp(book.meta["on"]).date()
    expected = churn_scores(book, on)
    expected = expected[expected.score >= 20]
    widget = ch3_churn.build(svc, page=None)
    html = widget.value
    assert on.isoformat() in html and f"共 {len(expected)} 位客户" in html
    for row in expected.itertuples():
        assert row.client_id in html and row.action.split("（")[0] in html
    names = book.clients.set_index("client_id").loc[expected.client_id, "name"].dropna()
    for name in names:
        assert len(name) < 2 or name not in html  # full names never shown
    assert re.search(r"[\u4e00-\u9fff]\*", html)


def test_render_table_empty_and_escaped():
    assert "没有需要跟进" in ch3_churn.render_table(pd.DataFrame())
    frame = pd.DataFrame({"rank": [1], "client_id": ["<C1>"], "name": ["张*"], "score": [35.0],
                          "signal_labels": ["处于宽限期"], "action": ["提醒缴费"]})
    html = ch3_churn.render_table(frame)
    assert "&lt;C1&gt;" in html and "<C1>" not in html and "35" in html


def test_chapter3_app_practice_and_assessment(svc):
    from clientkit.ui.chapter import ChapterApp

    app = ChapterApp(svc, 3)
    app.practice_new.click()
    assert app.practice_task is not None and app.practice_task.task.items
    app.practice_submit.click()
    assert "得分" in app.practice_feedback.value and "C3-" in app.practice_feedback.value
    app.assess_start.click()
    assert len(app.assess_task.task.items) >= 10
