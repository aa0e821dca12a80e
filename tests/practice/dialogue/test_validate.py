"""The validator refuses a broken drill and names the node (issue 13 "Content and engine")."""
from __future__ import annotations

import pytest

from clientkit.errors import ContentError
from clientkit.practice.dialogue import parse_drill


def refused(data) -> str:
    with pytest.raises(ContentError) as info:
        parse_drill("ch01_dialogues.yaml", 1, data)
    return info.value.message()


def test_the_hand_made_drill_is_valid_and_its_best_path_is_the_marked_replies(drill_data):
    drill = parse_drill("ch01_dialogues.yaml", 1, drill_data)
    assert drill.best_path() == [("n1", 0), ("n2", 0), ("n3", 0), ("n4", 0), ("n5", 0)]
    assert set(drill.rule_ids()) == {"C1-19", "C1-18", "C4-02"}


def test_an_unreachable_node_is_named(drill_data):
    drill_data["nodes"]["orphan"] = {"say": "没人来这里。", "end": "ended"}
    message = refused(drill_data)
    assert "orphan" in message and "无法到达" in message


def test_a_cycle_without_an_exit_is_named(drill_data):
    drill_data["nodes"]["n2"]["choices"][2]["next"] = "loop"
    back = dict(drill_data["nodes"]["n3"]["choices"][1], next="loop2")
    drill_data["nodes"]["loop"] = {"say": "再说一遍？", "choices": [dict(back), dict(back), dict(back)]}
    drill_data["nodes"]["loop2"] = {"say": "还是不懂。", "choices": [dict(back, next="loop")] * 3}
    drill_data["nodes"]["loop"]["choices"][0]["best"] = True
    drill_data["nodes"]["loop2"]["choices"][0] = dict(back, next="loop", best=True)
    message = refused(drill_data)
    assert "“loop”" in message and "无法走到结束" in message


def test_a_choice_pointing_nowhere_is_named(drill_data):
    drill_data["nodes"]["n4"]["choices"][2]["next"] = "n9"
    message = refused(drill_data)
    assert "“n4”" in message and "n9" in message


@pytest.mark.parametrize("score,problem", [
    ({"compliance": 1, "professional": 1, "suitability": 1}, "四个维度"),
    ({"compliance": 3, "professional": 1, "suitability": 1, "service": 1}, "−2 到 +2"),
    ({"compliance": 1.5, "professional": 1, "suitability": 1, "service": 1}, "−2 到 +2"),
])
def test_a_choice_must_be_scored_on_all_four_dimensions_within_range(drill_data, score, problem):
    drill_data["nodes"]["n3"]["choices"][1]["score"] = score
    message = refused(drill_data)
    assert "“n3”" in message and problem in message


def test_a_choice_needs_a_rule_id_that_exists(drill_data):
    drill_data["nodes"]["n5"]["choices"][1]["rule_ids"] = ["C9-99"]
    message = refused(drill_data)
    assert "“n5”" in message and "C9-99" in message
    drill_data["nodes"]["n5"]["choices"][1]["rule_ids"] = []
    assert "rule_ids" in refused(drill_data)


def test_a_best_path_beaten_on_one_dimension_is_refused_at_that_turn(drill_data):
    # the second reply at n2 now earns 服务 +2 against the marked best's +1, on the same way on
    drill_data["nodes"]["n2"]["choices"][1]["score"]["service"] = 2
    message = refused(drill_data)
    assert "“n2”" in message and "服务" in message


def test_a_worse_reply_whose_detour_earns_more_is_caught(drill_data):
    # n1's second reply loses 1 on 服务 but the detour through n1b earns +2 more: 1 + 2 > 2
    drill_data["nodes"]["n1b"]["choices"][0]["score"]["service"] = 2
    message = refused(drill_data)
    assert "“n1”" in message and "服务" in message


def test_a_cycle_that_earns_points_is_refused(drill_data):
    drill_data["nodes"]["n3"]["choices"][2].update(next="n2", score={"compliance": 0, "professional": 0,
                                                                    "suitability": 0, "service": 0})
    assert "反复得分" in refused(drill_data)


def test_exactly_one_best_reply_per_turn(drill_data):
    drill_data["nodes"]["n4"]["choices"][1]["best"] = True
    message = refused(drill_data)
    assert "“n4”" in message and "best" in message


def test_too_short_and_unbranched_drills_are_refused(drill_data):
    drill_data["nodes"]["n4"]["choices"][0]["next"] = "ok"
    drill_data["nodes"]["n4"]["choices"][1]["next"] = "ok"
    drill_data["nodes"]["n4"]["choices"][2]["next"] = "ok"
    del drill_data["nodes"]["n5"]
    assert "4 轮" in refused(drill_data)


def test_only_known_placeholders(drill_data):
    drill_data["nodes"]["n2"]["say"] = "您的{salary}是多少？"
    message = refused(drill_data)
    assert "“n2”" in message and "{salary}" in message


def test_an_end_node_has_a_known_outcome(drill_data):
    drill_data["nodes"]["ok"]["end"] = "happy"
    assert "“ok”" in refused(drill_data)
