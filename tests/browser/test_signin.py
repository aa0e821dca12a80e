"""Sign-in, role gate, forged cookies, no CDN and Chinese texts, in a real server and Chromium."""
from __future__ import annotations

import base64
import json
import re
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
    assert text == "正在准备页面（第 2 步，共 5 步）…"  # no notebook jargon (issue 10)


# --- the kernel websocket belongs to the agent whose page started the kernel ---

KERNEL_INFO_JS = """(url) => new Promise(resolve => {
    const ws = new WebSocket(url);
    const msgId = 'probe-' + Math.random().toString(16).slice(2);
    let opened = false;
    ws.onopen = () => {
        opened = true;
        ws.send(JSON.stringify({header: {msg_id: msgId, msg_type: 'kernel_info_request',
            username: '', session: 'probe', version: '5.3', date: ''},
            parent_header: {}, metadata: {}, content: {}, channel: 'shell'}));
    };
    ws.onmessage = (ev) => {
        const msg = JSON.parse(ev.data);
        if (msg.channel === 'shell' && msg.parent_header && msg.parent_header.msg_id === msgId) {
            ws.close();
            resolve({opened, reply: msg.msg_type});
        }
    };
    ws.onclose = () => resolve({opened, reply: null});
    setTimeout(() => resolve({opened, reply: 'timeout'}), 20000);
})"""


def kernel_id_of(page) -> str:
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content())
    assert match, "no kernel id in the page"
    return match.group(1)


def kernel_probe(page, base, kernel_id):
    """Open a raw websocket to ``kernel_id`` from ``page`` (its cookies) and ask kernel_info."""
    url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
    return page.evaluate(KERNEL_INFO_JS, url)


def handshake_status(base, kernel_id, cookie_value=None):
    """HTTP status of a websocket upgrade sent without a browser (101 = connected)."""
    import websocket  # websocket-client, a jupyter_server dependency

    url = base.replace("http://", "ws://") + f"/api/kernels/{kernel_id}/channels"
    header = [f"Cookie: clientkit_session={cookie_value}"] if cookie_value else []
    try:
        websocket.create_connection(url, header=header, timeout=10).close()
        return 101
    except websocket.WebSocketBadStatusException as err:
        return err.status_code


def test_kernel_websocket_answers_only_the_agent_who_opened_the_page(server, page, browser):
    sign_in(page, server, "agent1")
    page.wait_for_selector("#who")  # the widget came over the page's own kernel websocket
    kernel_id = kernel_id_of(page)
    owner = session_cookie(page)
    assert kernel_probe(page, server, kernel_id) == {"opened": True, "reply": "kernel_info_reply"}

    others = browser.new_context(locale="zh-CN")
    try:
        intruder = others.new_page()
        sign_in(intruder, server, "agent2")
        intruder.wait_for_selector("#who")
        own_kernel = kernel_id_of(intruder)
        assert own_kernel != kernel_id
        # agent2's valid cookie opens agent2's kernel but not agent1's
        assert kernel_probe(intruder, server, own_kernel)["reply"] == "kernel_info_reply"
        assert kernel_probe(intruder, server, kernel_id) == {"opened": False, "reply": None}
        agent2_cookie = session_cookie(intruder)["value"]
        # agent2 cannot stop agent1's kernel either (valid _xsrf, so the refusal is the owner check)
        xsrf = {"X-XSRFToken": next(c["value"] for c in others.cookies() if c["name"] == "_xsrf")}
        kernel_url = f"{server}/api/kernels/{kernel_id}"
        assert others.request.delete(kernel_url, headers=xsrf).status == 403
        # no cookie, then an agent1 cookie with agent2's signature
        others.clear_cookies()
        assert kernel_probe(intruder, server, kernel_id) == {"opened": False, "reply": None}
        payload = owner["value"].split(".")[0]
        forged = f"{payload}.{agent2_cookie.split('.')[1]}"
        others.add_cookies([{**owner, "value": forged}])
        assert kernel_probe(intruder, server, kernel_id) == {"opened": False, "reply": None}
    finally:
        others.close()

    # the same refusals seen as HTTP statuses, and no hint whether a kernel exists
    assert handshake_status(server, kernel_id, owner["value"]) == 101
    assert handshake_status(server, kernel_id, agent2_cookie) == 403
    assert handshake_status(server, kernel_id) == 403
    assert handshake_status(server, kernel_id, forged) == 403
    assert handshake_status(server, "00000000-0000-4000-8000-000000000000", agent2_cookie) == 403
    # agent1's page still works after all that; agent1 may stop their own kernel
    assert kernel_probe(page, server, kernel_id)["reply"] == "kernel_info_reply"
    assert page.inner_text("#who") == "当前用户：王小明（业务员）"
    xsrf = {"X-XSRFToken": next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")}
    assert page.context.request.delete(kernel_url, headers=xsrf).status == 204
    assert handshake_status(server, kernel_id, owner["value"]) == 403
