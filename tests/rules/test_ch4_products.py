"""The product catalogue and the matcher (C4-05, C4-06, C4-07, C4-10…C4-12, C4-15, C2-08), cases by hand
against sample_data/products.csv."""
import pandas as pd
import pytest

from clientkit.errors import InputError
from clientkit.rules.ch4_products import Needs, load_products, match_products


def needs(**kw):
    base = dict(insured_age=35, holder_age=35, family_income=300_000, budget=20_000, risk_tolerance=3,
                needs=("term_life", "critical_illness", "medical", "participating"))
    return Needs(**{**base, **kw})


def by_code(result):
    return {r["code"]: r for r in result["suitable"]}, {r["code"]: r for r in result["excluded"]}


def test_catalogue_columns_and_synthetic_products():
    p = load_products()
    assert len(p) >= 15 and p["product_code"].is_unique
    assert set(p["product_type"]) >= {"participating", "universal", "unit_linked", "medical", "term_life"}
    assert (p["min_age"] <= p["max_age"]).all() and p["risk_grade"].between(1, 5).all()


def test_every_product_is_either_suitable_or_excluded_with_a_rule():
    ok, out = by_code(match_products(needs()))
    assert set(ok) | set(out) == set(load_products()["product_code"]) and not set(ok) & set(out)
    assert [r["rank"] for r in ok.values()] == sorted(r["rank"] for r in ok.values())
    assert out["WL01"]["rule_id"] == "C4-05"          # not among the needs
    assert out["CI70"]["rule_id"] == "C4-15"          # children's product, insured 35
    assert out["IL20"]["rule_id"] == "C4-05"


def test_ranking_follows_the_needs_then_risk_then_premium():
    ok, _ = by_code(match_products(needs()))
    order = sorted(ok, key=lambda c: ok[c]["rank"])
    assert order[:2] == ["TL20", "TL30"]              # term life first, R1, 1500 < 2400
    assert order.index("CI30") < order.index("MD02") < order.index("MD01") < order.index("PA20")


def test_declaration_for_participating_product_58_years():
    # PA20: 8,000/yr for 20 years; 58 + 20 = 78 ≥ 75 (3); 8,000 ≥ 1.5 × 5,000 (4)
    ok, _ = by_code(match_products(needs(holder_age=58, insured_age=58, budget=5_000)))
    req = dict(ok["PA20"]["requirements"])
    assert "第3项、第4项" in req["C4-06"] and "C4-09" in req
    assert "C2-08" not in req                         # 58: no 双录 for age


def test_dual_recording_from_60_and_for_unit_linked():
    ok, _ = by_code(match_products(needs(holder_age=60, insured_age=60)))
    assert "C2-08" in dict(ok["TL20"]["requirements"]) and "C2-08" in dict(ok["PA20"]["requirements"])
    assert "C2-08" not in dict(ok["MD01"]["requirements"])     # one-year product
    ok, _ = by_code(match_products(needs(holder_age=59, insured_age=59)))
    assert "C2-08" not in dict(ok["PA20"]["requirements"])
    ok, _ = by_code(match_products(needs(risk_tolerance=5, needs=("unit_linked",))))
    assert {"C4-08", "C2-08", "C4-09"} <= set(dict(ok["IL20"]["requirements"]))


def test_risk_grade_above_tolerance_is_excluded():
    _, out = by_code(match_products(needs(risk_tolerance=2)))
    assert out["PA20"]["rule_id"] == "C4-10"


def test_duplicate_indemnity_and_capacity():
    _, out = by_code(match_products(needs(has_indemnity_medical=True)))
    assert out["MD01"]["rule_id"] == "C4-05" and "重复" in out["MD01"]["reason"]
    _, out = by_code(match_products(needs(family_income=2_000, needs=("term_life",))))
    assert out["TL30"]["rule_id"] == "C4-05" and "年收入" in out["TL30"]["reason"]   # 2,400 > 2,000
    ok, _ = by_code(match_products(needs(family_income=2_400, needs=("term_life",))))
    assert "TL30" in ok                               # premium equal to income: not excluded


def test_minor_death_cap_in_the_matcher():
    kid = dict(insured_age=8, holder_age=38, relation="child", needs=("critical_illness", "accident"))
    ok, out = by_code(match_products(needs(existing_death_cover=150_000, **kid)))
    assert out["CI70"]["rule_id"] == "C4-12" and out["AC02"]["rule_id"] == "C4-12"   # room 50k < 300k, 100k
    ok, out = by_code(match_products(needs(existing_death_cover=100_000, **kid)))
    assert "AC02" in ok and out["CI70"]["rule_id"] == "C4-12"                       # 100k = room: allowed
    ok, _ = by_code(match_products(needs(existing_death_cover=150_000, **{**kid, "insured_age": 12})))
    assert {"CI70", "AC02"} <= set(ok)                                               # cap 500k
    assert "C4-12" not in dict(ok["CI70"]["requirements"])                           # parent for a minor: no consent


def test_bank_legacy_rule_for_older_holders():
    base = dict(channel="bank", needs=("participating", "universal"))
    ok, out = by_code(match_products(needs(holder_age=61, insured_age=61, **base)))
    assert out["PA20"]["rule_id"] == "C4-07" and "UL05" in ok      # 期交 > 60 excluded; 趸交 allowed to 65
    ok, out = by_code(match_products(needs(holder_age=66, insured_age=66, **base)))
    assert out["UL05"]["rule_id"] == "C4-07"
    ok, _ = by_code(match_products(needs(holder_age=60, insured_age=60, **base)))
    assert "PA20" in ok                                            # "超过60" excludes 60


def test_no_insurable_interest_excludes_everything():
    result = match_products(needs(relation="other", insured_consents=False))
    assert result["suitable"] == [] and {r["rule_id"] for r in result["excluded"]} == {"C4-11"}
    ok, _ = by_code(match_products(needs(relation="spouse", insured_consents=False)))
    assert "C4-12" in dict(ok["TL20"]["requirements"])             # death cover needs consent


@pytest.mark.parametrize("kw", [dict(family_income=-1), dict(budget=0), dict(risk_tolerance=6), dict(needs=()),
                                dict(needs=("cars",)), dict(relation="neighbour"), dict(insured_age=130), dict(stage="teen")])
def test_bad_needs_are_refused_in_chinese(kw):
    with pytest.raises(InputError) as err:
        match_products(needs(**kw))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message())


def test_bad_catalogue(tmp_path):
    path = tmp_path / "p.csv"
    pd.DataFrame({"product_code": ["X"], "product_type": ["cars"]}).to_csv(path, index=False)
    with pytest.raises(InputError):
        load_products(str(path))
