"""学习任务 and PDF downloads in the apps (issue 14), as self-contained widgets the pages hook in:

- :func:`todo_widget` on 首页: the agent's 待完成 assignments with days left (or overdue), each
  part's state, and the 结业证明 download of a completed onboarding assignment;
- :class:`AssignPanel` in 主管看板 and the trainer console: create an assignment, see completion,
  overdue agents and scores, export Excel/CSV;
- :class:`PdfButton`: a button that has the server print a PDF and offers the download.

Everything goes through the service, which checks roles and targets; widget values only pick.
"""
from __future__ import annotations

from datetime import timedelta
from html import escape

import ipywidgets as w

from clientkit.chapters import CHAPTERS
from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import button, download_link, guarded

STATE_KIND = {"overdue": "error", "open": "info", "done": "ok", "done_late": "ok"}


def _full() -> w.Layout:
    return w.Layout(width="100%", max_width="480px")
_STYLE = {"description_width": "initial"}


def pdf_link(name: str, data: bytes) -> str:
    """A link that saves a PDF made on the server (a data: URI, as the Excel exports)."""
    import base64

    href = f"data:application/pdf;base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="ck-download ck-link-button" download="{escape(name)}" href="{href}" target="_self">'
            f'{escape(t("dash.download", name=name))}</a>')


class PdfButton:
    """``make()`` → ``(file name, PDF bytes)`` on click; errors become the page's Chinese panel."""

    def __init__(self, page, label: str, make) -> None:
        self.make = make
        self.button = button(label, "info")
        self.link = w.HTML()
        self.button.on_click(guarded(page)(lambda _b: self._click()))
        self.widget = w.HBox([self.button, self.link], layout=w.Layout(flex_flow="row wrap", align_items="center"))

    def _click(self) -> None:
        self.link.value = f'<span class="ck-muted">{escape(t("pdf.making"))}</span>'
        try:
            name, data = self.make()
        except Exception:
            self.link.value = ""
            raise
        self.link.value = pdf_link(name, data)


# -- 首页: the agent's assignments ---------------------------------------------------------------

def _item_line(item: dict, titles: dict[str, str]) -> str:
    part = item["part"]
    if part == "drill":
        label = f"{t('assign.part_drill')}：{titles.get('dialogue:' + item['drill'], item['drill'])}"
    else:
        label = f"第{int(item['chapter'])}章 {t(f'assign.part_{part}')}"
    if part in ("assessment", "drill"):
        best = item.get("best")
        state = t("assign.todo_item_passed") if item.get("passed") else t("assign.todo_item_open")
        kind = "ck-good" if item.get("passed") else "ck-bad"
        extra = (t("assign.todo_item_best", score=f"{round(best * 100)}%") + "　") if best is not None else ""
        return f'<li>{escape(label)}　<span class="ck-muted">{escape(extra)}</span><span class="{kind}">{escape(state)}</span></li>'
    if part == "practice":
        return f'<li>{escape(label)}　<span class="ck-muted">{escape(t("assign.todo_item_practice", n=item.get("count", 0)))}</span></li>'
    notebook = next((c.notebook for c in CHAPTERS if c.number == int(item["chapter"])), "")
    link = f'　<a class="ck-id" style="text-decoration:underline" href="{escape(notebook)}" target="_self">{escape(t("assign.todo_open_chapter"))}</a>' if notebook else ""
    return f"<li>{escape(label)}{link}</li>"


def assignment_card(state, titles: dict[str, str]) -> str:
    """One assignment as a panel: title, state (days left / overdue), due day, pass mark, parts."""
    from clientkit.service_assignments import state_label

    a = state.assignment
    head = f"{a['title']}　【{state_label(state)}】"
    lines = "".join(_item_line(i, titles) for i in state.items)
    meta = "　".join((t("assign.todo_due", due=a["due_date"].isoformat()),
                     t("assign.todo_mark", mark=round(a["pass_mark"] * 100))))
    text = f'<span class="ck-muted">{escape(meta)}</span><ul style="margin:4px 0 0 0;padding-left:20px">{lines}</ul>'
    return f'<div class="ck-panel ck-{STATE_KIND[state.state]} ck-assignment"><strong>{escape(head)}</strong><br>{text}</div>'


