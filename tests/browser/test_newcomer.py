"""The README's first command, as a newcomer runs it in a fresh clone (issue 8 §1).

``./dev serve`` with no ``CLIENTKIT_*`` variable, the clone's root as working directory and
today's date: sign in with the printed demo password, 首页 lists the chapters, chapter 1's
练习 takes an answer, 首页's history shows it; Ctrl+C and start again: the account and the
attempt are still there and no second password is printed. Then the CLI from the repository
root: ``clientkit users add`` and sign in with that account.
"""
from __future__ import annotations

import subprocess
from urllib.parse import urlparse

import pytest

from .conftest import change_password, login, screenshot
from .newcomer import DevServe, fresh_clone, user_env

pytestmark = pytest.mark.browser
READY = 90_000
NEW_PASSWORD = "Newcomer-新密码-2026"


def open_home(page, base):
    page.goto(f"{base}/voila/render/index.ipynb")
    page.get_by_role("heading", name="各章掌握程度").wait_for(timeout=READY)


def practise_once(page, base):
    """Open chapter 1 from 首页's link, submit one 练习 variant, see its score."""
    page.get_by_role("link", name="第1章 基本信息管理").first.click()
    page.get_by_text("查看样例").first.wait_for(timeout=READY)
    page.get_by_role("tab", name="练习").click()
    page.get_by_role("button", name="换一题").click()
    page.get_by_text("第 1 题").first.wait_for()
    page.locator(".widget-radio-box input[type=radio]").first.check()
    page.get_by_role("button", name="提交并查看解析").click()
    page.get_by_text("得分").first.wait_for()


def test_readme_serve_in_a_fresh_clone(tmp_path, browser):
    root = fresh_clone(tmp_path / "clientkit")
    first = DevServe(root)
    try:
        first.wait_until_serving()
        passwords = first.demo_passwords()
        assert set(passwords) == {"demo_agent", "demo_supervisor"}, first.lines

        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        login(page, first.url, "demo_agent", passwords["demo_agent"])
        # a printed demo password is one-time: the first sign-in asks for a new one
        assert urlparse(page.url).path == "/clientkit/password"
        change_password(page, passwords["demo_agent"], NEW_PASSWORD)
        page.get_by_role("heading", name="各章掌握程度").wait_for(timeout=READY)
        body = page.inner_text("body")
        assert "登录已过期" not in body
        assert "第1章 基本信息管理" in body and "第8章" in body
        screenshot(page, "newcomer-home-1366x768")
        practise_once(page, first.url)
        open_home(page, first.url)
        page.get_by_text("我的练习与自测记录").wait_for()
        history = page.inner_text("body")
        assert "练习" in history and "第1章" in history
        ctx.close()
        assert first.ctrl_c() in (0, 130)
    finally:
        first.kill()

    # one instance folder where the command ran; no second one beside the notebooks
    assert (root / "var" / "clientkit.db").is_file() and (root / "var" / "secret.key").is_file()
    assert not (root / "notebooks" / "var").exists()
    # and only this account can read it: the folder 700, every file in it 600
    assert (root / "var").stat().st_mode & 0o077 == 0
    assert all(p.stat().st_mode & 0o077 == 0 for p in (root / "var").rglob("*") if p.is_file())

    # the CLI from the repository root, as README says, writes to the same instance
    added = subprocess.run([str(root / ".venv" / "bin" / "clientkit"), "users", "add", "xinren",
                            "--role", "agent", "--team", "新人组", "--name", "新人", "--password", "Xinren-密码-2026"],
                           cwd=root, env=user_env(), capture_output=True, text=True)
    assert added.returncode == 0, added.stderr

    second = DevServe(root)
    try:
        second.wait_until_serving()
        assert second.demo_passwords() == {}, "a second start must not make or print passwords"
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        login(page, second.url, "demo_agent", NEW_PASSWORD)
        page.get_by_text("我的练习与自测记录").wait_for(timeout=READY)
        body = page.inner_text("body")
        assert "练习" in body and "第1章" in body and "还没有记录" not in body
        ctx.close()

        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        login(page, second.url, "xinren", "Xinren-密码-2026")
        page.get_by_role("heading", name="各章掌握程度").wait_for(timeout=READY)
        assert "新人" in page.inner_text("body")
        ctx.close()
        assert second.ctrl_c() in (0, 130)
    finally:
        second.kill()
