"""The chapter-3 期限计算 tool built headless (issue 8 §2): 2027 dates come from the statutory
calendar layer and carry the note; a company calendar for 2027 removes it. Worked by hand:
2027-09-16 + 15 days = 10-01 国庆 (Fri), 10-2/10-3 weekend, 10-4/10-5 补假 → Wednesday 10-06;
with a company file listing 10-01…10-07 off, 10-08 (Friday)."""
from datetime import date

import ipywidgets as w

from clientkit.ui.tools import ch3_deadlines, tools_for

NOTE = "按法定节假日推算，待国务院公布调休安排后以公司日历为准"


def _run(tool, kind, day):
    box = tool.children
    box[1].value = kind
    box[2].children[0].value = day
    box[2].children[1].click()
    return box[-1].value  # box[-2]: the message area beside 计算


def test_tool_is_registered_for_chapter_3():
    assert ch3_deadlines in tools_for(3) and ch3_deadlines.TITLE == "期限计算"


def test_a_2027_deadline_is_shown_with_the_provisional_note(svc, tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    tool = ch3_deadlines.build(svc, page=None)
    assert isinstance(tool, w.VBox)
    html = _run(tool, "complaint_simple", date(2027, 9, 16))
    assert "2027-10-06 星期三（暂定）" in html and NOTE in html
    html = _run(tool, "complaint_simple", date(2026, 3, 2))  # published calendar: 3-17, no note
    assert "2026-03-17 星期二" in html and NOTE not in html and "暂定" not in html
    html = _run(tool, "lapse", date(2027, 2, 3))  # 60 days → Sunday 4-4 → 4-5 清明 → 4-6
    assert "宽限期最后一日" in html and "2027-04-06" in html and "2027-04-07" in html and NOTE in html


def test_a_company_calendar_removes_the_note(svc, tmp_path, monkeypatch):
    from clientkit.model.holiday_file import install

    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    src = tmp_path / "2027.yaml"
    src.write_text("2027:\n  days_off:\n    - 2027-10-01 ~ 2027-10-07\n", encoding="utf-8")
    install(src)
    html = _run(ch3_deadlines.build(svc, page=None), "complaint_simple", date(2027, 9, 16))
    assert "2027-10-08 星期五" in html and NOTE not in html
