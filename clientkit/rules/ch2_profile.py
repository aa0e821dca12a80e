"""Chapter 2 客户画像与分类 — deterministic calculators of profile flags, suitability and
risk-tolerance assessments (DOMAIN.md C2-02, C2-03, C2-04, C2-08).

Ages are 周岁 (full years): a person reaches age ``n`` on the ``n``-th anniversary of birth;
someone born on 29 February has the anniversary on 28 February in a common year (民法典
第202条 by analogy: the corresponding day is missing, so the last day of the month). "以上 /
以内" include the number itself (含本数, DOMAIN.md §0.5): 65周岁以上 means age ≥ 65.

Bad input (a birth date after ``on``, an unknown channel, a negative premium …) raises
:class:`clientkit.errors.InputError` with a Chinese message from ``i18n/zh_CN/ch2.yaml``.
"""
from __future__ import annotations

from datetime import date, datetime

from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.model.dates import add_months, as_date
from clientkit.model.schema import CHANNELS, CIVIL_CAPACITY, PRODUCT_TYPES

FLAGS = ("SPECIAL_CARE_65", "DUAL_RECORDING", "NO_SALE_INCAPACITATED", "GUARDIAN_CONSENT",
         "SENSITIVE_MINOR_14", "MINOR_DEATH_CAP")
# Product types that pay a death benefit (保险法 第33条 caps for minors apply to them).
DEATH_COVER = frozenset({"term_life", "whole_life", "critical_illness", "accident", "annuity",
                         "participating", "universal", "unit_linked"})
SUITABILITY = ("suitable", "unsuitable_risk", "unsuitable_funds")
SPECIAL_CARE_AGE = 65    # 适当性办法 第18条 "65周岁以上" (含本数)
DUAL_RECORDING_AGE = 60  # 可回溯暂行办法 第6条第(二)项 "60周岁（含）以上"
# 可回溯暂行办法 第6条: 第(一)项 保险兼业代理机构 (banks are the 兼业代理 channel of the schema);
# 第(二)项 "兼业代理机构以外的其他销售渠道" (individual agents, professional intermediaries).
# Internet and telephone sales are excluded from 现场双录 (第6条 "除电话销售业务和互联网保险业务之外")
# and group business is outside the 办法 (第4条): neither set holds them.
BANCASSURANCE = ("bank",)
OTHER_CHANNELS = ("agent", "broker")
NON_BANK = OTHER_CHANNELS  # kept for importers; "非银行" no longer includes the internet
LIFE_PRODUCTS = frozenset(PRODUCT_TYPES) - {"property"}  # 人身保险产品


def _date(value, what: str) -> date:
    try:
        return as_date(value)
    except (TypeError, ValueError):
        raise InputError("ch2.error.bad_date", what=what, value=value) from None


