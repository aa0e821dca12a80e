"""Kernels belong to the user who opened the page that started them (DESIGN.md "Serving").

Voila 0.5.13 serves, besides the notebook pages, a few kernel endpoints that its identity layer
leaves open (clientkit runs Voila without Voila's own token, sign-in is ours):

- ``/api/kernels/<id>/channels``: the kernel websocket (widgets, comm messages);
- ``/api/kernels/<id>``: ``GET`` the kernel model, ``DELETE`` shut it down;
- ``/voila/api/shutdown/<id>``: the page's shutdown beacon (owner-checked, no XSRF token);
- ``/voila/api/contents/…`` (the notebook listing) and ``/voila/files/…`` (images next to notebooks).

Without a check, anyone who learns a kernel id could drive someone else's widgets or stop their
kernel. :class:`OwnedKernelManager` records, when a page starts a kernel, the user id of the
signed cookie the page request carried (the prelaunch hook has verified it just before; Voila
hands the request's ``Cookie`` header to ``start_kernel`` as ``env["HTTP_COOKIE"]``). The kernel
handlers then require a valid ``clientkit_session`` cookie whose user is still active in the
store AND is that owner; anything else — no cookie, a forged or expired one, another user, an
unknown kernel id — gets the same bare 403, so a refusal does not tell whether a kernel exists.
The listing and file routes require any signed-in user.

Each user may have at most :attr:`OwnedKernelManager.max_kernels_per_user` live kernels (default
:data:`KERNELS_PER_USER`; one page = one kernel, ~110-190 MB each). Opening one more shuts down
that user's oldest idle kernel (no browser connected: a closed tab, voila issue #1458); when
all of them have a page open, the prelaunch hook refuses the new page with a Chinese message
(:func:`clientkit.serve.guard.prelaunch_hook` asks :meth:`OwnedKernelManager.room_for`).
"""
from __future__ import annotations

from typing import Any

import tornado.web
from jupyter_server.services.kernels.handlers import KernelHandler
from traitlets import Integer
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import AllowListFileHandler, TemplateStaticFileHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from clientkit.auth import token_from_cookie_header, verify_token
from clientkit.errors import AuthError, StoreError
from clientkit.serve.guard import session_user
from clientkit.serve.pool import WarmPool

KERNELS_PER_USER = 3


def owner_from_env(env: dict | None) -> Any | None:
    """The user id in the signed session cookie of a kernel's launch ``env`` (``HTTP_COOKIE``),
    or None when there is no valid one (such a kernel is then nobody's: every connection is
    refused)."""
    try:
        token = token_from_cookie_header((env or {}).get("HTTP_COOKIE"))
        return verify_token(token)["user_id"]
    except AuthError:
        return None


