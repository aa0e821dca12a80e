"""One page, one kernel per visit (issue 11) in Chromium on the real notebooks: an agent goes
首页 → 第1章 → 练习 (answers, does not submit) → 第3章 → 我的进度 and back to 第1章, where the
answer is still there; the page is never reloaded and the server started one kernel for it.
Deep links (``index.ipynb#ch03``, a chapter's notebook URL) open their view; back and forward
switch views; a supervisor's and a trainer's pages work the same way; an agent asking for the
dashboard by the address gets the Chinese refusal. Switch times are printed (``-s``) and
compared with loading a page, not with a fixed limit."""
from __future__ import annotations

import time
from urllib.parse import urlparse

import psutil
import pytest

from .conftest import instance_env, login, screenshot

pytestmark = pytest.mark.browser
READY = 60_000
PHONE = {"width": 390, "height": 844}
PASSWORD = "OneApp-密码-2026"
SWITCH_TIMES: dict[str, float] = {}


@pytest.fixture(scope="module")
def people(server_home):
    """Users of this module only: no other test's kernels count against them."""
    from clientkit.store import Store

    with instance_env(server_home):
        store = Store.open()
        try:
            for name, role, team, label in (("oneapp_agent", "agent", "A组", "单页业务员"),
                                            ("oneapp_sup", "supervisor", "A组", "单页主管"),
                                            ("oneapp_trainer", "trainer", "", "单页培训师")):
                if store.find_user(name) is None:
                    store.add_user(name, PASSWORD, role=role, team=team, display_name=label)
        finally:
            store.close()
    return ("oneapp_agent", "oneapp_sup", "oneapp_trainer")


def server_kernels(base: str) -> int:
    """The ipykernel processes the server at ``base`` has started (its child processes)."""
    port = str(urlparse(base).port)
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "clientkit.serve" in cmd and port in cmd:
            count = 0
            for child in proc.children(recursive=True):
                try:
                    count += any("ipykernel" in part for part in child.cmdline())
                except psutil.Error:
                    pass
            return count
    raise AssertionError(f"no server process on port {port}")


def settled_kernels(base: str, expected: int, wait_s: float = 20) -> int:
    """The kernel count once it is ``expected`` (or after ``wait_s``: a kernel ends in the background)."""
    end = time.monotonic() + wait_s
    while (count := server_kernels(base)) != expected and time.monotonic() < end:
        time.sleep(0.5)
    return count


def path(page) -> str:
    return urlparse(page.url).path


def heading(page, name: str, level: int | None = None):
    return page.get_by_role("heading", name=name, exact=True, level=level)


def switch(page, what: str, click, ready) -> float:
    """Click, wait until the view is on screen; the seconds it took are kept for the report."""
    start = time.monotonic()
    click()
    ready.wait_for(timeout=READY)
    took = time.monotonic() - start
    SWITCH_TIMES[what] = round(took, 2)
    return took


def nav(page, label: str):
    return page.locator(".ck-nav:visible").get_by_role("link", name=label, exact=True)


def test_a_whole_visit_is_one_page_and_one_kernel(app_server, people, page):
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    # a server just started is still filling its pool (each warm kernel reads the content): wait
    from clientkit.serve.pool import POOL_SIZE

    before = settled_kernels(app_server, max(POOL_SIZE, server_kernels(app_server)), wait_s=90)
    start = time.monotonic()
    login(page, app_server, people[0], PASSWORD)
    assert path(page) == "/voila/render/index.ipynb"
    heading(page, "各章掌握程度").wait_for(timeout=READY)
    page_load = time.monotonic() - start  # sign-in and a page with its own kernel, for comparison
    page.evaluate("window.__sameDocument = true")  # gone if anything reloads the page
    screenshot(page, "one-app-home-1366x768")

    # 首页 → 第1章 by the chapter's link: the address is the chapter's own URL
    chapter1 = page.get_by_role("link", name="第1章 基本信息管理")
    first = switch(page, "首页→第1章（首次）", chapter1.click, heading(page, "第1章 基本信息管理", 1))
    assert path(page) == "/voila/render/ch01_basic.ipynb"
    page.get_by_role("tab", name="练习").click()
    page.get_by_role("button", name="换一题").click()
    page.locator(".widget-radio-box input[type=radio]:visible").first.wait_for()
    radio = page.locator(".widget-radio-box input[type=radio]:visible").first
    radio.check()  # answered, not submitted
    screenshot(page, "one-app-ch01-practice-1366x768")

    switch(page, "第1章→首页（已打开过）", nav(page, "首页").click, heading(page, "各章掌握程度"))
    switch(page, "首页→第3章（首次）", page.get_by_role("link", name="第3章 客户关系管理").click,
           heading(page, "第3章 客户关系管理", 1))
    assert path(page) == "/voila/render/ch03_relationship.ipynb"
    switch(page, "第3章→我的进度（首次）", nav(page, "我的进度").click, page.get_by_role("heading", name="各规则掌握情况"))
    assert path(page) == "/voila/render/progress.ipynb"
    screenshot(page, "one-app-progress-1366x768")

    # back: 第3章, 首页, 第1章 — inside the app, the answer still there; forward again
    page.go_back()
    heading(page, "第3章 客户关系管理", 1).wait_for()
    assert path(page) == "/voila/render/ch03_relationship.ipynb"
    page.go_back()
    heading(page, "各章掌握程度").wait_for()
    back = switch(page, "后退→第1章（已打开过）", page.go_back, heading(page, "第1章 基本信息管理", 1))
    assert path(page) == "/voila/render/ch01_basic.ipynb"
    assert page.get_by_role("tab", name="练习", selected=True).count() == 1
    assert page.locator(".widget-radio-box input[type=radio]:visible").first.is_checked()
    page.go_forward()
    heading(page, "各章掌握程度").wait_for()
    assert path(page) == "/voila/render/index.ipynb"

    assert page.evaluate("window.__sameDocument") is True
    kernel_ids = {urlparse(url).path.split("/")[3] for url in sockets if "/api/kernels/" in url}
    assert len(kernel_ids) == 1, sockets
    # at most one more kernel than before (the warm pool refills the one taken; kernels of earlier
    # tests' closed pages may be freed meanwhile, so the count can also fall): a kernel per view
    # would show as several more
    assert settled_kernels(app_server, before + 1) <= before + 1
    # not a timed test (the machine is shared): a switch must beat loading a page, by far when kept
    assert first < page_load and back < page_load / 3, (page_load, SWITCH_TIMES)
    print(f"\npage load with sign-in {page_load:.2f} s; view switch times (s):", SWITCH_TIMES)