class TodoPanel:
    """The agent's assignments on 首页 (nothing for other roles)."""

    def __init__(self, service, page) -> None:
        self.service = service
        self.page = page
        self.widget = w.VBox()
        if service.user.role != "agent":
            return
        states = service.my_assignments()
        titles = service.exercise_titles()
        todo = [s for s in states if s.state in ("open", "overdue")]
        done = [s for s in states if s.state in ("done", "done_late")]
        parts = [w.HTML(f"<h3>{escape(t('assign.todo_title'))}</h3>")]
        if todo:
            parts.append(w.HTML("".join(assignment_card(s, titles) for s in todo)
                                + f'<p class="ck-muted">{escape(t("assign.todo_rule"))}</p>'))
        else:
            parts.append(w.HTML(html.panel("info", t("assign.todo_none"))))
        if done:
            parts.append(w.HTML(f"<h4>{escape(t('assign.todo_done_title'))}</h4>"))
            for s in done:
                parts.append(w.HTML(assignment_card(s, titles)))
                if s.certificate is not None:
                    wanted = s.assignment["id"]
                    parts.append(PdfButton(page, t("assign.cert_button"),
                                           lambda wanted=wanted: service.certificate_pdf(wanted)).widget)
        self.widget.children = parts


def todo_widget(service, page) -> w.Widget:
    """首页 hook: the 待完成 panel (an error shows on the page instead of breaking 首页)."""
    try:
        return TodoPanel(service, page).widget
    except Exception as exc:  # the rest of 首页 still works
        page.error(exc)
        return w.VBox()


# -- 主管看板 / trainer console: assign and follow up ----------------------------------------------

