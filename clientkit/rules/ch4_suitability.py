"""Chapter 4 保险产品匹配与推荐 — suitability calculators (DOMAIN.md §4.2–4.3).

* :func:`declaration_triggers` — C4-06, 《金融机构产品适当性管理办法》第三十九条: the clauses (1–4)
  that make a signed 投保声明 necessary for 分红/万能/投连/变额 products. Reading graded here
  (DOMAIN.md §0.5, "以上/以内" include the number): clauses (1) and (2) say 超过 (exceeds) — the
  threshold itself does NOT trigger (exactly 4× or exactly 20% → no); clauses (3) and (4) say
  达到或超过 — the threshold itself triggers (sum exactly 75, premium exactly 150% → yes).
* :func:`minor_death_cap` / :func:`minor_death_check` — C4-12, 保险法 第33条 and 保监发〔2015〕90号:
  ¥200,000 for a child under 10, ¥500,000 from the 10th birthday to under 18 (周岁; 10 itself is
  "10周岁以上", in the higher band).
* :func:`insurable_interest` / :func:`contract_verdict` — C4-11 (保险法 第12、31条) and C4-12
  (第33、34条).
* :func:`stop_reasons` — C4-05 (保险销售行为管理办法 第28条; 适当性办法 第38条).

Thresholds are company settings (rule params) with the law's values as defaults. Bad input raises
:class:`clientkit.errors.InputError` with a Chinese message (catalog ``ch4.error.*``).
"""
from __future__ import annotations

from numbers import Integral, Real

from clientkit.errors import InputError
from clientkit.model.schema import RELATIONS
from clientkit.rules.settings import current_settings

UNCERTAIN_TYPES = ("participating", "universal", "unit_linked")
# 保险法 第31条: interest without consent (第3项 family members with a support duty need ``supported``)
INTEREST_RELATIONS = ("self", "spouse", "child", "parent", "employee")
NEAR_RELATIVES = ("sibling", "grandparent", "grandchild")
VERDICTS = ("valid", "needs_consent", "void")
STOP_REASONS = ("mismatch", "capacity", "duplicate")


