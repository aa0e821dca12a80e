"""Warm kernels with no user yet, bound to a user when a signed-in page takes one (issue 11).

Voila's own preheating cannot be combined with the prelaunch hook that checks the sign-in
(:mod:`clientkit.serve.guard`), so the pool lives in the project's kernel manager:
:class:`WarmPool` is the base of :class:`clientkit.serve.kernels.OwnedKernelManager`.

- :meth:`WarmPool.open_pool` (called when the server starts) fills the pool to
  :attr:`WarmPool.pool_size` kernels, one at a time. Each one has run :mod:`clientkit.serve.warm`
  (the imports a first view needs) and has no owner: every websocket, model or shutdown request
  for it is refused (:func:`clientkit.serve.kernels.may_use_kernel` needs an owner), and the
  culler leaves it alone.
- A page request whose cookie names a user takes a ready kernel (popped from the list before any
  ``await``, so two requests never get the same one), receives the request's environment
  (``HTTP_COOKIE``, ``QUERY_STRING``, ``SCRIPT_NAME``, Voila's ``VOILA_*`` …) through one silent
  ``execute`` that updates ``os.environ`` (and the working directory) BEFORE Voila runs the
  notebook, and only then is recorded as that user's. Identity code in the kernel
  (:func:`clientkit.auth.current_claims`) reads ``os.environ`` when it runs, so it sees the
  requester. If delivery fails the kernel is shut down and the page gets a cold kernel.
- After every take (and every cold start) the pool is refilled in the background, one kernel at
  a time and only while no cold start for a user is under way, so a burst that drains the pool
  is served by cold starts first and the refill does not compete with them for the CPU.
"""
from __future__ import annotations

import asyncio
import json
import os
import time
from typing import Any

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import IOLoop
from traitlets import Float, Integer, Unicode

from clientkit.serve.forking import wait_until_ready
from clientkit.serve.lean import activity_recorder

POOL_SIZE = 2
WARM_TIMEOUT_S = 120.0
BIND_TIMEOUT_S = 30.0
# A kernel whose last browser connection closed (tab closed, beacon lost) is shut down after this.
DISCONNECTED_GRACE_S = 30.0
_WARM_CODE = "import clientkit.serve.warm"
# What Voila puts into a kernel's environment from a request: never in a kernel with no user.
_REQUEST_KEYS = ("HTTP_", "QUERY_STRING", "SCRIPT_NAME", "PATH_INFO", "SERVER_", "VOILA_")


def kernel_launch_env() -> dict[str, str]:
    """This server's environment without anything a request could have put there: what a
    kernel with no user yet (pooled, or the fork server) starts with."""
    return {k: v for k, v in os.environ.items() if not k.startswith(_REQUEST_KEYS)}


def bind_code(changed: dict[str, str], removed: list[str], cwd: str | None) -> str:
    """The statement that gives a pooled kernel the request's environment (and directory)."""
    lines = ["import os as _ck_os, json as _ck_json",
             f"_ck_os.environ.update(_ck_json.loads({json.dumps(changed)!r}))"]
    for key in removed:
        lines.append(f"_ck_os.environ.pop({key!r}, None)")
    if cwd:
        lines.append(f"_ck_os.chdir({cwd!r})")
    lines.append("del _ck_os, _ck_json")
    return "\n".join(lines)


