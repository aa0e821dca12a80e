"""Sign-in, role gate, forged cookies, no CDN and Chinese texts, in a real server and Chromium."""
from __future__ import annotations

import base64
import json
from urllib.parse import urlparse

import pytest

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def sign_in(page, base, username):
    login(page, base, username, USERS[username][0])


def session_cookie(page):
    return next(c for c in page.context.cookies() if c["name"] == "clientkit_session")


def test_root_without_session_shows_the_chinese_login(server, page, browser):
    page.goto(f"{server}/")
    assert urlparse(page.url).path == "/clientkit/login"
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert "客户档案管理" in page.inner_text("h1")
    assert page.inner_text("label[for=username]") == "用户名"
    assert page.inner_text("button[type=submit]") == "登录"
    screenshot(page, "login-1366x768")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        small = phone.new_page()
        small.goto(f"{server}/")
        assert small.inner_text("button[type=submit]") == "登录"
        screenshot(small, "login-390x844")
    finally:
        phone.close()


def test_wrong_password_stays_on_login_with_a_chinese_error(server, page):
    login(page, server, "agent1", "not-the-password")
    assert urlparse(page.url).path == "/clientkit/login"
    assert "用户名或密码错误" in page.inner_text("#login-error")
    assert page.input_value("#username") == "agent1"
    assert not [c for c in page.context.cookies() if c["name"] == "clientkit_session"]


def test_agent_lands_on_home_and_sees_their_name(server, page, browser):
    page.goto(f"{server}/")
    page.fill("#username", "agent1")
    page.fill("#password", USERS["agent1"][0])
    page.click("button[type=submit]")
    page.wait_for_selector("#who")
    assert urlparse(page.url).path == "/voila/render/index.ipynb"
    assert page.inner_text("#who") == "当前用户：王小明（业务员）"
    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    screenshot(page, "home-agent-1366x768")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        small = phone.new_page()
        sign_in(small, server, "agent1")
        small.wait_for_selector("#who")
        screenshot(small, "home-agent-390x844")
    finally:
        phone.close()


def test_agent_is_refused_on_the_supervisor_page(server, page):
    sign_in(page, server, "agent2")
    response = page.goto(f"{server}/voila/render/review.ipynb")
    assert response.status == 403
    text = page.inner_text("body")
    assert "无权访问" in text and "赵丽" in text and "业务员" in text and "主管" in text
    # Refused before any kernel: no kernel id in the page and nothing rendered.
    assert "kernelId" not in page.content()
    assert page.query_selector("#who") is None
    screenshot(page, "review-refused-agent")


def test_supervisor_opens_the_supervisor_page(server, page):
    sign_in(page, server, "sup1")
    page.goto(f"{server}/voila/render/review.ipynb")
    page.wait_for_selector("#who")
    assert page.inner_text("#who") == "当前用户：陈主管（主管）"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_edited_or_invented_cookies_are_refused(server, page, seeded_users):
    sign_in(page, server, "agent1")
    cookie = session_cookie(page)
    payload, signature = cookie["value"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["role"] == "agent"
    claims.update(role="supervisor", uid=seeded_users["sup1"].id)
    edited = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    for value in (f"{edited}.{signature}", f"{edited}.{_b64(b'x' * 32)}", "admin"):
        page.context.clear_cookies()
        page.context.add_cookies([{**cookie, "value": value}])
        page.goto(f"{server}/voila/render/review.ipynb")
        assert urlparse(page.url).path == "/clientkit/login", value
        assert page.query_selector("#who") is None


def test_a_page_load_asks_nothing_of_other_hosts(server, page):
    sign_in(page, server, "agent1")
    page.wait_for_selector("#who")
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).hostname for url in page.requests if url.startswith("http")}
    assert hosts <= LOCAL_HOSTS, hosts
    assert len(page.requests) > 20  # the widget page really loaded its assets from us


def test_loading_texts_are_chinese(server, page):
    sign_in(page, server, "agent1")
    page.wait_for_selector("#who")
    assert page.get_attribute("html", "lang") == "zh-CN"
    raw = page.context.request.get(f"{server}/voila/render/index.ipynb").text()
    assert "正在加载…" in raw
    assert "Running" not in raw and "Executing" not in raw and "cdn.jsdelivr" not in raw
    # The served update_loading_text() writes the per-cell text in Chinese.
    text = page.evaluate("""() => {
        const h = document.createElement('h2'); h.id = 'loading_text'; document.body.append(h);
        window.update_loading_text(2, 5);
        return h.textContent; }""")
    assert text == "正在运行第 2 个单元格，共 5 个"
