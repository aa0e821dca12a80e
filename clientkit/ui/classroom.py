"""Joining a class session from 首页: a code field, the session's paper, submit, and the
explanations once the trainer reveals them (checked on the server at each click)."""
from __future__ import annotations

import ipywidgets as w

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import ItemForm, button, guarded


class JoinPanel:
    def __init__(self, service, page) -> None:
        self.service = service
        self.page = page
        g = guarded(page)
        self.code = w.Text(placeholder=t("dash.join_code"), layout=w.Layout(width="160px"))
        self.join = button(t("dash.join"), "primary")
        self.submit = button(t("dash.join_submit"), "success")
        self.show = button(t("dash.join_show"), "info")
        self.submit.layout.display = "none"
        self.show.layout.display = "none"
        self.area = w.VBox()
        self.feedback = w.HTML()
        self.opened = None
        self.result = None
        self.join.on_click(g(lambda _b: self._join()))
        self.submit.on_click(g(lambda _b: self._submit()))
        self.show.on_click(g(lambda _b: self._show()))
        head = w.HBox([self.code, self.join], layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([w.HTML(f"<h3>{t('dash.join_title')}</h3>"), head, self.area, self.submit, self.show, self.feedback])

    def _join(self) -> None:
        self.page.clear()
        self.opened = self.service.join_session(self.code.value)
        self.form = ItemForm(self.opened.task.items)
        intro = html.panel("info", t("dash.joined", name=self.opened.task.title, n=len(self.opened.task.items)))
        self.area.children = [w.HTML(intro), self.form.widget]
        self.submit.layout.display = None
        self.show.layout.display = "none"
        self.feedback.value = ""

    def _submit(self) -> None:
        if self.opened is None:
            return
        self.result = self.service.submit(self.opened.task_id, self.form.answer(), allow_blank=True)
        self.form.lock()
        self.submit.layout.display = "none"
        self.page.show("ok", t("dash.join_submitted", pct=round(self.result.score * 100)))
        self._show()

    def _show(self) -> None:
        if self.opened is None or self.result is None:
            return
        if self.service.may_see_explanations(self.opened.task_id):
            self.feedback.value = html.feedback(self.result, self.opened.task.items)
            self.show.layout.display = "none"
        else:
            self.feedback.value = html.panel("info", t("dash.join_wait"))
            self.show.layout.display = None
