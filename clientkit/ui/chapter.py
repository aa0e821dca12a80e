"""A chapter app: 学习 (rules with live examples), 练习 (fresh variants, instant feedback) and
自测 (the fixed, timed assessment; feedback after submitting; stored)."""
from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import ItemForm, Notice, Page, button, guarded
from clientkit.ui.notice import StickyHTML
from clientkit.ui.timed import PaperClock


class ChapterApp:
    def __init__(self, service, number: int) -> None:
        from clientkit.chapters import chapter

        self.service = service
        self.number = number
        self.chapter = chapter(number)
        from clientkit.ui.components import nav_links

        self.page = Page(self.chapter.label, service.user, nav_links(service.user))
        from clientkit.ui.tools import tools_for

        self.tools = tools_for(number)
        self._tool_boxes = [w.VBox() for _ in self.tools]
        self._dialogue_box = w.VBox()  # 对话演练 (issue 13), built when first opened
        self.tabs = w.Tab(children=[self._learn(), self._practice(), self._assess(), *self._tool_boxes,
                                    self._dialogue_box])
        titles = [t("ui.tab_learn"), t("ui.tab_practice"), t("ui.tab_assess")] + [m.TITLE for m in self.tools]
        titles.append(t("dialogue.tab"))
        for i, title in enumerate(titles):
            self.tabs.set_title(i, title)
        self.tabs.observe(guarded(self.page)(lambda change: self._open_tool(change["new"])), names="selected_index")
        self.page.body.children = [self.tabs]
        self.widget = self.page.widget

    def _open_tool(self, index) -> None:
        """Build a tool the first time its tab is opened."""
        n = (index or 0) - 3
        if 0 <= n < len(self.tools) and not self._tool_boxes[n].children:
            self._tool_boxes[n].children = [self.tools[n].build(self.service, self.page)]
        if n == len(self.tools) and not self._dialogue_box.children:
            from clientkit.ui.dialogue import DialogueTab

            self.dialogue = DialogueTab(self.service, self.page, self.number)
            self._dialogue_box.children = [self.dialogue.widget]

    # -- 学习 ---------------------------------------------------------------------------------

    def _learn(self) -> w.Widget:
        """One card and a 查看样例 button per rule. The cards share one layout and style, the
        buttons another, and a rule's example area is made when it is first asked for: a chapter
        of 20 rules opens with about 60 widget models instead of 240 (each one a message from
        the kernel through the server to the page)."""
        layout, style = w.Layout(), HTMLStyle()
        show_layout, show_style = w.Layout(width="auto", min_width="120px"), w.ButtonStyle()
        rows = [w.HTML(html.panel("info", t("ui.learn_intro")), layout=layout, style=style)]
        for rule in self.service.chapter_rules(self.number):
            show = w.Button(description=t("ui.show_example"), layout=show_layout, style=show_style)
            card = w.VBox([w.HTML(html.rule_card(rule), layout=layout, style=style), show], layout=layout)
            show.on_click(guarded(self.page)(lambda _b, r=rule.id, c=card: self._example(r, c)))
            rows.append(card)
        return w.VBox(rows)

    def _example(self, rule_id: str, card: w.VBox) -> None:
        """The examples of ``rule_id`` under its card (the area is added on the first click)."""
        if len(card.children) < 3:
            card.children = (*card.children, w.HTML())
        card.children[2].value = html.example_block(self.service.rule_examples(rule_id))

    # -- 练习 ---------------------------------------------------------------------------------

    def _practice(self) -> w.Widget:
        exercises = self.service.exercises(self.number)
        self.ex_picker = w.Dropdown(options=[(e.title, e.id) for e in exercises], layout=w.Layout(width="auto", max_width="100%"))
        self.ex_intro = w.HTML()
        self.practice_area = w.VBox()
        self.practice_feedback = w.HTML()
        self.practice_task = None
        new = self.practice_new = button(t("ui.new_variant"), "info")
        self.practice_submit = button(t("ui.check"), "success")
        self.practice_top = Notice()  # beside 换一题
        self.practice_note = Notice()  # beside 提交并查看解析
        new.on_click(guarded(self.practice_top)(lambda _b: self._new_practice()))
        self.practice_submit.on_click(guarded(self.practice_note)(lambda _b: self._check_practice()))
        self.ex_picker.observe(guarded(self.practice_top)(lambda _c: self._new_practice()), names="value")
        controls = w.HBox([self.ex_picker, new], layout=w.Layout(flex_flow="row wrap"))
        return w.VBox([controls, self.practice_top, self.ex_intro, self.practice_area, self.practice_submit,
                       self.practice_note, self.practice_feedback])

    def _new_practice(self) -> None:
        self.page.clear()
        self.practice_top.clear()
        self.practice_note.clear()
        opened = self.service.new_practice(self.ex_picker.value)
        self.practice_task = opened
        self.practice_form = ItemForm(opened.task.items)
        self.ex_intro.value = html.panel("info", opened.task.intro, opened.task.title)
        self.practice_area.children = [self.practice_form.widget]
        self.practice_feedback.value = ""

    def _check_practice(self) -> None:
        if self.practice_task is None:
            self.practice_note.show("warn", t("ui.pick_first"))
            return
        from clientkit.errors import AnswerError

        try:
            result = self.service.submit(self.practice_task.task_id, self.practice_form.answer(), allow_blank=True)
        except AnswerError as exc:  # e.g. 「76岁」 in a number item: say so here, outline the item
            self.practice_form.mark(exc.context.get("numbers"))
            self.practice_note.show("warn", exc.message())
            return
        self.practice_form.mark(())
        self.practice_form.lock()
        self.practice_feedback.value = html.feedback(result, self.practice_task.task.items)
        self.practice_task = None
        self.practice_note.show("ok", t("ui.practice_saved"))

    # -- 自测 ---------------------------------------------------------------------------------

    def _assess(self) -> w.Widget:
        self.assess_info = w.HTML(html.panel("info", t("ui.assess_intro")))
        self.assess_area = w.VBox()
        self.assess_feedback = w.HTML()
        self.assess_clock = StickyHTML()
        self.assess_note = Notice()  # messages of this tab, next to its buttons
        self.assess_task = None
        self.assess_paper = PaperClock(self.service, self.assess_note, self.assess_clock, self._time_up)
        g = guarded(self.assess_note)
        self.assess_start = button(t("ui.start_assessment"), "primary")
        self.assess_submit = button(t("ui.submit"), "success")
        self.assess_force = button(t("ui.submit_anyway"), "warning")
        self.assess_again = button(t("ui.assess_again"), "primary")
        self.assess_submit.layout.display = "none"
        self.assess_force.layout.display = "none"
        self.assess_again.layout.display = "none"
        self.assess_next = w.HTML()
        self.assess_start.on_click(g(lambda _b: self._start_assessment()))
        self.assess_again.on_click(g(lambda _b: self._start_assessment()))
        self.assess_submit.on_click(g(lambda _b: self._submit_assessment(False)))
        self.assess_force.on_click(g(lambda _b: self._submit_assessment(True)))
        buttons = w.HBox([self.assess_submit, self.assess_force], layout=w.Layout(flex_flow="row wrap"))
        after = w.HBox([self.assess_again, self.assess_next], layout=w.Layout(flex_flow="row wrap", align_items="center"))
        return w.VBox([self.assess_info, self.assess_start, self.assess_clock, self.assess_area, buttons,
                       self.assess_note, self.assess_feedback, after])

    def _start_assessment(self) -> None:
        self.page.clear()
        self.assess_note.clear()
        from clientkit.errors import InputError

        try:
            opened = self.service.start_assessment(self.number)
        except InputError as exc:  # the retake policy: say why and when, next to the button
            self.assess_note.show("warn", exc.message())
            return
        self.assess_task = opened
        self.assess_form = ItemForm(opened.task.items)
        if opened.draft:
            self.assess_form.fill(opened.draft)
            self.assess_note.show("info", t("ui.draft_restored"))
        self.assess_area.children = [self.assess_form.widget]
        self.assess_start.layout.display = "none"
        self.assess_again.layout.display = "none"
        self.assess_next.value = ""
        self.assess_submit.layout.display = None
        self.assess_feedback.value = ""
        self.assess_paper.start(opened, self.assess_form)

    def _time_up(self) -> None:
        """At the deadline: submit whatever has been entered, saying it was automatic."""
        if self.assess_task is not None:
            self._submit_assessment(True, time_up=True)

    def _submit_assessment(self, allow_blank: bool, time_up: bool = False) -> None:
        if self.assess_task is None:
            self.assess_note.show("warn", t("ui.start_first"))
            return
        from clientkit.errors import AnswerError

        opened = self.assess_task
        try:
            if time_up:
                result = self.service.submit_time_up(opened.task_id, self.assess_form.answer())
            else:
                result = self.service.submit(opened.task_id, self.assess_form.answer(), allow_blank=allow_blank)
        except AnswerError as exc:
            self.assess_form.mark(exc.context.get("numbers"))
            self.assess_note.show("warn", exc.message())
            self.assess_force.layout.display = None
            return
        self.assess_form.mark(())
        self.assess_task = None
        self.assess_paper.stop()
        self.assess_form.lock()
        self.assess_submit.layout.display = "none"
        self.assess_force.layout.display = "none"
        self.assess_feedback.value = html.feedback(result, opened.task.items, show_key=False)
        key = "ui.assessment_auto_saved" if time_up else "ui.assessment_saved"
        self.assess_note.show("ok", t(key, pct=round(result.score * 100)))
        self._offer_next()

    def _offer_next(self) -> None:
        """After a 自测: 再测一次 (when the policy allows), 下一章, 回到首页."""
        verdict = self.service.retake_status(self.number)
        self.assess_again.layout.display = None if verdict.allowed else "none"
        from clientkit.chapters import CHAPTERS

        links = [(t("ui.home"), "index.ipynb")]
        later = [c for c in CHAPTERS if c.number == self.number + 1 and c.available]
        if later:
            links.insert(0, (t("ui.next_chapter", title=later[0].label), later[0].notebook))
        self.assess_next.value = html.link_row(links)
