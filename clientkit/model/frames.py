"""Typing a DataFrame to its declared schema, reporting (never fixing) what does not fit.

A Book accepts wrong data on purpose: exercises need faulty files. Text columns keep whatever
was given, including malformed ID numbers and phones (the rules report those). A cell that
cannot be held by a typed column (a date that is no date, a number that is no number, an enum
value that is not declared) is reported with its row, column, raw value and a Chinese reason;
dates and numbers then hold NA, enum columns keep the raw text.
"""
from __future__ import annotations

import pandas as pd

from clientkit.i18n import t
from clientkit.model.schema import TABLES, Column

PANDAS_DTYPES = {
    "str": "string",
    "enum": "string",
    "date": "datetime64[ns]",
    "datetime": "datetime64[ns]",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
}

ISSUE_COLUMNS = ["table", "row", "column", "label", "value", "reason"]

_TRUE = {"true", "1", "yes", "y", "是", "有", "√", "t"}
_FALSE = {"false", "0", "no", "n", "否", "无", "×", "f"}


def empty_frame(table: str) -> pd.DataFrame:
    """An empty DataFrame with every declared column of ``table`` in its dtype."""
    cols = TABLES[table].columns
    return pd.DataFrame({c.name: pd.Series([], dtype=PANDAS_DTYPES[c.dtype]) for c in cols})


def _blank(raw: pd.Series) -> pd.Series:
    return raw.isna() | raw.astype("string").str.strip().fillna("").eq("")


def _coerce_column(raw: pd.Series, col: Column) -> tuple[pd.Series, pd.Series, str]:
    """Typed values, a mask of rows whose raw value could not be typed, and the reason key."""
    blank = _blank(raw)
    text = raw.astype("string").str.strip()
    if col.dtype in ("str",):
        return raw.astype("string").where(~blank, pd.NA), pd.Series(False, index=raw.index), ""
    if col.dtype == "enum":
        values = text.where(~blank, pd.NA)
        label_to_code = {v: k for k, v in (col.enum or {}).items()}
        values = values.map(lambda v: label_to_code.get(v, v) if isinstance(v, str) else v).astype("string")
        bad = values.notna() & ~values.isin(list(col.enum or {}))
        return values, bad, "import.bad_enum"
    if col.dtype in ("date", "datetime"):
        if pd.api.types.is_datetime64_any_dtype(raw):
            values = raw.astype("datetime64[ns]")
            return values, pd.Series(False, index=raw.index), ""
        parsed = pd.to_datetime(text.where(~blank), errors="coerce", format="mixed")
        if col.dtype == "date":
            parsed = parsed.dt.normalize()
        bad = parsed.isna() & ~blank
        return parsed.astype("datetime64[ns]"), bad, "import.bad_date"
    if col.dtype in ("int", "float"):
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            num = pd.to_numeric(raw, errors="coerce")
        else:
            num = pd.to_numeric(text.str.replace(",", "", regex=False).where(~blank), errors="coerce")
        bad = num.isna() & ~blank
        if col.dtype == "int":
            frac = (num.notna() & (num % 1 != 0)).astype("boolean").fillna(False).astype(bool)
            bad = bad | frac
            num = num.where(~frac)
            return num.astype("Float64").astype("Int64"), bad, "import.bad_int"
        return num.astype("Float64"), bad, "import.bad_number"
    if col.dtype == "bool":
        if pd.api.types.is_bool_dtype(raw):
            return raw.astype("boolean"), pd.Series(False, index=raw.index), ""
        low = text.str.lower()
        values = pd.Series(pd.NA, index=raw.index, dtype="boolean")
        values[low.isin(_TRUE).fillna(False)] = True
        values[low.isin(_FALSE).fillna(False)] = False
        bad = values.isna() & ~blank
        return values, bad, "import.bad_bool"
    raise ValueError(f"unknown dtype {col.dtype}")


def coerce_frame(df: pd.DataFrame, table: str, row_offset: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``df`` typed to the schema of ``table`` (all declared columns present, in order) and a
    DataFrame of issues (``ISSUE_COLUMNS``); ``row`` is the 1-based data row plus ``row_offset``.
    Undeclared columns are dropped from the typed frame and reported once each."""
    schema = TABLES[table]
    df = df.reset_index(drop=True)
    out = {}
    issues = []
    for col in schema.columns:
        if col.name not in df.columns:
            out[col.name] = pd.Series(pd.NA, index=df.index).astype(PANDAS_DTYPES[col.dtype])
            continue
        values, bad, reason = _coerce_column(df[col.name], col)
        bad = bad.astype("boolean").fillna(False).astype(bool)
        out[col.name] = values
        if bad.any():
            for i in bad[bad].index:
                issues.append(
                    {
                        "table": table,
                        "row": int(i) + 1 + row_offset,
                        "column": col.name,
                        "label": col.label,
                        "value": str(df.at[i, col.name]),
                        "reason": t(reason, allowed="、".join((col.enum or {}).values())),
                    }
                )
    for extra in [c for c in df.columns if c not in schema.names]:
        issues.append(
            {"table": table, "row": 0, "column": str(extra), "label": str(extra), "value": "",
             "reason": t("import.unknown_column")}
        )
    typed = pd.DataFrame(out, index=df.index)
    return typed, pd.DataFrame(issues, columns=ISSUE_COLUMNS)
