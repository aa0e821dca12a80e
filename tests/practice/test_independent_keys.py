"""Issue 9, "make the next error hard to make": the hard cases of the calculator-keyed exercises
(boundaries, channels, insiders) recomputed from a SECOND statement of each rule, written here by
hand from the article text — not from the calculator — and compared with the keys the exercises
actually give. Each statement quotes its article.
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from clientkit.model.book import Book
from clientkit.model.schema import CHANNELS, CIVIL_CAPACITY, PRODUCT_TYPES
from clientkit.practice import make_task
from clientkit.practice.cases.ch2 import profile_flags_case
from clientkit.practice.cases.ch5 import sharing_case
from clientkit.practice.cases.ch6 import criminal_case
from clientkit.practice.content import exercise
from clientkit.rules.audit import audit
from clientkit.rules.ch4_cases import interest
from clientkit.rules.ch5_sharing import RECIPIENTS, may_share
from clientkit.rules.ch6_security import criminal_threshold_met

# ---------------------------------------------------------------------------------------------
# 可回溯暂行办法 第6条: "除电话销售业务和互联网保险业务之外 … （一）通过保险兼业代理机构销售保险期间
# 超过1年的人身保险产品 …（二）通过保险兼业代理机构以外的其他销售渠道，销售投资连结保险产品，或向
# 60周岁（含）以上年龄的投保人销售保险期间超过1年的人身保险产品" — group business is outside the
# 办法 (第4条). Written as a table of the clauses, not as the calculator's conditions.
CLAUSE_BY_CHANNEL = {"bank": "一", "agent": "二", "broker": "二", "online": None, "group": None}


def dual_recording_by_hand(channel: str, age: int, product: str, term: int) -> bool:
    clause = CLAUSE_BY_CHANNEL[channel]
    personal_insurance = product != "property"
    over_one_year = term == 0 or term >= 2          # terms are whole years; 0 = 终身
    if clause == "一":
        return personal_insurance and over_one_year
    if clause == "二":
        return product == "unit_linked" or (personal_insurance and over_one_year and age >= 60)
    return False


@pytest.mark.parametrize("channel, age, product, term, needed", [
    ("bank", 45, "term_life", 20, True),        # review 3.1: the bank sale the calculator missed
    ("bank", 30, "medical", 1, False),
    ("bank", 70, "unit_linked", 10, True),
    ("online", 62, "whole_life", 0, False),     # review 3.1: internet sales are excluded
    ("online", 40, "unit_linked", 10, False),
    ("agent", 59, "whole_life", 0, False),
    ("agent", 60, "whole_life", 0, True),
    ("broker", 30, "unit_linked", 1, True),     # 投连 at any age and any term
    ("agent", 75, "accident", 1, False),        # one year is not "超过1年"
    ("group", 70, "whole_life", 0, False),
])
def test_dual_recording_statement_worked_by_hand(channel, age, product, term, needed):
    assert dual_recording_by_hand(channel, age, product, term) is needed


def _rows(case) -> dict:
    return {label: value for label, value in case.rows}


def test_profile_flag_items_agree_with_article_6_and_civil_code():
    """400 generated 画像标记 items: the 双录 flag follows 第6条; 65 周岁 care; capacity follows the
    age (民法典 第19条 "八周岁以上的未成年人为限制民事行为能力人", 第20条 "不满八周岁…无民事行为能力");
    no item falls on the birthday itself (review D07)."""
    channel_of = {v: k for k, v in CHANNELS.items()}
    product_of = {v: k for k, v in PRODUCT_TYPES.items()}
    capacity_of = {v: k for k, v in CIVIL_CAPACITY.items()}
    seen_channels = set()
    for seed in range(400):
        case = profile_flags_case(np.random.default_rng(seed), {})
        values = list(_rows(case).values())
        born, age, channel, product, term, capacity = values
        channel, product, capacity = channel_of[channel], product_of[product], capacity_of[capacity]
        term = 0 if isinstance(term, str) else int(term)
        seen_channels.add(channel)
        assert ("DUAL_RECORDING" in case.answer) is dual_recording_by_hand(channel, age, product, term), values
        assert ("SPECIAL_CARE_65" in case.answer) is (age >= 65)
        if age < 8:
            assert capacity == "none", values
        elif age < 18:
            assert capacity == "limited", values
        assert (born.month, born.day) != (6, 30), values          # ON is 2026-06-30
    assert seen_channels == set(CLAUSE_BY_CHANNEL)


def test_audit_c2_08_agrees_with_article_6_on_every_combination():
    """The 档案体检 check (vectorised) against the hand statement: every channel × product × term
    × age (59 and 60 at the sign date, birthdays away from it), one policy each, none recorded."""
    ages = {"K59": ("1966-07-05", 59), "K60": ("1966-06-20", 60), "K45": ("1981-03-15", 45)}
    clients = pd.DataFrame({"client_id": list(ages), "client_type": ["individual"] * 3, "name": ["张三", "李四", "王五"],
                            "birth_date": [b for b, _ in ages.values()], "agent_id": ["A1"] * 3,
                            "created_on": ["2020-01-01"] * 3, "archive_state": ["active"] * 3})
    rows, expected = [], {}
    for who, (_, age) in ages.items():
        for channel in CLAUSE_BY_CHANNEL:
            for product in ("term_life", "whole_life", "medical", "unit_linked", "property"):
                for term in (0, 1, 20):
                    pid = f"P{len(rows)}"
                    rows.append((pid, who, "2026-06-30", channel, product, term, False))
                    expected[pid] = dual_recording_by_hand(channel, age, product, term)
    pol = pd.DataFrame(rows, columns=["policy_id", "holder_id", "sign_date", "channel", "product_type", "term_years",
                                      "dual_recorded"])
    pol["insured_id"] = pol["holder_id"]
    book = Book.from_frames({"clients": clients, "policies": pol})
    f = audit(book, on=date(2026, 7, 1), chapter=2)
    flagged = set(pol.loc[f.loc[f["rule_id"] == "C2-08", "row"], "policy_id"]) if "row" in f else None
    if flagged is None:
        flagged = {pol.iloc[int(i)]["policy_id"] for i in f.loc[f["rule_id"] == "C2-08"].index}
    assert flagged == {p for p, need in expected.items() if need}


# ---------------------------------------------------------------------------------------------
# 保险法 第131条第(八)项 "利用业务便利为其他机构或者个人牟取不正当利益"; 两高解释 第5条 "出售或者提供";
# C6-15 "买卖客户信息" — a sale is never allowed, whatever the recipient or consent (review D01).
@pytest.mark.parametrize("recipient", RECIPIENTS)
@pytest.mark.parametrize("consent", [None, "general", "separate", "written_separate"])
def test_a_sale_is_never_allowed(recipient, consent):
    d = may_share({"recipient": recipient, "sale": True, "consent": consent})
    assert (d.allowed, d.possible, d.outcome) == (False, False, "never")


def test_sharing_scenarios_that_sell_are_keyed_never():
    """Every scenario whose text buys, sells or pays for client data is marked ``sale`` and keyed
    ``never`` — the car dealer and the paying hospital included (D01, D08)."""
    scenarios = exercise("ch05.sharing").params["scenarios"]
    selling = [s for s in scenarios if any(w in s["text"] for w in ("购买", "出售", "卖", "付费"))]
    assert {s["text"][:6] for s in selling} >= {"一家汽车经销", "合作医院提出"}
    for s in selling:
        assert s.get("sale") is True, s["text"]
        assert sharing_case(np.random.default_rng(0), {}, fixed=s).answer == "never"
    seen = set()
    for seed in range(60):
        task = make_task("ch05.sharing", seed)
        for item in task.items:
            if "购买" in (item.context or "") or "付费" in (item.context or ""):
                seen.add(item.item_id)
                assert task.key[item.item_id].answer == "never"
    assert seen


# ---------------------------------------------------------------------------------------------
# 两高解释 第5条第一款: (三) 50 条 行踪轨迹/通信内容/征信/财产, (四) 500 条 住宿/通信记录/健康生理/交易,
# (五) 5000 条 other, (六) proportional sum of (三)–(五), (七) 违法所得五千元以上, (八) insiders:
# "数量或者数额达到第三项至第七项规定标准一半以上". Integer arithmetic, no calculator.
def met_by_hand(counts: dict, insider: bool, gains: int) -> bool:
    base = {"track_property": 50, "sensitive": 500, "other": 5000}
    # Σ count / threshold ≥ 1  ⇔  Σ count × (5000 / threshold) ≥ 5000, halved for insiders
    weighted = sum(n * (5000 // base[c]) for c, n in counts.items())
    target = 5000 if not insider else 2500
    return weighted >= target or gains >= target


@pytest.mark.parametrize("counts, insider, gains, met", [
    ({"other": 10}, True, 3000, True),            # review 3.1: the insider who sold 10 records for ¥3,000
    ({"other": 10}, False, 3000, False),
    ({"other": 10}, True, 2499, False),
    ({"other": 10}, True, 2500, True),
    ({"other": 0}, False, 4999, False),
    ({"other": 0}, False, 5000, True),
    ({"track_property": 25}, True, 0, True),
    ({"track_property": 24}, True, 0, False),
    ({"track_property": 20, "sensitive": 300}, False, 0, True),   # 0.4 + 0.6
    ({"track_property": 10, "sensitive": 149}, True, 0, False),   # 10/25 + 149/250 < 1
    ({"track_property": 10, "sensitive": 149}, True, 2500, True),
])
def test_criminal_threshold_hand_cases(counts, insider, gains, met):
    assert met_by_hand(counts, insider, gains) is met
    assert criminal_threshold_met(counts, insider=insider, gains=gains) is met


def test_criminal_items_agree_with_article_5():
    from clientkit.i18n import t

    category_of = {t(f"ch6.category.{c}"): c for c in ("track_property", "sensitive", "other")}
    insider_of = {t("ch6.case.insider_True"): True, t("ch6.case.insider_False"): False}
    with_gains = 0
    for seed in range(300):
        case = criminal_case(np.random.default_rng(seed), {})
        rows = _rows(case)
        insider = insider_of[rows[t("ch6.case.actor")]]
        counts = {category_of[k]: v for k, v in rows.items() if k in category_of}
        gains = rows[t("ch6.case.gains")]
        with_gains += gains > 0
        assert (case.answer == "met") is met_by_hand(counts, insider, gains), rows
    assert with_gains > 50


# ---------------------------------------------------------------------------------------------
# 保险法 第31条 (interest; "被保险人同意投保人为其订立合同的，视为投保人对被保险人具有保险利益"),
# 第33条 (no death cover for 无民事行为能力人 — under 8, 民法典第20条 — except parents for minors),
# 第34条 (death cover needs the insured's consent and approval of the sum).
INTEREST = {"self", "spouse", "child", "parent", "employee"}


def verdict_by_hand(relation, consents, death, age=30, supported=False) -> str:
    if death and age < 8 and relation not in ("child", "self"):
        return "void"                                             # 第33条: nothing cures it
    has_interest = relation in INTEREST or consents or (supported and relation in ("sibling", "grandparent", "grandchild"))
    if not has_interest:
        return "needs_consent"                                    # 第31条第2款: consent cures it
    if death and relation != "self" and not (relation == "child" and age < 18) and not consents:
        return "needs_consent"                                    # 第34条
    return "valid"


def test_interest_exercise_keys_agree_with_articles_31_33_34():
    cases = exercise("ch04.interest").params["cases"]
    assert len(cases) >= 15
    for c in cases:
        mine = verdict_by_hand(c["relation"], c["consents"], c["death"], c.get("age", 30), c.get("supported", False))
        assert interest(relation=c["relation"], consents=c["consents"], death=c["death"], age=c.get("age", 30),
                        supported=c.get("supported", False)) == mine, c["desc"]
    keyed = {c["desc"]: verdict_by_hand(c["relation"], c["consents"], c["death"], c.get("age", 30)) for c in cases}
    assert keyed["祖父为 5 岁的孙子投保含身故责任的意外险，孙子的父母不知情。"] == "void"
    assert keyed["为表哥投保定期寿险，表哥未同意。"] == "needs_consent"


def test_gains_is_not_added_to_the_counts():
    """(六) adds the counts of (三)–(五) only; 违法所得 is a separate criterion (七)."""
    assert Fraction(20, 50) + Fraction(0) < 1
    assert criminal_threshold_met({"track_property": 20}, insider=False, gains=3000) is False


# ---------------------------------------------------------------------------------------------
# 保监发〔2015〕90号 (DOMAIN.md C4-12): death benefit for a minor "不满10周岁的，不得超过人民币20万元；
# 已满10周岁但未满18周岁的，不得超过人民币50万元" — the band boundary at 9/10 is the hard case.
def minor_allowed_by_hand(age: int, existing: int, new: int) -> bool:
    cap = 200_000 if age < 10 else 500_000
    return existing + new <= cap


def test_minor_cap_items_agree_with_the_notice():
    from clientkit.rules.ch4_cases import minor_allowed, minor_case

    ages = set()
    for seed in range(300):
        case = minor_case(np.random.default_rng(seed))
        ages.add(case["age"])
        key, _ = minor_allowed(**case)
        assert (key == "allowed") is minor_allowed_by_hand(case["age"], case["existing"], case["new"]), case
    assert {9, 10} <= ages
    assert minor_allowed_by_hand(9, 100_000, 100_000) and not minor_allowed_by_hand(9, 150_000, 100_000)
    assert minor_allowed_by_hand(10, 200_000, 300_000)
