"""主管看板: filters, figures, most-missed rules, completion, item analysis, one agent's
attempts, and export. Every refresh asks the service, which scopes the data to the user's role;
widget values only narrow what the service allows (a forged value is refused there)."""
from __future__ import annotations

import ipywidgets as w

from clientkit.chapters import CHAPTERS
from clientkit.i18n import t
from clientkit.store.dashboard import MIN_ATTEMPTS_FOR_FLAGS
from clientkit.ui import html
from clientkit.ui.components import Notice, Page, button, download_link, guarded, nav_links, show_figure

TABS = ("overview", "misses", "completion", "items", "agent", "dialogue", "assign")


def _drop(label: str, options, width: str = "180px") -> w.Dropdown:
    return w.Dropdown(options=options, description=label, style={"description_width": "initial"},
                      layout=w.Layout(width=width, max_width="100%"))


class DashboardApp:
    def __init__(self, service) -> None:
        self.service = service
        self.page = Page(t("dash.dashboard_title"), service.user, nav_links(service.user))
        g = guarded(self.page)
        everyone = [(t("dash.all"), "")]
        teams = service.teams()
        self.team = _drop(t("dash.f_team"), (everyone if service.user.role == "admin" else []) + [(x, x) for x in teams])
        self.agent = _drop(t("dash.f_agent"), everyone)
        self.chapter = _drop(t("dash.f_chapter"), everyone + [(f"第{c.number}章", c.number) for c in CHAPTERS if c.available], "150px")
        self.mode = _drop(t("dash.f_mode"), everyone + [("练习", "practice"), ("自测", "assessment")], "140px")
        self.since = w.DatePicker(description=t("dash.f_since"), style={"description_width": "initial"}, layout=w.Layout(width="220px"))
        self.until = w.DatePicker(description=t("dash.f_until"), style={"description_width": "initial"}, layout=w.Layout(width="220px"))
        self.session = _drop(t("dash.f_session"), everyone + [(f"{s['name']}（{s['code']}）", s["id"]) for s in service.dashboard_sessions()])
        self.apply = button(t("dash.apply"), "primary")
        self.xlsx = button(t("dash.export_xlsx"))
        self.csv = button(t("dash.export_csv"))
        self.link = w.HTML()
        self.filter_note = Notice()  # beside 查询
        self.export_note = Notice()  # beside the export buttons
        self.team.observe(guarded(self.filter_note)(lambda _c: self._fill_agents()), names="value")
        self.apply.on_click(guarded(self.filter_note)(lambda _b: self.refresh()))
        self.xlsx.on_click(guarded(self.export_note)(lambda _b: self._export("xlsx")))
        self.csv.on_click(guarded(self.export_note)(lambda _b: self._export("csv")))
        filters = w.HBox([self.team, self.agent, self.chapter, self.mode, self.since, self.until, self.session, self.apply],
                         layout=w.Layout(flex_flow="row wrap"))
        self.fig_heat, self.fig_trend, self.fig_dist, self.fig_miss = (w.Output(layout=w.Layout(width="100%")) for _ in range(4))
        self.miss_table, self.completion, self.items, self.detail = w.HTML(), w.HTML(), w.HTML(), w.HTML()
        self.dialogue = w.HTML()  # 对话演练 dimension scores (issue 13)
        self.replay = DrillReplay(service, self.page)  # one agent's drill attempt replayed (issue 13)
        self.tabs = w.Tab(children=[
            w.VBox([self.fig_heat, self.fig_trend, self.fig_dist]),
            w.VBox([w.HTML(html.panel("info", t("dash.misses_intro"))), self.fig_miss, self.miss_table]),
            self.completion,
            w.VBox([w.HTML(html.panel("info", t("dash.items_intro", min=MIN_ATTEMPTS_FOR_FLAGS))), self.items]),
            w.VBox([self.detail, self.replay.widget]),
            self.dialogue,
        ])
        for i, key in enumerate(("tab_overview", "tab_misses", "tab_completion", "tab_items", "tab_agent")):
            self.tabs.set_title(i, t(f"dash.{key}"))
        self.tabs.set_title(5, t("dialogue.dash_tab"))
        from clientkit.ui.assignments import AssignPanel, PdfButton  # 学习任务 and the team PDF (issue 14)

        self.assign = AssignPanel(service, self.page)
        self.tabs.children = (*self.tabs.children, self.assign.widget)
        self.tabs.set_title(6, t("assign.tab"))
        self.pdf = PdfButton(self.page, t("pdf.team_report"), lambda: service.team_report_pdf(**self._applied))
        exports = w.HBox([self.xlsx, self.csv, self.link, self.pdf.widget], layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.page.body.children = [filters, self.filter_note, exports, self.export_note, self.tabs]
        if service.teamless_supervisor():
            self.page.body.children = (w.HTML(html.panel("warn", t("dash.no_team"))), *self.page.body.children)
        self.views = {}
        self.tabs.observe(g(lambda c: self._show_tab(c["new"])), names="selected_index")
        self._fill_agents()
        self.refresh()
        self.widget = self.page.widget

    def _fill_agents(self) -> None:
        agents = self.service.visible_agents(self.team.value or None)
        self.agent.options = [(t("dash.all"), "")] + [(a.display_name or a.username, a.id) for a in agents]
        self.agent.value = ""

    def filters(self) -> dict:
        return {"team": self.team.value or None, "agent_id": self.agent.value or None,
                "chapter": self.chapter.value or None, "mode": self.mode.value or None,
                "since": self.since.value, "until": self.until.value, "session_id": self.session.value or None}

    def refresh(self) -> None:
        """Apply the filters: the open tab is computed now, the others when they are opened
        (with 1,000,000 attempts an admin's item analysis takes seconds)."""
        self.page.clear()
        self.filter_note.clear()
        self.export_note.clear()
        self.link.value = ""
        self._applied = self.filters()
        self._done = set()
        self.views = {}
        self._show_tab(self.tabs.selected_index or 0)

    def _show_tab(self, index) -> None:
        from clientkit.reports import figures

        tab = TABS[index or 0]
        if tab in self._done:
            return
        f = self._applied
        wanted = {"overview": ("mastery", "trend", "distribution"), "misses": ("misses",),
                  "completion": ("completion",), "items": ("items",), "agent": (), "dialogue": (), "assign": ()}[tab]
        v = self.service.dashboard(only=wanted, **f) if wanted else {}
        self.views.update(v)
        if tab == "overview":
            show_figure(self.fig_heat, figures.heatmap(v["mastery"]) if len(v["mastery"]) else None,
                        title=t("dash.heatmap_title"))
            show_figure(self.fig_trend, figures.trend(v["trend"]))
            show_figure(self.fig_dist, figures.distribution(v["distribution"]))
        elif tab == "misses":
            show_figure(self.fig_miss, figures.misses(v["misses"]))
            self.miss_table.value = html.table(v["misses"], empty=t("ui.no_attempts"))
        elif tab == "completion":
            intro = html.panel("info", t("dash.completion_intro")) if len(v["completion"]) else ""
            self.completion.value = intro + html.table(v["completion"], empty=t("dash.completion_all_done"))
        elif tab == "items":
            from clientkit.ui.item_analysis import cards

            self.items.value = cards(v["items"])
        elif tab == "dialogue":
            d = self.service.dialogue_dimensions(**f)
            self.dialogue.value = (
                html.panel("info", t("dialogue.dims_intro"))
                + f"<h4>{t('dialogue.by_team')}</h4>" + html.table(d["teams"], empty=t("ui.no_attempts"))
                + f"<h4>{t('dialogue.by_agent')}</h4>" + html.table(d["agents"], empty=t("ui.no_attempts"))
                + f"<h4>{t('dialogue.weak_turns_title')}</h4>" + html.table(d["turns"], empty=t("ui.no_attempts")))
        elif tab == "assign":
            self.assign.refresh()
        elif f["agent_id"]:
            detail = self.service.agent_detail(**f)
            self.detail.value = html.panel("info", t("dash.drill_intro")) + html.table(detail, empty=t("ui.no_attempts"))
            self.replay.load(f)
        else:
            self.detail.value = html.panel("info", t("dash.pick_agent"))
            self.replay.load(None)
        self._done.add(tab)

    def _export(self, fmt: str) -> None:
        self.export_note.clear()
        view = TABS[self.tabs.selected_index or 0]
        view = {"overview": "mastery", "agent": "mastery", "dialogue": "mastery", "assign": "mastery"}.get(view, view)
        name, data = self.service.export_dashboard(fmt, view=view, **self._applied)
        self.link.value = download_link(name, data)


class DrillReplay:
    """Pick one of the agent's 对话演练 attempts and see it replayed: the chat, the path beside
    the best path and every turn explained (the service checks the agent is visible)."""

    def __init__(self, service, page) -> None:
        from clientkit.ui import dialogue_html

        self.service = service
        self.render = dialogue_html.replay
        self.pick = _drop(t("dialogue.replay_pick"), [], "460px")
        self.show = button(t("dialogue.replay_show"), "info")
        self.show.on_click(guarded(page)(lambda _b: self._show()))
        self.out = w.HTML()
        self.widget = w.VBox([w.HTML(f"<h4>{t('dialogue.replay_title')}</h4>" + html.panel("info", t("dialogue.replay_intro"))),
                              w.HBox([self.pick, self.show], layout=w.Layout(flex_flow="row wrap")), self.out])
        self.widget.layout.display = "none"

    def load(self, filters) -> None:
        self.out.value = ""
        if not filters or not filters.get("agent_id"):
            self.widget.layout.display = "none"
            return
        options = self.service.dialogue_attempts(**filters)
        self.pick.options = options
        self.pick.value = options[0][1] if options else None
        self.widget.layout.display = None
        self.show.disabled = not options
        if not options:
            self.out.value = html.panel("info", t("dialogue.replay_none"))

    def _show(self) -> None:
        if self.pick.value is None:
            return
        drill, variant, result, bubbles = self.service.replay_dialogue(self.pick.value)
        rules = self.service.rule_titles(drill.rule_ids())
        self.out.value = self.render(drill, variant, result, bubbles, rules)