def _number(name: str, value, *, allow_none: bool = False, positive: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or value != value:
        raise InputError("ch4.error.not_number", field=name)
    if value < 0 or (positive and value == 0):
        raise InputError("ch4.error.positive" if positive else "ch4.error.negative", field=name, value=value)
    return float(value)


def _age(age) -> int:
    if isinstance(age, bool) or not isinstance(age, Integral):
        raise InputError("ch4.error.age_int", value=age)
    if not 0 <= age <= 120:
        raise InputError("ch4.error.age_range", value=age)
    return int(age)


def declaration_triggers(*, age, family_income, budget, premium, pay_years, single_premium=False) -> set[int]:
    """C4-06: the clauses of 适当性办法 第39条 that require a signed 投保声明.

    ``premium`` is the single premium (``single_premium=True``) or the annual premium; ``age`` the
    policyholder's age in 周岁; ``family_income`` the family's annual income and ``budget`` the
    stated premium budget (either may be None when unknown: its clauses are then not evaluated).
    DOMAIN.md §4.6 example: age 58, income 300,000, budget 20,000, 40,000/yr for 20 years → {3, 4}.
    """
    s = current_settings()
    age = _age(age)
    income = _number("family_income", family_income, allow_none=True)
    budget = _number("budget", budget, allow_none=True, positive=True)
    premium = _number("premium", premium, positive=True)
    if isinstance(pay_years, bool) or not isinstance(pay_years, Integral) or pay_years < 1:
        raise InputError("ch4.error.pay_years", value=pay_years)
    out: set[int] = set()
    if income is not None:
        if single_premium and premium > s.declaration_single_multiple * income:
            out.add(1)
        if not single_premium and premium > s.declaration_annual_share * income:
            out.add(2)
    if pay_years + age >= s.declaration_age_sum:
        out.add(3)
    if budget is not None and premium >= s.declaration_budget_ratio * budget:
        out.add(4)
    return out


def minor_death_cap(age) -> int:
    """C4-12: the cap (元) on the total death benefit of a minor insured by a parent:
    200,000 under 10 周岁, 500,000 from 10 to under 18. Raises InputError for 18 and over."""
    age = _age(age)
    if age >= 18:
        raise InputError("ch4.error.not_minor", value=age)
    s = current_settings()
    return int(s.minor_cap_under_10 if age < 10 else s.minor_cap_under_18)


def minor_death_check(age, existing, new) -> tuple[bool, int]:
    """C4-12: ``(allowed, largest new death benefit allowed)`` for a child of ``age`` who already
    has ``existing`` death cover (excluding air-travel / natural-disaster accident benefits)
    and a new policy of ``new``. Example (DOMAIN.md §4.6): 8, 150,000, 100,000 → (False, 50,000)."""
    cap = minor_death_cap(age)
    existing = _number("existing", existing)
    new = _number("new", new)
    room = max(int(cap - existing), 0)
    return existing + new <= cap, room


def relation_key(relation) -> str:
    """A relation key of :data:`RELATIONS` from a key or its Chinese label; InputError if unknown."""
    if isinstance(relation, str):
        value = relation.strip()
        if value in RELATIONS:
            return value
        for key, label in RELATIONS.items():
            if value == label:
                return key
    raise InputError("ch4.error.relation", value=relation, known="、".join(RELATIONS.values()))


def insurable_interest(relation, insured_consents) -> bool:
    """C4-11 (保险法 第31条): does the policyholder have an insurable interest in the insured?

    本人、配偶、子女、父母 and 雇员 (劳动关系) always; anyone else only when the insured consents
    (a sibling or grandparent with a 抚养/赡养/扶养 relation also qualifies — see
    :func:`contract_verdict` ``supported``). Unknown relation → InputError."""
    key = relation_key(relation)
    if not isinstance(insured_consents, bool):
        raise InputError("ch4.error.consent", value=insured_consents)
    return key in INTEREST_RELATIONS or insured_consents


def contract_verdict(relation, *, insured_consents: bool, death_benefit: bool, insured_age: int = 30,
                     supported: bool = False) -> str:
    """C4-11/C4-12: may this policy be taken out — ``valid`` (可以投保), ``needs_consent`` (only
    after the insured consents, and for death cover also approves the sum: 须取得被保险人同意并认可
    保额) or ``void`` (无论如何不得投保).

    * ``void``: death cover on a child under 8 (无民事行为能力, 民法典 第20条) by anyone but a
      parent — 保险法 第33条; no consent can cure it.
    * ``needs_consent``: no insurable interest by relation and no consent yet — the insured's
      consent creates the interest (第31条第2款; J3 第1条: it can also be given afterwards); or
      death cover not yet consented to (第34条), except a parent insuring a minor child.
    * ``valid``: otherwise."""
    key = relation_key(relation)
    interest = insurable_interest(key, insured_consents) or (supported and key in NEAR_RELATIVES)
    age = _age(insured_age)
    if death_benefit and age < 8 and key != "child" and key != "self":
        return "void"
    if not interest:
        return "needs_consent"
    parent_for_minor = key == "child" and age < 18
    if death_benefit and key != "self" and not parent_for_minor and not insured_consents:
        return "needs_consent"
    return "valid"


def stop_reasons(*, needs_match: bool, annual_premium, disposable_income, has_indemnity_cover: bool,
                 product_indemnity: bool) -> set[str]:
    """C4-05: why the agent should recommend stopping (empty set: proceed).

    ``mismatch`` — needs clearly don't match; ``capacity`` — the annual premium exceeds what the
    client can keep paying (``disposable_income`` per year); ``duplicate`` — an indemnity product
    on top of existing indemnity cover (重复/超额保险)."""
    premium = _number("annual_premium", annual_premium)
    income = _number("disposable_income", disposable_income)
    out = set()
    if not needs_match:
        out.add("mismatch")
    if premium > income:
        out.add("capacity")
    if has_indemnity_cover and product_indemnity:
        out.add("duplicate")
    return out