def _number(value, what: str, *, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise InputError("ch2.error.not_number", what=what, value=value)
    if value < minimum:
        raise InputError("ch2.error.negative", what=what, value=value)
    return float(value)


def _choice(value, allowed: dict, what: str) -> str:
    if value not in allowed:
        raise InputError("ch2.error.unknown_value", what=what, value=value, known="、".join(allowed.values()))
    return value


def age_on(birth_date, on) -> int:
    """Full years (周岁) of someone born on ``birth_date`` on the day ``on``.

    Raises InputError when ``birth_date`` is after ``on`` or either is not a date."""
    born, day = _date(birth_date, t("ch2.what.birth_date")), _date(on, t("ch2.what.on"))
    if born > day:
        raise InputError("ch2.error.future_date", what=t("ch2.what.birth_date"), value=born.isoformat(), on=day.isoformat())
    years = day.year - born.year
    return years if add_months(born, 12 * years) <= day else years - 1


def needs_dual_recording(age: int, channel: str, product_type: str, term_years: float) -> bool:
    """Whether a sale needs 现场同步录音录像 (C2-08, 可回溯暂行办法 第6条).

    (一) a 人身保险 product with a term over one year (``term_years`` 0 = 终身) sold through a
    保险兼业代理机构 (channel ``bank``), at any age; (二) through the other channels (``agent``,
    ``broker``): a 投连 product at any age, or a 人身保险 product with a term over one year to a
    投保人 aged 60 or over. Internet (``online``) and group sales: never (第6条, 第4条)."""
    life = product_type in LIFE_PRODUCTS
    long = term_years == 0 or term_years > 1
    if channel in BANCASSURANCE:
        return life and long
    if channel in OTHER_CHANNELS:
        return product_type == "unit_linked" or (life and long and age >= DUAL_RECORDING_AGE)
    return False


def profile_flags(birth_date, on, *, channel: str, product_type: str, term_years: int,
                  civil_capacity: str = "full") -> set[str]:
    """The profile flags with legal consequences of a purchaser / insured (DOMAIN.md C2-08).

    * ``SPECIAL_CARE_65`` — age ≥ 65: special duty of care for high-risk products (适当性办法 第18条);
    * ``DUAL_RECORDING`` — :func:`needs_dual_recording`: any >1-year 人身保险 sold through a
      兼业代理机构 (bank); via agent / broker a 投连 product, or age ≥ 60 with a term over one year
      (``term_years`` 0 = 终身); never for internet or group sales (可回溯暂行办法 第4、6条; C2-01);
    * ``NO_SALE_INCAPACITATED`` — 无民事行为能力: must not be sold to (适当性办法 第19条);
    * ``GUARDIAN_CONSENT`` — 限制民事行为能力 (low-risk products only, with the guardian's
      consent, 第19条) or under 14 (个人信息保护法 第31条: the guardian consents to processing);
    * ``SENSITIVE_MINOR_14`` — under 14: all personal information is sensitive (PIPL 第28条);
    * ``MINOR_DEATH_CAP`` — under 18 and a product with death cover: death-benefit caps (C4-12).

    Raises InputError for a birth date after ``on``, an unknown channel, product type or civil
    capacity, or a negative ``term_years``.
    """
    age = age_on(birth_date, on)
    _choice(channel, CHANNELS, t("ch2.what.channel"))
    _choice(product_type, PRODUCT_TYPES, t("ch2.what.product_type"))
    _choice(civil_capacity, CIVIL_CAPACITY, t("ch2.what.civil_capacity"))
    term = _number(term_years, t("ch2.what.term_years"))
    flags = set()
    if age >= SPECIAL_CARE_AGE:
        flags.add("SPECIAL_CARE_65")
    if needs_dual_recording(age, channel, product_type, term):
        flags.add("DUAL_RECORDING")
    if civil_capacity == "none":
        flags.add("NO_SALE_INCAPACITATED")
    if civil_capacity == "limited" or age < 14:
        flags.add("GUARDIAN_CONSENT")
    if age < 14:
        flags.add("SENSITIVE_MINOR_14")
    if age < 18 and product_type in DEATH_COVER:
        flags.add("MINOR_DEATH_CAP")
    return flags


def _level(value, what: str, levels: int = 5) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= levels:
        raise InputError("ch2.error.level", what=what, value=value, levels=levels)
    return value


def suitability(client_level: int, product_level: int, premium: float, income: float, *,
                max_share: float = 0.5) -> str:
    """C2-03 (适当性办法 第12条): ``suitable``, ``unsuitable_risk`` (product risk level above
    the client's risk tolerance) or ``unsuitable_funds`` (the annual premium exceeds
    ``max_share`` of the annual income — "明显超出", a ⚠P company setting). Risk is checked first.

    Raises InputError for a level outside 1–5 or a negative premium or income."""
    client = _level(client_level, t("ch2.what.client_level"))
    product = _level(product_level, t("ch2.what.product_level"))
    cost = _number(premium, t("ch2.what.premium"))
    earned = _number(income, t("ch2.what.income"))
    if product > client:
        return "unsuitable_risk"
    if cost > earned * max_share:
        return "unsuitable_funds"
    return "suitable"


def assessment_valid_until(assessed_on, months: int = 12) -> date:
    """Last day a risk-tolerance assessment is valid (C2-04, 第29条: valid 12 months).

    The period starts the day after the assessment (民法典 第201条) and ends on the corresponding
    day (第202条; 2024-02-29 → 2025-02-28). It is a validity, not a deadline to act, so a
    holiday does not extend it (第203条 does not apply)."""
    return add_months(_date(assessed_on, t("ch2.what.assessed_on")), months)


def needs_reassessment(assessed_on, sale_date, months: int = 12) -> bool:
    """True when the latest assessment ``assessed_on`` no longer covers ``sale_date`` (C2-04).

    Raises InputError when the assessment is after the sale (先卖后评 is C2-05, not a valid
    assessment for that sale)."""
    done = _date(assessed_on, t("ch2.what.assessed_on"))
    sale = _date(sale_date, t("ch2.what.sale_date"))
    if done > sale:
        raise InputError("ch2.error.future_date", what=t("ch2.what.assessed_on"), value=done.isoformat(), on=sale.isoformat())
    return sale > assessment_valid_until(done, months)


def assessment_limit_violations(times, *, per_day: int = 2, per_year: int = 8) -> list[int]:
    """Positions (in ``times``) of the assessments that break the limits of C2-04: the
    (``per_day``+1)-th and later ones on one calendar day, and any that makes more than
    ``per_year`` in the 12 months ending on its day (that day and the 12 months before it,
    counted back with 第202条: the window of 2025-03-31 starts on 2024-04-01).

    ``times`` are the dates or datetimes of ONE client's assessments at one institution."""
    stamps = []
    for value in times:
        if isinstance(value, datetime):
            stamps.append(value)
        else:
            d = _date(value, t("ch2.what.assessed_on"))
            stamps.append(datetime(d.year, d.month, d.day))
    order = sorted(range(len(stamps)), key=lambda i: (stamps[i], i))
    bad = []
    for rank, i in enumerate(order):
        day = stamps[i].date()
        same_day = sum(1 for j in order[: rank + 1] if stamps[j].date() == day)
        start = add_months(day, -12)
        in_year = sum(1 for j in order[: rank + 1] if start < stamps[j].date() <= day)
        if same_day > per_day or in_year > per_year:
            bad.append(i)
    return sorted(bad)
