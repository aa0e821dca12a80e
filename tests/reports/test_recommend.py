"""我的进度: per-rule mastery with recency-weighted misses and the recommended exercise
(clientkit/reports/recommend.py), worked by hand.

History at now = 2026-03-01: C1-08 missed today (weight 1) and 14 days ago (weight 0.5), right
once; C1-10 missed 28 days ago (0.25) and 0 days ago right; C1-12 right twice.
Weighted misses: C1-08 1.5, C1-10 0.25, C1-12 0. Mastery: C1-08 1/3, C1-10 1/2, C1-12 1.
"""
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import pytest

from clientkit.reports.recommend import recommend, rule_mastery

NOW = datetime(2026, 3, 1, 12, 0)


@dataclass
class Ex:
    id: str
    rule_ids: tuple


def _history():
    rows = [("C1-08", False, "2026-03-01 12:00"), ("C1-08", False, "2026-02-15 12:00"), ("C1-08", True, "2026-02-20 12:00"),
            ("C1-10", False, "2026-02-01 12:00"), ("C1-10", True, "2026-03-01 12:00"),
            ("C1-12", True, "2026-02-01 12:00"), ("C1-12", True, "2026-02-02 12:00")]
    return pd.DataFrame({"rule_id": [r[0] for r in rows], "correct": [r[1] for r in rows],
                         "submitted_at": pd.to_datetime([r[2] for r in rows])})


def test_rule_mastery_weights_recent_misses():
    m = rule_mastery(_history(), NOW).set_index("rule_id")
    assert list(m.index) == ["C1-08", "C1-10", "C1-12"]
    assert m.loc["C1-08", "weighted_misses"] == pytest.approx(1.5)
    assert m.loc["C1-10", "weighted_misses"] == pytest.approx(0.25)
    assert m.loc["C1-12", "weighted_misses"] == 0
    assert m.loc["C1-08", "mastery"] == pytest.approx(1 / 3)
    assert tuple(m.loc["C1-10", ["items", "correct"]]) == (2, 1)


def test_recommendation_covers_the_most_weighted_misses():
    m = rule_mastery(_history(), NOW)
    exercises = [Ex("a", ("C1-10", "C1-12")), Ex("b", ("C1-08",)), Ex("c", ("C1-08", "C1-10"))]
    rec = recommend(m, exercises)
    assert rec["exercise"].id == "c" and rec["rules"] == ["C1-08", "C1-10"]
    assert recommend(m, [Ex("a", ("C1-12",))]) is None  # no misses to practise there


def test_no_history_no_recommendation():
    empty = rule_mastery(pd.DataFrame(columns=["rule_id", "correct", "submitted_at"]), NOW)
    assert len(empty) == 0 and recommend(empty, [Ex("a", ("C1-01",))]) is None
