"""我的进度: the signed-in user's mastery per chapter (radar) and per rule, their history, and
the recommended next practice (from the rules missed most, recent misses weighing most), one
click away on this page."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import ItemForm, Notice, Page, button, guarded, nav_links, show_figure
from clientkit.ui.home import exercise_titles, history_table


def rules_table(rules: pd.DataFrame) -> pd.DataFrame:
    from clientkit.reports.dashboard import statements

    text = statements()
    r = rules.sort_values(["mastery", "rule_id"], kind="stable")
    return pd.DataFrame({
        t("dash.col_rule"): r["rule_id"], t("dash.col_statement"): r["rule_id"].map(lambda x: text.get(x, "")[:40]),
        t("dash.col_items"): r["items"].astype(int), t("dash.col_correct"): r["correct"].astype(int),
        t("dash.col_mastery"): (r["mastery"].astype(float) * 100).round().astype(int).astype(str) + "%",
    })


class ProgressApp:
    def __init__(self, service) -> None:
        self.service = service
        self.page = Page(t("dash.progress_title"), service.user, nav_links(service.user))
        self.note = Notice()  # beside 开始练习 / 提交并查看解析
        g = guarded(self.note)
        self.radar = w.Output(layout=w.Layout(width="100%", max_width="560px"))
        self.start = button(t("dash.p_start"), "primary")
        self.start.on_click(g(lambda _b: self._start()))
        self.check = button(t("ui.check"), "success")
        self.check.on_click(g(lambda _b: self._check()))
        self.check.layout.display = "none"
        self.next_text, self.tables = w.HTML(), w.HTML()
        self.area = w.VBox()
        self.feedback = w.HTML()
        self.task = None
        self.page.body.children = [
            w.HTML(f"<h3>{t('dash.p_next')}</h3>"), self.next_text, self.start, self.area, self.check, self.note, self.feedback,
            w.HTML(f"<h3>{t('ui.my_mastery')}</h3>"), self.radar, self.tables,
        ]
        from clientkit.ui.assignments import PdfButton  # PDF report (issue 14)

        self.page.body.children = (PdfButton(self.page, t("pdf.my_report"), service.my_report_pdf).widget, *self.page.body.children)
        self.on_show()
        self.widget = self.page.widget

    def on_show(self) -> None:
        """Figures and tables as they are now (also when coming back in the same visit); an
        open recommended practice is left as it is."""
        from clientkit.reports import figures

        prog = self.service.my_progress()
        mine = self.service.my_rules()
        started = prog["chapters"]["mastery"].notna().any()
        # no attempt yet: 「暂无数据」 under the heading, not a radar of zeros (title: the heading's)
        show_figure(self.radar, figures.radar(prog["chapters"]) if started else None, title="")
        if self.task is None:
            rec = mine["recommendation"]
            if rec:
                text = t("dash.p_next_text", rules="、".join(rec["rules"][:3]), title=rec["exercise"].title)
            else:
                text = t("dash.p_next_none") if len(prog["history"]) else t("dash.p_next_first")
            self.next_text.value = html.panel("info", text)
            self.start.layout.display = None if rec else "none"
        titles = exercise_titles(self.service)
        self.tables.value = (
            f"<h3>{t('dash.p_rules')}</h3>" + html.table(rules_table(mine["rules"]), empty=t("ui.no_attempts"))
            + f"<h3>{t('dash.p_history')}</h3>" + html.table(history_table(prog["history"], titles), empty=t("ui.no_attempts"))
            + f"<h3>{t('dialogue.dims_title')}</h3>" + html.panel("info", t("dialogue.dims_intro"))
            + html.table(self.service.my_dialogue_scores(), empty=t("ui.no_attempts"))
            + f"<h4>{t('dialogue.my_weak_turns_title')}</h4>"
            + html.table(self.service.my_dialogue_weak_turns(), empty=t("ui.no_attempts")))  # issue 13

    def _start(self) -> None:
        self.note.clear()
        self.task = self.service.start_recommended()
        if self.task is None:
            return
        self.form = ItemForm(self.task.task.items)
        self.area.children = [w.HTML(html.panel("info", self.task.task.intro, self.task.task.title)), self.form.widget]
        self.check.layout.display = None
        self.feedback.value = ""

    def _check(self) -> None:
        if self.task is None:
            return
        result = self.service.submit(self.task.task_id, self.form.answer(), allow_blank=True)
        self.form.lock()
        self.check.layout.display = "none"
        self.feedback.value = html.feedback(result, self.task.task.items)
        self.task = None
        self.note.show("ok", t("ui.practice_saved"))
