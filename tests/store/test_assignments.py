"""学习任务 (issue 14) on SQLite and PostgreSQL: due dates and overdue across a day boundary (the
service takes ``now``), the completion rule, who may assign to whom, who follows which
assignment (and whose rows they see), and the export.

Times are naive UTC as stored; the server's zone is Asia/Shanghai (UTC+8) here, so the due day
2026-12-10 ends at 2026-12-10 16:00 UTC.
"""
from __future__ import annotations

import io
import time
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from clientkit.errors import InputError, PermissionDenied
from clientkit.service import Service
from clientkit.service_assignments import state_label
from tests.store.conftest import make_attempt

CREATED = datetime(2026, 12, 1, 2, 0)  # 10:00 on 1 December in Shanghai
DUE = date(2026, 12, 10)


@pytest.fixture(autouse=True)
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def people(store, agents):
    other = store.add_user("agent9", "pw-agent9", role="agent", team="二组", display_name="业务员丙")
    trainer = store.add_user("coach", "pw-coach-1", role="trainer", display_name="培训师")
    admin = store.add_user("root", "pw-root-12", role="admin", display_name="管理员")
    return {**agents, "other": other, "trainer": trainer, "admin": admin}


def _assign(store, who, *, now=CREATED, **kw):
    args = dict(title="新人第一章", chapters=[1], due=DUE, pass_mark=80, teams=["一组"])
    args.update(kw)
    return Service(store, who).create_assignment(args.pop("title"), args.pop("chapters"), now=now, **args)


def _assess(store, user, score, when, chapter=1):
    store.record_attempt(make_attempt(user.id, exercise_id=f"assessment:ch{chapter:02d}", chapter=chapter,
                                      mode="assessment", score=score, submitted_at=when))


def _mine(store, user, now):
    return Service(store, user).my_assignments(now=now)


def test_days_left_and_overdue_across_the_due_day_boundary(store, people):
    _assign(store, people["sup"])
    a1 = people["a1"]
    week = _mine(store, a1, datetime(2026, 12, 3, 1, 0))[0]  # 3 Dec 09:00 local
    assert (week.state, week.days_left, state_label(week)) == ("open", 7, "剩 7 天")
    last_minute = _mine(store, a1, datetime(2026, 12, 10, 15, 59))[0]  # 10 Dec 23:59 local
    assert (last_minute.state, last_minute.days_left, state_label(last_minute)) == ("open", 0, "今天到期")
    midnight = _mine(store, a1, datetime(2026, 12, 10, 16, 0))[0]  # 11 Dec 00:00 local
    assert (midnight.state, midnight.days_left, state_label(midnight)) == ("overdue", -1, "已逾期 1 天")
    later = _mine(store, a1, datetime(2026, 12, 13, 15, 0))[0]  # 13 Dec 23:00 local
    assert state_label(later) == "已逾期 3 天"


def test_only_a_passing_assessment_after_the_assignment_completes_it(store, people):
    a1, now = people["a1"], datetime(2026, 12, 8, 0, 0)
    _assess(store, a1, 0.95, datetime(2026, 12, 1, 1, 59, 59))  # one second before the assignment
    assignment = _assign(store, people["sup"])
    assert assignment["created_at"] == CREATED
    before = _mine(store, a1, now)[0]
    assert before.state == "open" and before.score is None and before.completed_at is None
    _assess(store, a1, 0.75, datetime(2026, 12, 2, 3, 0))  # after, below the 80% pass mark
    below = _mine(store, a1, now)[0]
    assert below.state == "open" and below.score == pytest.approx(0.75)
    _assess(store, a1, 0.6, datetime(2026, 12, 3, 3, 0), chapter=2)  # another chapter: not part of it
    _assess(store, a1, 0.8, datetime(2026, 12, 4, 3, 0))  # exactly the pass mark
    done = _mine(store, a1, now)[0]
    assert (done.state, done.score, done.completed_at) == ("done", pytest.approx(0.8), datetime(2026, 12, 4, 3, 0))
    _assess(store, a1, 0.9, datetime(2026, 12, 5, 3, 0))  # a better score later: still done on the 4th
    best = _mine(store, a1, now)[0]
    assert (best.score, best.completed_at) == (pytest.approx(0.9), datetime(2026, 12, 4, 3, 0))


