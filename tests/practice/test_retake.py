"""The 自测 retake policy (issue 10), with cases worked out by hand on a calendar."""
from datetime import datetime

import pytest

from clientkit.errors import ContentError
from clientkit.practice.retake import RetakePolicy, retake_verdict
from clientkit.rules.settings import Settings

DEFAULT = RetakePolicy()  # 3 per 30 days, 24 h apart
NOW = datetime(2026, 12, 2, 10, 0)


def test_first_attempt_is_allowed():
    v = retake_verdict([], NOW, DEFAULT)
    assert v.allowed and v.used == 0 and v.remaining == 3


def test_second_attempt_waits_24_hours():
    v = retake_verdict([datetime(2026, 12, 1, 12, 0)], NOW, DEFAULT)   # 22 h ago
    assert not v.allowed and v.reason == "service.retake_wait"
    assert v.next_allowed == datetime(2026, 12, 2, 12, 0)
    assert retake_verdict([datetime(2026, 12, 1, 10, 0)], NOW, DEFAULT).allowed  # exactly 24 h ago


def test_fourth_attempt_in_30_days_is_refused_until_the_oldest_leaves_the_window():
    done = [datetime(2026, 11, 10, 9, 0), datetime(2026, 11, 20, 9, 0), datetime(2026, 11, 30, 9, 0)]
    v = retake_verdict(done, NOW, DEFAULT)
    assert not v.allowed and v.reason == "service.retake_limit" and v.used == 3
    assert v.next_allowed == datetime(2026, 12, 10, 9, 0)  # 11-10 09:00 + 30 days
    assert retake_verdict(done, datetime(2026, 12, 10, 9, 1), DEFAULT).allowed


def test_attempts_older_than_the_window_do_not_count():
    done = [datetime(2026, 9, 1), datetime(2026, 9, 2), datetime(2026, 9, 3)]
    assert retake_verdict(done, NOW, DEFAULT).allowed


def test_chapter_exception_from_company_settings():
    s = Settings({"assessment_policy": {3: {"max_attempts": 5, "min_gap_hours": 0}}})
    assert RetakePolicy.for_chapter(s, 3) == RetakePolicy(5, 30, 0)
    assert RetakePolicy.for_chapter(s, 1) == RetakePolicy(3, 30, 24.0)
    done = [datetime(2026, 12, 2, 9, 0)] * 4
    assert retake_verdict(done, NOW, RetakePolicy.for_chapter(s, 3)).allowed


@pytest.mark.parametrize("bad", [{9: {"max_attempts": 2}}, {1: {"tries": 2}}, {1: {"max_attempts": -1}}, [1]])
def test_bad_policy_is_a_chinese_content_error(bad):
    with pytest.raises(ContentError) as err:
        Settings({"assessment_policy": bad})
    assert "assessment_policy" in err.value.message()
