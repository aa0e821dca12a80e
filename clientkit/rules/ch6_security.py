"""Chapter 6 客户档案安全与合规 — calculators and the schema's grading declaration.

* :func:`criminal_threshold_met` — C6-14, 两高《关于办理侵犯公民个人信息刑事案件适用法律若干问题的
  解释》(2017) 第5条: "情节严重" from ≥ 50 records of 行踪轨迹/通信内容/征信/财产信息
  (``track_property``), ≥ 500 of 住宿/通信记录/健康生理/交易信息 etc. (``sensitive``), ≥ 5,000 of
  other personal information (``other``); insiders who sell or provide information obtained in
  performing duties or services: half of each number (第5条第一款第(八)项 reading, DOMAIN.md C6-14).
  Mixed categories add up proportionally: the sum of count ÷ threshold reaches 1 (DOMAIN.md §6.3
  exercise 3: outsider 20 财产 + 300 健康 → 0.4 + 0.6 = 1.0 → met). Exact fractions, no rounding.
  Independently of the counts, 违法所得 (``gains``) of 5,000 元 or more meets the threshold
  (第5条第一款第(七)项), 2,500 元 for insiders (第(八)项 "数量或者数额…一半以上"); the
  proportional adding-up of 第(六)项 is for the counts of 第(三)至(五)项 only, so gains and counts are
  not added together. The non-numeric triggers (第(一)(二)(九)项: 行踪轨迹 used for a crime, selling
  to a known criminal, a repeat offence) are taught in the exercise intro, not computed.
* :func:`dual_recording_qc_minimum` — C6-16, 可回溯暂行办法 第10条 "按不低于30%的比例…全程质检。其中…
  第六条第二项…应实现100%质检", literal reading: 30 % of ALL cases (rounded up, "不低于"), and the
  mandatory cases must all be among them → max(⌈0.3 × total⌉, mandatory). 400 cases of which 50
  mandatory → 120. :func:`dual_recording_qc_conservative` is the best-practice reading: every
  mandatory case plus 30 % of the others → 50 + 105 = 155 (DOMAIN.md §6.3 exercise 6).
* :func:`grading_view` — every schema column with its declared PIPL-sensitive flag and JR/T 0171
  grade (C6-06, C6-08): the grading is the schema's own declaration, shown as it is.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Mapping

import pandas as pd

from clientkit.errors import InputError
from clientkit.model.schema import TABLES

THRESHOLDS = {"track_property": 50, "sensitive": 500, "other": 5000}
GAINS_THRESHOLD = 5000  # 元, 两高解释 第5条第一款第(七)项
QC_SHARE = Fraction(3, 10)


def _count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError("ch6.error.bad_count", name=name, value=value)
    return value


def threshold_share(counts: Mapping[str, int], *, insider: bool) -> Fraction:
    """Σ count ÷ threshold over the categories (1 or more = 情节严重), as an exact fraction."""
    if not isinstance(insider, bool):
        raise InputError("ch6.error.insider_flag", value=insider)
    if not isinstance(counts, Mapping):
        raise InputError("ch6.error.bad_counts", value=counts)
    total = Fraction(0)
    for category, value in counts.items():
        if category not in THRESHOLDS:
            raise InputError("ch6.error.unknown_category", category=category, known="、".join(THRESHOLDS))
        limit = Fraction(THRESHOLDS[category], 2 if insider else 1)
        total += Fraction(_count(value, category)) / limit
    return total


def _gains(value) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0 \
            or value == float("inf"):
        raise InputError("ch6.error.bad_gains", value=value)
    return Fraction(value)


def criminal_threshold_met(counts: Mapping[str, int], *, insider: bool, gains: float = 0) -> bool:
    """Whether illegally obtained/sold/provided records reach "情节严重" (DOMAIN.md C6-14).

    Args:
        counts: records per category ``track_property`` (50), ``sensitive`` (500), ``other``
            (5,000); categories may be mixed.
        insider: the information was obtained while performing duties or providing services
            (an agent selling clients' data): each threshold is halved (25 / 250 / 2,500 records,
            2,500 元 of gains), 两高解释 第5条第一款第(八)项.
        gains: 违法所得 in 元 (第(七)项: 5,000 元 or more; insiders 2,500 元 or more).

    Returns:
        True when Σ count ÷ threshold ≥ 1 or the gains reach their threshold, e.g.
        ``{"track_property": 30}`` by an insider (30/25), or ``{"other": 10}`` sold by an insider
        for 3,000 元.

    Raises:
        InputError: an unknown category, a negative or non-integer count, a non-boolean flag,
        negative or non-numeric gains.
    """
    earned = _gains(gains)
    share = threshold_share(counts, insider=insider)
    return share >= 1 or earned >= Fraction(GAINS_THRESHOLD, 2 if insider else 1)


def _qc_args(total, mandatory) -> tuple[int, int]:
    total, mandatory = _count(total, "total"), _count(mandatory, "mandatory")
    if mandatory > total:
        raise InputError("ch6.error.mandatory_over_total", mandatory=mandatory, total=total)
    return total, mandatory


def _ceil(x: Fraction) -> int:
    return -(-x.numerator // x.denominator)


def dual_recording_qc_minimum(total: int, mandatory: int) -> int:
    """Fewest 双录 cases to quality-check, literal reading of R-TRACE 第10条 (DOMAIN.md C6-16).

    Args:
        total: completed 双录 cases in the period.
        mandatory: those under 第6条第二项 (投连, or 60 岁以上 with a term over one year, sold through
            channels other than 兼业代理机构), 100 % checked.

    Returns:
        max(⌈30 % × total⌉, mandatory); 400 and 50 → 120.

    Raises:
        InputError: negative or non-integer numbers, or ``mandatory > total``.
    """
    total, mandatory = _qc_args(total, mandatory)
    return max(_ceil(QC_SHARE * total), mandatory)


def dual_recording_qc_conservative(total: int, mandatory: int) -> int:
    """The conservative reading: mandatory + ⌈30 % × (total − mandatory)⌉; 400 and 50 → 155."""
    total, mandatory = _qc_args(total, mandatory)
    return mandatory + _ceil(QC_SHARE * (total - mandatory))


def grading_view() -> pd.DataFrame:
    """Every declared column: ``table``, ``table_label``, ``column``, ``label``, ``sensitive``,
    ``grade`` (JR/T 0171 C1/C2/C3 or None) — straight from :mod:`clientkit.model.schema`."""
    rows = [(t.name, t.label, c.name, c.label, c.sensitive, c.grade) for t in TABLES.values() for c in t.columns]
    return pd.DataFrame(rows, columns=["table", "table_label", "column", "label", "sensitive", "grade"])


# Breach notice to individuals (C6-10, PIPL 第57条): three required elements and two recipients.
NOTICE_ELEMENTS = ("categories_cause_harm", "remedies_and_self_help", "contact")
NOTICE_RECIPIENTS = ("authority", "individuals")


def breach_notice_missing(elements, recipients) -> list[str]:
    """What a breach notice plan lacks: missing elements of :data:`NOTICE_ELEMENTS` and missing
    recipients of :data:`NOTICE_RECIPIENTS`, in that order (C6-10)."""
    have = set(elements) | set(recipients)
    return [e for e in NOTICE_ELEMENTS + NOTICE_RECIPIENTS if e not in have]


CHECKS: dict = {}
