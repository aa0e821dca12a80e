"""What one user's kernel weighs after its first view (首页) and after chapter 1 (issue 11).

``.venv/bin/python benchmarks/bench_kernel_rss.py [--pool K] [--view ch01] [--no-modules]``
(prints numbers; not a test). Steps:

1. a fresh instance (temporary ``CLIENTKIT_HOME``, SQLite) with one agent;
2. ``python -m clientkit.serve`` with its warm pool (default 2 kernels); wait until it is warm
   and print what a pooled kernel weighs;
3. the agent signs in over HTTP and opens 首页 ``/voila/render/index.ipynb`` through the real
   Voila protocol (the page, the kernel websocket, every widget's state —
   :class:`bench_classroom.Agent`); the kernel is the one the page names;
4. the agent switches the app to chapter 1 inside the same kernel, as a click on the link does:
   the router widget's ``view`` is set over the websocket, and the kernel answers ``shown``.

After each step, from ``/proc/<kernel>/smaps_rollup``: RSS (every resident page, shared
libraries included), PSS (shared pages divided among the processes sharing them) and USS (the
kernel's private pages: what shutting it down gives back). Then, from ``/proc/<kernel>/smaps``,
the biggest file mappings (shared libraries) by package, and — through the kernel's connection
file, after the measurements — the top-level packages the kernel has imported, each with the
RSS its import adds in a fresh interpreter that has imported ipykernel (in the kernel's order).

``--checkup N`` instead times what kernels lose without pyarrow: 档案体检 (the service's
``checkup_export`` path: read the export's CSV files, type them, audit, KPIs) of a generated
N-client export, once with pandas on pyarrow and once without (``CLIENTKIT_NO_PYARROW=1``, as
the kernels of ``clientkit serve`` run), each in a fresh interpreter; seconds and peak RSS.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_classroom import (HOME, ROOT, TIMEOUT_S, Agent, free_port, kernel_pids,  # noqa: E402
                             seed, server_env, stop, wait_pool, wait_port)

SITE = re.compile(r"/site-packages/([^/]+)/")
# Third-party packages worth pricing one by one (what a kernel imports beyond the standard library).
PRICED = ("numpy", "pyarrow", "pandas", "sqlalchemy", "ipywidgets", "anywidget", "yaml", "argon2",
          "faker", "chinese_calendar", "stdnum", "phonenumbers", "alembic", "plotly", "openpyxl",
          "jinja2", "dateutil")


def rollup(pid: int) -> dict[str, float]:
    """RSS, PSS and USS of ``pid`` in MB."""
    out = {"rss": 0.0, "pss": 0.0, "uss": 0.0}
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            kb = value.split()[0] if value.split() else "0"
            if key == "Rss":
                out["rss"] = int(kb) / 1024
            elif key == "Pss":
                out["pss"] = int(kb) / 1024
            elif key in ("Private_Clean", "Private_Dirty"):
                out["uss"] += int(kb) / 1024
    return out


def mappings(pid: int) -> dict[str, float]:
    """Resident MB per origin: a site-packages package's files, the interpreter, anonymous memory."""
    by: dict[str, float] = defaultdict(float)
    name = "?"
    with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            first = line.split(None, 1)[0]
            if "-" in first and not first.endswith(":"):
                parts = line.split()
                path = parts[5] if len(parts) > 5 else ""
                found = SITE.search(path)
                if found:
                    name = found.group(1).split(".")[0].removesuffix("_libs")
                elif path.startswith("/") and ".so" in path:
                    name = "other shared libraries"
                elif path.startswith("/"):
                    name = "other files"
                else:
                    name = "anonymous (Python objects, heaps)"
            elif first == "Rss:":
                by[name] += int(line.split()[1]) / 1024
    return dict(by)


def kernel_pid(server_pid: int, kid: str) -> int:
    for pid in kernel_pids(server_pid):
        if f"kernel-{kid}.json".encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
            return pid
    raise RuntimeError(f"no process for kernel {kid}")


def line(label: str, m: dict[str, float]) -> str:
    return f"{label:34s} RSS {m['rss']:6.1f} MB   PSS {m['pss']:6.1f} MB   USS {m['uss']:6.1f} MB"


