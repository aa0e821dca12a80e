"""Chapter-2 data checks on small hand-made books (C2-02, C2-03, C2-04) and on generated books."""
from datetime import date

import pandas as pd
import pytest

from clientkit.generate import generate_book
from clientkit.model.book import Book
from clientkit.rules.audit import audit

ON = date(2026, 6, 30)


def _book(assessments, policies):
    clients = pd.DataFrame({"client_id": ["K1", "K2"], "client_type": ["individual", "individual"],
                            "name": ["张三", "李四"], "agent_id": ["A1", "A1"],
                            "created_on": ["2020-01-01", "2020-01-01"], "archive_state": ["active", "active"]})
    ra = pd.DataFrame(assessments, columns=["client_id", "assessed_on", "level"])
    ra.insert(0, "assessment_id", [f"R{i}" for i in range(len(ra))])
    pol = pd.DataFrame(policies, columns=["holder_id", "sign_date", "product_risk", "channel"])
    pol.insert(0, "policy_id", [f"P{i}" for i in range(len(pol))])
    pol["insured_id"] = pol["holder_id"]
    return Book.from_frames({"clients": clients, "risk_assessments": ra, "policies": pol})


def _found(book):
    f = audit(book, on=ON, chapter=2)
    return sorted(zip(f["rule_id"], f["table"], f["row"].astype(int), f["field"], f["client_id"]))


def test_clean_hand_made_book_has_no_findings():
    book = _book([("K1", "2026-01-10 10:00", 3), ("K2", "2025-12-01 09:00", 2)],
                 [("K1", "2026-02-01", 3, "agent"), ("K2", "2026-03-01", 2, "bank")])
    assert _found(book) == []


def test_levels_outside_one_to_five():
    book = _book([("K1", "2026-01-10 10:00", 6), ("K2", "2025-12-01 09:00", 0)],
                 [("K1", "2025-01-01", 7, "agent")])
    assert _found(book) == [("C2-02", "policies", 0, "product_risk", "K1"),
                            ("C2-02", "risk_assessments", 0, "level", "K1"),
                            ("C2-02", "risk_assessments", 1, "level", "K2")]


def test_product_risk_above_the_level_valid_at_the_sign_date():
    # K1 was level 2 when signing on 2025-05-01; the later level 4 does not make that sale suitable
    book = _book([("K1", "2025-04-30 10:00", 2), ("K1", "2025-09-01 10:00", 4)],
                 [("K1", "2025-05-01", 3, "agent"), ("K1", "2025-10-01", 3, "agent")])
    assert _found(book) == [("C2-03", "policies", 0, "product_risk", "K1")]


def test_third_assessment_of_a_day_and_ninth_in_twelve_months():
    day = [("K1", f"2026-01-05 {h}:00", 3) for h in (9, 10, 15)]
    months = [("K2", f"2025-{m:02d}-01 09:00", 3) for m in range(4, 13)]  # 9 in Apr–Dec 2025
    book = _book(day + months, [])
    assert _found(book) == [("C2-04", "risk_assessments", 2, "assessed_on", "K1"),
                            ("C2-04", "risk_assessments", 11, "assessed_on", "K2")]


@pytest.mark.parametrize("assessed, sign, found", [
    ("2025-03-15 10:00", "2026-03-15", False),   # last valid day (12 months, 第202条)
    ("2025-03-15 10:00", "2026-03-16", True),    # expired the day before
    ("2024-02-29 10:00", "2025-02-28", False),   # before the 办法 (2026-02-01): not checked
    ("2026-03-20 10:00", "2026-03-16", True),    # assessed only after the sale
    ("2025-03-15 10:00", "2026-07-01", False),   # after the reference date
])
def test_sale_without_a_valid_assessment(assessed, sign, found):
    book = _book([("K1", assessed, 3)], [("K1", sign, 1, "agent")])
    assert _found(book) == ([("C2-04", "policies", 0, "sign_date", "K1")] if found else [])


