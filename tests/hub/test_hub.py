"""clientkit on JupyterHub, end to end (issue 12): sign-in against the store through the hub in
Chromium, one server per user, 自测 attempts in the shared PostgreSQL, the supervisor's 主管看板,
servers and kernels private to their owner, deactivated users refused, idle servers culled.

One hub for the module (conftest.py); the tests run in file order and share its users.
"""
from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa

from tests.browser.conftest import screenshot
from tests.hub.conftest import CULL_EVERY_S, CULL_IDLE_S, PASSWORD, USERS

# Chromium drives these, but they are not marked ``browser`` (see conftest.browser): they must run
# before tests/browser's session-wide Playwright starts.
pytestmark = [pytest.mark.postgres, pytest.mark.slow]
READY = 120_000
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _context(browser, viewport=LAPTOP):
    ctx = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport == PHONE)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    return ctx, page


def hub_login(page, hub, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", username)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_load_state("domcontentloaded")


def _home(page, hub, username):
    hub_login(page, hub, username)
    page.wait_for_url(f"**/user/{username}/voila/render/index.ipynb**", timeout=READY)
    page.get_by_text("各章掌握程度").first.wait_for(timeout=READY)


def _submit_chapter1_assessment(page, hub, username):
    page.goto(f"{hub.url}/user/{username}/voila/render/ch01_basic.ipynb")
    page.get_by_text("查看样例").first.wait_for(timeout=READY)
    page.get_by_role("tab", name="自测").click()
    page.get_by_role("button", name="开始自测").click()
    page.locator(".ck-item .widget-radio-box input[type=radio]").first.check()
    page.get_by_role("button", name="提交答卷").click()
    page.get_by_role("button", name="仍要提交").click()
    page.get_by_text("自测已提交并记录").first.wait_for(timeout=READY)


def _attempts(hub) -> dict[str, list[str]]:
    engine = sa.create_engine(hub.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT u.username, a.exercise_id FROM attempts a JOIN users u ON u.id = a.user_id "
                "WHERE a.mode = 'assessment' ORDER BY u.username")).all()
    finally:
        engine.dispose()
    found: dict[str, list[str]] = {}
    for username, exercise in rows:
        found.setdefault(username, []).append(exercise)
    return found


def test_an_idle_server_is_started_for_the_culler(hub):
    """Start idle_agent's server now (through the hub's API, no browser): the last test checks
    that the culler stopped it after CULL_IDLE_S without activity."""
    assert hub.api("POST", "/users/idle_agent").status_code in (201, 409)
    assert hub.api("POST", "/users/idle_agent/server").status_code in (201, 202)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        model = hub.api("GET", "/users/idle_agent").json()
        if model["servers"].get("", {}).get("ready"):
            break
        time.sleep(1)
    else:
        pytest.fail("idle_agent's server did not start")
    hub.idle_started = time.monotonic()


def test_deactivated_user_is_refused_at_the_hub(hub, browser):
    ctx, page = _context(browser)
    try:
        hub_login(page, hub, "gone")
        assert "/hub/login" in page.url
        assert page.locator(".login_error").inner_text() == "用户名或密码不正确，或账号已停用。"
        screenshot(page, "hub-login-refused-1366x768")
        page.set_viewport_size(PHONE)
        screenshot(page, "hub-login-refused-390x844")
        assert hub.api("GET", "/users/gone").status_code == 404  # never became a hub user
        hub_login(page, hub, "agent_a", "Wrong-pass-1")
        assert "/hub/login" in page.url and page.locator(".login_error").count() == 1
    finally:
        ctx.close()


def test_an_initial_password_is_changed_on_the_users_server_first(hub, browser):
    from clientkit.store import Store

    with Store.open(hub.db_url) as store:
        store.add_user("xin_agent", PASSWORD, role="agent", must_change_password=True)
    ctx, page = _context(browser)
    try:
        hub_login(page, hub, "xin_agent")
        page.wait_for_url("**/user/xin_agent/clientkit/password", timeout=READY)
        body = page.inner_text("body")
        assert "临时密码" in body and not re.search(r"[A-Za-z]{3,}", body), body
        screenshot(page, "hub-initial-password-1366x768")
        page.set_viewport_size(PHONE)
        screenshot(page, "hub-initial-password-390x844")
        page.set_viewport_size(LAPTOP)  # the phone header folds its links into a menu
        page.goto(f"{hub.url}/user/xin_agent/voila/render/ch01_basic.ipynb")  # every page: first this
        assert page.url.endswith("/user/xin_agent/clientkit/password")
        page.fill("#current", PASSWORD)
        page.fill("#new", "Own-choice-2026")
        page.fill("#repeat", "Own-choice-2026")
        page.click("button[type=submit]")
        page.wait_for_url("**/user/xin_agent/voila/render/index.ipynb", timeout=READY)
        page.get_by_text("各章掌握程度").first.wait_for(timeout=READY)
        with Store.open(hub.db_url) as store:
            assert not store.find_user("xin_agent").must_change_password
        page.get_by_role("link", name="修改密码").first.click()  # later changes: from the header
        page.wait_for_url("**/user/xin_agent/clientkit/password")
        assert page.locator("#password-forced").count() == 0
        screenshot(page, "hub-password-later-1366x768")
        page.get_by_role("link", name="返回首页").click()
        page.get_by_text("各章掌握程度").first.wait_for(timeout=READY)
    finally:
        ctx.close()
    hub.api("DELETE", "/users/xin_agent/server")  # one server fewer for the tests that follow


