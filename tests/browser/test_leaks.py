"""Every page, every tab, scanned for internals and English (issue 10; the scan itself is
:mod:`tests.browser.leaks`, run on every page of every browser test at context close too)."""
from __future__ import annotations

import pytest

from .conftest import USERS, login, scan_page

pytestmark = pytest.mark.browser
READY = 60_000
AGENT_PAGES = ["index.ipynb", *[f"{n}" for n in (
    "ch01_basic.ipynb", "ch02_profile.ipynb", "ch03_relationship.ipynb", "ch04_matching.ipynb",
    "ch05_sharing.ipynb", "ch06_compliance.ipynb", "ch07_digital.ipynb", "ch08_appraisal.ipynb")],
    "checkup.ipynb", "progress.ipynb"]


def _visit(page, base, notebook, wait_text) -> list[str]:
    page.goto(f"{base}/voila/render/{notebook}", wait_until="domcontentloaded")
    page.get_by_text(wait_text).first.wait_for(timeout=READY)
    found = scan_page(page)
    tabs = page.get_by_role("tab")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        page.wait_for_timeout(700)
        found += scan_page(page)
    return found


def test_no_page_shows_internals_or_english(app_server, page):
    page.set_default_navigation_timeout(READY)
    page.goto(f"{app_server}/clientkit/login")
    found = scan_page(page)
    login(page, app_server, "agent1", USERS["agent1"][0])
    for notebook in AGENT_PAGES:
        found += _visit(page, app_server, notebook, "退出登录")
    page.goto(f"{app_server}/clientkit/password")
    found += scan_page(page)
    page.context.clear_cookies()
    login(page, app_server, "sup1", USERS["sup1"][0])
    found += _visit(page, app_server, "dashboard.ipynb", "导出")
    page.context.clear_cookies()
    login(page, app_server, "trainer1", USERS["trainer1"][0])
    found += _visit(page, app_server, "trainer.ipynb", "新建课堂")
    assert not found, "\n".join(dict.fromkeys(found))
