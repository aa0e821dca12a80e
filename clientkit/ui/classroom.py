"""Joining a class session from 首页: a code field, the session's paper, submit, and the
explanations once the trainer reveals them (checked on the server at each click)."""
from __future__ import annotations

import ipywidgets as w

from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import ItemForm, Notice, button, guarded
from clientkit.ui.notice import StickyHTML
from clientkit.ui.timed import PaperClock


class JoinPanel:
    """The 加入课堂 panel of 首页. Until the first 加入 it is the title, the code field and the
    button: every agent's 首页 has it and few join a class on a visit, so the paper, the clock
    and the live drill are built on the first join (about 35 fewer widget models per 首页,
    each one a message through the server when a class of 50 signs in at once)."""

    def __init__(self, service, page) -> None:
        self.service = service
        self.page = page
        self.code = w.Text(placeholder=t("dash.join_code"), layout=w.Layout(width="160px"))
        self.join = button(t("dash.join"), "primary")
        self.join_note = Notice()  # a wrong code is said beside the code field
        self.opened = None
        self.result = None
        self.join.on_click(guarded(self.join_note)(lambda _b: self._join()))
        head = w.HBox([self.code, self.join], layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([w.HTML(f"<h3>{t('dash.join_title')}</h3>"), head, self.join_note])
        self.drill = None

    def _build(self) -> None:
        """The paper's widgets and the class's live drill, once."""
        if self.drill is not None:
            return
        self.submit = button(t("dash.join_submit"), "success")
        self.show = button(t("dash.join_show"), "info")
        self.submit.layout.display = "none"
        self.show.layout.display = "none"
        self.area = w.VBox()
        self.feedback = w.HTML()
        self.clock = StickyHTML()
        self.note = Notice()  # the paper's messages, next to its buttons
        self.paper = PaperClock(self.service, self.note, self.clock, self._time_up)
        self.submit.on_click(guarded(self.note)(lambda _b: self._submit()))
        self.show.on_click(guarded(self.note)(lambda _b: self._show()))
        from clientkit.ui.class_drill import AgentDrillPanel

        self.drill = AgentDrillPanel(self.service, self.page)  # the class's live 对话演练 (issue 13)
        self.widget.children = (*self.widget.children, self.drill.widget, self.clock, self.area, self.submit,
                                self.note, self.show, self.feedback)

    def _join(self) -> None:
        self.page.clear()
        self.join_note.clear()
        if self.drill is not None:
            self.note.clear()
            self.paper.stop()
        try:
            opened = self.service.join_session(self.code.value)
        except InputError as exc:
            if exc.key != "dash.session_done":
                raise
            self._build()
            # the paper is handed in, but the agent still takes part in the class's drill
            self.drill.set_session(self.service.member_session(self.code.value))
            self.note.value = html.panel("info", exc.message())
            return
        self._build()
        self.opened = opened
        self.drill.set_session(self.opened.session_id)
        self.form = ItemForm(self.opened.task.items)
        n = len(self.opened.task.items)
        limit = self.opened.task.time_limit_s
        text = (t("dash.joined_timed", name=self.opened.task.title, n=n, minutes=max(1, round(limit / 60)))
                if limit else t("dash.joined", name=self.opened.task.title, n=n))
        if self.opened.draft:
            self.form.fill(self.opened.draft)
        self.area.children = [w.HTML(html.panel("info", text)), self.form.widget]
        self.submit.layout.display = None
        self.show.layout.display = "none"
        self.feedback.value = ""
        self.paper.start(self.opened, self.form)

    def _time_up(self) -> None:
        if self.opened is not None and self.result is None:
            self._submit(time_up=True)

    def _submit(self, time_up: bool = False) -> None:
        if self.opened is None or self.result is not None:
            return
        if time_up:
            self.result = self.service.submit_time_up(self.opened.task_id, self.form.answer())
        else:
            self.result = self.service.submit(self.opened.task_id, self.form.answer(), allow_blank=True)
        self.paper.stop()
        self.form.lock()
        self.submit.layout.display = "none"
        key = "dash.join_auto_submitted" if time_up else "dash.join_submitted"
        self.note.show("ok", t(key, pct=round(self.result.score * 100)))
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