class OwnedKernelManager(WarmPool):
    """Jupyter's kernel manager that remembers who started each kernel (``kernel_owners``,
    oldest first), keeps each user to :attr:`max_kernels_per_user` kernels and hands out warm
    kernels from a pool (:class:`clientkit.serve.pool.WarmPool`)."""

    max_kernels_per_user = Integer(KERNELS_PER_USER, config=True,
                                   help="Most live kernels (open pages) one user may have.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kernel_owners: dict[str, Any] = {}

    def kernels_of(self, owner: Any) -> list[str]:
        """The live kernels ``owner`` started, oldest first."""
        return [kid for kid, who in self.kernel_owners.items() if who == owner and kid in self]

    def idle_kernels_of(self, owner: Any) -> list[str]:
        """Those of :meth:`kernels_of` with no browser connected, oldest first."""
        connections = getattr(self, "_kernel_connections", {})
        return [kid for kid in self.kernels_of(owner) if not connections.get(kid, 0)]

    def room_for(self, owner: Any) -> bool:
        """True when ``owner`` may open another page (below the limit, or an idle kernel to end)."""
        return len(self.kernels_of(owner)) < self.max_kernels_per_user or bool(self.idle_kernels_of(owner))

    async def start_kernel(self, *, kernel_id: str | None = None, path: Any = None,
                           **kwargs: Any) -> str:
        new = kernel_id is None or kernel_id not in self
        owner = owner_from_env(kwargs.get("env")) if new else None
        if new and owner is not None:
            await self._make_room(owner)
            if kernel_id is None:
                warm = await self.take_pooled(kwargs.get("kernel_name"), path, kwargs.get("env") or {})
                if warm is not None:
                    self.kernel_owners[warm] = owner
                    self.refill_pool()
                    return warm
        self._cold_starts += new
        try:
            kernel_id = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._cold_starts -= new
        if new:
            self.kernel_owners[kernel_id] = owner
            self.refill_pool()
        return kernel_id

    async def _make_room(self, owner: Any) -> None:
        """Shut down ``owner``'s oldest kernels until one more fits (idle ones first)."""
        while len(self.kernels_of(owner)) >= self.max_kernels_per_user:
            idle = self.idle_kernels_of(owner)
            victim = (idle or self.kernels_of(owner))[0]
            self.log.info("clientkit: kernel limit reached, shutting down %s", victim)
            await self.shutdown_kernel(victim)
            self.kernel_owners.pop(victim, None)

    def remove_kernel(self, kernel_id: str) -> Any:
        self.kernel_owners.pop(kernel_id, None)
        self.forget_pooled(kernel_id)
        return super().remove_kernel(kernel_id)

    def kernel_owner(self, kernel_id: str) -> Any | None:
        """The user id that started ``kernel_id``; None if unknown (or started without a session)."""
        return self.kernel_owners.get(kernel_id)


def may_use_kernel(handler: tornado.web.RequestHandler, kernel_id: str) -> bool:
    """True when the request's signed-in, active user is the one who started ``kernel_id``."""
    try:
        user = session_user(handler)
    except StoreError:
        return False
    if user is None:
        return False
    owner_of = getattr(handler.settings.get("kernel_manager"), "kernel_owner", None)
    owner = owner_of(kernel_id) if owner_of else None
    return owner is not None and owner == user.id


class _Refusing:
    """A bare, identical refusal body whatever the cause (no page, no hint)."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(f"{status_code}")

    def require_owner(self, kernel_id: str) -> None:
        if not may_use_kernel(self, kernel_id):
            raise tornado.web.HTTPError(403)

    def require_session(self) -> None:
        try:
            user = session_user(self)
        except StoreError:
            user = None
        if user is None:
            raise tornado.web.HTTPError(403)


class OwnedKernelWebsocketHandler(_Refusing, VoilaKernelWebsocketHandler):
    """``/api/kernels/<id>/channels``: checked before the websocket upgrade."""

    async def get(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:
        self.require_owner(kernel_id)
        await super().get(kernel_id, *args, **kwargs)


class OwnedKernelHandler(_Refusing, KernelHandler):
    """``/api/kernels/<id>``: the model and ``DELETE`` only for the kernel's owner."""

    async def get(self, kernel_id: str) -> None:
        self.require_owner(kernel_id)
        await super().get(kernel_id)

    async def delete(self, kernel_id: str) -> None:
        self.require_owner(kernel_id)
        await super().delete(kernel_id)


class OwnedShutdownKernelHandler(_Refusing, VoilaShutdownKernelHandler):
    """``/voila/api/shutdown/<id>``: only the owner's page may shut its kernel down.

    This is the page's ``beforeunload`` beacon, which carries no usable ``_xsrf`` (voila issue
    #1458), so the route is exempt from the XSRF token. What the token would prevent — another
    site making the browser post here — is already refused: the session cookie is
    ``SameSite=Lax`` (not sent on a cross-site POST), a foreign ``Origin`` is refused, and the
    request only ever shuts down a kernel of the signed-in caller (an unguessable id).
    """

    def check_xsrf_cookie(self) -> None:
        if not self.check_origin():
            raise tornado.web.HTTPError(403)

    async def post(self, kernel_id: str) -> None:
        self.require_owner(kernel_id)
        await super().post(kernel_id)


class SignedInContentsHandler(_Refusing, VoilaContentsHandler):
    """``/voila/api/contents/…``: the notebook listing, for signed-in users only."""

    async def get(self, path: str = "") -> None:
        self.require_session()
        await super().get(path)


class SignedInFileHandler(_Refusing, AllowListFileHandler):
    """``/voila/files/…``: files next to the notebooks, for signed-in users only."""

    async def get(self, path: str, include_body: bool = True) -> None:
        self.require_session()
        await super().get(path, include_body=include_body)


class CheckedTemplateFileHandler(TemplateStaticFileHandler):
    """``/voila/templates/<template>/static/<file>``: anything else (``..``, a missing
    ``static`` part) is a Chinese 404 page, not Voila's AssertionError (a 500)."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "static" or "\\" in path or any(
                part in ("", ".", "..") for part in parts):
            raise tornado.web.HTTPError(404)
        return super().parse_url_path(path)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        from clientkit.serve.render import message

        self.set_header("Content-Type", "text/html; charset=UTF-8")
        section = "not_found" if status_code == 404 else "error"
        self.finish(message("error", section, link="/", code=status_code))


# Voila's handler class -> ours; every one must be found in Voila's routes.
REPLACEMENTS = {
    TemplateStaticFileHandler: CheckedTemplateFileHandler,
    VoilaKernelWebsocketHandler: OwnedKernelWebsocketHandler,
    KernelHandler: OwnedKernelHandler,
    VoilaShutdownKernelHandler: OwnedShutdownKernelHandler,
    VoilaContentsHandler: SignedInContentsHandler,
    AllowListFileHandler: SignedInFileHandler,
}


def guarded(routes: list) -> list:
    """Voila's ``routes`` with the kernel and file handlers replaced by the checked ones.

    Raises:
        RuntimeError: a handler to replace is missing (a Voila upgrade changed its routes:
            refuse to start rather than serve an unchecked endpoint).
    """
    out, seen = [], set()
    for route in routes:
        cls = route[1] if isinstance(route, tuple) else None
        if cls in REPLACEMENTS:
            seen.add(cls)
            route = (route[0], REPLACEMENTS[cls], *route[2:])
        out.append(route)
    missing = [cls.__name__ for cls in REPLACEMENTS if cls not in seen]
    if missing:
        raise RuntimeError(f"Voila routes without the clientkit check: {missing}")
    return out
