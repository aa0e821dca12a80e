"""档案体检: upload a client-list export (CSV/Excel) and see every rule finding, masked.

The file is streamed to the server (:class:`clientkit.ui.upload_button.UploadButton`, up to
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
from clientkit.ui import html
from clientkit.ui.components import Page, button, guarded, nav_links

MAX_ROWS_SHOWN = 200


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings with Chinese headers (values are already masked by the rules)."""
    if findings is None or len(findings) == 0:
        return pd.DataFrame()
    from clientkit.model.schema import TABLES

    def label(table, field):
        schema = TABLES.get(table)
        return schema._by_name[field].label if schema is not None and field in schema._by_name else field

    return pd.DataFrame(
        {
            t("ui.col_rule"): findings["rule_id"],
            t("checkup.col_client"): findings["client_id"],
            t("checkup.col_field"): [label(tb, f) for tb, f in zip(findings["table"], findings["field"])],
            t("checkup.col_value"): findings["value"],
            t("checkup.col_message"): findings["message"],
        }
    )


def summary_table(findings: pd.DataFrame) -> pd.DataFrame:
    if findings is None or len(findings) == 0:
        return pd.DataFrame()
    counts = findings.groupby("rule_id").agg(n=("client_id", "size"), clients=("client_id", "nunique")).reset_index()
    return pd.DataFrame(
        {
            t("ui.col_rule"): counts["rule_id"],
            t("checkup.col_count"): counts["n"],
            t("checkup.col_clients"): counts["clients"],
        }
    )


def issues_table(issues: pd.DataFrame) -> pd.DataFrame:
    if issues is None or len(issues) == 0:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("checkup.col_row"): issues["row"],
            t("checkup.col_column"): issues["label"],
            t("checkup.col_raw"): issues["value"],
            t("checkup.col_reason"): issues["reason"],
        }
    )


def csv_link(df: pd.DataFrame, filename: str) -> str:
    """A download link for ``df`` as UTF-8 CSV (with BOM for Excel), formula cells escaped."""
    from clientkit.reports.export import to_csv

    data = to_csv(df)
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return f'<a download="{filename}" href="{href}" target="_self">{t("checkup.download")}</a>'


class CheckupApp:
    def __init__(self, service) -> None:
        self.service = service
        self.page = Page(t("checkup.title"), service.user, nav_links(service.user))
        from clientkit.ui.upload_button import UploadButton

        self.upload = UploadButton()
        self.upload.observe(self._uploaded, names=["upload_id", "error", "busy"])
        self.on = w.DatePicker(value=date.today(), description=t("checkup.on_date"))
        self.run = button(t("checkup.run"), "primary")
        self.out = w.HTML()
        self.run.on_click(guarded(self.page)(lambda _b: self.check()))
        self.page.body.children = [
            w.HTML(html.panel("info", t("checkup.intro"))),
            w.HBox([self.upload, self.on, self.run], layout=w.Layout(flex_flow="row wrap")),
            self.out,
        ]
        self.widget = self.page.widget

    def _uploaded(self, _change) -> None:
        """A new upload started, finished or failed: the old report no longer applies."""
        self.out.value = ""
        self.page.clear()
        if self.upload.error:
            self.page.show("error", t("checkup.upload_failed", reason=self.upload.error))
        elif self.upload.upload_id and not self.upload.busy:
            from clientkit.model.bounded import human_size

            self.page.show("info", t("checkup.uploaded", name=self.upload.file_name,
                                     size=human_size(self.upload.file_size)))

    def check(self) -> None:
        self.page.clear()
        self.out.value = ""
        if not self.upload.upload_id:
            self.page.show("warn", t("checkup.no_file"))
            return
        on = self.on.value or date.today()
        self.page.show("info", t("checkup.checking", name=self.upload.file_name))
        try:
            name, (findings, issues, n_rows, kpis) = self.service.checkup_upload(self.upload.upload_id, on)
        except ClientkitError as exc:
            self.page.show("error", exc.message(), title=t("checkup.file_name", name=self.upload.file_name))
            return
        self.page.clear()
        parts = [f"<h3>{html.escape(t('checkup.file_name', name=name))}</h3>",
                 html.panel("ok" if len(findings) == 0 else "warn",
                            t("checkup.summary", rows=n_rows, findings=len(findings), issues=len(issues)))]
        if len(issues):
            parts.append(f"<h3>{t('checkup.issues')}</h3>" + html.table(issues_table(issues), max_rows=MAX_ROWS_SHOWN))
        parts.append(f"<h3>{t('checkup.by_rule')}</h3>" + html.table(summary_table(findings), empty=t("checkup.none")))
        if len(findings):
            table = findings_table(findings)
            parts.append(f"<h3>{t('checkup.findings')}</h3>" + csv_link(table, "findings.csv")
                         + html.table(table, max_rows=MAX_ROWS_SHOWN))
        from clientkit.ui.tools.ch8_kpis import render_kpis

        parts.append(f"<h3>{t('checkup.kpis')}</h3>" + render_kpis(kpis))
        self.out.value = "".join(parts)
