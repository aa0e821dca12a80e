"""Chapter 4 exercise cases (DOMAIN.md §4.6): answer functions and case generators for the kind
``computed_cases``. Every answer comes from the chapter's calculators
(:mod:`clientkit.rules.ch4_suitability`, :mod:`clientkit.rules.ch4_heuristics`); this module only
adapts a case's fields to them and words the detail of the explanation.
"""
from __future__ import annotations

import numpy as np

from clientkit.rules.ch4_heuristics import BANNED_SENTENCES, DISCLOSURE_ITEMS, banned_terms, life_gap, twin_ten
from clientkit.rules.ch4_suitability import contract_verdict, declaration_triggers, minor_death_check, stop_reasons
from clientkit.rules.settings import current_settings


def declaration(*, age, family_income, budget, premium, pay_years, single_premium=False, **_) -> tuple[set[str], str]:
    """Exercise 1: the triggered clauses of 第39条 as option values ``"1"``…``"4"``."""
    clauses = declaration_triggers(age=age, family_income=family_income, budget=budget, premium=premium,
                                   pay_years=pay_years, single_premium=single_premium)
    ratio = premium / family_income if family_income else float("nan")
    detail = (f"年龄 + 交费年限 = {age} + {pay_years} = {age + pay_years}；保费 ÷ 预算 = {premium / budget:.1%}；"
              + (f"趸交保费 ÷ 家庭年收入 = {ratio:.2f} 倍" if single_premium else f"年交保费 ÷ 家庭年收入 = {ratio:.1%}"))
    return {str(c) for c in clauses}, detail


