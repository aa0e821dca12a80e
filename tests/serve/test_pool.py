"""clientkit.serve.pool: warm kernels with no user, bound to the user whose page takes one.

Real ClientkitVoila routes and real Python kernels (as in test_kernels.py); the pool is opened
by the test the way ``ClientkitVoila.listen`` opens it when the server starts.
"""
import asyncio
import os
import tempfile
from uuid import uuid4

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.testing import AsyncHTTPTestCase, gen_test
from tornado.websocket import websocket_connect

from clientkit.serve import pool
from tests.serve.conftest import voila_app
from tests.serve.test_kernels import AGENT, OTHER, SUP, FakeStore, cookie


def test_bind_code_sets_and_removes_variables_and_changes_directory():
    ns = {}
    saved = dict(os.environ)
    here = os.getcwd()
    try:
        os.environ["CK_POOL_GONE"] = "x"
        code = pool.bind_code({"CK_POOL_A": "a'\"\\n 中文"}, ["CK_POOL_GONE"], tempfile.gettempdir())
        exec(code, ns)
        assert os.environ["CK_POOL_A"] == "a'\"\\n 中文"
        assert "CK_POOL_GONE" not in os.environ
        assert os.getcwd() == os.path.realpath(tempfile.gettempdir())
        assert "_ck_os" not in ns
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)


class PoolTest(AsyncHTTPTestCase):

    def get_app(self):
        return voila_app(self, FakeStore(), "clientkit-pool-conn-", kernel_pool=2)

    def setUp(self):
        self._patch = pytest.MonkeyPatch()
        self._patch.setenv("CLIENTKIT_HOME", tempfile.mkdtemp(prefix="clientkit-pool-"))
        self._patch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))
        super().setUp()

    def tearDown(self):
        self.km.close_pool()
        self.io_loop.run_sync(lambda: self.km.shutdown_all(now=True), timeout=60)
        super().tearDown()
        self._patch.undo()

    async def filled(self, n, timeout=180):
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.km.pooled_kernels()) < n:
            assert asyncio.get_running_loop().time() < deadline, "pool not refilled"
            await asyncio.sleep(0.3)
        return list(self.km.pooled_kernels())

    async def page(self, user, query="a=1"):
        """What Voila's page handler does: start_kernel with the request's environment."""
        env = {**os.environ, "HTTP_COOKIE": f"_xsrf=x; {cookie(user)}", "QUERY_STRING": query,
               "SCRIPT_NAME": "/voila/render/index.ipynb", "VOILA_PREHEAT": "False"}
        return await self.km.start_kernel(kernel_name="python3", path="", env=env)

    async def in_kernel(self, kid, expr):
        """The printed value of ``expr`` evaluated inside kernel ``kid``."""
        client = self.km.get_kernel(kid).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            msg_id = client.execute(f"print({expr})", store_history=False)
            out = []
            while True:
                msg = await client.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])
                if msg["msg_type"] == "error":
                    raise AssertionError(msg["content"]["evalue"])
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return "".join(out).strip()
        finally:
            client.stop_channels()

    async def ws(self, kernel_id, user=None):
        headers = {"Cookie": cookie(user)} if user else {}
        url = f"ws://127.0.0.1:{self.get_http_port()}/api/kernels/{kernel_id}/channels"
        return await websocket_connect(HTTPRequest(url, headers=headers))

    async def refused(self, kernel_id, user=None):
        with pytest.raises(HTTPClientError) as err:
            await self.ws(kernel_id, user)
        return err.value.code

    @gen_test(timeout=300)
    async def test_a_pooled_kernel_serves_only_the_user_who_took_it(self):
        self.km.open_pool()
        warm = await self.filled(2)
        # unbound pool kernels are nobody's
        for user in (AGENT, OTHER, None):
            assert await self.refused(warm[0], user) == 403
        assert await self.in_kernel(warm[0], "'HTTP_COOKIE' in __import__('os').environ") == "False"
        assert await self.in_kernel(warm[0], "'clientkit.ui.home' in __import__('sys').modules") == "True"

        a = await self.page(AGENT, "view=1")
        b = await self.page(OTHER, "view=2")
        assert {a, b} == set(warm) and a != b
        assert (self.km.kernel_owner(a), self.km.kernel_owner(b)) == (AGENT.id, OTHER.id)
        for kid, user, query in ((a, AGENT, "view=1"), (b, OTHER, "view=2")):
            got = await self.in_kernel(kid, "__import__('clientkit.auth').auth.current_claims()['user_id'], "
                                            "__import__('os').environ['QUERY_STRING']")
            assert got == f"{user.id} {query}"
        conn = await self.ws(a, AGENT)
        conn.close()
        assert await self.refused(a, OTHER) == 403
        assert await self.refused(a, SUP) == 403
        assert await self.refused(a) == 403
        assert await self.refused(b, AGENT) == 403

    @gen_test(timeout=400)
    async def test_a_burst_drains_the_pool_falls_back_to_cold_kernels_and_refills(self):
        self.km.open_pool()
        warm = set(await self.filled(2))
        users = [AGENT, OTHER, SUP, AGENT]
        kids = await asyncio.gather(*(self.page(u) for u in users))
        assert len(set(kids)) == 4
        assert len(warm & set(kids)) == 2  # two came warm, two were started cold
        assert [self.km.kernel_owner(k) for k in kids] == [u.id for u in users]
        refilled = set(await self.filled(2))
        assert not refilled & set(kids)
        assert all(self.km.kernel_owner(k) is None for k in refilled)
        for kid, user in zip(kids, users):
            got = await self.in_kernel(kid, "__import__('clientkit.auth').auth.current_claims()['user_id']")
            assert got == str(user.id)

    @gen_test(timeout=200)
    async def test_pooled_kernels_are_not_culled_but_a_left_kernel_is_freed(self):
        self.km.disconnected_grace_s = 1.0
        self.km.open_pool()
        warm = await self.filled(1)
        kernel = self.km.get_kernel(warm[0])
        kernel.last_activity = kernel.last_activity.replace(year=2000)
        await self.km.cull_kernel_if_idle(warm[0])
        assert warm[0] in self.km

        kid = await self.page(AGENT)
        never_connected = await self.page(OTHER)
        conn = await self.ws(kid, AGENT)
        await asyncio.sleep(2)
        assert kid in self.km  # connected: kept however long
        conn.close()
        for _ in range(50):
            if kid not in self.km:
                break
            await asyncio.sleep(0.2)
        assert kid not in self.km and self.km.kernel_owner(kid) is None
        assert never_connected in self.km  # a page still loading is left to the idle limit

    @gen_test(timeout=200)
    async def test_the_shutdown_beacon_works_without_xsrf_for_the_owner_only(self):
        kid = await self.page(AGENT)
        url = f"http://127.0.0.1:{self.get_http_port()}/voila/api/shutdown/{kid}"

        async def beacon(user, origin=None):
            headers = {"Cookie": cookie(user)} if user else {}
            if origin:
                headers["Origin"] = origin
            r = await self.http_client.fetch(url, method="POST", body=b"_xsrf=", headers=headers,
                                             raise_error=False)
            return r.code

        assert await beacon(OTHER) == 403
        assert await beacon(None) == 403
        assert await beacon(AGENT, origin="http://evil.example") in (403, 404)
        assert kid in self.km
        assert await beacon(AGENT, origin=f"http://127.0.0.1:{self.get_http_port()}") == 204
        assert kid not in self.km
        assert await beacon(AGENT) == 403  # gone: the same refusal as a foreign kernel
        assert await self.refused(str(uuid4()), AGENT) == 403
