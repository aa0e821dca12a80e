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


def test_a_2027_due_date_is_provisional():
    from clientkit.ui.tools.ch6_compliance import render_items

    book = generate_book(600, seed=2, defect_rate=0.2)
    # Fri 2027-09-24 + 15 working days, 国庆 10-1…10-3 with 补假 10-4, 10-5 (statutory layer):
    # 9-27…9-30 (4), 10-6…10-8 (7), 10-11…10-15 (12), 10-18…10-20 (15)
    report = compliance_check(book, on=date(2027, 9, 24))
    failed = report.items[~report.items["passed"]]
    assert len(failed) and (failed["due"] == date(2027, 10, 20)).all()
    assert report.provisional and "按法定节假日推算，待国务院公布调休安排后以公司日历为准" in render_items(report)
    earlier = compliance_check(book, on=date(2026, 6, 30))
    assert not earlier.provisional and "按法定节假日推算" not in render_items(earlier)
