"""The hub's identity as a single-user server's handlers see it, for handler tests without a hub."""
from jupyter_server.auth import IdentityProvider, User
from tornado.testing import AsyncHTTPTestCase

XSRF = "0123456789abcdef0123456789abcdef"


class HeaderIdentity(IdentityProvider):
    """The user named in the X-Test-User header (what JUPYTERHUB_USER's hub auth gives in production)."""

    def get_user(self, handler):
        name = handler.request.headers.get("X-Test-User")
        return User(username=name) if name else None


class HubServerTest(AsyncHTTPTestCase):
    """A single-user server's handlers under test: ``patches()`` (environment, store…) are
    started before each test's application is built and stopped after it."""

    def patches(self) -> list:
        return []

    def setUp(self):
        self._patches = self.patches()
        for p in self._patches:
            p.start()
        super().setUp()

    def tearDown(self):
        super().tearDown()
        for p in reversed(self._patches):
            p.stop()


def hub_patches(owner: str, open_store, **env) -> list:
    """The server's identity mode for ``owner`` (plus ``env``) and its store (``open_store()``)."""
    import os
    from unittest import mock

    return [mock.patch.dict(os.environ, {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": owner, **env}),
            mock.patch("clientkit.hub.singleuser.open_store", open_store)]
