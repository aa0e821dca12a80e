"""Who the user is inside a single-user server under JupyterHub (DESIGN.md "Serving").

The hub has authenticated the request before it reaches the single-user server, and the server
belongs to one hub user: its environment (and so every kernel's) carries ``JUPYTERHUB_USER``.
The hub's configuration also sets ``CLIENTKIT_IDENTITY=hub``; only then is ``JUPYTERHUB_USER``
trusted (``clientkit serve`` removes the switch, so a stray variable cannot sign anyone in).
The store supplies the rest by user name — role, team, whether the account is active — and is
re-read on every page and every call (:meth:`clientkit.service.Service.recheck`), so a
deactivation or a role change takes effect as under ``clientkit serve``.
"""
from __future__ import annotations

import os
from typing import Any

from clientkit.errors import AuthError

MODE_ENV = "CLIENTKIT_IDENTITY"
USER_ENV = "JUPYTERHUB_USER"


def hub_mode(env: dict | None = None) -> bool:
    """True inside a single-user server started by clientkit's hub configuration."""
    env = os.environ if env is None else env
    return env.get(MODE_ENV) == "hub" and bool(env.get(USER_ENV))


def hub_username(env: dict | None = None) -> str:
    """The hub user this server (and its kernels) belongs to.

    Raises:
        AuthError: not in hub mode (key ``error.token``).
    """
    env = os.environ if env is None else env
    if not hub_mode(env):
        raise AuthError("error.token")
    return env[USER_ENV]


def hub_user(store: Any, env: dict | None = None) -> Any:
    """The store's active user named by ``JUPYTERHUB_USER``.

    Raises:
        AuthError: not in hub mode, no such user in the store, or the user is deactivated
            (key ``error.token``).
    """
    user = store.find_user(hub_username(env))
    if user is None or not user.active:
        raise AuthError("error.token")
    return user


def server_url(path: str, env: dict | None = None) -> str:
    """A URL on the user's own server: ``path`` (``/clientkit/...``) as it is under ``clientkit
    serve``; under JupyterHub the page lives below ``/user/<name>/``, so the path goes below that
    prefix (``JUPYTERHUB_SERVICE_PREFIX``, inherited by the kernel from its single-user server)."""
    env = os.environ if env is None else env
    if hub_mode(env) and env.get("JUPYTERHUB_SERVICE_PREFIX"):
        return env["JUPYTERHUB_SERVICE_PREFIX"].rstrip("/") + "/" + path.lstrip("/")
    return path


def hub_url(path: str, env: dict | None = None) -> str:
    """A URL on the hub itself (``JUPYTERHUB_BASE_URL`` + ``hub/`` + path), e.g. the sign-out."""
    env = os.environ if env is None else env
    base = env.get("JUPYTERHUB_BASE_URL") or "/"
    return base.rstrip("/") + "/hub/" + path.lstrip("/")
