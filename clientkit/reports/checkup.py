"""The report of one 档案体检 (handbook 第8章 档案检查; issue 10): findings of the rules that could be
judged, the rules that could not (「未检查（缺少 … 表）」), the files read and the cells that
could not be typed — and its Excel download with the rule text beside every finding.

Values are masked by the rules and by :func:`clientkit.model.masking.mask_issues`; the Excel file
is written by :func:`clientkit.reports.export.to_excel` (formula cells neutralised).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from clientkit.i18n import t
from clientkit.model.schema import TABLES

UNCHECKED_COLUMNS = ["rule_id", "title", "statement", "missing"]


@dataclass
class CheckupReport:
    """``findings`` as :func:`clientkit.rules.audit.audit` returns them; ``issues`` masked, with
    the ``file`` they came from; ``files``: table → file name; ``unchecked``: one row per rule
    not run (``rule_id, title, statement, missing`` — the missing tables' Chinese names);
    ``rows``: table → rows read; ``sources``: the names of the files as uploaded (a zip's own)."""

    on: date
    findings: pd.DataFrame
    issues: pd.DataFrame
    n_rows: int
    kpis: pd.DataFrame
    files: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    unchecked: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=UNCHECKED_COLUMNS))
    rows: dict[str, int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


def table_names(tables) -> str:
    """Chinese names of ``tables`` (schema names), e.g. ``授权同意、保单``."""
    return "、".join(TABLES[n].label for n in tables)


def unchecked_frame(pairs) -> pd.DataFrame:
    """``(rule, missing tables)`` pairs (:func:`clientkit.rules.audit.unchecked`) as a frame."""
    return pd.DataFrame(
        [{"rule_id": r.id, "title": r.title, "statement": r.statement, "missing": table_names(m)} for r, m in pairs],
        columns=UNCHECKED_COLUMNS,
    )


def rule_text(rule_id: str, short: bool = False) -> str:
    """A rule's title and statement (``short``: the title alone, for a table on screen)."""
    from clientkit.rules.registry import rule

    try:
        r = rule(rule_id)
    except KeyError:
        return ""
    if short and r.title:
        return r.title
    return f"{r.title}：{r.statement}" if r.title else r.statement


def yes_no(value):
    """A finding's value as shown: flags as 是/否 (a user never reads True/False)."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, str) and value in ("True", "False")):
        return "是" if value in (True, "True", np.True_) else "否"
    return value


def labels(table: str, field: str) -> tuple[str, str]:
    """The Chinese names of a finding's table and field (users never see ``clients``/``gender``)."""
    schema = TABLES.get(table)
    if schema is None:
        return table, field
    column = schema._by_name.get(field)
    return schema.label, column.label if column is not None else field


def _shown(value):
    """A cell of the Excel findings: flags as 是/否, a missing value as 「（空）」, never ``nan``."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return t("checkup.value_blank")
    value = yes_no(value)
    return value if isinstance(value, str) else str(value)


def findings_sheet(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings with Chinese headers, table and field names and the rule's text (for reading
    offline); flags read 是/否 and a missing value 「（空）」."""
    columns = [t("ui.col_rule"), t("checkup.col_title"), t("checkup.col_client"), t("checkup.col_table"),
               t("checkup.col_field"), t("checkup.col_value"), t("checkup.col_message")]
    if findings is None or len(findings) == 0:
        return pd.DataFrame(columns=columns)
    texts = {rid: rule_text(rid) for rid in findings["rule_id"].unique()}
    names = [labels(tb, f) for tb, f in zip(findings["table"], findings["field"])]
    return pd.DataFrame(
        dict(zip(columns, (
            findings["rule_id"].to_numpy(),
            findings["rule_id"].map(texts).to_numpy(),
            findings["client_id"].map(lambda v: "" if v is None or pd.isna(v) else str(v)).to_numpy(),
            [a for a, _ in names],
            [b for _, b in names],
            findings["value"].map(_shown).to_numpy(),
            findings["message"].fillna("").to_numpy(),
        )))
    )


def summary_sheet(findings: pd.DataFrame, short: bool = False) -> pd.DataFrame:
    """Per rule: its text (``short``: title only), how many findings and how many clients."""
    if findings is None or len(findings) == 0:
        return pd.DataFrame(columns=[t("ui.col_rule"), t("checkup.col_title"), t("checkup.col_count"), t("checkup.col_clients")])
    counts = findings.groupby("rule_id").agg(n=("client_id", "size"), clients=("client_id", "nunique")).reset_index()
    return pd.DataFrame(
        {
            t("ui.col_rule"): counts["rule_id"],
            t("checkup.col_title"): [rule_text(r, short) for r in counts["rule_id"]],
            t("checkup.col_count"): counts["n"],
            t("checkup.col_clients"): counts["clients"],
        }
    )


def unchecked_sheet(unchecked: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("ui.col_rule"): unchecked["rule_id"],
            t("checkup.col_title"): [f"{a}：{b}" if a else b for a, b in zip(unchecked["title"], unchecked["statement"])],
            t("checkup.col_unchecked"): [t("checkup.unchecked_item", tables=m) for m in unchecked["missing"]],
        }
    )


def issues_sheet(issues: pd.DataFrame) -> pd.DataFrame:
    if issues is None or len(issues) == 0:
        return pd.DataFrame(columns=[t("checkup.col_file"), t("checkup.col_row"), t("checkup.col_column")])
    files = issues["file"] if "file" in issues.columns else pd.Series([""] * len(issues), index=issues.index)
    return pd.DataFrame(
        {
            t("checkup.col_file"): files,
            t("checkup.col_row"): issues["row"],
            t("checkup.col_column"): issues["label"],
            t("checkup.col_raw"): issues["value"],
            t("checkup.col_reason"): issues["reason"],
        }
    )


def to_excel(report: CheckupReport) -> bytes:
    """The report as an .xlsx: findings (with rule text), per-rule summary, rules not checked,
    unreadable cells."""
    from clientkit.reports.export import to_excel as workbook

    return workbook(
        {
            t("checkup.sheet_findings"): _or_note(findings_sheet(report.findings), "checkup.none"),
            t("checkup.sheet_rules"): _or_note(summary_sheet(report.findings), "checkup.none"),
            t("checkup.sheet_unchecked"): _or_note(unchecked_sheet(report.unchecked), "checkup.all_checked"),
            t("checkup.sheet_issues"): _or_note(issues_sheet(report.issues), "checkup.no_issues"),
        }
    )


def _or_note(sheet: pd.DataFrame, key: str) -> pd.DataFrame:
    """An empty sheet says why it is empty in its first cell (not a bare header row)."""
    if len(sheet):
        return sheet
    return pd.DataFrame([[t(key)] + [""] * (len(sheet.columns) - 1)], columns=sheet.columns)
