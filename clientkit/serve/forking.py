"""Kernels forked from one warm parent instead of started cold (issue 11).

A cold ``python -m ipykernel_launcher`` spends ≈ 1.7 CPU-seconds importing ipykernel, pandas,
ipywidgets, SQLAlchemy and clientkit before it can run a page: on two cores, a class of 50
opening 首页 together waits most of a minute for imports alone. The server therefore starts one
**fork server** (``python -m clientkit.serve.forkserver``, :func:`start_fork_server`): it imports
all that once (:mod:`clientkit.serve.warm`), freezes its objects for the garbage collector, and
for every kernel to launch forks a child that runs the kernel with the connection file, the
environment and the working directory jupyter_client chose. The child shares the parent's
imported pages copy-on-write, so a kernel starts in a few hundredths of a second and weighs
much less than a cold one.

:class:`ForkProvisioner` is the jupyter_client kernel provisioner that asks for the fork (entry
point ``clientkit-fork`` in pyproject.toml; the server makes it the default with
:func:`use_fork_provisioner`). It behaves as :class:`~jupyter_client.provisioning.LocalProvisioner` does, with
:class:`ForkedProcess` in place of the ``Popen`` object: the child leads its own session, so
interrupts and kills go to its process group as before. Whenever the fork server is not running
or not answering, or the kernel command is not the Python kernel of this interpreter, the kernel
is started cold, as before.

Nothing of a user is in the fork server: it never runs a page and has no cookie; a child gets
the request's environment only after the fork. Every child is one kernel for one user.
"""
from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from clientkit.serve.forkserver import read_line

# The entry point (pyproject.toml) under which jupyter_client finds :class:`ForkProvisioner`.
FORK_PROVISIONER = "clientkit-fork"
# Waiting for the fork server's answer: a fork takes milliseconds; more means it is stuck.
REPLY_TIMEOUT_S = 10.0
READY_TIMEOUT_S = 120.0
_server: dict[str, Any] = {}


def kernel_command(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments when ``cmd`` starts this interpreter's ipykernel, else None."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"] \
            and Path(cmd[0]).absolute().parent == Path(sys.executable).absolute().parent:
        return cmd[3:]
    return None


def use_fork_provisioner(on: bool = True) -> None:
    """Make :class:`ForkProvisioner` (or back the local one) the provisioner of every kernel spec
    that names none (ipykernel's does not), in this process."""
    from jupyter_client.provisioning import KernelProvisionerFactory

    KernelProvisionerFactory.instance().default_provisioner_name = \
        FORK_PROVISIONER if on else "local-provisioner"


def start_fork_server(env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start the fork server (once per process); kernels are forked once it is ready."""
    if _server.get("proc") is not None and _server["proc"].poll() is None:
        return _server["proc"]
    folder = Path(tempfile.mkdtemp(prefix="clientkit-fork-"))
    address = str(folder / "fork.sock")
    proc = subprocess.Popen([sys.executable, "-m", "clientkit.serve.forkserver", address],
                            env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    _server.update(proc=proc, address=address, folder=folder)
    return proc


def stop_fork_server() -> None:
    proc = _server.pop("proc", None)
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if _server.get("folder") is not None:
        shutil.rmtree(_server["folder"], ignore_errors=True)
    _server.clear()


def fork_server_ready() -> bool:
    """True when the fork server runs and listens."""
    proc = _server.get("proc")
    return proc is not None and proc.poll() is None and os.path.exists(_server["address"])


async def wait_until_ready(timeout_s: float = READY_TIMEOUT_S) -> bool:
    """Wait while a started fork server is still warming up; True once it listens."""
    import asyncio

    end = time.monotonic() + timeout_s
    while _server.get("proc") is not None and _server["proc"].poll() is None \
            and not fork_server_ready() and time.monotonic() < end:
        await asyncio.sleep(0.1)
    return fork_server_ready()


def request_fork(argv: list[str], env: dict[str, str], cwd: str | None) -> int:
    """Ask the fork server for a kernel child; its pid.

    Raises:
        OSError: the fork server is not running or did not answer.
    """
    if not fork_server_ready():
        raise OSError("the fork server is not running")
    request = json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(REPLY_TIMEOUT_S)
        conn.connect(_server["address"])
        conn.sendall(request)
        answer = json.loads(read_line(conn))
    if "pid" not in answer:
        raise OSError("the fork server did not give a pid")
    return int(answer["pid"])


class ForkedProcess:
    """The part of ``subprocess.Popen`` jupyter_client uses, for a kernel the fork server forked
    (it is the fork server's child, not ours: its end is watched through a pidfd)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._ended: select.poll | None = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self._pidfd = None
            if not self._exists():
                self.returncode = 0
        else:
            # poll(), not select(): a server with many kernels has descriptors above 1024
            self._ended = select.poll()
            self._ended.register(self._pidfd, select.POLLIN)

    def _exists(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def poll(self) -> int | None:
        if self.returncode is None:
            if self._ended is not None:
                ended = bool(self._ended.poll(0))
            else:
                ended = not self._exists()
            if ended:
                self.returncode = 0  # the fork server reaps it; its status is not ours to read
                self._close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _close(self) -> None:
        if self._pidfd is not None:
            self._ended.unregister(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = self._ended = None


class ForkProvisioner(LocalProvisioner):
    """:class:`LocalProvisioner` that forks the kernel from the fork server when it can."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        argv = kernel_command(cmd)
        if argv is None or not fork_server_ready():
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = kwargs.get("cwd")
        try:
            pid = request_fork(argv, env, str(cwd) if cwd else None)
        except (OSError, ValueError):
            self.log.warning("clientkit: the fork server did not answer; starting the kernel cold",
                             exc_info=True)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedProcess(pid)
        self.pid = pid
        try:  # the fork server made the child its own process group before answering
            self.pgid = pid if os.getpgid(pid) == pid else None
        except OSError:
            self.pgid = None
        self.cwd = cwd or Path.cwd()
        return self.connection_info
