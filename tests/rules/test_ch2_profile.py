"""Chapter-2 calculators: profile flags (C2-08), suitability (C2-03), assessments (C2-04).
Cases worked out by hand from DOMAIN.md §2.1 and §0.5 (含本数, month ends, leap years, holidays)."""
from datetime import date, datetime

import pytest

from clientkit import profile_flags
from clientkit.errors import InputError
from clientkit.rules.ch2_profile import (age_on, assessment_limit_violations, assessment_valid_until,
                                         needs_reassessment, suitability)

ON = date(2026, 6, 30)


@pytest.mark.parametrize("born, on, age", [
    ("1961-06-30", ON, 65),            # birthday itself: 65 reached (含本数)
    ("1961-07-01", ON, 64),
    ("2012-02-29", date(2026, 2, 28), 14),   # leap-day birth: anniversary on 28 Feb of a common year
    ("2012-02-29", date(2026, 2, 27), 13),
    ("2012-02-29", date(2028, 2, 29), 16),
    ("2026-06-30", ON, 0),
])
def test_age_in_full_years(born, on, age):
    assert age_on(born, on) == age


@pytest.mark.parametrize("born, kw, flags", [
    ("1961-06-30", dict(channel="agent", product_type="whole_life", term_years=0), {"SPECIAL_CARE_65", "DUAL_RECORDING"}),
    ("1961-07-01", dict(channel="agent", product_type="whole_life", term_years=0), {"DUAL_RECORDING"}),
    # 可回溯暂行办法 第6条, worked from the article (content review D02):
    ("1966-06-30", dict(channel="agent", product_type="critical_illness", term_years=20), {"DUAL_RECORDING"}),  # (二) 60 含
    ("1966-07-01", dict(channel="agent", product_type="critical_illness", term_years=20), set()),              # 59
    ("1966-06-30", dict(channel="online", product_type="critical_illness", term_years=20), set()),  # 互联网 excluded
    ("1964-01-01", dict(channel="online", product_type="whole_life", term_years=0), set()),         # 62, internet
    ("1990-01-01", dict(channel="online", product_type="unit_linked", term_years=10), set()),       # 投连, internet
    ("1981-03-15", dict(channel="bank", product_type="term_life", term_years=20), {"DUAL_RECORDING"}),  # (一) 45 y, bank
    ("1990-01-01", dict(channel="bank", product_type="medical", term_years=1), set()),              # (一) term not > 1
    ("1990-01-01", dict(channel="bank", product_type="property", term_years=0), set()),             # not 人身保险
    ("1966-06-30", dict(channel="agent", product_type="accident", term_years=1), set()),      # one year: not > 1
    ("1950-01-01", dict(channel="bank", product_type="whole_life", term_years=20), {"SPECIAL_CARE_65", "DUAL_RECORDING"}),
    ("1950-01-01", dict(channel="group", product_type="medical", term_years=1), {"SPECIAL_CARE_65"}),
    ("1990-01-01", dict(channel="broker", product_type="unit_linked", term_years=1), {"DUAL_RECORDING"}),  # any 投连
    ("1990-01-01", dict(channel="bank", product_type="unit_linked", term_years=10), {"DUAL_RECORDING"}),  # (一)
    ("1990-01-01", dict(channel="agent", product_type="medical", term_years=1, civil_capacity="none"), {"NO_SALE_INCAPACITATED"}),
    ("1990-01-01", dict(channel="agent", product_type="medical", term_years=1, civil_capacity="limited"), {"GUARDIAN_CONSENT"}),
    ("2010-05-01", dict(channel="agent", product_type="medical", term_years=1), set()),  # 16, no death cover
    ("2010-05-01", dict(channel="agent", product_type="term_life", term_years=20), {"MINOR_DEATH_CAP"}),
    ("2012-07-01", dict(channel="agent", product_type="term_life", term_years=20),
     {"MINOR_DEATH_CAP", "SENSITIVE_MINOR_14", "GUARDIAN_CONSENT"}),  # 13 on 2026-06-30
    ("2008-06-30", dict(channel="agent", product_type="term_life", term_years=20), set()),  # 18 today: adult
])
def test_profile_flags(born, kw, flags):
    assert profile_flags(born, ON, **kw) == flags


@pytest.mark.parametrize("born, kw, words", [
    ("2027-01-01", dict(channel="agent", product_type="medical", term_years=1), "晚于"),
    ("1990-01-01", dict(channel="wechat", product_type="medical", term_years=1), "销售渠道"),
    ("1990-01-01", dict(channel="agent", product_type="crypto", term_years=1), "产品类型"),
    ("1990-01-01", dict(channel="agent", product_type="medical", term_years=-1), "不能为负数"),
    ("1990-01-01", dict(channel="agent", product_type="medical", term_years=1, civil_capacity="partial"), "民事行为能力"),
    ("1990-13-01", dict(channel="agent", product_type="medical", term_years=1), "不是有效日期"),
])
def test_profile_flags_bad_input_has_chinese_message(born, kw, words):
    with pytest.raises(InputError) as err:
        profile_flags(born, ON, **kw)
    assert words in err.value.message()


@pytest.mark.parametrize("args, expected", [
    ((3, 3, 5000, 100000), "suitable"),
    ((2, 3, 5000, 100000), "unsuitable_risk"),
    ((1, 5, 999999, 10), "unsuitable_risk"),       # risk is decided first
    ((5, 3, 60000, 100000), "unsuitable_funds"),   # 60% of income > 50%
    ((5, 3, 50000, 100000), "suitable"),           # exactly 50%: not "exceeding"
])
def test_suitability(args, expected):
    assert suitability(*args) == expected


@pytest.mark.parametrize("args", [(6, 3, 1, 1), (3, 0, 1, 1), (3, 3, -1, 100), (3, 3, 100, -5)])
def test_suitability_rejects_bad_input(args):
    with pytest.raises(InputError) as err:
        suitability(*args)
    assert err.value.message() and "{" not in err.value.message()


@pytest.mark.parametrize("assessed, until", [
    ("2025-03-15", date(2026, 3, 15)),
    ("2024-02-29", date(2025, 2, 28)),   # leap day: no 29 Feb in 2025 → last day of February
    ("2025-01-31", date(2026, 1, 31)),
    ("2025-10-01", date(2026, 10, 1)),   # ends on 国庆: a validity is not moved (第203条 is for deadlines)
])
def test_assessment_valid_for_twelve_months(assessed, until):
    assert assessment_valid_until(assessed) == until


def test_needs_reassessment_day_after_validity():
    assert needs_reassessment("2025-03-15", "2026-03-15") is False
    assert needs_reassessment("2025-03-15", "2026-03-16") is True
    with pytest.raises(InputError):
        needs_reassessment("2026-03-20", "2026-03-16")   # assessed after the sale


def test_two_per_day_limit():
    times = [datetime(2026, 1, 5, 9), datetime(2026, 1, 5, 10), datetime(2026, 1, 5, 15), datetime(2026, 1, 6, 9)]
    assert assessment_limit_violations(times) == [2]


def test_eight_per_twelve_months_window_edges():
    # window of 2025-03-31 is 2024-04-01 … 2025-03-31 (12 months counted back, 第202条)
    base = [date(2024, 5, 1), date(2024, 6, 1), date(2024, 7, 1), date(2024, 8, 1), date(2024, 9, 1),
            date(2024, 10, 1), date(2024, 11, 1)]
    assert assessment_limit_violations([date(2024, 3, 31), *base, date(2025, 3, 31)]) == []
    assert assessment_limit_violations([date(2024, 4, 1), *base, date(2025, 3, 31)]) == [8]
