"""导入学员名单 in the trainer console (issue 14), headless: a trainer's roster with one bad row
creates the good rows as agents, lists the bad one by row and column and hands out a passwords
file holding exactly the created users; an agent gets the permission panel."""
from __future__ import annotations

import base64
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from clientkit.serve.upload import store_upload
from clientkit.service import Service
from clientkit.ui.roster import RosterPanel
from clientkit.ui.trainer import TrainerApp


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))


def _roster() -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in (["工号", "姓名", "团队", "角色"],
                ["A001", "张三", "一组", ""],           # row 2: agent (empty role)
                ["A002", "李四", "二组", "培训师"],     # row 3: a trainer may import agents only
                ["A003", "王五", "", "业务员"]):        # row 4: agent, no team
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_trainer_imports_a_roster_with_one_bad_row(svc, home):
    trainer = svc.store.add_user("trainer_r", "pw-trainer-r1", role="trainer", display_name="培训师丙")
    app = TrainerApp(Service(svc.store, trainer))
    app._stop.set()
    assert app.roster.widget in app.tabs.children[0].children  # in the 课堂 tab, under the board
    upload = store_upload(trainer.id, "名单.xlsx", _roster())
    app.roster.upload.upload_id = upload["id"]
    shown = app.roster.result.value
    assert "已创建 2 个账号；1 行有错误未导入。" in shown
    assert '<td data-label="行">3</td><td data-label="列">角色</td><td data-label="问题">培训师只能导入业务员</td>' in shown
    assert '<td data-label="工号/用户名">A001</td><td data-label="姓名">张三</td><td data-label="团队">一组</td><td data-label="角色">业务员</td>' in shown
    assert '<td data-label="工号/用户名">A003</td><td data-label="姓名">王五</td><td data-label="团队">—</td>' in shown
    assert "A002" not in shown and "pw-" not in shown
    assert [(u.role, u.must_change_password) for u in map(svc.store.find_user, ("A001", "A003"))] == [("agent", True)] * 2
    assert svc.store.find_user("A002") is None
    # the passwords file: exactly the created users, each password signs in once
    data = base64.b64decode(re.search(r'href="data:[^;]+;base64,([^"]+)"', shown).group(1))
    rows = list(load_workbook(io.BytesIO(data))["初始密码"].iter_rows(values_only=True))
    assert [r[:4] for r in rows] == [("工号/用户名", "姓名", "团队", "角色"), ("A001", "张三", "一组", "业务员"),
                                     ("A003", "王五", None, "业务员")]
    assert [svc.store.verify_password(r[0], r[4]).username for r in rows[1:]] == ["A001", "A003"]
    # a new upload replaces the result: the passwords link is not offered again
    app.roster.upload.upload_id = store_upload(trainer.id, "名单.xlsx", _roster())["id"]
    again = app.roster.result.value
    assert "已创建 0 个账号；3 行有错误未导入。" in again and "用户“A001”已存在，未改动" in again
    assert "base64" not in again


def test_an_agent_gets_the_permission_panel(svc, home):
    from clientkit.ui.components import Page

    panel_page = Page("培训师课堂", svc.user, [])  # no console for agents; the panel alone
    panel = RosterPanel(svc, panel_page)
    panel.upload.upload_id = store_upload(svc.user.id, "名单.xlsx", _roster())["id"]
    assert "无权" in panel_page.message.value and panel.result.value == ""
    assert svc.store.find_user("A001") is None
    from clientkit.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.roster_import(_roster(), "名单.xlsx")
