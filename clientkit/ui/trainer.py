"""培训师课堂: create a class session, watch the live board (refreshed by a timer thread in
the kernel while the session is open), reveal explanations, close, export the class report.
Every action goes through the service, which checks that the session is the trainer's own."""
from __future__ import annotations

import threading

import ipywidgets as w

from clientkit.chapters import CHAPTERS
from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import Notice, Page, button, download_link, guarded, nav_links

REFRESH_S = 5
# The board stops refreshing by itself after this long (a tab left open overnight).
MAX_REFRESH_S = 4 * 3600


class TrainerApp:
    def __init__(self, service) -> None:
        self.service = service
        self.page = Page(t("dash.trainer_title"), service.user, nav_links(service.user))
        g = guarded(self.page)
        style = {"description_width": "initial"}
        available = [c for c in CHAPTERS if c.available]
        self.name = w.Text(description=t("dash.s_name"), style=style, layout=w.Layout(width="320px", max_width="100%"))
        self.chapters = w.SelectMultiple(options=[(c.label, c.number) for c in available], value=[available[0].number] if available else [],
                                         description=t("dash.s_chapters"), style=style, rows=min(4, max(1, len(available))),
                                         layout=w.Layout(width="320px", max_width="100%"))
        self.mode = w.ToggleButtons(options=[("练习", "practice"), ("自测", "assessment")], value="assessment",
                                    description=t("dash.s_mode"), style=style)
        self.item_count = w.BoundedIntText(value=5, min=1, max=50, description=t("dash.s_items"), style=style, layout=w.Layout(width="160px"))
        self.minutes = w.BoundedIntText(value=10, min=0, max=180, description=t("dash.s_minutes"), style=style, layout=w.Layout(width="240px"))
        self.create = button(t("dash.s_create"), "primary")
        self.create_note = Notice()  # beside 创建课堂
        self.create.on_click(guarded(self.create_note)(lambda _b: self._create()))
        form = w.VBox([w.HTML(f"<h3>{t('dash.s_new')}</h3>"), self.name, self.chapters, self.mode,
                       w.HBox([self.item_count, self.minutes], layout=w.Layout(flex_flow="row wrap")), self.create,
                       self.create_note])
        self.picker = w.Dropdown(description=t("dash.s_pick"), style=style, layout=w.Layout(width="360px", max_width="100%"))
        self.picker.observe(g(lambda _c: self._picked()), names="value")
        self.code = w.HTML()
        self.status = w.HTML()
        self.board = w.HTML()
        self.reveal = button(t("dash.s_reveal"), "info")
        self.close = button(t("dash.s_close"), "danger")
        self.close_confirm = button(t("dash.s_close_confirm"), "danger")
        self.close_confirm.layout.display = "none"
        self.close_note = Notice()  # the board's actions say what they did here, beside them
        self.report = button(t("dash.s_report"))
        self.link = w.HTML()
        a = guarded(self.close_note)
        self.reveal.on_click(a(lambda _b: self._reveal()))
        self.close.on_click(a(lambda _b: self._ask_close()))
        self.close_confirm.on_click(a(lambda _b: self._close()))
        self.report.on_click(a(lambda _b: self._report()))
        actions = w.HBox([self.reveal, self.close, self.report, self.link], layout=w.Layout(flex_flow="row wrap", align_items="center"))
        from clientkit.ui.assignments import AssignPanel, PdfButton  # 学习任务 and the class PDF (issue 14)
        from clientkit.ui.class_drill import TrainerDrillPanel

        self.pdf = PdfButton(self.page, t("pdf.class_report"), lambda: service.class_report_pdf(self.picker.value))
        actions.children = (*actions.children, self.pdf.widget)
        self.drills = TrainerDrillPanel(service, self.page)  # 课堂对话演练 (issue 13), its own section
        from clientkit.ui.roster import RosterPanel  # 导入学员名单 (issue 14)

        self.roster = RosterPanel(service, self.page)
        classroom = w.VBox([form, w.HTML(f"<h3>{t('dash.s_board')}</h3>"), self.picker, self.code, actions,
                            self.close_note, self.close_confirm, self.status, self.board, self.drills.widget,
                            self.roster.widget])
        self.assign = AssignPanel(service, self.page)
        self.tabs = w.Tab(children=[classroom, self.assign.widget])
        self.tabs.set_title(0, t("dash.s_tab"))
        self.tabs.set_title(1, t("assign.tab"))
        self.tabs.observe(g(lambda c: self.assign.reload_targets() if c["new"] == 1 else None), names="selected_index")
        from clientkit.ui.bank import add_bank_tab  # issue 14: 题库 in Excel

        add_bank_tab(self.tabs, service, self.page)
        self.page.body.children = [self.tabs]
        self._stop = threading.Event()
        self._thread = None
        self._load_sessions()
        self.widget = self.page.widget

    def _load_sessions(self, select=None) -> None:
        sessions = self.service.my_sessions()
        label = {None: t("dash.s_state_open")}
        self.picker.options = [(f"{s['name']}（{s['code']}，{label.get(s['closed_at'], t('dash.s_state_closed'))}）", s["id"]) for s in sessions]
        if select is None and self.picker.value is None and sessions:
            select = sessions[0]["id"]  # open the trainer's newest class on the board
        if select is not None:
            self.picker.value = select
        if not sessions:
            self.status.value = html.panel("info", t("dash.s_none"))

    def _create(self) -> None:
        session = self.service.create_session(self.name.value, list(self.chapters.value), self.mode.value,
                                              self.item_count.value, self.minutes.value)
        self._load_sessions(select=session["id"])
        self.create_note.show("ok", t("dash.s_created", code=session["code"]))

    def _picked(self) -> None:
        self.link.value = ""
        self.drills.set_session(self.picker.value)
        self.refresh()
        self._start_timer()

    def refresh(self) -> None:
        if self.picker.value is None:
            return
        b = self.service.session_board(self.picker.value)
        s = b["session"]
        state = t("dash.s_state_closed") if s["closed_at"] else t("dash.s_state_open")
        self.code.value = (f'<div class="ck-code" style="font-size:18px;margin:6px 0">{html.escape(t("dash.s_code"))}：<strong>{html.escape(s["code"])}</strong>'
                           f'　<span class="ck-muted">{html.escape(state)}</span></div>')
        auto = "" if s["closed_at"] else "　" + t("dash.s_auto", n=REFRESH_S)
        self.status.value = html.panel("info", t("dash.s_status", joined=b["joined"], submitted=b["submitted"]) + auto)
        self.board.value = (f"<h4>{html.escape(t('dash.s_agents'))}</h4>" + html.table(b["agents"], empty=t("ui.no_attempts"))
                            + f"<h4>{html.escape(t('dash.s_bands'))}</h4>" + html.bands(b["bands"])
                            + f"<h4>{html.escape(t('dash.s_items_h'))}</h4>" + html.table(b["items"].sort_values("答错人数", ascending=False, kind="stable"), empty=t("ui.no_attempts")))
        self.drills.refresh()
        closed = s["closed_at"] is not None
        self.close.disabled = closed
        if closed:
            self._stop.set()

    def _start_timer(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
        self._stop = stop = threading.Event()

        def loop():
            waited = 0
            while not stop.wait(REFRESH_S) and waited < MAX_REFRESH_S:
                waited += REFRESH_S
                try:
                    self.refresh()
                except Exception as exc:  # shown on the page; the board keeps trying
                    self.page.error(exc)

        self._thread = threading.Thread(target=loop, daemon=True, name="clientkit-board")
        self._thread.start()

    def _no_class(self) -> bool:
        """公布 / 结束 / 导出 with no class chosen: say so beside the buttons."""
        if self.picker.value is None:
            self.close_note.show("warn", t("dash.s_pick_first"))
            return True
        return False

    def _reveal(self) -> None:
        if self._no_class():
            return
        self.service.reveal_session(self.picker.value)
        self.close_note.show("ok", t("dash.s_revealed"))

    def _ask_close(self) -> None:
        """结束课堂 asks first, naming who has not submitted yet."""
        if self._no_class():
            return
        agents = self.service.session_board(self.picker.value)["agents"]
        pending = [str(n) for n in agents.loc[agents["状态"] == "作答中", "业务员"]]
        text = (t("dash.s_close_pending", n=len(pending), names="、".join(pending)) if pending
                else t("dash.s_close_all_done"))
        self.close_note.show("warn", text)
        self.close_confirm.layout.display = None

    def _close(self) -> None:
        self.close_confirm.layout.display = "none"
        self.close_note.clear()
        self.service.close_session(self.picker.value)
        self._stop.set()
        current = self.picker.value
        self._load_sessions(select=current)
        self.refresh()
        self.close_note.show("ok", t("dash.s_closed"))

    def _report(self) -> None:
        if self._no_class():
            return
        name, data = self.service.export_class_report(self.picker.value)
        self.link.value = download_link(name, data)
