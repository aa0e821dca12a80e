"""SQL aggregates of 对话演练 attempts on SQLite and PostgreSQL (JSON paths into ``answer``)."""
from __future__ import annotations

from datetime import datetime

import pytest

from clientkit.store.dashboard import Scope
from clientkit.store.dialogue_stats import dimension_rows, weak_turn_rows


def _attempt(n: int, user, shares: dict, items: list[dict], exercise="dialogue:ch01.d.first_meeting") -> dict:
    return {"attempt_id": f"d{n}", "user_id": user.id, "exercise_id": exercise, "chapter": 1, "mode": "practice",
            "seed": n, "submitted_at": datetime(2026, 11, 1, 10, n), "answer": {"path": [], "shares": shares},
            "items": items, "score": sum(shares.values()) / 4, "points": 0.0, "max_points": 1.0}


def test_dimension_means_and_weak_turns(store, agents):
    a1, a2 = agents["a1"], agents["a2"]
    full = {"compliance": 1.0, "professional": 1.0, "suitability": 1.0, "service": 1.0}
    low = {"compliance": 0.0, "professional": 0.5, "suitability": 0.25, "service": 0.75}
    ok_turn = {"item_id": "t1:m1", "correct": True, "rule_ids": ["C3-01"]}
    bad_turn = {"item_id": "t2:m2", "correct": False, "rule_ids": ["C1-19", "C5-06"]}
    store.record_attempt(_attempt(1, a1, full, [ok_turn, dict(bad_turn, correct=True, rule_ids=["C1-19"])]))
    store.record_attempt(_attempt(2, a1, low, [ok_turn, bad_turn]))
    store.record_attempt(_attempt(3, a2, low, [ok_turn, bad_turn]))
    store.record_attempt(_attempt(4, a2, full, [ok_turn], exercise="ch01.ids"))  # not a drill
    rows = {r["user_id"]: r for r in dimension_rows(store, Scope())}
    assert rows[a1.id]["attempts"] == 2 and rows[a2.id]["attempts"] == 1
    assert rows[a1.id]["compliance"] == pytest.approx(0.5) and rows[a1.id]["service"] == pytest.approx(0.875)
    assert rows[a2.id]["suitability"] == pytest.approx(0.25)
    turns = weak_turn_rows(store, Scope())
    # t2:m2 was answered in three attempts and weak in two (its two rule rows count once)
    assert turns == [{"exercise_id": "dialogue:ch01.d.first_meeting", "item_id": "t2:m2", "misses": 2, "answered": 3}]
    assert weak_turn_rows(store, Scope(user_ids=(a1.id,)))[0]["misses"] == 1


def test_the_weak_turn_table_keeps_three_turns_per_drill(store, agents):
    """first_meeting: m1 missed 5 times, m2 4, m3 3, m4 2 (four weak turns); health_disclosure: m1
    missed once. Per drill at most three, so the other drill is not crowded out."""
    from clientkit.reports.dialogue import weak_turn_table

    a1 = agents["a1"]
    n = 0
    for node, misses in (("m1", 5), ("m2", 4), ("m3", 3), ("m4", 2)):
        for _ in range(misses):
            n += 1
            store.record_attempt(_attempt(n, a1, {}, [{"item_id": f"t1:{node}", "correct": False, "rule_ids": ["C3-01"]}]))
    store.record_attempt(_attempt(50, a1, {}, [{"item_id": "t1:m1", "correct": False, "rule_ids": ["C1-18"]}],
                                  exercise="dialogue:ch01.d.health_disclosure"))
    table = weak_turn_table(store, Scope())
    assert [(d[:4], m) for d, m in zip(table["演练"], table["失分次数"])] == [
        ("首次面谈", "5 / 5 次"), ("首次面谈", "4 / 4 次"), ("首次面谈", "3 / 3 次"), (table["演练"].iloc[3][:4], "1 / 1 次")]
    assert table["演练"].iloc[3] != table["演练"].iloc[0]
    assert len(weak_turn_table(store, Scope(), per_drill=1)) == 2


def test_a_client_line_reached_at_different_turns_is_one_row(store, agents):
    """first_meeting's m2 weak at turn 2 in two attempts, and at turn 3 (a longer path) weak in one
    and answered well in another: one row, turns 「2、3」, 3 misses in 4 answers; m1 is never weak."""
    from clientkit.reports.dialogue import weak_turn_table

    a1 = agents["a1"]
    runs = [("t2:m2", False), ("t2:m2", False), ("t3:m2", False), ("t3:m2", True)]
    for n, (item, ok) in enumerate(runs, start=1):
        store.record_attempt(_attempt(n, a1, {}, [{"item_id": "t1:m1", "correct": True, "rule_ids": ["C3-01"]},
                                                  {"item_id": item, "correct": ok, "rule_ids": ["C3-01"]}]))
    table = weak_turn_table(store, Scope())
    assert len(table) == 1
    row = table.iloc[0]
    assert row["轮次"] == "2、3" and row["失分次数"] == "3 / 4 次" and row["演练"].startswith("首次面谈")
