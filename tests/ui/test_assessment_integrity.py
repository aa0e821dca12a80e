"""An assessment that measures what agents know (issue 10): parallel forms, the retake policy,
autosaved answers restored after a reload, automatic submission at the deadline, and feedback
that names the rule but not the key."""
from datetime import timedelta

import clientkit.service as service_mod
from clientkit.service import Service
from clientkit.ui.chapter import ChapterApp


def _clock(monkeypatch, moment):
    monkeypatch.setattr(service_mod, "_now", lambda: moment)


def _take(app):
    app.assess_start.click() if app.assess_start.layout.display != "none" else app.assess_again.click()
    task = app.assess_task
    assert task is not None, app.assess_note.value
    app.assess_force.click()
    return task


def test_retakes_draw_parallel_forms_within_the_policy(svc, monkeypatch):
    start = service_mod._now()
    _clock(monkeypatch, start)
    app = ChapterApp(svc, 1)
    first = _take(app)
    assert "得分" in app.assess_feedback.value

    app.assess_again.click() if app.assess_again.layout.display != "none" else app.assess_start.click()
    assert app.assess_task is None and "至少间隔 24 小时" in app.assess_note.value  # refused, next to the button

    _clock(monkeypatch, start + timedelta(hours=25))
    app = ChapterApp(svc, 1)
    second = _take(app)
    assert second.task.seed != first.task.seed
    ids = lambda t: [i.item_id for i in t.task.items]  # noqa: E731
    assert ids(second) != ids(first)                        # other items or order
    assert len(ids(second)) == len(ids(first))              # the same blueprint
    kinds = lambda t: sorted(i.item_id.split("-")[0] for i in t.task.items)  # noqa: E731
    assert kinds(second) == kinds(first)                    # same parts, same counts

    _clock(monkeypatch, start + timedelta(hours=50))
    _take(ChapterApp(svc, 1))
    _clock(monkeypatch, start + timedelta(hours=75))
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    assert app.assess_task is None
    assert "最多可做 3 次" in app.assess_note.value
    assert len(svc.store.attempts(user_ids=[svc.user.id], mode="assessment")) == 3


def test_feedback_names_rule_and_explanation_without_the_key(svc):
    app = ChapterApp(svc, 1)
    task = _take(app)
    text = app.assess_feedback.value
    assert "正确答案" not in text and "C1-" in text
    assert text.count("ck-fb ") == len(task.task.items)


def test_answers_are_saved_and_restored_after_a_reload(svc):
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    single = next(i for i in app.assess_task.task.items if i.input == "single")
    control = app.assess_form.inputs[single.item_id]
    choice = control.options[-1][1]
    control.value = choice
    app.assess_paper.save_now()  # what the debounce timer runs ~1 s after the change
    reloaded = ChapterApp(Service(svc.store, svc.user), 1)  # a new page: new kernel, new service
    reloaded.assess_start.click()
    assert reloaded.assess_task.task_id == app.assess_task.task_id
    assert reloaded.assess_task.deadline == app.assess_task.deadline
    assert reloaded.assess_form.inputs[single.item_id].value == choice
    assert "已恢复" in reloaded.assess_note.value


def test_a_closed_page_is_submitted_at_the_deadline_with_its_saved_answers(svc, monkeypatch):
    app = ChapterApp(svc, 1)
    app.assess_start.click()
    opened = app.assess_task
    single = next(i for i in opened.task.items if i.input == "single")
    svc.save_draft(opened.task_id, {single.item_id: opened.task.key[single.item_id].answer})
    # the tab is closed; the agent comes back an hour after the deadline
    _clock(monkeypatch, opened.deadline + timedelta(hours=1))
    later = ChapterApp(Service(svc.store, svc.user), 1)
    later.assess_start.click()
    stored = svc.store.attempts(user_ids=[svc.user.id], mode="assessment")
    assert len(stored) == 1
    row = stored.iloc[0]
    assert row["attempt_id"] == opened.task_id and row["submitted_at"] == opened.deadline
    assert row["points"] >= 1  # the saved answer counted
    assert later.assess_task is None and "24 小时" in later.assess_note.value


def test_a_timed_class_counts_down_autosaves_and_submits_by_the_clock(svc, monkeypatch):
    from clientkit.ui.home import HomeApp
    from clientkit.ui.trainer import TrainerApp

    trainer_user = svc.store.add_user("trainer_t", "pw-trainer-t1", role="trainer", team="", display_name="培训师丙")
    late_user = svc.store.add_user("agent_late", "pw-agent-late1", role="agent", team="一组", display_name="迟到者")
    trainer = TrainerApp(Service(svc.store, trainer_user))
    trainer._stop.set()
    trainer.name.value = "限时课堂"
    trainer.mode.value = "assessment"
    trainer.item_count.value = 3
    trainer.minutes.value = 5
    trainer.create.click()
    code = trainer.code.value.split("<strong>")[1].split("<")[0]

    home = HomeApp(svc)
    home.join.code.value = code
    home.join.join.click()
    assert "限时 5 分钟" in home.join.area.children[0].value       # the agent sees the limit
    assert "剩余 4:5" in home.join.clock.value or "剩余 5:00" in home.join.clock.value  # and a countdown
    other = HomeApp(Service(svc.store, late_user))
    other.join.code.value = code
    other.join.join.click()
    trainer.refresh()
    assert trainer.board.value.count("作答中") == 2

    home.join._time_up()  # what the clock runs at the deadline
    assert "自动提交" in home.join.note.value
    trainer.refresh()
    assert "超时自动提交" in trainer.board.value

    trainer._ask_close()  # 结束课堂 asks and names who is still answering
    assert "迟到者" in trainer.close_note.value and trainer.close_confirm.layout.display is None


def test_a_past_attempt_opens_with_its_feedback_from_home(svc):
    from clientkit.ui.home import HomeApp

    app = ChapterApp(svc, 1)
    app.ex_picker.value = app.ex_picker.options[0][1]
    app.practice_new.click()
    app.practice_submit.click()
    _take(app)
    home = HomeApp(svc)
    assert len(home.past.options) == 2
    labels = dict(home.past.options)
    practice_id = next(v for k, v in labels.items() if "自测" not in k)
    assessment_id = next(v for k, v in labels.items() if "自测" in k)
    home.past.value = practice_id
    home.past_show.click()
    assert "得分" in home.past_out.value and "正确答案" in home.past_out.value  # practice: the key is shown
    home.past.value = assessment_id
    home.past_show.click()
    assert "得分" in home.past_out.value and "正确答案" not in home.past_out.value  # a 自测 form can recur
    import pytest
    from clientkit.errors import InputError
    from clientkit.service import Service as S
    other = svc.store.add_user("other_agent", "pw-other-agent1", role="agent", team="一组", display_name="别人")
    with pytest.raises(InputError):
        S(svc.store, other).attempt_feedback(assessment_id)
