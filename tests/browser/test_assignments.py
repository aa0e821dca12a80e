"""学习任务, PDF and 结业证明 in a real server (issue 14).

- In Chromium: the supervisor assigns chapter 1 to their team from 主管看板 (the form's defaults:
  first chapter, all parts, due in 7 days, pass mark 80%); agent1 sees it on 首页 with 剩 7 天;
  agent1 downloads the 个人自测报告 PDF from 我的进度 and its text holds their name. Screenshots at
  1366×768 and 390×844.
- Over HTTP: ``/clientkit/verify/<code>`` (public) accepts a real certificate code with the holder's
  name masked and refuses the same code with one character changed.
"""
from __future__ import annotations

import subprocess
import urllib.error
import urllib.request
from datetime import date, datetime

import pytest

from .conftest import PHONE, READY, USERS, app_context, instance_env, login, open_page, screenshot

pytestmark = pytest.mark.browser


def test_supervisor_assigns_agent_sees_days_left_and_downloads_a_pdf(app_server, server_home, browser, tmp_path):
    base = app_server
    sctx, sup = app_context(browser)
    try:
        login(sup, base, "sup1", USERS["sup1"][0])
        open_page(sup, base, "dashboard.ipynb", "题目分析")
        sup.locator(".lm-TabBar-tab", has_text="学习任务").click()
        sup.locator(".widget-text").filter(has_text="任务名称").locator("input").fill("新人第一章")
        sup.locator(".widget-select-multiple").filter(has_text="团队").locator("select").select_option(label="A组")
        sup.get_by_role("button", name="布置任务").click()
        sup.get_by_text("已布置学习任务").wait_for(timeout=READY)
        sup.get_by_text("剩 7 天").first.wait_for(timeout=READY)
        body = sup.inner_text("body")
        assert "王小明" in body and "赵丽" not in body  # agent2 is in another team
        with instance_env(server_home):  # A组's agents now: agent1, agent3 and any an earlier test added
            from clientkit.store.store import Store

            store = Store.open()
            team = [u for u in store.list_users(role="agent", team="A组") if u.active]
            store.close()
        assert {"agent1", "agent3"} <= {u.username for u in team}
        sup.get_by_text(f"共 {len(team)} 人").scroll_into_view_if_needed()
        screenshot(sup, "app-assign-dashboard-1366x768")
        sup.set_viewport_size(PHONE)
        assert sup.evaluate("document.documentElement.scrollWidth") <= 420
        screenshot(sup, "app-assign-dashboard-390x844")
    finally:
        sctx.close()

    for viewport, name in (({"width": 1366, "height": 768}, "1366x768"), (PHONE, "390x844")):
        actx, agent = app_context(browser, viewport)
        try:
            login(agent, base, "agent1", USERS["agent1"][0])
            agent.get_by_role("heading", name="待完成的学习任务").wait_for(timeout=READY)
            card = agent.locator(".ck-assignment", has_text="新人第一章")
            card.wait_for(timeout=READY)
            text = card.inner_text()
            assert "剩 7 天" in text and "第1章 自测" in text and "未达标" in text
            if viewport == PHONE:
                assert agent.evaluate("document.documentElement.scrollWidth") <= 420
            else:
                card.scroll_into_view_if_needed()
            screenshot(agent, f"app-assign-home-{name}")
        finally:
            actx.close()

    actx, agent = app_context(browser)
    try:
        login(agent, base, "agent1", USERS["agent1"][0])
        open_page(agent, base, "progress.ipynb", "各规则掌握情况")
        agent.get_by_role("button", name="下载个人自测报告（PDF）").click()
        link = agent.locator("a.ck-download")
        link.wait_for(timeout=READY)
        screenshot(agent, "app-progress-pdf-1366x768")
        with agent.expect_download() as info:
            link.click()
        path = tmp_path / "report.pdf"
        info.value.save_as(path)
        assert info.value.suggested_filename.startswith("个人自测报告-")
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
        assert "个人自测报告" in text and "王小明" in text and "第1章" in text
    finally:
        actx.close()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_verify_page_accepts_the_real_code_and_refuses_an_edited_one(server, server_home):
    from clientkit.certificates import display
    from clientkit.service import Service
    from clientkit.store import Store
    from tests.store.conftest import make_attempt

    with instance_env(server_home):  # the server's own store and secret
        store = Store.open()
        try:
            admin = store.add_user("cert_admin", "cert-admin-Pw1", role="admin")
            holder = store.add_user("cert_agent", "cert-agent-Pw1", role="agent", team="证书组", display_name="孙悦然")
            made = Service(store, admin).create_assignment("入职培训", [2], due=date(2026, 12, 20), teams=["证书组"],
                                                           onboarding=True, now=datetime(2026, 12, 1))
            store.record_attempt(make_attempt(holder.id, exercise_id="assessment:ch02", chapter=2, mode="assessment",
                                              score=0.92, submitted_at=datetime(2026, 12, 2, 3, 0)))
            cert = Service(store, holder).my_assignments(now=datetime(2026, 12, 3))[0].certificate
        finally:
            store.close()
    assert made["onboarding"] and cert is not None
    code = display(cert["code"])
    status, page = _get(f"{server}/clientkit/verify/{code}")
    assert status == 200 and "结业证明有效" in page
    assert "孙**" in page and "孙悦然" not in page and "入职培训" in page and "92%" in page
    edited = code[:-1] + ("A" if code[-1] != "A" else "B")
    status, page = _get(f"{server}/clientkit/verify/{edited}")
    assert status == 404 and "校验码无效" in page and "孙" not in page
    status, page = _get(f"{server}/clientkit/verify?code={code.lower()}")  # the form, lower case
    assert status == 200 and "结业证明有效" in page
    status, page = _get(f"{server}/clientkit/verify")
    assert status == 200 and 'name="code"' in page
