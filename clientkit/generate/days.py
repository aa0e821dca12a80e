"""Vectorised calendar arithmetic on day numbers (numpy ``datetime64[D]`` as int64).

Months and years are added by 民法典 第202条 (same day of the month, else the month's last day),
DOMAIN.md §0.5; the generator keeps ≥ 20 days of margin from every rule threshold.
"""
from __future__ import annotations

from datetime import date

import numpy as np


def day(d: date) -> int:
    """The day number of a date."""
    return int(np.datetime64(d, "D").astype(np.int64))


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1–12), day (1–31) arrays of day numbers."""
    d = np.asarray(days).astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dd = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return y, m, dd


def add_months(days: np.ndarray, months) -> np.ndarray:
    """Day numbers ``months`` later (negative for earlier), clamped to the month's end."""
    y, m, d = ymd(days)
    total = (y - 1970) * 12 + (m - 1) + np.asarray(months)
    first = total.astype("datetime64[M]").astype("datetime64[D]")
    last = (total + 1).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    length = (last - first).astype(np.int64) + 1
    return first.astype(np.int64) + np.minimum(d, length) - 1


def age_on(birth: np.ndarray, on: int) -> np.ndarray:
    """Completed years of age on day ``on`` (the birthday itself counts)."""
    by, bm, bd = ymd(birth)
    oy, om, od = ymd(np.array([on]))
    return oy[0] - by - ((om[0] < bm) | ((om[0] == bm) & (od[0] < bd)))


def to_datetime(days: np.ndarray):
    """Day numbers (with ``NO_DAY`` for missing) as ``datetime64[ns]`` with NaT."""
    d = np.asarray(days, dtype=np.int64)
    out = d.astype("datetime64[D]").astype("datetime64[ns]")
    out[d == NO_DAY] = np.datetime64("NaT")
    return out


NO_DAY = np.iinfo(np.int64).min
