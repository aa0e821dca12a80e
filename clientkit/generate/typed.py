"""Generated columns built directly in the schema dtypes (no parsing pass).

``Book.from_frames`` types *imported* data cell by cell and reports what does not fit; the
generator knows its values are already well-typed (codes, not labels, for enums; day numbers
turned into ``datetime64[ns]``), so it only converts containers: text → ``"string"``, dates →
``datetime64[ns]``, int → ``Int64``, float → ``Float64``, bool → ``boolean``
(:data:`clientkit.model.frames.PANDAS_DTYPES`). A test checks that ``Book.from_frames`` on the
result reports no issue and returns identical frames.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.model.frames import PANDAS_DTYPES
from clientkit.model.schema import TABLES

try:
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # a kernel of ``clientkit serve`` (clientkit.NO_PYARROW_ENV)
    pa = pc = None


def _text(values, n: int):
    if isinstance(values, pd.Series):
        values = values.array
    if pa is None:
        return _text_python(values, n)
    if isinstance(values, pd.arrays.ArrowStringArray):
        arr = values._pa_array
    elif values is None or np.ndim(values) == 0:
        arr = pa.array([values] * n if values is not None else [None] * n, type=pa.large_string())
    else:
        arr = pa.array(np.asarray(values, dtype=object), type=pa.large_string(), from_pandas=True)
    arr = pa.chunked_array([arr]) if isinstance(arr, pa.Array) else arr
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    blank = pc.equal(pc.utf8_trim_whitespace(arr), "")
    if pc.any(blank).as_py():
        arr = pc.if_else(blank, pa.scalar(None, pa.large_string()), arr)
    return pd.arrays.ArrowStringArray(arr)


def _text_python(values, n: int):
    """:func:`_text` for pandas without pyarrow: the same values in its Python-backed strings."""
    if values is None or np.ndim(values) == 0:
        values = [values] * n
    arr = pd.array(np.asarray(values, dtype=object), dtype="string")
    blank = pd.Series(arr).str.strip().eq("").fillna(False).to_numpy(dtype=bool)
    if blank.any():
        arr = arr.copy()
        arr[blank] = pd.NA
    return arr


def _column(values, dtype: str, n: int):
    if dtype in ("str", "enum"):
        return _text(values, n)
    if values is None or np.ndim(values) == 0:
        values = np.full(n, np.nan if values is None else values)
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    if dtype in ("date", "datetime"):
        return series.astype("datetime64[ns]").to_numpy()
    if dtype == "int":
        return series.array if series.dtype == "Int64" else series.astype("Float64").astype("Int64").array
    if dtype == "float":
        return series.astype("Float64").array
    if series.dtype == bool or series.dtype == "boolean":
        return series.astype("boolean").array
    return pd.array(series.to_numpy(dtype=object), dtype="boolean")


def table(name: str, columns: dict | pd.DataFrame) -> pd.DataFrame:
    """Table ``name`` with every declared column, in order and in its schema dtype.

    Args:
        name: a table of :data:`clientkit.model.schema.TABLES`.
        columns: column name → values (numpy array, Series, or a scalar broadcast to every
            row); undeclared keys (helper columns) are ignored, missing columns are all NA.
    Returns:
        A DataFrame with a fresh ``RangeIndex``.
    """
    if isinstance(columns, pd.DataFrame):
        columns = {c: columns[c].reset_index(drop=True) for c in columns.columns}
    n = next((len(v) for v in columns.values() if v is not None and np.ndim(v) == 1), 0)
    out = {}
    for col in TABLES[name].columns:
        values = columns.get(col.name)
        if col.name not in columns:
            out[col.name] = pd.Series(pd.NA, index=range(n)).astype(PANDAS_DTYPES[col.dtype])
        else:
            out[col.name] = _column(values, col.dtype, n)
    return pd.DataFrame(out, index=pd.RangeIndex(n))


def isin(values, pool) -> np.ndarray:
    """``values.isin(pool)`` as a bool array, hashed on object arrays (pandas' Arrow-string
    ``isin`` walks ``pool`` in Python, slow for the 10⁵-row pools of a large book)."""
    left = pd.Series(np.asarray(values, dtype=object), dtype=object)
    return left.isin(np.asarray(pool, dtype=object)).to_numpy()
