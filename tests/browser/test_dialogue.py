"""对话演练 end to end in Chromium on a phone-sized page (390×844): an agent plays one drill to the
end in the real chapter app and gets the scorecard; screenshots at 390×844 and 1366×768."""
from __future__ import annotations

import pytest

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
WIDGETS_READY = 60_000


def _play_to_the_end(page, max_turns: int = 12) -> int:
    turns = 0
    while turns < max_turns:
        page.wait_for_function("document.querySelector('button.ck-choice') || document.querySelector('.ck-scorecard')")
        if page.locator(".ck-scorecard").count():
            break
        before = page.locator(".ck-bubble").count()
        page.locator("button.ck-choice").first.click()
        turns += 1
        page.wait_for_function(f"document.querySelectorAll('.ck-bubble').length > {before}")
    page.locator(".ck-scorecard").wait_for()
    return turns


@pytest.mark.parametrize("size", [(390, 844), (1366, 768)], ids=["phone", "desktop"])
def test_agent_plays_a_drill_to_the_scorecard(app_server, browser, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, app_server, "agent1", USERS["agent1"][0])
        page.goto(f"{app_server}/voila/render/ch01_basic.ipynb")
        page.get_by_text("查看样例").first.wait_for(timeout=WIDGETS_READY)
        page.get_by_role("tab", name="对话演练").click()
        page.get_by_role("button", name="开始对话").click()
        page.locator(".ck-bubble").first.wait_for()
        page.locator("button.ck-choice").first.wait_for()  # the buttons arrive after the chat's HTML
        choices = page.locator("button.ck-choice")
        assert 3 <= choices.count() <= 4
        if width < 500:
            # full-width reply buttons on the phone, chat bubbles inside the screen
            box = choices.first.bounding_box()
            assert box["width"] >= width * 0.8 and box["x"] + box["width"] <= width
            bubble = page.locator(".ck-bubble").first.bounding_box()
            assert bubble["x"] >= 0 and bubble["x"] + bubble["width"] <= width
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 2
        name = "phone-390x844" if width < 500 else "desktop-1366x768"
        screenshot(page, f"dialogue-chat-{name}")
        turns = _play_to_the_end(page)
        assert turns >= 1
        card = page.locator(".ck-scorecard").inner_text()
        for label in ("综合得分", "合规", "专业", "适当", "服务", "你的对话路径", "最佳路径"):
            assert label in card
        assert "本次对话已记录" in page.inner_text("body")
        page.locator(".ck-score").scroll_into_view_if_needed()
        screenshot(page, f"dialogue-scorecard-{name}")
        page.locator(".ck-weak, .ck-scorecard .ck-ok").last.scroll_into_view_if_needed()
        screenshot(page, f"dialogue-weak-turns-{name}")
    finally:
        context.close()


def test_supervisor_replays_an_agents_drill(app_server, browser):
    """The agent plays a drill; the supervisor of the agent's team replays it in 业务员明细 (chat,
    path beside the best path, every turn explained); 我的进度 lists the agent's weak turns."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, app_server, "agent1", USERS["agent1"][0])
        page.goto(f"{app_server}/voila/render/ch01_basic.ipynb", timeout=WIDGETS_READY)
        page.get_by_text("查看样例").first.wait_for(timeout=WIDGETS_READY)
        page.get_by_role("tab", name="对话演练").click()
        page.get_by_role("button", name="开始对话").click()
        _play_to_the_end(page)
        page.goto(f"{app_server}/voila/render/progress.ipynb", timeout=WIDGETS_READY)
        page.get_by_text("我最常失分的对话轮次").wait_for(timeout=WIDGETS_READY)
        page.get_by_text("我最常失分的对话轮次").scroll_into_view_if_needed()
        dims = page.inner_text("body").split("对话演练：四个维度得分", 1)[1].split("我最常失分的对话轮次", 1)[0]
        assert "王小明" in dims and dims.count("%") >= 4  # their own four dimension scores
        screenshot(page, "progress-weak-turns-1366x768")
    finally:
        context.close()

    for size, name in (({"width": 1366, "height": 768}, "1366x768"), ({"width": 390, "height": 844}, "390x844")):
        context = browser.new_context(viewport=size, locale="zh-CN")
        sup = context.new_page()
        sup.set_default_timeout(30_000)
        try:
            login(sup, app_server, "sup1", USERS["sup1"][0])
            sup.goto(f"{app_server}/voila/render/dashboard.ipynb", timeout=WIDGETS_READY)
            sup.get_by_role("tab", name="业务员明细").wait_for(timeout=WIDGETS_READY)
            sup.locator(".widget-dropdown").filter(has_text="业务员").locator("select").select_option(label="王小明")
            sup.get_by_role("button", name="查询").click()
            if size["width"] > 500:  # 对话演练: the agent's and the team's dimension scores
                sup.get_by_role("tab", name="对话演练").click()
                tab = sup.locator(".widget-html").filter(has_text="各演练中最常失分的回答轮次").last
                tab.wait_for()
                teams, agents = tab.locator(".ck-table").nth(0), tab.locator(".ck-table").nth(1)
                assert teams.locator("td").first.inner_text().strip() == "A组"
                cells = [c.strip() for c in agents.locator("tbody tr").first.locator("td").all_inner_texts()]
                assert cells[0] == "王小明" and int(cells[1]) >= 1 and all(c.endswith("%") for c in cells[2:6])
            sup.get_by_role("tab", name="业务员明细").click()
            sup.get_by_role("button", name="重现对话").click()
            sup.get_by_text("逐轮评分与解析").wait_for()
            text = sup.inner_text("body")
            assert "最佳路径" in text and "你的对话路径" in text and "依据" in text
            sup.locator(".ck-scorecard").scroll_into_view_if_needed()
            screenshot(sup, f"dashboard-drill-replay-{name}")
            if size["width"] < 500:
                assert sup.evaluate("document.documentElement.scrollWidth") <= size["width"] + 2
        finally:
            context.close()
