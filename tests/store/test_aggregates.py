"""SQL aggregates on a small store worked out by hand (clientkit/store/aggregates.py).

The store (items as (item, correct, rules)):
    A1  agent1 ch1 practice    0.50  2026-01-01 10:00  i1 ✓ [C1-01, C1-02]; i2 ✗ [C1-02]
    A2  agent1 ch1 assessment  1.00  2026-01-02 10:00  i1 ✓ [C1-01];        i2 ✓ [C1-02]
    A3  agent2 ch1 practice    0.25  2026-01-03 10:00  i1 ✗ [C1-01];        i2 ✗ [C1-02, C1-03]
    A4  agent2 ch2 practice    0.75  2026-01-04 10:00  i1 ✗ [C2-01];        i2 ✓ [C2-01]
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest


def _item(item_id, correct, *rules):
    return {"item_id": item_id, "correct": correct, "points": float(correct), "max_points": 1.0, "rule_ids": list(rules)}


@pytest.fixture
def filled(store, agents, attempt_factory):
    a1, a2 = agents["a1"].id, agents["a2"].id
    rows = [
        ("A1", a1, 1, "practice", 0.50, 1, [_item("i1", True, "C1-01", "C1-02"), _item("i2", False, "C1-02")]),
        ("A2", a1, 1, "assessment", 1.00, 2, [_item("i1", True, "C1-01"), _item("i2", True, "C1-02")]),
        ("A3", a2, 1, "practice", 0.25, 3, [_item("i1", False, "C1-01"), _item("i2", False, "C1-02", "C1-03")]),
        ("A4", a2, 2, "practice", 0.75, 4, [_item("i1", False, "C2-01"), _item("i2", True, "C2-01")]),
    ]
    for attempt_id, user, chapter, mode, score, day, items in rows:
        store.record_attempt(attempt_factory(
            user, attempt_id, chapter=chapter, mode=mode, score=score, points=score * 2, max_points=2.0,
            items=items, submitted_at=datetime(2026, 1, day, 10, 0)))
    return store, a1, a2


def _rows(frame):
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_rule_misses_over_everything(filled):
    store, a1, a2 = filled
    frame = store.rule_misses()
    assert list(frame.columns) == ["rule_id", "items", "misses", "miss_rate", "agents_missing", "agents"]
    # C1-03: A3.i2 ✗                          -> 1 pair, 1 miss, rate 1,   agent2 missed, 1 agent
    # C1-02: A1.i1 ✓ A1.i2 ✗ A2.i2 ✓ A3.i2 ✗  -> 4 pairs, 2 misses, 0.5,  both missed, 2 agents
    # C2-01: A4.i1 ✗ A4.i2 ✓                  -> 2 pairs, 1 miss, 0.5,    agent2, 1 agent
    # C1-01: A1.i1 ✓ A2.i1 ✓ A3.i1 ✗          -> 3 pairs, 1 miss, 1/3,    agent2, 2 agents
    # Ordered by miss rate, then misses (C1-02 before C2-01 at 0.5).
    assert _rows(frame) == [
        ("C1-03", 1, 1, 1.0, 1, 1),
        ("C1-02", 4, 2, 0.5, 2, 2),
        ("C2-01", 2, 1, 0.5, 1, 1),
        ("C1-01", 3, 1, pytest.approx(1 / 3), 1, 2),
    ]


def test_rule_misses_filtered_by_chapter_mode_and_user(filled):
    store, a1, a2 = filled
    # Chapter 1 practice = A1 and A3.
    # C1-03: A3.i2 ✗ -> 1,1,1.0,1,1;  C1-02: A1.i1 ✓ A1.i2 ✗ A3.i2 ✗ -> 3,2,2/3,2,2;  C1-01: A1.i1 ✓ A3.i1 ✗ -> 2,1,0.5,1,2
    assert _rows(store.rule_misses(chapter=1, mode="practice")) == [
        ("C1-03", 1, 1, 1.0, 1, 1),
        ("C1-02", 3, 2, pytest.approx(2 / 3), 2, 2),
        ("C1-01", 2, 1, 0.5, 1, 2),
    ]
    # agent1 only = A1 and A2. C1-02: A1.i1 ✓ A1.i2 ✗ A2.i2 ✓ -> 3,1,1/3,1,1;  C1-01: ✓ ✓ -> 2,0,0,0,1
    assert _rows(store.rule_misses(user_ids=[a1])) == [
        ("C1-02", 3, 1, pytest.approx(1 / 3), 1, 1),
        ("C1-01", 2, 0, 0.0, 0, 1),
    ]
    assert store.rule_misses(chapter=8).empty


def test_chapter_mastery(filled):
    store, a1, a2 = filled
    frame = store.chapter_mastery()
    assert list(frame.columns) == ["user_id", "chapter", "attempts", "mean_score", "best_score", "last_at"]
    # agent1 ch1: A1 0.5, A2 1.0 -> 2 attempts, mean 0.75, best 1.0, last 01-02
    # agent2 ch1: A3 0.25 -> 1, 0.25, 0.25, 01-03;   agent2 ch2: A4 0.75 -> 1, 0.75, 0.75, 01-04
    assert _rows(frame) == [
        (a1, 1, 2, 0.75, 1.0, pd.Timestamp("2026-01-02 10:00")),
        (a2, 1, 1, 0.25, 0.25, pd.Timestamp("2026-01-03 10:00")),
        (a2, 2, 1, 0.75, 0.75, pd.Timestamp("2026-01-04 10:00")),
    ]


def test_chapter_mastery_by_mode_and_user(filled):
    store, a1, a2 = filled
    # Practice only drops A2: agent1 ch1 is then A1 alone (0.5 on 01-01).
    assert _rows(store.chapter_mastery(mode="practice", user_ids=[a1])) == [
        (a1, 1, 1, 0.5, 0.5, pd.Timestamp("2026-01-01 10:00")),
    ]
    assert _rows(store.chapter_mastery(mode="assessment")) == [
        (a1, 1, 1, 1.0, 1.0, pd.Timestamp("2026-01-02 10:00")),
    ]
    assert store.chapter_mastery(user_ids=[10_000]).empty


def test_aggregates_are_one_grouped_query(filled):
    store, _, _ = filled
    import sqlalchemy as sa

    statements = []
    sa.event.listen(store.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *rest: statements.append(statement))
    store.rule_misses()
    store.chapter_mastery()
    grouped = [s for s in statements if "GROUP BY" in s.upper()]
    assert len(grouped) == 2
