"""Chapter-6 app headless: practice, assessment and the 合规检查 tool (checklist, due dates, masked findings)."""
import ipywidgets as w

from clientkit.service import sample_book
from clientkit.ui.chapter import ChapterApp
from tests.ui.conftest import open_tool


def test_chapter_six_practice_and_assessment(svc):
    app = ChapterApp(svc, 6)
    app.practice_new.click()
    assert app.practice_task.task.items
    app.practice_submit.click()
    assert "得分" in app.practice_feedback.value
    app.assess_start.click()
    assert len(app.assess_task.task.items) == 14


def test_compliance_tool_lists_items_due_dates_and_masked_findings(svc):
    app = ChapterApp(svc, 6)
    tool = open_tool(app, "合规检查")
    table = tool.children[1].value
    assert "档案调阅权限与调阅用途" in table and "不通过" in table and "2026-07-21" in table and "待整改" in table
    picker = next(c for c in tool.children if isinstance(c, w.Dropdown))
    detail = tool.children[-1]
    picker.value = "access"
    assert "C5-0" in detail.value
    picker.value = "identity"
    assert "C1-" in detail.value
    clients = sample_book().clients
    for value in list(clients["id_number"].dropna()) + list(clients["phone"].dropna()):
        assert value not in detail.value


def test_checklist_rows_name_their_columns_for_the_phone_cards(svc):
    """On a 390 px phone each checklist row is a card: every cell carries its column label
    (html.table's data-label) and a failed row keeps its tint (issue 10)."""
    from clientkit.ui.tools.ch6_compliance import render_items

    report = svc.compliance_report()
    page = render_items(report)
    failed = int((~report.items["passed"]).sum())
    assert failed and page.count('<tr class="ck-failed">') == failed
    assert page.count("<tr") == len(report.items) + 1  # the head row and one per item
    for label in ("检查项", "规则", "结论", "问题数", "整改期限", "跟进状态"):
        assert page.count(f'data-label="{label}"') == len(report.items)
    assert '<td data-label="结论">不通过</td>' in page and "nan" not in page.lower()