def test_group_business_is_not_checked_for_validity():
    book = _book([("K1", "2024-01-01 10:00", 3)], [("K1", "2026-03-16", 1, "group")])
    assert _found(book) == []


@pytest.mark.parametrize("seed", [0, 4])
def test_generated_book_chapter_two_findings_are_the_planted_ones(seed):
    book = generate_book(400, seed=seed, defect_rate=0.2)
    f = audit(book, chapter=2)
    planted = book.defects[book.defects["rule_id"].str.startswith("C2")]
    assert sorted(zip(f["rule_id"], f["client_id"], f["field"])) == sorted(
        zip(planted["rule_id"], planted["client_id"], planted["field"]))
    assert {"C2-02", "C2-03", "C2-04", "C2-08"} == set(planted["rule_id"])
    assert audit(generate_book(400, seed=seed), chapter=2).empty


def _dual_book(rows):
    clients = pd.DataFrame({"client_id": ["K1", "K2"], "client_type": ["individual", "individual"],
                            "name": ["张三", "李四"], "birth_date": ["1966-06-30", "1964-02-29"],
                            "agent_id": ["A1", "A1"], "created_on": ["2020-01-01"] * 2, "archive_state": ["active"] * 2})
    pol = pd.DataFrame(rows, columns=["holder_id", "sign_date", "channel", "product_type", "term_years", "dual_recorded"])
    pol.insert(0, "policy_id", [f"P{i}" for i in range(len(pol))])
    pol["insured_id"] = pol["holder_id"]
    return Book.from_frames({"clients": clients, "policies": pol})


@pytest.mark.parametrize("row, found", [
    (("K1", "2026-06-30", "agent", "whole_life", 0, False), True),      # 60 on the sign date (含本数)
    (("K1", "2026-06-29", "agent", "whole_life", 0, False), False),     # 59 the day before
    (("K1", "2026-06-30", "agent", "whole_life", 0, True), False),      # recorded
    (("K1", "2026-06-30", "bank", "whole_life", 0, False), True),       # bank = 兼业代理: 第6条(一)
    (("K2", "2020-01-01", "bank", "term_life", 20, False), True),       # 第6条(一) at any age (55)
    (("K2", "2020-01-01", "bank", "medical", 1, False), False),         # (一) needs a term over one year
    (("K1", "2026-06-30", "online", "whole_life", 0, False), False),    # internet sales: excluded from 第6条
    (("K1", "2026-06-30", "group", "whole_life", 0, False), False),     # group business excluded
    (("K1", "2026-06-30", "agent", "accident", 1, False), False),       # one-year term
    (("K1", "2020-01-01", "broker", "unit_linked", 10, False), True),   # 投连 at any age, other channel (二)
    (("K1", "2020-01-01", "online", "unit_linked", 10, False), False),  # 投连 online: excluded
    (("K2", "2024-02-28", "agent", "term_life", 20, False), False),     # born 1964-02-29: 59 on 2024-02-28 (leap year)
    (("K2", "2024-02-29", "agent", "term_life", 20, False), True),      # 60 on 2024-02-29
])
def test_dual_recording_needed_by_age_at_sign_date(row, found):
    f = audit(_dual_book([row]), on=ON, chapter=2)
    f = f[f["rule_id"] == "C2-08"]
    assert sorted(zip(f["rule_id"], f["field"], f["client_id"])) == ([("C2-08", "dual_recorded", row[0])] if found else [])


def test_vectorised_ages_agree_with_age_on():
    from clientkit.rules.ch2_checks import ages_at
    from clientkit.rules.ch2_profile import age_on

    born = pd.Series(["2012-02-29", "2012-02-29", "1961-06-30", "1961-07-01", None])
    day = pd.Series(["2026-02-28", "2026-02-27", "2026-06-30", "2026-06-30", "2026-06-30"])
    got = ages_at(born, day)
    assert list(got[:4]) == [age_on(b, d) for b, d in zip(born[:4], day[:4])] == [14, 13, 65, 64]
    assert pd.isna(got[4])
