"""Chapter-2 app headless: practice, assessment and the 客户画像 tool (masked, stale tags marked)."""
import ipywidgets as w

from clientkit.service import sample_book
from clientkit.ui.chapter import ChapterApp
from tests.ui.conftest import open_tool


def test_chapter_two_practice_and_assessment(svc):
    app = ChapterApp(svc, 2)
    app.practice_new.click()
    assert app.practice_task.task.items
    app.practice_submit.click()
    assert "得分" in app.practice_feedback.value and "C2-" in app.practice_feedback.value
    app.assess_start.click()
    assert len(app.assess_task.task.items) == 16


def test_profile_tool_tab_shows_masked_tags_with_stale_marks(svc):
    app = ChapterApp(svc, 2)
    tool = open_tool(app, "客户画像")
    picker = next(c for c in tool.children if isinstance(c, w.Dropdown))
    html = next(c for c in tool.children[2:] if isinstance(c, w.HTML))
    assert "风险承受能力等级" in html.value and "RFM 细分" in html.value
    clients = sample_book().clients.set_index("client_id")
    for label, cid in picker.options[:20]:
        assert clients.loc[cid, "name"] not in label          # names masked
    stale = [cid for _, cid in picker.options if svc.client_profile(cid)["stale"].any()]
    assert stale, "the sample book should have some stale tags"
    picker.value = stale[0]
    assert "待刷新" in html.value and "ck-stale" in html.value
    number = clients.loc[stale[0], "id_number"]
    assert not isinstance(number, str) or number not in html.value