def test_deep_links_open_their_view(app_server, people, page):
    login(page, app_server, people[0], PASSWORD)
    heading(page, "各章掌握程度").wait_for(timeout=READY)
    page.goto(f"{app_server}/voila/render/index.ipynb#ch03")
    heading(page, "第3章 客户关系管理", 1).wait_for(timeout=READY)
    assert path(page) == "/voila/render/ch03_relationship.ipynb"  # the address names the view
    assert not heading(page, "各章掌握程度").is_visible()
    switch(page, "第3章→首页（页面载入时已建）", nav(page, "首页").click, heading(page, "各章掌握程度"))
    page.go_back()
    heading(page, "第3章 客户关系管理", 1).wait_for()

    page.goto(f"{app_server}/voila/render/ch05_sharing.ipynb")
    heading(page, "第5章 客户档案使用与共享", 1).wait_for(timeout=READY)
    # a fragment typed into the address bar switches too
    page.evaluate("location.hash = 'progress'")
    page.get_by_role("heading", name="各规则掌握情况").wait_for(timeout=READY)
    assert path(page) == "/voila/render/progress.ipynb"
    # an agent asking for the dashboard by the address gets the refusal from Python
    page.evaluate("location.hash = 'dashboard'")
    page.get_by_text("无权访问").wait_for(timeout=READY)
    assert nav(page, "主管看板").count() == 0


def test_supervisor_and_trainer_pages_are_views_too(app_server, people, browser):
    for username, label, ready, notebook in ((people[1], "主管看板", "题目分析", "dashboard.ipynb"),
                                             (people[2], "培训师课堂", "新建课堂", "trainer.ipynb")):
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        try:
            sockets: list[str] = []
            page.on("websocket", lambda ws, s=sockets: s.append(ws.url))
            before = server_kernels(app_server)
            login(page, app_server, username, PASSWORD)
            heading(page, "各章掌握程度").wait_for(timeout=READY)
            switch(page, f"首页→{label}（首次）", nav(page, label).click, page.get_by_text(ready, exact=True).first)
            assert path(page) == f"/voila/render/{notebook}"
            assert nav(page, label).get_attribute("aria-current") == "page"
            screenshot(page, f"one-app-{notebook[:-6]}-1366x768")
            if username == people[1]:  # the older review page is a view as well
                page.evaluate("location.hash = 'review'")
                page.get_by_text("错得最多的规则").wait_for(timeout=READY)
                page.go_back()
                page.get_by_text(ready, exact=True).first.wait_for()
            else:
                assert "无权访问" not in page.inner_text("body")
            switch(page, f"{label}→首页（已打开过）", nav(page, "首页").click, heading(page, "各章掌握程度"))
            page.get_by_role("link", name="第2章 客户画像与分类").click()
            heading(page, "第2章 客户画像与分类", 1).wait_for(timeout=READY)
            page.go_back()
            page.go_back()
            page.get_by_text(ready, exact=True).first.wait_for(timeout=READY)
            assert path(page) == f"/voila/render/{notebook}"
            kernel_ids = {urlparse(url).path.split("/")[3] for url in sockets if "/api/kernels/" in url}
            assert len(kernel_ids) == 1, sockets
            assert settled_kernels(app_server, before + 1) <= before + 1  # see the whole-visit test
        finally:
            ctx.close()
    print("\nview switch times (s):", SWITCH_TIMES)


def test_the_menu_on_a_phone(app_server, people, browser):
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, app_server, people[1], PASSWORD)
        heading(page, "各章掌握程度").wait_for(timeout=READY)
        assert nav(page, "我的进度").count() == 0  # folded behind 菜单
        screenshot(page, "one-app-home-390x844")
        page.locator(".ck-menu-button:visible").click()
        nav(page, "我的进度").wait_for()
        screenshot(page, "one-app-menu-open-390x844")
        nav(page, "我的进度").click()
        page.get_by_role("heading", name="各规则掌握情况").wait_for(timeout=READY)
        assert path(page) == "/voila/render/progress.ipynb"
        assert nav(page, "首页").count() == 0  # the menu closed with the switch
        screenshot(page, "one-app-progress-390x844")
        page.locator(".ck-menu-button:visible").click()
        nav(page, "主管看板").click()
        page.get_by_text("题目分析", exact=True).first.wait_for(timeout=READY)
        screenshot(page, "one-app-dashboard-390x844")
    finally:
        ctx.close()
