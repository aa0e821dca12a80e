"""Append-only, idempotent attempts (clientkit/store/attempts.py)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from clientkit.errors import InputError
from clientkit.store import Store


def test_same_attempt_id_twice_stores_one_row(store, agents, attempt_factory):
    record = attempt_factory(agents["a1"].id, "att-1")
    assert store.record_attempt(record) is True
    assert store.record_attempt(record) is False
    # Even a retry carrying different content never overwrites what was stored first.
    assert store.record_attempt({**record, "score": 0.0, "points": 0.0}) is False
    frame = store.attempts()
    assert len(frame) == 1
    assert frame.loc[0, "score"] == 1.0
    assert store.attempt_count(agents["a1"].id, "ch01.spot") == 1
    assert store.rule_misses()["items"].tolist() == [1]  # attempt_rules not doubled


def test_store_offers_no_way_to_change_or_remove_an_attempt():
    names = [n for n in dir(Store) if not n.startswith("_")]
    assert not [n for n in names if n.startswith(("update", "delete", "remove", "edit"))]
    assert "record_attempt" in names


def test_attempt_round_trips_with_answer_items_and_settings_decoded(store, agents, attempt_factory):
    record = attempt_factory(
        agents["a1"].id, "att-json",
        answer={"q1": ["C1-01", "C1-03"], "q2": date(2026, 5, 1), "备注": "中文"},
        items=[{"item_id": "q1", "correct": False, "points": 0.5, "max_points": 1.0, "rule_ids": ["C1-01", "C1-03"]}],
        score=0.5, points=0.5, settings={"grace_days": 60},
    )
    store.record_attempt(record)
    row = store.attempts().iloc[0]
    assert row["answer"] == {"q1": ["C1-01", "C1-03"], "q2": "2026-05-01", "备注": "中文"}
    assert row["items"][0]["rule_ids"] == ["C1-01", "C1-03"]
    assert row["settings"] == {"grace_days": 60}
    assert row["seed"] == 42 and row["rules_version"] == "r1" and row["content_version"] == "c1"
    assert row["submitted_at"] == datetime(2026, 1, 1, 9, 5)


def test_attempt_filters_and_limit(store, agents, attempt_factory):
    a1, a2 = agents["a1"].id, agents["a2"].id
    store.record_attempt(attempt_factory(a1, "x1", submitted_at=datetime(2026, 1, 1, 10)))
    store.record_attempt(attempt_factory(a1, "x2", chapter=2, exercise_id="ch02.tier", submitted_at=datetime(2026, 1, 2, 10)))
    store.record_attempt(attempt_factory(a2, "x3", mode="assessment", submitted_at=datetime(2026, 1, 3, 10)))
    assert store.attempts()["attempt_id"].tolist() == ["x3", "x2", "x1"]  # newest first
    assert store.attempts(user_ids=[a1])["attempt_id"].tolist() == ["x2", "x1"]
    assert store.attempts(chapter=1)["attempt_id"].tolist() == ["x3", "x1"]
    assert store.attempts(mode="assessment")["attempt_id"].tolist() == ["x3"]
    assert store.attempts(since="2026-01-02", until="2026-01-03")["attempt_id"].tolist() == ["x2"]
    assert store.attempts(limit=1)["attempt_id"].tolist() == ["x3"]
    assert store.attempts(user_ids=[])["attempt_id"].tolist() == []
    assert store.attempt_count(a2, "ch01.spot", mode="practice") == 0
    assert store.attempt_count(a2, "ch01.spot", mode="assessment") == 1


def test_empty_store_gives_empty_frames_with_columns(store):
    assert "answer" in store.attempts().columns and store.attempts().empty


@pytest.mark.parametrize("change, key", [
    ({"score": 1.5}, "store.score_range"),
    ({"mode": "exam"}, "store.mode_unknown"),
    ({"submitted_at": None}, "store.attempt_incomplete"),
])
def test_malformed_attempt_is_refused(store, agents, attempt_factory, change, key):
    with pytest.raises(InputError) as caught:
        store.record_attempt(attempt_factory(agents["a1"].id, **change))
    assert caught.value.key == key
    assert store.attempts().empty
