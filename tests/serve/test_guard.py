"""clientkit.serve.guard and handlers in a bare tornado app with a fake store (no Voila, no kernel)."""
import re
import tempfile
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
import tornado.web
from tornado.testing import AsyncHTTPTestCase

from clientkit import auth
from clientkit.errors import AuthError
from clientkit.serve import guard, handlers

AGENT = SimpleNamespace(id=1, username="agent1", role="agent", display_name="张三", active=True)
SUP = SimpleNamespace(id=2, username="sup1", role="supervisor", display_name="李主管", active=True)


class FakeStore:
    passwords = {"agent1": ("pw-a", AGENT), "sup1": ("pw-s", SUP)}

    def verify_password(self, username, password):
        pw, user = self.passwords.get(username, (None, None))
        if user is None or pw != password:
            raise AuthError()
        return user

    def get_user(self, user_id):
        return {1: AGENT, 2: SUP}.get(user_id)


@pytest.mark.parametrize("metadata, roles", [
    ({}, ()),
    ({"clientkit": {}}, ()),
    ({"clientkit": {"roles": ["supervisor", "admin"]}}, ("supervisor", "admin")),
    ({"clientkit": {"roles": "admin"}}, ("admin",)),
])
def test_notebook_roles(metadata, roles):
    assert guard.notebook_roles(SimpleNamespace(metadata=metadata)) == roles


@pytest.mark.parametrize("url, expected", [
    ("/voila/render/ch01_basic.ipynb", "/voila/render/ch01_basic.ipynb"),
    ("https://evil.example/", guard.HOME_URL),
    ("//evil.example/", guard.HOME_URL),
    ("/\\evil.example", guard.HOME_URL),
    ("/clientkit/logout", guard.HOME_URL),
    (None, guard.HOME_URL),
])
def test_safe_next_stays_on_this_server(url, expected):
    assert guard.safe_next(url) == expected


class NotebookPage(tornado.web.RequestHandler):
    """Stands in for Voila's handler: runs the hook with a notebook's metadata."""

    def get(self, name):
        roles = {"review": {"clientkit": {"roles": ["supervisor", "admin"]}}}.get(name, {})
        guard.prelaunch_hook(self, SimpleNamespace(metadata=roles), ".")
        self.write("KERNEL STARTED")


class GuardTest(AsyncHTTPTestCase):
    def get_app(self):
        store = FakeStore()
        return tornado.web.Application(
            handlers.handlers() + [(r"/voila/render/(\w+)\.ipynb", NotebookPage)],
            **{guard.STORE_SETTING: lambda: store})

    def setUp(self):
        self._patch = pytest.MonkeyPatch()
        self._patch.setenv("CLIENTKIT_HOME", tempfile.mkdtemp(prefix="clientkit-guard-"))
        self._patch.setattr(handlers, "FAILED_LOGIN_DELAY_S", 0.05)
        super().setUp()

    def tearDown(self):
        super().tearDown()
        self._patch.undo()

    def login(self, username, password):
        form = self.fetch("/clientkit/login")
        xsrf_cookie = re.search(r"_xsrf=([^;]+)", form.headers["Set-Cookie"]).group(1)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.body.decode()).group(1)
        body = urlencode({"_xsrf": xsrf, "username": username, "password": password,
                          "next": "/voila/render/index.ipynb"})
        return self.fetch("/clientkit/login", method="POST", body=body,
                          headers={"Cookie": f"_xsrf={xsrf_cookie}"}, follow_redirects=False)

    def cookie_of(self, response):
        return re.search(r"clientkit_session=[^;]+", response.headers["Set-Cookie"]).group(0)

    def test_no_cookie_redirects_to_login_before_the_kernel(self):
        r = self.fetch("/voila/render/index.ipynb", follow_redirects=False)
        assert r.code == 302
        assert r.headers["Location"].startswith("/clientkit/login?next=")
        assert b"KERNEL" not in r.body

    def test_login_page_is_chinese(self):
        r = self.fetch("/clientkit/login")
        assert r.code == 200
        assert "用户名" in r.body.decode() and "密码" in r.body.decode()

    def test_wrong_password_is_refused_in_chinese(self):
        r = self.login("agent1", "wrong")
        assert r.code == 401
        assert "用户名或密码错误" in r.body.decode()
        assert "clientkit_session" not in r.headers.get("Set-Cookie", "")

    def test_post_without_xsrf_is_refused(self):
        body = urlencode({"username": "agent1", "password": "pw-a"})
        r = self.fetch("/clientkit/login", method="POST", body=body, follow_redirects=False)
        assert r.code == 403

    def test_cookie_flags_and_access(self):
        r = self.login("agent1", "pw-a")
        assert r.code == 302 and r.headers["Location"] == "/voila/render/index.ipynb"
        header = r.headers["Set-Cookie"]
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=43200" in header
        ok = self.fetch("/voila/render/index.ipynb", headers={"Cookie": self.cookie_of(r)})
        assert ok.body == b"KERNEL STARTED"

    def test_agent_is_refused_on_supervisor_notebook(self):
        cookie = self.cookie_of(self.login("agent1", "pw-a"))
        r = self.fetch("/voila/render/review.ipynb", headers={"Cookie": cookie})
        assert r.code == 403
        text = r.body.decode()
        assert "无权访问" in text and "业务员" in text and "主管" in text
        assert "KERNEL" not in text

    def test_supervisor_opens_supervisor_notebook(self):
        cookie = self.cookie_of(self.login("sup1", "pw-s"))
        r = self.fetch("/voila/render/review.ipynb", headers={"Cookie": cookie})
        assert r.body == b"KERNEL STARTED"

    def test_forged_cookie_is_refused(self):
        cookie = self.cookie_of(self.login("agent1", "pw-a"))
        payload, sig = cookie.split("=", 1)[1].split(".")
        other = auth.issue_token(SUP, key=b"z" * 64).split(".")[0]
        r = self.fetch("/voila/render/review.ipynb", follow_redirects=False,
                       headers={"Cookie": f"clientkit_session={other}.{sig}"})
        assert r.code == 302 and "/clientkit/login" in r.headers["Location"]

    def test_root_redirects_by_session(self):
        r = self.fetch("/", follow_redirects=False)
        assert r.headers["Location"].startswith("/clientkit/login")
        cookie = self.cookie_of(self.login("agent1", "pw-a"))
        r = self.fetch("/", follow_redirects=False, headers={"Cookie": cookie})
        assert r.headers["Location"] == guard.HOME_URL

    def test_logout_clears_the_cookie(self):
        r = self.fetch("/clientkit/logout", follow_redirects=False)
        assert r.code == 302
        assert 'clientkit_session=""' in r.headers["Set-Cookie"]
