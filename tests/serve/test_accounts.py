"""修改密码 and 用户管理 (clientkit/serve/accounts.py) in a bare tornado app over a real store."""
import re
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
import tornado.web
from argon2 import PasswordHasher
from tornado.testing import AsyncHTTPTestCase

from clientkit.serve import guard, handlers
from clientkit.store import Store

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class NotebookPage(tornado.web.RequestHandler):
    def get(self, name):
        guard.prelaunch_hook(self, type("NB", (), {"metadata": {}})(), ".")
        self.write("KERNEL STARTED")


class AccountsTest(AsyncHTTPTestCase):
    def get_app(self):
        home = Path(tempfile.mkdtemp(prefix="clientkit-accounts-"))
        self._patch = pytest.MonkeyPatch()
        self._patch.setenv("CLIENTKIT_HOME", str(home))
        self._patch.setattr(handlers, "FAILED_LOGIN_DELAY_S", 0.01)
        self.store = Store.open(f"sqlite:///{home / 'clientkit.db'}", hasher=FAST)
        add = self.store.add_user
        self.admin = add("admin1", "admin-Pw-1", role="admin", display_name="管理员甲")
        self.agent = add("agent1", "agent-Pw-1", role="agent", display_name="业务员甲")
        self.other = add("agent2", "agent-Pw-2", role="agent", display_name="业务员乙")
        return tornado.web.Application(
            handlers.handlers() + [(r"/voila/render/(\w+)\.ipynb", NotebookPage)],
            **{guard.STORE_SETTING: lambda: self.store})

    def tearDown(self):
        super().tearDown()
        self.store.close()
        self._patch.undo()

    def xsrf(self):
        form = self.fetch("/clientkit/login")
        return (re.search(r"_xsrf=([^;]+)", form.headers["Set-Cookie"]).group(1),
                re.search(r'name="_xsrf" value="([^"]+)"', form.body.decode()).group(1))

    def login(self, username, password):
        xc, xf = self.xsrf()
        r = self.fetch("/clientkit/login", method="POST", follow_redirects=False,
                       body=urlencode({"_xsrf": xf, "username": username, "password": password,
                                       "next": "/voila/render/index.ipynb"}),
                       headers={"Cookie": f"_xsrf={xc}"})
        cookie = re.search(r"clientkit_session=[^;]+", r.headers.get("Set-Cookie", ""))
        return r, cookie.group(0) if cookie else None

    def post(self, path, session, **fields):
        xc, xf = self.xsrf()
        return self.fetch(path, method="POST", follow_redirects=False, body=urlencode({"_xsrf": xf, **fields}),
                          headers={"Cookie": f"_xsrf={xc}; {session}"})

    def opens(self, session):
        return self.fetch("/voila/render/index.ipynb", headers={"Cookie": session},
                          follow_redirects=False).body == b"KERNEL STARTED"

    # -- 修改密码 -----------------------------------------------------------------------------

    def test_change_password_checks_current_match_and_policy(self):
        _, session = self.login("agent1", "agent-Pw-1")
        page = self.fetch("/clientkit/password", headers={"Cookie": session})
        assert page.code == 200 and "修改密码" in page.body.decode()
        cases = [({"current": "nope-Pw-1", "new": "fresh-Pw-9", "repeat": "fresh-Pw-9"}, "当前密码不正确"),
                 ({"current": "agent-Pw-1", "new": "fresh-Pw-9", "repeat": "fresh-Pw-8"}, "不一致"),
                 ({"current": "agent-Pw-1", "new": "1234567", "repeat": "1234567"}, "至少需要 8 个字符"),
                 ({"current": "agent-Pw-1", "new": "abcdefghij", "repeat": "abcdefghij"}, "不能只由一类字符"),
                 ({"current": "agent-Pw-1", "new": "agent-Pw-1", "repeat": "agent-Pw-1"}, "不能与当前密码相同")]
        for fields, fragment in cases:
            r = self.post("/clientkit/password", session, **fields)
            assert r.code == 400 and fragment in r.body.decode(), fragment
        assert self.store.verify_password("agent1", "agent-Pw-1").id == self.agent.id

    def test_change_password_keeps_this_session_and_ends_the_others(self):
        _, here = self.login("agent1", "agent-Pw-1")
        _, elsewhere = self.login("agent1", "agent-Pw-1")
        r = self.post("/clientkit/password", here, current="agent-Pw-1", new="fresh-Pw-9", repeat="fresh-Pw-9")
        assert r.code == 200 and "密码已修改" in r.body.decode()
        assert self.opens(here) and not self.opens(elsewhere)
        assert self.login("agent1", "fresh-Pw-9")[0].code == 302

    def test_a_reset_password_must_be_changed_before_any_page(self):
        one_time = self.store.reset_password(self.agent.id)
        r, session = self.login("agent1", one_time)
        assert r.headers["Location"].startswith("/clientkit/password?next=")
        assert not self.opens(session)
        form = self.fetch(r.headers["Location"], headers={"Cookie": session})
        assert "临时密码" in form.body.decode()
        self.post("/clientkit/password", session, current=one_time, new="mine-Pw-2026", repeat="mine-Pw-2026")
        assert self.opens(session)
        assert self.store.get_user(self.agent.id).must_change_password is False

    def test_password_page_needs_a_session(self):
        r = self.fetch("/clientkit/password", follow_redirects=False)
        assert r.code == 302 and r.headers["Location"].startswith("/clientkit/login")

    # -- 用户管理 -----------------------------------------------------------------------------

    def test_users_page_is_for_admins_only(self):
        _, agent = self.login("agent1", "agent-Pw-1")
        r = self.fetch("/clientkit/users", headers={"Cookie": agent})
        assert r.code == 403 and "无权访问" in r.body.decode() and "agent2" not in r.body.decode()
        r = self.post("/clientkit/users", agent, action="deactivate", user_id=str(self.other.id))
        assert r.code == 403 and self.store.get_user(self.other.id).active
        _, admin = self.login("admin1", "admin-Pw-1")
        page = self.fetch("/clientkit/users", headers={"Cookie": admin}).body.decode()
        assert "用户管理" in page and "业务员乙" in page and "上次登录" in page
        assert "正常" in page and "重置密码" in page

    def test_admin_resets_deactivates_and_activates(self):
        _, admin = self.login("admin1", "admin-Pw-1")
        _, victim = self.login("agent2", "agent-Pw-2")
        assert self.opens(victim)
        r = self.post("/clientkit/users", admin, action="reset", user_id=str(self.other.id))
        one_time = re.search(r'id="one-time-password">([^<]+)<', r.body.decode()).group(1)
        assert r.code == 200 and not self.opens(victim)
        assert self.store.verify_password("agent2", one_time).must_change_password is True
        _, victim = self.login("agent2", one_time)
        r = self.post("/clientkit/users", admin, action="deactivate", user_id=str(self.other.id))
        assert r.code == 200 and "已停用账号 agent2" in r.body.decode()
        assert self.store.get_user(self.other.id).active is False and not self.opens(victim)
        assert self.login("agent2", one_time)[0].code == 401
        r = self.post("/clientkit/users", admin, action="activate", user_id=str(self.other.id))
        assert "已启用账号 agent2" in r.body.decode()
        assert self.login("agent2", one_time)[0].code == 302

    def test_admin_cannot_deactivate_themselves_and_bad_posts_are_refused(self):
        _, admin = self.login("admin1", "admin-Pw-1")
        r = self.post("/clientkit/users", admin, action="deactivate", user_id=str(self.admin.id))
        assert r.code == 400 and "不能停用您自己" in r.body.decode()
        assert self.store.get_user(self.admin.id).active
        for fields in ({"action": "drop", "user_id": str(self.other.id)}, {"action": "reset", "user_id": "x"},
                       {"action": "reset", "user_id": "99999"}, {"action": "reset", "user_id": "9" * 40},
                       {"action": "reset", "user_id": "-1"}, {"action": "reset", "user_id": "١٢"}):
            assert self.post("/clientkit/users", admin, **fields).code == 400
        no_xsrf = self.fetch("/clientkit/users", method="POST", body=urlencode(
            {"action": "deactivate", "user_id": str(self.other.id)}), headers={"Cookie": admin})
        assert no_xsrf.code == 403 and self.store.get_user(self.other.id).active

    # -- 导入名单 (issue 14) -------------------------------------------------------------------

    def post_file(self, session, name, data, action="import"):
        xc, xf = self.xsrf()
        boundary = "----clientkit-test"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="_xsrf"\r\n\r\n{xf}\r\n'.encode(),
                 f'--{boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\n{action}\r\n'.encode(),
                 (f'--{boundary}\r\nContent-Disposition: form-data; name="roster"; filename="{name}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n",
                 f"--{boundary}--\r\n".encode()]
        return self.fetch("/clientkit/users", method="POST", follow_redirects=False, body=b"".join(parts),
                          headers={"Cookie": f"_xsrf={xc}; {session}",
                                   "Content-Type": f"multipart/form-data; boundary={boundary}"})

    def test_admin_imports_a_roster_and_downloads_the_passwords_once(self):
        import base64
        import html
        import io

        from openpyxl import load_workbook

        roster = "工号,姓名,团队,角色\nC001,何一,一组,\nagent1,重名,一组,\nC002,,一组,\nC003,吕三,二组,主管\n"
        _, agent = self.login("agent1", "agent-Pw-1")
        assert self.post_file(agent, "名单.csv", roster.encode()).code == 403
        assert self.store.find_user("C001") is None
        _, admin = self.login("admin1", "admin-Pw-1")
        r = self.post_file(admin, "名单.csv", roster.encode())
        page = r.body.decode()
        assert r.code == 200 and "已创建 2 个账号；2 行有错误未导入。" in page
        problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
        assert [(row, col) for row, col, _ in problems] == [("3", "工号/用户名"), ("4", "姓名")]
        assert "已存在，未改动" in html.unescape(problems[0][2])
        href = re.search(r'id="roster-passwords" download="[^"]+" href="data:[^;]+;base64,([^"]+)"', page).group(1)
        ws = load_workbook(io.BytesIO(base64.b64decode(href))).worksheets[0]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        assert [(r[0], r[1], r[3]) for r in rows] == [("C001", "何一", "业务员"), ("C003", "吕三", "主管")]
        assert self.store.verify_password("C003", rows[1][4]).must_change_password
        assert self.login("C001", rows[0][4])[0].code == 302
        # the list below shows the new accounts; the passwords are not in the list
        page = self.fetch("/clientkit/users", headers={"Cookie": admin}).body.decode()
        assert "何一" in page and rows[0][4] not in page and "roster-passwords" not in page

    def test_an_import_without_a_file_is_refused_in_chinese(self):
        _, admin = self.login("admin1", "admin-Pw-1")
        r = self.post("/clientkit/users", admin, action="import")
        assert r.code == 400 and "请选择要导入的名单文件" in r.body.decode()
