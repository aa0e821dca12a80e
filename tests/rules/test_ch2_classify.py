"""RFM segments (C2-12), value tiers (C2-11), life stages (C2-13), tag handling (C2-14/15):
cut-offs and tables include the number itself (含本数)."""
from datetime import date

import pytest

from clientkit import rfm_segment
from clientkit.errors import InputError
from clientkit.rules.ch2_classify import (annual_premium, life_stage, needs_pia, rfm_cutoffs, tag_handling,
                                          value_tier)

CUT = {"recency_days": 180, "frequency": 2, "monetary": 10000}


@pytest.mark.parametrize("r, f, m, segment", [
    (180, 2, 10000, "重要价值"),   # every value exactly on its cut-off counts as high
    (181, 2, 10000, "重要保持"),
    (30, 1, 20000, "重要发展"),
    (400, 1, 20000, "重要挽留"),
    (30, 3, 500, "一般价值"),
    (30, 1, 500, "一般发展"),
    (400, 3, 500, "一般保持"),
    (400, 0, 0, "一般挽留"),
])
def test_rfm_segments(r, f, m, segment):
    assert rfm_segment(r, f, m, CUT) == segment


def test_rfm_default_cutoffs_are_company_settings():
    assert rfm_cutoffs({}) == {"recency_days": 180, "frequency": 2, "monetary": 10000.0}
    assert rfm_cutoffs({"rfm_frequency": 3})["frequency"] == 3


@pytest.mark.parametrize("args", [(-1, 1, 1, CUT), (1, 1, "many", CUT), (1, 1, 1, {"recency_days": 1})])
def test_rfm_bad_input(args):
    with pytest.raises(InputError) as err:
        rfm_segment(*args)
    assert "{" not in err.value.message()


@pytest.mark.parametrize("amount, tier", [
    (0, "普通"), (49999.99, "普通"), (50000, "黄金"), (99999, "黄金"), (100000, "铂金"),
    (399999, "黑金"), (400000, "钻石"), (1000000, "尊钻"), (5999999, "私钻"), (6000000, "黑钻"),
])
def test_default_value_tiers(amount, tier):
    assert value_tier(amount) == tier


def test_company_value_table_and_bad_input():
    table = [[10000, "银卡"], [30000, "金卡"]]
    assert value_tier(29999, table) == "银卡" and value_tier(30000, table) == "金卡"
    with pytest.raises(InputError):
        value_tier(-5)
    with pytest.raises(InputError):
        value_tier(5, [["x", "y"]])


@pytest.mark.parametrize("born, stage", [
    ("2004-07-01", "依赖期"), ("2004-06-30", "单身期"), ("1996-06-30", "家庭形成期"),
    ("1991-07-01", "家庭形成期"), ("1991-06-30", "家庭成长期"), ("1971-06-30", "家庭成熟期"),
    ("1961-06-30", "退休期"),
])
def test_life_stages_on_birthdays(born, stage):
    assert life_stage(born, date(2026, 6, 30)) == stage


def test_life_stage_future_birth_date():
    with pytest.raises(InputError) as err:
        life_stage("2026-07-01", date(2026, 6, 30))
    assert "晚于" in err.value.message()


def test_annual_premium_and_tags():
    assert annual_premium(1000, "monthly") == 12000
    assert annual_premium(100000, "single") == 10000
    assert annual_premium(8000, "annual") == 8000
    assert tag_handling("health") == "separate_consent_pia"
    assert tag_handling("vulnerability") == "do_not_create"
    assert tag_handling("contract") == "ordinary"
    with pytest.raises(InputError):
        tag_handling("astrology")
    with pytest.raises(InputError):
        annual_premium(100, "weekly")


@pytest.mark.parametrize("sources, automated, needed", [
    (["contract", "contact"], False, False),
    (["contract", "health"], False, True),      # sensitive source (第28、55条)
    (["financial"], False, True),
    (["contract"], True, True),                 # automated decision-making (第55条第二项)
    ([], False, False),
])
def test_profiling_that_needs_a_pia(sources, automated, needed):
    assert needs_pia(sources, automated=automated) is needed


def test_pia_unknown_source():
    with pytest.raises(InputError) as err:
        needs_pia(["horoscope"])
    assert "无法识别" in err.value.message()
