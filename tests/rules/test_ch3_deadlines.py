"""Chapter 3 deadlines worked by hand (DOMAIN.md §3.5 exercise 1 with its correction, §0.5,
Appendix C). Holidays from the State Council notices: 2024 清明 4-4…4-6, 劳动节 5-1…5-5,
国庆 10-1…10-7; 2025 春节 1-28…2-4 (2-8 Sat works), 劳动节 5-1…5-5 (4-27 Sun works),
国庆 10-1…10-8 (9-28 Sun and 10-11 Sat work); 2026 春节 2-15…2-23 (2-28 Sat works)."""
from datetime import date

import pytest

from clientkit.errors import CalendarError, InputError
from clientkit.rules.ch3_deadlines import (
    complaint_deadline, departure_notice_deadline, lapse_dates, review_decision_deadline, review_request_deadline,
    surrender_refund_deadline, suspension_notice_deadline, visit_issue_deadline,
)


@pytest.mark.parametrize("received,level,expected", [
    (date(2025, 3, 3), "simple", date(2025, 3, 18)),        # DOMAIN.md worked example
    (date(2025, 3, 3), "complex", date(2025, 4, 2)),        # 30 days, a Wednesday
    (date(2025, 3, 3), "very_complex", date(2025, 5, 6)),   # 60 days → 5-2 is 劳动节 → 5-6
    (date(2024, 9, 16), "simple", date(2024, 10, 8)),       # ends on 国庆 10-1 → 10-8
    (date(2025, 3, 7), "simple", date(2025, 3, 24)),        # ends Saturday 3-22 → Monday
    (date(2025, 4, 12), "simple", date(2025, 4, 27)),       # Sunday 4-27 is a 调休 working day: not moved
    ("2025-03-03", "simple", date(2025, 3, 18)),            # ISO text accepted
])
def test_complaint_deadline(received, level, expected):
    assert complaint_deadline(received, level) == expected


def test_lapse_worked_example_with_the_203_correction():
    # due 2024-01-31, no 催告: day 60 is Sunday 2024-03-31 → grace ends 4-1, suspended from 4-2;
    # two years triggered on 4-2 end 2026-04-02 (a Thursday) → terminable from 2026-04-03
    assert lapse_dates(date(2024, 1, 31)) == {
        "grace_end": date(2024, 4, 1), "suspended_from": date(2024, 4, 2), "terminable_from": date(2026, 4, 3)}


def test_lapse_leap_year_and_month_end():
    # due 2023-12-30 + 60 days = Wed 2024-02-28; suspended from leap day 2024-02-29; 2026 has no
    # Feb 29 → window ends 2026-02-28 (第202条), a 调休 working Saturday → terminable 2026-03-01
    assert lapse_dates(date(2023, 12, 30)) == {
        "grace_end": date(2024, 2, 28), "suspended_from": date(2024, 2, 29), "terminable_from": date(2026, 3, 1)}
    # due 2023-12-31 + 60 = Thu 2024-02-29 (leap day); window from 3-1 ends Sunday 2026-03-01 → 3-2
    assert lapse_dates(date(2023, 12, 31)) == {
        "grace_end": date(2024, 2, 29), "suspended_from": date(2024, 3, 1), "terminable_from": date(2026, 3, 3)}


def test_lapse_with_notice_takes_the_earlier_end():
    # 催告 4-1 + 30 = 5-1 (劳动节) → 5-6; due 3-15 + 60 = Tue 5-14 → the notice ends first
    out = lapse_dates(date(2024, 3, 15), notice=date(2024, 4, 1))
    assert out["grace_end"] == date(2024, 5, 6) and out["suspended_from"] == date(2024, 5, 7)
    # late 催告 2-20 + 30 = 3-21; due 1-10 + 60 = Sunday 3-10 → 3-11 is earlier
    assert lapse_dates(date(2024, 1, 10), notice=date(2024, 2, 20))["grace_end"] == date(2024, 3, 11)


def test_notice_deadlines():
    # 10 working days after 2024-04-02: 4-3, (清明 4-4…4-6), 4-7 调休 Sunday, 4-8…4-12, 4-15, 4-16, 4-17
    assert suspension_notice_deadline(date(2024, 4, 2)) == date(2024, 4, 17)
    assert departure_notice_deadline(date(2025, 9, 1)) == date(2025, 10, 9)   # 10-1 国庆 → 10-9
    assert review_request_deadline(date(2025, 1, 10)) == date(2025, 2, 10)    # Sunday 2-9 → 2-10
    assert review_decision_deadline(date(2025, 6, 3)) == date(2025, 7, 3)
    # 15 working days after Fri 2025-09-26: 9-28 (调休 Sunday), 9-29, 9-30, 10-9, 10-10, 10-11 (调休 Saturday) …
    assert visit_issue_deadline(date(2025, 9, 26)) == date(2025, 10, 23)
    assert surrender_refund_deadline(date(2025, 6, 2)) == date(2025, 7, 2)


