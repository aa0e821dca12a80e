"""The layered holiday calendar behind :mod:`clientkit.model.dates` (DOMAIN.md §0.5, 民法典 第203条).

A year is answered whole by the first layer that knows it:

1. ``company`` — ``holidays.yaml`` in the instance folder (:func:`clientkit.config.home`): the days
   off and 调休 working days of a year as the State Council's notice announced them, entered by an
   admin and installed with ``clientkit calendar import`` (:mod:`clientkit.model.holiday_file`);
2. ``chinese_calendar`` — the maintained package, for the years it knows (2004–2026 in 1.11);
3. ``statutory`` — weekends plus the holidays of 《全国年节及纪念日放假办法》 (2024 revision, 第二条:
   元旦 1/1; 春节 除夕 and 正月初一–初三; 清明; 劳动节 5/1–5/2; 端午; 中秋; 国庆 10/1–10/3) with the
   第六条 补假 (a holiday on a Saturday or Sunday is made up on the next working day), and no 调休
   (第七条 arrangements are the State Council's yearly decision). A day answered by this layer is
   **provisional**: the announced schedule may differ.

Within a year: a listed working day works, a listed day off does not, otherwise Monday–Friday work.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

__all__ = ["LAYERS", "LUNAR_DATES", "YearCalendar", "chinese_calendar_years", "statutory_year", "year_calendar"]

LAYERS = ("company", "chinese_calendar", "statutory")

# Gregorian dates of 正月初一, 清明 (the solar term), 端午 (五月初五) and 中秋 (八月十五) per year.
# Source: the lunisolar tables of the maintained ``holidays`` package (holidays/calendars/chinese.py),
# checked against it in tests/model/test_holiday_calendar.py.
LUNAR_DATES = {
    2027: ((2, 6), (4, 5), (6, 9), (9, 15)),
    2028: ((1, 26), (4, 4), (5, 28), (10, 3)),
    2029: ((2, 13), (4, 4), (6, 16), (9, 22)),
    2030: ((2, 3), (4, 5), (6, 5), (9, 12)),
    2031: ((1, 23), (4, 5), (6, 24), (10, 1)),
    2032: ((2, 11), (4, 4), (6, 12), (9, 19)),
    2033: ((1, 31), (4, 4), (6, 1), (9, 8)),
    2034: ((2, 19), (4, 5), (6, 20), (9, 27)),
    2035: ((2, 8), (4, 5), (6, 10), (9, 16)),
    2036: ((1, 28), (4, 4), (5, 30), (10, 4)),
    2037: ((2, 15), (4, 4), (6, 18), (9, 24)),
    2038: ((2, 4), (4, 5), (6, 7), (9, 13)),
    2039: ((1, 24), (4, 5), (5, 27), (10, 2)),
    2040: ((2, 12), (4, 4), (6, 14), (9, 20)),
}


@dataclass(frozen=True)
class YearCalendar:
    """One year's days off and 调休 working days, and the layer they come from.

    ``names`` labels days off with their holiday's catalog key suffix (``new_year`` …, ``makeup``
    for a 补假); ``notice`` is the company file's note of the State Council notice."""

    year: int
    layer: str
    days_off: frozenset = frozenset()
    working_days: frozenset = frozenset()
    names: dict = field(default_factory=dict, compare=False)
    notice: str = ""

    @property
    def provisional(self) -> bool:
        return self.layer == "statutory"

    def is_working(self, d: date) -> bool:
        if d in self.working_days:
            return True
        if d in self.days_off:
            return False
        return d.weekday() < 5


@lru_cache(maxsize=1)
def chinese_calendar_years() -> tuple[int, int]:
    """The first and last year the ``chinese_calendar`` package knows."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


_CC_NAMES = {"new_years_day": "new_year", "spring_festival": "spring", "tomb_sweeping_day": "qingming",
             "labour_day": "labour", "dragon_boat_festival": "dragon_boat", "mid_autumn_festival": "mid_autumn",
             "national_day": "national"}


@lru_cache(maxsize=None)
def _chinese_calendar_year(year: int) -> YearCalendar:
    names = {h.value: _CC_NAMES.get(h.name, "other") for h in chinese_calendar.Holiday}
    off = {d: names.get(str(n), "other") for d, n in chinese_calendar.holidays.items() if d.year == year}
    working = frozenset(d for d in chinese_calendar.workdays if d.year == year)
    return YearCalendar(year, "chinese_calendar", frozenset(off), working, off)


@lru_cache(maxsize=None)
def statutory_year(year: int) -> YearCalendar | None:
    """Layer 3 for ``year``: the 第二条 holidays plus 第六条 补假, no 调休; None outside the table."""
    if year not in LUNAR_DATES:
        return None
    spring, qingming, dragon, autumn = (date(year, m, d) for m, d in LUNAR_DATES[year])
    holidays = [(date(year, 1, 1), "new_year"), *((spring + timedelta(days=k), "spring") for k in range(-1, 3)),
                (qingming, "qingming"), (date(year, 5, 1), "labour"), (date(year, 5, 2), "labour"),
                (dragon, "dragon_boat"), (autumn, "mid_autumn"), *((date(year, 10, k), "national") for k in (1, 2, 3))]
    names = {}
    for d, name in holidays:
        names.setdefault(d, name)  # 中秋 may fall within 国庆 (2031, 2039)
    # 第六条: each holiday on a weekend is made up on the next weekday that is neither a holiday
    # nor already a 补假, once per festival (2039-10-02 is both 国庆 and 中秋: two days) — the
    # practice of the State Council's notices and of ``holidays`` CN.
    for d, _ in sorted(holidays):
        if d.weekday() >= 5:
            makeup = d + timedelta(days=1)
            while makeup.weekday() >= 5 or makeup in names:
                makeup += timedelta(days=1)
            names[makeup] = "makeup"
    off = frozenset(d for d in names if d.year == year)
    return YearCalendar(year, "statutory", off, frozenset(), {d: names[d] for d in off})


def year_calendar(year: int) -> YearCalendar | None:
    """The calendar in force for ``year`` (company file, then chinese_calendar, then the statutory
    rules), or None when no layer knows it."""
    from clientkit.model.holiday_file import installed_years

    company = installed_years().get(year)
    if company is not None:
        return company
    first, last = chinese_calendar_years()
    if first <= year <= last:
        return _chinese_calendar_year(year)
    return statutory_year(year)
