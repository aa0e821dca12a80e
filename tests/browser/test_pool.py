"""Warm kernels and freed kernels in a real server and Chromium (issue 11).

A kernel is recognised by its id: Voila puts it in the page config (``kernelId``) and the
kernel process is started with ``kernel-<id>.json`` on its command line. The server's log says
which kernels were warmed for the pool (``clientkit: kernel <id> warm``).
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
HOME = "/voila/render/index.ipynb"


def kernel_alive(kid: str) -> bool:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"kernel-{kid}.json".encode() in (entry / "cmdline").read_bytes():
                    return True
            except OSError:
                continue
    return False


def open_home(browser, base, username):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    login(page, base, username, USERS[username][0])
    page.wait_for_selector("#who")
    kid = KERNEL_ID.search(page.content()).group(1)
    return context, page, kid


def warmed(server_home: Path) -> set[str]:
    log = (server_home / "server-fixture_notebooks.log").read_text(errors="replace")
    return set(re.findall(r"clientkit: kernel ([0-9a-f-]{36}) warm", log))


def wait_for_pool(server_home: Path, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len({k for k in warmed(server_home) if kernel_alive(k)}) < n:
        assert time.monotonic() < deadline, "the server did not warm its pool"
        time.sleep(0.5)


def websocket_answer(page, base, kid) -> str:
    """What this page's browser gets when it opens kernel ``kid``'s websocket."""
    ws = base.replace("http", "ws", 1) + f"/api/kernels/{kid}/channels"
    return page.evaluate("""url => new Promise(done => {
        const ws = new WebSocket(url);
        ws.onopen = () => { ws.close(); done('open'); };
        ws.onerror = () => done('refused');
    })""", ws)


def test_pooled_kernels_show_each_agent_their_own_name_and_refuse_the_other(server, server_home, browser):
    wait_for_pool(server_home, 2)
    a_ctx, a_page, a_kid = open_home(browser, server, "agent1")
    b_ctx, b_page, b_kid = open_home(browser, server, "agent2")
    try:
        assert a_kid != b_kid
        assert {a_kid, b_kid} <= warmed(server_home)  # both came warm from the pool
        assert a_page.inner_text("#who") == "当前用户：王小明（业务员）"
        assert b_page.inner_text("#who") == "当前用户：赵丽（业务员）"
        screenshot(a_page, "pool-agent1-home-1366x768")
        assert websocket_answer(b_page, server, a_kid) == "refused"
        assert websocket_answer(a_page, server, b_kid) == "refused"
        assert websocket_answer(a_page, server, a_kid) == "open"
    finally:
        a_ctx.close()
        b_ctx.close()


def test_a_closed_tab_frees_its_kernel_within_a_minute(server, browser):
    context, page, kid = open_home(browser, server, "agent1")
    try:
        assert kernel_alive(kid)
        page.close()  # no beforeunload, no beacon: the server sees the websocket go
        deadline = time.monotonic() + 60
        while kernel_alive(kid) and time.monotonic() < deadline:
            time.sleep(1)
        assert not kernel_alive(kid)

        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(server + HOME)
        page.wait_for_selector("#who")
        kid = KERNEL_ID.search(page.content()).group(1)
        page.close(run_before_unload=True)  # the page's beacon: freed at once
        deadline = time.monotonic() + 15
        while kernel_alive(kid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not kernel_alive(kid)
    finally:
        context.close()
