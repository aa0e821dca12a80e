"""Browser-test harness: a real clientkit server and Debian's Chromium driven by Playwright.

- ``server``: a session fixture that seeds users through the store API in a temporary
  instance folder, starts ``python -m clientkit.serve`` on a free port with
  ``CLIENTKIT_NOTEBOOKS`` = ``fixture_notebooks/`` and yields the base URL. Readiness is the TCP
  port (never a notebook URL: each notebook GET starts a kernel, STACK-NOTES.md).
- ``browser``: Chromium at ``/usr/bin/chromium`` (``playwright install`` cannot download here).
  Missing Chromium fails when ``CI=true`` and skips otherwise.
- ``page``: a fresh context (no cookies) at 1366×768 per test; ``page.requests`` lists every
  URL the page asked for.
- helpers ``login(page, base, username, password)`` and ``screenshot(page, name)`` (PNG files
  under ``screenshots/``, gitignored, for humans to look at); ``app_context(browser, viewport)``
  (a context that accepts downloads, a phone when ``viewport`` is :data:`PHONE`) and
  ``open_page(page, base, notebook, ready_text)``.
- leak scan (issue 10): whenever a test closes a browser context, the visible text of each of its
  pages is scanned (:mod:`tests.browser.leaks`: catalog keys, ``nan``, DOMAIN.md, exception
  names, internal ids, English words outside a short allow-list); the autouse fixture
  ``no_leaks`` fails the test that showed any. ``scan_page(page)`` scans a page now.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FIXTURE_NOTEBOOKS = Path(__file__).with_name("fixture_notebooks")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
START_TIMEOUT_S = 60
READY = 60_000  # ms until a page's widgets are on screen (a cold kernel on a loaded machine)
DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# Known users seeded for every browser test: username -> (password, role, team, display name).
USERS = {
    "agent1": ("agent1-密码-Pw1", "agent", "A组", "王小明"),
    "agent2": ("agent2-密码-Pw2", "agent", "B组", "赵丽"),
    "sup1": ("sup1-密码-Pw3", "supervisor", "A组", "陈主管"),
    "trainer1": ("trainer1-密码-Pw4", "trainer", "", "周培训师"),
    # a display name a spreadsheet would evaluate: exports must escape it
    "agent3": ("agent3-密码-Pw5", "agent", "A组", "=1+2"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT_S) -> float:
    """Seconds until ``port`` accepts connections; fails with the server log if it never does."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return time.monotonic() - start
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server not listening after {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def instance_env(home: Path):
    """Point this process at ``home`` for the duration (the root conftest set its own)."""
    saved = {k: os.environ.get(k) for k in ("CLIENTKIT_HOME", "CLIENTKIT_DB_URL")}
    os.environ["CLIENTKIT_HOME"] = str(home)
    os.environ.pop("CLIENTKIT_DB_URL", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def seed_users(home: Path) -> dict:
    """Create :data:`USERS` in the instance at ``home``; returns username -> User."""
    from clientkit.store import Store

    with instance_env(home):
        store = Store.open()
        try:
            return {name: store.add_user(name, pw, role=role, team=team, display_name=label)
                    for name, (pw, role, team, label) in USERS.items()}
        finally:
            store.close()


@pytest.fixture(scope="session")
def server_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("clientkit-browser-home")


@pytest.fixture(scope="session")
def seeded_users(server_home) -> dict:
    return seed_users(server_home)


def start_server(home: Path, notebooks: Path):
    """Start ``python -m clientkit.serve`` on a free port; yields the base URL, then stops it."""
    port = free_port()
    log = home / f"server-{notebooks.name}.log"
    env = {k: v for k, v in os.environ.items()
           if k not in ("HTTP_COOKIE", "CLIENTKIT_DB_URL", "JUPYTER_PATH")}
    env.update(CLIENTKIT_HOME=str(home), CLIENTKIT_NOTEBOOKS=str(notebooks), PYTHONUNBUFFERED="1")
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "clientkit.serve", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for_port(port, proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def server(server_home, seeded_users):
    """Base URL (``http://127.0.0.1:<port>``) of a server on the fixture notebooks."""
    yield from start_server(server_home, FIXTURE_NOTEBOOKS)


@pytest.fixture(scope="session")
def app_server(server_home, seeded_users):
    """Base URL of a server on the real ``notebooks/`` (the apps users see)."""
    from clientkit.config import REPO_ROOT

    yield from start_server(server_home, REPO_ROOT / "notebooks")


_LEAKS: list[str] = []


def scan_page(page) -> list[str]:
    """Leaks in the visible text of ``page`` (also recorded for :func:`no_leaks`)."""
    from .leaks import leaks

    url = page.url
    if not url.startswith("http://127.0.0.1"):
        return []
    try:
        text = page.evaluate("() => document.body ? document.body.innerText : ''")
    except Exception:  # a page that crashed or is navigating: nothing to read
        return []
    found = [f"{url.split('?')[0]}: {leak}" for leak in leaks(text)]
    _LEAKS.extend(found)
    return found


@pytest.fixture(autouse=True)
def no_leaks():
    """Fail a browser test whose pages showed internals or English (scanned at context close)."""
    _LEAKS.clear()
    yield
    found, _LEAKS[:] = list(dict.fromkeys(_LEAKS)), []
    assert not found, "shown to a user:\n" + "\n".join(found[:30])


def _scan_before_close(close):
    def run(self, *args, **kwargs):
        for pg in list(self.pages):
            scan_page(pg)
        return close(self, *args, **kwargs)

    return run


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium fonts-wqy-microhei)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import BrowserContext, sync_playwright

    if not getattr(BrowserContext.close, "_ck_scans", False):
        BrowserContext.close = _scan_before_close(BrowserContext.close)
        BrowserContext.close._ck_scans = True
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A page in a fresh context (no cookies), 1366×768, recording every requested URL."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda request: pg.requests.append(request.url))
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


def login(page, base: str, username: str, password: str) -> None:
    """Sign in through the form (lands wherever the server redirects)."""
    page.goto(f"{base}/clientkit/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def app_context(browser, viewport=None):
    """``(context, page)``: a fresh context (1366×768 unless ``viewport``; a touch phone at
    :data:`PHONE`) that accepts downloads. The caller closes the context."""
    ctx = browser.new_context(viewport=viewport or DESK, locale="zh-CN",
                              accept_downloads=True, is_mobile=viewport == PHONE)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    return ctx, page


def open_page(page, base: str, notebook: str, ready_text: str) -> None:
    """Go to ``notebook`` and wait until ``ready_text`` shows. Only visible text counts: the
    browser tests share one instance, and an earlier test's class named "题目分析演示课" puts a
    hidden ``<option>`` holding "题目分析" on the supervisor's page."""
    page.goto(f"{base}/voila/render/{notebook}")
    page.get_by_text(ready_text).filter(visible=True).first.wait_for(timeout=READY)


def screenshot(page, name: str) -> Path:
    """Save a PNG of the page as ``screenshots/<name>.png`` and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def change_password(page, current: str, new: str) -> None:
    """Fill the 修改密码 form (where a generated, reset or demo password leads after sign-in)
    and continue to the page it was going to."""
    page.fill("#current", current)
    page.fill("#new", new)
    page.fill("#repeat", new)
    page.click("button[type=submit]")
    page.wait_for_selector("footer a")
    assert page.inner_text("h1") == "密码已修改", page.inner_text("body")
    page.click("footer a")
    page.wait_for_load_state("domcontentloaded")
