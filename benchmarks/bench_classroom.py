"""A classroom at one moment: N agents open the app together, then each moves to a chapter.

``.venv/bin/python benchmarks/bench_classroom.py N [--pool K] [--chapter ch01_basic]``
(prints numbers; not a test). Steps:

1. a fresh instance (temporary ``CLIENTKIT_HOME``, SQLite) with N agents;
2. ``python -m clientkit.serve --kernel-pool K`` (K default: the server's default, 2); wait for
   the port, then until K warm kernels exist (kernel processes of the server);
3. every agent signs in over real HTTP (GET the form for ``_xsrf``, POST the password), at
   most :data:`SIGN_IN_AT_ONCE` at a time;
4. at one moment, every agent opens 首页 ``/voila/render/index.ipynb`` the way Voila's page
   does it: GET the page (streamed until the notebook has run), read the kernel id from the
   page config, open the kernel websocket with the agent's cookie (the v1 protocol the page asks for), ask the widget manager for
   every widget's state (``comm_open`` on ``jupyter.widget.control`` + ``request_states``, what
   the ipywidgets 8 page sends) and wait for ``update_states``. "Usable" = that reply arrived
   (it carries the state of every widget the page shows); times are from the start signal;
5. each agent then moves to a chapter the way a click on its link does in the one app
   (:mod:`clientkit.ui.router`): the Router widget's ``view`` is set over the websocket and the
   time runs until the kernel has sent the view's widgets and set ``shown`` (all agents at once),
   then back to 首页 (a kept view). Finally one agent alone: a switch to a kept view, the first
   opening of another chapter, and a new page (the beacon ``POST /voila/api/shutdown/<id>``
   without ``_xsrf``, as the browser sends it, then a reload at the chapter's URL).

Memory, read after each phase from ``/proc``: per kernel ``VmRSS`` and ``Pss`` (RSS counts the
shared libraries' pages in every process; PSS divides them among the processes sharing them,
so the sum of PSS is what the kernels really take), the server's RSS, and the drop of the
machine's ``MemAvailable`` since the server was idle (other work on a shared machine moves it).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from server_process import free_port, kernel_pids, server_env, stop, wait_port

PASSWORD = "Class-密码-2026"
HOME = "/voila/render/index.ipynb"
TIMEOUT_S = int(os.environ.get("BENCH_TIMEOUT_S", "600"))
# The kernel websocket protocol Voila's page asks for (@jupyterlab/services): the server relays
# the kernel's frames without decoding them.
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
ROOT = Path(__file__).resolve().parent.parent
# Sign-ins in flight at once: a class does not press 登录 in the same instant (the throttle
# would take up to serve/throttle.py ADDRESS_LIMIT = 100 checks under way from one address).
SIGN_IN_AT_ONCE = 10






def seed(home: Path, n: int) -> list[str]:
    names = [f"class_{i:03d}" for i in range(n)]
    code = ("import sys; from clientkit.store import Store; s = Store.open()\n"
            "for i, name in enumerate(sys.argv[1:]):\n"
            f"    s.add_user(name, {PASSWORD!r}, role='agent', team='新人班', display_name=f'学员{{i:03d}}')\n"
            "s.close()")
    subprocess.run([sys.executable, "-c", code, *names], check=True, env=server_env(home))
    return names


# -- /proc ------------------------------------------------------------------------------------



def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of ``pid`` in MB."""
    rss = pss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key == "Rss":
                    rss = int(value.split()[0]) / 1024
                elif key == "Pss":
                    pss = int(value.split()[0]) / 1024
    except OSError:
        pass
    return rss, pss


