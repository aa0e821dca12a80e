"""题目分析 through the service (clientkit/service_items.py): who sees which attempts, and the
Excel export carries question text, never item ids.

    attempt  agent (team)  paper                     item            right  score
    A1       a1 (一组)     class S1 of trainer T1    c1-p2-q10       yes    0.8
    A2       a2 (一组)     第1章自测                  p2-q10          no     0.4
    A3       a3 (二组)     第3章自测                  p1-q04          yes    0.9
    A4       a1 (一组)     class S2 of trainer T2    c3-p1-q04       no     0.3
    A5       a1 (一组)     练习 ch01.knowledge        q10             yes    1.0

T1 (S1 uses ch. 1): A1 + A2 → one row, ch01/q10 自测, 2 attempts, p 0.5, r 1.0; not A3/A4 (ch. 3 is
T2's) nor A5 (practice outside classes). The supervisor of 一组: A1, A2, A4, A5 (not a3's A3).
"""
from __future__ import annotations

import io
import re

import pytest
from argon2 import PasswordHasher
from openpyxl import load_workbook

from clientkit.errors import PermissionDenied
from clientkit.practice.content import content
from clientkit.service import Service
from clientkit.store import Store
from tests.store.conftest import make_attempt


@pytest.fixture
def world(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path}/s.sqlite", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    u = {name: store.add_user(name, f"pw-{name}-long1", role=role, team=team, display_name=name)
         for name, role, team in [("t1", "trainer", ""), ("t2", "trainer", ""), ("sup", "supervisor", "一组"),
                                  ("a1", "agent", "一组"), ("a2", "agent", "一组"), ("a3", "agent", "二组")]}
    s1 = store.create_session(name="周三晨会", trainer_id=u["t1"].id, chapters=[1], mode="assessment", item_count=6)
    s2 = store.create_session(name="第三章复习", trainer_id=u["t2"].id, chapters=[3], mode="assessment", item_count=6)
    version = content().version
    rows = [("A1", "a1", f"session:{s1['id']}", 1, "assessment", s1["id"], "c1-p2-q10", True, 0.8, "C1-06"),
            ("A2", "a2", "assessment:ch01", 1, "assessment", None, "p2-q10", False, 0.4, "C1-06"),
            ("A3", "a3", "assessment:ch03", 3, "assessment", None, "p1-q04", True, 0.9, "C3-03"),
            ("A4", "a1", f"session:{s2['id']}", 3, "assessment", s2["id"], "c3-p1-q04", False, 0.3, "C3-03"),
            ("A5", "a1", "ch01.knowledge", 1, "practice", None, "q10", True, 1.0, "C1-06")]
    for aid, who, ex, ch, mode, sid, item, ok, score, rule in rows:
        store.record_attempt(make_attempt(
            u[who].id, aid, exercise_id=ex, chapter=ch, mode=mode, session_id=sid, content_version=version,
            score=score, points=score, max_points=1.0, answer={item: "A"},
            items=[{"item_id": item, "correct": ok, "points": float(ok), "max_points": 1.0, "rule_ids": [rule]}]))
    yield store, u, s1, s2
    store.close()


def test_a_trainer_sees_their_classes_and_the_assessments_of_their_chapters(world):
    store, u, s1, _s2 = world
    out = Service(store, u["t1"]).item_analysis()
    assert len(out) == 1
    row = out.iloc[0]
    assert "客户不愿留电话" in row["题目"] and row["答案"] == "错误" and row["类型"] == "自测"
    assert row["作答次数"] == 2 and row["难度(答对率%)"] == 50.0 and row["区分度(点二列)"] == pytest.approx(1.0)
    assert row["出现于"] == "第1章 自测、课堂：周三晨会"
    only_class = Service(store, u["t1"]).item_analysis(session_id=s1["id"])
    assert only_class.iloc[0]["作答次数"] == 1 and only_class.iloc[0]["出现于"] == "课堂：周三晨会"


