"""Who is signed in: signed, expiring session tokens and role checks (DESIGN.md "Serving").

A session token is ``<payload>.<signature>``: the payload is base64url JSON
``{"sid": …, "uid": …, "role": …, "exp": …}`` and the signature an HMAC-SHA256 of it with the
secret kept in the instance folder (``secret.key``, mode 600, created on first use). ``sid``
names a server-side record (``login_sessions``, :mod:`clientkit.store.logins`) made at sign-in:
the token counts only while that record is live and belongs to ``uid``, so logout,
deactivation and a password reset revoke it at once, and user ids are never reused. The browser keeps
the token in the HttpOnly cookie :data:`COOKIE_NAME`; it can delete or replay it but cannot
make or edit one without the secret. Voila passes the page request's ``Cookie`` header to the
kernel as ``HTTP_COOKIE`` (``VoilaConfiguration.http_header_envs``), so code in a notebook
calls :func:`current_user`, which re-verifies the token and re-reads the user from the store.
Widget values are never identity: the browser can set any synced trait.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any

from clientkit import config
from clientkit.errors import AuthError, PermissionDenied

COOKIE_NAME = "clientkit_session"
LIFETIME_S = 12 * 3600
ROLES = ("agent", "trainer", "supervisor", "admin")
ROLE_LABELS = {"agent": "业务员", "trainer": "培训师", "supervisor": "主管", "admin": "管理员"}


def secret(path: Path | None = None) -> bytes:
    """The signing secret from ``home()/secret.key``, created (mode 600) on first use."""
    path = path or config.home() / "secret.key"
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        text = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            return path.read_text(encoding="ascii").strip().encode()
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(text + "\n")
    if len(text) < 32:
        raise AuthError("error.token")
    return text.encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, key: bytes) -> str:
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def issue_token(user: Any, *, session_id: str = "", lifetime_s: int = LIFETIME_S,
                now: float | None = None, key: bytes | None = None) -> str:
    """A signed token for ``user`` (anything with ``id`` and ``role``) and the server-side
    session ``session_id``, valid ``lifetime_s``. (Without a live session record the token is
    refused by :func:`user_for_claims`; :func:`sign_in` makes both.)"""
    now = time.time() if now is None else now
    body = {"sid": session_id, "uid": user.id, "role": user.role, "exp": int(now + lifetime_s)}
    payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{_sign(payload, key or secret())}"


def verify_token(token: str | None, *, now: float | None = None,
                 key: bytes | None = None) -> dict:
    """The claims ``{"session_id", "user_id", "role", "exp"}`` of a valid token.

    Raises:
        AuthError: key ``error.token`` when the token is missing, malformed, wrongly
            signed (edited or forged) or expired.
    """
    if not token or token.count(".") != 1:
        raise AuthError("error.token")
    payload, signature = token.split(".")
    if not hmac.compare_digest(signature, _sign(payload, key or secret())):
        raise AuthError("error.token")
    try:
        body = json.loads(_unb64(payload))
        claims = {"session_id": str(body["sid"]), "user_id": body["uid"], "role": str(body["role"]),
                  "exp": int(body["exp"])}
    except (ValueError, KeyError, TypeError):
        raise AuthError("error.token") from None
    if claims["exp"] <= (time.time() if now is None else now):
        raise AuthError("error.token")
    return claims


def token_from_cookie_header(header: str | None) -> str | None:
    """The session token in a raw ``Cookie:`` header, or None."""
    if not header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(COOKIE_NAME)
    return morsel.value if morsel else None


def sign_in(store: Any, user: Any, *, client: str = "", lifetime_s: int = LIFETIME_S) -> str:
    """Open a server-side session for ``user`` in ``store`` and return its signed token."""
    session_id = store.open_login(user.id, lifetime_s=lifetime_s, client=client)
    return issue_token(user, session_id=session_id, lifetime_s=lifetime_s)


def user_for_claims(store: Any, claims: dict) -> Any:
    """The store's current record of the token's user; refuses unknown or deactivated users
    and sessions that are revoked, expired or not that user's."""
    try:
        user = store.get_user(claims["user_id"])
    except (KeyError, LookupError):
        user = None
    if user is None or not getattr(user, "active", True):
        raise AuthError("error.token")
    if not store.login_valid(claims.get("session_id"), user.id):
        raise AuthError("error.token")
    return user


def current_claims() -> dict:
    """The verified claims of this Voila page's cookie (``os.environ["HTTP_COOKIE"]``).

    Raises:
        AuthError: no valid token (key ``error.token``).
    """
    return verify_token(token_from_cookie_header(os.environ.get("HTTP_COOKIE")))


def current_user(store: Any = None) -> Any:
    """The signed-in user of this Voila page, read inside the kernel.

    Re-verifies the signed cookie from ``os.environ["HTTP_COOKIE"]`` and re-reads the user
    and the session from ``store`` (``Store.open()`` when None), so a deactivated user or a
    revoked session is refused.

    Raises:
        AuthError: no valid session (key ``error.token``).
    """
    claims = current_claims()
    if store is None:
        from clientkit.store import Store

        store = Store.open()
    return user_for_claims(store, claims)


def require_role(user: Any, *roles: str) -> None:
    """Raise :class:`PermissionDenied` (context ``role`` = the Chinese role name) unless
    ``user.role`` is one of ``roles``."""
    if user.role not in roles:
        raise PermissionDenied(role=ROLE_LABELS.get(user.role, user.role))
