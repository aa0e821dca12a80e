"""Plotly figures of the dashboard and the progress page, with Chinese labels.

plotly is imported inside each function so that chapter pages, which never draw a figure, do not
pay for it. Every function takes a labelled view from :mod:`clientkit.reports.dashboard` (or
:mod:`clientkit.reports.recommend`) and returns a ``plotly.graph_objects.Figure``.

Plotly draws a subset of HTML in every label, legend and hover (``<a href>``, ``<b>``, ``<br>``),
so each text that comes from data (display names, chapter and rule texts, legend names) passes
through :func:`label` first: a display name ``<a href=…>`` shows as text, never as a live link.
"""
from __future__ import annotations

import html

import pandas as pd

FONT = dict(family="WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif", size=12)


def label(value) -> str:
    """``value`` as a plotly text with HTML escaped (plotly decodes the entities back to text)."""
    return html.escape(str(value), quote=False)  # plotly knows &lt; &gt; &amp;, not &quot;


def labels(values) -> list[str]:
    return [label(v) for v in values]


def _layout(fig, title: str, height: int = 360):
    fig.update_layout(title=dict(text=title, x=0.01), font=FONT, height=height,
                      margin=dict(l=60, r=20, t=50, b=50), paper_bgcolor="white", plot_bgcolor="white")
    return fig


def heatmap(matrix: pd.DataFrame, max_rows: int = 50):
    """Agents × chapters mastery (%); ``matrix`` has the agent names in its first column. With
    more than ``max_rows`` agents only the weakest are drawn (the export has everyone)."""
    import plotly.graph_objects as go

    m = matrix.set_index(matrix.columns[0])
    title = "各章掌握程度（业务员 × 章节）"
    if len(m) > max_rows:
        m = m.loc[m.mean(axis=1).fillna(-1).sort_values(kind="stable").index[:max_rows]]
        title = f"各章掌握程度（最弱的 {max_rows} 位业务员，共 {len(matrix)} 位）"
    fig = go.Figure(go.Heatmap(z=m.to_numpy(dtype=float), x=labels(m.columns), y=labels(m.index), zmin=0, zmax=100,
                               colorscale="RdYlGn", colorbar=dict(title="掌握%"),
                               hovertemplate="%{y} · %{x}：%{z:.0f}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=max(300, 80 + 24 * len(m)))


def trend(view: pd.DataFrame):
    import plotly.graph_objects as go

    fig = go.Figure()
    for mode, part in view.groupby("类型"):
        fig.add_trace(go.Scatter(x=part["日期"], y=part["平均得分(%)"], mode="lines+markers", name=label(mode)))
    fig.update_yaxes(title="平均得分（%）", range=[0, 100])
    fig.update_xaxes(title="日期", tickformat="%Y-%m-%d")
    return _layout(fig, "成绩趋势")


def distribution(view: pd.DataFrame):
    import plotly.graph_objects as go

    fig = go.Figure()
    for chapter, part in view.groupby("章节", sort=False):
        fig.add_trace(go.Bar(x=labels(part["分数段"]), y=part["人次"], name=label(chapter)))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title="分数段")
    fig.update_yaxes(title="人次")
    return _layout(fig, "各章自测成绩分布")


def misses(view: pd.DataFrame, top: int = 10):
    import plotly.graph_objects as go

    v = view.head(top).iloc[::-1]
    fig = go.Figure(go.Bar(x=v["答错人数占比(%)"], y=labels(v["规则"]), orientation="h",
                           hovertext=labels(v["内容"]), hovertemplate="%{y}：%{x:.0f}% 的业务员答错<extra></extra>"))
    fig.update_xaxes(title="答错的业务员占比（%）", range=[0, 100])
    return _layout(fig, "错得最多的规则", height=max(260, 60 + 28 * len(v)))


def radar(chapters: pd.DataFrame):
    """My mastery per chapter as a radar (``chapters`` from ``reports.progress``). No title of
    its own: 我的进度 shows it under its heading 「各章掌握程度」 (the same words twice before)."""
    import plotly.graph_objects as go

    values = [0 if pd.isna(m) else round(float(m) * 100) for m in chapters["mastery"]]
    labels = [f"第{n}章" for n in chapters["chapter"]]
    fig = go.Figure(go.Scatterpolar(r=values + values[:1], theta=labels + labels[:1], fill="toself", name="掌握程度"))
    fig.update_layout(polar=dict(radialaxis=dict(range=[0, 100], ticksuffix="%")), showlegend=False)
    _layout(fig, "", height=360)
    return fig.update_layout(margin=dict(l=50, r=50, t=30, b=30))  # room for labels on a phone


def bundle(fig) -> dict:
    """A display-data output for an ipywidgets ``Output`` (rendered by jupyterlab-plotly)."""
    import json

    data = json.loads(fig.to_json())
    return {"output_type": "display_data", "metadata": {},
            "data": {"application/vnd.plotly.v1+json": {**data, "config": {"displaylogo": False, "displayModeBar": False}},
                     "text/plain": "<图表>"}}
