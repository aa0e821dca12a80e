"""Import of client lists from CSV (UTF-8 or GBK/GB18030) and Excel files (档案体检).

Headers may be the schema's column names or its Chinese labels. A file that cannot be read
at all (unknown encoding, no recognisable header, not a table) raises ``FileFormatError`` with
a Chinese message; otherwise every row is kept and each cell that does not fit its column is
reported by row, column and reason (``Book.issues``).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from clientkit.errors import FileFormatError
from clientkit.model.book import Book
from clientkit.model.schema import TABLES

ENCODINGS = ("utf-8-sig", "gb18030")


def _aliases(label: str) -> set[str]:
    """A label and its plain forms: "姓名/名称" → 姓名, 名称; "年收入(元)" → 年收入."""
    plain = re.sub(r"[（(].*?[)）]", "", label).strip()
    return {label, plain, *label.split("/"), *plain.split("/")}


def _header_map(table: str) -> dict[str, str]:
    cols = TABLES[table].columns
    mapping = {}
    for c in cols:
        for alias in _aliases(c.label):
            mapping.setdefault(alias, c.name)
    mapping.update({c.name: c.name for c in cols})
    return mapping


def _decode(data: bytes) -> str:
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise FileFormatError("import.bad_encoding")


def read_table_file(source, table: str = "clients", name: str = "") -> pd.DataFrame:
    """Read a CSV or Excel file (path, bytes or file object) as raw text cells with headers
    mapped to column names. Raises FileFormatError when nothing usable is in it."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        data = path.read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls") or data[:2] == b"PK":
            df = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
        else:
            text = _decode(data)
            if not text.strip():
                raise FileFormatError("import.empty_file")
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except FileFormatError:
        raise
    except Exception as exc:  # pandas raises many kinds for a broken file
        raise FileFormatError("import.unreadable", detail=type(exc).__name__) from exc
    return _map_headers(df, table)


def _map_headers(df: pd.DataFrame, table: str) -> pd.DataFrame:
    mapping = _header_map(table)
    renamed = {c: mapping.get(str(c).strip(), str(c).strip()) for c in df.columns}
    df = df.rename(columns=renamed)
    known = [c for c in df.columns if c in TABLES[table].names]
    key = TABLES[table].key
    if key not in known:
        expected = "、".join(c.label for c in TABLES[table].columns if c.required)
        raise FileFormatError("import.missing_key", column=TABLES[table].column(key).label, expected=expected)
    dupes = df.columns[df.columns.duplicated()].tolist()
    if dupes:
        raise FileFormatError("import.duplicate_header", headers="、".join(map(str, dupes)))
    return df


def import_book(source, table: str = "clients", name: str = "") -> Book:
    """A Book holding the rows of one CSV/Excel file as ``table``; bad cells in ``book.issues``
    (row numbers as a spreadsheet shows them: the header is row 1, data from row 2)."""
    df = read_table_file(source, table, name)
    book = Book.from_frames({table: df})
    if not book.issues.empty:
        data_rows = book.issues["row"] > 0
        book.issues.loc[data_rows, "row"] = book.issues.loc[data_rows, "row"] + 1
    return book
