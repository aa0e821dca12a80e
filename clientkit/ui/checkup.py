"""档案体检: upload a whole export — several table files or one .zip, or a client list alone —
and see every finding of the rules that can be judged from it, masked (issue 10).

The check date is chosen in the page (today shown as the default) and passed to the audit.
Rules needing a table that was not uploaded are not run: they are listed as
「未检查（缺少 … 表）」. The report names every file read and offers an Excel download with the
rule text (:mod:`clientkit.reports.checkup`).

Each file is streamed to the server (:class:`clientkit.ui.upload_button.UploadButton`, up to
100 MB, with a progress bar) and kept briefly in the user's own upload folder; the kernel reads
it by its id. Findings show masked values only. Import problems are listed by row and column;
good rows are checked all the same. A new or failed upload clears the previous report, and the
report names the file it is about.
"""
from __future__ import annotations

import base64
from datetime import date

import ipywidgets as w
import pandas as pd

from clientkit.errors import ClientkitError
from clientkit.i18n import t
from clientkit.reports.checkup import labels, yes_no  # noqa: F401  (shared with 合规检查)
from clientkit.ui import html
from clientkit.ui.components import Notice, Page, button, guarded, nav_links

MAX_ROWS_SHOWN = 200


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings with Chinese headers (values are already masked by the rules)."""
    if findings is None or len(findings) == 0:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("ui.col_rule"): findings["rule_id"],
            t("checkup.col_client"): findings["client_id"],
            t("checkup.col_field"): [labels(tb, f)[1] for tb, f in zip(findings["table"], findings["field"])],
            t("checkup.col_value"): findings["value"].map(yes_no),
            t("checkup.col_message"): findings["message"],
        }
    )


def summary_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Per rule: its text, the number of findings and of clients."""
    from clientkit.reports.checkup import summary_sheet

    if findings is None or len(findings) == 0:
        return pd.DataFrame()
    return summary_sheet(findings, short=True)


def issues_table(issues: pd.DataFrame) -> pd.DataFrame:
    from clientkit.reports.checkup import issues_sheet

    if issues is None or len(issues) == 0:
        return pd.DataFrame()
    return issues_sheet(issues)


def csv_link(df: pd.DataFrame, filename: str) -> str:
    """A download link for ``df`` as UTF-8 CSV (with BOM for Excel), formula cells escaped."""
    from clientkit.reports.export import to_csv

    data = to_csv(df)
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return f'<a class="ck-download" download="{filename}" href="{href}" target="_self">{t("checkup.download")}</a>'


def xlsx_link(data: bytes, filename: str) -> str:
    """A download link for the Excel report (findings with rule text, rules not checked)."""
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    href = f"data:{kind};base64," + base64.b64encode(data).decode("ascii")
    return (f'<a class="ck-download" download="{html.escape(filename)}" href="{href}" target="_self">'
            f'{html.escape(t("checkup.download_xlsx"))}</a>')


def files_list(report) -> str:
    """Which file gave which table (and how many rows), and the files that were ignored."""
    from clientkit.model.schema import TABLES

    items = "；".join(
        t("checkup.file_table", name=name, table=TABLES[table].label, rows=report.rows.get(table, 0))
        for table, name in report.files.items()
    )
    out = (f"<h3>{html.escape(t('checkup.files_heading'))}</h3>"
           f'<p class="ck-files" style="overflow-wrap:anywhere">{html.escape(items)}</p>')
    if report.ignored:
        out += f'<p class="ck-muted" style="overflow-wrap:anywhere">{html.escape(t("checkup.ignored", names="、".join(report.ignored)))}</p>'
    return out


def unchecked_list(unchecked: pd.DataFrame) -> str:
    """「未检查（缺少 … 表）」 per rule that needs a table not uploaded."""
    if unchecked is None or len(unchecked) == 0:
        return ""
    items = "".join(
        f"<li><strong>{html.escape(r.rule_id)}</strong> {html.escape(r.title or r.statement)}："
        f"{html.escape(t('checkup.unchecked_item', tables=r.missing))}</li>"
        for r in unchecked.itertuples(index=False)
    )
    return (f"<h3>{html.escape(t('checkup.unchecked'))}</h3><div class=\"ck-unchecked\">"
            f"<p>{html.escape(t('checkup.unchecked_intro'))}</p><ul>{items}</ul></div>")


