"""audit() on a generated book finds exactly the planted defects (DESIGN.md "Generator";
the catalogue of kinds is the docstring of clientkit/generate/defects.py)."""
from datetime import date

import pandas as pd
import pytest

from clientkit.generate import generate_book
from clientkit.rules.audit import audit

KEY = ["rule_id", "client_id", "field"]


def _rows(df: pd.DataFrame) -> list[tuple]:
    return sorted(map(tuple, df[KEY].astype(str).to_numpy().tolist()))


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("rate", [0.0, 0.1, 0.3])
def test_audit_finds_exactly_the_planted_defects(seed, rate):
    book = generate_book(800, seed=seed, defect_rate=rate)
    found = audit(book)
    planted = _rows(book.defects)
    assert (not planted) if rate == 0 else 0.5 * 800 * rate <= len(planted) <= 1.5 * 800 * rate
    assert _rows(found) == planted


def test_roundtrip_with_another_reference_date():
    book = generate_book(500, seed=3, defect_rate=0.2, on=date(2025, 12, 31))
    assert _rows(audit(book)) == _rows(book.defects)
    assert _rows(audit(book, on=date(2025, 12, 31))) == _rows(book.defects)


def test_every_planted_kind_is_covered_and_values_are_masked():
    book = generate_book(1500, seed=11, defect_rate=0.3)
    found = audit(book)
    kinds = set(zip(found["rule_id"], found["field"]))
    for expected in [("C1-08", "id_number"), ("C1-09", "id_number"), ("C1-10", "uscc"), ("C1-11", "phone"),
                     ("C1-12", "phone"), ("C1-14", "updated_on"), ("C1-14", "last_contact_on"),
                     ("C1-20", "health_notes"), ("C1-21", "birth_date"), ("C1-06", "phone")]:
        assert expected in kinds
    ids = found.loc[found["field"] == "id_number", "value"].dropna()
    assert len(ids) and ids.str.contains(r"\*").all()
    clients = book.clients
    raw = set(clients["id_number"].dropna()) | set(clients["phone"].dropna())
    assert not set(found["value"].dropna()) & {v for v in raw if len(v) >= 11}
