"""Chapter-3 tool 期限计算: a chapter-3 deadline (投诉 C3-15, 宽限期与解除权 C3-23/C3-24, 通知 C3-11/
C3-12, 核查 C3-17, 回访问题 C3-06, 退保 C3-25) for a day the user picks, with the company settings
and the layered holiday calendar (民法典 第201–203条). A date from the statutory layer — a year
whose State Council schedule is not yet in the company calendar — is marked 暂定 and shown with
the note 「按法定节假日推算，待国务院公布调休安排后以公司日历为准」 (issue 8 §2)."""
from __future__ import annotations

from datetime import date
from html import escape

import ipywidgets as w

from clientkit.i18n import t
from clientkit.service_calendar import DEADLINE_KINDS
from clientkit.ui.components import Notice, guarded

CHAPTER = 3
TITLE = t("calendar.tool.title")
ORDER = 20


def render_results(rows, provisional: bool) -> str:
    """The deadline(s) as an HTML table; provisional dates marked, with the calendar note."""
    weekdays = t("calendar.weekday")
    mark = t("calendar.provisional_mark") if provisional else ""
    body = "".join(f"<tr><td>{escape(t(f'calendar.tool.labels.{label}'))}</td>"
                   f"<td>{escape(d.isoformat())} 星期{weekdays[d.weekday()]}{escape(mark)}</td></tr>" for label, d in rows)
    note = f'<p class="ck-provisional">{escape(mark + t("calendar.provisional_note"))}</p>' if provisional else ""
    return f'<table class="ck-table ck-deadlines"><tbody>{body}</tbody></table>{note}'


def build(service, page) -> w.Widget:
    """The tool's widget: kind, trigger day, 计算, the result."""
    kind = w.Dropdown(options=[(t(f"calendar.tool.kinds.{k}"), k) for k in DEADLINE_KINDS], description=t("calendar.tool.kind"),
                      layout=w.Layout(width="100%", max_width="46em"), style={"description_width": "4em"})
    day = w.DatePicker(value=date.today(), description=t("calendar.tool.day"), style={"description_width": "4em"})
    run = w.Button(description=t("calendar.tool.run"), button_style="primary")
    out = w.HTML()
    note = Notice()

    @guarded(note)
    def calc(_=None):
        out.value = ""
        note.clear()
        rows, provisional = service.deadline_calc(kind.value, day.value)
        out.value = render_results(rows, provisional)

    run.on_click(calc)
    return w.VBox([w.HTML(f"<p>{escape(t('calendar.tool.intro'))}</p>"), kind, w.HBox([day, run], layout=w.Layout(flex_flow="row wrap")), note, out])
