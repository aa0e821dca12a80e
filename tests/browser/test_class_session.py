"""A class session end to end in Chromium: the trainer opens a session, two agents join from
首页 with the code and submit, the live board (refreshing by itself) shows both, the trainer
reveals explanations; the supervisor exports the dashboard to Excel and the file opens with
openpyxl with a sheet per view and escaped cells; the agent's 我的进度 page shows the radar.
Screenshots at 1366×768 and 390×844 go to ``screenshots/``."""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from .conftest import PHONE, READY, USERS, app_context, login, open_page, screenshot

pytestmark = pytest.mark.browser


def test_trainer_session_two_agents_board_and_supervisor_export(app_server, browser, tmp_path):
    base = app_server
    tctx, trainer = app_context(browser)
    try:
        login(trainer, base, "trainer1", USERS["trainer1"][0])
        open_page(trainer, base, "trainer.ipynb", "新建课堂")
        trainer.locator(".widget-text").filter(has_text="课堂名称").locator("input").fill("周五合规课")
        trainer.get_by_role("button", name="创建课堂").click()
        trainer.get_by_text("课堂已创建").wait_for(timeout=READY)
        code = re.search(r"课堂代码：\s*([A-Z2-9]{6})", trainer.inner_text("body")).group(1)

        for username in ("agent1", "agent2"):
            ctx, agent = app_context(browser)
            try:
                login(agent, base, username, USERS[username][0])
                agent.get_by_placeholder("课堂代码").wait_for(timeout=READY)
                agent.get_by_role("heading", name="各章掌握程度").wait_for(timeout=READY)
                agent.get_by_placeholder("课堂代码").fill(code)
                agent.get_by_role("button", name="加入", exact=True).click()
                agent.get_by_text("已加入课堂").wait_for(timeout=READY)
                agent.get_by_role("button", name="提交答卷").click()
                agent.get_by_text("答卷已提交").wait_for(timeout=READY)
                if username == "agent1":
                    screenshot(agent, "app-join-session-1366x768")
            finally:
                ctx.close()

        trainer.get_by_text("已提交 2 人").wait_for(timeout=READY)  # the board refreshed by itself
        body = trainer.inner_text("body")
        assert "王小明" in body and "赵丽" in body
        trainer.get_by_role("button", name="向全班公布解析").click()
        trainer.get_by_text("已公布解析").wait_for()
        screenshot(trainer, "app-trainer-1366x768")
        trainer.set_viewport_size(PHONE)
        screenshot(trainer, "app-trainer-390x844")
    finally:
        tctx.close()

    sctx, sup = app_context(browser)
    try:
        login(sup, base, "sup1", USERS["sup1"][0])
        open_page(sup, base, "dashboard.ipynb", "题目分析")
        sup.get_by_text("各章掌握程度（业务员 × 章节）").wait_for(timeout=READY)  # the heatmap is drawn
        text = sup.inner_text("body")
        assert "赵丽" not in text  # agent2 is in another team
        screenshot(sup, "app-dashboard-1366x768")
        sup.get_by_role("button", name="导出 Excel").click()
        link = sup.locator("a.ck-download")
        link.wait_for()
        with sup.expect_download() as info:
            link.click()
        path = tmp_path / "dashboard.xlsx"
        info.value.save_as(path)
        wb = load_workbook(path)
        assert wb.sheetnames == ["掌握程度", "成绩趋势", "自测成绩分布", "易错规则", "未完成自测", "题目分析"]
        names = [c.value for c in wb["掌握程度"]["A"]]
        assert "'=1+2" in names and "王小明" in names and "赵丽" not in names
        assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
        sup.set_viewport_size(PHONE)
        screenshot(sup, "app-dashboard-390x844")
    finally:
        sctx.close()

    for viewport, name in (({"width": 1366, "height": 768}, "1366x768"), (PHONE, "390x844")):
        actx, agent = app_context(browser, viewport)
        try:
            login(agent, base, "agent1", USERS["agent1"][0])
            open_page(agent, base, "progress.ipynb", "各规则掌握情况")
            agent.locator(".js-plotly-plot .polar").first.wait_for(timeout=READY)  # the radar is drawn
            assert "C1-" in agent.inner_text("body")
            if viewport == PHONE:
                assert agent.evaluate("document.documentElement.scrollWidth") <= 420
            screenshot(agent, f"app-progress-{name}")
        finally:
            actx.close()
