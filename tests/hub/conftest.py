"""One JupyterHub per test module: the real deploy/jupyterhub/jupyterhub_config.py with
configurable-http-proxy, SimpleLocalProcessSpawner, the idle culler at a test-sized interval,
and a fresh database on the real PostgreSQL (``CLIENTKIT_TEST_PG_URL``).

A missing prerequisite (jupyterhub, configurable-http-proxy, PostgreSQL, Chromium) skips on a
developer's machine and FAILS when ``CI=true``: these tests must not vanish from CI silently.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port

REPO = Path(__file__).resolve().parents[2]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PASSWORD = "Hub-test-2026"
# username -> (role, display name, active)
USERS = {
    "agent_a": ("agent", "甲业务员", True),
    "agent_b": ("agent", "乙业务员", True),
    "boss": ("supervisor", "丙主管", True),
    "idle_agent": ("agent", "丁业务员", True),
    "gone": ("agent", "戊业务员", False),
    "chief": ("admin", "己管理员", True),
}
CULL_IDLE_S = 45
CULL_EVERY_S = 5
START_TIMEOUT_S = 120


def missing(what: str):
    message = f"JupyterHub tests need {what}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def proxy_command() -> str | None:
    """configurable-http-proxy: on PATH, or where ./dev installs it (.venv/node_modules)."""
    local = Path(sys.prefix) / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def _libpq(url: str) -> str:
    from clientkit.store.engine import normalise_url

    return normalise_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def hub_db():
    """A fresh PostgreSQL database with the test users (dropped afterwards)."""
    admin_url = os.environ.get("CLIENTKIT_TEST_PG_URL")
    if not admin_url:
        missing("CLIENTKIT_TEST_PG_URL (a PostgreSQL server; .ci/start-postgres.sh)")
    import psycopg
    from psycopg import sql

    from clientkit.store import Store
    from clientkit.store.engine import normalise_url

    name = f"clientkit_hub_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(_libpq(admin_url), autocommit=True, connect_timeout=10)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = normalise_url(admin_url).set(database=name).render_as_string(hide_password=False)
    store = Store.open(url)
    for username, (role, display, active) in USERS.items():
        user = store.add_user(username, PASSWORD, role=role, team="一组", display_name=display)
        if not active:
            store.set_active(user.id, False)
    store.close()
    try:
        yield url
    finally:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


@pytest.fixture(scope="module")
def browser():
    """Chromium for this module only. (Not tests/browser's session fixture: Playwright's sync
    API cannot run twice at once in one thread, and that one lives until the session ends. These
    tests are therefore not marked ``browser``, so they run before tests/browser starts it.)"""
    if not Path(CHROMIUM).exists():
        missing(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Hub:
    def __init__(self, url: str, token: str, db_url: str, log: Path) -> None:
        self.url, self.token, self.db_url, self.log = url, token, db_url, log

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kwargs)

    def server_get(self, user: str, path: str) -> requests.Response:
        """GET on a user's single-user server with the test service's token (access:servers)."""
        return requests.get(f"{self.url}/user/{user}{path}", headers={"Authorization": f"token {self.token}"},
                            timeout=30)


@pytest.fixture(scope="module")
def hub_env() -> dict:
    """Extra environment for the module's hub (a test module may override this fixture)."""
    return {}


@pytest.fixture(scope="module")
def hub(hub_db, hub_env, tmp_path_factory):
    try:
        import jupyterhub  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError:
        missing("jupyterhub and jupyterhub-idle-culler (pip install -e '.[hub]')")
    proxy = proxy_command()
    if proxy is None:
        missing("configurable-http-proxy (./dev installs it with npm)")
    if not Path(CHROMIUM).exists():
        missing(f"{CHROMIUM}")
    state = tmp_path_factory.mktemp("hub")
    token = secrets.token_hex(24)
    config = state / "test_config.py"
    config.write_text(
        f"load_subconfig({str(DEPLOY_CONFIG)!r})\n"
        "c = get_config()\n"
        "c.JupyterHub.services.append({'name': 'clientkit-test', 'api_token': %r})\n"
        "c.JupyterHub.load_roles.append({'name': 'clientkit-test', 'services': ['clientkit-test'],\n"
        "    'scopes': ['admin:users', 'admin:servers', 'access:servers', 'list:users']})\n" % token,
        encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "CLIENTKIT_DB_URL": hub_db,
        "CLIENTKIT_HUB_STATE": str(state / "state"),
        "CLIENTKIT_HUB_SPAWNER": "simple",
        "CLIENTKIT_HUB_PORT": str(port),
        "CLIENTKIT_HUB_API_PORT": str(free_port()),
        "CLIENTKIT_HUB_PROXY_API_PORT": str(free_port()),
        "CLIENTKIT_HUB_PROXY_CMD": proxy,
        "CLIENTKIT_HUB_CULL_IDLE_S": str(CULL_IDLE_S),
        "CLIENTKIT_HUB_CULL_EVERY_S": str(CULL_EVERY_S),
        **hub_env,
    }
    for name in ("CLIENTKIT_HOME", "HTTP_COOKIE", "CLIENTKIT_TEST_SESSION_READY"):
        env.pop(name, None)  # the session conftest's notebook user must not leak into the servers
    log = state / "hub.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=state, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            pytest.fail(f"JupyterHub exited ({proc.returncode}):\n{log.read_text()[-4000:]}")
        try:
            if requests.get(f"{url}/hub/api", timeout=2).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"JupyterHub did not start in {START_TIMEOUT_S} s:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)
    try:
        yield Hub(url, token, hub_db, log)
    finally:
        proc.send_signal(signal.SIGTERM)  # the hub stops every server it spawned (cleanup_servers)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
