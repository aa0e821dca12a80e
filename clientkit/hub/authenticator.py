"""JupyterHub sign-in against the clientkit store (issue 12; DESIGN.md "Serving").

:class:`StoreAuthenticator` checks the user name and password with the store's argon2 hashes
(:meth:`clientkit.store.Store.verify_password`) in clientkit's password thread pool, never on the
hub's event loop; it refuses deactivated users and passes through the same throttle as
``clientkit serve`` (per account and per client address, :mod:`clientkit.serve.throttle`; a
locked account is answered with HTTP 429 before any hashing). The user's role goes to the hub as
a group (``clientkit-<role>``) and in ``auth_state``; clientkit admins become hub admins only
when :attr:`StoreAuthenticator.admin_from_store` is set (hub admins can open other users'
servers, so this is off by default). An initial password (``must_change_password``: roster
import, reset) signs in; the user's server then asks for a new one first (:mod:`clientkit.hub.password`).

:func:`store_post_auth_hook` is the same mapping for any other authenticator (LDAP/AD, OAuth):
the store user with the hub's user name supplies role and team; an unknown name is created as an
agent on the first sign-in (display name from the provider when it sends one, team empty, an
unusable random password); a deactivated store user is refused even when the provider says yes.
"""
from __future__ import annotations

import tornado.web
from jupyterhub.auth import Authenticator
from traitlets import Bool, Unicode, default

from clientkit.errors import AuthError, StoreError

GROUP_PREFIX = "clientkit-"
# Claims a provider may send with a display name, checked in this order (LDAP, OIDC, GitHub…).
DISPLAY_NAME_KEYS = ("displayName", "display_name", "name", "cn", "preferred_username")


def role_fields(user, *, admin_from_store: bool) -> dict:
    """What the hub keeps of a store user: name, admin flag, groups and ``auth_state``."""
    return {
        "name": user.username,
        # None: the hub decides (its own admin_users); only a configured hub trusts the store
        "admin": (user.role == "admin") if admin_from_store else None,
        "groups": [GROUP_PREFIX + user.role],
        "auth_state": {"clientkit_role": user.role, "clientkit_team": user.team,
                       "clientkit_user_id": user.id, "display_name": user.display_name},
    }


def _display_name(authentication: dict) -> str:
    for source in (authentication.get("auth_state") or {}, authentication.get("user_info") or {}):
        for key in DISPLAY_NAME_KEYS:
            value = source.get(key) if isinstance(source, dict) else None
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            if value and str(value).strip():
                return str(value).strip()
    return ""


def ensure_store_user(store, username: str, display_name: str = ""):
    """The store user ``username``, created as an agent when unknown (first sign-in through an
    outside provider). Returns None for a deactivated user."""
    from clientkit.store.passwords import generate_password

    user = store.find_user(username)
    if user is None:
        try:  # the password is never told to anyone: the provider signs this user in
            user = store.add_user(username, generate_password(), role="agent",
                                  display_name=display_name or username)
        except Exception:  # created by a parallel first sign-in: read theirs
            user = store.find_user(username)
            if user is None:
                raise
    return user if user.active else None


class StoreAuthenticator(Authenticator):
    """Sign in to JupyterHub with a clientkit user name and password."""

    db_url = Unicode("", config=True,
                     help="The store's URL; empty: CLIENTKIT_DB_URL (as every clientkit process).")
    admin_from_store = Bool(False, config=True,
                            help="Make clientkit admins hub admins (they can then open every server).")

    @default("any_allow_config")
    def _any_allow_config_default(self):
        return True  # check_allowed: the store's active users are the allowed users

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._store = None
        from clientkit.serve.throttle import SignInLimits

        self.limits = SignInLimits()

    @property
    def store(self):
        if self._store is None:
            from clientkit.store import Store

            self._store = Store.open(self.db_url or None)
        return self._store

    def check_allowed(self, username, authentication=None):
        # the store is the list of allowed users: authenticate() only returns its active users
        return authentication is not None

    async def authenticate(self, handler, data):
        from clientkit.serve.handlers import FAILED_LOGIN_DELAY_S, off_loop
        from clientkit.serve.throttle import delay_s

        username = (data.get("username") or "").strip()
        password = data.get("password") or ""
        if not username or not password:
            return None
        address = (handler.request.remote_ip if handler is not None else "") or ""
        wait = self.limits.begin(username, address)
        if wait > 0:
            self.log.warning("clientkit: sign-in of %r refused for %.0f s (throttle)", username, wait)
            raise tornado.web.HTTPError(429, reason="Too Many Requests")
        try:
            user = await off_loop(self.store.verify_password, username, password)
            if not user.active:
                raise AuthError()
        except AuthError:
            import asyncio

            failures = self.limits.failed(username, address)
            await asyncio.sleep(delay_s(failures, FAILED_LOGIN_DELAY_S))
            return None
        except StoreError:
            self.limits.release(username, address)
            self.log.error("clientkit: the store is unreachable")
            raise tornado.web.HTTPError(503) from None
        self.limits.succeeded(username, address)
        # an initial password (must_change_password) is accepted: the single-user server sends
        # every page to its 修改密码 until it is changed (clientkit.hub.password)
        return role_fields(user, admin_from_store=self.admin_from_store)

    async def refresh_user(self, user, handler=None):
        """A user deactivated in the store must sign in again (and is then refused)."""
        try:
            found = self.store.find_user(user.name)
        except StoreError:
            return True  # keep serving signed-in users while the store blips; pages re-check
        if found is None or not found.active:
            return False
        fresh = {}
        if self.manage_groups:
            fresh["groups"] = [GROUP_PREFIX + found.role]
        if self.admin_from_store:
            fresh["admin"] = found.role == "admin"
        return fresh or True


def store_post_auth_hook(authenticator, handler, authentication):
    """``c.Authenticator.post_auth_hook`` for LDAP/AD or OAuth: the store supplies the role.

    Unknown users are created as agents; deactivated store users are refused (None). Set
    ``c.Authenticator.manage_groups = True`` to let the hub keep the role groups."""
    from clientkit.store import Store

    store = getattr(authenticator, "_clientkit_store", None)
    if store is None:
        store = authenticator._clientkit_store = Store.open()
    user = ensure_store_user(store, authentication["name"], _display_name(authentication))
    if user is None:
        return None
    admin_from_store = bool(getattr(authenticator, "clientkit_admin_from_store", False))
    fields = role_fields(user, admin_from_store=admin_from_store)
    merged = dict(authentication)
    state = dict(authentication.get("auth_state") or {})
    state.update(fields["auth_state"])
    merged.update(groups=fields["groups"], auth_state=state)
    if admin_from_store:
        merged["admin"] = fields["admin"]
    return merged