class CheckupApp:
    def __init__(self, service) -> None:
        self.service = service
        self.page = Page(t("checkup.title"), service.user, nav_links(service.user))
        from clientkit.ui.upload_button import UploadButton

        self.upload = UploadButton(multiple=True, accept=".csv,.xlsx,.xls,.zip")
        self.upload.observe(self._uploaded, names=["upload_id", "upload_ids", "error", "busy"])
        self.on = w.DatePicker(value=date.today(), description=t("checkup.on_date"))
        self.run = button(t("checkup.run"), "primary")
        self.out = w.HTML(layout=w.Layout(width="100%"))
        self.out.add_class("ck-report-out")
        self.note = Notice()  # upload and check messages, right under 选择文件 / 开始体检
        self.run.on_click(guarded(self.note)(lambda _b: self.check()))
        self.page.body.children = [
            w.HTML(html.panel("info", t("checkup.intro"))),
            w.HBox([self.upload, self.on, self.run], layout=w.Layout(flex_flow="row wrap")),
            self.note,
            self.out,
        ]
        self.widget = self.page.widget

    def _uploaded(self, _change) -> None:
        """A new upload started, finished or failed: the old report no longer applies."""
        self.out.value = ""
        self.note.clear()
        if self.upload.error:
            self.note.show("error", t("checkup.upload_failed", reason=self.upload.error))
        elif self.upload.upload_id and not self.upload.busy:
            from clientkit.model.bounded import human_size

            self.note.show("info", t("checkup.uploaded", name=self.upload.file_name,
                                     size=human_size(self.upload.file_size)))

    def _ids(self) -> list[str]:
        return list(self.upload.upload_ids) or ([self.upload.upload_id] if self.upload.upload_id else [])

    def check(self) -> None:
        self.note.clear()
        self.out.value = ""
        ids = self._ids()
        if not self.upload.upload_id or not ids:
            self.note.show("warn", t("checkup.no_file"))
            return
        on = self.on.value
        if on is None:
            self.note.show("warn", t("checkup.no_date"))
            return
        self.note.show("info", t("checkup.checking", name=self.upload.file_name))
        try:
            report = self.service.checkup_uploads(ids, on)
        except ClientkitError as exc:
            self.note.show("error", exc.message(), title=t("checkup.file_name", name=self.upload.file_name))
            return
        self.note.clear()
        self.out.value = self.render(report)

    def render(self, report) -> str:
        from clientkit.reports.checkup import to_excel
        from clientkit.ui.tools.ch8_kpis import render_kpis

        findings, issues = report.findings, report.issues
        names = "、".join(report.sources or report.files.values())
        parts = [f'<h3 style="overflow-wrap:anywhere">{html.escape(t("checkup.file_name", name=names))}</h3>',
                 f"<p>{html.escape(t('checkup.on_date_note', on=report.on.isoformat()))}</p>",
                 html.panel("ok" if len(findings) == 0 else "warn",
                            t("checkup.summary", rows=report.n_rows, findings=len(findings), issues=len(issues))),
                 files_list(report), unchecked_list(report.unchecked)]
        if len(issues):
            parts.append(f"<h3>{t('checkup.issues')}</h3>" + html.table(issues_table(issues), max_rows=MAX_ROWS_SHOWN))
        parts.append(f"<h3>{t('checkup.by_rule')}</h3>" + html.table(summary_table(findings), empty=t("checkup.none")))
        stamp = report.on.strftime("%Y%m%d")
        parts.append("<p>" + xlsx_link(to_excel(report), f"{t('checkup.export_name')}-{stamp}.xlsx") + "</p>")
        if len(findings):
            table = findings_table(findings)
            parts.append(f"<h3>{t('checkup.findings')}</h3>" + csv_link(table, f"{t('checkup.export_name')}-{stamp}.csv")
                         + html.table(table, max_rows=MAX_ROWS_SHOWN))
        parts.append(f"<h3>{t('checkup.kpis')}</h3>" + render_kpis(report.kpis))
        return "".join(parts)
