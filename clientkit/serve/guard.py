"""The server-side gate in front of every notebook page (DESIGN.md "Serving").

:func:`prelaunch_hook` runs in the Voila request handler after the notebook is read and
BEFORE its kernel starts: no valid session cookie → redirect to the sign-in page; a role the
notebook does not allow → a Chinese 403 page. A notebook declares its roles in its metadata::

    "metadata": {"clientkit": {"roles": ["supervisor", "admin"]}}

(absent or empty = any signed-in user). The user is re-read from the store on every page, so
a deactivated account or a changed role takes effect at the next page load.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import tornado.web

from clientkit.auth import COOKIE_NAME, ROLE_LABELS, user_for_claims, verify_token
from clientkit.errors import AuthError, StoreError
from clientkit.serve.render import message

LOGIN_URL = "/clientkit/login"
LOGOUT_URL = "/clientkit/logout"
HOME_URL = "/voila/render/index.ipynb"
STORE_SETTING = "clientkit_store"


def notebook_roles(notebook: Any) -> tuple[str, ...]:
    """The roles a notebook allows (from ``metadata.clientkit.roles``); () = any signed-in user."""
    meta = (getattr(notebook, "metadata", None) or {}).get("clientkit") or {}
    roles = meta.get("roles") or ()
    if isinstance(roles, str):
        roles = (roles,)
    return tuple(str(role) for role in roles)


def session_user(handler: tornado.web.RequestHandler) -> Any | None:
    """The signed-in user of a request (signed cookie + store record), or None."""
    try:
        claims = verify_token(handler.get_cookie(COOKIE_NAME))
        return user_for_claims(handler.settings[STORE_SETTING](), claims)
    except AuthError:
        return None


def safe_next(url: str | None) -> str:
    """``url`` if it is a path on this server, else the home page (no open redirects)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return HOME_URL
    if url.startswith(LOGIN_URL) or url.startswith(LOGOUT_URL):
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
    return None
