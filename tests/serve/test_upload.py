"""clientkit.serve.upload: the streamed 档案体检 upload (issue 15) — signed-in users only, with
``_xsrf``, a stated size limit, private files, and ids that only their owner can open."""
import json
import os
import stat
import tempfile
from types import SimpleNamespace
from unittest import mock
from urllib.parse import quote

import asyncio

import pytest
import tornado.web
from tornado.httpclient import HTTPRequest
from tornado.testing import AsyncHTTPTestCase, gen_test

from clientkit.errors import InputError
from clientkit.serve import upload

AGENT = SimpleNamespace(id=7, username="agent1", role="agent", active=True)
XSRF = "0123456789abcdef0123456789abcdef"


class UploadHandlerTest(AsyncHTTPTestCase):
    user = AGENT

    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="clientkit-upload-")
        self.patches = [mock.patch.dict(os.environ, {"CLIENTKIT_HOME": self.home}),
                        mock.patch("clientkit.serve.guard.session_user", lambda handler: self.user)]
        for p in self.patches:
            p.start()
        super().setUp()

    def tearDown(self):
        super().tearDown()
        for p in reversed(self.patches):
            p.stop()

    def get_app(self):
        class Ping(tornado.web.RequestHandler):
            def get(self):
                self.write("pong")

        return tornado.web.Application(upload.upload_handlers() + [(r"/ping", Ping)])

    def post(self, body: bytes, name="客户清单.csv", xsrf=True, **headers):
        hdrs = {"X-File-Name": quote(name), "Content-Type": "application/octet-stream", **headers}
        if xsrf:
            hdrs.update({"Cookie": f"_xsrf={XSRF}", "X-XSRFToken": XSRF})
        return self.fetch(upload.UPLOAD_URL, method="POST", body=body, headers=hdrs, raise_error=False)

    def test_a_file_over_ten_mib_is_stored_privately_for_its_owner(self):
        body = "客户编号\nC1\n".encode() + b"x" * (15 * 1024 * 1024)
        reply = self.post(body)
        assert reply.code == 200, reply.body
        info = json.loads(reply.body)
        assert info["name"] == "客户清单.csv" and info["size"] == len(body)
        path, name = upload.open_upload(AGENT.id, info["id"])
        assert name == "客户清单.csv" and path.read_bytes() == body
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        with pytest.raises(InputError):
            upload.open_upload(AGENT.id + 1, info["id"])  # another user's kernel cannot open it

    def test_without_xsrf_nothing_is_stored(self):
        assert self.post(b"a,b\n", xsrf=False).code == 403
        assert not list((upload.user_folder(AGENT.id)).iterdir())

    def test_without_a_session_the_answer_is_a_chinese_401(self):
        self.user = None
        reply = self.post(b"a,b\n")
        assert reply.code == 401 and "登录" in json.loads(reply.body)["error"]

    def test_only_csv_and_excel_names(self):
        for name in ("x.exe", "../x.csv/..", "a/b.csv", ""):
            reply = self.post(b"a,b\n", name=name)
            assert reply.code == 400 and "只接受" in json.loads(reply.body)["error"], name

    def test_over_the_stated_limit_is_refused_before_the_body(self):
        with mock.patch.object(upload, "MAX_FILE_BYTES", 1024):
            reply = self.post(b"x" * 4096)
        assert reply.code == 413 and "上限" in json.loads(reply.body)["error"]
        assert not list(upload.user_folder(AGENT.id).iterdir())

    @gen_test(timeout=30)
    async def test_other_requests_are_answered_while_an_upload_streams(self):
        sent, chunk = [], b"x" * (1024 * 1024)

        async def slow_body(write):
            for _ in range(12):
                await write(chunk)
                sent.append(len(chunk))
                await asyncio.sleep(0.1)

        request = HTTPRequest(self.get_url(upload.UPLOAD_URL), method="POST", body_producer=slow_body,
                              headers={"X-File-Name": "big.csv", "Content-Length": str(12 * len(chunk)),
                                       "Cookie": f"_xsrf={XSRF}", "X-XSRFToken": XSRF})
        uploading = asyncio.ensure_future(self.http_client.fetch(request))
        await asyncio.sleep(0.3)
        pong = await self.http_client.fetch(self.get_url("/ping"))
        assert pong.body == b"pong" and 0 < len(sent) < 12  # answered mid-upload
        reply = await uploading
        assert json.loads(reply.body)["size"] == 12 * len(chunk)

    def test_a_user_keeps_only_a_few_files(self):
        ids = [json.loads(self.post(b"a,b\n").body)["id"] for _ in range(upload.MAX_STORED + 2)]
        kept = [i for i in ids if (upload.user_folder(AGENT.id) / i).exists()]
        assert kept == ids[-upload.MAX_STORED:]


def test_the_stated_limit_is_at_least_100_mb():
    assert upload.MAX_FILE_BYTES >= 100 * 1000 * 1000
