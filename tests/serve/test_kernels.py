"""clientkit.serve.kernels: a kernel answers only the signed-in user who started it.

The tornado test runs clientkit's real Voila application (settings and routes of
``ClientkitVoila``) with a fake store and one real Python kernel started through
``OwnedKernelManager`` the way Voila's page handler starts it (the page's ``Cookie`` header in
``env["HTTP_COOKIE"]``).
"""
import asyncio
import json
import os
import tempfile
from types import SimpleNamespace
from uuid import uuid4

import pytest
import tornado.web
from jupyter_server.services.kernels.handlers import KernelHandler
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.testing import AsyncHTTPTestCase, gen_test
from tornado.websocket import websocket_connect
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import AllowListFileHandler, TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from clientkit import auth
from clientkit.serve import kernels
from tests.serve.conftest import voila_app

AGENT = SimpleNamespace(id=1, username="agent1", role="agent", display_name="张三", active=True)
OTHER = SimpleNamespace(id=2, username="agent2", role="agent", display_name="李四", active=True)
SUP = SimpleNamespace(id=3, username="sup1", role="supervisor", display_name="王主管", active=True)


class FakeStore:
    def __init__(self):
        self.users = {u.id: u for u in (SimpleNamespace(**vars(AGENT)), OTHER, SUP)}

    def get_user(self, user_id):
        return self.users.get(user_id)

    def login_valid(self, session_id, user_id):
        return session_id == f"sid-{user_id}"


