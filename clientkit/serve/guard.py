"""The server-side gate in front of every notebook page (DESIGN.md "Serving").

:func:`prelaunch_hook` runs in the Voila request handler after the notebook is read and
BEFORE its kernel starts: no valid session cookie → redirect to the sign-in page; a role the
notebook does not allow → a Chinese 403 page. A notebook declares its roles in its metadata::

    "metadata": {"clientkit": {"roles": ["supervisor", "admin"]}}

(absent or empty = any signed-in user). The user and the server-side session are re-read from
the store on every page, so a deactivated account, a revoked session or a changed role takes
effect at the next page load (and, through :meth:`clientkit.service.Service.require`, at the
next call of an open page). A user who must change the password is sent to 修改密码 first; a
user at the per-user kernel limit gets a Chinese page saying why (:mod:`clientkit.serve.kernels`).
"""
from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import urlencode, urlsplit

import tornado.web

from clientkit.auth import COOKIE_NAME, ROLE_LABELS, user_for_claims, verify_token
from clientkit.errors import AuthError, StoreError
from clientkit.serve.render import message

LOGIN_URL = "/clientkit/login"
LOGOUT_URL = "/clientkit/logout"
PASSWORD_URL = "/clientkit/password"
USERS_URL = "/clientkit/users"
HOME_URL = "/voila/render/index.ipynb"
STORE_SETTING = "clientkit_store"


def notebook_roles(notebook: Any) -> tuple[str, ...]:
    """The roles a notebook allows (from ``metadata.clientkit.roles``); () = any signed-in user."""
    meta = (getattr(notebook, "metadata", None) or {}).get("clientkit") or {}
    roles = meta.get("roles") or ()
    if isinstance(roles, str):
        roles = (roles,)
    return tuple(str(role) for role in roles)


def session_claims(handler: tornado.web.RequestHandler) -> tuple[Any, dict] | None:
    """``(user, claims)`` of a request's live session (signed cookie + store records), or None."""
    try:
        claims = verify_token(handler.get_cookie(COOKIE_NAME))
        return user_for_claims(handler.settings[STORE_SETTING](), claims), claims
    except AuthError:
        return None


def session_user(handler: tornado.web.RequestHandler) -> Any | None:
    """The signed-in user of a request (signed cookie + store records), or None."""
    found = session_claims(handler)
    return found[0] if found is not None else None


def _unsafe_char(ch: str) -> bool:
    # control characters (a browser drops \t \r \n inside URLs: "/\t/evil" becomes "//evil"),
    # format and line/paragraph separators, and backslashes (read as "/" by browsers)
    return ch == "\\" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def safe_next(url: str | None) -> str:
    """``url`` if it is a path on this server, else the home page (no open redirects).

    Accepted: a path starting with one ``/``, with no scheme or host, no control characters
    (``%09`` arrives here as a tab), no backslash; not the sign-in or sign-out page itself."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return HOME_URL
    if any(_unsafe_char(ch) for ch in url):
        return HOME_URL
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return HOME_URL
    if url.startswith((LOGIN_URL, LOGOUT_URL, PASSWORD_URL)):
        return HOME_URL
    return url


def login_redirect(handler: tornado.web.RequestHandler) -> str:
    """The sign-in URL that comes back to the page requested."""
    return f"{LOGIN_URL}?{urlencode({'next': safe_next(handler.request.uri)})}"


def prelaunch_hook(handler: tornado.web.RequestHandler, notebook: Any, cwd: str) -> None:
    """Voila's ``prelaunch_hook``: refuse the page before a kernel starts.

    Raises:
        tornado.web.Finish: after writing a redirect (no session) or a 403 page (role).
    """
    try:
        user = session_user(handler)
    except StoreError:
        handler.set_status(503)
        handler.finish(message("error", "error", link=None))
        raise tornado.web.Finish() from None
    if user is None:
        handler.redirect(login_redirect(handler))
        raise tornado.web.Finish()
    if getattr(user, "must_change_password", False):
        handler.redirect(f"{PASSWORD_URL}?{urlencode({'next': safe_next(handler.request.uri)})}")
        raise tornado.web.Finish()
    allowed = notebook_roles(notebook)
    if allowed and user.role not in allowed:
        handler.set_status(403)
        handler.finish(message(
            "error", "forbidden", link="/",
            name=getattr(user, "display_name", None) or getattr(user, "username", ""),
            role=ROLE_LABELS.get(user.role, user.role),
            allowed="、".join(ROLE_LABELS.get(role, role) for role in allowed),
        ))
        raise tornado.web.Finish()
    room_for = getattr(handler.settings.get("kernel_manager"), "room_for", None)
    if room_for is not None and not room_for(user.id):
        handler.set_status(429)
        handler.finish(message("error", "kernel_limit", link="/",
                               n=handler.settings["kernel_manager"].max_kernels_per_user))
        raise tornado.web.Finish()
    return None
