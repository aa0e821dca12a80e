"""学习任务 in the apps, driven headless (``.click()``) on a real SQLite store: a supervisor
assigns from 主管看板, the agent sees it on 首页 with the days left, the status shows who is
overdue; the trainer console has the tab; the PDF buttons offer a PDF (issue 14)."""
from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from clientkit.service import Service
from clientkit.service_assignments import local_date
from clientkit.service_tasks import _now
from clientkit.store import Store
from clientkit.ui.dashboard import DashboardApp
from clientkit.ui.home import HomeApp
from clientkit.ui.progress import ProgressApp
from clientkit.ui.trainer import TrainerApp


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'assign.db'}")
    yield s
    s.close()


@pytest.fixture
def people(store):
    add = store.add_user
    return {"a1": add("a1", "pw-a1-pass", role="agent", team="一组", display_name="王小明"),
            "b1": add("b1", "pw-b1-pass", role="agent", team="二组", display_name="别组业务员"),
            "sup": add("sup", "pw-sup-pass", role="supervisor", team="一组", display_name="一组主管"),
            "tr": add("tr", "pw-tr-pass", role="trainer", team="", display_name="培训师甲")}


def _texts(widget) -> str:
    out = [getattr(widget, "value", "") if isinstance(getattr(widget, "value", None), str) else ""]
    for child in getattr(widget, "children", ()):
        out.append(_texts(child))
    return "\n".join(out)


def test_supervisor_assigns_in_the_dashboard_and_the_agent_sees_days_left(store, people):
    app = DashboardApp(Service(store, people["sup"]))
    panel = app.assign
    assert [app.tabs.get_title(i) for i in range(len(app.tabs.children))][-1] == "学习任务"
    assert panel.teams.options == (("一组", "一组"),) and panel.sessions.layout.display == "none"
    assert [label for label, _ in panel.agents.options] == ["王小明"]  # not 二组's agent
    panel.title.value = "第一章入门"
    panel.chapters.value = (1,)
    panel.due.value = local_date(_now()) + timedelta(days=5)
    panel.teams.value = ("一组",)
    panel.create.click()
    assert "已布置学习任务" in app.page.message.value
    assert "共 1 人" in panel.summary.value and "进行中 1 人" in panel.summary.value
    assert "王小明" in panel.table.value and "剩 5 天" in panel.table.value
    panel.csv.click()
    assert 'download="学习任务-第一章入门-' in panel.link.value
    home = _texts(HomeApp(Service(store, people["a1"])).widget)
    assert "待完成的学习任务" in home and "第一章入门" in home and "剩 5 天" in home
    assert "第1章 自测" in home and "未达标" in home
    other = _texts(HomeApp(Service(store, people["b1"])).widget)
    assert "第一章入门" not in other and "目前没有待完成的学习任务" in other


def test_a_bad_form_shows_a_chinese_error_and_creates_nothing(store, people):
    app = DashboardApp(Service(store, people["sup"]))
    app.assign.title.value = "缺对象"
    app.assign.create.click()
    assert "请至少选择一个对象" in app.page.message.value
    assert Service(store, people["sup"]).assignments() == []


def test_trainer_console_has_the_assignment_tab(store, people):
    app = TrainerApp(Service(store, people["tr"]))
    tab = app.page.body.children[0]
    assert [tab.get_title(i) for i in range(2)] == ["课堂", "学习任务"]
    assert app.assign.teams.layout.display == "none"  # trainers assign to their classes
    assert app.assign.sessions.layout.display == "none"  # no class yet
    app.name.value = "新人班"
    app.create.click()
    tab.selected_index = 1  # the tab re-reads the trainer's classes
    assert [label for label, _ in app.assign.sessions.options][0].startswith("新人班（")
    assert app.assign.sessions.layout.display is None


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium missing")
def test_progress_pdf_button_offers_a_pdf(store, people):
    app = ProgressApp(Service(store, people["a1"]))
    pdf = app.page.body.children[0].children
    pdf[0].click()
    assert "data:application/pdf;base64,JVBER" in pdf[1].value and "个人自测报告" in pdf[1].value


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium missing")
def test_home_offers_the_certificate_of_a_completed_onboarding_assignment(store, people):
    from tests.store.conftest import make_attempt

    made = Service(store, people["sup"]).create_assignment("入职培训", [1], due=local_date(_now()) + timedelta(days=3),
                                                           teams=["一组"], onboarding=True)
    store.record_attempt(make_attempt(people["a1"].id, exercise_id="assessment:ch01", chapter=1, mode="assessment",
                                      score=0.9, submitted_at=_now()))
    app = HomeApp(Service(store, people["a1"]))
    text = _texts(app.widget)
    assert "已完成的学习任务" in text and "入职培训" in text and "已完成" in text
    assert "目前没有待完成的学习任务" in text
    todo = app.page.body.children[1]
    buttons = [b for b in todo.children if hasattr(b, "children") and b.children and
               getattr(b.children[0], "description", "") == "下载结业证明（PDF）"]
    assert len(buttons) == 1 and made["onboarding"]
    buttons[0].children[0].click()
    assert 'download="结业证明-入职培训.pdf"' in buttons[0].children[1].value


def test_the_supervisor_follows_a_trainers_class_assignment_named_by_its_creator(store, people):
    session = store.create_session(name="新人班", trainer_id=people["tr"].id, chapters=[1])
    for n, who in enumerate((people["a1"], people["b1"])):
        store.open_task(task_id=f"join-{n}", user_id=who.id, exercise_id=f"session:{session['id']}", chapter=1,
                        mode="practice", seed=1, started_at=_now(), session_id=session["id"])
    Service(store, people["tr"]).create_assignment("课堂任务", [1], due=local_date(_now()) + timedelta(days=2),
                                                   sessions=[session["id"]])
    panel = DashboardApp(Service(store, people["sup"])).assign
    assert [label for label, _ in panel.picker.options] == [
        f"课堂任务（截止 {(local_date(_now()) + timedelta(days=2)).isoformat()}，培训师甲布置）"]
    panel.refresh()
    assert "共 1 人" in panel.summary.value and "王小明" in panel.table.value
    assert "别组业务员" not in panel.table.value  # 二组 joined the class too, but is not the supervisor's team
    own = TrainerApp(Service(store, people["tr"])).assign
    assert "布置）" not in own.picker.options[0][0]  # the trainer's own: no creator named