async def switch(agent: Agent, router: str, view: str) -> float:
    """Set the router's ``view`` over the websocket; seconds until the kernel reports ``shown``."""
    session = uuid4().hex
    msg = {"header": {"msg_id": uuid4().hex, "msg_type": "comm_msg", "username": "", "session": session,
                      "version": "5.3", "date": ""}, "parent_header": {}, "metadata": {},
           "content": {"comm_id": router, "data": {"method": "update", "state": {"view": view},
                                                   "buffer_paths": []}},
           "channel": "shell", "buffers": []}
    t0 = time.monotonic()
    agent.conn.write_message(json.dumps(msg))
    while True:
        raw = await asyncio.wait_for(agent.conn.read_message(), TIMEOUT_S)
        if raw is None:
            raise RuntimeError("websocket closed during the switch")
        if isinstance(raw, bytes):
            continue
        data = json.loads(raw).get("content", {})
        if data.get("comm_id") == router and data.get("data", {}).get("state", {}).get("shown") == view:
            return time.monotonic() - t0


async def open_home(agent: Agent, client) -> tuple[str, str]:
    """Open 首页 like :meth:`Agent.open_page` and keep the router's model id from the states."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    r = await client.fetch(agent.base + HOME, headers={"Cookie": agent.header()}, request_timeout=TIMEOUT_S)
    kid = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', r.body.decode("utf-8", "replace")).group(1)
    ws = agent.base.replace("http", "ws", 1) + f"/api/kernels/{kid}/channels?session_id={uuid4().hex}"
    agent.conn = await websocket_connect(HTTPRequest(ws, headers={"Cookie": agent.header()},
                                                     request_timeout=TIMEOUT_S))
    session, comm = uuid4().hex, uuid4().hex
    for msg_type, content, meta in (
            ("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}}, {"version": "1.0.0"}),
            ("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}, {})):
        agent.conn.write_message(json.dumps({
            "header": {"msg_id": uuid4().hex, "msg_type": msg_type, "username": "", "session": session,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": meta, "content": content, "channel": "shell", "buffers": []}))
    while True:
        raw = await asyncio.wait_for(agent.conn.read_message(), TIMEOUT_S)
        if isinstance(raw, bytes):
            continue
        data = json.loads(raw).get("content", {}).get("data", {})
        if data.get("method") == "update_states":
            for model_id, entry in data["states"].items():
                if "routes" in entry.get("state", {}):
                    return kid, model_id
            raise RuntimeError("no router among the page's widgets")


KERNEL_REPORT = """
import sys, json
print(json.dumps(sorted({n.split('.')[0] for n, m in sys.modules.items() if m is not None and not n.startswith('_')})))
"""


def kernel_packages(pid: int) -> list[str]:
    """Top-level packages imported in kernel process ``pid`` (run through its connection file)."""
    from jupyter_client import BlockingKernelClient

    argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    client = BlockingKernelClient(connection_file=argv[argv.index("-f") + 1])
    client.load_connection_file()
    client.start_channels()
    out: list[str] = []
    try:
        client.execute_interactive(KERNEL_REPORT, timeout=60, store_history=False,
                                   output_hook=lambda m: out.append(m["content"].get("text", ""))
                                   if m["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
    return json.loads("".join(out))


PRICE = """
import importlib, os, sys
def rss():
    for line in open(f"/proc/{os.getpid()}/smaps_rollup"):
        if line.startswith("Rss:"):
            return int(line.split()[1]) / 1024
import ipykernel.ipkernel, ipykernel.kernelapp
import clientkit  # honours CLIENTKIT_NO_PYARROW as a kernel does
prev = rss()
print("ipykernel", round(prev, 1))
for name in sys.argv[1:]:
    importlib.import_module(name)
    now = rss()
    print(name, round(now - prev, 1))
    prev = now
"""


def price(packages: list[str], env: dict) -> list[tuple[str, float]]:
    """RSS each package adds when imported in this order after ipykernel, in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", PRICE, *packages], capture_output=True, text=True,
                          env=env, check=True)
    return [(n, float(v)) for n, v in (row.split() for row in done.stdout.split("\n") if row)]


async def visit(base: str, name: str, view: str, server_pid: int) -> tuple[str, list]:
    from tornado.httpclient import AsyncHTTPClient

    client = AsyncHTTPClient()
    agent = Agent(base, name)
    await agent.sign_in(client)
    t0 = time.monotonic()
    kid, router = await open_home(agent, client)
    opened = time.monotonic() - t0
    await asyncio.sleep(2)
    pid = kernel_pid(server_pid, kid)
    rows = [("after 首页", rollup(pid), mappings(pid), opened)]
    took = await switch(agent, router, view)
    await asyncio.sleep(2)
    rows.append((f"after {view} (same kernel)", rollup(pid), mappings(pid), took))
    rows.append(("", None, None, pid))
    return kid, rows, agent