def test_completed_after_the_due_day_is_late_and_every_chapter_and_drill_must_pass(store, people):
    a2 = people["a2"]
    _assign(store, people["sup"], chapters=[1, 2], drills=["ch01.d.first_meeting"])
    _assess(store, a2, 0.9, datetime(2026, 12, 2, 0, 0), chapter=1)
    _assess(store, a2, 0.85, datetime(2026, 12, 10, 16, 30), chapter=2)  # 11 Dec 00:30 local
    still = _mine(store, a2, datetime(2026, 12, 12))[0]
    assert still.state == "overdue"  # the drill is not done yet
    assert [(i["part"], i.get("passed")) for i in still.items if i["part"] in ("assessment", "drill")] == [
        ("assessment", True), ("assessment", True), ("drill", False)]
    store.record_attempt(make_attempt(a2.id, exercise_id="dialogue:ch01.d.first_meeting", chapter=1, score=0.7,
                                      submitted_at=datetime(2026, 12, 10, 10, 0)))
    assert _mine(store, a2, datetime(2026, 12, 12))[0].state == "overdue"  # 70% < 80%
    store.record_attempt(make_attempt(a2.id, exercise_id="dialogue:ch01.d.first_meeting", chapter=1, score=1.0,
                                      submitted_at=datetime(2026, 12, 10, 11, 0)))
    late = _mine(store, a2, datetime(2026, 12, 12))[0]
    assert late.state == "done_late" and state_label(late) == "逾期完成"
    assert late.completed_at == datetime(2026, 12, 10, 16, 30)
    assert late.score == pytest.approx((0.9 + 0.85 + 1.0) / 3)


def test_status_table_and_export_for_the_supervisor(store, people):
    a = _assign(store, people["sup"])
    _assess(store, people["a1"], 0.9, datetime(2026, 12, 2, 0, 0))
    status = Service(store, people["sup"]).assignment_status(a["id"], now=datetime(2026, 12, 11))
    rows = status["agents"].set_index("业务员")
    assert list(rows.index) == ["业务员甲", "业务员乙"]  # team 一组's agents, not 二组's
    assert rows.loc["业务员甲", "状态"] == "已完成" and rows.loc["业务员甲", "成绩"] == "90%"
    assert rows.loc["业务员乙", "状态"] == "已逾期 1 天" and rows.loc["业务员乙", "成绩"] == "—"
    assert status["summary"] == {"total": 2, "done": 1, "done_late": 0, "open": 0, "overdue": 1}
    name, data = Service(store, people["sup"]).export_assignment(a["id"], "csv", now=datetime(2026, 12, 11))
    assert name == "学习任务-新人第一章-20261211.csv"
    text = data.decode("utf-8-sig")
    assert "业务员乙" in text and "已逾期 1 天" in text and "业务员丙" not in text


def test_who_may_assign_to_whom(store, people):
    sup, trainer, admin = people["sup"], people["trainer"], people["admin"]
    with pytest.raises(PermissionDenied):
        _assign(store, people["a1"])  # agents do not assign
    with pytest.raises(PermissionDenied):
        _assign(store, sup, teams=["二组"])  # another team
    with pytest.raises(PermissionDenied):
        _assign(store, sup, teams=[], agents=[people["other"].id])  # an agent of another team
    with pytest.raises(PermissionDenied):
        _assign(store, trainer)  # a trainer assigns to classes, not teams
    session = store.create_session(name="新人班", trainer_id=trainer.id, chapters=[1])
    foreign = store.create_session(name="别的班", trainer_id=admin.id, chapters=[1])
    with pytest.raises(PermissionDenied):
        _assign(store, trainer, teams=[], sessions=[foreign["id"]])
    made = _assign(store, trainer, teams=[], sessions=[session["id"]])
    assert made["targets"] == [("session", str(session["id"]))]
    with pytest.raises(PermissionDenied):
        Service(store, sup).assignment_status(made["id"])  # not the supervisor's assignment
    assert Service(store, admin).assignment_status(made["id"], now=CREATED)["summary"]["total"] == 0
    both = _assign(store, admin, teams=["一组", "二组"])
    assert [u.username for u in Service(store, people["other"]).my_assignments(now=CREATED)
            for u in [people["other"]]] == ["agent9"]
    assert Service(store, admin).assignment_status(both["id"], now=CREATED)["summary"]["total"] == 3


def _join(store, user, session, n):
    store.open_task(task_id=f"t-{user.id}-{n}", user_id=user.id, exercise_id=f"session:{session['id']}", chapter=1,
                    mode="practice", seed=1, started_at=CREATED, session_id=session["id"])


