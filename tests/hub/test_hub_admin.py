"""用户管理 and the hub's own pages through a real JupyterHub (issue 12): a clientkit admin manages
accounts on their own single-user server (roster import, deactivation), the created agent signs in
at the hub with the one-time password and must change it, the deactivated agent is refused at the
hub; an agent is refused on 用户管理 and every hub page an agent or admin reaches is Chinese.

Its own hub (conftest.py), with CLIENTKIT_HUB_ADMINS_FROM_STORE=1 so the clientkit admin is also a
hub admin and sees /hub/admin. Tests run in file order and share the hub's users.
"""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import screenshot
from tests.browser.leaks import leaks
from tests.hub.test_hub import LAPTOP, PHONE, READY, _context, _home, hub_login

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
REFUSED = "用户名或密码不正确，或账号已停用。"


@pytest.fixture(scope="module")
def hub_env() -> dict:
    return {"CLIENTKIT_HUB_ADMINS_FROM_STORE": "1"}


def _visible(page, *names: str) -> str:
    """The page's visible text with the user names in it (a user's own words) taken out."""
    text = page.inner_text("body")
    for name in names:
        text = text.replace(name, "")
    return text


def test_an_admin_manages_users_on_their_own_server(hub, browser, tmp_path):
    ctx, page = _context(browser)
    try:
        _home(page, hub, "chief")
        page.get_by_role("link", name="用户管理").first.click()
        page.wait_for_url("**/user/chief/clientkit/users")
        assert page.inner_text("h1") == "用户管理" and "乙业务员" in page.inner_text("#users")
        assert leaks(_visible(page, "agent_a", "agent_b", "idle_agent", "gone", "boss", "chief")) == []
        screenshot(page, "hub-users-1366x768")
        page.set_viewport_size(PHONE)
        screenshot(page, "hub-users-390x844")
        page.set_viewport_size(LAPTOP)

        roster = tmp_path / "新人名单.csv"
        roster.write_text("工号,姓名,团队,角色\nxin01,庚新人,二组,\n,缺工号,二组,\n", encoding="utf-8")
        page.set_input_files("#roster-file", str(roster))
        page.click("#roster-import")
        page.wait_for_selector("#roster-summary")
        assert page.inner_text("#roster-summary") == "已创建 1 个账号；1 行有错误未导入。"
        with page.expect_download() as download:
            page.click("#roster-passwords")
        sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
        rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
        assert [r[0] for r in rows] == ["xin01"]
        one_time = rows[0][4]

        page.locator('#users tr[data-username="agent_b"] button.danger').click()
        page.wait_for_selector("#users-info")
        assert page.inner_text("#users-info").startswith("已停用账号 agent_b")
        assert page.inner_text('#users tr[data-username="agent_b"] .state').startswith("已停用")
        screenshot(page, "hub-users-deactivated-1366x768")

        # the hub's admin page, in Chinese: agents' servers and a way back to 用户管理
        page.goto(f"{hub.url}/hub/admin")
        page.wait_for_selector('#ck-servers tr[data-username="chief"]')
        assert page.inner_text('#ck-servers tr[data-username="chief"] .state') == "运行中"
        assert "管理员" in page.inner_text('#ck-servers tr[data-username="chief"]')
        assert leaks(_visible(page, "agent_a", "agent_b", "idle_agent", "boss", "chief", "xin01")) == []
        screenshot(page, "hub-admin-1366x768")
        page.set_viewport_size(PHONE)
        screenshot(page, "hub-admin-390x844")
        page.set_viewport_size(LAPTOP)
        page.click("#ck-user-admin")
        page.wait_for_url("**/user/chief/clientkit/users")
    finally:
        ctx.close()

    ctx, page = _context(browser)
    try:  # the created agent signs in at the hub and must choose a password first
        hub_login(page, hub, "xin01", one_time)
        page.wait_for_url("**/user/xin01/clientkit/password", timeout=READY)
        assert page.locator("#password-forced").count() == 1
        page.fill("#current", one_time)
        page.fill("#new", "Xin-own-2026")
        page.fill("#repeat", "Xin-own-2026")
        page.click("button[type=submit]")
        page.wait_for_url("**/user/xin01/voila/render/index.ipynb", timeout=READY)
        page.get_by_text("各章掌握程度").first.wait_for(timeout=READY)
        assert "庚新人" in page.inner_text("body")
        assert page.get_by_role("link", name="用户管理").count() == 0  # an agent has no such link
    finally:
        ctx.close()

    ctx, page = _context(browser)
    try:  # the deactivated agent is refused at the hub
        hub_login(page, hub, "agent_b")
        assert "/hub/login" in page.url
        assert page.locator(".login_error").inner_text() == REFUSED
    finally:
        ctx.close()


def test_an_agent_is_refused_on_user_admin_and_meets_only_chinese_hub_pages(hub, browser):
    ctx, page = _context(browser)
    try:
        _home(page, hub, "agent_a")
        response = page.goto(f"{hub.url}/user/agent_a/clientkit/users")
        assert response.status == 403 and "无权访问" in page.inner_text("body")
        assert "己管理员" not in page.inner_text("body")
        assert page.get_by_role("link", name="返回首页").count() == 1
        # every hub page an agent can reach, typed into the address bar or not
        for path, status in (("/hub/home", 200), ("/hub/token", 200), ("/hub/admin", 403),
                             ("/hub/no-such-page", 404), ("/hub/accept-share?code=nothing", 404),
                             ("/hub/spawn/agent_b", 404), ("/user/agent_a/clientkit/users", 403)):
            response = page.goto(f"{hub.url}{path}")
            page.wait_for_load_state("load")
            assert response.status == status, (path, response.status)
            found = leaks(_visible(page, "agent_a", "agent_b"))
            assert found == [], (path, found)
            assert "服务器管理" not in page.inner_text("body"), path  # no admin link for an agent
        page.goto(f"{hub.url}/hub/token")
        screenshot(page, "hub-token-1366x768")
        page.set_viewport_size(PHONE)
        screenshot(page, "hub-token-390x844")
    finally:
        ctx.close()
