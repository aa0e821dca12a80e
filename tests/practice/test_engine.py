"""Seeds, the fixed assessment, replay of stored tasks and the public API of clientkit.practice."""
from __future__ import annotations

import hashlib
import json

import pytest

from clientkit.errors import ContentError
from clientkit.practice import (CONTENT_VERSION, Item, ItemResult, Result, Task, assessment, derive_seed, exercise,
                                exercises, make_task, score, unanswered)


def test_derive_seed_is_a_stable_hash_in_range():
    seed = derive_seed(7, "ch01.id_triage", 1)
    # independent recomputation: SHA-256 of the unit-separated fields, first 8 bytes, mod 2**31
    digest = hashlib.sha256("7\x1fch01.id_triage\x1f1".encode()).digest()
    assert seed == int.from_bytes(digest[:8], "big") % 2**31
    assert 0 <= seed < 2**31
    assert len({derive_seed(u, e, n) for u in (1, 2) for e in ("a", "b") for n in (1, 2, 3)}) == 12


def test_assessment_is_fixed_long_enough_mixed_and_timed():
    a, b = assessment(1), assessment(1, seed=0)
    assert json.dumps([i.to_dict() for i in a.items]) == json.dumps([i.to_dict() for i in b.items])
    assert a.exercise_id == "assessment:ch01" and a.kind == "assessment" and a.seed == 0
    assert len(a.items) >= 10
    assert a.time_limit_s == 15 * 60
    kinds = {item.item_id.split("-")[0] for item in a.items}
    assert len(kinds) >= 3
    inputs = {item.input for item in a.items}
    assert {"single", "multi"} <= inputs
    other = assessment(1, seed=1)
    assert [i.to_dict() for i in other.items] != [i.to_dict() for i in a.items]


def test_assessment_contains_the_domain_vectors():
    a = assessment(1)
    text = " ".join(i.prompt + (i.context or "") for i in a.items)
    for number in ("11010519491231002X", "11010519490231002X", "44052418800101001X", "91350100M000100I43"):
        assert number in text
    # the fixed cross-field cards: 75 on 2025-12-30 (card says 76), 76 on 2026-01-02 with 性别 男;
    # none on the birthday itself (content review D07)
    keys = [a.key[i.item_id] for i in a.items if "2025-12-30" in (i.context or "") or "2026-01-02" in (i.context or "")]
    assert [sorted(k.answer) for k in keys] == [["age"], ["gender"]]
    assert not any("2025-12-31" in (i.context or "") for i in a.items)


def test_assessment_scoring_and_blanks():
    a = assessment(1)
    blank = score(a, {})
    assert blank.points == 0 and blank.max_points == len(a.items)
    assert unanswered(a, {}) == [i.item_id for i in a.items]


def test_replay_regenerates_assessment_and_refuses_changed_content():
    a = assessment(1)
    again = Task.replay(a.to_dict())
    assert [i.to_dict() for i in again.items] == [i.to_dict() for i in a.items]
    assert {k: v.expected for k, v in again.key.items()} == {k: v.expected for k, v in a.key.items()}
    stale = dict(a.to_dict(), content_version=CONTENT_VERSION + "+000000000000")
    with pytest.raises(ContentError) as err:
        Task.replay(stale)
    assert "练习内容已更新" in err.value.message()


def test_task_dict_holds_no_key():
    task = make_task("ch01.consent", 1)
    text = json.dumps(task.to_dict(), ensure_ascii=False)
    assert set(task.to_dict()) == {"exercise_id", "seed", "n_items", "content_version"}
    assert all(k.explanation not in text for k in task.key.values())
    assert "key" not in repr(task)


def test_unknown_chapter_has_no_assessment():
    with pytest.raises(ContentError):
        assessment(99)


def test_public_names():
    assert callable(exercises) and exercise("ch01.knowledge").chapter == 1
    assert {f for f in Item.__dataclass_fields__} == {"item_id", "prompt", "input", "options", "context", "unit", "rule_ids"}
    assert {"item_id", "correct", "points", "max_points", "given", "expected", "rule_ids", "source", "explanation",
            "feedback"} == set(ItemResult.__dataclass_fields__)
    assert {"points", "max_points", "score", "items", "rule_ids"} == set(Result.__dataclass_fields__)
