"""A 对话演练 run live in a class (issue 13): the trainer's section of 培训师课堂 and the agent's
voting panel under 加入课堂 on 首页.

Thin widgets over the service: the state lives in the store, so the trainer's board and every
agent's page read the same drill at each refresh (a timer thread in the kernel, and a 刷新
button). A reply button carries only the index of its reply; the service re-checks the vote.
"""
from __future__ import annotations

import threading

import ipywidgets as w

from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.ui import class_drill_html as view_html
from clientkit.ui import dialogue_html
from clientkit.ui import html
from clientkit.ui.components import button, guarded

AGENT_REFRESH_S = 3
MAX_REFRESH_S = 4 * 3600  # a tab left open stops polling after this long


def _rules(service, view) -> dict[str, str]:
    return service.rule_titles(view.drill.rule_ids())


class TrainerDrillPanel:
    """Start a drill for the selected class, watch the votes, reveal, follow a reply."""

    def __init__(self, service, page) -> None:
        self.service = service
        self.page = page
        self.session_id = None
        self._turn_key = None
        g = guarded(page)
        style = {"description_width": "initial"}
        self.picker = w.Dropdown(options=service.class_drill_choices(), description=t("classdrill.pick"), style=style,
                                 layout=w.Layout(width="100%", max_width="560px"))
        self.start = button(t("classdrill.start"), "primary")
        self.reveal = button(t("classdrill.reveal"), "info")
        self.majority = button(t("classdrill.follow_majority"), "success")
        self.reply = w.Dropdown(description=t("classdrill.pick_reply"), style=style,
                                layout=w.Layout(width="100%", max_width="560px"))
        self.follow = button(t("classdrill.follow_pick"), "warning")
        self.refresh_button = button(t("classdrill.refresh"))
        self.note = w.HTML()
        self.board = w.HTML()
        self.people = w.HTML()
        self.start.on_click(g(lambda _b: self._start()))
        self.reveal.on_click(g(lambda _b: self._act(self.service.reveal_class_drill)))
        self.majority.on_click(g(lambda _b: self._act(self.service.advance_class_drill)))
        self.follow.on_click(g(lambda _b: self._act(lambda sid: self.service.advance_class_drill(sid, self.reply.value))))
        self.refresh_button.on_click(g(lambda _b: self.refresh()))
        row = w.Layout(flex_flow="row wrap", align_items="center")
        self.widget = w.VBox([
            w.HTML(f"<h3>{t('classdrill.section')}</h3>" + html.panel("info", t("classdrill.intro_trainer"))),
            self.picker, w.HBox([self.start, self.refresh_button], layout=row), self.note, self.board,
            w.HBox([self.reveal, self.majority], layout=row), w.HBox([self.reply, self.follow], layout=row), self.people,
        ], layout=w.Layout(width="100%"))
        self.widget.add_class("ck-class-drill")
        self._lock = threading.RLock()  # the board's timer thread and a click may refresh at once
        self._buttons(None)

    def set_session(self, session_id) -> None:
        self.session_id = session_id
        self._turn_key = None
        self.note.value = ""
        self.refresh()

    def _start(self) -> None:
        if self.session_id is None:
            self.note.value = html.panel("warn", t("classdrill.pick_session"))
            return
        self.service.start_class_drill(self.session_id, self.picker.value)
        self.note.value = html.panel("ok", t("classdrill.started"))
        self.refresh()

    def _act(self, call) -> None:
        if self.session_id is None:
            self.note.value = html.panel("warn", t("classdrill.pick_session"))
            return
        self.note.value = ""
        call(self.session_id)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the board (also called by the trainer console's timer)."""
        with self._lock:
            self._refresh()

    def _refresh(self) -> None:
        if self.session_id is None:
            self.board.value = html.panel("info", t("classdrill.pick_session"))
            self._buttons(None)
            return
        view = self.service.class_drill_board(self.session_id)
        if view is None:
            self.board.value = html.panel("info", t("classdrill.none"))
            self.people.value = ""
            self._buttons(None)
            return
        self.board.value = view_html.board(view, _rules(self.service, view), trainer=True)
        people = self.service.class_drill_participation(self.session_id)
        self.people.value = f"<h4>{html.escape(t('classdrill.participation'))}</h4>" + html.table(people, empty=t("ui.no_attempts"))
        self._buttons(view)

    def _buttons(self, view) -> None:
        running = view is not None and not view.finished and not view.stopped
        self.reveal.disabled = not running or view.revealed
        self.majority.disabled = self.follow.disabled = not running or not view.revealed
        key = (view.id, view.turn) if running else None
        if key != self._turn_key:  # keep the trainer's pick while the turn lasts
            self.reply.options = [(text, i) for i, text in view.options] if running else []
            self._turn_key = key
        self.reply.disabled = not running


class AgentDrillPanel:
    """The live drill of the class the agent joined: vote with full-width reply buttons, see the
    distribution and the explanations once the trainer reveals, the class scorecard at the end."""

    def __init__(self, service, page) -> None:
        self.service = service
        self.page = page
        self.session_id = None
        self.view = None
        self._key = None
        self.title = w.HTML()
        self.board = w.HTML()
        self.note = w.HTML()
        self.choices = w.VBox(layout=w.Layout(width="100%"))
        self.choices.add_class("ck-choices")
        self.refresh_button = button(t("classdrill.refresh"))
        self.refresh_button.on_click(guarded(page)(lambda _b: self.refresh()))
        self.refresh_button.layout.display = "none"
        self.widget = w.VBox([w.HTML(dialogue_html.CSS), self.title, self.board, self.note, self.choices, self.refresh_button],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("ck-dialogue")
        self.widget.add_class("ck-class-drill")
        self._stop = threading.Event()
        self._lock = threading.RLock()  # the timer thread and a click may refresh at once

    def set_session(self, session_id) -> None:
        self.session_id = session_id
        self._key = None
        self.refresh()
        self._start_timer()

    def stop(self) -> None:
        self._stop.set()

    def refresh(self) -> None:
        with self._lock:
            self._refresh()

    def _refresh(self) -> None:
        if self.session_id is None:
            return
        view = self.service.class_drill_view(self.session_id)
        self.view = view
        self.refresh_button.layout.display = None
        if view is None:
            self.title.value = ""
            self.board.value = html.panel("info", t("classdrill.agent_wait"))
            self.choices.children = []
            return
        self.title.value = f"<h3>{html.escape(t('classdrill.section'))}</h3>"
        self.board.value = view_html.board(view, _rules(self.service, view), trainer=False)
        voting = not (view.finished or view.stopped or view.revealed)
        key = (view.id, view.turn, voting)
        if key != self._key:
            self._key = key
            self.note.value = ""
            self.choices.children = [self._reply_button(i, text) for i, text in view.options] if voting else []
        self._mark(view)

    def _reply_button(self, index: int, text: str) -> w.Button:
        b = w.Button(description=text, layout=w.Layout(width="100%", height="auto"))
        b.add_class("ck-choice")
        b.on_click(guarded(self.page)(lambda _b, i=index: self._vote(i)))
        b.reply_index = index
        return b

    def _mark(self, view) -> None:
        for b in self.choices.children:
            b.button_style = "info" if b.reply_index == view.my_vote else ""
        if self.choices.children:
            mine = dict(view.options).get(view.my_vote)
            text = t("classdrill.agent_voted", text=mine) if mine else t("classdrill.agent_vote_hint")
            self.note.value = html.panel("ok" if mine else "info", text + " " + t("classdrill.agent_auto", n=AGENT_REFRESH_S))

    def _vote(self, index: int) -> None:
        if self.view is None:
            return
        try:
            self.service.vote_class_drill(self.view.id, self.view.turn, index)
        except InputError as exc:  # the turn moved on meanwhile: say so and show the current one
            self.refresh()
            self.note.value = html.panel("warn", exc.message())
            return
        self.refresh()

    def _start_timer(self) -> None:
        self._stop.set()
        self._stop = stop = threading.Event()

        def loop():
            waited = 0
            while not stop.wait(AGENT_REFRESH_S) and waited < MAX_REFRESH_S:
                waited += AGENT_REFRESH_S
                try:
                    self.refresh()
                except Exception as exc:  # shown on the page; the panel keeps trying
                    self.page.error(exc)

        threading.Thread(target=loop, daemon=True, name="clientkit-class-drill").start()
