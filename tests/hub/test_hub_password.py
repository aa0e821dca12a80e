"""修改密码 in a hub single-user server (clientkit.hub.password): a user with an initial password
is sent there from every page, only the server's owner may use it, the post needs _xsrf, the
policy is clientkit serve's, and after the change the owner lands on 首页 with the new password."""
import os
import re
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlencode

import pytest
import tornado.web
from jupyter_server.auth import User

from clientkit.hub import password as hub_password
from clientkit.hub import singleuser
from clientkit.store import Store
from tests.hub.header_identity import XSRF, HeaderIdentity, HubServerTest, hub_patches

BASE = "/user/xin/"
INITIAL = "Initial-2026x"


class HubPasswordTest(HubServerTest):
    def setUp(self):
        self.dir = __import__("tempfile").mkdtemp(prefix="clientkit-hub-password-")
        self.store = Store.open(f"sqlite:///{self.dir}/store.db")
        self.xin = self.store.add_user("xin", INITIAL, role="agent", must_change_password=True)
        hub_password._limits.cache_clear()
        super().setUp()

    def patches(self):
        return hub_patches("xin", lambda: self.store)

    def tearDown(self):
        super().tearDown()
        self.store.close()

    def get_app(self):
        return tornado.web.Application(hub_password.hub_password_handlers(BASE), identity_provider=HeaderIdentity(),
                                       xsrf_cookies=True, base_url=BASE, login_url=BASE + "login")

    def get(self, user="xin"):
        headers = {"X-Test-User": user} if user else {}
        return self.fetch(BASE + "clientkit/password", headers=headers, follow_redirects=False,
                          raise_error=False)

    def post(self, current=INITIAL, new="Own-choice-2026", repeat=None, user="xin", xsrf=True):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if user:
            headers["X-Test-User"] = user
        fields = {"current": current, "new": new, "repeat": new if repeat is None else repeat}
        if xsrf:
            headers["Cookie"] = f"_xsrf={XSRF}"
            fields["_xsrf"] = XSRF
        return self.fetch(BASE + "clientkit/password", method="POST", body=urlencode(fields), headers=headers,
                          follow_redirects=False, raise_error=False)

    def text(self, reply) -> str:
        return re.sub(r"<style>.*?</style>|<[^>]+>", " ", reply.body.decode("utf-8"), flags=re.S)

    def error(self, reply) -> str:
        found = re.search(r'id="password-error">([^<]*)<', reply.body.decode("utf-8"))
        return found.group(1) if found else ""

    def test_the_owner_gets_the_chinese_form_with_xsrf(self):
        reply = self.get()
        body = reply.body.decode("utf-8")
        assert reply.code == 200 and 'name="_xsrf"' in body
        assert 'action="/user/xin/clientkit/password"' in body and 'id="password-forced"' in body
        assert "修改密码" in body and not re.search(r"[A-Za-z]{4,}", self.text(reply).replace("clientkit", ""))

    def test_the_change_lands_on_home_and_only_the_new_password_works(self):
        reply = self.post()
        assert reply.code == 303 and reply.headers["Location"] == BASE + "voila/render/index.ipynb"
        user = self.store.find_user("xin")
        assert not user.must_change_password
        assert self.store.check_password_of(user.id, "Own-choice-2026")
        assert not self.store.check_password_of(user.id, INITIAL)
        assert 'id="password-forced"' not in self.get().body.decode("utf-8")

    def test_bad_input_is_told_in_chinese_and_changes_nothing(self):
        cases = [({"current": "Wrong-pass-1"}, "当前密码不正确"),
                 ({"repeat": "Other-choice-2026"}, "两次输入的新密码不一致"),
                 ({"new": "abcdefgh"}, "请混合使用字母"),  # the store's policy
                 ({"new": INITIAL}, "不能与当前密码相同")]
        for fields, words in cases:
            reply = self.post(**fields)
            assert reply.code == 400 and words in self.error(reply), (fields, self.error(reply))
        assert self.store.find_user("xin").must_change_password
        assert self.store.check_password_of(self.xin.id, INITIAL)

    def test_another_hub_user_a_deactivated_owner_no_identity_or_no_xsrf_change_nothing(self):
        assert self.post(user="hub_admin").code == 403
        assert "这不是您的学习空间" in self.text(self.get(user="hub_admin"))
        assert self.post(xsrf=False).code == 403
        assert self.post(user=None).code == 403
        assert self.get(user=None).code == 302  # to the hub's sign-in
        self.store.set_active(self.xin.id, False)
        assert self.post().code == 403
        assert self.store.check_password_of(self.xin.id, INITIAL)

    def test_guessing_the_current_password_is_throttled(self):
        codes = [self.post(current=f"Wrong-pass-{n}").code for n in range(12)]
        assert codes[0] == 400 and codes[-1] == 429, codes
        assert self.store.check_password_of(self.xin.id, INITIAL)


def _hook(user, store, path="voila/render/ch01_basic.ipynb"):
    handler = mock.Mock(current_user=User(username="xin"), settings={"base_url": BASE})
    with mock.patch.dict(os.environ, {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": "xin"}), \
            mock.patch("clientkit.hub.singleuser.open_store", lambda: store):
        try:
            singleuser.prelaunch_hook(handler, {"metadata": {}}, ".")
        except tornado.web.Finish:
            pass
    return handler


def test_every_page_goes_to_the_password_page_while_it_must_change():
    xin = SimpleNamespace(id=3, username="xin", role="agent", active=True, must_change_password=True,
                          display_name="辛")
    store = SimpleNamespace(find_user=lambda name: xin)
    assert _hook(xin, store).redirect.call_args.args == (BASE + "clientkit/password",)
    xin.must_change_password = False
    handler = _hook(xin, store)
    assert not handler.redirect.called and not handler.finish.called  # the page opens


@pytest.mark.parametrize("base", ["/", "/user/xin/"])
def test_the_password_route_is_below_the_servers_prefix(base):
    assert hub_password.hub_password_handlers(base)[0][0] == base + "clientkit/password"


def test_the_header_links_to_the_password_page_on_the_users_server():
    from clientkit.ui.components import nav_links

    agent = SimpleNamespace(role="agent")
    hub = {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": "xin", "JUPYTERHUB_SERVICE_PREFIX": BASE,
           "JUPYTERHUB_BASE_URL": "/"}
    with mock.patch.dict(os.environ, hub):
        links = dict(nav_links(agent))
    assert links["修改密码"] == "/user/xin/clientkit/password" and links["退出登录"] == "/hub/logout"
