"""A fresh clone run exactly as the README says, with the defaults a user has (issue 8 §1).

No ``CLIENTKIT_*`` variable reaches the commands; the only switch is ``DEV_SEED_VENV`` (README:
"Tests reuse an installed environment"), which lets ``./dev`` build the clone's ``.venv`` from
the packages already installed for this test run instead of downloading them again.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .conftest import free_port

REPO = Path(__file__).resolve().parents[2]
DEMO_LINE = re.compile(r"用户名 (\S+)（[^）]*），密码 (\S+)")


def user_env(**extra: str) -> dict:
    """This process's environment as a user's shell would have it: no clientkit variables."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CLIENTKIT_") and k not in ("HTTP_COOKIE", "JUPYTER_PATH", "PYTHONPATH")}
    env.update(extra)
    return env


def fresh_clone(dest: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(dest)], check=True)
    return dest


class DevServe:
    """``./dev serve --port P`` in ``root``, its output collected line by line."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            ["./dev", "serve", "--port", str(self.port)], cwd=root,
            env=user_env(DEV_SEED_VENV=sys.prefix, PYTHONUNBUFFERED="1"),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_until_serving(self, timeout: float = 240) -> None:
        """Until the server prints its URL and accepts connections (the first run installs .venv)."""
        import socket

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError("./dev serve exited:\n" + "\n".join(self.lines[-40:]))
            if any("应用已启动" in line for line in self.lines):
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        raise AssertionError("./dev serve did not start:\n" + "\n".join(self.lines[-40:]))

    def demo_passwords(self) -> dict[str, str]:
        return dict(m.groups() for line in self.lines if (m := DEMO_LINE.search(line)))

    def ctrl_c(self, timeout: float = 30) -> int:
        """Stop as Ctrl+C in a terminal does: SIGINT to the foreground process group."""
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise AssertionError("./dev serve did not stop on Ctrl+C:\n" + "\n".join(self.lines[-20:]))

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
