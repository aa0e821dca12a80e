"""N agents at one moment: JupyterHub beside ``clientkit serve`` (issue 12; prints numbers, not a test).

``.venv/bin/python benchmarks/bench_hub.py N`` (needs ``CLIENTKIT_TEST_PG_URL``, e.g. from
``eval "$(bash .ci/start-postgres.sh)"``, configurable-http-proxy from ``./dev test``/``./dev hub``,
and /usr/bin/chromium). N = 10 is what a shared 2-core machine takes; run 50, 100 or more only on a
quiet machine with ≈ 0.5 GB of memory per agent for the hub part and ≈ 0.2 GB for ``serve``, plus
the Chromium tabs (≈ 0.1–0.2 GB each; put the browser on another machine for large N). One run does, on a fresh PostgreSQL database with N agents:

1. **hub**: ``deploy/jupyterhub/jupyterhub_config.py`` (SimpleLocalProcessSpawner, proxy, culler);
   N Chromium contexts click 登录 on the hub's sign-in page at the same moment, with
   ``next`` = chapter 1; each waits until the 学习 tab's 查看样例 is visible in its own server;
2. **serve**: one ``clientkit serve`` on the same store; the same N sign in at once, the same wait.

``bench_hub.py N hub`` or ``N serve`` runs one half only. A user whose chapter is not usable
``USABLE_S`` after the click counts as failed: the line says ``usable k/N``, and a screenshot of
what they saw goes to ``screenshots/bench-hub-stuck-<user>.png``.

For each: p50 / p95 / max seconds from the click to usable (of the usable ones), servers and kernels alive afterwards,
and the total RSS of the process tree (hub + proxy + culler + servers + kernels, or server +
kernels). All traffic stays on 127.0.0.1.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402
from tests.hub.conftest import DEPLOY_CONFIG, _libpq, proxy_command  # noqa: E402

CHAPTER = "voila/render/ch01_basic.ipynb"
PASSWORD = "Bench-hub-2026"
TIMEOUT_S = 600
USABLE_S = 300  # click → usable; a user still waiting then counts as failed (and is screenshotted)
SHOTS = REPO / "screenshots"


def make_db(n: int) -> tuple[str, callable]:
    import psycopg
    from psycopg import sql

    from clientkit.store import Store
    from clientkit.store.engine import normalise_url

    admin_url = os.environ.get("CLIENTKIT_TEST_PG_URL") or sys.exit("CLIENTKIT_TEST_PG_URL is not set")
    name = f"clientkit_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(_libpq(admin_url), autocommit=True)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = normalise_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with Store.open(url) as store:
        for i in range(n):
            store.add_user(f"agent{i:03d}", PASSWORD, role="agent", team="测速", display_name=f"测速{i:03d}")

    def drop():
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()
    return url, drop


def tree_rss_mb(pid: int) -> tuple[float, int]:
    """Total RSS of ``pid`` and its descendants (MB), and how many ipykernel processes are among them."""
    root = psutil.Process(pid)
    procs = [root, *root.children(recursive=True)]
    rss, kernels = 0, 0
    for proc in procs:
        try:
            rss += proc.memory_info().rss
            kernels += any("ipykernel" in part for part in proc.cmdline())
        except psutil.Error:
            pass
    return rss / 2 ** 20, kernels


def wait_http(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"{url}: the server exited ({proc.returncode})")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit(f"{url} did not answer")


async def one_user(browser, login_url: str, fields: tuple[str, str, str], username: str, start: asyncio.Event):
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_S * 1000)
        await page.goto(login_url)
        user_field, password_field, submit = fields
        await page.fill(user_field, username)
        await page.fill(password_field, PASSWORD)
        await start.wait()
        t0 = time.monotonic()
        await page.click(submit)
        try:
            await page.get_by_role("button", name="查看样例").first.wait_for(state="visible",
                                                                         timeout=USABLE_S * 1000)
        except Exception:  # not usable in time: keep what the user saw, count it as failed
            shot = SHOTS / f"bench-hub-stuck-{username}.png"
            shot.parent.mkdir(exist_ok=True)
            await page.screenshot(path=str(shot))
            text = " ".join((await page.inner_text("body")).split())[:200]
            print(f"  {username}: not usable after {USABLE_S} s at {page.url} — {text} ({shot})", flush=True)
            return None
        return time.monotonic() - t0
    finally:
        await context.close()


async def storm(n: int, login_url: str, fields) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        start = asyncio.Event()
        tasks = [asyncio.create_task(one_user(browser, login_url, fields, f"agent{i:03d}", start)) for i in range(n)]
        await asyncio.sleep(5 + n)  # every form open and filled
        start.set()
        times = await asyncio.gather(*tasks)
        await browser.close()
    return times


def summary(label: str, times: list[float | None], servers: int, kernels: int, rss: float) -> str:
    usable = sorted(t for t in times if t is not None)
    if not usable:
        return f"{label:6s} no user's page became usable in {USABLE_S} s"
    p95 = usable[min(len(usable) - 1, round(0.95 * (len(usable) - 1)))]
    return (f"{label:6s} usable {len(usable)}/{len(times)}  p50 {statistics.median(usable):6.1f} s  "
            f"p95 {p95:6.1f} s  max {usable[-1]:6.1f} s  "
            f"servers {servers:3d}  kernels {kernels:3d}  RSS {rss:7.0f} MB  "
            f"(load afterwards {os.getloadavg()[0]:.1f})")


def run_hub(n: int, db_url: str, state: Path) -> str:
    token = secrets.token_hex(24)
    config = state / "bench_config.py"
    config.write_text(
        f"load_subconfig({str(DEPLOY_CONFIG)!r})\nc = get_config()\n"
        f"c.JupyterHub.services.append({{'name': 'bench', 'api_token': {token!r}}})\n"
        "c.JupyterHub.load_roles.append({'name': 'bench', 'services': ['bench'], "
        "'scopes': ['list:users', 'read:servers', 'access:servers']})\n"
        "c.JupyterHub.concurrent_spawn_limit = 200\n"
        # N servers start at once on a small machine: give each the benchmark's patience, not 120 s
        f"c.Spawner.start_timeout = {TIMEOUT_S}\nc.Spawner.http_timeout = {TIMEOUT_S}\n", encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("HTTP_COOKIE", "CLIENTKIT_HOME")}
    env.update(CLIENTKIT_DB_URL=db_url, CLIENTKIT_HUB_STATE=str(state / "hub"), CLIENTKIT_HUB_SPAWNER="simple",
               CLIENTKIT_HUB_PORT=str(port), CLIENTKIT_HUB_API_PORT=str(free_port()),
               CLIENTKIT_HUB_PROXY_API_PORT=str(free_port()), CLIENTKIT_HUB_PROXY_CMD=proxy_command() or "")
    log = open(state / "hub.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=state, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/hub/api", proc)
        login = f"{base}/hub/login?next=/hub/user-redirect/{CHAPTER}"
        times = asyncio.run(storm(n, login, ("#username_input", "#password_input", "#login_submit")))
        time.sleep(2)
        headers = {"Authorization": f"token {token}"}
        users = requests.get(f"{base}/hub/api/users", headers=headers, timeout=30).json()
        servers = sum(1 for u in users if u.get("servers"))
        kernels = sum(len(requests.get(f"{base}/user/{u['name']}/api/kernels", headers=headers, timeout=30).json())
                      for u in users if u.get("servers"))
        rss, _ = tree_rss_mb(proc.pid)
        return summary("hub", times, servers, kernels, rss)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_serve(n: int, db_url: str, state: Path) -> str:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("HTTP_COOKIE", "JUPYTER_PATH", "CLIENTKIT_IDENTITY")}
    env.update(CLIENTKIT_DB_URL=db_url, CLIENTKIT_HOME=str(state / "serve"), PYTHONUNBUFFERED="1")
    log = open(state / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "clientkit.serve", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/clientkit/login", proc)
        login = f"{base}/clientkit/login?next=/{CHAPTER}"
        times = asyncio.run(storm(n, login, ("#username", "#password", "button[type=submit]")))
        time.sleep(2)
        rss, kernels = tree_rss_mb(proc.pid)
        return summary("serve", times, 1, kernels, rss)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    which = sys.argv[2] if len(sys.argv) > 2 else "both"  # "hub" or "serve": one half only
    print(f"{n} agents at one moment; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)
    db_url, drop = make_db(n)
    try:
        with tempfile.TemporaryDirectory(prefix="clientkit-bench-hub-") as tmp:
            state = Path(tmp)
            if which in ("both", "hub"):
                print(run_hub(n, db_url, state), flush=True)
            if which in ("both", "serve"):
                print(run_serve(n, db_url, state), flush=True)
    finally:
        drop()


if __name__ == "__main__":
    main()
