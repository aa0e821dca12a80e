"""C4-21, C4-23…C4-26 (practice heuristics, not law): hand-worked figures."""
import pytest

from clientkit.errors import InputError
from clientkit.rules.ch4_heuristics import (BANNED_SENTENCES, DISCLOSURE_ITEMS, banned_terms, life_gap, sp_quadrants,
                                            stage_priorities, twin_ten)


def test_twin_ten_for_200k():
    assert twin_ten(200_000) == {"premium": 20_000, "premium_low": 10_000, "premium_high": 30_000, "sum": 2_000_000}


def test_twin_ten_zero_and_negative_income():
    assert twin_ten(0)["sum"] == 0
    with pytest.raises(InputError) as err:
        twin_ten(-1)
    assert "负数" in err.value.message()


def test_sp_quadrants_10_20_30_40():
    assert sp_quadrants(1_000_000) == {"spend": 100_000, "protect": 200_000, "grow": 300_000, "preserve": 400_000}


def test_life_gap_hand_example():
    # 300k + 100k + 500k + 100k × 5 = 1.4M; − 200k assets − 300k cover = 900k
    assert life_gap(education=300_000, parents=100_000, debts=500_000, annual_expense=100_000, years=5,
                    assets=200_000, existing_cover=300_000) == 900_000
    # default N = 5 (setting gap_years); a negative result means no gap
    assert life_gap(annual_expense=100_000, assets=600_000) == -100_000
    with pytest.raises(InputError):
        life_gap(annual_expense=100_000, years=0)


def test_life_stage_priorities_put_protection_first():
    assert stage_priorities("single")[0] == "accident"
    assert stage_priorities("retired")[0] == "medical"
    with pytest.raises(InputError):
        stage_priorities("teen")


def test_banned_terms_found_in_order_and_none_in_checklist_sentences():
    assert banned_terms("这个产品就跟存款一样，本金安全有保障。") == ["存款", "本金安全"]
    # the mandatory 投连 warning names 本金亏损 (适当性办法第31条(三)): not banned (review D30)
    assert banned_terms("投连险的投资风险由您承担，可能出现本金亏损。") == []
    assert banned_terms("下个月就停售了，过几天还要涨价。") == ["停售", "涨价"]
    assert all(banned_terms(s) for s in BANNED_SENTENCES)
    assert not any(banned_terms(sentence) for _, _, sentence in DISCLOSURE_ITEMS.values())
    with pytest.raises(InputError):
        banned_terms(None)
