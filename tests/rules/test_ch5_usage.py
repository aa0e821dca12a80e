"""Chapter-5 data checks on hand-made access logs and destruction events, and the generator's
planted chapter-5 defects (DOMAIN.md C5-01, C5-02, C5-03, C5-13; clientkit/generate/ch5_usage.py)."""
from datetime import date

import pandas as pd
import pytest

from clientkit.generate import generate_book
from clientkit.model.book import Book
from clientkit.rules.audit import audit

ON = date(2026, 6, 30)


def _book(log_rows=(), life_rows=(), complaints=()):
    clients = pd.DataFrame({"client_id": ["C1", "C2"], "client_type": ["individual"] * 2, "name": ["张三", "李四"],
                            "agent_id": ["A1", "A2"], "created_on": ["2020-01-01"] * 2, "archive_state": ["active"] * 2})
    agents = pd.DataFrame({"agent_id": ["A1", "A2"], "name": ["王五", "赵六"], "team": ["一组"] * 2, "status": ["active"] * 2})
    policies = pd.DataFrame({
        "policy_id": ["P1", "P2", "P3"], "holder_id": ["C1", "C1", "C2"], "insured_id": ["C1", "C1", "C2"],
        "term_years": [1, 20, 1], "status": ["matured", "surrendered", "in_force"],
        "status_date": ["2019-06-30", "2015-03-15", None], "end_date": ["2019-06-30", "2035-03-15", "2026-12-31"],
    })
    log = pd.DataFrame(list(log_rows), columns=["access_id", "user_id", "client_id", "at", "action", "purpose", "record_count"])
    life = pd.DataFrame(list(life_rows), columns=["event_id", "client_id", "policy_id", "record_type", "event", "on",
                                                 "list_id", "approved_by", "witnesses"])
    inter = pd.DataFrame(list(complaints), columns=["interaction_id", "client_id", "kind", "occurred_on", "decided_on"])
    return Book.from_frames({"clients": clients, "agents": agents, "policies": policies, "access_log": log,
                             "lifecycle": life, "interactions": inter})


def _found(book, rule=None):
    f = audit(book, on=ON, chapter=5)
    return sorted(zip(f["rule_id"], f["row"].astype(int), f["field"]))


@pytest.mark.parametrize("row, expected", [
    (("L1", "A1", "C1", "2026-05-01 10:00", "view", "客户服务", 1), []),                      # own client, work purpose
    (("L1", "A2", "C1", "2026-05-01 10:00", "view", "客户服务", 1), [("C5-01", 0, "user_id")]),  # another agent's client
    (("L1", "HQ-QC01", "C1", "2026-05-01 10:00", "download_recording", "双录质检", 1), []),   # QC staff may hold AV
    (("L1", "A1", "C1", "2026-05-01 10:00", "download_recording", "客户服务", 1), [("C5-03", 0, "action")]),
    (("L1", "HQ-ARC01", "C1", "2026-05-01 10:00", "export", "合规检查", 200), []),              # at the limit: allowed
    (("L1", "HQ-ARC01", "C1", "2026-05-01 10:00", "export", "合规检查", 201), [("C5-01", 0, "record_count")]),
    (("L1", "A1", "C1", "2026-05-01 10:00", "view", "私人用途", 1), [("C5-02", 0, "purpose")]),
    (("L1", "A1", "C1", "2026-05-01 10:00", "view", None, 1), [("C5-02", 0, "purpose")]),     # no purpose recorded
])
def test_access_log_rows(row, expected):
    assert _found(_book([row])) == expected


def test_bulk_limit_is_a_company_setting():
    row = ("L1", "HQ-ARC01", "C1", "2026-05-01 10:00", "export", "合规检查", 150)
    f = audit(_book([row]), on=ON, chapter=5, settings={"bulk_export_records": 100})
    assert list(f["field"]) == ["record_count"]


D = ("list", "M1", 2)  # list id, approver, witnesses of a proper destruction


@pytest.mark.parametrize("row, expected", [
    # 1-year policy ended 2019-06-30: business records kept through 2024-06-30, destroyable from 2024-07-01
    (("E1", "C1", "P1", "business", "destroyed", "2024-07-01", *D), []),
    (("E1", "C1", "P1", "business", "destroyed", "2024-06-30", *D), [("C5-13", 0, "on")]),     # last retention day
    (("E1", "C1", "P1", "suitability", "destroyed", "2024-07-01", *D), []),
    (("E1", "C1", "P1", "aml_identity", "destroyed", "2025-01-01", *D), [("C5-13", 0, "on")]),  # 10 y → 2029-06-30
    # 20-year policy surrendered 2015-03-15: 10 years → 2025-03-15
    (("E1", "C1", "P2", "business", "destroyed", "2025-03-16", *D), []),
    (("E1", "C1", "P2", "business", "destroyed", "2025-03-15", *D), [("C5-13", 0, "on")]),
    # policy still in force: its contract has not ended
    (("E1", "C2", "P3", "business", "destroyed", "2026-01-01", *D), [("C5-13", 0, "on")]),
    (("E1", "C1", "P1", "business", "destroyed", "2024-07-01", "list", "M1", 1), [("C5-13", 0, "witnesses")]),
    (("E1", "C1", "P1", "business", "destroyed", "2024-07-01", "list", None, 2), [("C5-13", 0, "approved_by")]),
    (("E1", "C1", "P1", "business", "destroyed", "2024-07-01", None, "M1", 3), [("C5-13", 0, "list_id")]),
    (("E1", "C1", "P1", "business", "destruction_listed", "2020-01-01", "list", None, None), []),  # not destroyed yet
])
def test_destruction_events(row, expected):
    assert _found(_book(life_rows=[row])) == expected


def test_complaint_extends_dual_recording_retention():
    complaint = ("I1", "C1", "complaint", "2022-01-01", "2023-03-01")   # 双录 kept through 2025-03-01
    early = ("E1", "C1", "P1", "dual_recording", "destroyed", "2025-03-01", *D)
    late = ("E2", "C1", "P1", "dual_recording", "destroyed", "2025-03-02", *D)
    assert _found(_book(life_rows=[early, late], complaints=[complaint])) == [("C5-13", 0, "on")]
    assert _found(_book(life_rows=[early, late])) == []


def test_generated_book_plants_every_kind_and_clean_book_has_rows_but_no_findings():
    clean = generate_book(300, seed=4)
    assert len(clean.access_log) > 300 and len(clean.lifecycle) > 0
    assert not len(audit(clean, chapter=5))
    book = generate_book(1500, seed=5, defect_rate=0.3)
    planted = book.defects[book.defects["rule_id"].str.startswith("C5")]
    kinds = set(zip(planted["rule_id"], planted["field"]))
    assert kinds == {("C5-01", "user_id"), ("C5-01", "record_count"), ("C5-02", "purpose"), ("C5-03", "action"),
                     ("C5-13", "on"), ("C5-13", "witnesses"), ("C5-13", "approved_by")}
    f = audit(book, chapter=5)
    key = ["rule_id", "client_id", "field"]
    assert sorted(map(tuple, f[key].astype(str).to_numpy().tolist())) == sorted(map(tuple, planted[key].astype(str).to_numpy().tolist()))
