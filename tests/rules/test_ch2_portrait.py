"""The client profile as a function of the Book: classifications and tags with refresh dates
(C2-11…C2-13, C2-16), on a small hand-made book worked out by hand."""
from datetime import date

import pandas as pd
import pytest

from clientkit.errors import InputError
from clientkit.model.book import Book
from clientkit.rules.ch2_portrait import classify_book, client_profile

ON = date(2026, 6, 30)


@pytest.fixture
def book():
    clients = pd.DataFrame({
        "client_id": ["K1", "K2", "E1"], "client_type": ["individual", "individual", "enterprise"],
        "name": ["张三", "李四", "某公司"], "birth_date": ["1961-06-30", "2004-07-01", None],
        "annual_income": [150000.0, None, None], "occupation": ["教师", None, None],
        "agent_id": ["A1"] * 3, "created_on": ["2020-01-01"] * 3, "verified_on": ["2026-01-10", None, None],
        "updated_on": [None, "2024-05-01", None], "archive_state": ["active"] * 3,
    })
    policies = pd.DataFrame({
        "policy_id": ["P1", "P2", "P3"], "holder_id": ["K1", "K1", "K2"], "insured_id": ["K1", "K1", "K2"],
        "status": ["in_force", "in_force", "surrendered"], "pay_mode": ["annual", "single", "annual"],
        "premium": [30000.0, 200000.0, 5000.0], "sign_date": ["2026-01-01", "2025-12-01", "2023-01-01"],
        "channel": ["agent", "agent", "agent"], "product_type": ["whole_life", "annuity", "medical"],
        "term_years": [0, 15, 1],
    })
    ra = pd.DataFrame({"assessment_id": ["R1", "R2"], "client_id": ["K1", "K2"],
                       "assessed_on": ["2025-12-20 10:00", "2025-06-29 10:00"], "level": [3, 2]})
    updates = pd.DataFrame({"update_id": ["U1"], "client_id": ["K1"], "field": ["annual_income"],
                            "changed_on": ["2024-03-01"], "recorded_on": ["2024-03-05"]})
    return Book.from_frames({"clients": clients, "policies": policies, "risk_assessments": ra, "updates": updates})


def test_classify_book_by_hand(book):
    c = classify_book(book, ON, {}).set_index("client_id")
    assert list(c.index) == ["K1", "K2"]                       # individuals only
    # K1: 65 today; in force 30,000 annual + 200,000 single × 0.1 = 50,000 → 黄金 (含本数)
    assert c.loc["K1", "age"] == 65 and c.loc["K1", "life_stage"] == "退休期"
    assert c.loc["K1", "vip_premium"] == 50000 and c.loc["K1", "value_tier"] == "黄金"
    # R = 2026-06-30 − 2026-01-01 = 180 days (≤ 180 high), F = 2 (high), M = 50,000 (high)
    assert c.loc["K1", "recency_days"] == 180 and c.loc["K1", "rfm_segment"] == "重要价值"
    # K2: 21 (birthday tomorrow) → 依赖期; surrendered policy: F = 0, M = 0; last sign 2023-01-01
    assert c.loc["K2", "age"] == 21 and c.loc["K2", "life_stage"] == "依赖期"
    assert c.loc["K2", "value_tier"] == "普通" and c.loc["K2", "rfm_segment"] == "一般挽留"


def test_profile_tags_sources_and_staleness(book):
    k1 = client_profile(book, "K1", ON, {}).set_index("rule_id", append=True)
    tags = client_profile(book, "K1", ON, {})
    by_tag = dict(zip(tags["tag"], zip(tags["value"], tags["refreshed_on"], tags["stale"])))
    assert by_tag["风险承受能力等级"][0] == "3 级" and by_tag["风险承受能力等级"][2] is False
    assert by_tag["年收入区间"][0] == "10–20 万元"
    assert by_tag["年收入区间"][1] == pd.Timestamp("2024-03-05") and by_tag["年收入区间"][2] is True  # > 12 months
    assert by_tag["家庭生命周期阶段"][1] == pd.Timestamp("2026-01-10") and by_tag["家庭生命周期阶段"][2] is False
    assert "须双录" in by_tag["法定画像标记"][0] and "65周岁以上" in by_tag["法定画像标记"][0]
    assert len(k1) == 7 and not tags["value"].astype(str).str.contains("张三|150000").any()
    k2 = client_profile(book, "K2", ON, {})
    risk = k2[k2["tag"] == "风险承受能力等级"].iloc[0]
    assert bool(risk["stale"]) is True                            # 2025-06-29 + 12 months < 2026-06-30


def test_profile_of_unknown_or_enterprise_client(book):
    for cid in ("NOPE", "E1"):
        with pytest.raises(InputError) as err:
            client_profile(book, cid, ON, {})
        assert "没有客户" in err.value.message()
