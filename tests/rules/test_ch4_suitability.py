"""C4-05, C4-06, C4-11, C4-12 calculators: DOMAIN.md §4.6 worked examples and hand-worked edges.

第39条 reading (DOMAIN.md §0.5): (一)(二) "超过" exclude the threshold, (三)(四) "达到或超过" include it."""
import re

import pytest

from clientkit.errors import InputError
from clientkit.rules.ch4_suitability import (contract_verdict, declaration_triggers, insurable_interest, minor_death_cap,
                                             minor_death_check, stop_reasons)


def dt(**kw):
    base = dict(age=40, family_income=300_000, budget=100_000, premium=10_000, pay_years=10)
    return declaration_triggers(**{**base, **kw})


def test_domain_worked_example_58_years():
    # 40k/300k = 13.3% ≤ 20%; 20 + 58 = 78 ≥ 75; 40k ≥ 1.5 × 20k = 30k
    assert declaration_triggers(age=58, family_income=300_000, budget=20_000, premium=40_000, pay_years=20) == {3, 4}


def test_annual_share_20_percent_is_exclusive():
    assert dt(premium=60_000) == set()            # exactly 20% of 300k: not "超过"
    assert dt(premium=60_001) == {2}
    assert dt(premium=59_999) == set()


def test_single_premium_four_times_is_exclusive_and_clause_2_not_applied():
    assert dt(premium=1_200_000, pay_years=1, single_premium=True, budget=1_000_000) == set()
    assert dt(premium=1_200_001, pay_years=1, single_premium=True, budget=1_000_000) == {1}
    # the same premium paid yearly would be far above 20%: clause 2 only for 期交
    assert 2 not in dt(premium=100_000, pay_years=1, single_premium=True, budget=1_000_000)


def test_age_sum_75_is_inclusive():
    assert dt(age=55, pay_years=20) == {3}       # 75
    assert dt(age=54, pay_years=20) == set()     # 74
    assert dt(age=65, pay_years=1, single_premium=True) == set()


def test_budget_150_percent_is_inclusive():
    assert dt(budget=20_000, premium=30_000, family_income=1_000_000) == {4}
    assert dt(budget=20_000, premium=29_999, family_income=1_000_000) == set()


def test_unknown_income_or_budget_skips_their_clauses():
    assert dt(family_income=None, premium=90_000) == set()
    assert dt(budget=None, premium=90_000) == {2}


@pytest.mark.parametrize("kw", [dict(family_income=-1), dict(premium=-5), dict(premium=0), dict(age=-1),
                                dict(age=40.5), dict(pay_years=0), dict(budget=0), dict(family_income="三十万")])
def test_bad_input_gives_a_chinese_message(kw):
    with pytest.raises(InputError) as err:
        dt(**kw)
    assert re.search(r"[\u4e00-\u9fff]", err.value.message())


def test_minor_caps_by_age_band():
    assert [minor_death_cap(a) for a in (0, 8, 9)] == [200_000] * 3
    assert [minor_death_cap(a) for a in (10, 12, 17)] == [500_000] * 3   # 10周岁以上 includes 10


def test_minor_cap_refuses_adults_and_negative_ages():
    for age in (18, 40, -1):
        with pytest.raises(InputError) as err:
            minor_death_cap(age)
        assert re.search(r"[\u4e00-\u9fff]", err.value.message())


def test_minor_death_check_domain_examples():
    assert minor_death_check(8, 150_000, 100_000) == (False, 50_000)     # 250k > 200k; reduce to 50k
    assert minor_death_check(12, 150_000, 100_000) == (True, 350_000)    # cap 500k
    assert minor_death_check(8, 150_000, 50_000) == (True, 50_000)       # exactly the cap: 不超过
    assert minor_death_check(9, 300_000, 1) == (False, 0)
    with pytest.raises(InputError):
        minor_death_check(8, -1, 0)


@pytest.mark.parametrize("relation", ["self", "spouse", "child", "parent", "employee", "本人", "配偶", "雇员"])
def test_interest_without_consent(relation):
    assert insurable_interest(relation, False) is True


@pytest.mark.parametrize("relation", ["sibling", "grandparent", "grandchild", "cousin", "partner", "other", "未婚同居伴侣"])
def test_others_need_the_insured_consent(relation):
    assert insurable_interest(relation, False) is False
    assert insurable_interest(relation, True) is True


def test_unknown_relation_and_bad_consent():
    with pytest.raises(InputError) as err:
        insurable_interest("邻居", True)
    assert "邻居" in err.value.message()
    with pytest.raises(InputError):
        insurable_interest("spouse", "yes")


def test_contract_verdicts_worked_by_hand():
    assert contract_verdict("spouse", insured_consents=False, death_benefit=True) == "needs_consent"   # 第34条
    assert contract_verdict("spouse", insured_consents=True, death_benefit=True) == "valid"
    assert contract_verdict("spouse", insured_consents=False, death_benefit=False) == "valid"
    assert contract_verdict("child", insured_consents=False, death_benefit=True, insured_age=6) == "valid"   # parent for a minor
    assert contract_verdict("child", insured_consents=False, death_benefit=True, insured_age=18) == "needs_consent"
    # 第31条第2款: consent creates the interest, so without it the answer is "须取得同意", not void (D05)
    assert contract_verdict("partner", insured_consents=False, death_benefit=True) == "needs_consent"
    assert contract_verdict("cousin", insured_consents=False, death_benefit=True) == "needs_consent"
    assert contract_verdict("other", insured_consents=False, death_benefit=False) == "needs_consent"
    assert contract_verdict("sibling", insured_consents=False, death_benefit=True) == "needs_consent"
    assert contract_verdict("grandchild", insured_consents=False, death_benefit=True, insured_age=5) == "void"  # 第33条
    assert contract_verdict("grandchild", insured_consents=True, death_benefit=True, insured_age=8) == "valid"
    assert contract_verdict("cousin", insured_consents=True, death_benefit=True) == "valid"
    assert contract_verdict("sibling", insured_consents=False, death_benefit=False, supported=True) == "valid"
    assert contract_verdict("grandchild", insured_consents=True, death_benefit=True, insured_age=5) == "void"  # 第33条
    assert contract_verdict("self", insured_consents=False, death_benefit=True, insured_age=7) == "valid"


def test_stop_reasons():
    assert stop_reasons(needs_match=True, annual_premium=600, disposable_income=20_000, has_indemnity_cover=True,
                        product_indemnity=True) == {"duplicate"}
    assert stop_reasons(needs_match=False, annual_premium=50_000, disposable_income=20_000, has_indemnity_cover=False,
                        product_indemnity=False) == {"mismatch", "capacity"}
    # premium equal to what the client can pay is not "明显不足"
    assert stop_reasons(needs_match=True, annual_premium=20_000, disposable_income=20_000, has_indemnity_cover=True,
                        product_indemnity=False) == set()
