"""Chapter apps 7 and 8 headless: every practice exercise gives a variant and rule feedback, the
assessment starts and scores, and chapter 8 has its 指标 tab."""
import pytest

from clientkit.service import Service
from clientkit.store import Store
from clientkit.ui.chapter import ChapterApp


@pytest.fixture
def svc(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'ui.db'}")
    user = s.add_user("agent78", "pw-agent-78", role="agent", team="一组", display_name="测试")
    yield Service(s, user)
    s.close()


@pytest.mark.parametrize("number", [7, 8])
def test_practice_every_exercise_and_assessment(svc, number):
    app = ChapterApp(svc, number)
    for _label, exercise_id in app.ex_picker.options:
        app.ex_picker.value = exercise_id
        app.practice_new.click()
        assert app.practice_task is not None and app.practice_task.task.items
        app.practice_submit.click()
        assert "得分" in app.practice_feedback.value and f"C{number}-" in app.practice_feedback.value
    app.assess_start.click()
    assert app.assess_task is not None and len(app.assess_task.task.items) >= 10
    app.assess_force.click()
    assert "得分" in app.assess_feedback.value


def test_chapter8_has_the_kpi_tab(svc):
    app = ChapterApp(svc, 8)
    titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    assert "指标" in titles
    app.tabs.selected_index = titles.index("指标")
    box = app._tool_boxes[titles.index("指标") - 3]
    assert box.children  # built when opened
