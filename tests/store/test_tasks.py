"""Open tasks and double-submit protection (clientkit/store/tasks.py, attempts.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from clientkit.errors import InputError
from clientkit.i18n import t

START = datetime(2026, 3, 2, 9, 0)


def _open(store, user, task_id="task-1", **fields):
    values = dict(task_id=task_id, user_id=user.id, exercise_id="assessment:ch01", chapter=1,
                  mode="assessment", seed=0, started_at=START, deadline=START + timedelta(minutes=20))
    values.update(fields)
    return store.open_task(**values)


def test_open_task_is_idempotent_and_keeps_its_clock(store, agents):
    first = _open(store, agents["a1"])
    assert first["status"] == "open"
    assert first["deadline"] == datetime(2026, 3, 2, 9, 20)
    # A page reload re-opening the same task id must not move the start or the deadline.
    again = _open(store, agents["a1"], started_at=START + timedelta(hours=1), deadline=None)
    assert again == first
    assert store.task_count(agents["a1"].id, "assessment:ch01") == 1


def test_aware_times_are_stored_as_naive_utc(store, agents):
    beijing = timezone(timedelta(hours=8))
    task = _open(store, agents["a1"], started_at=datetime(2026, 3, 2, 17, 0, tzinfo=beijing), deadline=None)
    assert task["started_at"] == datetime(2026, 3, 2, 9, 0)  # 17:00 +08:00 = 09:00 UTC


def test_find_expire_and_count_tasks(store, agents):
    a1 = agents["a1"]
    _open(store, a1, "t-old", started_at=START)
    _open(store, a1, "t-new", started_at=START + timedelta(minutes=5))
    _open(store, agents["a2"], "t-other", started_at=START + timedelta(minutes=9))
    assert store.find_open_task(a1.id, "assessment:ch01")["task_id"] == "t-new"
    assert store.expire_task("t-new") is True
    assert store.expire_task("t-new") is False  # only an open task expires
    assert store.get_task("t-new")["status"] == "expired"
    assert store.find_open_task(a1.id, "assessment:ch01")["task_id"] == "t-old"
    assert store.task_count(a1.id, "assessment:ch01") == 2
    assert store.get_task("missing") is None


def test_submitting_marks_the_task_and_a_second_attempt_is_refused(store, agents, attempt_factory):
    a1 = agents["a1"]
    _open(store, a1, "task-1")
    assert store.record_attempt(attempt_factory(a1.id, "task-1", mode="assessment")) is True
    assert store.get_task("task-1")["status"] == "submitted"
    # The identical retry is accepted silently ...
    assert store.record_attempt(attempt_factory(a1.id, "task-1", mode="assessment")) is False
    # ... but another attempt for the same task (a second browser tab) is refused.
    with pytest.raises(InputError) as caught:
        store.record_attempt(attempt_factory(a1.id, "other-id", task_id="task-1", mode="assessment", score=0.0))
    assert caught.value.key == "store.already_submitted"
    assert "已提交过" in caught.value.message()
    assert caught.value.message() == t("store.already_submitted")
    stored = store.attempts()
    assert list(stored["attempt_id"]) == ["task-1"]
    assert stored["score"].tolist() == [1.0]


def test_expired_or_foreign_task_is_refused_and_nothing_is_stored(store, agents, attempt_factory):
    _open(store, agents["a1"], "late")
    store.expire_task("late")
    with pytest.raises(InputError) as late:
        store.record_attempt(attempt_factory(agents["a1"].id, "late"))
    assert late.value.key == "store.task_expired"
    _open(store, agents["a1"], "mine")
    with pytest.raises(InputError) as foreign:
        store.record_attempt(attempt_factory(agents["a2"].id, "mine"))
    assert foreign.value.key == "store.task_not_yours"
    assert store.get_task("mine")["status"] == "open"
    assert len(store.attempts()) == 0
    assert store.rule_misses().empty


def test_unknown_mode_is_refused(store, agents):
    with pytest.raises(InputError) as caught:
        _open(store, agents["a1"], mode="exam")
    assert caught.value.key == "store.mode_unknown"


def test_racing_submissions_of_one_task_store_exactly_one(store, agents, attempt_factory):
    from concurrent.futures import ThreadPoolExecutor

    a1 = agents["a1"]
    _open(store, a1, "raced")
    records = [attempt_factory(a1.id, f"tab-{i}", task_id="raced", mode="assessment") for i in range(4)]

    def submit(record):
        try:
            return store.record_attempt(record)
        except InputError as error:
            return error.key

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(submit, records))
    assert sorted(outcomes, key=str) == [True] + ["store.already_submitted"] * 3
    assert len(store.attempts()) == 1
    assert store.get_task("raced")["status"] == "submitted"
