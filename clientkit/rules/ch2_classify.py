"""Chapter 2 客户画像与分类 — the classifications agents do daily: RFM segments (C2-12), value
tiers (C2-11), family life-cycle stage (C2-13) and how a profile tag must be handled (C2-14,
C2-15, PIPL 第28条).

The tables are company settings (⚠P, ``params`` of ``rules/data/ch2.yaml``); each function takes
the table explicitly or reads the settings in force. Thresholds include the number itself
(含本数): a VIP premium of exactly 50,000 is 黄金.
"""
from __future__ import annotations

from typing import Any, Mapping

from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.rules.ch2_profile import _number, age_on

# C2-12: (R high, F high, M high) → segment name (DOMAIN.md).
SEGMENTS = {
    (1, 1, 1): "重要价值", (0, 1, 1): "重要保持", (1, 0, 1): "重要发展", (0, 0, 1): "重要挽留",
    (1, 1, 0): "一般价值", (1, 0, 0): "一般发展", (0, 1, 0): "一般保持", (0, 0, 0): "一般挽留",
}
CUTOFF_KEYS = ("recency_days", "frequency", "monetary")
BELOW_TIERS = "普通"

# Tag hygiene (DOMAIN.md 2.2 exercise 6): the kind of data a tag is derived from → handling.
TAG_HANDLING = ("ordinary", "separate_consent_pia", "do_not_create")
TAG_SOURCES = {
    "contract": "ordinary",            # premiums, policies, product holdings (合同履行所需)
    "contact": "ordinary",             # contact history, channel preference
    "health": "separate_consent_pia",  # 医疗健康 (PIPL 第28、29、55条)
    "financial": "separate_consent_pia",  # 金融账户、收入资产明细
    "religion": "separate_consent_pia",   # 宗教信仰
    "minor": "separate_consent_pia",      # 不满十四周岁未成年人
    "location": "separate_consent_pia",   # 行踪轨迹
    "vulnerability": "do_not_create",     # 利用弱点诱导交易（第24条公平公正，第5条诚信）
    "unrelated": "do_not_create",         # 与保险服务无关（第6条最小必要）
}


def _settings(settings):
    from clientkit.rules.settings import Settings

    return Settings.coerce(settings)


def rfm_cutoffs(settings=None) -> dict[str, float]:
    """The RFM cut-offs of the company settings (C2-12, ⚠P)."""
    s = _settings(settings)
    return {"recency_days": s.rfm_recency_days, "frequency": s.rfm_frequency, "monetary": s.rfm_monetary}


def rfm_code(recency_days, frequency, monetary, cutoffs: Mapping[str, Any]) -> str:
    """The three high/low digits (``"101"`` …) of C2-12: R high when ``recency_days`` ≤ the
    cut-off, F and M high when ≥ theirs (含本数)."""
    r = _number(recency_days, t("ch2.what.recency"))
    f = _number(frequency, t("ch2.what.frequency"))
    m = _number(monetary, t("ch2.what.monetary"))
    if not isinstance(cutoffs, Mapping) or set(CUTOFF_KEYS) - set(cutoffs):
        raise InputError("ch2.error.cutoffs", keys="、".join(CUTOFF_KEYS))
    cut = {k: _number(cutoffs[k], t(f"ch2.what.cut_{k}")) for k in CUTOFF_KEYS}
    return f"{int(r <= cut['recency_days'])}{int(f >= cut['frequency'])}{int(m >= cut['monetary'])}"


def rfm_segment(recency_days, frequency, monetary, cutoffs) -> str:
    """The RFM segment of C2-12 as its Chinese name (重要价值 … 一般挽留).

    Args:
        recency_days: days since the last new policy or service contact (≥ 0).
        frequency: policies in force (≥ 0).
        monetary: annualised premium in yuan (≥ 0).
        cutoffs: ``{"recency_days", "frequency", "monetary"}`` (:func:`rfm_cutoffs` gives the
            company's); None means the company settings.
    Raises:
        InputError: a negative or non-numeric value, or cut-offs without the three keys.
    """
    code = rfm_code(recency_days, frequency, monetary, rfm_cutoffs() if cutoffs is None else cutoffs)
    return SEGMENTS[tuple(int(c) for c in code)]


def _table(rows, what: str) -> list[tuple[float, str]]:
    try:
        out = sorted((float(low), str(name)) for low, name in rows)
    except (TypeError, ValueError):
        raise InputError("ch2.error.table", what=what) from None
    if not out:
        raise InputError("ch2.error.table", what=what)
    return out


def value_tier(vip_premium, tiers=None) -> str:
    """The value tier (C2-11) of a VIP premium: the highest tier whose threshold it reaches;
    ``普通`` below the lowest. ``tiers``: ``[[threshold, name], …]``, default the company table."""
    amount = _number(vip_premium, t("ch2.what.vip_premium"))
    table = _table(_settings(None).value_tiers if tiers is None else tiers, t("ch2.what.value_tiers"))
    name = BELOW_TIERS
    for low, tier in table:
        if amount >= low:
            name = tier
    return name


def life_stage(birth_date, on, stages=None) -> str:
    """The family life-cycle stage (C2-13) at ``on``: the stage of the highest lower age bound
    (周岁, inclusive) reached. ``stages``: ``[[from_age, name], …]``, default the company table."""
    age = age_on(birth_date, on)
    table = _table(_settings(None).life_stages if stages is None else stages, t("ch2.what.life_stages"))
    name = table[0][1]
    for low, stage in table:
        if age >= low:
            name = stage
    return name


def annual_premium(premium, pay_mode: str, *, single_factor: float = 0.1) -> float:
    """Annualised standard premium of one policy (C2-11): 年交 as is, 月交 × 12, 趸交 ×
    ``single_factor`` (10% of a single premium counts as annual, ⚠P)."""
    amount = _number(premium, t("ch2.what.premium"))
    factors = {"annual": 1.0, "monthly": 12.0, "single": float(single_factor)}
    if pay_mode not in factors:
        raise InputError("ch2.error.unknown_value", what=t("ch2.what.pay_mode"), value=pay_mode, known="年交、月交、趸交")
    return amount * factors[pay_mode]


def tag_handling(source: str) -> str:
    """How a profile tag derived from data of kind ``source`` must be handled: ``ordinary``,
    ``separate_consent_pia`` (sensitive PI: 单独同意 + impact assessment, PIPL 第28、29、55条;
    C2-15) or ``do_not_create`` (exploits a weakness or is unrelated to the service: C2-14,
    PIPL 第5、6、24条). Raises InputError for an unknown source."""
    if source not in TAG_SOURCES:
        raise InputError("ch2.error.unknown_value", what=t("ch2.what.tag_source"), value=source,
                         known="、".join(TAG_SOURCES))
    return TAG_SOURCES[source]


def needs_pia(sources, *, automated: bool = False) -> bool:
    """C2-15 (个人信息保护法 第55条): profiling needs a prior personal-information impact
    assessment when any of its data ``sources`` is sensitive (a source whose tags need
    ``separate_consent_pia``) or when it feeds automated decisions; the report and the
    processing record are kept ≥ 3 years (第56条). Raises InputError for an unknown source."""
    return bool(automated) or any(tag_handling(s) == "separate_consent_pia" for s in sources)
