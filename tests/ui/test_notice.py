"""Messages beside their controls (issue 10): the Notice, guarded(notice), outlined items and
「暂无数据」 for a chart with nothing to draw."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from clientkit.errors import InputError
from clientkit.ui.components import ItemForm, Notice, guarded, show_figure


def test_the_same_message_twice_scrolls_twice_and_errors_are_chinese():
    note = Notice()
    note.show("warn", "第 2 题尚未作答")
    first = note.seq
    note.show("warn", "第 2 题尚未作答")
    assert note.seq == first + 1 and "第 2 题尚未作答" in note.value and "ck-warn" in note.value

    @guarded(note)
    def fails(_b=None):
        raise InputError("dash.s_pick_first")

    fails()
    assert "请先在“我的课堂”中选择一个课堂" in note.value
    guarded(note)(lambda: 1 / 0)()
    assert "ZeroDivisionError" not in note.value and "ck-error" in note.value
    note.clear()
    assert note.value == ""


def test_mark_outlines_only_the_named_items():
    class Item:  # the fields ItemForm reads
        def __init__(self, n):
            self.item_id, self.prompt, self.context, self.input, self.options, self.unit = f"i{n}", "问", "", "text", (), None

    form = ItemForm([Item(1), Item(2), Item(3)])
    form.mark([2, 3])
    assert ["ck-invalid" in box._dom_classes for box in form.widget.children] == [False, True, True]
    form.mark(())
    assert not any("ck-invalid" in box._dom_classes for box in form.widget.children)


def test_a_chart_with_nothing_to_draw_says_no_data():
    from clientkit.reports import figures

    out = w.Output()
    show_figure(out, figures.trend(pd.DataFrame({"类型": [], "日期": [], "平均得分(%)": []})))
    shown = out.outputs[0]["data"]
    assert "暂无数据" in shown["text/html"] and "成绩趋势" in shown["text/html"]
    show_figure(out, None, title="各章掌握程度")
    assert "各章掌握程度" in out.outputs[0]["data"]["text/html"]
    show_figure(out, figures.trend(pd.DataFrame({"类型": ["自测"], "日期": ["2026-12-01"], "平均得分(%)": [80.0]})))
    assert "application/vnd.plotly.v1+json" in out.outputs[0]["data"]


def test_a_heatmap_of_agents_without_attempts_says_no_data():
    """Issue 10 walk: 主管看板 of a team whose agents have no attempt drew a blank heatmap (every
    cell NaN) under its title; a cell of 0 % is data and is drawn."""
    from clientkit.reports import figures

    out = w.Output()
    nobody = pd.DataFrame({"业务员": ["王小明", "赵丽"], "第1章": [float("nan")] * 2, "第2章": [float("nan")] * 2})
    show_figure(out, figures.heatmap(nobody), title="各章掌握程度（业务员 × 章节）")
    assert "暂无数据" in out.outputs[0]["data"]["text/html"]
    nobody.loc[0, "第1章"] = 0.0
    show_figure(out, figures.heatmap(nobody))
    assert "application/vnd.plotly.v1+json" in out.outputs[0]["data"]
