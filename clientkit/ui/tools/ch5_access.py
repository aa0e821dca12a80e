"""Chapter-5 tool 调阅记录审查: the sample book's access log with the lines the chapter-5 rules
flag (DOMAIN.md C5-01…C5-03, §5.2 exercise 4). Clients appear by id only."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui.components import Notice, guarded

CHAPTER = 5
TITLE = t("ch5.tool.title")
ORDER = 10
_COLUMNS = ("at", "user_id", "role", "client_id", "client_agent", "action", "purpose", "record_count", "rule_ids", "problems")
MAX_ROWS = 200


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def render(table: pd.DataFrame, total: int, flagged: int) -> str:
    """The review table as HTML (first ``MAX_ROWS`` lines); flagged lines tinted."""
    if not total:
        return f"<p>{escape(t('ch5.tool.empty'))}</p>"
    labels = [escape(t(f"ch5.tool.col.{c}")) for c in _COLUMNS]
    head = "".join(f"<th>{label}</th>" for label in labels)
    rows = []
    for r in table.head(MAX_ROWS).itertuples(index=False):
        style = ' class="ck-flagged" style="background:#fdecea"' if isinstance(r.rule_ids, str) else ""
        rows.append(f"<tr{style}>" + "".join(f'<td data-label="{label}">{escape(_cell(getattr(r, c)))}</td>'
                                          for c, label in zip(_COLUMNS, labels)) + "</tr>")
    summary = t("ch5.tool.summary", total=total, flagged=flagged)
    return (f"<p>{escape(summary)}</p><div class=\"ck-scroll\"><table class=\"ck-table\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def build(service, page) -> w.Widget:
    """The tool's widget: a "flagged only" switch and the table."""
    only = w.Checkbox(value=True, description=t("ch5.tool.only_flagged"), indent=False)
    out = w.HTML()
    note = Notice()
    total, flagged = len(service.access_review()), len(service.access_review(only_flagged=True))

    @guarded(note)
    def show(_change=None) -> None:
        out.value = render(service.access_review(only_flagged=only.value), total, flagged)

    only.observe(show, names="value")
    show()
    return w.VBox([w.HTML(f"<p>{escape(t('ch5.tool.intro'))}</p>"), only, note, out])