@pytest.mark.parametrize("call", [
    lambda: complaint_deadline(date(2025, 3, 3), "urgent"),
    lambda: complaint_deadline("2025-13-01", "simple"),
    lambda: complaint_deadline(None, "simple"),
    lambda: lapse_dates(date(2024, 3, 1), notice=date(2024, 2, 1)),
    lambda: lapse_dates("not a date"),
])
def test_bad_input_gets_a_chinese_message(call):
    with pytest.raises(InputError) as err:
        call()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message())


def test_dates_beyond_every_calendar_layer_raise_a_clear_error():
    with pytest.raises(CalendarError) as err:
        complaint_deadline(date(2041, 3, 3), "simple")
    assert "2040" in err.value.message()
    with pytest.raises(CalendarError):
        lapse_dates(date(2039, 6, 30))  # the two-year window reaches 2041


# 2027 is after chinese_calendar: the statutory rules answer it (hand-worked in
# tests/model/test_holiday_calendar.py: 国庆 10-1…10-3 with 补假 10-4, 10-5; 清明 4-5 Monday; no 调休).
@pytest.mark.parametrize("received,level,expected", [
    (date(2026, 12, 20), "simple", date(2027, 1, 4)),   # the issue's case: 15 days → Monday 1-4, a working day
    (date(2027, 9, 16), "simple", date(2027, 10, 6)),   # 10-1 国庆 … 10-5 补假 → 10-6
    (date(2027, 9, 20), "simple", date(2027, 10, 6)),   # ends on 10-5 (补假) → 10-6
    (date(2027, 9, 11), "simple", date(2027, 9, 27)),   # Sunday 9-26 → Monday
])
def test_complaint_deadlines_in_2027_are_provisional(received, level, expected):
    from clientkit.model.dates import calendar_trace

    with calendar_trace() as trace:
        assert complaint_deadline(received, level) == expected
    assert trace.provisional


def test_lapse_dates_reaching_2027_and_beyond():
    from clientkit.model.dates import calendar_trace

    # due 2025-06-30 + 60 = Fri 2025-08-29; window from 2025-08-30 ends Mon 2027-08-30
    with calendar_trace() as trace:
        assert lapse_dates(date(2025, 6, 30)) == {"grace_end": date(2025, 8, 29), "suspended_from": date(2025, 8, 30),
                                                  "terminable_from": date(2027, 8, 31)}
    assert trace.provisional
    # due 2027-02-03 + 60 = Sunday 4-4 → 4-5 清明 → Tue 4-6; window from 4-7 ends Sat 2029-04-07 → Mon 4-9
    assert lapse_dates(date(2027, 2, 3)) == {"grace_end": date(2027, 4, 6), "suspended_from": date(2027, 4, 7),
                                             "terminable_from": date(2029, 4, 10)}
    # 10 working days after Fri 2027-09-24 across 国庆: 9-27…9-30 (4), 10-6…10-8 (7), 10-11…10-13 (10)
    assert suspension_notice_deadline(date(2027, 9, 24)) == date(2027, 10, 13)


def test_no_deadline_raises_up_to_2035():
    for year in range(2027, 2036):
        for month in (1, 5, 10, 12):
            day = date(year, month, 28)
            assert lapse_dates(day)["terminable_from"].year in (year + 2, year + 3)
            assert complaint_deadline(day, "very_complex") > day
            assert visit_issue_deadline(day) > day
            assert suspension_notice_deadline(day) > day


def test_a_company_file_overrides_the_statutory_2027(tmp_path, monkeypatch):
    from clientkit.model.dates import calendar_trace
    from clientkit.model.holiday_file import install

    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    notice = tmp_path / "2027.yaml"
    notice.write_text("2027:\n  days_off:\n    - 2027-10-01 ~ 2027-10-07\n  working_days:\n    - 2027-09-26\n"
                      "    - 2027-10-09\n", encoding="utf-8")
    install(notice)
    with calendar_trace() as trace:
        assert complaint_deadline(date(2027, 9, 11), "simple") == date(2027, 9, 26)  # Sunday 9-26 works
        assert complaint_deadline(date(2027, 9, 20), "simple") == date(2027, 10, 8)  # 10-5…10-7 off
    assert not trace.provisional
