"""C4-06 / C4-11 data checks: nothing on a clean generated book; planted cases found, edges by hand."""
from datetime import date

import numpy as np
import pandas as pd
import pytest

from clientkit.generate import generate_book
from clientkit.rules.audit import audit
from clientkit.rules.ch4_checks import _age_at, check_c4_06, check_c4_11
from clientkit.rules.context import Context
from clientkit.rules.settings import Settings

ON = date(2026, 6, 30)


@pytest.fixture(scope="module")
def book():
    return generate_book(300, seed=4, defect_rate=0.0, on=ON)


def ctx(book):
    return Context(book, ON, Settings())


def test_clean_book_has_no_chapter4_findings(book):
    found = audit(book, on=ON)
    assert not found["rule_id"].astype(str).str.startswith("C4-").any()
    assert len(check_c4_06(ctx(book))) == 0 and len(check_c4_11(ctx(book))) == 0


def _holder_born(book, holder_id, birth):
    c = book.tables["clients"]
    c.loc[c["client_id"] == holder_id, "birth_date"] = pd.Timestamp(birth)


def test_unsigned_declaration_when_age_sum_reaches_75(book):
    pol = book.tables["policies"]
    i = int(np.flatnonzero((pol["product_type"] == "participating").to_numpy())[0])
    pol.loc[i, ["pay_years", "premium", "budget", "pay_mode"]] = [20, 1000.0, 100_000.0, "annual"]
    pol.loc[i, "sign_date"] = pd.Timestamp("2026-03-01")
    pol.loc[i, "declaration_signed"] = False
    holder = pol.loc[i, "holder_id"]
    c = book.tables["clients"]
    c.loc[c["client_id"] == holder, "family_income"] = 1_000_000.0
    _holder_born(book, holder, "1971-03-02")       # 54 on 2026-03-01 (birthday the next day): 74 → no
    assert len(check_c4_06(ctx(book))) == 0
    _holder_born(book, holder, "1971-03-01")       # 55 on the birthday: 75 → clause 3
    found = check_c4_06(ctx(book))
    assert list(found["client_id"]) == [holder] and "第3项" in found["message"].iloc[0]
    assert found["field"].iloc[0] == "declaration_signed"
    pol.loc[i, "declaration_signed"] = True
    assert len(check_c4_06(ctx(book))) == 0


def test_age_in_zhousui_leap_year_and_month_end():
    birth = pd.Series(pd.to_datetime(["2016-02-29", "2016-02-29", "2008-01-31", "1990-12-31"]))
    day = pd.Series(pd.to_datetime(["2026-02-28", "2026-03-01", "2026-01-30", "2026-12-31"]))
    assert list(_age_at(birth, day)) == [9, 10, 17, 36]


def test_no_insurable_interest_without_consent(book):
    pol = book.tables["policies"]
    pol.loc[0, "relation"], pol.loc[0, "insured_consent"] = "partner", None
    pol.loc[1, "relation"], pol.loc[1, "insured_consent"] = "cousin", True
    found = check_c4_11(ctx(book))
    assert list(found["row"]) == [0] and found["value"].iloc[0] == "未婚同居伴侣"


def test_planted_c4_06_defects_are_found_exactly():
    planted_book = generate_book(400, seed=9, defect_rate=0.3, on=ON)
    planted = planted_book.defects[planted_book.defects["rule_id"] == "C4-06"]
    assert len(planted) >= 1 and set(planted["field"]) == {"declaration_signed"}
    found = check_c4_06(Context(planted_book, ON, Settings()))
    assert sorted(found["client_id"]) == sorted(planted["client_id"])
    assert found["message"].str.contains("第4项").all()