def test_who_follows_which_assignment_and_whose_rows_they_see(store, people):
    """A supervisor follows every assignment that reaches an agent of their team, whoever made it,
    and sees only their team's rows; a trainer follows those of their own classes and sees the
    agents who joined their classes; an admin everything."""
    sup, trainer, admin, a1, a2, other = (people[k] for k in ("sup", "trainer", "admin", "a1", "a2", "other"))
    trainer2 = store.add_user("coach2", "pw-coach-2", role="trainer", display_name="培训师乙")
    mine = store.create_session(name="新人班", trainer_id=trainer.id, chapters=[1])
    theirs = store.create_session(name="别的班", trainer_id=trainer2.id, chapters=[1])
    _join(store, a1, mine, 1)  # 一组
    _join(store, other, mine, 2)  # 二组
    _join(store, a1, theirs, 3)
    minute = lambda n: CREATED.replace(minute=n)  # noqa: E731
    _assign(store, trainer, title="课堂任务", teams=[], sessions=[mine["id"]], now=minute(1))
    _assign(store, admin, title="二组任务", teams=["二组"], now=minute(2))
    _assign(store, admin, title="点名任务", teams=[], agents=[a2.id], now=minute(3))
    _assign(store, trainer2, title="别班任务", teams=[], sessions=[theirs["id"]], now=minute(4))
    mixed = _assign(store, admin, title="混合任务", teams=["二组"], sessions=[mine["id"]], now=minute(5))

    def titles(user):
        return [a["title"] for a in Service(store, user).assignments()]

    assert titles(sup) == ["混合任务", "别班任务", "点名任务", "课堂任务"]  # not 二组任务
    assert titles(trainer) == ["混合任务", "课堂任务"]  # not 二组任务 although agent9 joined their class
    assert titles(trainer2) == ["别班任务"]
    assert titles(admin) == ["混合任务", "别班任务", "点名任务", "二组任务", "课堂任务"]
    by_title = {a["title"]: a for a in Service(store, sup).assignments()}
    assert by_title["课堂任务"]["creator"] == "培训师" and by_title["点名任务"]["creator"] == "管理员"

    def rows(user, assignment):
        return list(Service(store, user).assignment_status(assignment["id"], now=CREATED)["agents"]["业务员"])

    assert rows(sup, by_title["课堂任务"]) == ["业务员甲"]  # agent9 of 二组 joined the class too
    assert rows(sup, mixed) == ["业务员甲"]
    assert rows(trainer, mixed) == ["业务员甲", "业务员丙"]
    assert rows(admin, mixed) == ["业务员甲", "业务员丙"]
    assert rows(sup, by_title["点名任务"]) == ["业务员乙"]
    name, data = Service(store, sup).export_assignment(by_title["课堂任务"]["id"], "csv", now=CREATED)
    text = data.decode("utf-8-sig")
    assert "业务员甲" in text and "业务员丙" not in text
    second = _assign(store, admin, title="再一个", teams=["二组"], now=minute(6))
    for outsider in (sup, trainer, trainer2):
        with pytest.raises(PermissionDenied):
            Service(store, outsider).assignment_status(second["id"], now=CREATED)
        with pytest.raises(PermissionDenied):
            Service(store, outsider).export_assignment(second["id"], "csv", now=CREATED)
    with pytest.raises(PermissionDenied):
        Service(store, a1).assignments()


def test_the_export_names_who_assigned(store, people):
    made = _assign(store, people["trainer"], teams=[], agents=[], sessions=[
        store.create_session(name="新人班", trainer_id=people["trainer"].id, chapters=[1])["id"]])
    name, data = Service(store, people["trainer"]).export_assignment(made["id"], "xlsx", now=CREATED)
    sheet = load_workbook(io.BytesIO(data))["任务设置"]
    assert {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}["布置人"] == "培训师"


def test_class_members_get_the_assignment_once_they_joined(store, people):
    trainer = people["trainer"]
    session = store.create_session(name="新人班", trainer_id=trainer.id, chapters=[1])
    _assign(store, trainer, teams=[], sessions=[session["id"]])
    assert _mine(store, people["other"], CREATED) == []
    store.open_task(task_id="t-join", user_id=people["other"].id, exercise_id=f"session:{session['id']}", chapter=1,
                    mode="practice", seed=1, started_at=CREATED, session_id=session["id"])
    assert [s.assignment["title"] for s in _mine(store, people["other"], CREATED)] == ["新人第一章"]


@pytest.mark.parametrize("change,key", [
    ({"title": "  "}, "assign.no_title"),
    ({"chapters": []}, "assign.no_chapters"),
    ({"chapters": [99]}, "assign.no_chapters"),
    ({"parts": ["learn", "practice"]}, "assign.needs_assessment"),
    ({"due": date(2026, 11, 30)}, "assign.due_past"),
    ({"due": "2026-12-10"}, "assign.bad_due"),
    ({"pass_mark": 0}, "assign.bad_pass_mark"),
    ({"pass_mark": "abc"}, "assign.bad_pass_mark"),
    ({"drills": ["no.such.drill"]}, "assign.bad_drill"),
    ({"teams": []}, "assign.no_target"),
])
def test_bad_input_is_a_chinese_error(store, people, change, key):
    with pytest.raises(InputError) as caught:
        _assign(store, people["sup"], **change)
    assert caught.value.key == key and "assign." not in caught.value.message()


def test_an_agent_without_a_team_sees_only_what_names_them(store, people):
    loner = store.add_user("loner", "pw-loner-1", role="agent", team="", display_name="无组业务员")
    _assign(store, people["admin"], teams=["一组"])
    assert _mine(store, loner, CREATED) == []
    _assign(store, people["admin"], title="点名任务", teams=[], agents=[loner.id])
    assert [s.assignment["title"] for s in _mine(store, loner, CREATED)] == ["点名任务"]
