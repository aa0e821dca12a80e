"""4.4 recommendation-effect metrics on a hand-made book (counts worked out by hand)."""
from datetime import date

import pandas as pd

from clientkit.model.book import Book
from clientkit.rules.ch4_effect import effect_metrics


def book():
    pol = pd.DataFrame({
        "policy_id": ["P1", "P2", "P3", "P4", "P5", "P6"],
        "product_code": ["PA20", "PA20", "TL20", "MD01", "AN15", "CI30"],
        "status": ["in_force", "cancelled_cooling_off", "in_force", "in_force", "in_force", "in_force"],
        "term_years": [20, 20, 20, 1, 15, 30],
        "pay_mode": ["annual", "annual", "annual", "annual", "single", "annual"],
        "pay_years": [20, 20, 20, 1, 1, 20],
        "premium": [1000.0, 5000.0, 3000.0, 400.0, 50000.0, 6000.0],
        "sign_date": pd.to_datetime(["2024-02-20", "2025-01-02", "2024-02-25", "2025-01-02", "2024-02-20", "2024-02-26"]),
        "effective_date": pd.to_datetime(["2024-02-29", "2025-01-05", "2024-03-01", "2025-01-05", "2024-02-29", "2024-03-02"]),
    })
    prem = pd.DataFrame({"payment_id": ["F1", "F2", "F3", "F4", "F5", "F6"], "policy_id": ["P1", "P1", "P3", "P3", "P6", "P6"],
                         "policy_year": [1, 2, 1, 2, 1, 2],
                         "paid_date": pd.to_datetime(["2024-02-20", "2025-04-29", "2024-02-25", "2025-05-01",
                                                      "2024-02-26", "2025-05-04"])})
    inter = pd.DataFrame({"interaction_id": ["R1", "R2", "R3", "R4"], "client_id": ["C1"] * 4,
                          "policy_id": ["P1", "P3", "P5", "P9"], "kind": ["return_visit"] * 4,
                          "success": [True, False, True, False]})
    return Book.from_frames({"policies": pol, "premiums": prem, "interactions": inter})


def test_metrics_by_hand():
    m = effect_metrics(book(), date(2025, 6, 30))
    # long-term signed: P1 P2 P3 P5 P6 (P4 is one-year) → 1 cooled of 5
    assert m["n_policies"] == 5 and m["cooling_off_rate"] == 0.2
    # visits on the book's policies: R1 R2 R3 (P9 unknown) → 1 problem of 3
    assert m["revisit_problem_rate"] == round(1 / 3, 4)
    # cohort P1 (due 2025-02-28, month end of a leap-day start; grace to 2025-04-29, paid that day) and
    # P3 (due 2025-03-01, grace to 2025-04-30, a working day; paid 05-01: late) and P6 (due 2025-03-02,
    # day 60 = 2025-05-01 劳动节 → grace ends 2025-05-06 (民法典 第203条); paid 05-04: kept);
    # P2 cooled, P5 趸交 → (1000 + 6000) / 10000
    assert m["persistency_13"] == 0.7


def test_grace_period_not_ended_leaves_the_policy_out():
    m = effect_metrics(book(), date(2025, 4, 29))      # P1's grace ends today, P3's tomorrow
    assert m["persistency_13"] == 1.0
    m = effect_metrics(book(), date(2025, 5, 5))       # P6's grace (rolled past the holiday) not over yet
    assert m["persistency_13"] == 0.25
    m = effect_metrics(book(), date(2025, 4, 28))
    assert m["persistency_13"] is None


def test_limited_to_recommended_codes():
    m = effect_metrics(book(), date(2025, 6, 30), codes=["PA20"])
    assert m["cooling_off_rate"] == 0.5 and m["persistency_13"] == 1.0 and m["revisit_problem_rate"] == 0.0
