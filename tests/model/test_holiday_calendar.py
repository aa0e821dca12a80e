"""The layered holiday calendar (issue 8 §2): 2027 worked by hand from 《全国年节及纪念日放假办法》
(2024 revision) 第二条 and 第六条, a company file that overrides it, and the maintained
``holidays`` CN calendar as a second source for 2027–2040.

2027 by hand: 1-1 is a Friday. 春节 初一 is 2-6 (Sat): 除夕 2-5 Fri, 初一 2-6 Sat, 初二 2-7 Sun,
初三 2-8 Mon; 2-6 and 2-7 fall on a weekend → 补假 2-9 Tue, 2-10 Wed. 清明 4-5 Mon. 劳动节 5-1 Sat,
5-2 Sun → 补假 5-3 Mon, 5-4 Tue. 端午 6-9 Wed. 中秋 9-15 Wed. 国庆 10-1 Fri, 10-2 Sat, 10-3 Sun →
补假 10-4 Mon, 10-5 Tue. No 调休: every Saturday and Sunday is off.
"""
from datetime import date

import holidays
import pytest

from clientkit.model.dates import add_working_days, calendar_layer, calendar_trace, is_provisional, is_working_day, period_end
from clientkit.model.holiday_calendar import LUNAR_DATES, statutory_year

COMPANY_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知（练习用，非真实通知）
2027:
  notice: 国办发明电〔2026〕练习号
  days_off:
    - 2027-01-01 ~ 2027-01-03
    - 2027-02-05 ~ 2027-02-11
    - 2027-10-01 ~ 2027-10-07
  working_days:
    - 2027-02-13
    - 2027-09-26
    - 2027-10-09
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def company(home, tmp_path):
    from clientkit.model.holiday_file import install

    src = tmp_path / "notice.yaml"
    src.write_text(COMPANY_2027, encoding="utf-8")
    install(src)
    return home / "holidays.yaml"


@pytest.mark.parametrize("day, working", [
    (date(2027, 1, 1), False),   # 元旦, Friday
    (date(2027, 2, 5), False),   # 除夕, Friday
    (date(2027, 2, 8), False),   # 初三, Monday
    (date(2027, 2, 9), False),   # 补假 for 初一 on Saturday
    (date(2027, 2, 10), False),  # 补假 for 初二 on Sunday
    (date(2027, 2, 11), True),
    (date(2027, 2, 13), False),  # a Saturday: no 调休 in the statutory layer
    (date(2027, 4, 5), False),   # 清明
    (date(2027, 5, 4), False),   # 补假 for 5-2 Sunday
    (date(2027, 5, 5), True),
    (date(2027, 6, 9), False),   # 端午
    (date(2027, 9, 15), False),  # 中秋
    (date(2027, 10, 5), False),  # 补假 for 10-3 Sunday
    (date(2027, 10, 6), True),
])
def test_2027_by_the_statutory_rules(home, day, working):
    assert is_working_day(day) is working
    assert calendar_layer(day) == "statutory" and is_provisional(day)


def test_the_lunar_table_agrees_with_the_holidays_package():
    for year in LUNAR_DATES:
        theirs = set(holidays.CN(years=year))
        assert set(statutory_year(year).days_off) == theirs, year


def test_known_years_stay_with_chinese_calendar(home):
    assert calendar_layer(date(2026, 10, 1)) == "chinese_calendar"
    assert not is_provisional(date(2026, 10, 1))
    assert is_working_day(date(2026, 2, 28)) is True  # Saturday made a working day by the 2026 notice


def test_a_trace_marks_a_result_that_used_the_statutory_layer(home):
    with calendar_trace() as trace:
        end = period_end(date(2027, 9, 20), days=15)  # 10-5 补假 → 10-6
    assert end == date(2027, 10, 6)
    assert trace.provisional and trace.note() == "按法定节假日推算，待国务院公布调休安排后以公司日历为准"
    with calendar_trace() as trace:
        assert period_end(date(2026, 3, 2), days=15) == date(2026, 3, 17)
    assert not trace.provisional and trace.note() == ""
    with calendar_trace() as trace:  # a minimum period asks no calendar question
        period_end(date(2027, 9, 20), days=15, roll_holiday=False)
    assert not trace.layers


def test_working_days_across_2027_national_day(home):
    # 10 working days after Fri 2027-09-24: 9-27(1) 9-28(2) 9-29(3) 9-30(4), 10-1…10-5 off,
    # 10-6(5) 10-7(6) 10-8(7) 10-11(8) 10-12(9) 10-13(10)
    assert add_working_days(date(2027, 9, 24), 10) == date(2027, 10, 13)


def test_the_company_file_wins_where_it_speaks(company):
    assert calendar_layer(date(2027, 10, 1)) == "company" and not is_provisional(date(2027, 10, 1))
    assert is_working_day(date(2027, 9, 26)) is True   # Sunday made a working day
    assert is_working_day(date(2027, 10, 6)) is False  # 国庆 7 days in the notice
    assert is_working_day(date(2027, 10, 8)) is True
    assert is_working_day(date(2027, 4, 5)) is True    # the notice did not list 清明: a Monday works
    with calendar_trace() as trace:
        assert period_end(date(2027, 9, 20), days=15) == date(2027, 10, 8)  # 10-5 … 10-7 off
    assert trace.layers == {"company"}
    # the years it does not speak for keep their layers
    assert calendar_layer(date(2028, 1, 3)) == "statutory"
    assert calendar_layer(date(2026, 1, 5)) == "chinese_calendar"


def test_a_hand_broken_installed_file_is_a_clear_error_not_a_silent_fallback(home):
    from clientkit.errors import FileFormatError

    home.mkdir(parents=True, exist_ok=True)
    (home / "holidays.yaml").write_text("2027:\n  days_off:\n    - 2027-13-01\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        is_working_day(date(2027, 10, 4))
    assert "第 3 行" in err.value.message() and "2027-13-01" in err.value.message()
