"""A burst of wrong passwords against ``clientkit serve`` while another user works (prints numbers; not a test).

``.venv/bin/python benchmarks/bench_signin.py [--guesses 200] [--concurrency 200]``. Starts a fresh
``python -m clientkit.serve`` on a free port with a temporary ``CLIENTKIT_HOME`` and two seeded
agents (real argon2 parameters). The other agent signs in first; then ``--guesses`` wrong-password
POSTs for the target account are sent, ``--concurrency`` at a time (each with a valid ``_xsrf``),
while the other agent loads a page every 0.2 s: ``/clientkit/password``, a server-side page
that verifies the session cookie and reads the user and the session from the store (no kernel).

Prints: the burst's wall time and guesses answered per second; how many were refused with 429
(throttled before any hashing), answered 401 (checked by argon2) or otherwise; the other user's
page p50/p95/max latency during the burst (and before it, for comparison); and what the right
password gets right after the burst (429 while the account is locked).

Attack test A16 (docs: /work/shared/reviews, before this change): 200 guesses, all 401 at
≈ 4 guesses/s, another user's request up to 43 s.
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_process import free_port, server_env, wait_port  # noqa: E402

TARGET, TARGET_PW = "bench_target", "target-密码-Pw1"
OTHER, OTHER_PW = "bench_other", "other-密码-Pw2"


def seed(home: Path) -> None:
    code = ("from clientkit.store import Store; s = Store.open(); "
            f"s.add_user({TARGET!r}, {TARGET_PW!r}, role='agent', team='A组', display_name='目标'); "
            f"s.add_user({OTHER!r}, {OTHER_PW!r}, role='agent', team='A组', display_name='同事'); s.close()")
    subprocess.run([sys.executable, "-c", code], check=True, env=server_env(home))


def request(port: int, method: str, path: str, body: str | None = None, cookie: str = "") -> tuple:
    """``(status, headers, body text, seconds)`` of one request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.monotonic()
    conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    took = time.monotonic() - start
    conn.close()
    return response.status, response.headers, text, took


def xsrf(port: int) -> tuple[str, str]:
    _, headers, text, _ = request(port, "GET", "/clientkit/login")
    cookie = re.search(r"_xsrf=([^;]+)", headers["Set-Cookie"]).group(1)
    return cookie, re.search(r'name="_xsrf" value="([^"]+)"', text).group(1)


def sign_in(port: int, username: str, password: str, token: tuple[str, str]) -> tuple[int, str]:
    body = urlencode({"_xsrf": token[1], "username": username, "password": password})
    status, headers, _, _ = request(port, "POST", "/clientkit/login", body, f"_xsrf={token[0]}")
    found = re.search(r"clientkit_session=[^;]+", headers.get("Set-Cookie", "") or "")
    return status, found.group(0) if found else ""


def page_loads(port: int, cookie: str, stop, out) -> None:
    """The other user, in a process of its own (so the burst's threads do not delay it)."""
    while not stop.is_set():
        sent = time.monotonic()
        status, _, _, took = request(port, "GET", "/clientkit/password", cookie=cookie)
        out.put((status, took, sent))
        time.sleep(0.2)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guesses", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="clientkit-bench-signin-"))
    port = free_port()
    seed(home)
    log = open(home / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "clientkit.serve", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=server_env(home))
    try:
        wait_port(port, proc)
        token = xsrf(port)
        status, other_cookie = sign_in(port, OTHER, OTHER_PW, token)
        assert status == 302 and other_cookie, status
        before = [request(port, "GET", "/clientkit/password", cookie=other_cookie)[3] for _ in range(10)]

        stop, queue = multiprocessing.Event(), multiprocessing.Queue()
        watcher = multiprocessing.Process(target=page_loads, args=(port, other_cookie, stop, queue))
        watcher.start()
        time.sleep(0.3)
        body = urlencode({"_xsrf": token[1], "username": TARGET, "password": "wrong-guess-1"})
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(pool.map(lambda _: request(port, "POST", "/clientkit/login", body, f"_xsrf={token[0]}")[0],
                                    range(args.guesses)))
        wall = time.monotonic() - start
        time.sleep(0.5)
        stop.set()
        watcher.join()
        loads = []
        while not queue.empty():
            loads.append(queue.get())
        right, _ = sign_in(port, TARGET, TARGET_PW, token)

        during = [took for status, took, _ in loads]
        slowest = sorted(loads, key=lambda load: -load[1])[:3]
        print(f"python {platform.python_version()}, {platform.machine()}, cores: {len(os.sched_getaffinity(0))}")
        print(f"burst: {args.guesses} wrong passwords, {args.concurrency} at a time, one client address")
        print(f"  answered in {wall:.2f} s = {args.guesses / wall:.1f} guesses/s")
        print(f"  refused 429: {results.count(429)}; checked 401: {results.count(401)}; "
              f"other: {len(results) - results.count(429) - results.count(401)}")
        print(f"other user's page before: p50 {statistics.median(before) * 1000:.0f} ms, "
              f"max {max(before) * 1000:.0f} ms")
        print(f"other user's page during ({len(during)} loads, all {set(load[0] for load in loads)}): "
              f"p50 {statistics.median(during) * 1000:.0f} ms, p95 {pct(during, 0.95) * 1000:.0f} ms, "
              f"max {max(during) * 1000:.0f} ms")
        print("  slowest: " + ", ".join(f"{took * 1000:.0f} ms sent at +{sent - start:.1f} s"
                                         for _, took, sent in slowest))
        print(f"right password right after the burst: HTTP {right}")
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
