"""Every file of issue 14 a user downloads, clicked in Chromium and read back (the ones not
covered elsewhere: 题库 and the rosters are in test_bank_roster.py / test_trainer_roster.py).

One class is planted in the store: trainer 吴培训师 ran 下载课 (chapter 1, 自测), 钱多多 (team
下载组) joined it and scored 7/10 = 70%; the trainer then made an onboarding assignment for the
class (chapter 2, pass mark 80%), and 钱多多's chapter-2 自测 after it scored 23/25 = 92%.

- the agent: 结业证明 from 首页 (name, assignment, 92%, the code; the code opened in the browser at
  /clientkit/verify is accepted with the name masked, an edited code refused) and the 个人自测报告
  from 我的进度 (name, 第2章 92%, 第1章 70%);
- 下载组's supervisor, who did not make the assignment: its completion as Excel and CSV from
  主管看板's 学习任务 tab (钱多多 已完成 92%, the creator named), the board's CSV and the 团队报告 PDF
  (the board's Excel export is clicked in test_class_session.py);
- the trainer: the class report as Excel and as PDF from the 课堂 tab (钱多多 70, 7 of 10).
"""
from __future__ import annotations

import io
import re
import subprocess
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from .conftest import instance_env, login, screenshot

pytestmark = pytest.mark.browser
READY = 60_000
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PEOPLE = {  # username: (password, role, team, display name)
    "dl_agent": ("dl-agent-密码1", "agent", "下载组", "钱多多"),
    "dl_sup": ("dl-sup-密码2", "supervisor", "下载组", "孔主管"),
    "dl_trainer": ("dl-trainer-密码3", "trainer", "", "吴培训师"),
}
TITLE = "下载组入职培训"


def _items(right: int, total: int, rule: str) -> list[dict]:
    return [{"item_id": f"q{i + 1}", "correct": i < right, "points": float(i < right), "max_points": 1.0,
             "rule_ids": [rule]} for i in range(total)]


@pytest.fixture(scope="module")
def planted(server_home, seeded_users) -> dict:
    from clientkit.service import Service
    from clientkit.service_assignments import local_date
    from clientkit.service_tasks import _now
    from clientkit.store import Store
    from tests.store.conftest import make_attempt

    now = _now().replace(microsecond=0)
    with instance_env(server_home):
        store = Store.open()
        try:
            users = {name: store.add_user(name, pw, role=role, team=team, display_name=label)
                     for name, (pw, role, team, label) in PEOPLE.items()}
            agent, trainer = users["dl_agent"], users["dl_trainer"]
            session = store.create_session(name="下载课", trainer_id=trainer.id, chapters=[1], mode="assessment")
            store.open_task(task_id="dl-join", user_id=agent.id, exercise_id=f"session:{session['id']}", chapter=1,
                            mode="assessment", seed=1, started_at=now - timedelta(hours=3), session_id=session["id"])
            store.record_attempt(make_attempt(
                agent.id, exercise_id=f"session:{session['id']}", chapter=1, mode="assessment",
                session_id=session["id"], score=0.7, points=7.0, max_points=10.0, items=_items(7, 10, "C1-08"),
                started_at=now - timedelta(hours=3), submitted_at=now - timedelta(hours=2, minutes=50)))
            made = Service(store, trainer).create_assignment(
                TITLE, [2], due=local_date(now) + timedelta(days=5), sessions=[session["id"]], onboarding=True,
                now=now - timedelta(hours=2))
            store.record_attempt(make_attempt(
                agent.id, exercise_id="assessment:ch02", chapter=2, mode="assessment", score=0.92, points=23.0,
                max_points=25.0, items=_items(23, 25, "C2-01"), started_at=now - timedelta(hours=1, minutes=20),
                submitted_at=now - timedelta(hours=1)))
        finally:
            store.close()
    return {"session": session, "assignment": made, "agent": agent}


def _context(browser, viewport=DESKTOP):
    ctx = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True, is_mobile=viewport == PHONE)
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    return ctx, page


def _sign_in(page, base, username):
    login(page, base, username, PEOPLE[username][0])


def _download(page, link, tmp_path, name):
    link.wait_for(timeout=READY)
    with page.expect_download() as info:
        link.click()
    path = tmp_path / name
    info.value.save_as(path)
    return info.value.suggested_filename, path


