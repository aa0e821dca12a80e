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

        page.goto(f"{app_server}/voila/render/ch05_sharing.ipynb")
        page.get_by_text("查看样例").first.wait_for(timeout=READY)
        page.get_by_role("tab", name="调阅记录审查").click()
        page.locator(".ck-table td").first.wait_for()
        assert not _clipped(page), _clipped(page)
        screenshot(page, "phone-ch05-access-tool-390")
    finally:
        ctx.close()
