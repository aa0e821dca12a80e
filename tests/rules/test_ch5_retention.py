"""retention_until (DOMAIN.md C5-12, Appendix B, §5.2 exercise 1), worked by hand.

Reading tested: 民法典 第201条 starts the period the day after the contract ends, 第202条 ends
it on the corresponding day of the final month (month end when there is none); the result is the
last retention day and is never moved for weekends or holidays (a minimum, not a deadline).
"""
from datetime import date

import pytest

from clientkit.errors import InputError
from clientkit.rules.ch5_retention import RECORDS, retention_until


@pytest.mark.parametrize("record, end, over, dispute, expected", [
    # DOMAIN.md §5.2 exercise 1
    ("business", date(2024, 6, 30), False, None, date(2029, 6, 30)),        # 保险法 第87条, 5 y; a Saturday, not moved
    ("aml_identity", date(2024, 6, 30), False, None, date(2034, 6, 30)),    # 反洗钱法 第34条, 10 y
    ("dual_recording", date(2024, 6, 30), False, date(2029, 3, 1), date(2031, 3, 1)),  # max(2029-06-30, 2031-03-01)
    ("dual_recording", date(2025, 3, 15), True, None, date(2035, 3, 15)),   # 20-year policy surrendered
    ("suitability", date(2025, 3, 15), True, None, date(2030, 3, 15)),      # 适当性办法 第17条, 5 y
    # edges
    ("business", date(2024, 2, 29), False, None, date(2029, 2, 28)),       # leap day: no 2-29 in 2029 → month end
    ("business", date(2024, 2, 29), True, None, date(2034, 2, 28)),
    ("business", date(2023, 2, 28), True, None, date(2033, 2, 28)),
    ("network_log", date(2025, 8, 31), False, None, date(2026, 2, 28)),    # 6 months, month end
    ("pia", date(2025, 1, 1), False, None, date(2028, 1, 1)),
    ("provision_record", date(2025, 10, 1), True, None, date(2028, 10, 1)),  # 国庆 not a reason to move
    ("aml_transaction", date(2025, 12, 31), True, None, date(2035, 12, 31)),
    ("dual_recording", date(2024, 6, 30), False, date(2025, 1, 10), date(2029, 6, 30)),  # early dispute: base wins
    ("suitability", date(2024, 6, 30), False, date(2029, 3, 1), date(2029, 6, 30)),   # dispute extends only 双录
])
def test_worked_examples_and_edges(record, end, over, dispute, expected):
    assert retention_until(record, end, term_over_one_year=over, dispute_end=dispute) == expected


def test_iso_text_accepted_and_every_record_known():
    assert retention_until("business", "2024-06-30", term_over_one_year=False) == date(2029, 6, 30)
    assert set(RECORDS) == {"business", "dual_recording", "suitability", "aml_identity", "aml_transaction", "pia",
                            "provision_record", "network_log"}


@pytest.mark.parametrize("args, kw", [
    (("contract", date(2024, 6, 30)), {"term_over_one_year": False}),
    (("business", "2024-13-01"), {"term_over_one_year": False}),
    (("business", date(2024, 6, 30)), {"term_over_one_year": "yes"}),
    (("dual_recording", date(2024, 6, 30)), {"term_over_one_year": False, "dispute_end": "soon"}),
])
def test_bad_input_raises_input_error_with_chinese_message(args, kw):
    with pytest.raises(InputError) as info:
        retention_until(*args, **kw)
    assert info.value.key.startswith("ch5.error.")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message())
