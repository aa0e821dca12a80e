"""Export of dashboard and class-report views to Excel (a sheet per view) and CSV.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (also after leading tab or CR, which
some spreadsheets skip) is prefixed with an apostrophe so that a spreadsheet shows it as text and
never evaluates it (CSV/formula injection, OWASP). Numbers stay numbers.
"""
from __future__ import annotations

import io

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet could evaluate."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [escape_cell(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(escape_cell)
    return out


def _sheet_name(name: str, used: set[str]) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    base = name.strip("'")[:31] or "Sheet"  # never evaluated; Excel refuses a leading apostrophe
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:28]}_{n}"
    used.add(name)
    return name


def to_excel(views: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per view (sheet name = the dict key)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for name, df in views.items():
        ws = wb.create_sheet(_sheet_name(name, used))
        safe = escape_frame(df)
        ws.append(list(safe.columns))
        for row in safe.itertuples(index=False):
            ws.append([_plain(v) for v in row])
        for cell in ws[1]:
            cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _plain(v):
    if v is None or (not isinstance(v, (list, tuple, str)) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if hasattr(v, "item"):
        return v.item()
    if isinstance(v, (list, tuple)):
        return escape_cell("、".join(map(str, v)))
    return v


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (Excel opens Chinese correctly), cells escaped."""
    return escape_frame(df).to_csv(index=False).encode("utf-8-sig")
