"""The 6.4 compliance check (合规检查与整改) over a Book: a checklist with pass/fail per item.

Each checklist item (:data:`CHECKLIST`) groups rule ids; it fails when ``audit`` finds anything
for them (personal data in findings is masked by :mod:`clientkit.rules.findings`). Rules of any
chapter not named in an item land in the item of their chapter (``chN``), so a chapter added
later is covered without a change here. The grading item checks the schema's own declaration
(C6-06: every column declares a JR/T 0171 grade or explicitly none; a sensitive column is C2 or
C3).

A failed item gets a rectification due date: ``rectification_working_days`` working days after
``on`` (default 15, the R-TRACE 第10条 period for 双录 QC defects, used by the company for every
finding; DOMAIN.md C6-16, C8-02 "整改按期完成率"). Follow-up (``previous``, an earlier report's
``items``): ``pass`` (passes, did not fail before), ``fixed`` (failed before, passes now),
``open`` (fails, new or still within the earlier due date), ``overdue`` (failed before, still
fails and ``on`` is after the earlier due date, which it keeps).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clientkit.model.dates import add_working_days, calendar_trace
from clientkit.rules.audit import AUDIT_COLUMNS, _reference_date, audit
from clientkit.rules.ch6_security import grading_view
from clientkit.rules.registry import rules
from clientkit.rules.settings import Settings

# (item code, rule ids); titles are catalog keys ch6.checklist.<code>
CHECKLIST: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("identity", ("C1-03", "C1-08", "C1-09", "C1-10", "C1-13")),
    ("contact", ("C1-06", "C1-11", "C1-12")),
    ("upkeep", ("C1-14", "C1-15")),
    ("consent", ("C1-20", "C1-21")),
    ("access", ("C5-01", "C5-02")),
    ("recording", ("C5-03",)),
    ("destruction", ("C5-13",)),
    ("grading", ("C6-06",)),
)
STATUSES = ("pass", "fixed", "open", "overdue")
ITEM_COLUMNS = ["item", "rule_ids", "passed", "findings", "due", "status"]


@dataclass
class ComplianceReport:
    """``items``: one row per checklist item (``ITEM_COLUMNS``); ``findings``: the audit findings
    (masked) with the ``item`` they belong to; ``on``: the check date; ``working_days``: the
    rectification period used; ``provisional``: the new due date came from the statutory holiday
    layer (no announced schedule yet; show ``calendar.provisional_note`` beside it)."""

    on: object
    items: pd.DataFrame
    findings: pd.DataFrame
    working_days: int = 15
    provisional: bool = False

    @property
    def pass_rate(self) -> float:
        """Share of checklist items passed (合规检查通过率, DOMAIN.md §8.2)."""
        return float(self.items["passed"].mean()) if len(self.items) else 1.0


def grading_problems() -> pd.DataFrame:
    """Schema columns whose declaration breaks C6-06: a grade outside C1–C3, or a sensitive
    column graded below C2. Returned as finding rows (empty when the declaration is sound)."""
    g = grading_view()
    bad = ~g["grade"].isin(["C1", "C2", "C3"]) & g["grade"].notna() | (g["sensitive"] & ~g["grade"].isin(["C2", "C3"]))
    sub = g[bad]
    return pd.DataFrame({"rule_id": "C6-06", "section": "6.1", "severity": "medium", "client_id": None,
                         "table": sub["table"], "row": pd.NA, "field": sub["column"], "value": sub["grade"],
                         "message": "字段分级声明与 C6-06 不符"})[AUDIT_COLUMNS]


def _items() -> list[tuple[str, tuple[str, ...]]]:
    named = {r for _, ids in CHECKLIST for r in ids}
    out = list(CHECKLIST)
    by_chapter: dict[int, list[str]] = {}
    for r in rules():
        if r.checkable and r.id not in named:
            by_chapter.setdefault(r.chapter, []).append(r.id)
    out += [(f"ch{n}", tuple(ids)) for n, ids in sorted(by_chapter.items())]
    return out


def compliance_check(book, on=None, settings=None, previous: pd.DataFrame | None = None) -> ComplianceReport:
    """Run the checklist on ``book`` as of ``on`` (default: the book's reference date).

    Args:
        book: the Book to inspect.
        on: check date; ``settings``: company settings (``rectification_working_days``).
        previous: the ``items`` of an earlier report, for the follow-up status.

    Returns:
        A :class:`ComplianceReport`.

    Raises:
        InputError: no check date; CalendarError: a due date outside the holiday calendar.
    """
    day = _reference_date(book, on)
    settings = Settings.coerce(settings)
    found = pd.concat([audit(book, on=day, settings=settings), grading_problems()], ignore_index=True)
    items = _items()
    owner = {r: code for code, ids in items for r in ids}
    found["item"] = found["rule_id"].map(owner)
    counts = found["item"].value_counts()
    with calendar_trace() as trace:
        due_new = add_working_days(day, settings.rectification_working_days)
    prev = previous.set_index("item") if previous is not None and len(previous) else None
    rows = []
    for code, ids in items:
        n = int(counts.get(code, 0))
        before = prev.loc[code] if prev is not None and code in prev.index else None
        failed_before = before is not None and not bool(before["passed"])
        if n == 0:
            status, due = ("fixed" if failed_before else "pass"), None
        elif failed_before and before["due"] is not None and not pd.isna(before["due"]):
            due = before["due"]
            status = "overdue" if day > due else "open"
        else:
            status, due = "open", due_new
        rows.append((code, ids, n == 0, n, due, status))
    return ComplianceReport(day, pd.DataFrame(rows, columns=ITEM_COLUMNS), found, settings.rectification_working_days,
                            trace.provisional)
