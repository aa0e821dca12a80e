"""档案体检: upload a client-list export (CSV/Excel) and see every rule finding, masked.

The file is read in memory and never stored; findings show masked values only. Import
problems are listed by row and column; good rows are checked all the same.
"""
from __future__ import annotations

import base64
from datetime import date

import ipywidgets as w
import pandas as pd

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
        self.upload = w.FileUpload(accept=".csv,.xlsx,.xls", multiple=False, description=t("checkup.choose_file"))
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

    def check(self) -> None:
        self.page.clear()
        files = list(self.upload.value)
        if not files:
            self.page.show("warn", t("checkup.no_file"))
            return
        f = files[0]
        on = self.on.value or date.today()
        findings, issues, n_rows, kpis = self.service.checkup(bytes(f["content"]), f["name"], on)
        parts = [html.panel("ok" if len(findings) == 0 else "warn",
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
