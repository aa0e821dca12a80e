"""The one export module: every CSV and Excel file clientkit writes (dashboard, class report,
档案体检 download, ``clientkit audit --out``) is made here (DESIGN.md "Command line"; OWASP CSV
injection).

* A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, CR or LF, or a full-width
  ``＝ ＋ － ＠``, is prefixed with an apostrophe so that a spreadsheet shows it as text and never
  evaluates it. Numbers stay numbers.
* CSV is written as RFC 4180 (CRLF line ends, ``"`` doubled inside quotes). A cell is quoted when
  it holds a comma, a quote, CR, LF, a tab or a semicolon: Excel in semicolon locales splits on
  ``;``, so an unquoted ``x;=1+1`` would become a formula cell there.
* CSV files carry a UTF-8 BOM so that Excel opens Chinese correctly.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Characters that make a CSV cell quoted (RFC 4180 needs , " CR LF; ; and tab for Excel locales).
NEEDS_QUOTES = frozenset(',"\r\n;\t')


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


def csv_field(value) -> str:
    """One CSV field: escaped (:func:`escape_cell`), then quoted as RFC 4180 when needed."""
    value = _plain(value)
    if value is None:
        return ""
    text = escape_cell(value) if isinstance(value, str) else _number_text(value)
    if NEEDS_QUOTES.intersection(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _number_text(value) -> str:
    """A whole-number float as a spreadsheet shows it (70, not 70.0); anything else as ``str``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def csv_text(df: pd.DataFrame) -> str:
    """``df`` as RFC 4180 CSV text (header row first, CRLF line ends), every cell escaped."""
    lines = [",".join(csv_field(str(c)) for c in df.columns)]
    lines += [",".join(csv_field(v) for v in row) for row in df.itertuples(index=False, name=None)]
    return "".join(line + "\r\n" for line in lines)


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (Excel opens Chinese correctly), cells escaped and quoted."""
    return csv_text(df).encode("utf-8-sig")


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`to_csv` of ``df`` to ``path`` (the CLI's ``--out``); returns the path."""
    path = Path(path)
    path.write_bytes(to_csv(df))
    return path
