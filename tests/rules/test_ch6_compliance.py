"""The 6.4 compliance check: checklist pass/fail, findings per item, due dates, follow-up status."""
from datetime import date

import pandas as pd

from clientkit.generate import generate_book
from clientkit.rules.ch6_compliance import CHECKLIST, compliance_check


def test_clean_book_passes_every_item():
    report = compliance_check(generate_book(200, seed=3))
    assert report.items["passed"].all() and report.pass_rate == 1.0
    assert set(report.items["status"]) == {"pass"} and report.items["due"].isna().all()
    assert {code for code, _ in CHECKLIST} <= set(report.items["item"])


def test_failures_have_findings_due_dates_and_follow_up():
    book = generate_book(600, seed=2, defect_rate=0.2)
    report = compliance_check(book, on=date(2026, 6, 30))
    items = report.items.set_index("item")
    planted = set(book.defects["rule_id"])
    for code, ids in CHECKLIST[:-1]:
        assert items.loc[code, "passed"] == (not planted & set(ids))
    failed = items[~items["passed"]]
    assert len(failed) and (failed["findings"] > 0).all()
    # 2026-06-30 (Tue) + 15 working days = 2026-07-21 (C6-16 period, no holiday in July)
    assert (failed["due"] == date(2026, 7, 21)).all() and (failed["status"] == "open").all()
    access = report.findings[report.findings["item"] == "access"]
    assert len(access) == items.loc["access", "findings"] and set(access["rule_id"]) <= {"C5-01", "C5-02"}
    # follow-up: same defects a month later → overdue with the first due date; within it → open
    later = compliance_check(book, on=date(2026, 7, 22), previous=report.items).items.set_index("item")
    assert (later.loc[failed.index, "status"] == "overdue").all()
    assert (later.loc[failed.index, "due"] == date(2026, 7, 21)).all()
    within = compliance_check(book, on=date(2026, 7, 21), previous=report.items).items.set_index("item")
    assert (within.loc[failed.index, "status"] == "open").all()
    # the items fixed since (a clean book with the old report as previous) show 已整改
    fixed = compliance_check(generate_book(200, seed=3), on=date(2026, 7, 1), previous=report.items).items.set_index("item")
    assert (fixed.loc[failed.index, "status"] == "fixed").all()


def test_findings_are_masked():
    book = generate_book(600, seed=2, defect_rate=0.3)
    found = compliance_check(book).findings
    raw = set(book.clients["phone"].dropna()) | set(book.clients["id_number"].dropna())
    assert not set(found["value"].dropna().astype(str)) & {v for v in raw if len(v) >= 11}
    assert isinstance(found, pd.DataFrame) and "item" in found