class AssignPanel:
    """Create assignments and follow them (completion, overdue agents, scores, export)."""

    def __init__(self, service, page) -> None:
        from clientkit.practice.dialogue import drills

        self.service = service
        self.page = page
        g = guarded(page)
        allowed = service.assignable()
        available = [c for c in CHAPTERS if c.available]
        self.title = w.Text(description=t("assign.f_title"), style=_STYLE, layout=_full())
        self.chapters = w.SelectMultiple(options=[(c.label, c.number) for c in available],
                                         value=[available[0].number] if available else [], rows=4,
                                         description=t("assign.f_chapters"), style=_STYLE, layout=_full())
        self.parts = {p: w.Checkbox(value=True, description=t(f"assign.part_{p}"), indent=False,
                                    layout=w.Layout(width="auto")) for p in ("learn", "practice", "assessment")}
        self.drills = w.SelectMultiple(options=[(f"第{d.chapter}章 {d.title}", d.id) for d in drills()], rows=4,
                                       description=t("assign.f_drills"), style=_STYLE, layout=_full())
        self.due = w.DatePicker(description=t("assign.f_due"), style=_STYLE, layout=w.Layout(width="260px"))
        self.mark = w.BoundedIntText(value=80, min=1, max=100, description=t("assign.f_mark"), style=_STYLE,
                                     layout=w.Layout(width="200px"))
        self.teams = self._targets("assign.f_teams", [(x, x) for x in allowed["teams"]])
        self.sessions = self._targets("assign.f_sessions", allowed["sessions"])
        self.agents = self._targets("assign.f_agents", [(a.display_name or a.username, a.id) for a in allowed["agents"]])
        self.onboarding = w.Checkbox(value=False, description=t("assign.f_onboarding"), indent=False,
                                     layout=w.Layout(width="auto"))
        self.create = button(t("assign.create"), "primary")
        self.create.on_click(g(lambda _b: self._create()))
        parts_row = w.HBox([w.HTML(escape(t("assign.f_parts")) + "：&nbsp;"), *self.parts.values()],
                           layout=w.Layout(flex_flow="row wrap", align_items="center"))
        form = w.VBox([w.HTML(f"<h3>{escape(t('assign.new'))}</h3>"), self.title, self.chapters, parts_row, self.drills,
                       w.HBox([self.due, self.mark], layout=w.Layout(flex_flow="row wrap")),
                       self.teams, self.sessions, self.agents, self.onboarding, self.create])
        self.picker = w.Dropdown(description=t("assign.pick"), style=_STYLE, layout=_full())
        self.picker.observe(g(lambda _c: self.refresh()), names="value")
        self.summary, self.table, self.overdue, self.link = w.HTML(), w.HTML(), w.HTML(), w.HTML()
        self.xlsx, self.csv = button(t("assign.export_xlsx")), button(t("assign.export_csv"))
        self.xlsx.on_click(g(lambda _b: self._export("xlsx")))
        self.csv.on_click(g(lambda _b: self._export("csv")))
        exports = w.HBox([self.xlsx, self.csv, self.link], layout=w.Layout(flex_flow="row wrap", align_items="center"))
        follow = w.VBox([w.HTML(f"<h3>{escape(t('assign.list_title'))}</h3>"), self.picker, self.summary, exports,
                         self.table, self.overdue])
        self.widget = w.VBox([form, follow])
        self.load()

    def _targets(self, key: str, options) -> w.SelectMultiple:
        box = w.SelectMultiple(options=list(options), rows=min(5, max(2, len(options))), description=t(key),
                               style=_STYLE, layout=_full())
        if not options:
            box.layout.display = "none"
        return box

    def reload_targets(self) -> None:
        """Re-read what the user may assign to (a class created since the page opened)."""
        allowed = self.service.assignable()
        for box, options in ((self.teams, [(x, x) for x in allowed["teams"]]), (self.sessions, allowed["sessions"]),
                             (self.agents, [(a.display_name or a.username, a.id) for a in allowed["agents"]])):
            kept = tuple(v for v in box.value if v in {v for _, v in options})
            box.options = list(options)
            box.value = kept
            box.rows = min(5, max(2, len(options)))
            box.layout.display = None if options else "none"

    def _default_due(self):
        from clientkit.service_assignments import local_date
        from clientkit.service_tasks import _now

        return local_date(_now()) + timedelta(days=7)

    def load(self, select=None) -> None:
        """Fill the list of the assignments the user follows (newest first) and show one."""
        if self.due.value is None:
            self.due.value = self._default_due()
        made = self.service.assignments()
        self.picker.options = [(self._label(a), a["id"]) for a in made]
        if select is not None:
            self.picker.value = select
        elif made and self.picker.value is None:
            self.picker.value = made[0]["id"]
        if not made:
            self.summary.value = html.panel("info", t("assign.none"))

    def _label(self, a: dict) -> str:
        """``title（截止 day）``, and who assigned it when someone else did."""
        due = t("assign.todo_due", due=a["due_date"].isoformat())
        if a["created_by"] != self.service.user.id:
            due += "，" + t("assign.by", name=a.get("creator") or "—")
        return f"{a['title']}（{due}）"

    def _create(self) -> None:
        made = self.service.create_assignment(
            self.title.value, list(self.chapters.value), [p for p, box in self.parts.items() if box.value],
            due=self.due.value, pass_mark=self.mark.value, teams=list(self.teams.value),
            sessions=list(self.sessions.value), agents=list(self.agents.value), drills=list(self.drills.value),
            onboarding=self.onboarding.value)
        self.load(select=made["id"])
        self.page.show("ok", t("assign.created", title=made["title"]))

    def refresh(self) -> None:
        self.link.value = ""
        if self.picker.value is None:
            return
        status = self.service.assignment_status(self.picker.value)
        from clientkit.service_assignments import items_text

        a, s = status["assignment"], status["summary"]
        self.summary.value = html.panel("info", t("assign.summary", **s), f"{a['title']} · {items_text(a['items'])}")
        self.table.value = html.table(status["agents"], empty=t("ui.no_data"))
        agents = status["agents"]
        late = agents[agents["状态"].str.startswith("已逾期")] if len(agents) else agents
        self.overdue.value = (f"<h4>{escape(t('assign.overdue_title'))}</h4>"
                              + html.table(late, empty=t("assign.no_overdue")))

    def _export(self, fmt: str) -> None:
        if self.picker.value is None:
            self.page.show("warn", t("assign.none"))
            return
        name, data = self.service.export_assignment(self.picker.value, fmt)
        self.link.value = download_link(name, data)
