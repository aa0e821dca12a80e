"""Chapter 5 retention calculator (DOMAIN.md C5-12, Appendix B; period arithmetic §0.5).

``retention_until`` gives the LAST day a record must still be kept ("retain through"; it may be
destroyed from the next day on, after appraisal, C5-13). Retention is a minimum period, not a
deadline to act, so the day is never moved for a weekend or 法定休假日 (民法典 第203条 does not
apply; :func:`clientkit.model.dates.period_end` with ``roll_holiday=False``).

Date reading (documented and tested): 民法典 第201条 starts the period the day after the
triggering day, and 第202条 ends a period in years on the corresponding day of the final month
(the month's last day when there is none). Five years from a contract ended 2024-06-30 thus run
2024-07-01 … 2029-06-30 (DOMAIN.md §5.2 exercise 1); from 2024-02-29 they end 2029-02-28.

Record types (Appendix B):

* ``business`` — 保险法 第87条 / 保险代理人监管规定 第56条: 5 years for policies of ≤ 1 year, 10 years
  for longer ones, from contract termination;
* ``dual_recording`` — 可回溯暂行办法 第13条: the same 5 / 10 years, and when a complaint or
  lawsuit concerns it at least 2 years after the dispute ends (the later of the two);
* ``suitability`` — 适当性办法 第17条: ≥ 5 years from the end of the contract relationship;
* ``aml_identity`` / ``aml_transaction`` — 反洗钱法 (2024) 第34条: ≥ 10 years from the end of the
  business relationship / of the transaction (pass that day as ``contract_end``);
* ``pia`` — PIPL 第56条 (3 years); ``provision_record`` — 网络数据安全管理条例 第12条 (3 years);
* ``network_log`` — 网络安全法 第21条 (2016 numbering; the 2025 amendment in force from 2026-01-01
  renumbered the articles and the new number is not verified here, content review D20): 6 months.

``dispute_end`` extends only ``dual_recording`` (the rule that names disputes); for the other
records it has no effect.
"""
from __future__ import annotations

from datetime import date

from clientkit.errors import InputError
from clientkit.model.dates import as_date, period_end

# record -> (months if term ≤ 1 year, months if term > 1 year, rule source)
PERIODS: dict[str, tuple[int, int, str]] = {
    "business": (60, 120, "保险法第87条；保险代理人监管规定第56条"),
    "dual_recording": (60, 120, "保险销售行为可回溯管理暂行办法第13条"),
    "suitability": (60, 60, "金融机构产品适当性管理办法第17条"),
    "aml_identity": (120, 120, "反洗钱法（2024）第34条"),
    "aml_transaction": (120, 120, "反洗钱法（2024）第34条"),
    "pia": (36, 36, "个人信息保护法第56条"),
    "provision_record": (36, 36, "网络数据安全管理条例第12条"),
    "network_log": (6, 6, "网络安全法（2016年文本）第21条；2025年修正后条文序号以现行文本为准"),
}
RECORDS = tuple(PERIODS)
DISPUTE_MONTHS = 24  # 可回溯暂行办法 第13条: ≥ 2 years after the dispute ends


def _day(value, name: str) -> date:
    try:
        return as_date(value)
    except (TypeError, ValueError):
        raise InputError("ch5.error.bad_date", name=name, value=value) from None


def retention_months(record: str, *, term_over_one_year: bool) -> int:
    """Minimum retention of ``record`` in months (Appendix B); InputError for an unknown record."""
    if record not in PERIODS:
        raise InputError("ch5.error.unknown_record", record=record, known="、".join(RECORDS))
    short, long, _ = PERIODS[record]
    return long if term_over_one_year else short


def retention_until(record: str, contract_end, *, term_over_one_year: bool, dispute_end=None) -> date:
    """The last day ``record`` must still be kept (DOMAIN.md C5-12, Appendix B).

    Args:
        record: one of :data:`RECORDS`.
        contract_end: the day the period starts from (contract termination, end of the
            business relationship or of the transaction); a ``date``, ``Timestamp`` or ISO text.
        term_over_one_year: the policy's 保险期间 is longer than one year (保险法 第87条).
        dispute_end: the day a complaint or lawsuit about the record ended, if any (extends
            ``dual_recording`` to at least 2 years after it).

    Returns:
        The last retention day (not moved for weekends or holidays).

    Raises:
        InputError: unknown ``record``, a date that cannot be read, or a non-boolean term flag.

    Examples (DOMAIN.md §5.2 exercise 1): ``retention_until("business", date(2024, 6, 30),
    term_over_one_year=False)`` → 2029-06-30; ``"dual_recording"`` of that policy with a
    complaint closed 2029-03-01 → 2031-03-01.
    """
    if not isinstance(term_over_one_year, bool):
        raise InputError("ch5.error.term_flag", value=term_over_one_year)
    months = retention_months(record, term_over_one_year=term_over_one_year)
    end = period_end(_day(contract_end, "contract_end"), months=months, roll_holiday=False)
    if dispute_end is not None and record == "dual_recording":
        end = max(end, period_end(_day(dispute_end, "dispute_end"), months=DISPUTE_MONTHS, roll_holiday=False))
    return end


def retention_source(record: str) -> str:
    """The legal source of ``record``'s retention period (Chinese, for explanations)."""
    if record not in PERIODS:
        raise InputError("ch5.error.unknown_record", record=record, known="、".join(RECORDS))
    return PERIODS[record][2]
