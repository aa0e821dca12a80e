"""Chapter 4 — practice heuristics (C4-23…C4-26, ⚠ industry practice, NOT law) and the sales-talk
checks of C4-16/17/18/21 (disclosure checklist, banned wording).

* :func:`twin_ten` — C4-23 双十原则: premium ≈ 10% of annual income (band 5–15%), sum ≈ 10× income.
* :func:`sp_quadrants` — C4-24 标普家庭资产象限 10/20/30/40.
* :data:`LIFE_STAGES` / :func:`stage_priorities` — C4-25 life-stage priorities (先保障后理财).
* :func:`life_gap` — C4-26 寿险缺口法: 经济责任 − 可用资产 − 已有保额 (N years of expenses).
* :data:`DISCLOSURE_ITEMS`, :func:`banned_terms` — C4-16/17/18 and C4-21.

Every figure here is a planning aid; the chapter's texts label it 实务经验，非法规.
"""
from __future__ import annotations

from clientkit.errors import InputError
from clientkit.rules.ch4_suitability import _number
from clientkit.rules.settings import current_settings

# C4-25: life stage → product types in priority order (keys of schema.PRODUCT_TYPES)
LIFE_STAGES = {
    "single": ("accident", "medical", "term_life", "critical_illness"),
    "forming": ("term_life", "critical_illness", "accident", "medical"),
    "growing": ("term_life", "critical_illness", "annuity", "accident", "medical"),
    "mature": ("annuity", "critical_illness", "medical", "whole_life"),
    "retired": ("medical", "accident", "annuity"),
}

# C4-16 (销售行为办法 第25条), C4-17 (保险法 第17条), C4-18 (适当性办法 第37条): checklist items and
# a sentence of an agent's pitch that covers each (used to build transcript exercises).
DISCLOSURE_ITEMS = {
    "contract": ("C4-16", "说明这是保险合同", "这份是保险合同，不是存单也不是理财产品。"),
    "coverage": ("C4-16", "保障范围和保险期间", "它保障的是身故和全残，保险期间到被保险人 70 岁。"),
    "premium": ("C4-16", "保费及交费方式", "保费每年 8,000 元，分 20 年交清。"),
    "exclusions": ("C4-17", "免除保险人责任的条款（已提示并说明）", "请看加黑的责任免除条款，我逐条给您解释一下：比如两年内自杀不赔。"),
    "claims": ("C4-16", "索赔程序", "出险后拨打客服电话报案，带上保单和诊断证明就能申请理赔。"),
    "surrender": ("C4-18", "退保损失和费用扣除", "犹豫期后退保只能拿回现金价值，前几年会有较大损失。"),
    "cash_value": ("C4-16", "现金价值", "每年的现金价值都列在这张表上。"),
    "cooling_off": ("C4-18", "犹豫期及其权利", "收到保单后有 15 天犹豫期，期间退保只扣 10 元工本费。"),
    "grace": ("C4-16", "宽限期", "续期保费到期后有 60 天宽限期。"),
    "waiting": ("C4-16", "等待期", "重疾责任有 90 天等待期。"),
    "lapse": ("C4-16", "效力中止与恢复", "宽限期过后没交费合同效力中止，两年内可以申请恢复。"),
    "disclosure": ("C4-16", "未如实告知的后果", "健康告知一定要如实填写，否则可能拒赔甚至解除合同。"),
    "uncertainty": ("C4-18", "保单利益的不确定性", "分红是不保证的，演示的红利只是假设。"),
    "fees": ("C4-18", "各项费用", "初始费用和保单管理费在产品说明书第 3 页。"),
    "complaint": ("C4-16", "服务和投诉渠道", "有任何问题可以拨打公司 95 开头的客服热线投诉。"),
}
# C4-21: wording an agent must not use (default of the rule parameter banned_terms). "本金" alone is
# not banned: the 投连 risk warning must name "本金亏损可能" (适当性办法 第31条(三)); only premium
# described as safe principal ("本金安全", "保本") is (content review D30).
BANNED_SENTENCES = (
    "这个产品就跟存款一样，本金安全有保障。",
    "每年的利息比银行高，到期利益返还。",
    "下个月就停售了，赶紧买，过几天还要涨价。",
    "这是保本的，稳赚不赔。",
)


def twin_ten(annual_income) -> dict[str, float]:
    """C4-23 双十原则 (practice): ``premium`` (10%), ``premium_low``/``premium_high`` (5%/15%) and
    ``sum`` (10×) for an annual income. Example: 200,000 → premium 20,000 (10,000–30,000), sum 2,000,000."""
    income = _number("annual_income", annual_income)
    s = current_settings()
    return {"premium": round(income * s.twin_ten_premium_share, 2),
            "premium_low": round(income * s.twin_ten_premium_low, 2),
            "premium_high": round(income * s.twin_ten_premium_high, 2),
            "sum": round(income * s.twin_ten_sum_multiple, 2)}


def sp_quadrants(assets) -> dict[str, float]:
    """C4-24 标普象限 (practice): 要花的钱 / 保命的钱 / 生钱的钱 / 保本升值的钱 amounts."""
    total = _number("assets", assets)
    shares = [float(x) for x in str(current_settings().sp_shares).split(",")]
    names = ("spend", "protect", "grow", "preserve")
    return {n: round(total * p / 100, 2) for n, p in zip(names, shares)}


def stage_priorities(stage: str) -> tuple[str, ...]:
    """C4-25 (practice): the product types to consider first at a life stage."""
    if stage not in LIFE_STAGES:
        raise InputError("ch4.error.stage", value=stage)
    return LIFE_STAGES[stage]


def life_gap(*, education=0, parents=0, debts=0, annual_expense=0, years=None, assets=0, existing_cover=0) -> float:
    """C4-26 寿险缺口法 (practice): 子女教育金 + 父母赡养 + 负债 + 年支出 × N − 可用资产 − 已有保额.

    Negative means no gap. ``years`` defaults to the setting ``gap_years`` (5)."""
    n = current_settings().gap_years if years is None else years
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError("ch4.error.years", value=n)
    duty = sum(_number(k, v) for k, v in
               (("education", education), ("parents", parents), ("debts", debts))) + _number("annual_expense", annual_expense) * n
    return round(duty - _number("assets", assets) - _number("existing_cover", existing_cover), 2)


def banned_terms(text: str) -> list[str]:
    """C4-21: the banned terms of the setting ``banned_terms`` that occur in ``text``, in list order."""
    if not isinstance(text, str):
        raise InputError("ch4.error.not_text")
    terms = [w.strip() for w in str(current_settings().banned_terms).split(",") if w.strip()]
    return [w for w in terms if w in text]
