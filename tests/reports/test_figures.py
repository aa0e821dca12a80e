"""Plotly figures (clientkit/reports/figures.py): data texts never become live HTML in a figure."""
import pandas as pd

from clientkit.reports import figures

EVIL = '<a href="http://evil.example:18999/">点我领取奖励</a><b>粗</b>'


def _texts(fig) -> str:
    return fig.to_json()


def test_heatmap_escapes_display_names_in_axis_and_hover():
    matrix = pd.DataFrame({"业务员": [EVIL, "李四"], "第1章": [50.0, 90.0]})
    fig = figures.heatmap(matrix)
    assert list(fig.data[0].y) == ['&lt;a href="http://evil.example:18999/"&gt;点我领取奖励&lt;/a&gt;&lt;b&gt;粗&lt;/b&gt;',
                                   "李四"]
    assert "<a" not in _texts(fig) and "<b>" not in _texts(fig)


def test_misses_trend_and_distribution_escape_their_texts():
    misses = pd.DataFrame({"答错人数占比(%)": [40.0], "规则": ["<b>C1-01</b>"], "内容": [EVIL]})
    trend = pd.DataFrame({"类型": ["<i>自测</i>"], "日期": ["2026-12-01"], "平均得分(%)": [70.0]})
    dist = pd.DataFrame({"章节": ["<a href=x>第1章</a>"], "分数段": ["<60"], "人次": [3]})
    for fig in (figures.misses(misses), figures.trend(trend), figures.distribution(dist)):
        text = _texts(fig)
        assert "<a" not in text and "<b>" not in text and "<i>" not in text
    assert figures.misses(misses).data[0].y[0] == "&lt;b&gt;C1-01&lt;/b&gt;"
    assert figures.distribution(dist).data[0].x[0] == "&lt;60"


def test_radar_leaves_its_title_to_the_page_heading():
    """我的进度 shows the radar under the heading 「各章掌握程度」; a title of its own repeated it."""
    chapters = pd.DataFrame({"chapter": [1, 2, 3], "mastery": [0.8, None, 0.5]})
    fig = figures.radar(chapters)
    assert not fig.layout.title.text
    assert list(fig.data[0].r) == [80, 0, 50, 80] and list(fig.data[0].theta)[:3] == ["第1章", "第2章", "第3章"]
