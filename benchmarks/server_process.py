"""A ``clientkit serve`` process for the benchmarks: its port, environment, readiness and kernels.

Shared by ``bench_serve.py``, ``bench_signin.py`` and ``bench_classroom.py`` (run as scripts,
so this folder is on ``sys.path``)."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(home: Path) -> dict:
    """This process's environment for a server (or a seeding child) on instance ``home``."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("HTTP_COOKIE", "CLIENTKIT_DB_URL", "JUPYTER_PATH", "CLIENTKIT_NOTEBOOKS")}
    env.update(CLIENTKIT_HOME=str(home), PYTHONUNBUFFERED="1")
    return env


def wait_port(port: int, proc: subprocess.Popen, timeout_s: float = 90) -> None:
    """Return once ``port`` accepts connections; exit if the server dies or never listens."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not open its port")


def kernel_pids(server_pid: int) -> list[int]:
    """The server's kernels: its ``ipykernel_launcher`` children (kernels started cold) and the
    children of its fork server (``clientkit.serve.forkserver``: the forked kernels)."""
    parents: dict[int, int] = {}
    cmdlines: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdlines[int(entry.name)] = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    forkers = {pid for pid, ppid in parents.items()
               if ppid == server_pid and b"clientkit.serve.forkserver" in cmdlines[pid]}
    return [pid for pid, ppid in parents.items()
            if (ppid == server_pid and b"ipykernel_launcher" in cmdlines[pid]) or ppid in forkers]


def stop(proc: subprocess.Popen | None, timeout_s: float = 60) -> None:
    """End the server (and so its kernels): terminate, then kill if it has not exited in time."""
    if proc is None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
