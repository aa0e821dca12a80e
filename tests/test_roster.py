"""Roster import (issue 14): bad rows are reported by row and column and the good ones kept; the
passwords file holds exactly the users created; generated passwords pass the policy and must be
changed at the first sign-in."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from clientkit import service
from clientkit.cli import main
from clientkit.errors import PermissionDenied
from clientkit.store import Store
from clientkit.store.passwords import check_password

ROSTER = [
    ("工号", "姓名", "团队", "角色"),
    ("A001", "张三", "一组", "业务员"),      # 2 good
    (None, "李四", "一组", None),            # 3 no username
    ("A001", "王五", "一组", None),          # 4 duplicate of row 2
    ("A 2", "赵六", None, None),             # 5 bad username
    ("A003", "钱七", "二组", "经理"),        # 6 unknown role
    ("A004", "孙八", "二组", "主管"),        # 7 good, a supervisor
    ("taken", "周九", "二组", None),         # 8 exists already
    ("A005", None, "二组", None),            # 9 no name
    (10006, "吴十", "三组", None),           # 10 good: a numeric 工号 from Excel
    ("A007", "=A1", "三组", None),           # 11 formula
]


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    return tmp_path


@pytest.fixture
def store(home):
    s = Store.open()
    s.add_user("taken", "pw-taken-1", role="agent", team="旧组", display_name="原来的人")
    yield s
    s.close()


EXPECTED_PROBLEMS = [(3, "工号/用户名"), (4, "工号/用户名"), (5, "工号/用户名"), (6, "角色"), (8, "工号/用户名"),
                     (9, "姓名"), (11, "姓名")]


def test_bad_rows_are_reported_and_good_rows_kept(store):
    result = service.import_roster(_xlsx(ROSTER), "名单.xlsx", store=store)
    assert sorted((p.row, p.column) for p in result.problems) == EXPECTED_PROBLEMS
    texts = {p.row: p.text() for p in result.problems}
    assert texts[4] == "第 4 行“工号/用户名”列：与第 2 行重复"
    assert texts[6] == "第 6 行“角色”列：角色“经理”无效，可填：业务员、培训师、主管、管理员"
    assert "已存在，未改动" in texts[8] and "含公式" in texts[11]
    assert [u["username"] for u in result.created] == ["A001", "A004", "10006"]
    a004 = store.find_user("A004")
    assert (a004.display_name, a004.team, a004.role, a004.must_change_password) == ("孙八", "二组", "supervisor", True)
    assert store.find_user("taken").display_name == "原来的人"  # matched, not changed
    for u in result.created:
        check_password(u["password"])
        assert store.verify_password(u["username"], u["password"]).must_change_password
    assert result.summary() == "已创建 3 个账号；7 行有错误未导入。"


def test_the_passwords_file_holds_exactly_the_created_users(store):
    result = service.import_roster(_xlsx(ROSTER), "名单.xlsx", store=store)
    ws = load_workbook(io.BytesIO(service.roster_passwords_file(result))).worksheets[0]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    assert rows[0] == ("工号/用户名", "姓名", "团队", "角色", "初始密码")
    assert rows[1:] == [(u["username"], u["name"], u["team"], {"agent": "业务员", "supervisor": "主管"}[u["role"]],
                         u["password"]) for u in result.created]
    assert [r[0] for r in rows[1:]] == ["A001", "A004", "10006"]


def test_csv_in_gbk_and_a_trainer_imports_agents_only(store):
    text = "用户名,姓名,团队,角色\nB001,陈一,一组,\nB002,林二,一组,培训师\n"
    result = service.import_roster(text.encode("gbk"), "roster.csv", actor_role="trainer", store=store)
    assert [u["username"] for u in result.created] == ["B001"]
    assert [(p.row, p.column, p.message) for p in result.problems] == [(3, "角色", "培训师只能导入业务员")]
    with pytest.raises(PermissionDenied):
        service.import_roster(text.encode(), "roster.csv", actor_role="agent", store=store)


@pytest.mark.parametrize("data,name,text", [
    (b"", "a.xlsx", "文件是空的"),
    (b"not a zip", "a.xlsx", "请上传 .xlsx 或 .csv"),
    ("姓名,团队\n张三,一组\n".encode(), "a.csv", "缺少“工号/用户名”列"),
])
def test_unreadable_files_are_reported(store, data, name, text):
    result = service.import_roster(data, name, store=store)
    assert not result.created and text in result.problems[0].text()


def test_cli_users_import_writes_the_passwords_once(store, home, capsys):
    source = home / "名单.xlsx"
    source.write_bytes(_xlsx(ROSTER))
    out = home / "pw.xlsx"
    assert main(["users", "import", str(source), "--out", str(out)]) == 1  # some rows were bad
    captured = capsys.readouterr()
    assert "第 3 行“工号/用户名”列：不能为空" in captured.err
    assert "已创建 3 个账号" in captured.out and str(out) in captured.out
    assert out.stat().st_mode & 0o077 == 0
    ws = load_workbook(out).worksheets[0]
    names = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert names == ["A001", "A004", "10006"]
    password = ws["E2"].value
    assert password not in captured.out + captured.err  # only in the file
    assert store.verify_password("A001", password).must_change_password
