"""The 对话演练 tab of a chapter app (issue 13): pick a drill, talk with the client, get a scorecard.

A thin ipywidgets layer: the service holds the conversation and scores it; this tab renders the
chat (clientkit.ui.dialogue_html) and turns each full-width reply button into one
``service.dialogue_step`` call. A button carries only the index of its reply.
"""
from __future__ import annotations

import ipywidgets as w

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui import dialogue_html as view
from clientkit.ui.components import Notice, button, guarded

TITLE = t("dialogue.tab")


class DialogueTab:
    def __init__(self, service, page, number: int) -> None:
        self.service = service
        self.page = page
        self.opened = None
        self.note = Notice()  # under the replies: the last thing the user touched
        g = guarded(self.note)
        drills = service.dialogue_drills(number)
        self.picker = w.Dropdown(options=[(d.title, d.id) for d in drills], description=t("dialogue.pick"),
                                 layout=w.Layout(width="100%", max_width="640px"),
                                 style={"description_width": "initial"})
        self.start = button(t("dialogue.start"), "primary")
        self.start.on_click(g(lambda _b: self._start()))
        self.intro = w.HTML(html.panel("info", t("dialogue.tab_intro")))
        self.chat = w.HTML()
        self.choices = w.VBox(layout=w.Layout(width="100%"))
        self.choices.add_class("ck-choices")
        self.card = w.HTML()
        self.widget = w.VBox([w.HTML(view.CSS), self.intro, self.picker, self.start, self.chat, self.choices, self.note, self.card],
                             layout=w.Layout(width="100%"))
        self.widget.add_class("ck-dialogue")

    def _start(self) -> None:
        self.note.clear()
        self.opened = self.service.start_dialogue(self.picker.value)
        drill = self.opened.conversation.drill
        self.intro.value = html.panel("info", self.opened.conversation.variant.text(drill.intro), drill.title)
        self.card.value = ""
        self.start.description = t("dialogue.again")
        self._render()

    def _render(self) -> None:
        conversation = self.opened.conversation
        outcome = conversation.node.end if conversation.finished else None
        self.chat.value = view.chat(conversation.transcript(), conversation.variant.card, outcome)
        g = guarded(self.note)
        buttons = []
        for index, text in ([] if conversation.finished else conversation.choices()):
            b = w.Button(description=text, layout=w.Layout(width="100%", height="auto"))
            b.add_class("ck-choice")
            b.on_click(g(lambda _b, i=index: self._pick(i)))
            buttons.append(b)
        self.choices.children = buttons

    def _pick(self, index: int) -> None:
        if self.opened is None:
            self.note.show("warn", t("dialogue.not_started"))
            return
        self.service.dialogue_step(self.opened.task_id, index)
        self._render()
        if self.opened.conversation.finished:
            self._finish()

    def _finish(self) -> None:
        conversation = self.opened.conversation
        result = self.service.submit_dialogue(self.opened.task_id)
        rules = self.service.rule_titles({r for weak in result.weak_turns for r in weak.rule_ids})
        self.card.value = view.scorecard(conversation.drill, conversation.variant, result, rules)
        self.note.show("ok", t("dialogue.saved"))
        self.opened = None


def build(service, page, number: int) -> w.Widget:
    """The tab's widget for chapter ``number``."""
    return DialogueTab(service, page, number).widget
