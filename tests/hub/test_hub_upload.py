"""档案体检's upload in a hub single-user server (clientkit.hub.upload): only the server's
hub-authenticated owner, active in the store, may upload; same limits as ``clientkit serve``;
the upload button posts below the server's prefix (/user/<name>/)."""
import json
import tempfile
from types import SimpleNamespace
from urllib.parse import quote


from clientkit.hub import upload as hub_upload
from clientkit.serve import upload
from clientkit.ui.upload_button import upload_url
from tests.hub.header_identity import XSRF, HeaderIdentity, HubServerTest, hub_patches

OWNER = SimpleNamespace(id=11, username="agent_a", role="agent", active=True)


class HubUploadTest(HubServerTest):
    store_user = OWNER

    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="clientkit-hub-upload-")
        super().setUp()

    def patches(self):
        return hub_patches("agent_a", lambda: SimpleNamespace(find_user=lambda name: self.store_user),
                           CLIENTKIT_HOME=self.home)

    def get_app(self):
        import tornado.web

        return tornado.web.Application(hub_upload.hub_upload_handlers("/user/agent_a/"),
                                       identity_provider=HeaderIdentity(), xsrf_cookies=True,
                                       base_url="/user/agent_a/")

    def post(self, body: bytes, user="agent_a", name="客户清单.csv", xsrf=True):
        headers = {"X-File-Name": quote(name), "Content-Type": "application/octet-stream"}
        if user:
            headers["X-Test-User"] = user
        if xsrf:
            headers.update({"Cookie": f"_xsrf={XSRF}", "X-XSRFToken": XSRF})
        return self.fetch("/user/agent_a/clientkit/upload", method="POST", body=body, headers=headers,
                          raise_error=False)

    def test_the_owner_uploads_into_their_store_users_folder(self):
        reply = self.post(b"a,b\n1,2\n")
        assert reply.code == 200, reply.body
        info = json.loads(reply.body)
        path, name = upload.open_upload(OWNER.id, info["id"])  # what the owner's kernel does
        assert name == "客户清单.csv" and path.read_bytes() == b"a,b\n1,2\n"

    def test_another_hub_user_on_this_server_is_refused(self):
        reply = self.post(b"a,b\n", user="hub_admin")
        assert reply.code == 401 and "登录" in json.loads(reply.body)["error"]
        assert not list(upload.user_folder(OWNER.id).iterdir())

    def test_a_deactivated_owner_is_refused(self):
        self.store_user = SimpleNamespace(**{**vars(OWNER), "active": False})
        assert self.post(b"a,b\n").code == 401

    def test_no_hub_identity_or_no_xsrf_stores_nothing(self):
        assert self.post(b"a,b\n", user=None).code == 403
        assert self.post(b"a,b\n", xsrf=False).code == 403
        assert not list(upload.user_folder(OWNER.id).iterdir())

    def test_same_limits_as_clientkit_serve(self):
        reply = self.post(b"x", name="a.exe")
        assert reply.code == 400 and "只接受" in json.loads(reply.body)["error"]


def test_the_button_posts_below_the_users_server_prefix():
    hub = {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": "agent_a",
           "JUPYTERHUB_SERVICE_PREFIX": "/user/agent_a/"}
    assert upload_url(hub) == "/user/agent_a/clientkit/upload"
    assert upload_url({"JUPYTERHUB_SERVICE_PREFIX": "/user/agent_a/"}) == "/clientkit/upload"  # not hub mode
    assert upload_url({}) == "/clientkit/upload"
