"""clientkit.serve.guard and handlers in a bare tornado app with a fake store (no Voila, no kernel)."""
import asyncio
import re
import tempfile
import time
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
NEWBIE = SimpleNamespace(id=3, username="newbie", role="agent", display_name="新人", active=True,
                         must_change_password=True)


class FakeStore:
    """Users, passwords and server-side sessions; counts password checks and can make them slow."""

    passwords = {"agent1": ("pw-a", AGENT), "sup1": ("pw-s", SUP), "newbie": ("pw-n", NEWBIE)}

    def __init__(self):
        self.sessions = {}
        self.checks = 0
        self.check_s = 0.0

    def verify_password(self, username, password):
        self.checks += 1
        time.sleep(self.check_s)  # blocks like argon2 does
        pw, user = self.passwords.get(username, (None, None))
        if user is None or pw != password:
            raise AuthError()
        return user

    def get_user(self, user_id):
        return {1: AGENT, 2: SUP, 3: NEWBIE}.get(user_id)

    def open_login(self, user_id, *, lifetime_s, client=""):
        sid = f"sid{len(self.sessions) + 1}"
        self.sessions[sid] = user_id
        return sid

    def login_valid(self, session_id, user_id):
        return self.sessions.get(session_id) == user_id

    def revoke_login(self, session_id):
        self.sessions.pop(session_id, None)


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
    # attack test A12: %09 arrives decoded; browsers drop tabs and newlines inside URLs
    ("/\t/evil.example:18999/", guard.HOME_URL),
    ("/\n/evil.example/", guard.HOME_URL),
    ("/voila/render/x.ipynb\r\nSet-Cookie: a=b", guard.HOME_URL),
    ("/\x00/evil.example/", guard.HOME_URL),
    ("/\u2028/evil.example/", guard.HOME_URL),
    ("javascript:alert(1)", guard.HOME_URL),
    ("///evil.example/", guard.HOME_URL),
    ("/clientkit/password", guard.HOME_URL),
    ("/voila/render/ch02_profile.ipynb?tab=2", "/voila/render/ch02_profile.ipynb?tab=2"),
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
        self.store = store = FakeStore()
        return tornado.web.Application(
            handlers.handlers() + [(r"/voila/render/(\w+)\.ipynb", NotebookPage)],
            **{guard.STORE_SETTING: lambda: store})

    def setUp(self):
        self._patch = pytest.MonkeyPatch()
        self._patch.setenv("CLIENTKIT_HOME", tempfile.mkdtemp(prefix="clientkit-guard-"))
        self._patch.setattr(handlers, "FAILED_LOGIN_DELAY_S", 0.01)
        super().setUp()

    def tearDown(self):
        super().tearDown()
        self._patch.undo()

    def xsrf(self):
        """``(cookie value, form value)`` of a fresh XSRF token."""
        form = self.fetch("/clientkit/login")
        xsrf_cookie = re.search(r"_xsrf=([^;]+)", form.headers["Set-Cookie"]).group(1)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.body.decode()).group(1)
        return xsrf_cookie, xsrf

    def login(self, username, password, xsrf=None):
        xsrf_cookie, xsrf = xsrf or self.xsrf()
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

    def test_logout_is_a_post_with_xsrf_and_revokes_the_session(self):
        """Attack tests A6, A15: a GET (a cross-site link) only asks; the POST revokes the session
        on the server, so a copied cookie stops working at once."""
        session = self.cookie_of(self.login("agent1", "pw-a"))
        asked = self.fetch("/clientkit/logout", headers={"Cookie": session}, follow_redirects=False)
        assert asked.code == 200 and "确认退出登录" in asked.body.decode()
        assert self.fetch("/voila/render/index.ipynb", headers={"Cookie": session}).body == b"KERNEL STARTED"
        no_token = self.fetch("/clientkit/logout", method="POST", body="", headers={"Cookie": session},
                              follow_redirects=False)
        assert no_token.code == 403
        xsrf_cookie, xsrf = self.xsrf()
        r = self.fetch("/clientkit/logout", method="POST", body=urlencode({"_xsrf": xsrf}),
                       headers={"Cookie": f"_xsrf={xsrf_cookie}; {session}"}, follow_redirects=False)
        assert r.code == 302 and r.headers["Location"] == "/clientkit/login?bye=1"
        assert 'clientkit_session=""' in r.headers["Set-Cookie"]
        replayed = self.fetch("/voila/render/index.ipynb", headers={"Cookie": session}, follow_redirects=False)
        assert replayed.code == 302 and replayed.headers["Location"].startswith("/clientkit/login")

    def test_next_with_a_tab_or_newline_never_leaves_the_site_nor_errs(self):
        session = self.cookie_of(self.login("agent1", "pw-a"))
        for raw in ("/%09/evil.example:18999/", "/%0d%0aSet-Cookie:%20x=1", "%2F%2Fevil.example", "/%5Cevil"):
            r = self.fetch(f"/clientkit/login?next={raw}", headers={"Cookie": session}, follow_redirects=False)
            assert r.code == 302 and r.headers["Location"] == guard.HOME_URL, raw
            anonymous = self.fetch(f"/clientkit/login?next={raw}")
            assert anonymous.code == 200 and f'value="{guard.HOME_URL}"' in anonymous.body.decode(), raw

    def test_five_failures_lock_the_account_with_a_chinese_429(self):
        for _ in range(5):
            assert self.login("agent1", "wrong").code == 401
        r = self.login("agent1", "pw-a")  # even the right password waits for the lock
        assert r.code == 429
        assert "分钟后再试" in r.body.decode() and int(r.headers["Retry-After"]) >= 60
        assert "clientkit_session" not in r.headers.get("Set-Cookie", "")
        assert self.store.checks == 5  # the refused try never reached the hasher
        assert self.login("sup1", "pw-s").code == 302  # another account is unaffected

    def test_a_concurrent_burst_reaches_the_hasher_at_most_five_times(self):
        """Attack test A16: 40 guesses at once; each check takes 0.1 s (off the event loop)."""
        self.store.check_s = 0.1
        xsrf = self.xsrf()

        async def burst():
            body = urlencode({"_xsrf": xsrf[1], "username": "agent1", "password": "wrong"})
            return await asyncio.gather(*[
                self.http_client.fetch(self.get_url("/clientkit/login"), method="POST", body=body,
                                       headers={"Cookie": f"_xsrf={xsrf[0]}"}, raise_error=False)
                for _ in range(40)])

        codes = sorted(r.code for r in self.io_loop.run_sync(burst, timeout=30))
        assert codes.count(401) == 5 and codes.count(429) == 35
        assert self.store.checks == 5

    def test_a_classroom_behind_one_address_is_not_locked_out(self):
        """Issue 10: 30 agents behind one NAT address (here 127.0.0.1) press 登录 at once, each
        mistyping; all 30 are checked (401, none 429: the old per-address limit of 20 refused 10),
        and a classmate then signs in."""
        self.store.check_s = 0.05
        xsrf = self.xsrf()

        async def room():
            return await asyncio.gather(*[
                self.http_client.fetch(
                    self.get_url("/clientkit/login"), method="POST",
                    body=urlencode({"_xsrf": xsrf[1], "username": f"student{n}", "password": "typo"}),
                    headers={"Cookie": f"_xsrf={xsrf[0]}"}, raise_error=False)
                for n in range(30)])

        codes = [r.code for r in self.io_loop.run_sync(room, timeout=30)]
        assert codes == [401] * 30 and self.store.checks == 30
        assert self.login("agent1", "pw-a").code == 302

    def test_password_checks_do_not_block_other_pages(self):
        self.store.check_s = 1.0
        xsrf = self.xsrf()

        async def both():
            # client and server share this event loop: a check run on it would stall both
            body = urlencode({"_xsrf": xsrf[1], "username": "agent1", "password": "wrong"})
            start = time.monotonic()
            guess = asyncio.ensure_future(self.http_client.fetch(
                self.get_url("/clientkit/login"), method="POST", body=body,
                headers={"Cookie": f"_xsrf={xsrf[0]}"}, raise_error=False))
            await asyncio.sleep(0.2)  # the check is running now
            page = await self.http_client.fetch(self.get_url("/clientkit/login"))
            took = time.monotonic() - start
            await guess
            return page.code, took

        code, took = self.io_loop.run_sync(both, timeout=30)
        assert code == 200 and took < 0.7  # with the 1 s check on the event loop: > 1 s

    def test_a_must_change_user_is_sent_to_change_the_password_first(self):
        r = self.login("newbie", "pw-n")
        assert r.code == 302
        assert r.headers["Location"].startswith("/clientkit/password?next=")
        session = self.cookie_of(r)
        page = self.fetch("/voila/render/ch01.ipynb", headers={"Cookie": session}, follow_redirects=False)
        assert page.code == 302 and page.headers["Location"].startswith("/clientkit/password")
        assert b"KERNEL" not in page.body

    def test_a_user_at_the_kernel_limit_gets_a_chinese_page_before_a_kernel_starts(self):
        class FullManager:
            max_kernels_per_user = 3

            def room_for(self, owner):
                return owner != AGENT.id

        self._app.settings["kernel_manager"] = FullManager()
        r = self.fetch("/voila/render/index.ipynb", headers={"Cookie": self.cookie_of(self.login("agent1", "pw-a"))})
        assert r.code == 429 and "同时打开 3 个" in r.body.decode() and b"KERNEL" not in r.body
        r = self.fetch("/voila/render/review.ipynb", headers={"Cookie": self.cookie_of(self.login("sup1", "pw-s"))})
        assert r.body == b"KERNEL STARTED"
