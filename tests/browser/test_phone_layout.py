"""Nothing needed to answer is clipped on a 390×844 phone (issue 10): every element holding an
answer-relevant value (prompts, options, inputs, client cards, table cells, messages) lies inside
the viewport AND inside every ancestor that clips its overflow — the walk-through found the ID
number of the ID-consistency items cut after 16 of its 18 characters by such an ancestor.
Measured on the chapter-1 自测, the chapter-1 practice of ID consistency and a tool tab."""
from __future__ import annotations

import re

import pytest

from .conftest import login, screenshot
from .test_assessment_flow import PHONE, _assessment_tab, _page, _user

pytestmark = pytest.mark.browser
READY = 60_000
VALUES = ".ck-item-prompt, .ck-item label, .ck-item input, .ck-card td, .ck-card th, .ck-table td, .ck-panel"

CLIPPED = """(selector) => {
    const vw = document.documentElement.clientWidth, bad = [];
    for (const el of document.querySelectorAll(selector)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || el.offsetParent === null) continue;
        let left = 0, right = vw, who = 'viewport';
        for (let a = el.parentElement; a; a = a.parentElement) {
            const s = getComputedStyle(a);
            if (s.overflowX !== 'visible') {
                const b = a.getBoundingClientRect();
                if (b.left > left) { left = b.left; who = a.className; }
                if (b.right < right) { right = b.right; who = a.className; }
            }
        }
        if (r.left < left - 1 || r.right > right + 1)
            bad.push(`${el.tagName}.${el.className} [${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(left)}–${Math.round(right)} of ${String(who).slice(0, 40)}]: ${el.innerText.slice(0, 30)}`);
    }
    return bad; }"""


def _clipped(page) -> list[str]:
    return page.evaluate(CLIPPED, VALUES)


def test_nothing_needed_to_answer_is_clipped_at_390(app_server, server_home, browser):
    _, password = _user(server_home, "phone_layout")
    ctx, page = _page(browser, PHONE)
    try:
        login(page, app_server, "phone_layout", password)
        _assessment_tab(page, app_server)
        page.get_by_role("button", name="开始自测").click()
        page.get_by_text(re.compile(r"剩余 \d+:\d\d")).wait_for()
        assert page.locator(".ck-item").count() >= 10
        assert not _clipped(page), _clipped(page)
        # every 18-character ID number on a card is shown whole, on one screen width
        ids = page.locator(".ck-card td", has_text=re.compile(r"^\d{17}[\dX]$"))
        assert ids.count() >= 1
        for i in range(ids.count()):
            box = ids.nth(i).bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box
        ids.first.scroll_into_view_if_needed()
        screenshot(page, "phone-ch01-assessment-id-card-390")

        page.get_by_role("tab", name="练习").click()
        page.locator(".widget-dropdown select").first.select_option(label="证件号码与出生日期、性别、年龄的一致性")
        page.get_by_text("第 1 题").first.wait_for()
        assert not _clipped(page), _clipped(page)
        screenshot(page, "phone-ch01-practice-id-390")

        page.get_by_role("tab", name="学习").click()
        page.get_by_role("button", name="查看样例").nth(2).click()  # C1-03: a table of ID numbers
        page.locator(".ck-table").filter(visible=True).first.wait_for()
        assert not _clipped(page), _clipped(page)
        screenshot(page, "phone-ch01-learn-example-390")

        page.goto(f"{app_server}/voila/render/ch05_sharing.ipynb")
        page.get_by_text("查看样例").first.wait_for(timeout=READY)
        page.get_by_role("tab", name="调阅记录审查").click()
        page.locator(".ck-table td").first.wait_for()
        assert not _clipped(page), _clipped(page)
        screenshot(page, "phone-ch05-access-tool-390")
    finally:
        ctx.close()


DASHBOARD_TABS = ["总览", "易错规则", "完成情况", "题目分析", "业务员明细", "对话演练", "学习任务"]

TRUNCATED = """(selector) => [...document.querySelectorAll(selector)]
    .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.className}: ${el.innerText} (${el.scrollWidth} > ${el.clientWidth})`)"""

