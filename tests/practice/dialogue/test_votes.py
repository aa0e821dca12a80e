"""An agent's own scorecard in a class drill (practice/dialogue/votes.py), worked by hand on the
hand-made drill (tests/practice/dialogue/conftest.py): the class's path, the agent's votes."""
from __future__ import annotations

import pytest

from clientkit.errors import InputError
from clientkit.practice.dialogue import parse_drill, score_votes

# the class: n1 告知用途 → n2 随便填 → n3 甲 → n4 丁 → n5 壬 (the client complains)
CLASS_PATH = [("n1", 0), ("n2", 1), ("n3", 0), ("n4", 0), ("n5", 2)]


@pytest.fixture
def drill(drill_data):
    return parse_drill("ch01_dialogues.yaml", 1, drill_data)


def test_own_votes_along_the_class_path_worked_by_hand(drill):
    # votes: n1 告知用途 [2,1,1,2], n2 随便填 [0,-1,0,1], n3 none (0), n4 己 [0,0,0,0], n5 庚 [2,1,1,2]
    result = score_votes(drill, CLASS_PATH, [0, 1, None, 2, 0])
    assert result.points == {"compliance": 4, "professional": 1, "suitability": 2, "service": 5}
    # best replies at the class's nodes n1…n5: 合规 2+2+2+1+2 = 9, 专业 7, 适当 6, 服务 8
    assert result.best_points == {"compliance": 9, "professional": 7, "suitability": 6, "service": 8}
    assert result.shares == pytest.approx({"compliance": 4 / 9, "professional": 1 / 7, "suitability": 1 / 3,
                                           "service": 5 / 8})
    assert result.score == pytest.approx((4 / 9 + 1 / 7 + 1 / 3 + 5 / 8) / 4, abs=1e-4)
    assert result.outcome == "complained" and result.path == tuple(CLASS_PATH)
    # the turn without a vote is not weak; 随便填 and 己 are
    assert [(w.turn, w.node_id, w.chosen) for w in result.weak_turns] == [(2, "n2", 1), (4, "n4", 2)]
    assert result.weak_turns[0].lost == {"compliance": 2, "professional": 3, "suitability": 1}
    assert result.weak_turns[1].lost == {"compliance": 1, "professional": 2, "suitability": 1, "service": 2}
    assert result.replies == (("n1", 0), ("n2", 1), ("n3", None), ("n4", 2), ("n5", 0))
    assert result.best_path == (("n1", 0), ("n2", 0), ("n3", 0), ("n4", 0), ("n5", 0))


def test_items_keep_the_unvoted_turn_out_of_the_weak_turns_and_rules(drill):
    items = score_votes(drill, CLASS_PATH, [0, 1, None, 2, 0]).items(drill)
    assert [i["item_id"] for i in items] == ["t1:n1", "t2:n2", "t3:n3", "t4:n4", "t5:n5"]
    assert [i["correct"] for i in items] == [True, False, False, False, True]
    assert items[2] == {"item_id": "t3:n3", "correct": False, "answered": False, "points": 0.0, "max_points": 6.0,
                        "rule_ids": [], "choice": None,
                        "scores": {"compliance": 0, "professional": 0, "suitability": 0, "service": 0}}
    assert items[1]["rule_ids"] == ["C4-02"] and items[1]["choice"] == 1


def test_best_votes_score_full_marks_whatever_path_the_class_took(drill):
    detour = [("n1", 1), ("n1b", 0), ("n2", 0), ("n3", 0), ("n4", 0), ("n5", 0)]
    result = score_votes(drill, detour, [0, 0, 0, 0, 0, 0])
    # n1b's best reply [1,1,0,1] joins the best points: 合规 10, 专业 8, 适当 6, 服务 9
    assert result.best_points == {"compliance": 10, "professional": 8, "suitability": 6, "service": 9}
    assert result.points == result.best_points and result.score == 1.0 and result.weak_turns == ()
    silent = score_votes(drill, detour, [None] * 6)
    assert silent.points == dict.fromkeys(result.points, 0) and silent.score == 0.0 and silent.weak_turns == ()


@pytest.mark.parametrize("votes", [[0, 1, 0, 0], [0, 1, 0, 0, 3], [0, 1, 0, 0, True], [0, 1, 0, 0, "1"]])
def test_votes_that_do_not_fit_the_path_are_refused(drill, votes):
    with pytest.raises(InputError) as info:
        score_votes(drill, CLASS_PATH, votes)
    assert info.value.key == "dialogue.path_invalid"