def declaration_case(rng: np.random.Generator) -> dict:
    """A random 新型产品 case, often on a threshold (exactly 75, 20%, 150%, 4×)."""
    single = bool(rng.random() < 0.3)
    income = int(rng.choice([120_000, 200_000, 300_000, 500_000]))
    age = int(rng.integers(30, 66))
    pay_years = 1 if single else int(rng.choice([5, 10, 15, 20]))
    if not single and rng.random() < 0.3:
        pay_years = 75 - age if 1 <= 75 - age <= 30 else pay_years
    budget = int(rng.choice([10_000, 20_000, 40_000, 100_000]))
    if single:
        budget = int(rng.choice([income * 2, income * 3, income * 4]))
        premium = int(rng.choice([income * 4, income * 4 + 10_000, income * 3, budget * 3 // 2]))
    else:
        premium = int(rng.choice([income // 5, income // 5 + 1_000, budget * 3 // 2, budget, income // 10]))
    return {"age": age, "family_income": income, "budget": budget, "premium": max(premium, 1_000),
            "pay_years": pay_years, "single_premium": single, "pay_text": "趸交" if single else f"年交，交 {pay_years} 年"}


def minor_allowed(*, age, existing, new, **_) -> tuple[str, str]:
    """Exercise 2: ``allowed`` / ``not_allowed`` (C4-12)."""
    ok, room = minor_death_check(age, existing, new)
    detail = f"已有 {existing:,} 元 + 新保单 {new:,} 元 = {existing + new:,} 元；最多还可投保 {room:,} 元"
    return ("allowed" if ok else "not_allowed"), detail


def minor_room(*, age, existing, new=0, **_) -> tuple[int, str]:
    """Exercise 2 (number): the largest new death benefit still allowed."""
    _, room = minor_death_check(age, existing, new)
    return room, f"限额减已有保障 = {room:,} 元（不低于 0）"


def minor_case(rng: np.random.Generator) -> dict:
    age = int(rng.choice([3, 8, 9, 10, 12, 15, 17]))
    existing = int(rng.choice([0, 50_000, 100_000, 150_000, 200_000, 300_000]))
    new = int(rng.choice([50_000, 100_000, 200_000, 300_000]))
    return {"age": age, "existing": existing, "new": new}


def interest(*, relation, consents, death, age=30, supported=False, **_) -> str:
    """Exercise 3: ``valid`` / ``needs_consent`` / ``void`` (C4-11, C4-12)."""
    return contract_verdict(relation, insured_consents=consents, death_benefit=death, insured_age=age, supported=supported)


def stop(*, needs_match, premium, disposable, has_indemnity, indemnity, **_) -> set[str]:
    """Exercise 5: the C4-05 reasons to recommend stopping."""
    return stop_reasons(needs_match=needs_match, annual_premium=premium, disposable_income=disposable,
                        has_indemnity_cover=has_indemnity, product_indemnity=indemnity)


def heuristic(*, ask, income=0, education=0, parents=0, debts=0, expense=0, years=5, assets=0, cover=0, **_) -> tuple[float, str]:
    """Exercise 6: 双十 premium / sum (C4-23) or the 寿险缺口 (C4-26)."""
    if ask in ("premium", "sum", "premium_low", "premium_high"):
        value = twin_ten(income)[ask]
        return value, f"按双十原则（实务经验）：{value:,.0f} 元"
    value = life_gap(education=education, parents=parents, debts=debts, annual_expense=expense, years=years,
                     assets=assets, existing_cover=cover)
    return value, (f"经济责任 {education:,} + {parents:,} + {debts:,} + {expense:,} × {years} = "
                   f"{education + parents + debts + expense * years:,}；减去资产 {assets:,} 和已有保额 {cover:,} 得 {value:,.0f} 元")


ASK_TEXT = {"premium": "年保费参考值（10%）", "premium_low": "年保费区间下限（5%）", "premium_high": "年保费区间上限（15%）",
            "sum": "保额参考值（10 倍）"}


def heuristic_case(rng: np.random.Generator) -> dict:
    if rng.random() < 0.5:
        ask = str(rng.choice(list(ASK_TEXT)))
        income = int(rng.choice([80_000, 120_000, 150_000, 240_000, 360_000]))
        return {"ask": ask, "income": income,
                "question": f"家庭年收入 {income:,} 元，按双十原则计算{ASK_TEXT[ask]}（元）。"}
    vals = {k: int(rng.choice(v)) for k, v in {
        "education": [0, 200_000, 300_000], "parents": [0, 100_000, 150_000], "debts": [0, 500_000, 800_000],
        "expense": [80_000, 100_000, 120_000], "years": [5, 8, 10], "assets": [100_000, 200_000, 300_000],
        "cover": [0, 300_000, 500_000]}.items()}
    q = (f"子女教育金 {vals['education']:,} 元，父母赡养费 {vals['parents']:,} 元，剩余房贷 {vals['debts']:,} 元，"
         f"家庭年支出 {vals['expense']:,} 元（按 {vals['years']} 年计），可用资产 {vals['assets']:,} 元，已有寿险保额 {vals['cover']:,} 元。"
         "按寿险缺口法计算保障缺口（元，负数表示无缺口）。")
    return {"ask": "gap", "question": q, **vals}


def transcript_case(rng: np.random.Generator) -> dict:
    """Exercise 4: a pitch of 4–7 checklist sentences, sometimes with banned wording."""
    keys = list(DISCLOSURE_ITEMS)
    chosen = sorted(rng.choice(len(keys), size=int(rng.integers(4, 8)), replace=False))
    lines = [DISCLOSURE_ITEMS[keys[i]][2] for i in chosen]
    if rng.random() < 0.6:
        bad = BANNED_SENTENCES[int(rng.integers(0, len(BANNED_SENTENCES)))]
        lines.insert(int(rng.integers(0, len(lines) + 1)), bad)
    text = " ".join(f"（{i}）{line}" for i, line in enumerate(lines, start=1))
    return {"transcript": text, "covered": [keys[i] for i in chosen]}


def disclosure(*, covered, **_) -> set[str]:
    """The checklist items the generated pitch covers (the generator's ground truth)."""
    return set(covered)


def disclosure_options() -> tuple[tuple[str, str], ...]:
    return tuple((k, v[1]) for k, v in DISCLOSURE_ITEMS.items())


def banned(*, transcript, **_) -> set[str]:
    """The banned terms (C4-21) in the pitch, found by :func:`banned_terms`."""
    return set(banned_terms(transcript))


def banned_options() -> tuple[tuple[str, str], ...]:
    terms = [w.strip() for w in str(current_settings().banned_terms).split(",") if w.strip()]
    return tuple((w, f"“{w}”") for w in terms)
