"""Chapter-5 cases for ``date_calc``, ``classify_records`` and ``flag_records`` (DOMAIN.md §5.2).

Every answer is computed by the library: :func:`clientkit.rules.ch5_retention.retention_until`
(exercise 1), :func:`clientkit.rules.ch5_sharing.may_share` (exercise 2), the C5-13 procedure
and retention (exercise 3) and the chapter-5 access-log checks run on a one-row Book
(exercise 4). Records are synthetic; a fixed record (``include`` in YAML) gives the inputs.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from clientkit.i18n import t
from clientkit.model.book import Book
from clientkit.model.dates import as_date
from clientkit.practice.cases import Case
from clientkit.rules.ch5_retention import retention_months, retention_source, retention_until
from clientkit.rules.ch5_sharing import OUTCOMES, may_share

ON = date(2026, 6, 30)
RETENTION_RECORDS = ("business", "dual_recording", "suitability", "aml_identity")


def _random_day(rng, start: date, end: date) -> date:
    return start + timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def retention_case(rng, params, fixed=None) -> Case:
    """Exercise 1: the last day a record must be kept (C5-12, Appendix B)."""
    if fixed:
        record, end, over = fixed["record"], as_date(fixed["end"]), bool(fixed["over"])
        dispute = as_date(fixed["dispute"]) if fixed.get("dispute") else None
    else:
        record = RETENTION_RECORDS[int(rng.integers(0, len(RETENTION_RECORDS)))]
        end, over = _random_day(rng, date(2022, 1, 1), date(2026, 6, 30)), bool(rng.random() < 0.5)
        dispute = None
        if record == "dual_recording" and rng.random() < 0.5:
            dispute = _random_day(rng, end + timedelta(days=200), end + timedelta(days=365 * 10))
    answer = retention_until(record, end, term_over_one_year=over, dispute_end=dispute)
    months = retention_months(record, term_over_one_year=over)
    rows = [(t("ch5.case.record"), t(f"ch5.record.{record}")), (t("ch5.case.term"), t(f"ch5.case.term_{over}")),
            (t("ch5.case.end"), end), (t("ch5.case.dispute"), dispute)]
    why = t("ch5.case.why_retention", source=retention_source(record), end=end.isoformat(), years=months // 12,
            months=months, answer=answer.isoformat(), next=(answer + timedelta(days=1)).isoformat())
    if dispute is not None:
        why += t("ch5.case.why_dispute", dispute=dispute.isoformat())
    if record in AML_RECORDS and end < AML_LAW_IN_FORCE:
        why += t("ch5.case.why_aml_transition", end=end.isoformat())
    return Case(rows, (), answer.isoformat(), why, ("C5-12",), prompt=t("ch5.case.retention_prompt"))


AML_RECORDS = ("aml_identity", "aml_transaction")
AML_LAW_IN_FORCE = date(2025, 1, 1)  # 反洗钱法 (2024) 第65条: in force 2025-01-01 (10 years; before: 5)


def sharing_case(rng, params, fixed=None) -> Case:
    """Exercise 2: may this request be served, and what does it need (C5-03…C5-08)?"""
    scenarios = params.get("scenarios") or []
    s = fixed if fixed else scenarios[int(rng.integers(0, len(scenarios)))]
    sale = bool(s.get("sale", False))
    d = may_share({"recipient": s["recipient"], "sale": sale})
    options = tuple((o, t(f"ch5.outcome.{o}")) for o in OUTCOMES)
    if sale:
        why = t("ch5.case.why_sale", outcome=t(f"ch5.outcome.{d.outcome}"))
    else:
        why = t("ch5.case.why_share", recipient=t(f"ch5.recipient.{s['recipient']}"),
                outcome=t(f"ch5.outcome.{d.outcome}"), log=t(f"ch5.case.log_{d.log}"))
    return Case([(t("ch5.case.request"), s["text"])], options, d.outcome, why, d.rule_ids,
                prompt=t("ch5.case.share_prompt"))


DESTRUCTION_FLAGS = ("in_retention", "no_approval", "few_witnesses", "list_not_permanent")


def destruction_case(rng, params, fixed=None) -> Case:
    """Exercise 3: defects of one 销毁清册 entry (C5-12, C5-13)."""
    if fixed:
        f = dict(fixed)
        record, end, over, planned = f["record"], as_date(f["end"]), bool(f["over"]), as_date(f["planned"])
        approved, witnesses, permanent = bool(f["approved"]), int(f["witnesses"]), bool(f["permanent"])
    else:
        record = ("business", "suitability", "dual_recording")[int(rng.integers(0, 3))]
        end, over = _random_day(rng, date(2012, 1, 1), date(2021, 12, 31)), bool(rng.random() < 0.5)
        until = retention_until(record, end, term_over_one_year=over)
        planned = until + timedelta(days=int(rng.choice([-200, -30, 0, 1, 30, 200])))
        approved, witnesses = bool(rng.random() < 0.7), int(rng.choice([1, 2, 2, 3]))
        permanent = bool(rng.random() < 0.75)
    until = retention_until(record, end, term_over_one_year=over)
    answer = {name for name, bad in (("in_retention", planned <= until), ("no_approval", not approved),
                                     ("few_witnesses", witnesses < 2), ("list_not_permanent", not permanent)) if bad}
    rows = [(t("ch5.case.record"), t(f"ch5.record.{record}")), (t("ch5.case.term"), t(f"ch5.case.term_{over}")),
            (t("ch5.case.end"), end), (t("ch5.case.planned"), planned),
            (t("ch5.case.approved"), t(f"ch5.case.yes_{approved}")), (t("ch5.case.witnesses"), witnesses),
            (t("ch5.case.list_keep"), t(f"ch5.case.keep_{permanent}"))]
    options = tuple((o, t(f"ch5.flag.{o}")) for o in DESTRUCTION_FLAGS)
    why = t("ch5.case.why_destruction", until=until.isoformat(), planned=planned.isoformat())
    return Case(rows, options, frozenset(answer), why, ("C5-12", "C5-13"), prompt=t("ch5.case.destruction_prompt"))


ACCESS_FLAGS = {("C5-01", "user_id"): "unassigned", ("C5-01", "record_count"): "bulk_export",
                ("C5-02", "purpose"): "purpose", ("C5-03", "action"): "agent_recording"}
USERS = {"A0001": "own_agent", "A0002": "other_agent", "HQ-ARC01": "archive", "HQ-QC01": "qc"}
_ACCESS = (  # (user, action, purpose, records) to draw from
    ("A0001", "view", "客户服务", 1), ("A0001", "view", "保全办理", 1), ("A0002", "view", "客户服务", 1),
    ("A0001", "download_recording", "客户服务", 1), ("HQ-QC01", "download_recording", "双录质检", 1),
    ("HQ-ARC01", "export", "合规检查", 30), ("HQ-ARC01", "export", "合规检查", 1200), ("A0001", "view", "私人用途", 1),
    ("A0002", "export", "转介绍给同事", 350), ("A0001", "print", "理赔处理", 1), ("HQ-ARC01", "view", "档案整理", 1),
)


def access_flags(user: str, action: str, purpose, records: int) -> frozenset:
    """The chapter-5 findings of one access-log row on client C1 (servicing agent A0001), as
    option values: run through :func:`clientkit.rules.audit.audit` on a one-row Book."""
    from clientkit.rules.audit import audit

    frames = {
        "clients": pd.DataFrame({"client_id": ["C1"], "client_type": ["individual"], "name": ["甲"], "agent_id": ["A0001"],
                                 "created_on": ["2020-01-01"], "archive_state": ["active"]}),
        "agents": pd.DataFrame({"agent_id": ["A0001", "A0002"], "name": ["甲", "乙"], "team": ["一组"] * 2,
                                "status": ["active"] * 2}),
        "access_log": pd.DataFrame({"access_id": ["L1"], "user_id": [user], "client_id": ["C1"], "at": ["2026-06-01 10:00"],
                                    "action": [action], "purpose": [purpose], "record_count": [records]}),
    }
    found = audit(Book.from_frames(frames), on=ON, chapter=5)
    return frozenset(ACCESS_FLAGS[k] for k in zip(found["rule_id"], found["field"]) if k in ACCESS_FLAGS)


def access_case(rng, params, fixed=None) -> Case:
    """Exercise 4: what is wrong with this access-log line (C5-01, C5-02, C5-03)?"""
    if fixed:
        user, action, purpose, records = fixed["user"], fixed["action"], fixed["purpose"], int(fixed["records"])
    else:
        user, action, purpose, records = _ACCESS[int(rng.integers(0, len(_ACCESS)))]
    answer = access_flags(user, action, purpose, records)
    from clientkit.model.schema import ACCESS_ACTIONS

    rows = [(t("ch5.case.user"), f"{user}（{t('ch5.user.' + USERS.get(user, 'archive'))}）"),
            (t("ch5.case.client_agent"), "A0001"), (t("ch5.case.action"), ACCESS_ACTIONS.get(action, action)),
            (t("ch5.case.purpose"), purpose), (t("ch5.case.records"), records)]
    options = tuple((o, t(f"ch5.flag.{o}")) for o in ACCESS_FLAGS.values())
    return Case(rows, options, answer, t("ch5.case.why_access"), ("C5-01", "C5-02", "C5-03"),
                prompt=t("ch5.case.access_prompt"), note=t("ch5.case.access_note"))


CASES = {"retention": retention_case, "sharing": sharing_case, "destruction": destruction_case, "access": access_case}
