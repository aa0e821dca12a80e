"""Period arithmetic (DOMAIN.md §0.5, 民法典 第201–203条), cases worked out by hand."""
from datetime import date, datetime

import pandas as pd
import pytest

from clientkit.errors import CalendarError
from clientkit.model.dates import add_months, add_working_days, is_working_day, period_end


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: no 31st → month end (第202条)
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # common year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day + 1 year
        (date(2020, 2, 29), 48, date(2024, 2, 29)),  # leap day + 4 years
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # counting back
        (date(2024, 8, 15), 6, date(2025, 2, 15)),  # across a year end
        (date(2024, 10, 31), 1, date(2024, 11, 30)),
        (date(2040, 1, 31), 1, date(2040, 2, 29)),  # no calendar needed for months
    ],
)
def test_add_months_month_end_rule(start, n, expected):
    assert add_months(start, n) == expected


def test_add_months_accepts_timestamps_and_strings():
    assert add_months(pd.Timestamp("2024-01-31"), 1) == date(2024, 2, 29)
    assert add_months(datetime(2023, 1, 31, 15, 0), 1) == date(2023, 2, 28)
    assert add_months("2023-01-31", 13) == date(2024, 2, 29)


def test_grace_period_ending_on_sunday_rolls_to_monday():
    # §3.5 ex. 1: premium due 2024-01-31, 60 days → 2024-03-31 (Sunday) → ends Monday 2024-04-01.
    assert period_end(date(2024, 1, 31), days=60, roll_holiday=False) == date(2024, 3, 31)
    assert period_end(date(2024, 1, 31), days=60) == date(2024, 4, 1)


def test_complaint_deadline_15_days():
    # §3.5 ex. 1: complaint received 2025-03-03 (simple) → decision by 2025-03-18 (a Tuesday).
    assert period_end(date(2025, 3, 3), days=15) == date(2025, 3, 18)


def test_period_ending_in_national_day_holiday():
    # 2024 国庆: 10-01…10-07 off; 2024-09-01 + 30 days = 10-01 → the day after the holiday, 10-08.
    assert period_end(date(2024, 9, 1), days=30) == date(2024, 10, 8)
    # 2024-09-29 is a Sunday made a working day (调休): not a 法定休假日, no roll.
    assert period_end(date(2024, 8, 30), days=30) == date(2024, 9, 29)


def test_period_in_months_and_years():
    # one month from 2024-01-31 → 2024-02-29 (Thursday, working day).
    assert period_end(date(2024, 1, 31), months=1) == date(2024, 2, 29)
    # two years from 2024-04-02 → 2026-04-02 (Thursday).
    assert period_end(date(2024, 4, 2), years=2) == date(2026, 4, 2)
    # retention-type minimum: 2023-01-31 + 1 month, no rolling → 2023-02-28.
    assert period_end(date(2023, 1, 31), months=1, roll_holiday=False) == date(2023, 2, 28)


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2024, 4, 1), True),  # Monday
        (date(2024, 3, 31), False),  # Sunday
        (date(2024, 10, 1), False),  # 国庆
        (date(2024, 10, 12), True),  # Saturday made a working day
        (date(2025, 1, 1), False),  # 元旦 (Wednesday)
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_add_working_days():
    # R-SERV 第21条: 10 working days after 2024-04-01 (Mon); 04-04…04-06 清明 off, Sunday 04-07
    # a 调休 working day. Counted by hand:
    # 04-02(1) 04-03(2) 04-07(3) 04-08(4) 04-09(5) 04-10(6) 04-11(7) 04-12(8) 04-15(9) 04-16(10)
    assert add_working_days(date(2024, 4, 1), 10) == date(2024, 4, 16)
    assert add_working_days(date(2024, 4, 1), 0) == date(2024, 4, 1)
    assert add_working_days(date(2024, 4, 8), -1) == date(2024, 4, 7)


def test_outside_calendar_years_is_a_clear_error():
    # 2004–2026 chinese_calendar, 2027–2040 the statutory rules; 2045 is known to no layer
    with pytest.raises(CalendarError) as info:
        is_working_day(date(2045, 1, 2))
    err = info.value
    assert err.key == "error.calendar_range"
    assert err.context["day"] == "2045-01-02"
    assert err.context["first"] <= 2004 and err.context["last"] == 2040
    assert "2045-01-02" in err.message()
    with pytest.raises(CalendarError):
        period_end(date(2040, 12, 15), days=30)
