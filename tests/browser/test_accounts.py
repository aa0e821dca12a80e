"""Accounts in Chromium (issue 8 §4, issue 15): 用户管理 resets and deactivates, a one-time
password must be changed at the first sign-in, logout is a confirmed POST that revokes the
session, and five wrong passwords lock an account with a Chinese message."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .conftest import change_password, instance_env, login, screenshot

pytestmark = pytest.mark.browser


def add_user(home, username, password, role, display_name):
    from clientkit.store import Store

    with instance_env(home):
        store = Store.open()
        try:
            return store.add_user(username, password, role=role, team="A组", display_name=display_name)
        finally:
            store.close()


def row(page, username):
    return page.locator(f"#users tr[data-username='{username}']")


def test_admin_resets_a_password_the_user_changes_it_then_is_deactivated(server, server_home, browser, page):
    add_user(server_home, "acct_admin", "admin-密码-Pw1", "admin", "孙管理员")
    add_user(server_home, "acct_agent", "agent-密码-Pw1", "agent", "钱业务员")
    login(page, server, "acct_admin", "admin-密码-Pw1")
    page.goto(f"{server}/clientkit/users")
    assert page.inner_text("h1") == "用户管理"
    assert "正常" in row(page, "acct_agent").inner_text()
    row(page, "acct_agent").locator("button", has_text="重置密码").click()
    page.wait_for_selector("#one-time-password")
    one_time = page.inner_text("#one-time-password").strip()
    assert "已重置账号 acct_agent 的密码" in page.inner_text("#users-info")
    assert "待修改密码" in row(page, "acct_agent").inner_text()
    screenshot(page, "users-admin-1366x768")

    agent_context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        agent = agent_context.new_page()
        agent.set_default_timeout(30_000)
        login(agent, server, "acct_agent", one_time)
        assert urlparse(agent.url).path == "/clientkit/password"
        assert "临时密码" in agent.inner_text("#password-forced")
        screenshot(agent, "password-forced-1366x768")
        agent.goto(f"{server}/voila/render/index.ipynb")  # no page before the change
        assert urlparse(agent.url).path == "/clientkit/password"
        agent.fill("#current", one_time)
        agent.fill("#new", "12345678")
        agent.fill("#repeat", "12345678")
        agent.click("button[type=submit]")
        assert "不能只由一类字符" in agent.inner_text("#password-error")
        change_password(agent, one_time, "我的-新密码-2026")
        agent.wait_for_selector("#who")
        assert agent.inner_text("#who") == "当前用户：钱业务员（业务员）"

        page.goto(f"{server}/clientkit/users")
        row(page, "acct_agent").locator("button", has_text="停用").click()
        assert "已停用账号 acct_agent" in page.inner_text("#users-info")
        assert "已停用" in row(page, "acct_agent").inner_text()
        agent.reload()  # the open page's session ended with the deactivation
        assert urlparse(agent.url).path == "/clientkit/login"
    finally:
        agent_context.close()


def test_an_agent_cannot_open_user_admin(server, page):
    login(page, server, "agent2", "agent2-密码-Pw2")
    response = page.goto(f"{server}/clientkit/users")
    assert response.status == 403 and "无权访问" in page.inner_text("body")
    assert page.query_selector("#users") is None


def test_logout_asks_then_revokes_the_session(server, page):
    login(page, server, "trainer1", "trainer1-密码-Pw4")
    cookie = next(c for c in page.context.cookies() if c["name"] == "clientkit_session")
    page.goto(f"{server}/clientkit/logout")
    assert "确认退出登录" in page.inner_text("h1")
    screenshot(page, "logout-confirm")
    page.click("#logout-confirm")
    assert urlparse(page.url).path == "/clientkit/login"
    assert "您已退出登录" in page.inner_text("#login-info")
    page.context.add_cookies([cookie])  # a copied cookie is worthless now
    page.goto(f"{server}/voila/render/index.ipynb")
    assert urlparse(page.url).path == "/clientkit/login"
    assert page.query_selector("#who") is None


def test_five_wrong_passwords_lock_the_account_in_chinese(server, server_home, page):
    add_user(server_home, "acct_locked", "locked-密码-Pw1", "agent", "李锁定")
    for _ in range(5):
        login(page, server, "acct_locked", "wrong-guess-1")
        assert "用户名或密码错误" in page.inner_text("#login-error")
    login(page, server, "acct_locked", "locked-密码-Pw1")
    assert "登录失败次数过多" in page.inner_text("#login-error")
    assert "分钟后再试" in page.inner_text("#login-error")
    assert not [c for c in page.context.cookies() if c["name"] == "clientkit_session"]
    screenshot(page, "login-locked")


def test_an_open_redirect_through_next_stays_on_this_server(server, page):
    login(page, server, "agent1", "agent1-密码-Pw1")
    page.goto(f"{server}/clientkit/login?next=/%09/evil.example:18999/")
    assert urlparse(page.url).netloc == urlparse(server).netloc
    page.wait_for_selector("#who")


def test_a_fourth_open_page_is_refused_until_one_is_closed(server, server_home, browser):
    """Attack test A19 in Chromium: at most 3 kernels per user (the default). With three pages
    open, a fourth gets the Chinese refusal before a kernel starts; after one tab is closed,
    the fourth opens (its idle kernel is shut down)."""
    add_user(server_home, "acct_kernels", "kernels-密码-Pw1", "agent", "周多页")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        first = context.new_page()
        first.set_default_timeout(60_000)
        login(first, server, "acct_kernels", "kernels-密码-Pw1")
        first.wait_for_selector("#who")
        tabs = [first]
        for _ in range(2):
            tab = context.new_page()
            tab.set_default_timeout(60_000)
            tab.goto(f"{server}/voila/render/index.ipynb")
            tab.wait_for_selector("#who")
            tabs.append(tab)
        fourth = context.new_page()
        fourth.set_default_timeout(60_000)
        response = fourth.goto(f"{server}/voila/render/index.ipynb")
        assert response.status == 429
        assert "同时打开的页面已达上限" in fourth.inner_text("h1")
        assert fourth.query_selector("#who") is None
        screenshot(fourth, "kernel-limit")
        tabs[0].close()
        for _ in range(40):  # the closed tab's websocket goes away within a moment
            response = fourth.goto(f"{server}/voila/render/index.ipynb")
            if response.status == 200:
                break
            fourth.wait_for_timeout(250)
        fourth.wait_for_selector("#who")
        assert fourth.inner_text("#who") == "当前用户：周多页（业务员）"
        assert tabs[1].inner_text("#who") == "当前用户：周多页（业务员）"  # the open ones still work
    finally:
        context.close()