def _pdf_text(path) -> str:
    assert path.read_bytes().startswith(b"%PDF-")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def _row(text: str, name: str) -> list[str]:
    """The cells of the first line of ``pdftotext -layout`` output starting with ``name``."""
    line = next(x for x in text.splitlines() if x.strip().startswith(name))
    return line.split()


def test_agent_downloads_the_certificate_and_report_and_the_code_verifies(app_server, server_home, planted, browser,
                                                                          tmp_path):
    from clientkit.certificates import display
    from clientkit.store import Store
    from clientkit.store.assignments import certificate_of

    base = app_server
    ctx, page = _context(browser)
    try:
        _sign_in(page, base, "dl_agent")
        page.get_by_role("heading", name="已完成的学习任务").wait_for(timeout=READY)
        card = page.locator(".ck-assignment", has_text=TITLE)
        assert "已完成" in card.inner_text() and "最好成绩 92%" in card.inner_text()
        page.get_by_role("button", name="下载结业证明（PDF）").click()
        name, path = _download(page, page.locator("a.ck-download[download$='.pdf']"), tmp_path, "cert.pdf")
        assert name == f"结业证明-{TITLE}.pdf"
        page.locator("a.ck-download").scroll_into_view_if_needed()
        screenshot(page, "download-certificate-home-1366x768")
        text = _pdf_text(path)
        assert "结业证明" in text and "钱多多" in text and f"「{TITLE}」" in text and "自测成绩 92%" in text
        code = re.search(r"校验码\s+([A-Z2-7]{5}(?:-[A-Z2-7]{5})+)", text).group(1)
        with instance_env(server_home):  # the code printed is the one stored for this holder
            store = Store.open()
            try:
                stored = certificate_of(store, planted["assignment"]["id"], planted["agent"].id)["code"]
            finally:
                store.close()
        assert code == display(stored)

        page.goto(f"{base}/clientkit/verify")  # as someone checking a printed certificate would
        page.fill("#code", code.lower())
        page.click("form button[type=submit]")
        page.locator("#verify-result").wait_for()
        assert page.inner_text("#verify-result") == "结业证明有效"
        detail = page.inner_text("p.notice")
        assert "钱**" in detail and "钱多多" not in detail and TITLE in detail and "92%" in detail
        screenshot(page, "download-verify-valid-1366x768")
        last = code[-1]
        edited = code[:-1] + ("A" if last != "A" else "B")
        page.goto(f"{base}/clientkit/verify/{edited}")
        assert page.inner_text("#verify-result") == "校验码无效"
        assert "钱" not in page.inner_text("body")
        screenshot(page, "download-verify-invalid-1366x768")

        page.goto(f"{base}/voila/render/progress.ipynb")
        page.get_by_text("各规则掌握情况").first.wait_for(timeout=READY)
        page.get_by_role("button", name="下载个人自测报告（PDF）").click()
        name, path = _download(page, page.locator("a.ck-download[download$='.pdf']"), tmp_path, "report.pdf")
        assert name.startswith("个人自测报告-")
        text = _pdf_text(path)
        assert "个人自测报告" in text and "业务员：钱多多" in text and "团队：下载组" in text
        # 章节, 练习次数, 练习平均, 自测次数, 自测最好成绩, 掌握度
        assert _row(text, "第2章")[2:] == ["0", "—", "1", "92%", "92%"]
        assert _row(text, "第1章")[2:] == ["0", "—", "1", "70%", "70%"]
        assert _row(text, "C2-01")[-3:] == ["25", "23", "92%"]
    finally:
        ctx.close()


