"""A 对话演练 run live in a class, end to end in Chromium (issue 13): the trainer creates a class,
two agents of A组 join from 首页 in their own browser contexts (one on a 390×844 phone), the trainer
starts a drill, both agents vote (one changes their vote), the board shows the two votes and their
distribution, the trainer reveals the turn (scores and explanations reach the agents too) and the
class follows the majority into the next turn, then the trainer's picks to the end. Each agent
gets their own score on their votes; A组's supervisor then sees both agents' dimension scores in
主管看板 (filtered to the class) and replays one agent's class drill, and 我的进度 shows them.
Screenshots at 1366×768 and 390×844."""
from __future__ import annotations

import re

import pytest

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
READY = 60_000
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _context(browser, viewport):
    ctx = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport == PHONE)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    return ctx, page


def _join(page, base, username, code):
    login(page, base, username, USERS[username][0])
    page.get_by_placeholder("课堂代码").wait_for(timeout=READY)
    page.get_by_placeholder("课堂代码").fill(code)
    page.get_by_role("button", name="加入", exact=True).click()
    page.get_by_text("已加入课堂").wait_for(timeout=READY)


def test_a_class_votes_on_a_drill_and_follows_the_majority(app_server, browser):
    base = app_server
    contexts = []
    try:
        tctx, trainer = _context(browser, DESKTOP)
        contexts.append(tctx)
        login(trainer, base, "trainer1", USERS["trainer1"][0])
        trainer.goto(f"{base}/voila/render/trainer.ipynb")
        trainer.get_by_text("新建课堂").wait_for(timeout=READY)
        trainer.locator(".widget-text").filter(has_text="课堂名称").locator("input").fill("对话演练课")
        trainer.get_by_role("button", name="练习", exact=True).click()
        trainer.get_by_role("button", name="创建课堂").click()
        trainer.get_by_text("课堂已创建").wait_for(timeout=READY)
        code = re.search(r"课堂代码：\s*([A-Z2-9]{6})", trainer.inner_text("body")).group(1)
        trainer.get_by_text("本课堂还没有开始对话演练").wait_for()

        actx, agent1 = _context(browser, DESKTOP)
        pctx, agent2 = _context(browser, PHONE)
        contexts += [actx, pctx]
        _join(agent1, base, "agent1", code)
        _join(agent2, base, "agent3", code)  # A组 like agent1: one supervisor sees both
        agent2.get_by_text("培训师还没有开始对话演练").wait_for()

        trainer.get_by_role("button", name="开始课堂演练").click()
        trainer.get_by_text("课堂演练已开始").wait_for()
        trainer.get_by_text("第 1 轮：已投票 0 / 2 人").wait_for()

        # the agents' pages pick the drill up by themselves (a timer in the kernel)
        for agent in (agent1, agent2):
            agent.locator("button.ck-choice").first.wait_for(timeout=READY)
            assert 3 <= agent.locator("button.ck-choice").count() <= 4
        box = agent2.locator("button.ck-choice").first.bounding_box()
        assert box["width"] >= PHONE["width"] * 0.8 and box["x"] + box["width"] <= PHONE["width"]
        assert agent2.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 2
        majority = agent1.locator("button.ck-choice").nth(0).inner_text().strip()
        other = agent1.locator("button.ck-choice").nth(1).inner_text().strip()
        agent1.locator("button.ck-choice").nth(1).click()
        agent1.get_by_text(f"你已投票（揭晓前可以改票）：{other}").wait_for()
        agent1.locator("button.ck-choice").nth(0).click()  # changes the vote before the reveal
        agent1.get_by_text(f"你已投票（揭晓前可以改票）：{majority}").wait_for()
        agent2.locator("button.ck-choice").nth(0).click()
        agent2.get_by_text("你已投票").wait_for()
        agent2.locator(".ck-choices").scroll_into_view_if_needed()
        screenshot(agent2, "class-drill-agent-vote-390x844")
        agent1.locator(".ck-choices").scroll_into_view_if_needed()
        screenshot(agent1, "class-drill-agent-vote-1366x768")

        trainer.get_by_role("button", name="刷新").click()
        trainer.get_by_text("第 1 轮：已投票 2 / 2 人").wait_for()
        votes = trainer.locator(".ck-votes").inner_text()
        assert "2 票（100%）" in votes and votes.count("0 票（0%）") == agent1.locator("button.ck-choice").count() - 1
        top = trainer.locator(".ck-vote.ck-top").inner_text()
        assert majority in top and "多数票" in top
        trainer.locator(".ck-votes").scroll_into_view_if_needed()
        screenshot(trainer, "class-drill-board-1366x768")

        trainer.get_by_role("button", name="揭晓本轮").click()
        trainer.get_by_text("本轮已揭晓").wait_for()
        assert "最佳回答" in trainer.locator(".ck-votes").inner_text()
        assert "依据" in trainer.locator(".ck-votes").inner_text()
        agent2.get_by_text("培训师已揭晓本轮").wait_for(timeout=READY)
        assert agent2.locator("button.ck-choice").count() == 0 and "2 票（100%）" in agent2.inner_text("body")
        agent2.locator(".ck-votes").scroll_into_view_if_needed()
        screenshot(agent2, "class-drill-agent-revealed-390x844")

        trainer.get_by_role("button", name="按多数票继续").click()
        trainer.get_by_text("第 2 轮：已投票 0 / 2 人").wait_for()
        chat = trainer.locator(".ck-class-drill .ck-bubble.ck-agent").all_inner_texts()
        assert chat and majority in chat[-1]  # the class said the majority's reply
        turns = trainer.locator(".ck-class-drill table").first.inner_text()
        assert "多数票" in turns and majority in turns
        trainer.locator(".ck-votes").scroll_into_view_if_needed()
        screenshot(trainer, "class-drill-next-turn-1366x768")
        trainer.set_viewport_size(PHONE)
        trainer.locator(".ck-votes").scroll_into_view_if_needed()
        screenshot(trainer, "class-drill-board-390x844")
        for agent in (agent1, agent2):  # the next turn opens for voting on the agents' pages
            agent.get_by_text("选出你认为最好的回答").wait_for(timeout=READY)
            assert agent.locator("button.ck-choice").count() >= 3
        trainer.set_viewport_size(DESKTOP)

        # turn 2: only agent1 votes; the trainer then names the first reply at every turn to the end
        agent1.locator("button.ck-choice").nth(0).click()
        agent1.get_by_text("你已投票").wait_for()
        turns = _lead_to_the_end(trainer, first_turn=2)
        assert turns >= 2
        for agent in (agent1, agent2):
            agent.get_by_text("你的个人得分").wait_for(timeout=READY)
        mine = agent2.locator(".ck-class-drill").inner_text()
        assert f"有 {turns - 1} 轮你没有投票" in mine and "已记入“我的进度”" in mine
        own = agent1.get_by_text("你的个人得分").locator("..").inner_text()  # agent1 voted at turns 1 and 2
        assert (f"有 {turns - 2} 轮你没有投票" in own) if turns > 2 else ("没有投票" not in own)
        agent2.get_by_text("你的个人得分").scroll_into_view_if_needed()
        screenshot(agent2, "class-drill-agent-own-score-390x844")
        agent1.get_by_text("你的个人得分").scroll_into_view_if_needed()
        screenshot(agent1, "class-drill-agent-own-score-1366x768")
    finally:
        for ctx in contexts:
            ctx.close()

    _supervisor_sees_both(browser, base, code)
    _my_progress_shows_it(browser, base)


