"""score() and unanswered() on hand-made keys: F1 worked by hand, shapes, blanks."""
from __future__ import annotations

import pytest

from clientkit.errors import AnswerError
from clientkit.practice import score, unanswered
from clientkit.practice.scoring import set_f1

FULL = {"s": "B", "m": ["b", "c"], "n": "85.7", "d": "2026-03-01", "t": "checksum"}


@pytest.mark.parametrize("given, key, f1", [
    # flagged {a,b} vs key {b,c}: hit 1, P = 1/2, R = 1/2, F1 = 2·¼/1 = 0.5
    ({"a", "b"}, {"b", "c"}, 0.5),
    # flagged {b} vs key {b,c}: P = 1, R = 1/2, F1 = 2·½/(3/2) = 2/3
    ({"b"}, {"b", "c"}, 2 / 3),
    # flagged {a,b,c} vs key {b}: P = 1/3, R = 1, F1 = (2/3)/(4/3) = 0.5
    ({"a", "b", "c"}, {"b"}, 0.5),
    ({"a"}, {"b"}, 0.0),               # no hit
    (set(), set(), 1.0),               # "无问题" and nothing wrong
    (set(), {"b"}, 0.0),               # "无问题" but something is wrong
    ({"a"}, set(), 0.0),               # flags on a clean card
    ({"b", "c"}, {"b", "c"}, 1.0),
])
def test_set_f1_by_hand(given, key, f1):
    assert set_f1(frozenset(given), frozenset(key)) == pytest.approx(f1)


def test_full_marks(hand_task):
    result = score(hand_task, FULL)
    assert result.points == 5 and result.max_points == 5 and result.score == 1.0
    assert all(r.correct for r in result.items)
    assert result.rule_ids == ("C1-08",)


def test_partial_set_credit_is_not_correct(hand_task):
    result = score(hand_task, dict(FULL, m=["a", "b"]))
    m = next(r for r in result.items if r.item_id == "m")
    assert m.points == pytest.approx(0.5) and not m.correct
    assert result.points == pytest.approx(4.5)
    assert m.given == ["字段a", "字段b"]  # labels, for display
    assert "部分正确" in m.feedback and "C1-08" in m.feedback and "GB 11643-1999" in m.feedback


def test_none_option_means_empty_set(hand_task):
    hand_task.key["m"] = hand_task.key["m"].__class__(**{**hand_task.key["m"].__dict__, "answer": frozenset()})
    assert score(hand_task, dict(FULL, m=["NONE"])).items[1].correct
    assert score(hand_task, dict(FULL, m=["a"])).items[1].points == 0


@pytest.mark.parametrize("value, ok", [
    ("85.7", True), (85.7, True), ("85.8", True), ("85.6", True), ("85.75", True),
    ("85.9", False), (86, False), ("85.7%", True), ("８５．７", True),
])
def test_number_tolerance(hand_task, value, ok):
    assert score(hand_task, dict(FULL, n=value)).items[2].correct is ok


def test_exact_choice_and_date(hand_task):
    result = score(hand_task, dict(FULL, s="A", d="2026-03-02"))
    assert not result.items[0].correct and not result.items[3].correct
    assert result.points == 3
    assert "回答错误" in result.items[0].feedback


@pytest.mark.parametrize("item_id, value, fragment", [
    ("n", "abc", "应填写数字"),
    ("n", True, "应填写数字"),
    ("n", "nan", "应填写数字"),
    ("d", "2025-02-30", "真实日期"),
    ("d", "2025/03/01", "真实日期"),
    ("s", "D", "不是本题的选项"),
    ("m", ["a", "x"], "不是本题的选项"),
    ("m", "a", "多选题"),
    ("t", 5, "应填写文字"),
])
def test_malformed_answers_raise_in_chinese(hand_task, item_id, value, fragment):
    with pytest.raises(AnswerError) as err:
        score(hand_task, dict(FULL, **{item_id: value}))
    message = err.value.message()
    assert fragment in message
    n = [i.item_id for i in hand_task.items].index(item_id) + 1
    assert f"第{n}题" in message and f"（{item_id}）" not in message  # no internal item id reaches the user


def test_blank_items_score_zero_and_are_listed(hand_task):
    half = {"s": "B", "m": [], "n": "  ", "d": None}
    assert unanswered(hand_task, half) == ["m", "n", "d", "t"]
    result = score(hand_task, half)
    assert result.points == 1 and [r.given for r in result.items] == ["乙", None, None, None, None]
    assert "未作答" in result.items[1].feedback
    assert unanswered(hand_task, FULL) == []
    assert unanswered(hand_task, {}) == ["s", "m", "n", "d", "t"]


def test_missed_rules(hand_task):
    assert score(hand_task, {}).missed_rules() == ("C1-08",)
    assert score(hand_task, FULL).missed_rules() == ()


def test_score_is_pure(hand_task, monkeypatch):
    """No clock, no file: scoring works with both disabled."""
    import builtins
    import datetime as dt

    def refuse(*a, **k):
        raise AssertionError("I/O in score()")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(dt, "datetime", None)
    assert score(hand_task, FULL).score == 1.0
