"""用户管理 in a hub single-user server (clientkit.hub.users): only the server's owner, and only if
the store says admin; the actions are clientkit serve's (reset, deactivate, activate, roster
import) and post with _xsrf; an admin with an initial password changes it first."""
import os
import re
from unittest import mock
from urllib.parse import urlencode

import tornado.web

from clientkit.hub import users as hub_users
from clientkit.store import Store
from tests.hub.header_identity import XSRF, HeaderIdentity, HubServerTest, hub_patches
from tests.browser.leaks import leaks

BASE = "/user/chief/"
PAGE = BASE + "clientkit/users"
PASSWORD = "Chief-pass-2026"


class HubUsersTest(HubServerTest):
    owner = "chief"

    def setUp(self):
        self.dir = __import__("tempfile").mkdtemp(prefix="clientkit-hub-users-")
        self.store = Store.open(f"sqlite:///{self.dir}/store.db")
        self.chief = self.store.add_user("chief", PASSWORD, role="admin", display_name="管理员甲")
        self.agent = self.store.add_user("agent_a", PASSWORD, role="agent", display_name="甲业务员")
        super().setUp()

    def patches(self):
        return hub_patches(self.owner, lambda: self.store)

    def tearDown(self):
        super().tearDown()
        self.store.close()

    def get_app(self):
        return tornado.web.Application(hub_users.hub_users_handlers(BASE), identity_provider=HeaderIdentity(),
                                       xsrf_cookies=True, base_url=BASE, login_url=BASE + "login")

    def get(self, user="chief"):
        headers = {"X-Test-User": user} if user else {}
        return self.fetch(PAGE, headers=headers, follow_redirects=False, raise_error=False)

    def post(self, fields, user="chief", xsrf=True, files=None):
        headers = {"X-Test-User": user}
        if xsrf:
            headers["Cookie"] = f"_xsrf={XSRF}"
            fields = {**fields, "_xsrf": XSRF}
        if files:
            boundary = "ckboundary"
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                     for k, v in fields.items()]
            for name, (filename, data) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                             f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode() + data + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.fetch(PAGE, method="POST", body=body, headers=headers, follow_redirects=False,
                          raise_error=False)

    @staticmethod
    def text(reply) -> str:
        return re.sub(r"<style>.*?</style>|<[^>]+>", " ", reply.body.decode("utf-8"), flags=re.S)

    def test_the_admin_owner_gets_the_chinese_page_on_their_server(self):
        reply = self.get()
        body = reply.body.decode("utf-8")
        assert reply.code == 200 and 'name="_xsrf"' in body
        assert f'action="{PAGE}"' in body and 'href="/user/chief/voila/render/index.ipynb"' in body
        assert "甲业务员" in body and "管理员甲" in body
        assert leaks(self.text(reply).replace("chief", "")) == []  # a user name, not UI

    def test_reset_deactivate_and_activate_change_the_store(self):
        reply = self.post({"action": "reset", "user_id": str(self.agent.id)})
        one_time = re.search(r'id="one-time-password">([^<]+)<', reply.body.decode("utf-8")).group(1)
        agent = self.store.find_user("agent_a")
        assert agent.must_change_password and self.store.check_password_of(agent.id, one_time)
        assert not self.store.check_password_of(agent.id, PASSWORD)
        reply = self.post({"action": "deactivate", "user_id": str(self.agent.id)})
        assert reply.code == 200 and "已停用账号 agent_a" in self.text(reply)
        assert not self.store.find_user("agent_a").active
        self.post({"action": "activate", "user_id": str(self.agent.id)})
        assert self.store.find_user("agent_a").active

    def test_the_admin_cannot_deactivate_themself_and_bad_posts_change_nothing(self):
        reply = self.post({"action": "deactivate", "user_id": str(self.chief.id)})
        assert reply.code == 400 and "不能停用您自己" in self.text(reply)
        assert self.post({"action": "drop", "user_id": str(self.agent.id)}).code == 400
        assert self.post({"action": "deactivate", "user_id": str(self.agent.id)}, xsrf=False).code == 403
        assert self.store.find_user("chief").active and self.store.find_user("agent_a").active

    def test_a_roster_import_creates_agents_and_lists_bad_rows(self):
        roster = "工号,姓名,团队,角色\nnew01,郑一,一组,\n,缺工号,一组,\n".encode("utf-8")
        reply = self.post({"action": "import"}, files={"roster": ("名单.csv", roster)})
        body = reply.body.decode("utf-8")
        assert reply.code == 200 and "已创建 1 个账号；1 行有错误未导入。" in body
        assert 'id="roster-passwords"' in body
        created = self.store.find_user("new01")
        assert created.role == "agent" and created.team == "一组" and created.must_change_password

    def test_a_non_admin_owner_another_hub_user_and_no_identity_are_refused(self):
        with mock.patch.dict(os.environ, {"JUPYTERHUB_USER": "agent_a"}):
            reply = self.get(user="agent_a")
            assert reply.code == 403 and "无权访问" in self.text(reply) and "管理员" in self.text(reply)
            assert "管理员甲" not in reply.body.decode("utf-8")  # no user list for an agent
            reply = self.post({"action": "deactivate", "user_id": str(self.chief.id)}, user="agent_a")
            assert reply.code == 403
        assert self.store.find_user("chief").active
        reply = self.get(user="agent_a")  # on chief's server, another hub user (even a hub admin)
        assert reply.code == 403 and "这不是您的学习空间" in self.text(reply)
        assert self.post({"action": "deactivate", "user_id": str(self.agent.id)}, user="agent_a").code == 403
        assert self.store.find_user("agent_a").active
        assert self.get(user=None).code == 302  # to the hub's sign-in

    def test_a_deactivated_admin_is_refused(self):
        self.store.set_active(self.chief.id, False)
        reply = self.get()
        assert reply.code == 403 and "账号已停用" in self.text(reply)

    def test_an_admin_with_an_initial_password_changes_it_first(self):
        self.store.reset_password(self.chief.id)
        reply = self.get()
        assert reply.code == 302 and reply.headers["Location"] == BASE + "clientkit/password"


def test_the_header_links_to_user_admin_for_store_admins_only():
    from types import SimpleNamespace

    from clientkit.ui.components import nav_links

    hub = {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": "chief", "JUPYTERHUB_SERVICE_PREFIX": BASE,
           "JUPYTERHUB_BASE_URL": "/"}
    with mock.patch.dict(os.environ, hub):
        admin = dict(nav_links(SimpleNamespace(role="admin")))
        agent = dict(nav_links(SimpleNamespace(role="agent")))
    assert admin["用户管理"] == "/user/chief/clientkit/users"
    assert "用户管理" not in agent