def _lead_to_the_end(trainer, first_turn: int, max_turns: int = 12) -> int:
    """Reveal and follow the first reply of the trainer's list until the drill ends; returns the
    number of turns the class played."""
    turn = first_turn
    while turn <= max_turns:
        trainer.get_by_text(f"第 {turn} 轮：已投票").wait_for(timeout=READY)
        trainer.get_by_role("button", name="揭晓本轮").click()
        trainer.get_by_text("本轮已揭晓").wait_for()
        trainer.locator(".widget-dropdown").filter(has_text="指定回答").locator("select").select_option(index=0)
        trainer.get_by_role("button", name="按指定回答继续").click()
        trainer.wait_for_function(
            f"document.body.innerText.includes('第 {turn + 1} 轮：已投票') || document.body.innerText.includes('课堂演练已结束')")
        if "课堂演练已结束" in trainer.inner_text("body"):
            return turn
        turn += 1
    raise AssertionError("the drill did not end")


def _supervisor_sees_both(browser, base, code):
    for viewport, name in ((DESKTOP, "1366x768"), (PHONE, "390x844")):
        ctx, sup = _context(browser, viewport)
        try:
            login(sup, base, "sup1", USERS["sup1"][0])
            sup.goto(f"{base}/voila/render/dashboard.ipynb", timeout=READY)
            sup.get_by_role("tab", name="对话演练").wait_for(timeout=READY)
            sup.locator(".widget-dropdown").filter(has_text="课堂").locator("select").select_option(
                label=f"对话演练课（{code}）")
            sup.get_by_role("button", name="查询").click()
            sup.get_by_role("tab", name="对话演练").click()
            sup.get_by_text("各演练中最常失分的回答轮次").wait_for()
            tab = sup.locator(".widget-html").filter(has_text="各演练中最常失分的回答轮次").last
            tables = tab.locator(".ck-table")
            assert tables.nth(0).locator("tbody tr td").first.inner_text().strip() == "A组"
            rows = {}
            for tr in tables.nth(1).locator("tbody tr").all():
                cells = [c.strip() for c in tr.locator("td").all_inner_texts()]
                rows[cells[0]] = cells[1:]
            assert set(rows) == {"王小明", "=1+2"}, rows  # both agents of the class, one class drill each
            for cells in rows.values():
                assert cells[0] == "1" and len(cells) == 5 and all(c.endswith("%") for c in cells[1:]), cells
            sup.get_by_text("各演练中最常失分的回答轮次").scroll_into_view_if_needed()
            screenshot(sup, f"class-drill-dashboard-dims-{name}")
            if viewport == PHONE:
                assert sup.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 30
                continue
            # the drill-down replays agent3's class drill on their own votes
            sup.locator(".widget-dropdown").filter(has_text="业务员").locator("select").select_option(label="=1+2")
            sup.get_by_role("button", name="查询").click()
            sup.get_by_role("tab", name="业务员明细").click()
            picked = sup.locator(".widget-dropdown").filter(has_text="对话演练记录").locator("option")
            picked.first.wait_for(state="attached")
            assert any("（课堂演练）" in o for o in picked.all_inner_texts())
            sup.get_by_role("button", name="重现对话").click()
            sup.get_by_text("逐轮评分与解析").wait_for()
            text = sup.inner_text("body")
            assert "这是一次课堂对话演练" in text and "你的投票" in text and "这一轮没有投票" in text
            sup.locator(".ck-scorecard").scroll_into_view_if_needed()
            screenshot(sup, "class-drill-dashboard-replay-1366x768")
        finally:
            ctx.close()


def _my_progress_shows_it(browser, base):
    ctx, page = _context(browser, PHONE)
    try:
        login(page, base, "agent3", USERS["agent3"][0])
        page.goto(f"{base}/voila/render/progress.ipynb", timeout=READY)
        page.get_by_text("对话演练：四个维度得分").wait_for(timeout=READY)
        section = page.get_by_text("对话演练：四个维度得分")
        section.scroll_into_view_if_needed()
        body = page.inner_text("body")
        assert "=1+2" in body.split("对话演练：四个维度得分", 1)[1]
        screenshot(page, "class-drill-my-progress-390x844")
    finally:
        ctx.close()
