"""Planted chapter-3 defects (clientkit/generate/ch3_relationship.py): every kind is planted and
found by the chapter-3 checks, exactly; a clean book has none."""
import pandas as pd
import pytest

from clientkit.generate import generate_book
from clientkit.generate.ch3_relationship import KINDS
from clientkit.rules.audit import audit


def _rows(df):
    return sorted(map(tuple, df[["rule_id", "client_id", "field"]].astype(str).to_numpy().tolist()))


@pytest.mark.parametrize("seed", [1, 8])
def test_every_kind_planted_and_found(seed):
    book = generate_book(1000, seed=seed, defect_rate=0.3)
    mine = book.defects[book.defects.rule_id.str.startswith("C3-")]
    assert set(zip(mine.rule_id, mine.field)) == set(KINDS)
    assert _rows(audit(book, chapter=3)) == _rows(mine)
    others = book.defects[~book.defects.rule_id.str.startswith("C3-")]
    assert not mine.client_id.duplicated().any() and set(mine.client_id).isdisjoint(others.client_id)


def test_planted_values():
    book = generate_book(1000, seed=1, defect_rate=0.3)
    d = book.defects[book.defects.rule_id.isin(["C3-15", "C3-22"])]
    inter = book.interactions
    for row in d.itertuples():
        mine = inter[inter.client_id == row.client_id]
        if row.rule_id == "C3-22":
            assert (mine.nps_score == 11).any()
        else:
            late = mine[(mine.kind == "complaint") & mine.decided_on.notna()]
            assert ((late.decided_on - late.occurred_on) == pd.Timedelta(days=30)).any()


def test_clean_book_has_no_chapter3_defects():
    book = generate_book(400, seed=1)
    assert not book.defects.rule_id.astype(str).str.startswith("C3-").any()
    assert audit(book, chapter=3).empty


def test_clean_book_carries_churn_signal_contacts():
    from datetime import date

    from clientkit.rules.ch3_churn import churn_scores

    book = generate_book(600, seed=2)
    added = book.interactions[book.interactions.interaction_id.str.startswith("IC3")]
    assert len(added) and set(added.kind) == {"contact"}
    assert (added.occurred_on <= "2026-06-30").all() and (added.occurred_on > "2026-05-01").all()
    fired = {s for f in churn_scores(book, date(2026, 6, 30)).signals for s in f}
    assert {"surrender_enquiry", "policy_loan", "contact_failed"} & fired
