"""The chapter-3 期限计算 tool in Chromium (issue 8 §2): a complaint received 2027-09-16 (simple,
15 days) ends on 10-01 国庆 and moves past the 补假 10-4/10-5 to 2027-10-06 — provisional, shown with
the calendar note, since 2027's schedule is not in the company calendar."""
from __future__ import annotations

import pytest

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
WIDGETS_READY = 60_000


def test_a_2027_deadline_shows_the_provisional_note(app_server, page):
    login(page, app_server, "agent1", USERS["agent1"][0])
    page.goto(f"{app_server}/voila/render/ch03_relationship.ipynb")
    page.get_by_text("查看样例", exact=True).first.wait_for(timeout=WIDGETS_READY)
    page.get_by_role("tab", name="期限计算").click()
    page.get_by_text("计算", exact=True).wait_for(timeout=WIDGETS_READY)
    page.locator("input[type=date]").fill("2027-09-16")
    page.locator("input[type=date]").press("Tab")
    page.get_by_text("计算", exact=True).click()
    page.get_by_text("2027-10-06 星期三（暂定）").wait_for(timeout=30_000)
    assert page.get_by_text("按法定节假日推算，待国务院公布调休安排后以公司日历为准").count() == 1
    screenshot(page, "tool-ch03-期限计算-2027-provisional")
