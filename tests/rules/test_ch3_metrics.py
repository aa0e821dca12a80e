"""NPS (C3-22) and 13-month persistency (C3-28), worked by hand."""
from datetime import date

import pandas as pd
import pytest

from clientkit.errors import InputError
from clientkit.rules.ch3_metrics import nps, nps_groups, persistency_13m


def test_nps_domain_example():
    # DOMAIN.md §3.5 exercise 5: 120 promoters, 50 passives, 30 detractors → (120 − 30) / 200 = 45
    assert nps([10] * 60 + [9] * 60 + [8] * 25 + [7] * 25 + [6] * 10 + [0] * 20) == 45.0


@pytest.mark.parametrize("scores,expected", [
    ([9, 10, 10], 100.0), ([0, 6], -100.0), ([9, 8, 6], 0.0), ([10, 7], 50.0), ([7, 8], 0.0),
    ([10, None, 3, float("nan"), 9], 100.0 / 3),
])
def test_nps_edges(scores, expected):
    assert nps(scores) == pytest.approx(expected)


def test_nps_group_boundaries():
    assert nps_groups([6, 7, 8, 9]) == {"promoters": 1, "passives": 2, "detractors": 1}


@pytest.mark.parametrize("scores", [[11], [-1], [7.5], ["9"], [True], [], [None]])
def test_nps_bad_scores(scores):
    with pytest.raises(InputError):
        nps(scores)


def _ledger(paid_p2: str) -> pd.DataFrame:
    rows = [
        # policy, year, due, amount, paid, effective, pay_mode, status
        ("P1", 1, "2024-03-10", 1000, "2024-03-10", "2024-03-10", "annual", "in_force"),
        ("P1", 2, "2025-03-10", 1000, "2025-04-20", "2024-03-10", "annual", "in_force"),   # in grace
        ("P2", 1, "2024-03-20", 2000, "2024-03-20", "2024-03-20", "annual", "in_force"),
        ("P2", 2, "2025-03-20", 2000, paid_p2, "2024-03-20", "annual", "in_force"),
        ("P3", 1, "2024-03-25", 3000, "2024-03-25", "2024-03-25", "annual", "suspended"),
        ("P3", 2, "2025-03-25", 3000, None, "2024-03-25", "annual", "suspended"),          # unpaid
        ("P4", 1, "2024-03-05", 5000, "2024-03-05", "2024-03-05", "single", "in_force"),   # 趸缴 excluded
        ("P5", 1, "2024-04-01", 7000, "2024-04-01", "2024-04-01", "annual", "in_force"),   # other cohort
        ("P6", 1, "2024-03-08", 900, "2024-03-08", "2024-03-08", "annual", "cancelled_cooling_off"),
    ]
    cols = ["policy_id", "policy_year", "due_date", "amount", "paid_date", "effective_date", "pay_mode", "status"]
    return pd.DataFrame(rows, columns=cols)


def test_persistency_counts_second_year_premium_paid_within_grace():
    # P2's grace: 2025-03-20 + 60 = Monday 2025-05-19; paid 5-20 is too late → 1000 / 6000
    assert persistency_13m(_ledger("2025-05-20"), "2024-03") == pytest.approx(1000 / 6000)
    # paid on the last day of the grace period counts → (1000 + 2000) / 6000
    assert persistency_13m(_ledger("2025-05-19"), date(2024, 3, 1)) == pytest.approx(0.5)


def test_persistency_grace_end_moved_off_a_holiday():
    ledger = _ledger("2025-05-20")
    ledger.loc[ledger.policy_id == "P3", "effective_date"] = "2024-03-02"
    ledger.loc[(ledger.policy_id == "P3") & (ledger.policy_year == 2), ["due_date", "paid_date"]] = ["2025-03-02", "2025-05-06"]
    # 2025-03-02 + 60 = 5-1 (劳动节 5-1…5-5) → grace ends 5-6: paid 5-6 counts → (1000 + 3000) / 6000
    assert persistency_13m(ledger, "2024-03") == pytest.approx(4000 / 6000)


def test_persistency_bad_input():
    with pytest.raises(InputError):
        persistency_13m(_ledger(None), "2023-01")
    with pytest.raises(InputError):
        persistency_13m(_ledger(None).drop(columns=["paid_date"]), "2024-03")


def test_persistency_on_a_generated_book_is_a_ratio():
    from clientkit.generate import generate_book

    book = generate_book(300, seed=2)
    eff = pd.to_datetime(book.policies["effective_date"])
    inst = book.policies[(book.policies.pay_mode != "single") & (eff < "2025-01-01") & (book.policies.term_years > 1)]
    month = pd.to_datetime(inst["effective_date"]).dt.strftime("%Y-%m").mode()[0]
    assert 0.0 <= persistency_13m(book, month) <= 1.0