CHECKUP = """
import datetime, resource, sys, time
from pathlib import Path
import clientkit, pandas as pd
from clientkit.model.exports import import_export
from clientkit.rules.audit import audit
from clientkit.rules.ch8_kpis import kpis_for
files = [(p.name, p) for p in sorted(Path(sys.argv[1]).iterdir())]
on = datetime.date(2026, 6, 30)
t0 = time.perf_counter()
export = import_export(files)
t1 = time.perf_counter()
findings = audit(export.book, on=on, tables=export.tables)
kpis_for(export.book, on)
t2 = time.perf_counter()
print(f"strings {pd.StringDtype().storage:8s} read+type {t1 - t0:5.1f} s, audit+KPIs {t2 - t1:5.1f} s, "
      f"{len(findings)} findings, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
"""


def checkup(n: int) -> None:
    from clientkit import NO_PYARROW_ENV

    folder = Path(tempfile.mkdtemp(prefix="clientkit-bench-checkup-"))
    try:
        make = ("import sys, datetime; from clientkit.generate import generate_book; "
                "generate_book(int(sys.argv[2]), seed=11, defect_rate=0.05, on=datetime.date(2026, 6, 30))"
                ".save(sys.argv[1], 'csv')")
        subprocess.run([sys.executable, "-c", make, str(folder), str(n)], check=True)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        print(f"档案体检 of a generated {n}-client export ({size:.0f} MB of CSV):")
        for flag in ("0", "1"):
            subprocess.run([sys.executable, "-c", CHECKUP, str(folder)], check=True,
                           env={**os.environ, NO_PYARROW_ENV: flag})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pool", type=int, default=None, help="--kernel-pool of the server")
    parser.add_argument("--view", default="ch01", help="the view opened second (default ch01)")
    parser.add_argument("--no-modules", action="store_true", help="skip the per-package prices")
    parser.add_argument("--checkup", type=int, metavar="N", help="only time 档案体检 of N clients "
                        "with and without pyarrow")
    args = parser.parse_args()
    if args.checkup:
        checkup(args.checkup)
        return

    print(f"load average {os.getloadavg()[0]:.1f} at start (a shared machine moves times, not memory)")
    home = Path(tempfile.mkdtemp(prefix="clientkit-bench-rss-"))
    proc = None
    try:
        names = seed(home, 1)
        port = free_port()
        cmd = [sys.executable, "-m", "clientkit.serve", "--port", str(port)]
        if args.pool is not None:
            cmd += ["--kernel-pool", str(args.pool)]
        log = open(home / "server.log", "wb")
        env = server_env(home)
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        wait_port(port, proc)
        from clientkit.serve.pool import POOL_SIZE

        size = POOL_SIZE if args.pool is None else args.pool
        wait_pool(proc, size)
        pooled = kernel_pids(proc.pid)
        if pooled:
            print(line("a warm kernel in the pool", rollup(pooled[0])))
        loop = asyncio.new_event_loop()
        kid, rows, agent = loop.run_until_complete(
            visit(f"http://127.0.0.1:{port}", names[0], args.view, proc.pid))
        for label, mem, maps, seconds in rows[:-1]:
            print(line(label, mem) + f"   ({seconds:.2f} s)")
        print(f"\nresident MB by origin after {args.view} (file mappings by site-packages package):")
        for origin, mb in sorted(rows[-2][2].items(), key=lambda kv: -kv[1])[:14]:
            print(f"  {origin:36s} {mb:6.1f}")
        if not args.no_modules:
            packages = kernel_packages(rows[-1][3])
            heavy = [p for p in PRICED if p in packages]
            print(f"\nthird-party packages imported in the kernel: {', '.join(heavy)}")
            print("not imported: " + ", ".join(p for p in PRICED if p not in packages))
            print("RSS each adds, imported in this order after ipykernel in a fresh interpreter:")
            from clientkit import NO_PYARROW_ENV

            env[NO_PYARROW_ENV] = "0" if "pyarrow" in packages else "1"
            for name, mb in price(heavy, env):
                print(f"  {name:20s} {mb:6.1f} MB")
        agent.conn.close()
        loop.close()
    finally:
        stop(proc)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
