"""Messages appear where the user is (issue 10): a 自测 submitted from the bottom of the paper with
an item left blank says so beside the submit button, inside the screen, and outlines the blank
item; the countdown stays on screen while the paper scrolls. At 1366×768 and 390×844."""
from __future__ import annotations

import re

import pytest

from .conftest import login, screenshot
from .test_assessment_flow import LAPTOP, PHONE, _assessment_tab, _page, _user

pytestmark = pytest.mark.browser


def _in_view(page, locator) -> dict:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None, "not rendered"
    return {"box": box, "inside": box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1}


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_blank_item_message_is_beside_the_submit_button(app_server, server_home, browser, viewport):
    name = f"notice_{viewport['width']}"
    _, password = _user(server_home, name)
    ctx, page = _page(browser, viewport)
    try:
        login(page, app_server, name, password)
        _assessment_tab(page, app_server)
        page.get_by_role("button", name="开始自测").click()
        clock = page.locator(".ck-clock-inner")
        page.get_by_text(re.compile(r"剩余 \d+:\d\d")).wait_for()
        # answer the first item only, then go to the bottom of the paper as a user would
        page.locator(".ck-item .widget-radio-box input[type=radio]").first.check()
        submit = page.get_by_role("button", name="提交答卷")
        submit.scroll_into_view_if_needed()
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(300)
        first_item = page.locator(".ck-item").first
        assert not _in_view(page, first_item)["inside"]  # the top of the paper is out of view
        seen = _in_view(page, clock)
        assert seen["inside"], seen  # the countdown stuck to the top of the screen
        submit.click()
        message = page.locator(".ck-notice .ck-panel", has_text="尚未作答")
        message.wait_for()
        page.wait_for_timeout(400)  # the notice scrolls itself into view after it is drawn
        seen = _in_view(page, message)
        screenshot(page, f"notice-blank-item-{viewport['width']}")
        assert seen["inside"], seen
        assert _in_view(page, clock)["inside"]  # still pinned after the page scrolled to the message
        on_top = clock.evaluate("""e => { const r = e.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !!hit && e.contains(hit); }""")
        assert on_top  # drawn over the paper, not hidden behind it
        assert re.search(r"第 [\d、]+ 题尚未作答", message.inner_text())
        assert page.locator(".ck-item.ck-invalid").count() >= 1
        answered = page.locator(".ck-item", has=page.locator("input[type=radio]:checked"))
        assert "ck-invalid" not in (answered.get_attribute("class") or "")  # answered: not outlined
        # the same blank submitted again (clicked without scrolling) brings the message back into view
        page.mouse.wheel(0, -5000)
        page.wait_for_timeout(300)
        assert not _in_view(page, message)["inside"]
        submit.evaluate("b => b.click()")
        page.wait_for_timeout(600)
        assert _in_view(page, message)["inside"]
    finally:
        ctx.close()
