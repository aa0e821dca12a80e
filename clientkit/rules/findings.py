"""The shape of a finding and how a check builds them (DESIGN.md "Rules").

A finding is one row: ``rule_id``, ``client_id``, ``table``, ``row`` (0-based position in that
table), ``field``, ``value`` (the cell as text, masked with the schema's mask kind, enum values
as their Chinese label) and ``message`` (Chinese, from the catalog). ``audit`` adds the rule's
``section`` and ``severity``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.model.masking import mask_series
from clientkit.model.schema import TABLES

COLUMNS = ["rule_id", "client_id", "table", "row", "field", "value", "message"]


def empty() -> pd.DataFrame:
    """No findings, with the finding columns and dtypes."""
    return pd.DataFrame(
        {c: pd.Series([], dtype="Int64" if c == "row" else "object") for c in COLUMNS}
    )


def display_values(values: pd.Series, table: str, field: str) -> pd.Series:
    """Cells of ``table.field`` as display text: dates ISO, enums as labels, masked by kind."""
    column = TABLES[table]._by_name.get(field)
    out = values.astype("object")
    present = values.notna().to_numpy()
    if column is not None and column.dtype in ("date", "datetime") and pd.api.types.is_datetime64_any_dtype(values):
        fmt = "%Y-%m-%d" if column.dtype == "date" else "%Y-%m-%d %H:%M"
        out = values.dt.strftime(fmt).astype("object")
    elif column is not None and column.enum:
        out = values.astype("object").map(lambda v, e=column.enum: e.get(v, v) if isinstance(v, str) else v)
    else:
        out = out.where(~present, out.astype(str)) if present.any() else out
    out = out.where(present, None)
    filled = out.map(lambda v: isinstance(v, str) and v != "").to_numpy(dtype=bool)
    if column is not None and column.mask and filled.any():
        # only filled cells: masking.mask_series fails on an all-empty selection (pandas 3 str)
        out = out.copy()
        out[filled] = mask_series(out[filled], column.mask).to_numpy(dtype=object)
    return out


def build(rule_id: str, table: str, frame: pd.DataFrame, rows: np.ndarray, field: str, message,
          client_ids: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
    """Findings of ``rule_id`` for the positions ``rows`` of ``frame`` (the book's ``table``).

    ``message`` is one text for all rows or a sequence aligned with ``rows``; the client id is
    ``frame.client_id`` unless ``client_ids`` (aligned with ``rows``) is given."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) == 0:
        return empty()
    sub = frame.iloc[rows]
    if client_ids is None:
        client_ids = sub["client_id"]
    values = display_values(sub[field], table, field) if field in sub.columns else pd.Series(None, index=sub.index)
    out = pd.DataFrame(
        {
            "rule_id": rule_id,
            "client_id": np.asarray(pd.Series(client_ids).astype("object").where(pd.Series(client_ids).notna(), None)),
            "table": table,
            "row": pd.array(rows, dtype="Int64"),
            "field": field,
            "value": values.to_numpy(dtype=object),
            "message": message if isinstance(message, str) else np.asarray(message, dtype=object),
        }
    )
    return out[COLUMNS]
