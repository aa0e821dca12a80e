"""The hub's identity as a single-user server's handlers see it, for handler tests without a hub."""
from jupyter_server.auth import IdentityProvider, User

XSRF = "0123456789abcdef0123456789abcdef"


class HeaderIdentity(IdentityProvider):
    """The user named in the X-Test-User header (what JUPYTERHUB_USER's hub auth gives in production)."""

    def get_user(self, handler):
        name = handler.request.headers.get("X-Test-User")
        return User(username=name) if name else None
