"""The apps driven headless with ``Button.click()`` against a real store (SQLite)."""
import json
from datetime import timedelta

import ipywidgets as w
import pytest

from clientkit import service as service_mod
from clientkit.errors import PermissionDenied
from clientkit.service import Service
from clientkit.store import Store
from clientkit.ui.chapter import ChapterApp
from clientkit.ui.home import HomeApp
from clientkit.ui.review import ReviewApp


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'ui.db'}")
    yield s
    s.close()


@pytest.fixture
def agent(store):
    return store.add_user("agent1", "pw-agent-1", role="agent", team="一组", display_name="测试业务员")


@pytest.fixture
def svc(store, agent):
    return Service(store, agent)


def _all_widget_state() -> str:
    from ipywidgets.widgets.widget import _instances

    states = []
    for widget in list(_instances.values()):
        try:
            states.append(json.dumps(widget.get_state(), ensure_ascii=False, default=str))
        except Exception:
            continue
    return "\n".join(states)


def test_practice_gives_fresh_variants_and_feedback(svc, store, agent):
    app = ChapterApp(svc, 1)
    app.practice_new.click()
    first = app.practice_task
    assert first is not None and first.task.items
    app.practice_new.click()
    second = app.practice_task
    assert second.task_id != first.task_id and second.task.seed != first.task.seed
    app.practice_submit.click()
    assert "得分" in app.practice_feedback.value
    assert "C1-" in app.practice_feedback.value  # feedback names the rule
    stored = store.attempts(user_ids=[agent.id])
    assert len(stored) == 1 and stored.iloc[0]["mode"] == "practice"


def test_no_answer_key_in_widget_state(svc):
    w.Widget.close_all()  # only this page's widgets: earlier tests showed feedback on purpose
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    task = app.assess_task.task
    state = _all_widget_state()
    assert state, "widget registry not found"
    for item_id, key in task.key.items():
        explanation = key.get("explanation") if isinstance(key, dict) else getattr(key, "explanation", None)
        if explanation and len(explanation) > 12:
            assert explanation not in state, item_id


def test_assessment_blank_warning_then_submit_once(svc, store, agent):
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    assert len(app.assess_task.task.items) >= 10
    assert app.assess_task.deadline is not None
    task_id = app.assess_task.task_id
    app.assess_submit.click()  # all blank: a warning next to the buttons, nothing stored yet
    assert "尚未作答" in app.assess_note.value
    assert app.assess_force.layout.display is None
    assert len(store.attempts(user_ids=[agent.id])) == 0
    app.assess_force.click()
    assert "已提交" in app.assess_note.value
    assert len(store.attempts(user_ids=[agent.id])) == 1
    # a forged second submission (a click on a hidden button) is refused on the server
    with pytest.raises(Exception) as err:
        svc.submit(task_id, {}, allow_blank=True)
    assert "已经提交" in err.value.message()
    assert len(store.attempts(user_ids=[agent.id])) == 1


def test_reload_resumes_the_same_assessment_and_deadline(svc, store, agent):
    first = ChapterApp(svc, 1)
    first.assess_start.click()
    reloaded = ChapterApp(Service(store, agent), 1)  # a new page = a new kernel and service
    reloaded.assess_start.click()
    assert reloaded.assess_task.task_id == first.assess_task.task_id
    assert reloaded.assess_task.deadline == first.assess_task.deadline


def test_late_submission_is_refused(svc, store, agent, monkeypatch):
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    late = app.assess_task.deadline + timedelta(seconds=service_mod.SUBMIT_GRACE_S + 5)
    monkeypatch.setattr(service_mod, "_now", lambda: late)
    app.assess_force.click()
    assert "时间已到" in app.assess_note.value
    assert len(store.attempts(user_ids=[agent.id])) == 0


def test_home_shows_own_history_and_mastery(svc, store, agent):
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    app.assess_force.click()
    home = HomeApp(svc)
    text = "".join(getattr(c, "value", "") for c in home.page.body.children)
    assert "第1章" in text and "自测" in text


def test_review_needs_supervisor_and_shows_team(store, agent):
    other_team = store.add_user("agent9", "pw-agent-9", role="agent", team="二组", display_name="别组业务员")
    sup = store.add_user("sup1", "pw-sup-1", role="supervisor", team="一组", display_name="一组主管")
    for user in (agent, other_team):
        app = ChapterApp(Service(store, user), 1)
        app.assess_start.click()
        app.assess_force.click()
    with pytest.raises(PermissionDenied):
        ReviewApp(Service(store, agent))
    page = ReviewApp(Service(store, sup))
    assert "测试业务员" in page.out.value
    assert "别组业务员" not in page.out.value  # a supervisor sees their own team only


def test_a_locked_store_shows_chinese_message_and_keeps_the_answers(svc, store, agent, monkeypatch):
    from clientkit.errors import StoreError

    app = ChapterApp(svc, 1)
    app.practice_new.click()
    item = app.practice_task.task.items[0]
    control = app.practice_form.inputs[item.item_id]
    if item.input == "single":
        control.value = item.options[0][0]
    elif item.input == "multi":
        control.children[0].value = True
    else:
        control.value = "1" if item.input != "date" else None
    before = app.practice_form.answer()
    real = store.record_attempt
    calls = []

    def locked(attempt):
        calls.append(attempt["attempt_id"])
        if len(calls) == 1:
            raise StoreError("error.store_locked")
        return real(attempt)

    monkeypatch.setattr(store, "record_attempt", locked)
    app.practice_submit.click()
    assert "成绩库正忙" in app.practice_note.value
    assert app.practice_form.answer() == before  # nothing the agent entered is lost
    assert app.practice_feedback.value == ""
    app.practice_submit.click()  # retry once the store is free: stored exactly once
    assert "得分" in app.practice_feedback.value
    assert len(store.attempts(user_ids=[agent.id])) == 1
    assert calls[0] == calls[1]  # the retry is the same attempt id (idempotent)


def test_time_up_submits_with_malformed_entries_counted_blank(svc, store, agent, monkeypatch):
    import clientkit.practice

    monkeypatch.setattr(clientkit.practice, "derive_seed", lambda *a: 0)  # the reference form has a number item
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    numbers = [i for i in app.assess_task.task.items if i.input == "number"]
    assert numbers, "the assessment has a number item"
    app.assess_form.inputs[numbers[0].item_id].value = "abc"  # not a number
    app._time_up()  # what the timer thread runs at the deadline
    stored = store.attempts(user_ids=[agent.id])
    assert len(stored) == 1 and stored.iloc[0]["mode"] == "assessment"
    assert "自动提交" in app.assess_note.value
