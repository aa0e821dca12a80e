"""Chapter-6 tool 合规检查: the 6.4 checklist over the sample book — pass/fail per item, the
number of findings, the rectification due date and the follow-up status, and the (masked)
findings behind a failed item (DOMAIN.md C6-16, C6-17; clientkit.rules.ch6_compliance)."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.checkup import labels, yes_no
from clientkit.ui.components import Notice, guarded

CHAPTER = 6
TITLE = t("ch6.tool.title")
ORDER = 10
MAX_FINDINGS = 100
_FINDING_COLUMNS = ("rule_id", "client_id", "table", "field", "value", "message")


def _text(value) -> str:
    if value is None or (not isinstance(value, (str, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, tuple):
        return "、".join(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def render_items(report) -> str:
    """The checklist (6.4) as a table with a summary line; failed rows tinted."""
    items = report.items
    table = pd.DataFrame(
        [(t(f"ch6.checklist.{r.item}"), _text(r.rule_ids), t("ch6.tool.pass") if r.passed else t("ch6.tool.fail"),
          int(r.findings), _text(r.due), t(f"ch6.status.{r.status}")) for r in items.itertuples(index=False)],
        columns=[t(f"ch6.tool.col.{c}") for c in ("item", "rule_ids", "passed", "findings", "due", "status")])
    summary = t("ch6.tool.summary", on=_text(report.on), total=len(items), passed=int(items["passed"].sum()),
                rate=f"{report.pass_rate:.0%}")
    note = f'<p class="ck-provisional">{escape(t("calendar.provisional_note"))}</p>' if getattr(report, "provisional", False) else ""
    rows = ["" if passed else "ck-failed" for passed in items["passed"]]
    return f"<p>{escape(summary)}</p>{html.table(table, row_classes=rows)}{note}"


def render_findings(findings: pd.DataFrame) -> str:
    """The (already masked) findings of one item, tables and fields by their Chinese names."""
    rows = []
    for r in findings.itertuples(index=False):
        table, field = labels(_text(r.table), _text(r.field))
        rows.append((_text(r.rule_id), _text(r.client_id), table, field, _text(yes_no(r.value)), _text(r.message)))
    columns = [t(f"ch6.tool.col.{c}") for c in ("rule_ids", *_FINDING_COLUMNS[1:])]
    return html.table(pd.DataFrame(rows, columns=columns), max_rows=MAX_FINDINGS)


def build(service, page) -> w.Widget:
    """The tool's widget: the checklist, a picker of failed items and their findings."""
    report = service.compliance_report()
    failed = [(t(f"ch6.checklist.{code}"), code) for code in report.items.loc[~report.items["passed"], "item"]]
    picker = w.Dropdown(options=failed, description=t("ch6.tool.pick"), layout=w.Layout(width="460px", max_width="100%"),
                        style={"description_width": "initial"})
    detail = w.HTML()
    note = Notice()

    @guarded(note)
    def show(_change=None) -> None:
        code = picker.value
        detail.value = render_findings(report.findings[report.findings["item"] == code]) if code else ""

    picker.observe(show, names="value")
    show()
    intro = w.HTML(f"<p>{escape(t('ch6.tool.intro', days=report.working_days))}</p>")
    parts = [intro, w.HTML(render_items(report))]
    parts += [picker, note, detail] if failed else [w.HTML(f"<p>{escape(t('ch6.tool.none_failed'))}</p>")]
    return w.VBox(parts)