@pytest.fixture
def home(monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", tempfile.mkdtemp(prefix="clientkit-kernels-"))


def cookie(user, **kwargs):
    kwargs.setdefault("session_id", f"sid-{user.id}")  # FakeStore's live session of the user
    return f"{auth.COOKIE_NAME}={auth.issue_token(user, **kwargs)}"


def test_owner_from_env_reads_only_a_valid_signed_cookie(home):
    assert kernels.owner_from_env({"HTTP_COOKIE": f"a=b; {cookie(AGENT)}"}) == 1
    assert kernels.owner_from_env({"HTTP_COOKIE": cookie(SUP)}) == 3
    forged = auth.issue_token(SUP, key=b"k" * 64)
    assert kernels.owner_from_env({"HTTP_COOKIE": f"{auth.COOKIE_NAME}={forged}"}) is None
    expired = cookie(AGENT, now=0)
    assert kernels.owner_from_env({"HTTP_COOKIE": expired}) is None
    assert kernels.owner_from_env({}) is None
    assert kernels.owner_from_env(None) is None


def test_guarded_replaces_every_kernel_and_file_route():
    voila_routes = [(r"/a", VoilaKernelWebsocketHandler), (r"/b", KernelHandler),
                    (r"/c", VoilaShutdownKernelHandler), (r"/d", VoilaContentsHandler, {"x": 1}),
                    (r"/e", AllowListFileHandler, {"path": "."}), (r"/f", tornado.web.RequestHandler),
                    (r"/g", TemplateStaticFileHandler)]
    out = kernels.guarded(voila_routes)
    assert [r[1] for r in out] == [kernels.OwnedKernelWebsocketHandler, kernels.OwnedKernelHandler,
                                   kernels.OwnedShutdownKernelHandler, kernels.SignedInContentsHandler,
                                   kernels.SignedInFileHandler, tornado.web.RequestHandler,
                                   kernels.CheckedTemplateFileHandler]
    assert out[3][2] == {"x": 1} and out[0][0] == r"/a"


def test_guarded_refuses_to_start_when_voila_moved_a_route():
    with pytest.raises(RuntimeError, match="VoilaKernelWebsocketHandler"):
        kernels.guarded([(r"/b", KernelHandler), (r"/c", VoilaShutdownKernelHandler),
                         (r"/d", VoilaContentsHandler), (r"/e", AllowListFileHandler),
                         (r"/g", TemplateStaticFileHandler)])


class KernelOwnerTest(AsyncHTTPTestCase):
    """The real ClientkitVoila routes and one real kernel started by agent1's page."""

    def get_app(self):
        return voila_app(self, FakeStore(), "clientkit-kernels-conn-")

    def setUp(self):
        self._patch = pytest.MonkeyPatch()
        self._patch.setenv("CLIENTKIT_HOME", tempfile.mkdtemp(prefix="clientkit-kernels-"))
        self._patch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))
        super().setUp()
        self.owner_cookie = cookie(AGENT)
        env = {**os.environ, "HTTP_COOKIE": f"_xsrf=x; {self.owner_cookie}"}
        self.kid = self.io_loop.run_sync(
            lambda: self.km.start_kernel(kernel_name="python3", path="", env=env), timeout=60)

    def tearDown(self):
        self.io_loop.run_sync(lambda: self.km.shutdown_all(now=True), timeout=30)
        super().tearDown()
        self._patch.undo()

    async def ws(self, kernel_id, cookie_header=None):
        headers = {"Cookie": cookie_header} if cookie_header else {}
        url = f"ws://127.0.0.1:{self.get_http_port()}/api/kernels/{kernel_id}/channels"
        return await websocket_connect(HTTPRequest(url, headers=headers))

    async def refused(self, kernel_id, cookie_header=None):
        with pytest.raises(HTTPClientError) as err:
            await self.ws(kernel_id, cookie_header)
        return err.value.code, err.value.response.body

    @gen_test(timeout=60)
    async def test_only_the_owner_connects_to_the_kernel_websocket(self):
        assert self.km.kernel_owner(self.kid) == AGENT.id
        conn = await self.ws(self.kid, self.owner_cookie)
        msg_id = uuid4().hex
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "username": "",
                       "session": uuid4().hex, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell"}))
        for _ in range(50):  # status messages come first
            reply = json.loads(await asyncio.wait_for(conn.read_message(), 30))
            if reply["parent_header"].get("msg_id") == msg_id and reply["channel"] == "shell":
                break
        assert reply["msg_type"] == "kernel_info_reply"
        conn.close()

        foreign = await self.refused(self.kid, cookie(OTHER))
        assert foreign[0] == 403
        assert (await self.refused(self.kid, cookie(SUP)))[0] == 403
        assert (await self.refused(self.kid))[0] == 403
        edited = self.owner_cookie.split(".")[0] + "." + auth.issue_token(OTHER).split(".")[1]
        assert (await self.refused(self.kid, edited))[0] == 403
        wrong_key = f"{auth.COOKIE_NAME}={auth.issue_token(AGENT, key=b'z' * 64)}"
        assert (await self.refused(self.kid, wrong_key))[0] == 403
        # an unknown kernel id gets exactly the refusal a foreign one gets
        assert await self.refused(str(uuid4()), cookie(OTHER)) == foreign
        assert await self.refused(str(uuid4()), self.owner_cookie) == foreign

    def test_the_owning_manager_keeps_the_culling_settings(self):
        from clientkit.serve.app import CULL_IDLE_S, CULL_INTERVAL_S

        assert isinstance(self.km, kernels.OwnedKernelManager)
        assert (self.km.cull_idle_timeout, self.km.cull_interval) == (CULL_IDLE_S, CULL_INTERVAL_S)
        assert self.km.cull_connected is False and self.km.cull_busy is False

    @gen_test(timeout=60)
    async def test_a_deactivated_owner_is_refused(self):
        self.store.users[AGENT.id].active = False
        assert (await self.refused(self.kid, self.owner_cookie))[0] == 403

    @gen_test(timeout=60)
    async def test_kernel_model_and_shutdown_are_the_owners_only(self):
        base = f"http://127.0.0.1:{self.get_http_port()}"
        xsrf = {"Cookie": "_xsrf=t", "X-XSRFToken": "t"}

        async def call(method, path, cookie_header):
            headers = {**xsrf, "Cookie": f"_xsrf=t; {cookie_header}" if cookie_header else "_xsrf=t"}
            body = b"" if method == "POST" else None
            return await self.http_client.fetch(base + path, method=method, headers=headers,
                                                body=body, raise_error=False)

        kpath, spath = f"/api/kernels/{self.kid}", f"/voila/api/shutdown/{self.kid}"
        for cookie_header in (cookie(OTHER), None):
            assert (await call("GET", kpath, cookie_header)).code == 403
            assert (await call("DELETE", kpath, cookie_header)).code == 403
            assert (await call("POST", spath, cookie_header)).code == 403
        assert self.kid in self.km
        ok = await call("GET", kpath, self.owner_cookie)
        assert ok.code == 200 and json.loads(ok.body)["id"] == self.kid
        assert (await call("DELETE", kpath, self.owner_cookie)).code == 204
        assert self.kid not in self.km and self.km.kernel_owner(self.kid) is None

    @gen_test(timeout=60)
    async def test_listing_and_files_need_a_session(self):
        base = f"http://127.0.0.1:{self.get_http_port()}"
        for path in ("/voila/api/contents/", "/voila/files/logo.png"):
            r = await self.http_client.fetch(base + path, raise_error=False)
            assert r.code == 403, path
        r = await self.http_client.fetch(base + "/voila/api/contents/",
                                         headers={"Cookie": cookie(OTHER)}, raise_error=False)
        assert r.code == 200 and "index.ipynb" in {m["name"] for m in json.loads(r.body)["content"]}
        r = await self.http_client.fetch(base + "/logout", follow_redirects=False, raise_error=False)
        assert r.code == 302 and r.headers["Location"].startswith("/clientkit/login")

    @gen_test(timeout=90)
    async def test_a_user_keeps_at_most_the_limit_of_kernels_oldest_idle_first(self):
        """Attack test A19: one agent opening page after page. With a limit of 2, the third page
        shuts down the agent's oldest idle kernel; another user's kernel is untouched; with
        every kernel connected, the page is refused before a kernel starts (room_for)."""
        self.km.max_kernels_per_user = 2
        env = {**os.environ, "HTTP_COOKIE": self.owner_cookie}
        other = await self.km.start_kernel(kernel_name="python3", path="",
                                           env={**os.environ, "HTTP_COOKIE": cookie(OTHER)})
        second = await self.km.start_kernel(kernel_name="python3", path="", env=env)
        assert self.km.kernels_of(AGENT.id) == [self.kid, second]
        assert self.km.room_for(AGENT.id)  # both idle: the oldest would go
        self.km._kernel_connections[second] = 1  # a page is open on the second one
        third = await self.km.start_kernel(kernel_name="python3", path="", env=env)
        assert self.kid not in self.km  # the oldest idle one was shut down
        assert self.km.kernels_of(AGENT.id) == [second, third]
        assert other in self.km and self.km.kernels_of(OTHER.id) == [other]
        self.km._kernel_connections[third] = 1
        assert not self.km.room_for(AGENT.id)
        assert self.km.room_for(OTHER.id)

    @gen_test(timeout=60)
    async def test_crafted_template_paths_get_a_chinese_404_not_a_500(self):
        base = f"http://127.0.0.1:{self.get_http_port()}"
        for path in ("/voila/templates/..%2f..%2f..%2fsecret.key", "/voila/templates/lab/x/voila.js",
                     "/voila/templates/x", "/voila/templates/lab/static/..%2f..%2fconf.json"):
            r = await self.http_client.fetch(base + path, raise_error=False)
            assert r.code == 404, path
            assert "页面不存在" in r.body.decode(), path
        ok = await self.http_client.fetch(base + "/voila/templates/lab/static/voila.js", raise_error=False)
        assert ok.code == 200  # real template files are still served