def test_a_trainer_cannot_open_another_trainers_class(world):
    store, u, _s1, s2 = world
    with pytest.raises(PermissionDenied):
        Service(store, u["t1"]).item_analysis(session_id=s2["id"])


def test_a_trainer_without_classes_sees_nothing(world):
    store, u, *_ = world
    fresh = store.add_user("t3", "pw-t3-long1", role="trainer", team="")
    assert Service(store, fresh).item_analysis().empty


def test_an_agent_is_refused_in_chinese(world):
    store, u, *_ = world
    with pytest.raises(PermissionDenied) as err:
        Service(store, u["a1"]).item_analysis()
    assert "无权访问" in err.value.message() and "业务员" in err.value.message()


def test_a_supervisor_sees_their_teams_attempts_only(world):
    store, u, *_ = world
    out = Service(store, u["sup"]).item_analysis()
    by = {(r["题目"][:8], r["类型"]): r for _, r in out.iterrows()}
    assert by[("客户不愿留电话，", "自测")]["作答次数"] == 2
    assert by[("客户不愿留电话，", "练习")]["作答次数"] == 1
    q04 = [r for k, r in by.items() if "朋友圈" in r["题目"]]
    assert len(q04) == 1 and q04[0]["作答次数"] == 1 and q04[0]["出现于"] == "课堂：第三章复习"   # not a3's 自测


def test_excel_has_question_text_and_no_internal_ids(world):
    store, u, *_ = world
    for svc, (name, data) in [(Service(store, u["t1"]), Service(store, u["t1"]).export_item_analysis()),
                              (Service(store, u["sup"]), Service(store, u["sup"]).export_dashboard("xlsx"))]:
        ws = load_workbook(io.BytesIO(data))["题目分析"]
        cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        text = "\n".join(cells)
        assert "客户不愿留电话" in text and "错误" in text
        assert not re.search(r"\bp\d+-q\d+|\bc\d+-p\d+|session:|\bq\d{2}\b", text), name


def test_the_trainers_page_shows_cards_with_the_question_and_an_empty_state(world):
    from clientkit.ui.item_analysis import ItemAnalysisApp

    store, u, s1, _s2 = world
    app = ItemAnalysisApp(Service(store, u["t1"]))
    assert "客户不愿留电话" in app.out.value and "答案：" in app.out.value and "错误" in app.out.value
    assert "课堂：周三晨会" in app.out.value and "c1-p2" not in app.out.value
    assert [label for label, _ in app.session.options] == ["全部", "周三晨会"]   # not T2's class
    app.chapter.value = 3
    app.apply.click()
    assert "暂无数据" in app.out.value
    app.xlsx.click()
    assert "题目分析-" in app.link.value and app.page.message.value == ""


def test_a_forged_session_value_is_refused_on_the_page(world):
    from clientkit.ui.item_analysis import ItemAnalysisApp

    store, u, _s1, s2 = world
    app = ItemAnalysisApp(Service(store, u["t1"]))
    app.session.options = list(app.session.options) + [("x", s2["id"])]   # as a browser could
    app.session.value = s2["id"]
    app.apply.click()
    assert "无权访问" in app.page.message.value and "客户不愿留电话" in app.out.value   # kept the old view


def test_a_supervisor_without_a_team_sees_no_agent(world):
    """A roster row with a blank 团队 makes a supervisor with no team: they see nobody (not everyone),
    including teamless agents, in every review view."""
    store, u, *_ = world
    store.add_user("loner", "pw-loner-long1", role="agent", team="", display_name="loner")
    svc = Service(store, store.add_user("sup0", "pw-sup0-long1", role="supervisor", team="", display_name="sup0"))
    assert svc.teamless_supervisor() and not Service(store, u["sup"]).teamless_supervisor()
    assert svc.teams() == [] and svc.visible_agents() == []
    assert svc.item_analysis().empty
    assert svc.dashboard(only=("completion",))["completion"].empty
    assert svc.review(1)["agents"].empty
    assert svc.assignable()["agents"] == []
    with pytest.raises(PermissionDenied):
        svc.agent_detail(u["a1"].id)