class WarmPool(AsyncMappingKernelManager):
    """jupyter_server's kernel manager with the warm pool (see the module docstring)."""

    pool_size = Integer(POOL_SIZE, config=True,
                        help="Warm kernels kept ready with no user (0 = no pool).")
    pool_kernel_name = Unicode("python3", config=True, help="Kernel spec of pooled kernels.")
    disconnected_grace_s = Float(DISCONNECTED_GRACE_S, config=True,
                                 help="Seconds a user's kernel may stay without any browser "
                                      "connection after its last one closed (0 = never).")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pool_ready: list[str] = []        # warm, unbound, oldest first
        self._pool_env: dict[str, dict] = {}    # launch environment of each pooled kernel
        self._pool_warming = 0
        self._pool_open = False
        self._pool_task: asyncio.Task | None = None
        self._cold_starts = 0
        self._left_at: dict[str, float] = {}

    # -- the pool --------------------------------------------------------------------------

    def pooled_kernels(self) -> list[str]:
        """The warm kernels waiting for a user (oldest first)."""
        return [kid for kid in self._pool_ready if kid in self]

    def is_pooled(self, kernel_id: str) -> bool:
        return kernel_id in self._pool_env

    def open_pool(self) -> None:
        """Start keeping :attr:`pool_size` warm kernels (call once the IO loop runs)."""
        self._pool_open = True
        self.refill_pool()

    def close_pool(self) -> None:
        self._pool_open = False

    def refill_pool(self) -> None:
        """Schedule the background refill (no-op if one is running or the pool is closed)."""
        if not self._pool_open or self.pool_size <= 0:
            return
        if self._pool_task is None or self._pool_task.done():
            self._pool_task = asyncio.ensure_future(self._fill())

    async def _fill(self) -> None:
        await wait_until_ready()  # pooled kernels are forked once the fork server listens
        while self._pool_open and len(self.pooled_kernels()) + self._pool_warming < self.pool_size:
            if self._cold_starts:
                await asyncio.sleep(0.5)  # users' cold starts first
                continue
            self._pool_warming += 1
            try:
                await self._start_pooled()
            except Exception:  # a broken kernel spec must not take the server down
                self.log.exception("clientkit: could not start a pooled kernel")
                await asyncio.sleep(5)
            finally:
                self._pool_warming -= 1

    async def _start_pooled(self) -> None:
        env = kernel_launch_env()
        env["VOILA_PREHEAT"] = "False"
        kid = await super().start_kernel(kernel_name=self.pool_kernel_name, path="", env=env)
        self._pool_env[kid] = env
        try:
            await self._execute(kid, _WARM_CODE, WARM_TIMEOUT_S)
        except Exception:
            self.log.exception("clientkit: warming kernel %s failed", kid)
            await self._discard(kid)
            raise
        if not self._pool_open:
            await self._discard(kid)
            return
        self._pool_ready.append(kid)
        self.log.info("clientkit: kernel %s warm, %d in the pool", kid, len(self.pooled_kernels()))

    async def take_pooled(self, kernel_name: str | None, path: Any, env: dict) -> str | None:
        """A warm kernel given ``env`` (the page request's), or None when the pool is empty."""
        if kernel_name not in (None, self.pool_kernel_name):
            return None
        while self._pool_ready:
            kid = self._pool_ready.pop(0)
            if kid not in self:
                self._pool_env.pop(kid, None)
                continue
            launch = self._pool_env.get(kid, {})
            changed = {k: str(v) for k, v in env.items() if launch.get(k) != v}
            removed = [k for k in launch if k not in env]
            cwd = self.cwd_for_path(path) if path is not None else None
            try:
                await self._execute(kid, bind_code(changed, removed, cwd), BIND_TIMEOUT_S)
            except Exception:
                self.log.exception("clientkit: handing over pooled kernel %s failed", kid)
                await self._discard(kid)
                continue
            self._pool_env.pop(kid, None)
            return kid
        return None

    def forget_pooled(self, kid: str) -> None:
        """Drop every record of ``kid`` (it died or was shut down)."""
        self._pool_env.pop(kid, None)
        self._left_at.pop(kid, None)
        if kid in self._pool_ready:
            self._pool_ready.remove(kid)

    async def _discard(self, kid: str) -> None:
        self.forget_pooled(kid)
        if kid in self:
            await self.shutdown_kernel(kid, now=True)

    async def _execute(self, kid: str, code: str, timeout: float) -> None:
        """Run ``code`` silently in kernel ``kid`` and wait for its reply.

        Raises:
            RuntimeError: the code failed; TimeoutError: no reply in ``timeout`` seconds.
        """
        client = self.get_kernel(kid).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=timeout)
            msg_id = client.execute(code, silent=True, store_history=False)
            deadline = time.monotonic() + timeout
            while True:
                reply = await client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            if reply["content"].get("status") != "ok":
                raise RuntimeError(reply["content"].get("ename", "error"))
        finally:
            client.stop_channels()

    # -- freeing kernels whose tab closed ---------------------------------------------------

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._left_at.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        if self.disconnected_grace_s <= 0 or self._kernel_connections.get(kernel_id, 1) > 0:
            return
        self._left_at[kernel_id] = time.monotonic()
        IOLoop.current().call_later(self.disconnected_grace_s,
                                    lambda: asyncio.ensure_future(self._free_if_left(kernel_id)))

    async def _free_if_left(self, kernel_id: str) -> None:
        left = self._left_at.get(kernel_id)
        if left is None or kernel_id not in self or self._kernel_connections.get(kernel_id, 0):
            return
        if time.monotonic() - left < self.disconnected_grace_s - 0.5:
            return  # reconnected and left again since: that later timer decides
        self._left_at.pop(kernel_id, None)
        self.log.info("clientkit: no browser on kernel %s for %.0f s, shutting it down",
                      kernel_id, self.disconnected_grace_s)
        await self.shutdown_kernel(kernel_id)

    def start_watching_activity(self, kernel_id: str) -> None:
        """jupyter_server's activity watch, reading only the header frames
        (:func:`clientkit.serve.lean.activity_recorder`)."""
        kernel = self._kernels[kernel_id]
        kernel.reason = ""
        kernel.last_activity = utcnow()
        kernel._activity_stream = kernel.connect_iopub()
        kernel._activity_stream.on_recv(activity_recorder(self, kernel_id, kernel))

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        if self.is_pooled(kernel_id):
            return  # waiting for a user is not idleness
        await super().cull_kernel_if_idle(kernel_id)
