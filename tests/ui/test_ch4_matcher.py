"""The chapter-4 app and its 产品匹配 tab, driven headless with ``.click()``."""

from clientkit.ui.chapter import ChapterApp


def _open_matcher(app):
    titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    assert titles[:3] and "产品匹配" in titles
    app.tabs.selected_index = titles.index("产品匹配")
    box = app.tabs.children[titles.index("产品匹配")].children[0]
    return box.form


def test_matcher_tab_manual_needs(svc):
    app = ChapterApp(svc, 4)
    form = _open_matcher(app)
    form.run.click()
    html = form.out.value
    assert "可推荐的产品" in html and "安盈定期寿险" in html and "C4-05" in html


def test_matcher_from_a_masked_sample_client(svc):
    app = ChapterApp(svc, 4)
    form = _open_matcher(app)
    labels = [label for label, value in form.client.options if value != "__manual__"]
    assert labels and all("*" in label for label in labels[:20])          # names masked
    form.client.value = form.client.options[3][1]
    form.run.click()
    assert "不推荐的产品" in form.out.value


def test_bad_input_shows_a_chinese_message_not_a_traceback(svc):
    app = ChapterApp(svc, 4)
    form = _open_matcher(app)
    form.income.value = -1
    form.run.click()
    assert form.out.value == ""
    shown = form.note.value
    assert "不能为负数" in shown and "Traceback" not in shown


def test_practice_and_assessment_of_chapter4(svc):
    app = ChapterApp(svc, 4)
    app.practice_new.click()
    assert app.practice_task is not None and app.practice_task.task.items
    app.practice_submit.click()
    assert "得分" in app.practice_feedback.value and "C4-" in app.practice_feedback.value


def test_effect_tab_shows_the_sample_book_metrics(svc):
    app = ChapterApp(svc, 4)
    titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    app.tabs.selected_index = titles.index("推荐效果")
    html = app.tabs.children[titles.index("推荐效果")].children[0].children[1].value
    assert "全部保单" in html and "犹豫期撤单率" in html and "%" in html
    rows = svc.recommendation_effect()
    assert rows[0]["label"] == "" and rows[0]["n_policies"] >= sum(r["n_policies"] for r in rows[1:]) > 0
