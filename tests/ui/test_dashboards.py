"""主管看板, 培训师课堂 and 我的进度 driven headless (``.click()``) against a real SQLite store,
and the server-side scoping: forged widget values never widen what a user sees."""
import io

import pytest
from openpyxl import load_workbook

from clientkit.errors import InputError, PermissionDenied
from clientkit.service import Service
from clientkit.store import Store
from clientkit.ui.dashboard import DashboardApp
from clientkit.ui.home import HomeApp
from clientkit.ui.progress import ProgressApp
from clientkit.ui.trainer import TrainerApp


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'dash.db'}")
    yield s
    s.close()


@pytest.fixture
def people(store):
    add = store.add_user
    return {
        "a1": add("a1", "pw-a1-pass", role="agent", team="一组", display_name="=HYPERLINK(\"x\")"),
        "a2": add("a2", "pw-a2-pass", role="agent", team="一组", display_name="李四"),
        "b1": add("b1", "pw-b1-pass", role="agent", team="二组", display_name="别组业务员"),
        "sup": add("sup", "pw-sup-pass", role="supervisor", team="一组", display_name="一组主管"),
        "tr": add("tr", "pw-tr-pass", role="trainer", team="", display_name="培训师甲"),
        "tr2": add("tr2", "pw-tr2-pass", role="trainer", team="", display_name="培训师乙"),
        "admin": add("admin", "pw-admin-pass", role="admin", team="", display_name="管理员"),
    }


def _svc(store, user):
    return Service(store, user)


def _class(store, people):
    """The trainer opens an assessment session of 3 items; a1 and b1 join from 首页 and submit."""
    trainer = TrainerApp(_svc(store, people["tr"]))
    trainer.name.value = "周五课堂"
    trainer.mode.value = "assessment"
    trainer.item_count.value = 3
    trainer.create.click()
    assert "课堂已创建" in trainer.create_note.value
    code = store.find_session(trainer.code.value.split("<strong>")[1].split("<")[0])["code"]
    homes = {}
    for who in ("a1", "b1"):
        home = HomeApp(_svc(store, people[who]))
        home.join.code.value = code.lower()  # codes are case-insensitive
        home.join.join.click()
        assert home.join.opened is not None and len(home.join.opened.task.items) == 3
        home.join.submit.click()
        assert "答卷已提交" in home.join.note.value
        homes[who] = home
    return trainer, code, homes


def test_class_session_live_board_reveal_close_and_report(store, people):
    trainer, code, homes = _class(store, people)
    trainer._stop.set()
    trainer.refresh()
    assert "已加入 2 人，已提交 2 人" in trainer.status.value
    assert "别组业务员" in trainer.board.value and "HYPERLINK" in trainer.board.value
    # assessment mode: no explanations before the reveal, then on request
    home = homes["a1"]
    assert "公布解析后" in home.join.feedback.value
    trainer.reveal.click()
    home.join.show.click()
    assert "正确答案" in home.join.feedback.value
    stored = store.attempts(user_ids=[people["a1"].id])
    assert stored.iloc[0]["session_id"] == store.find_session(code)["id"]  # the attempt carries the session
    trainer.report.click()
    assert "课堂报告" in trainer.link.value
    trainer.close.click()  # asks first: everyone who joined has submitted
    assert "都已提交" in trainer.close_note.value
    assert store.find_session(code)["closed_at"] is None
    trainer.close_confirm.click()
    assert "已结束" in trainer.close_note.value
    late = HomeApp(_svc(store, people["a2"]))
    late.join.code.value = code
    late.join.join.click()
    assert "已经结束" in late.join.join_note.value


def test_trainer_cannot_see_another_trainers_session(store, people):
    trainer, code, _ = _class(store, people)
    trainer._stop.set()
    session_id = store.find_session(code)["id"]
    other = TrainerApp(_svc(store, people["tr2"]))
    other._stop.set()
    assert session_id not in [v for _, v in other.picker.options]
    with pytest.raises(PermissionDenied):
        _svc(store, people["tr2"]).session_board(session_id)  # a forged picker value
    with pytest.raises(PermissionDenied):
        _svc(store, people["tr2"]).export_class_report(session_id)
    with pytest.raises(PermissionDenied):
        _svc(store, people["a1"]).session_board(session_id)
    assert _svc(store, people["admin"]).session_board(session_id)["joined"] == 2


