"""Period arithmetic of DOMAIN.md §0.5 (民法典 第201–203条) and Chinese working days.

* 第201条: a period counted in days, months or years starts the day *after* the triggering
  day, so a period of ``n`` days triggered on ``d`` has ``d + n`` as its last day;
* 第202条: a period in months or years ends on the corresponding day of the final month; when
  that month has no such day, on the last day of the month (2024-01-31 + 1 month → 2024-02-29);
* 第203条: when the last day is a 法定休假日 (a weekend day or statutory holiday that is not an
  adjusted working day, 调休), the period ends on the day after the holiday — the next working
  day. DOMAIN.md §3.5 exercise 1: the 60-day grace period of a premium due 2024-01-31 would end
  on Sunday 2024-03-31 and therefore ends on 2024-04-01.

Working days come from the maintained ``chinese_calendar`` package. A day outside the years it
knows raises :class:`clientkit.errors.CalendarError` (catalog key ``error.calendar_range``)
instead of guessing. Plain month arithmetic (``add_months``) needs no calendar.
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache

import chinese_calendar

from clientkit.errors import CalendarError

__all__ = ["add_months", "add_working_days", "as_date", "calendar_years", "is_working_day", "period_end"]


def as_date(d) -> date:
    """``d`` (a ``date``, ``datetime``, ``pandas.Timestamp`` or ISO string) as a plain ``date``."""
    if isinstance(d, str):
        return date.fromisoformat(d[:10])
    if isinstance(d, datetime):  # pandas.Timestamp is a datetime subclass
        return d.date()
    if isinstance(d, date):
        return d
    raise TypeError(f"not a date: {d!r}")


def add_months(d, n: int) -> date:
    """``d`` plus ``n`` calendar months (``n`` may be negative), 民法典 第202条 month-end rule:
    the corresponding day of the final month, or its last day when it has no such day."""
    d = as_date(d)
    index = d.year * 12 + (d.month - 1) + int(n)
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=1)
def calendar_years() -> tuple[int, int]:
    """The first and last year the holiday calendar knows."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def _check_range(d: date) -> None:
    first, last = calendar_years()
    if not first <= d.year <= last:
        raise CalendarError("error.calendar_range", day=d.isoformat(), first=first, last=last)


def is_working_day(d) -> bool:
    """True when ``d`` is a working day in mainland China (weekdays that are not statutory
    holidays, plus weekend days made working days by 调休).

    Raises CalendarError for a day outside :func:`calendar_years`.
    """
    d = as_date(d)
    _check_range(d)
    return bool(chinese_calendar.is_workday(d))


def add_working_days(d, n: int) -> date:
    """The ``n``-th working day after ``d`` (``d`` itself not counted; ``n`` < 0 counts back,
    ``n`` == 0 returns ``d``). E.g. R-SERV 第21条 "10个工作日" notices.

    Raises CalendarError when the count leaves the calendar's known years.
    """
    d = as_date(d)
    step = 1 if n >= 0 else -1
    remaining = abs(int(n))
    while remaining:
        d += timedelta(days=step)
        if is_working_day(d):
            remaining -= 1
    return d


def period_end(start, *, days: int = 0, months: int = 0, years: int = 0, roll_holiday: bool = True) -> date:
    """The last day of a period triggered on ``start`` (民法典 第201–203条, DOMAIN.md §0.5).

    The period begins the day after ``start``; years and months are added first with the
    month-end rule of 第202条, then ``days``. With ``roll_holiday`` (the default, for deadlines
    to act: grace periods, complaint and notice deadlines) a last day that is a 法定休假日 moves
    to the next working day (第203条); pass ``roll_holiday=False`` for minimum periods such as
    retention, which are not moved (DOMAIN.md §3.5 correction).

    Examples (DOMAIN.md §3.5 exercise 1): ``period_end(date(2024, 1, 31), days=60)`` →
    2024-04-01; ``period_end(date(2025, 3, 3), days=15)`` → 2025-03-18.

    Raises CalendarError when rolling needs a day outside the calendar's known years.
    """
    end = add_months(start, 12 * int(years) + int(months)) + timedelta(days=int(days))
    if roll_holiday:
        while not is_working_day(end):
            end += timedelta(days=1)
    return end
