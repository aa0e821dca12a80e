"""The chapter-8 指标 tool built headless: every KPI with value, fraction and formula; the log."""
import ipywidgets as w
import pytest

from clientkit.service import Service
from clientkit.store import Store
from clientkit.ui.tools import ch8_kpis, tools_for


@pytest.fixture
def svc(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'ui.db'}")
    user = s.add_user("agent8", "pw-agent-8", role="agent", team="一组", display_name="测试")
    yield Service(s, user)
    s.close()


def test_tool_is_registered_for_chapter_8():
    assert ch8_kpis in tools_for(8) and ch8_kpis.TITLE == "指标"


def test_kpi_tab_shows_every_kpi_with_formula(svc):
    on, kpis, log = svc.kpi_view()
    widget = ch8_kpis.build(svc, page=None)
    assert isinstance(widget, w.VBox)
    html = "".join(c.value for c in widget.children if isinstance(c, w.HTML))
    for name in kpis["name"]:
        assert name in html
    assert html.count("÷") >= len(kpis) and "13个月保费继续率" in html and "NPS" in html
    assert "逾期" not in html or "按期完成" in html
    rect = kpis.set_index("kpi").loc["rectification_on_time"]
    assert (rect["numerator"], rect["denominator"]) == (2, 3)  # sample log: one of three due items closed late
    assert len(log) == 4 and on.isoformat() in html
    training = svc.training_view()
    assert len(training) and (training["shortfall"] == (30 - training["training_hours"].astype(float)).clip(lower=0)).all()
    assert "本年培训学时" in html and all(a in html for a in training["agent_id"])


def test_provisional_kpis_carry_the_calendar_note():
    from datetime import date

    from clientkit.model.book import Book
    from clientkit.rules.ch8_kpis import kpis

    out = kpis(Book.empty(), date(2027, 1, 31))
    assert "按法定节假日推算" not in ch8_kpis.render_kpis(out)
    out.attrs["provisional"] = ["complaint_on_time"]
    html = ch8_kpis.render_kpis(out)
    assert "投诉按期办结率（暂定）" in html and html.count("（暂定）") == 2  # the row and the note
    assert "按法定节假日推算，待国务院公布调休安排后以公司日历为准" in html
