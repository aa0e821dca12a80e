"""Chapter-5 app headless: practice, assessment and the 调阅记录审查 tool (flagged lines, codes only)."""
import ipywidgets as w

from clientkit.service import sample_book
from clientkit.ui.chapter import ChapterApp
from tests.ui.conftest import open_tool


def test_chapter_five_practice_and_assessment(svc):
    app = ChapterApp(svc, 5)
    app.practice_new.click()
    assert app.practice_task.task.items
    app.practice_submit.click()
    assert "得分" in app.practice_feedback.value and "C5-" in app.practice_feedback.value
    app.assess_start.click()
    assert len(app.assess_task.task.items) == 14


def test_access_tool_shows_flagged_lines_without_personal_data(svc):
    app = ChapterApp(svc, 5)
    tool = open_tool(app, "调阅记录审查")
    switch = next(c for c in tool.children if isinstance(c, w.Checkbox))
    html = tool.children[-1]
    book = sample_book()
    flagged = svc.access_review(only_flagged=True)
    assert len(flagged) == len(book.defects[book.defects["rule_id"].isin(["C5-01", "C5-02", "C5-03"])])
    assert "ck-flagged" in html.value and "C5-03" in html.value and "个人销售人员下载了双录音视频" in html.value
    assert html.value.count("<tr") == len(flagged) + 1
    switch.value = False
    assert html.value.count("<tr") == min(len(book.access_log), 200) + 1
    for name in book.clients["name"].dropna().head(50):
        assert name not in html.value