def test_a_supervisor_without_a_team_gets_an_empty_dashboard_that_says_why(store, people):
    """Before: the empty team filter meant every agent. Now nobody, and the page says why."""
    sup0 = store.add_user("sup0", "pw-sup0-pass", role="supervisor", team="", display_name="无组主管")
    app = DashboardApp(_svc(store, sup0))
    page = "".join(getattr(c, "value", "") for c in app.page.body.children)
    assert "尚未分配团队" in page and "用户管理" in page
    assert app.team.options == () and [label for label, _ in app.agent.options] == ["全部"]
    shown = "".join(str(v) for v in (app.completion.value, app.detail.value))
    assert "李四" not in shown and "别组业务员" not in shown
    assert app.views["mastery"].empty


def test_dashboard_is_scoped_to_the_supervisors_team(store, people):
    trainer, code, _ = _class(store, people)
    trainer._stop.set()
    app = DashboardApp(_svc(store, people["sup"]))
    names = list(app.views["mastery"]["业务员"])
    assert "李四" in names and "别组业务员" not in names
    assert [label for label, _ in app.team.options] == ["一组"]
    assert app.items.value == ""  # computed when its tab is opened
    app.tabs.selected_index = 3
    assert "难度(答对率%)" in app.items.value and "别组业务员" not in app.completion.value
    app.tabs.selected_index = 2
    assert "李四" in app.completion.value and "别组业务员" not in app.completion.value
    # forged widget values: another team, another team's agent
    app.team.options = [("一组", "一组"), ("二组", "二组")]
    app.team.value = "二组"
    assert "无权访问" in app.filter_note.value
    app.agent.options = [("x", people["b1"].id)]
    app.agent.value = people["b1"].id
    app.apply.click()
    assert "无权访问" in app.filter_note.value
    with pytest.raises(PermissionDenied):
        _svc(store, people["sup"]).dashboard(team="二组")
    with pytest.raises(PermissionDenied):
        _svc(store, people["sup"]).agent_detail(people["b1"].id)
    with pytest.raises(InputError):
        _svc(store, people["sup"]).dashboard(mode="everything")
    for role in ("a1", "tr"):
        with pytest.raises(PermissionDenied):
            _svc(store, people[role]).dashboard()
    everyone = _svc(store, people["admin"]).dashboard()
    assert {"李四", "别组业务员"} <= set(everyone["mastery"]["业务员"])


def test_drilldown_replays_the_agents_items(store, people):
    trainer, code, _ = _class(store, people)
    trainer._stop.set()
    detail = _svc(store, people["sup"]).agent_detail(people["a1"].id)
    assert len(detail) == 3  # the session paper's three items, replayed
    assert set(detail["对错"]) <= {"✔", "✘", "◐"}
    assert detail["规则"].str.startswith("C").all()


def test_export_excel_has_a_sheet_per_view_and_escaped_cells(store, people):
    trainer, code, _ = _class(store, people)
    trainer._stop.set()
    name, data = _svc(store, people["admin"]).export_dashboard("xlsx")
    assert name.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["掌握程度", "成绩趋势", "自测成绩分布", "易错规则", "未完成自测", "题目分析"]
    cells = [c.value for row in wb["掌握程度"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"x\")" in cells
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in cells)
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
    name, data = _svc(store, people["admin"]).export_dashboard("csv", view="mastery")
    text = data.decode("utf-8-sig")
    assert name.endswith(".csv") and "'=HYPERLINK" in text
    _, report = _svc(store, people["tr"]).export_class_report(store.find_session(code)["id"])
    assert load_workbook(io.BytesIO(report)).sheetnames == ["按业务员", "按题目", "分数分布"]


def test_progress_shows_own_rules_and_recommends_practice(store, people):
    _class(store, people)[0]._stop.set()
    app = ProgressApp(_svc(store, people["a1"]))
    text = "".join(getattr(c, "value", "") for c in app.page.body.children)
    assert "C1-" in text and "别组业务员" not in text
    if app.start.layout.display != "none" and "推荐练习：" in text:
        app.start.click()
        assert app.task is not None and app.task.mode == "practice"
        app.check.click()
        assert "得分" in app.feedback.value


def test_progress_of_an_agent_with_no_attempt_says_where_to_start(store, people):
    """Issue 10 walk: an agent who has answered nothing read 「目前没有答错的规则」 above a radar of
    zeros; now the first step, and 「暂无数据」 in place of the radar."""
    app = ProgressApp(_svc(store, people["a2"]))
    assert "还没有练习或自测记录" in app.next_text.value and "没有答错" not in app.next_text.value
    shown = app.radar.outputs[0]["data"]
    assert "暂无数据" in shown["text/html"] and "application/vnd.plotly.v1+json" not in shown
    assert app.start.layout.display == "none"