def test_supervisor_exports_a_trainers_assignment_and_the_team_report(app_server, planted, browser, tmp_path):
    base = app_server
    ctx, page = _context(browser)
    try:
        _sign_in(page, base, "dl_sup")
        page.goto(f"{base}/voila/render/dashboard.ipynb")
        page.get_by_text("题目分析").filter(visible=True).first.wait_for(timeout=READY)
        page.get_by_role("tab", name="学习任务").click()
        panel = page.locator(".widget-tab-contents, .lm-TabPanel-stackedPanel").filter(has_text="任务完成情况").first
        page.get_by_text("共 1 人：已完成 1 人").wait_for(timeout=READY)
        picker = page.locator(".widget-dropdown").filter(has_text="任务").locator("select").last
        assert f"{TITLE}（" in picker.inner_text() and "吴培训师布置" in picker.inner_text()
        table = page.locator("table.ck-table", has_text="钱多多").first
        assert table.locator("td").all_inner_texts()[:4] == ["钱多多", "下载组", "已完成", "92%"]
        page.get_by_text("共 1 人：已完成 1 人").scroll_into_view_if_needed()
        screenshot(page, "download-assignment-dashboard-1366x768")

        panel.get_by_role("button", name="导出 Excel").click()
        name, path = _download(page, panel.locator("a.ck-download[download$='.xlsx']"), tmp_path, "assign.xlsx")
        assert name.startswith(f"学习任务-{TITLE}-") and name.endswith(".xlsx")
        wb = load_workbook(path)
        assert wb.sheetnames == ["完成情况", "任务设置"]
        rows = [[c.value for c in r] for r in wb["完成情况"].iter_rows()]
        assert rows[0] == ["业务员", "团队", "状态", "成绩", "完成时间"]
        assert [r[:4] for r in rows[1:]] == [["钱多多", "下载组", "已完成", "92%"]]
        settings = {r[0].value: r[1].value for r in wb["任务设置"].iter_rows(min_row=2)}
        assert settings["布置人"] == "吴培训师" and settings["结业证明"] == "是" and settings["及格线"] == "80%"

        panel.get_by_role("button", name="导出 CSV").click()
        name, path = _download(page, panel.locator("a.ck-download[download$='.csv']"), tmp_path, "assign.csv")
        assert name.endswith(".csv")
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
        assert lines[0] == "业务员,团队,状态,成绩,完成时间" and lines[1].startswith("钱多多,下载组,已完成,92%,")
        assert len(lines) == 2

        page.get_by_role("button", name="导出 CSV（当前页）").click()  # on this tab: 掌握程度
        name, path = _download(page, page.locator("a.ck-download[download^='主管看板-']"), tmp_path, "dash.csv")
        assert name.startswith("主管看板-掌握程度-") and name.endswith(".csv")
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
        assert lines[0].split(",")[:3] == ["业务员", "第1章", "第2章"]
        assert [(x.split(",")[0], *map(float, x.split(",")[1:3])) for x in lines[1:]] == [("钱多多", 70, 92)]

        page.get_by_role("button", name="下载团队报告（PDF）").click()
        name, path = _download(page, page.locator("a.ck-download[download$='.pdf']"), tmp_path, "team.pdf")
        assert name.startswith("团队学习报告-")
        text = _pdf_text(path)
        assert "团队学习报告" in text and "团队：下载组" in text
        assert _row(text, "钱多多")[1:3] == ["70", "92"]  # 掌握程度: 第1章 70, 第2章 92
        screenshot(page, "download-team-report-1366x768")
    finally:
        ctx.close()


def test_trainer_downloads_the_class_report_as_excel_and_pdf(app_server, planted, browser, tmp_path):
    base = app_server
    code = planted["session"]["code"]
    ctx, page = _context(browser)
    try:
        _sign_in(page, base, "dl_trainer")
        page.goto(f"{base}/voila/render/trainer.ipynb")
        page.get_by_text("新建课堂").first.wait_for(timeout=READY)
        page.get_by_text("课堂代码").first.wait_for(timeout=READY)
        assert code in page.inner_text("body")
        page.get_by_role("button", name="导出课堂报告").click()
        name, path = _download(page, page.locator("a.ck-download[download$='.xlsx']"), tmp_path, "class.xlsx")
        assert name == f"课堂报告-{code}.xlsx"
        sheet = load_workbook(path)["按业务员"]
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        assert rows[0][:6] == ["业务员", "团队", "状态", "得分(%)", "得分", "满分"]
        assert rows[1][:6] == ["钱多多", "下载组", "已提交", 70, 7, 10]

        page.get_by_role("button", name="下载课堂报告（PDF）").click()
        name, path = _download(page, page.locator("a.ck-download[download$='.pdf']"), tmp_path, "class.pdf")
        assert name == f"课堂报告-{code}.pdf"
        text = _pdf_text(path)
        assert "课堂报告" in text and f"课堂：下载课（{code}）" in text and "类型：自测" in text
        assert _row(text, "钱多多")[1:6] == ["下载组", "已提交", "70", "7", "10"]
        page.locator("a.ck-download[download$='.pdf']").scroll_into_view_if_needed()
        screenshot(page, "download-class-report-1366x768")
    finally:
        ctx.close()
