"""A 对话演练 run live in a class, end to end in Chromium (issue 13): the trainer creates a class,
two agents join from 首页 in their own browser contexts (one on a 390×844 phone), the trainer starts
a drill, both agents vote (one changes their vote), the board shows the two votes and their
distribution, the trainer reveals the turn (scores and explanations reach the agents too) and the
class follows the majority into the next turn. Screenshots at 1366×768 and 390×844."""
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
        _join(agent2, base, "agent2", code)
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
    finally:
        for ctx in contexts:
            ctx.close()