def test_two_agents_and_a_supervisor_through_the_hub(hub, browser):
    a_ctx, a = _context(browser)
    b_ctx, b = _context(browser, PHONE)
    s_ctx, s = _context(browser)
    try:
        _home(a, hub, "agent_a")
        _home(b, hub, "agent_b")
        assert "甲业务员" in a.inner_text("header, body") and "乙业务员" not in a.inner_text("body")
        assert "乙业务员" in b.inner_text("body")
        screenshot(a, "hub-home-1366x768")
        screenshot(b, "hub-home-390x844")
        servers = {name: hub.api("GET", f"/users/{name}").json()["servers"][""]["url"] for name in ("agent_a", "agent_b")}
        assert servers == {"agent_a": "/user/agent_a/", "agent_b": "/user/agent_b/"}

        # agent A cannot open agent B's server, nor reach B's kernel
        response = a.goto(f"{hub.url}/user/agent_b/voila/render/index.ipynb")
        assert response.status == 403 or "/user/agent_b/" not in a.url
        assert "乙业务员" not in a.inner_text("body") and "各章掌握程度" not in a.inner_text("body")
        kernels = hub.server_get("agent_b", "/api/kernels")
        assert kernels.status_code == 200 and kernels.json(), kernels.text  # B's page holds a kernel
        kernel_id = kernels.json()[0]["id"]
        for path in ("/api/kernels", f"/api/kernels/{kernel_id}"):
            answer = a.request.get(f"{hub.url}/user/agent_b{path}", max_redirects=0)
            assert answer.status in (302, 403), (path, answer.status)
        # (refused before the owner check too: A's page holds no _xsrf token of B's server)
        answer = a.request.delete(f"{hub.url}/user/agent_b/api/kernels/{kernel_id}", max_redirects=0)
        assert answer.status in (302, 403)
        assert any(k["id"] == kernel_id for k in hub.server_get("agent_b", "/api/kernels").json())

        # 档案体检's upload goes to the owner's own server (/user/<name>/clientkit/upload)
        xsrf = next(c["value"] for c in a_ctx.cookies() if c["name"] == "_xsrf" and "agent_a" in c["path"])
        upload = {"X-XSRFToken": xsrf, "X-File-Name": "clients.csv", "Content-Type": "application/octet-stream"}
        answer = a.request.post(f"{hub.url}/user/agent_a/clientkit/upload", headers=upload, data=b"a,b\n1,2\n")
        assert answer.status == 200 and len(answer.json()["id"]) == 32, answer.text()
        answer = a.request.post(f"{hub.url}/user/agent_b/clientkit/upload", headers=upload, data=b"a,b\n",
                                max_redirects=0)
        assert answer.status in (302, 403), answer.status

        # the hub's own home page, in Chinese
        a.goto(f"{hub.url}/hub/home")
        a.get_by_text("进入我的学习空间").wait_for()
        assert not re.search(r"[A-Za-z]{3,}", a.inner_text("body").replace("agent_a", "")), a.inner_text("body")
        screenshot(a, "hub-hubhome-1366x768")
        a.set_viewport_size(PHONE)
        screenshot(a, "hub-hubhome-390x844")
        a.set_viewport_size(LAPTOP)

        _submit_chapter1_assessment(a, hub, "agent_a")
        _submit_chapter1_assessment(b, hub, "agent_b")
        screenshot(a, "hub-assessment-1366x768")
        screenshot(b, "hub-assessment-390x844")
        assert _attempts(hub) == {"agent_a": ["assessment:ch01"], "agent_b": ["assessment:ch01"]}

        _home(s, hub, "boss")
        s.goto(f"{hub.url}/user/boss/voila/render/dashboard.ipynb")
        s.get_by_text("各章掌握程度（业务员 × 章节）").first.wait_for(timeout=READY)
        s.locator(".ck-app svg text").first.wait_for(timeout=READY)
        text = s.evaluate("document.body.textContent")
        assert "甲业务员" in text and "乙业务员" in text
        screenshot(s, "hub-dashboard-1366x768")
        s.set_viewport_size(PHONE)
        screenshot(s, "hub-dashboard-390x844")

        # an agent is refused on the supervisor's page in their own server
        a.goto(f"{hub.url}/user/agent_a/voila/render/dashboard.ipynb")
        assert "无权访问" in a.inner_text("body")
    finally:
        for ctx in (a_ctx, b_ctx, s_ctx):
            ctx.close()


def test_the_idle_culler_stops_an_idle_server(hub):
    started = getattr(hub, "idle_started", None)
    assert started is not None, "the idle server was not started"
    deadline = started + CULL_IDLE_S + 6 * CULL_EVERY_S + 60
    while hub.api("GET", "/users/idle_agent").json()["servers"]:
        if time.monotonic() > deadline:
            pytest.fail("the idle culler did not stop idle_agent's server")
        time.sleep(2)
    log = hub.log.read_text(errors="replace")
    assert re.search(r"Culling server idle_agent", log)
    # the agents' servers were in use the whole time: none of them was culled under them
    assert not re.search(r"Culling server (agent_a|agent_b|boss)\b", log)