# an option of a multi-select is cut when its text is wider than the list box's inside
CUT_OPTIONS = """() => {
    const canvas = document.createElement('canvas').getContext('2d'), bad = [];
    for (const sel of document.querySelectorAll('.widget-select-multiple select')) {
        if (sel.offsetParent === null) continue;
        const s = getComputedStyle(sel);
        canvas.font = `${s.fontSize} ${s.fontFamily}`;
        const room = sel.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 8;
        for (const o of sel.options) {
            const need = canvas.measureText(o.text).width;
            if (need > room) bad.push(`${o.text}: ${Math.round(need)} > ${Math.round(room)}`);
        }
    }
    return bad; }"""


def _tab_labels(page) -> list[str]:
    return [x.strip() for x in page.locator(".ck-app .lm-TabBar-tab .lm-TabBar-tabLabel").all_inner_texts()]


def _multi(page, label: str):
    """The multi-select whose own label reads ``label`` (an option may contain the same words: a
    class session named after a drill)."""
    return page.locator(".widget-select-multiple").filter(has=page.locator("label.widget-label").get_by_text(label, exact=True))


def _form_fits(page, viewport, lists: int) -> None:
    selects = page.locator(".widget-select-multiple select:visible")
    assert selects.count() >= lists
    assert not page.evaluate(CUT_OPTIONS), page.evaluate(CUT_OPTIONS)
    assert not _clipped(page), _clipped(page)
    controls = ".widget-select-multiple select, .widget-select-multiple label, .widget-text input, .widget-dropdown select"
    assert not page.evaluate(CLIPPED, controls), page.evaluate(CLIPPED, controls)
    if viewport == PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        content = page.locator(".ck-app").bounding_box()["width"]
        for i in range(selects.count()):  # full width on a phone: the label above the list, not beside it
            assert selects.nth(i).bounding_box()["width"] >= content - 60, (i, content)


@pytest.mark.parametrize("viewport, size", [({"width": 1366, "height": 768}, "1366x768"), (PHONE, "390x844")])
def test_dashboard_tabs_and_the_assignment_form_fit_a_phone(app_server, browser, viewport, size):
    """主管看板's seven tabs show their whole labels and stay on screen (they wrap on a phone); the
    学习任务 form's lists (supervisor and trainer) are as wide as the screen allows, every option
    readable, nothing clipped."""
    from .conftest import USERS

    ctx = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport == PHONE)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, app_server, "sup1", USERS["sup1"][0])
        page.goto(f"{app_server}/voila/render/dashboard.ipynb")
        page.get_by_role("tab", name="学习任务").wait_for(timeout=READY)
        assert _tab_labels(page) == DASHBOARD_TABS
        labels = ".ck-app .lm-TabBar-tabLabel"
        assert not page.evaluate(TRUNCATED, labels), page.evaluate(TRUNCATED, labels)
        assert not page.evaluate(CLIPPED, ".ck-app .lm-TabBar-tab"), page.evaluate(CLIPPED, ".ck-app .lm-TabBar-tab")
        screenshot(page, f"phone-dashboard-tabs-{size}")
        page.get_by_role("tab", name="学习任务").click()
        _multi(page, "对话演练（可选）").wait_for()
        _form_fits(page, viewport, 4)  # 章节, 对话演练, 团队, 业务员
        page.get_by_text("对话演练（可选）").scroll_into_view_if_needed()
        screenshot(page, f"phone-assign-form-{size}")
        _multi(page, "业务员").scroll_into_view_if_needed()
        screenshot(page, f"phone-assign-targets-{size}")
    finally:
        ctx.close()
    ctx = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport == PHONE)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, app_server, "trainer1", USERS["trainer1"][0])
        page.goto(f"{app_server}/voila/render/trainer.ipynb")
        page.get_by_role("tab", name="学习任务").wait_for(timeout=READY)
        assert not page.evaluate(TRUNCATED, labels), page.evaluate(TRUNCATED, labels)
        _form_fits(page, viewport, 1)  # the 课堂 tab's 新建课堂 form: 章节
        page.get_by_role("tab", name="学习任务").click()
        _multi(page, "对话演练（可选）").wait_for()
        _form_fits(page, viewport, 2)  # 章节, 对话演练 (课堂 and 业务员 once the trainer has a class)
        page.get_by_text("对话演练（可选）").scroll_into_view_if_needed()
        screenshot(page, f"phone-assign-form-trainer-{size}")
    finally:
        ctx.close()
