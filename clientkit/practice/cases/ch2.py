"""Chapter-2 cases for ``classify_records`` / ``flag_records`` (DOMAIN.md §2.2 exercises 1–6).

Every answer is computed by the chapter-2 calculators (:mod:`clientkit.rules.ch2_profile`,
:mod:`clientkit.rules.ch2_classify`) with the company settings in force; nothing is typed
twice. Records are synthetic. A fixed record (``include`` in YAML) gives the inputs by name.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta


from clientkit.i18n import t
from clientkit.model.dates import add_months, as_date
from clientkit.model.schema import CHANNELS, CIVIL_CAPACITY, PAY_MODES, PRODUCT_TYPES
from clientkit.practice.cases import Case
from clientkit.rules.ch2_classify import (SEGMENTS, TAG_HANDLING, annual_premium, life_stage,
                                          rfm_cutoffs, rfm_segment, tag_handling, value_tier)
from clientkit.rules.ch2_profile import (FLAGS, age_on, assessment_limit_violations, assessment_valid_until,
                                         needs_reassessment, profile_flags, suitability)
from clientkit.rules.settings import Settings

ON = date(2026, 6, 30)
# DOMAIN.md 2.2 exercise 6: proposed tags and the kind of data each is derived from.
TAGS = (
    ("糖尿病患者", "health"), ("近三年有住院记录", "health"), ("信教（佛教徒）", "religion"),
    ("易冲动消费", "vulnerability"), ("独居老人、容易被说服", "vulnerability"),
    ("高净值（依据银行流水和资产证明）", "financial"), ("持有 3 张有效保单", "contract"),
    ("年交保费 5 万元以上", "contract"), ("偏好微信沟通", "contact"), ("近一年未接受回访", "contact"),
    ("孩子 9 岁（少儿险需求）", "minor"), ("常去高端商场（依据行踪定位）", "location"),
    ("星座与血型", "unrelated"), ("政治面貌", "unrelated"),
)


def _settings() -> Settings:
    return Settings.coerce(None)


def _day(value) -> date:
    return as_date(value) if not isinstance(value, date) else value


def suitability_case(rng, params, fixed=None) -> Case:
    """Exercise 1: 适当 / 不适当-风险 / 不适当-支付能力 (C2-03)."""
    share = _settings().affordability_max_share
    if fixed:
        cl, pl, premium, income = fixed["client_level"], fixed["product_level"], fixed["premium"], fixed["income"]
    else:
        cl, pl = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        income = float(rng.integers(6, 40)) * 10000
        premium = float(round(income * float(rng.choice([0.05, 0.2, 0.5, 0.6, 0.9])), -2))
    answer = suitability(cl, pl, premium, income, max_share=share)
    rows = [(t("ch2.what.client_level"), cl), (t("ch2.what.product_level"), pl),
            (t("ch2.case.annual_premium"), premium), (t("ch2.what.income"), income)]
    why = t(f"ch2.case.why_{answer}", client=cl, product=pl, share=f"{share:.0%}", limit=income * share)
    options = tuple((v, t(f"ch2.suitability.{v}")) for v in ("suitable", "unsuitable_risk", "unsuitable_funds"))
    return Case(rows, options, answer, why, ("C2-03",), note=t("ch2.case.suit_note", share=f"{share:.0%}"))


def reassess_case(rng, params, fixed=None) -> Case:
    """Exercise 2a: does the sale need a new assessment (valid 12 months, C2-04)?"""
    months = _settings().assessment_valid_months
    if fixed:
        done, sale = _day(fixed["assessed_on"]), _day(fixed["sale_date"])
    else:
        done = date(2024, 1, 1) + timedelta(days=int(rng.integers(0, 800)))
        sale = add_months(done, months) + timedelta(days=int(rng.choice([-40, -1, 0, 1, 30])))
    need = needs_reassessment(done, sale, months)
    answer = "reassess" if need else "valid"
    rows = [(t("ch2.case.last_assessment"), done), (t("ch2.what.sale_date"), sale)]
    why = t("ch2.case.why_reassess", done=done.isoformat(), until=assessment_valid_until(done, months).isoformat(),
            sale=sale.isoformat(), verdict=t(f"ch2.case.{answer}"))
    return Case(rows, (("valid", t("ch2.case.valid")), ("reassess", t("ch2.case.reassess"))), answer, why, ("C2-04",))


def assessment_log_case(rng, params, fixed=None) -> Case:
    """Exercise 2b: which assessments of a log break 2/day or 8/12 months (C2-04)?"""
    s = _settings()
    if fixed:
        times = [datetime.fromisoformat(str(x)) for x in fixed["times"]]
    else:
        start = datetime(2025, 1, 1, 9) + timedelta(days=int(rng.integers(0, 300)))
        n = int(rng.integers(4, 11))
        gaps = rng.choice([0, 0, 20, 35, 45, 60], size=n)
        times, at = [], start
        for g in gaps:
            at = at + timedelta(days=int(g), hours=0 if g else 1)
            times.append(at)
    bad = assessment_limit_violations(times, per_day=s.assessments_per_day, per_year=s.assessments_per_year)
    labels = [t("ch2.case.log_row", n=i + 1, at=x.strftime("%Y-%m-%d %H:%M")) for i, x in enumerate(times)]
    options = tuple((f"a{i + 1}", labels[i]) for i in range(len(times)))
    why = t("ch2.case.why_log", per_day=s.assessments_per_day, per_year=s.assessments_per_year,
            bad="、".join(labels[i] for i in bad) or t("records.none"))
    rows = [(t("ch2.case.log_col", n=i + 1), x.strftime("%Y-%m-%d %H:%M")) for i, x in enumerate(times)]
    return Case(rows, options, frozenset(f"a{i + 1}" for i in bad), why, ("C2-04",), prompt=t("ch2.case.log_prompt"))


def capacity_for_age(age: int, adult: str) -> str:
    """民事行为能力 a case may show at ``age`` (民法典 第19、20条): under 8 无, 8–17 限制 (a minor
    of 16–17 living on his own earnings, 第18条第2款, is not generated); an adult's drawn
    ``adult`` capacity stands (第21、22条: an adult's capacity can be limited or absent)."""
    if age < 8:
        return "none"
    if age < 18:
        return "limited"
    return adult


def profile_flags_case(rng, params, fixed=None) -> Case:
    """Exercise 3: the mandatory profile flags (C2-08)."""
    if fixed:
        born, on = _day(fixed["birth_date"]), _day(fixed.get("on", ON))
        channel, product, term = fixed["channel"], fixed["product_type"], int(fixed["term_years"])
        capacity = fixed.get("civil_capacity")
    else:
        on = ON
        age = int(rng.choice([5, 13, 14, 17, 30, 45, 59, 60, 64, 65, 72]))
        # never the birthday itself (D07: whether 满N周岁 falls on it is contested); the draw is kept
        # so the rest of the variant is the same as before
        born = add_months(on, -12 * age) - timedelta(days=int(rng.choice([0, 1, 100])) or 2)
        channel = str(rng.choice(["agent", "agent", "online", "broker", "bank", "group"]))
        product = str(rng.choice(["term_life", "whole_life", "critical_illness", "medical", "accident", "unit_linked", "annuity"]))
        term = 1 if product in ("medical", "accident") else int(rng.choice([0, 10, 20]))
        capacity = capacity_for_age(age, str(rng.choice(["full"] * 8 + ["limited", "none"])))
    if capacity is None:
        capacity = capacity_for_age(age_on(born, on), "full")
    flags = profile_flags(born, on, channel=channel, product_type=product, term_years=term, civil_capacity=capacity)
    age = age_on(born, on)
    rows = [(t("ch2.what.birth_date"), born), (t("ch2.case.age_on", on=on.isoformat()), age),
            (t("ch2.what.channel"), CHANNELS[channel]), (t("ch2.what.product_type"), PRODUCT_TYPES[product]),
            (t("ch2.what.term_years"), t("ch2.case.whole_life") if term == 0 else term),
            (t("ch2.what.civil_capacity"), CIVIL_CAPACITY[capacity])]
    options = tuple((f, t(f"ch2.flag.{f}")) for f in FLAGS)
    why = t("ch2.case.why_flags", age=age, flags="、".join(t(f"ch2.flag.{f}") for f in FLAGS if f in flags) or t("records.none"))
    return Case(rows, options, frozenset(flags), why, ("C2-08",), note=t("ch2.case.flags_note"))


def rfm_case(rng, params, fixed=None) -> Case:
    """Exercise 4: the RFM segment with the company cut-offs (C2-12)."""
    cut = rfm_cutoffs()
    if fixed:
        r, f, m = fixed["recency_days"], fixed["frequency"], fixed["monetary"]
    else:
        r = int(rng.choice([10, 90, cut["recency_days"], cut["recency_days"] + 1, 400, 800]))
        f = int(rng.choice([0, 1, cut["frequency"], cut["frequency"] + 2]))
        m = float(rng.choice([800, 5000, cut["monetary"], cut["monetary"] * 3]))
    answer = rfm_segment(r, f, m, cut)
    rows = [(t("ch2.what.recency"), r), (t("ch2.what.frequency"), f), (t("ch2.what.monetary"), m)]
    note = t("ch2.case.rfm_note", r=cut["recency_days"], f=cut["frequency"], m=cut["monetary"])
    options = tuple((name, name) for name in SEGMENTS.values())
    why = t("ch2.case.why_rfm", r=r, f=f, m=m, segment=answer, **{"cr": cut["recency_days"], "cf": cut["frequency"], "cm": cut["monetary"]})
    return Case(rows, options, answer, why, ("C2-12",), note=note)


def value_tier_case(rng, params, fixed=None) -> Case:
    """Exercise 5a: the VIP tier of a client's in-force policies (C2-11, company table)."""
    s = _settings()
    if fixed:
        policies = [(p["premium"], p["pay_mode"]) for p in fixed["policies"]]
    else:
        policies = [(float(rng.choice([3000, 20000, 50000, 80000, 150000, 300000, 700000, 1500000])),
                     str(rng.choice(["annual", "annual", "monthly", "single"]))) for _ in range(int(rng.integers(1, 4)))]
    total = sum(annual_premium(p, mode, single_factor=s.single_premium_factor) for p, mode in policies) * s.vip_conversion_factor
    answer = value_tier(total, s.value_tiers)
    rows = [(t("ch2.case.policy_n", n=i + 1), t("ch2.case.policy_row", premium=f"{p:,.0f}", mode=PAY_MODES[mode]))
            for i, (p, mode) in enumerate(policies)]
    table = "；".join(f"{name} ≥{low:,.0f}" for low, name in s.value_tiers)
    names = ["普通"] + [name for _, name in sorted(s.value_tiers)]
    why = t("ch2.case.why_tier", total=f"{total:,.0f}", tier=answer, factor=s.single_premium_factor)
    return Case(rows, tuple((n, n) for n in names), answer, why, ("C2-11",),
                note=t("ch2.case.tier_note", table=table, factor=s.single_premium_factor))


def life_stage_case(rng, params, fixed=None) -> Case:
    """Exercise 5b: the family life-cycle stage (C2-13, company table)."""
    s = _settings()
    if fixed:
        born, on = _day(fixed["birth_date"]), _day(fixed.get("on", ON))
    else:
        on = ON
        low = [int(a) for a, _ in s.life_stages]
        age = int(rng.choice(low[1:])) + int(rng.choice([-1, 0, 0, 3]))
        # the day before or after the birthday, never on it (D07); the draw is kept as before
        born = add_months(on, -12 * age) + timedelta(days=int(rng.choice([0, 0, 1])) or -1)
    answer = life_stage(born, on, s.life_stages)
    rows = [(t("ch2.what.birth_date"), born), (t("ch2.what.on"), on)]
    table = "；".join(f"{name} {int(low)}岁起" for low, name in sorted(s.life_stages))
    why = t("ch2.case.why_stage", age=age_on(born, on), stage=answer)
    return Case(rows, tuple((n, n) for _, n in sorted(s.life_stages)), answer, why, ("C2-13",),
                note=t("ch2.case.stage_note", table=table))


def tag_hygiene_case(rng, params, fixed=None) -> Case:
    """Exercise 6: how a proposed profile tag must be handled (C2-14, C2-15, PIPL 第28条)."""
    if fixed:
        tag, source = fixed["tag"], fixed["source"]
    else:
        tag, source = TAGS[int(rng.integers(0, len(TAGS)))]
    answer = tag_handling(source)
    rows = [(t("ch2.case.tag"), tag), (t("ch2.what.tag_source"), t(f"ch2.tag_source.{source}"))]
    why = t(f"ch2.case.why_tag_{answer}")
    options = tuple((v, t(f"ch2.tag_handling.{v}")) for v in TAG_HANDLING)
    return Case(rows, options, answer, why, ("C2-14", "C2-15"))


CASES = {
    "suitability": suitability_case, "reassess": reassess_case, "assessment_log": assessment_log_case,
    "profile_flags": profile_flags_case, "rfm": rfm_case, "value_tier": value_tier_case,
    "life_stage": life_stage_case, "tag_hygiene": tag_hygiene_case,
}
