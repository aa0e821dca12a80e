"""题目分析: one card per source question (text, options, key, where it appeared, difficulty and
discrimination), shared by the 主管看板 tab and the trainers' own page (item_analysis.ipynb).
The page only collects filters; the service decides whose attempts count (``item_scopes``)."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.chapters import CHAPTERS
from clientkit.i18n import t
from clientkit.store.dashboard import MIN_ATTEMPTS_FOR_FLAGS
from clientkit.ui import html
from clientkit.ui.components import Page, button, download_link, guarded, nav_links

MAX_CARDS = 300
_STATS = ("作答次数", "难度(答对率%)", "区分度(点二列)")


def _value(v, digits: int) -> str:
    if v is None or pd.isna(v):
        return "—"
    return f"{float(v):.{digits}f}" if isinstance(v, float) else str(v)


def cards(df: pd.DataFrame | None) -> str:
    """The item analysis as cards (readable at 390 px and 1366 px alike); 「暂无数据」 when empty."""
    if df is None or len(df) == 0:
        return html.panel("info", t("ui.no_data"))
    out = []
    for _, r in df.head(MAX_CARDS).iterrows():
        head = " · ".join(x for x in (r["章节"], r["类型"], r["题库版本"]) if x)
        where = f'<div class="ck-muted">{escape(t("dash.items_where"))}{escape(r["出现于"])}</div>' if r["出现于"] else ""
        options = (f'<div><strong>{escape(t("dash.items_options"))}</strong>{escape(r["选项"])}</div>'
                   if r["选项"] else "")
        key = f'<div><strong>{escape(t("dash.items_key"))}</strong>{escape(r["答案"])}</div>' if r["答案"] else ""
        stats = "　".join(f"{escape(c)}：{escape(_value(r[c], 3 if c.startswith('区分度') else 1))}" for c in _STATS)
        flag = f'　<span class="ck-bad"><strong>{escape(r["提示"])}</strong></span>' if r["提示"] else ""
        out.append(
            '<div class="ck-card ck-item-stat" style="margin:8px 0;padding:8px 10px;line-height:1.5;overflow-wrap:anywhere">'
            f'<div class="ck-muted">{escape(head)}</div>'
            f'<div style="white-space:pre-line;margin:4px 0">{escape(r["题目"])}</div>'
            f"{options}{key}{where}<div>{stats}{flag}</div></div>")
    more = ""
    if len(df) > MAX_CARDS:
        more = f'<p class="ck-muted">{escape(t("ui.rows_truncated", shown=MAX_CARDS, total=len(df)))}</p>'
    return "".join(out) + more


class ItemAnalysisApp:
    """The trainers' 题目分析 page (supervisors and admins may open it too)."""

    def __init__(self, service) -> None:
        self.service = service
        self.page = Page(t("dash.items_title"), service.user, nav_links(service.user))
        g = guarded(self.page)
        style = {"description_width": "initial"}
        everyone = [(t("dash.all"), "")]
        chapters = [(f"第{c.number}章", c.number) for c in CHAPTERS if c.available]
        self.chapter = w.Dropdown(options=everyone + chapters, description=t("dash.f_chapter"), style=style,
                                  layout=w.Layout(width="150px"))
        self.mode = w.Dropdown(options=everyone + [("练习", "practice"), ("自测", "assessment")],
                               description=t("dash.f_mode"), style=style, layout=w.Layout(width="140px"))
        sessions = service.item_analysis_sessions()
        self.session = w.Dropdown(options=everyone + [(s["name"], s["id"]) for s in sessions],
                                  description=t("dash.f_session"), style=style,
                                  layout=w.Layout(width="280px", max_width="100%"))
        self.apply = button(t("dash.apply"), "primary")
        self.xlsx = button(t("dash.export_xlsx"))
        self.link = w.HTML()
        self.out = w.HTML()
        self.apply.on_click(g(lambda _b: self.refresh()))
        self.xlsx.on_click(g(lambda _b: self._export()))
        scope = "dash.items_scope_trainer" if service.user.role == "trainer" else "dash.items_scope_team"
        intro = html.panel("info", t(scope) + t("dash.items_intro", min=MIN_ATTEMPTS_FOR_FLAGS))
        filters = w.HBox([self.chapter, self.mode, self.session, self.apply, self.xlsx, self.link],
                         layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.page.body.children = [w.HTML(intro), filters, self.out]
        self.refresh()
        self.widget = self.page.widget

    def filters(self) -> dict:
        return {"chapter": self.chapter.value or None, "mode": self.mode.value or None,
                "session_id": self.session.value or None}

    def refresh(self) -> None:
        self.page.clear()
        self.link.value = ""
        self.out.value = cards(self.service.item_analysis(**self.filters()))

    def _export(self) -> None:
        name, data = self.service.export_item_analysis(**self.filters())
        self.link.value = download_link(name, data)
