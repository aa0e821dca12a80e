"""Import of client lists from CSV (UTF-8 or GBK/GB18030) and Excel files (档案体检).

Headers may be the schema's column names or its Chinese labels. A file that cannot be read
at all (unknown encoding, no recognisable header, not a table) raises ``FileFormatError`` with
a Chinese message; otherwise every row is kept and each cell that does not fit its column is
reported by row, column and reason (``Book.issues``).

An uploaded file is untrusted: its size, an xlsx's zip directory and the row count are checked
before or while parsing, and large files and every xlsx are parsed in a child process bounded
in time and memory (:mod:`clientkit.model.bounded`, issue 15).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from clientkit.errors import FileFormatError
from clientkit.model import bounded
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
    mapped to column names. Raises FileFormatError when nothing usable is in it, or when it
    is over a limit of :mod:`clientkit.model.bounded`."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        bounded.check_size(path.stat().st_size)
        data = path.read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read(bounded.MAX_FILE_BYTES + 1)
    bounded.check_size(len(data))
    suffix = Path(name).suffix.lower()
    excel = suffix in (".xlsx", ".xlsm", ".xls") or data[:2] == b"PK"
    if excel and data[:2] == b"PK":
        bounded.check_xlsx(data)
    if excel or len(data) > bounded.IN_PROCESS_BYTES:
        df = bounded.run_bounded(parse_table, data, excel)
    else:
        df = parse_table(data, excel)
    return _map_headers(df, table)


def parse_table(data: bytes, excel: bool) -> pd.DataFrame:
    """The raw cells of a file (no header mapping); at most ``bounded.MAX_ROWS`` rows."""
    limit = bounded.MAX_ROWS + 1
    try:
        if excel:
            df = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, nrows=limit)
        else:
            text = _decode(data)
            if not text.strip():
                raise FileFormatError("import.empty_file")
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False,
                             nrows=limit)
    except (FileFormatError, MemoryError):
        raise
    except Exception as exc:  # pandas raises many kinds for a broken file
        raise FileFormatError("import.unreadable", detail=type(exc).__name__) from exc
    bounded.check_rows(len(df))
    return df


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
