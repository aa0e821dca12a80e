"""Masking (脱敏): the one company standard, applied by default to every display and export.

DOMAIN.md C6-07 (⚠P convention, JR/T 0171 Annex A patterns not verified):

* ``name``: keep the first character, one ``*`` for every other character (张三丰 → 张**);
* ``id_number``: keep the first 3 and last 4 characters, ``*`` between, length kept;
* ``phone``: mobile keeps the first 3 and last 4 (``138****5678``); a landline keeps its area
  code and the last 4 digits of the local number (``010-****5678``, length kept);
* ``bank_card``: keep the first 6 and last 4;
* ``address``: keep province/city up to the district (区/县/市) and hide the rest;
* ``free_text``: hidden completely (health notes, claim causes): ``******``.

Whether a viewer may see a column unmasked is decided by ``clientkit.model.access`` from the
viewer's role and purpose; masking is the default.
"""
from __future__ import annotations

import re

import pandas as pd

from clientkit.model.schema import TABLES
from clientkit.model.validators import LANDLINE_RE

KINDS = ("name", "id_number", "phone", "bank_card", "address", "free_text")


def _keep(s: str, head: int, tail: int) -> str:
    if len(s) <= head + tail:
        return s[:1] + "*" * (len(s) - 1) if len(s) > 1 else "*"
    return s[:head] + "*" * (len(s) - head - tail) + s[len(s) - tail:]


def _landline(s: str) -> str:
    m = re.match(r"^(0\d{2,3}-?)(\d+)(.*)$", s)
    if not m:
        return _keep(s, 3, 4)
    area, local, ext = m.groups()
    return area + "*" * (len(local) - 4) + local[-4:] + re.sub(r"\d", "*", ext)


_DISTRICT = re.compile(r"^(.*?(?:省|自治区|市))?(.*?(?:市|州|盟|地区))?(.*?(?:区|县|旗|市))")


def _address(s: str) -> str:
    m = _DISTRICT.match(s)
    keep = m.group(0) if m else s[:3]
    return keep + "*" * max(len(s) - len(keep), 4) if keep else "*" * len(s)


def mask(value, kind: str):
    """Mask ``value`` as ``kind`` (see module docstring); None and NA pass through.

    Raises ValueError for an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown mask kind {kind!r}")
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    s = str(value)
    if s == "":
        return s
    if kind == "name":
        return s[0] + "*" * (len(s) - 1)
    if kind == "id_number":
        return _keep(s, 3, 4)
    if kind == "phone":
        return _landline(s) if LANDLINE_RE.match(s) else _keep(s, 3, 4)
    if kind == "bank_card":
        return _keep(s, 6, 4)
    if kind == "address":
        return _address(s)
    return "******"


def mask_series(values: pd.Series, kind: str) -> pd.Series:
    """``mask`` over a Series (vectorised for the common kinds)."""
    if kind not in KINDS:
        raise ValueError(f"unknown mask kind {kind!r}")
    s = values.astype("object")
    present = s.map(lambda v: isinstance(v, str) and v != "")
    out = s.copy()
    text = s[present].astype(str)
    if kind == "name":
        out[present] = text.map(lambda v: v[0] + "*" * (len(v) - 1))
    elif kind == "free_text":
        out[present] = "******"
    else:
        out[present] = text.map(lambda v: mask(v, kind))
    return out


def mask_frame(df: pd.DataFrame, table: str, unmasked: frozenset[str] = frozenset()) -> pd.DataFrame:
    """A copy of ``df`` with every column that the schema of ``table`` marks for masking masked,
    except the columns in ``unmasked`` (granted by role and purpose)."""
    schema = TABLES[table]
    out = df.copy()
    for col in schema.columns:
        if col.mask and col.name in out.columns and col.name not in unmasked:
            out[col.name] = mask_series(out[col.name], col.mask)
    return out


def mask_issues(issues: pd.DataFrame) -> pd.DataFrame:
    """Import issues with the raw value of personal columns (JR/T 0171 C2/C3) partly hidden:
    the first 4 characters stay (enough to find the cell), the rest becomes ``*``."""
    if issues is None or len(issues) == 0:
        return issues
    out = issues.copy()

    def hide(row):
        table = TABLES.get(row["table"])
        col = table._by_name.get(row["column"]) if table else None
        value = str(row["value"])
        if col is not None and col.grade in ("C2", "C3") and len(value) > 4:
            return value[:4] + "*" * (len(value) - 4)
        return value

    out["value"] = out.apply(hide, axis=1)
    return out
