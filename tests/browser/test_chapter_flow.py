"""The real apps end to end in Chromium: an agent practises and takes the chapter-1 自测,
首页 shows it, the supervisor of the team sees it, and an agent is refused the review page."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
WIDGETS_READY = 60_000


def sign_in(page, base, username):
    login(page, base, username, USERS[username][0])


def open_app(page, base, notebook, ready_text):
    page.goto(f"{base}/voila/render/{notebook}")
    page.get_by_text(ready_text, exact=True).first.wait_for(timeout=WIDGETS_READY)


def test_agent_practice_assessment_home_and_supervisor_review(app_server, page, browser):
    sign_in(page, app_server, "agent1")
    assert urlparse(page.url).path == "/voila/render/index.ipynb"
    page.get_by_role("heading", name="各章掌握程度").wait_for(timeout=WIDGETS_READY)
    assert page.get_by_text("第1章 基本信息管理").count() >= 1
    screenshot(page, "app-home-agent-1366x768")

    open_app(page, app_server, "ch01_basic.ipynb", "查看样例")
    page.get_by_role("button", name="查看样例").first.click()  # not the intro that names it
    # the examples under the first rule's card ("样例" alone would match the next 查看样例 button)
    page.get_by_text(re.compile("示例档案中与本条相关的记录|不符合的样例|符合的样例")).first.wait_for()
    screenshot(page, "app-ch01-learn-1366x768")

    # 练习: a fresh variant, one item answered, instant feedback naming the rule
    page.get_by_role("tab", name="练习").click()
    page.get_by_role("button", name="换一题").click()
    page.get_by_text("第 1 题").first.wait_for()
    first_option = page.locator(".widget-radio-box input[type=radio], .widget-checkbox input[type=checkbox]").first
    if first_option.count():
        first_option.check()
    page.get_by_role("button", name="提交并查看解析").click()
    page.get_by_text("得分").first.wait_for()
    assert "C1-" in page.inner_text("body")
    screenshot(page, "app-ch01-practice-1366x768")

    # 自测: blank answers are warned about first, then submitted on purpose and stored
    page.get_by_role("tab", name="自测").click()
    page.get_by_role("button", name="开始自测").click()
    page.get_by_text(re.compile(r"剩余 \d+:\d\d")).wait_for()
    assert page.get_by_text("第 10 题").count() >= 1
    page.get_by_role("button", name="提交答卷").click()
    page.get_by_text("尚未作答").wait_for()
    page.get_by_role("button", name="仍要提交").click()
    page.get_by_text("自测已提交并记录").wait_for()
    screenshot(page, "app-ch01-assessed-1366x768")

    open_app(page, app_server, "index.ipynb", "我的练习与自测记录")
    body = page.inner_text("body")
    assert "第1章 自测" in body and "练习" in body

    # the same agent cannot open the supervisor page by editing the URL
    page.goto(f"{app_server}/voila/render/review.ipynb")
    assert "无权访问" in page.inner_text("body")
    assert "王小明" not in page.inner_text("body") or "业务员" in page.inner_text("body")

    # the team's supervisor sees the agent's attempts and the most-missed rules
    sup = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
    try:
        sign_in(sup, app_server, "sup1")
        open_app(sup, app_server, "review.ipynb", "错得最多的规则")
        text = sup.inner_text("body")
        assert "王小明" in text and "C1-" in text
        assert "赵丽" not in text  # agent2 is in another team
        screenshot(sup, "app-review-supervisor-1366x768")
    finally:
        sup.context.close()


def test_chapter_app_on_a_phone(app_server, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    try:
        page = ctx.new_page()
        sign_in(page, app_server, "agent2")
        open_app(page, app_server, "ch01_basic.ipynb", "查看样例")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 420  # no sideways scrolling of the whole page on a phone
        screenshot(page, "app-ch01-learn-390x844")
    finally:
        ctx.close()


def _available_chapters():
    from clientkit.chapters import CHAPTERS
    from clientkit.config import REPO_ROOT

    return [c for c in CHAPTERS if (REPO_ROOT / "notebooks" / c.notebook).exists()]


@pytest.mark.parametrize("chapter", _available_chapters(), ids=lambda c: f"ch{c.number:02d}")
def test_each_chapter_one_practice_item_and_one_assessment(app_server, browser, chapter):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, app_server, "agent2")
        open_app(page, app_server, chapter.notebook, "查看样例")
        page.get_by_role("tab", name="练习").click()
        page.get_by_role("button", name="换一题").click()
        page.get_by_text("第 1 题").first.wait_for()
        page.get_by_role("button", name="提交并查看解析").click()
        page.get_by_text("得分").first.wait_for()
        assert f"C{chapter.number}-" in page.inner_text("body")
        page.get_by_role("tab", name="自测").click()
        page.get_by_role("button", name="开始自测").click()
        page.get_by_text(re.compile(r"剩余 \d+:\d\d")).wait_for()
        page.get_by_role("button", name="提交答卷").click()
        page.get_by_text("尚未作答").wait_for()
        page.get_by_role("button", name="仍要提交").click()
        page.get_by_text("自测已提交并记录").wait_for()
        screenshot(page, f"app-ch{chapter.number:02d}-assessed-1366x768")
    finally:
        ctx.close()


def _chapters_with_tools():
    from clientkit.ui.tools import tools_for

    return [(c, m.TITLE) for c in _available_chapters() for m in tools_for(c.number)]


@pytest.mark.parametrize("chapter,title", _chapters_with_tools(), ids=lambda v: getattr(v, "notebook", v))
def test_chapter_tool_tabs_render_without_error(app_server, browser, chapter, title):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, app_server, "agent1")
        open_app(page, app_server, chapter.notebook, "查看样例")
        before = page.evaluate("document.body.textContent.length")
        page.get_by_role("tab", name=title).click()
        try:
            page.wait_for_function(f"document.body.textContent.length > {before + 40}", timeout=WIDGETS_READY)
        finally:
            screenshot(page, f"tool-ch{chapter.number:02d}-{title}-opened")
        page.wait_for_timeout(500)
        body = page.inner_text("body")
        assert "出现了意外问题" not in body and "Traceback" not in body
        screenshot(page, f"tool-ch{chapter.number:02d}-{title}-1366x768")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"tool-ch{chapter.number:02d}-{title}-390x844")
    finally:
        ctx.close()


def test_checkup_page_audits_an_uploaded_list(app_server, page, tmp_path):
    sign_in(page, app_server, "agent1")
    open_app(page, app_server, "checkup.ipynb", "开始体检")
    csv = tmp_path / "客户清单.csv"
    csv.write_bytes("客户编号,客户类型,姓名,出生日期,证件类型,证件号码\nC1,个人,张三,1980-02-30,居民身份证,110105198002300010\n".encode("gbk"))
    with page.expect_file_chooser() as chooser:
        page.get_by_text("选择文件").click()
    chooser.value.set_files(str(csv))
    page.get_by_text("已上传：客户清单.csv").first.wait_for(timeout=WIDGETS_READY)
    page.get_by_role("button", name="开始体检").click()
    page.get_by_text("按规则汇总").wait_for(timeout=WIDGETS_READY)
    body = page.inner_text("body")
    assert "C1-08" in body and "110105198002300010" not in body
    screenshot(page, "app-checkup-1366x768")