def mem_available_mb() -> float:
    with open("/proc/meminfo", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("MemAvailable"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) ``pid`` has used so far (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_line(label: str, server_pid: int, before: tuple[float, dict[int, float]], n: int) -> str:
    """CPU the server and its kernels used since ``before`` (from :func:`cpu_mark`)."""
    server0, kernels0 = before
    server, kernels = cpu_mark(server_pid)
    used = sum(c - kernels0.get(pid, 0.0) for pid, c in kernels.items())
    return (f"CPU during {label}: server {server - server0:.1f} s, kernels {used:.1f} s "
            f"({used / max(n, 1):.2f} s per agent)")


def cpu_mark(server_pid: int) -> tuple[float, dict[int, float]]:
    return cpu_s(server_pid), {pid: cpu_s(pid) for pid in kernel_pids(server_pid)}


def snapshot(server_pid: int, idle_available: float) -> dict:
    kernels = [memory_mb(pid) for pid in kernel_pids(server_pid)]
    rss = [r for r, _ in kernels]
    pss = [p for _, p in kernels]
    return {"kernels": len(kernels), "rss_sum": sum(rss), "pss_sum": sum(pss),
            "rss_med": statistics.median(rss) if rss else 0, "rss_max": max(rss, default=0),
            "pss_med": statistics.median(pss) if pss else 0,
            "server_rss": memory_mb(server_pid)[0],
            "used": idle_available - mem_available_mb()}


# -- one agent over HTTP and the kernel websocket ----------------------------------------------

class Agent:
    def __init__(self, base: str, name: str) -> None:
        self.base, self.name = base, name
        self.cookies: dict[str, str] = {}

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep(self, response) -> None:
        for raw in response.headers.get_list("Set-Cookie"):
            name, _, rest = raw.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def sign_in(self, client) -> None:
        from urllib.parse import urlencode

        r = await client.fetch(f"{self.base}/clientkit/login?next={HOME}", raise_error=False,
                               request_timeout=TIMEOUT_S)
        self.keep(r)
        body = urlencode({"username": self.name, "password": PASSWORD, "next": HOME,
                          "_xsrf": self.cookies.get("_xsrf", "")})
        r = await client.fetch(f"{self.base}/clientkit/login", method="POST", body=body,
                               headers={"Cookie": self.header()}, follow_redirects=False,
                               raise_error=False, request_timeout=TIMEOUT_S)
        self.keep(r)
        if r.code != 302 or "clientkit_session" not in self.cookies:
            raise RuntimeError(f"sign-in of {self.name} failed: HTTP {r.code}")

    async def open_page(self, client, path: str) -> tuple[str, int]:
        """GET ``path``, connect to its kernel, wait for every widget's state.
        Returns (kernel id, number of widget states received)."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        r = await client.fetch(self.base + path, headers={"Cookie": self.header()},
                               request_timeout=TIMEOUT_S, raise_error=False)
        if r.code != 200:
            raise RuntimeError(f"{path} for {self.name}: HTTP {r.code}")
        found = KERNEL_ID.search(r.body.decode("utf-8", "replace"))
        if not found:
            raise RuntimeError(f"{path} for {self.name}: no kernel id in the page")
        kid = found.group(1)
        ws_url = self.base.replace("http", "ws", 1) + f"/api/kernels/{kid}/channels?session_id={uuid4().hex}"
        conn = await websocket_connect(HTTPRequest(ws_url, headers={"Cookie": self.header()},
                                                   request_timeout=TIMEOUT_S),
                                       subprotocols=[WS_PROTOCOL])
        if conn.selected_subprotocol != WS_PROTOCOL:
            raise RuntimeError(f"{path} for {self.name}: the server did not take {WS_PROTOCOL}")
        self.conn, self.session = conn, uuid4().hex
        comm_id = uuid4().hex
        self.send("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                  {"version": "1.0.0"})
        self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        while True:
            header, content = await self.receive(f"{path} for {self.name}")
            data = content.get("data", {})
            if header.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                states = data.get("states", {})
                self.router, self.routes = None, {}
                for model_id, model in states.items():
                    state = model.get("state", {})
                    if "routes" in state and "shown" in state:  # clientkit.ui.router.Router
                        self.router, self.routes = model_id, state["routes"]
                return kid, len(states)

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> None:
        """One shell message, framed as the browser frames it (:data:`WS_PROTOCOL`)."""
        header = {"msg_id": uuid4().hex, "msg_type": msg_type, "username": "", "session": self.session,
                  "version": "5.3", "date": ""}
        parts = [json.dumps(x).encode() for x in (header, {}, metadata or {}, content)]
        self.conn.write_message(serialize_msg_to_ws_v1(parts, "shell"), binary=True)

    async def receive(self, what: str) -> tuple[dict, dict]:
        """The next message's (header, content)."""
        raw = await asyncio.wait_for(self.conn.read_message(), TIMEOUT_S)
        if raw is None:
            raise RuntimeError(f"{what}: websocket closed")
        _channel, parts = deserialize_msg_from_ws_v1(raw)
        return json.loads(parts[0]), json.loads(parts[3])

    async def switch(self, notebook: str) -> float:
        """What a click on a link to ``notebook`` does in the one app (clientkit.ui.router): the
        browser sets the Router's ``view``; the kernel builds the view, sends its widgets and
        sets ``shown``. Returns the seconds until ``shown`` names the view."""
        view = next((v for v, nb in self.routes.items() if nb == notebook), None)
        if self.router is None or view is None:
            raise RuntimeError(f"{self.name}: the page has no view for {notebook}")
        t = time.monotonic()
        self.send("comm_msg", {"comm_id": self.router, "data": {"method": "update", "state": {"view": view},
                                                                "buffer_paths": []}})
        while True:
            _header, content = await self.receive(f"{self.name} during the switch")
            data = content.get("data", {})
            if content.get("comm_id") == self.router and data.get("state", {}).get("shown") == view:
                return time.monotonic() - t

    async def beacon(self, client, kid: str) -> int:
        """What the page sends when it is left: the shutdown beacon (no ``_xsrf``)."""
        self.conn.close()
        r = await client.fetch(f"{self.base}/voila/api/shutdown/{kid}", method="POST", body=b"_xsrf=",
                               headers={"Cookie": self.header(), "Origin": self.base},
                               raise_error=False, request_timeout=TIMEOUT_S)
        return r.code


# -- the run ----------------------------------------------------------------------------------



def wait_pool(proc: subprocess.Popen, size: int) -> float:
    t0 = time.monotonic()
    while len(kernel_pids(proc.pid)) < size and time.monotonic() - t0 < 300:
        time.sleep(0.5)
    time.sleep(3 if size else 0)  # the last kernel finishes its warm-up imports
    return time.monotonic() - t0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def times_line(label: str, values: list[float]) -> str:
    return (f"{label}: p50 {statistics.median(values):.1f} s, p95 {pct(values, 0.95):.1f} s, "
            f"max {max(values):.1f} s (n={len(values)})")


def memory_line(label: str, snap: dict) -> str:
    return (f"{label}: {snap['kernels']} kernels alive; kernel RSS median {snap['rss_med']:.0f} MB, "
            f"max {snap['rss_max']:.0f} MB, sum {snap['rss_sum'] / 1024:.2f} GB; kernel PSS median "
            f"{snap['pss_med']:.0f} MB, sum {snap['pss_sum'] / 1024:.2f} GB; server RSS "
            f"{snap['server_rss']:.0f} MB; machine memory used since idle {snap['used'] / 1024:.2f} GB")


async def classroom(base: str, names: list[str], chapter: str, server_pid: int, idle: float) -> None:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=4 * len(names) + 10)
    client = AsyncHTTPClient()
    agents = [Agent(base, name) for name in names]
    t0 = time.monotonic()
    gate = asyncio.Semaphore(SIGN_IN_AT_ONCE)

    async def sign_in(agent):
        async with gate:
            await agent.sign_in(client)

    await asyncio.gather(*(sign_in(a) for a in agents))
    print(f"{len(agents)} agents signed in over HTTP in {time.monotonic() - t0:.1f} s")

    mark = cpu_mark(server_pid)
    start = time.monotonic()

    async def first(agent):
        kid, n = await agent.open_page(client, HOME)
        return kid, n, time.monotonic() - start

    results = await asyncio.gather(*(first(a) for a in agents), return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    ok = [r for r in results if not isinstance(r, BaseException)]
    kids = [r[0] for r in ok]
    if not ok:
        raise SystemExit(f"no agent got 首页: {errors[:3]}")
    print(times_line("首页 usable (all at once)", [r[2] for r in ok]),
          f"; widgets per page {min(r[1] for r in ok) if ok else 0}; errors {len(errors)}")
    for err in errors[:3]:
        print("  error:", err)
    assert len(set(kids)) == len(kids), "two agents got the same kernel"
    print(cpu_line("首页", server_pid, mark, len(agents)))
    await asyncio.sleep(2)
    print(memory_line("after 首页", snapshot(server_pid, idle)))

    opened = [a for a, r in zip(agents, results) if not isinstance(r, BaseException)]
    mark = cpu_mark(server_pid)
    moved = await asyncio.gather(*(a.switch(f"{chapter}.ipynb") for a in opened), return_exceptions=True)
    m_err = [m for m in moved if isinstance(m, BaseException)]
    print(times_line(f"switch to {chapter} in the app (all at once)", [m for m in moved if not isinstance(m, BaseException)]),
          f"; errors {len(m_err)}")
    print(cpu_line(f"the switch to {chapter}", server_pid, mark, len(opened)))
    for err in m_err[:3]:
        print("  error:", err)
    back = await asyncio.gather(*(a.switch("index.ipynb") for a in opened), return_exceptions=True)
    print(times_line("back to 首页 (kept view, all at once)", [m for m in back if not isinstance(m, BaseException)]),
          f"; errors {sum(isinstance(m, BaseException) for m in back)}")
    await asyncio.sleep(3)
    print(memory_line(f"after {chapter}", snapshot(server_pid, idle)))

    one = agents[0]
    print(f"one agent alone, switch to {chapter} again (kept view): {await one.switch(f'{chapter}.ipynb'):.2f} s; "
          f"to 第3章 (first opening): {await one.switch('ch03_relationship.ipynb'):.2f} s")
    t = time.monotonic()
    code = await one.beacon(client, kids[0])
    await one.open_page(client, f"/voila/render/{chapter}.ipynb")
    print(f"one agent alone, a new page (beacon {code} + reload at {chapter}): {time.monotonic() - t:.2f} s")
    for agent in agents:
        agent.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--pool", type=int, default=None, help="--kernel-pool of the server")
    parser.add_argument("--chapter", default="ch01_basic")
    args = parser.parse_args()

    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start "
          "(machine shared with other work: times vary)")
    home = Path(tempfile.mkdtemp(prefix="clientkit-bench-class-"))
    proc = None
    try:
        names = seed(home, args.n)
        port = free_port()
        cmd = [sys.executable, "-m", "clientkit.serve", "--port", str(port),
               "--kernels-per-user", "3"]
        if args.pool is not None:
            cmd += ["--kernel-pool", str(args.pool)]
        log = open(home / "server.log", "wb")
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=server_env(home), cwd=ROOT)
        wait_port(port, proc, 120)
        from clientkit.serve.pool import POOL_SIZE

        size = POOL_SIZE if args.pool is None else args.pool
        waited = wait_pool(proc, size)
        idle = mem_available_mb()
        print(f"server up, pool of {size} warm after {waited:.1f} s; "
              + memory_line("idle", snapshot(proc.pid, idle)))
        asyncio.run(classroom(f"http://127.0.0.1:{port}", names, args.chapter, proc.pid, idle))
        time.sleep(2)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    except BaseException:
        if (home / "server.log").exists():
            print("server log (end):", *(home / "server.log").read_text(errors="replace").splitlines()[-40:],
                  sep="\n")
        raise
    finally:
        stop(proc)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
