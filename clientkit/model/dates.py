"""Period arithmetic of DOMAIN.md §0.5 (民法典 第201–203条) and Chinese working days.

* 第201条: a period counted in days, months or years starts the day *after* the triggering
  day, so a period of ``n`` days triggered on ``d`` has ``d + n`` as its last day;
* 第202条: a period in months or years ends on the corresponding day of the final month; when
  that month has no such day, on the last day of the month (2024-01-31 + 1 month → 2024-02-29);
* 第203条: when the last day is a 法定休假日 (a weekend day or statutory holiday that is not an
  adjusted working day, 调休), the period ends on the day after the holiday — the next working
  day. DOMAIN.md §3.5 exercise 1: the 60-day grace period of a premium due 2024-01-31 would end
  on Sunday 2024-03-31 and therefore ends on 2024-04-01.

Working days come from the layered calendar of :mod:`clientkit.model.holiday_calendar`: the
company file ``holidays.yaml``, then the maintained ``chinese_calendar`` package, then the
statutory holidays of 《全国年节及纪念日放假办法》 without 调休 — a **provisional** answer.
:func:`calendar_trace` tells whether a calculation used a provisional day, so that the apps can
show the catalog note ``calendar.provisional_note`` beside the result. A day that no layer knows
(after the statutory table, 2040) raises :class:`clientkit.errors.CalendarError` (catalog key
``error.calendar_range``) instead of guessing. Plain month arithmetic (``add_months``) needs no calendar.
"""
from __future__ import annotations

import calendar
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clientkit.errors import CalendarError
from clientkit.model import holiday_calendar

__all__ = ["CalendarTrace", "add_months", "add_working_days", "as_date", "calendar_layer", "calendar_trace",
           "calendar_years", "is_provisional", "is_working_day", "period_end"]

_TRACES: ContextVar[tuple] = ContextVar("clientkit_calendar_traces", default=())


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


def calendar_years() -> tuple[int, int]:
    """The first and last year the holiday calendar knows (any layer)."""
    from clientkit.model.holiday_file import installed_years

    first, last = holiday_calendar.chinese_calendar_years()
    known = [first, last, *holiday_calendar.LUNAR_DATES, *installed_years()]
    return min(known), max(known)


@dataclass
class CalendarTrace:
    """The calendar layers a calculation consulted (see :func:`calendar_trace`)."""

    layers: set = field(default_factory=set)

    @property
    def provisional(self) -> bool:
        """True when a day came from the statutory layer, before the State Council's notice."""
        return "statutory" in self.layers

    def note(self) -> str:
        """The Chinese note to show beside a provisional result, else ``""``."""
        from clientkit.i18n import t

        return t("calendar.provisional_note") if self.provisional else ""


@contextmanager
def calendar_trace():
    """Record the layers every working-day question inside the block used::

        with calendar_trace() as trace:
            end = complaint_deadline(date(2027, 9, 20), "simple")
        trace.provisional  # True: 2027 is answered by the statutory rules

    Traces nest; an outer trace sees what inner ones saw."""
    trace = CalendarTrace()
    token = _TRACES.set(_TRACES.get() + (trace,))
    try:
        yield trace
    finally:
        _TRACES.reset(token)


def _year(d: date) -> holiday_calendar.YearCalendar:
    cal = holiday_calendar.year_calendar(d.year)
    if cal is None:
        first, last = calendar_years()
        raise CalendarError("error.calendar_range", day=d.isoformat(), first=first, last=last)
    return cal


def calendar_layer(d) -> str:
    """The layer that answers for ``d``: ``company``, ``chinese_calendar`` or ``statutory``.
    Raises CalendarError when none knows it."""
    return _year(as_date(d)).layer


def is_provisional(d) -> bool:
    """True when ``d``'s year is answered by the statutory rules only (no announced schedule)."""
    return _year(as_date(d)).provisional


def is_working_day(d) -> bool:
    """True when ``d`` is a working day in mainland China (weekdays that are not statutory
    holidays, plus weekend days made working days by 调休), from the first calendar layer that
    knows its year; recorded in any active :func:`calendar_trace`.

    Raises CalendarError for a day outside :func:`calendar_years`.
    """
    d = as_date(d)
    cal = _year(d)
    for trace in _TRACES.get():
        trace.layers.add(cal.layer)
    return cal.is_working(d)


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
