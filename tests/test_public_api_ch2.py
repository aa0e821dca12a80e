"""Chapter 2 public API (issue text): names and exact signatures."""
import inspect

import clientkit


def test_profile_flags_signature():
    assert "profile_flags" in clientkit.__all__
    sig = str(inspect.signature(clientkit.profile_flags))
    assert sig == ("(birth_date, on, *, channel: 'str', product_type: 'str', term_years: 'int', "
                   "civil_capacity: 'str' = 'full') -> 'set[str]'")


def test_rfm_segment_signature():
    assert "rfm_segment" in clientkit.__all__
    assert str(inspect.signature(clientkit.rfm_segment)) == "(recency_days, frequency, monetary, cutoffs) -> 'str'"


def test_flag_names_and_segments():
    from clientkit.rules.ch2_classify import SEGMENTS
    from clientkit.rules.ch2_profile import FLAGS

    assert set(FLAGS) == {"SPECIAL_CARE_65", "DUAL_RECORDING", "NO_SALE_INCAPACITATED", "GUARDIAN_CONSENT",
                          "SENSITIVE_MINOR_14", "MINOR_DEATH_CAP"}
    assert sorted(SEGMENTS.values()) == sorted(["重要价值", "重要保持", "重要发展", "重要挽留",
                                                "一般价值", "一般发展", "一般保持", "一般挽留"])
