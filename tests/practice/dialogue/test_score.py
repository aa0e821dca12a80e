"""The scorer on hand-worked paths through the hand-made drill (tests/practice/dialogue/conftest.py).

Best path n1→n2→n3→n4→n5→ok: 合规 2+2+2+1+2 = 9, 专业 1+2+1+2+1 = 7, 适当 1+1+2+1+1 = 6,
服务 2+1+1+2+2 = 8.
"""
from __future__ import annotations

import pytest

from clientkit.errors import InputError
from clientkit.practice.dialogue import parse_drill, score_path


@pytest.fixture
def drill(drill_data):
    return parse_drill("ch01_dialogues.yaml", 1, drill_data)


def test_the_best_path_scores_full_marks(drill):
    result = score_path(drill, drill.best_path())
    assert result.points == {"compliance": 9, "professional": 7, "suitability": 6, "service": 8}
    assert result.best_points == result.points
    assert result.score == 1.0 and result.weak_turns == () and result.outcome == "agreed"


def test_a_detour_path_worked_by_hand(drill):
    # n1 reply 2 (先填表再说), n1b best, n2 reply 2 (随便填), n3 best, n4 reply 2 (戊), n5 best
    path = [("n1", 1), ("n1b", 0), ("n2", 1), ("n3", 0), ("n4", 1), ("n5", 0)]
    result = score_path(drill, path)
    # 合规 -2+1+0+2+1+2 = 4; 专业 0+1-1+1+0+1 = 2; 适当 0+0+0+2+0+1 = 3; 服务 1+1+1+1+1+2 = 7
    assert result.points == {"compliance": 4, "professional": 2, "suitability": 3, "service": 7}
    assert result.shares == pytest.approx({"compliance": 4 / 9, "professional": 2 / 7, "suitability": 0.5,
                                           "service": 7 / 8})
    assert result.score == pytest.approx((4 / 9 + 2 / 7 + 0.5 + 7 / 8) / 4, abs=1e-4)
    assert [(w.turn, w.node_id) for w in result.weak_turns] == [(1, "n1"), (3, "n2"), (5, "n4")]
    first, second, third = result.weak_turns
    assert first.lost == {"compliance": 4, "professional": 1, "suitability": 1, "service": 1}
    assert first.rule_ids == ("C1-18",) and first.best == 0 and first.source
    assert second.lost == {"compliance": 2, "professional": 3, "suitability": 1}
    assert third.lost == {"professional": 2, "suitability": 1, "service": 1}
    assert result.best_path == (("n1", 0), ("n2", 0), ("n3", 0), ("n4", 0), ("n5", 0))


def test_a_path_that_ends_in_a_complaint(drill):
    result = score_path(drill, [("n1", 0), ("n2", 2)])
    # 合规 2-2 = 0; 专业 1-2 = -1 → share 0; 适当 1-2 = -1 → 0; 服务 2-2 = 0
    assert result.outcome == "complained"
    assert result.points == {"compliance": 0, "professional": -1, "suitability": -1, "service": 0}
    assert result.score == 0.0
    assert [w.node_id for w in result.weak_turns] == ["n2"]


def test_items_for_the_store_mark_weak_turns_with_their_rules(drill):
    result = score_path(drill, [("n1", 2)])
    items = result.items(drill)
    assert items == [{"item_id": "t1:n1", "correct": False, "points": -5.0, "max_points": 6.0,
                      "rule_ids": ["C1-18"], "choice": 2,
                      "scores": {"compliance": -1, "professional": -1, "suitability": -1, "service": -2}}]


@pytest.mark.parametrize("path,key", [
    ([("n2", 0)], "dialogue.path_invalid"),             # does not start at start
    ([("n1", 0), ("n3", 0)], "dialogue.path_invalid"),  # skips a node
    ([("n1", 7)], "dialogue.path_invalid"),             # no such reply
    ([("n1", 0), ("n2", 0)], "dialogue.path_incomplete"),
    ([["n1"]], "dialogue.path_invalid"),
])
def test_a_path_that_does_not_follow_the_drill_is_refused(drill, path, key):
    with pytest.raises(InputError) as info:
        score_path(drill, path)
    assert info.value.key == key
