"""Dashboard aggregates (clientkit/store/dashboard.py) on a small store worked out by hand,
on SQLite and PostgreSQL.

    id  user    ch mode        score  day  exercise         items (item ✓/✗ [rules])
    X1  甲(A)   1  assessment  0.80   1    assessment:ch01  q1 ✓ [C1-01]; q2 ✗ [C1-02]
    X2  甲(A)   1  practice    0.50   2    ex1              (no rule items)
    X3  乙(B)   1  assessment  0.40   2    assessment:ch01  q1 ✗ [C1-01]; q2 ✗ [C1-02]
    X4  丙(C)   1  practice    1.00   3    ex1              q1 ✓ [C1-01]

Hand results: mastery A 0.8 (best 自测), B 0.4, C 1.0 (mean practice, no 自测).
C1-01: 3 item-rule pairs, 1 miss, 1 agent missing of 3 meeting it; C1-02: 2 of 2, 2 agents.
Item (assessment:ch01, q1): n 2, p 0.5, scores of right 0.8, of wrong 0.4, population SD 0.2,
r = (0.8 - 0.4) / 0.2 * sqrt(0.5 * 0.5) = 1.0. (assessment:ch01, q2): p 0, r undefined.
"""
from __future__ import annotations

import math
from datetime import datetime

import pytest

from clientkit.store import dashboard as agg
from clientkit.store.dashboard import Scope


def _item(item_id, correct, *rules):
    return {"item_id": item_id, "correct": correct, "points": float(correct), "max_points": 1.0,
            "rule_ids": list(rules)}


@pytest.fixture
def filled(store, agents, attempt_factory):
    c = store.add_user("agent3", "pw-agent3", role="agent", team="一组", display_name="业务员丙")
    a, b = agents["a1"].id, agents["a2"].id
    rows = [
        ("X1", a, "assessment", 0.8, 1, "assessment:ch01", [_item("q1", True, "C1-01"), _item("q2", False, "C1-02")]),
        ("X2", a, "practice", 0.5, 2, "ex1", []),
        ("X3", b, "assessment", 0.4, 2, "assessment:ch01", [_item("q1", False, "C1-01"), _item("q2", False, "C1-02")]),
        ("X4", c.id, "practice", 1.0, 3, "ex1", [_item("q1", True, "C1-01")]),
    ]
    for attempt_id, user, mode, score, day, exercise_id, items in rows:
        store.record_attempt(attempt_factory(user, attempt_id, mode=mode, score=score, points=score,
                                             max_points=1.0, exercise_id=exercise_id, items=items,
                                             submitted_at=datetime(2026, 1, day, 10, 0)))
    return store, a, b, c.id


def test_mastery_is_best_assessment_else_mean_practice(filled):
    store, a, b, c = filled
    m = agg.mastery(store, Scope()).set_index("user_id")["mastery"]
    assert m.to_dict() == pytest.approx({a: 0.8, b: 0.4, c: 1.0})


def test_scope_restricts_users_mode_and_period(filled):
    store, a, b, c = filled
    scores = agg.chapter_scores(store, Scope(user_ids=(b,)))
    assert list(scores["user_id"]) == [b]
    only_practice = agg.chapter_scores(store, Scope(mode="practice"))
    assert set(only_practice["user_id"]) == {a, c}
    period = agg.chapter_scores(store, Scope(since="2026-01-02", until="2026-01-03"))
    assert sorted(period["user_id"]) == sorted([a, b])  # X2 and X3 only


def test_rule_misses_and_agents(filled):
    store, *_ = filled
    m = agg.rule_misses(store, Scope()).set_index("rule_id")
    assert list(m.index) == ["C1-02", "C1-01"]  # most misses first
    assert tuple(m.loc["C1-01", ["items", "misses", "agents_missing", "agents"]]) == (3, 1, 1, 3)
    assert tuple(m.loc["C1-02", ["items", "misses", "agents_missing", "agents"]]) == (2, 2, 2, 2)
    assert m.loc["C1-02", "miss_rate"] == pytest.approx(1.0)


def test_score_distribution_and_trend(filled):
    store, *_ = filled
    d = agg.score_distribution(store, Scope(mode="assessment"))
    assert [tuple(r) for r in d.itertuples(index=False)] == [(1, 4, 1), (1, 8, 1)]
    t = agg.score_trend(store, Scope())
    day2 = t[(t["day"] == "2026-01-02")].set_index("mode")
    assert day2.loc["assessment", "mean_score"] == pytest.approx(0.4)
    assert day2.loc["practice", "attempts"] == 1
    assert len(t) == 4  # (day1, A) (day2, A) (day2, P) (day3, P)


def test_assessed_lists_who_took_the_test(filled):
    store, a, b, c = filled
    done = agg.assessed(store, Scope())
    assert sorted(done["user_id"]) == sorted([a, b])


def test_item_stats_difficulty_and_point_biserial(filled):
    store, *_ = filled
    s = agg.item_stats(store, Scope()).set_index(["exercise_id", "item_id"])
    q1 = s.loc[("assessment:ch01", "q1")]
    assert q1["attempts"] == 2 and q1["difficulty"] == pytest.approx(0.5)
    assert q1["discrimination"] == pytest.approx(1.0)
    q2 = s.loc[("assessment:ch01", "q2")]
    assert q2["difficulty"] == 0 and math.isnan(q2["discrimination"])
    assert q2["flags"] == ()  # fewer than MIN_ATTEMPTS_FOR_FLAGS attempts


def test_item_flags_negative_easy_hard(store, agents, attempt_factory):
    """Five attempts: the item is right for the two weakest (0.2, 0.3) and wrong for 0.8, 0.9,
    1.0. p = 0.4; M1 = 0.25, M0 = 0.9; mean 0.64, E[s²] = 2.58 / 5 = 0.516, var = 0.1064;
    r = -0.65 / sqrt(0.1064) * sqrt(0.24) = -0.97622. A second item right in all five is too
    easy (p = 1), a third wrong in all five too hard (p = 0)."""
    a = agents["a1"].id
    for n, (score, ok) in enumerate([(0.2, True), (0.3, True), (0.8, False), (0.9, False), (1.0, False)]):
        items = [_item("x", ok, "C1-05"), _item("e", True, "C1-06"), _item("h", False, "C1-07")]
        store.record_attempt(attempt_factory(a, f"N{n}", mode="assessment", score=score, points=score,
                                             max_points=1.0, exercise_id="assessment:ch01", items=items))
    s = agg.item_stats(store, Scope()).set_index("item_id")
    assert s.loc["x", "difficulty"] == pytest.approx(0.4)
    assert s.loc["x", "discrimination"] == pytest.approx(-0.97622, abs=1e-4)
    assert s.loc["x", "flags"] == ("negative",)
    assert s.loc["e", "flags"] == ("too_easy",)
    assert s.loc["h", "flags"] == ("too_hard",)


def test_a_class_quiz_is_not_the_chapters_assessment(filled, attempt_factory):
    """丙 (C) takes a class-session quiz in assessment mode: it is not the chapter's 自测, so 丙
    still counts as not having taken it."""
    store, a, b, c = filled
    store.record_attempt(attempt_factory(c, "S1", mode="assessment", score=0.9, points=0.9, max_points=1.0,
                                         exercise_id="session:7", items=[]))
    assert sorted(agg.assessed(store, Scope())["user_id"]) == sorted([a, b])


def test_item_stats_never_mix_content_versions(store, agents, attempt_factory):
    """Issue 9: after a content version bump the same item id can be another question. Two
    attempts on version "1+old" (q1 right, then wrong) and two on "2+new" (q1 right both
    times): two rows, difficulty 0.5 and 1.0 — mixed they would give 0.75. The attempts keep
    their own version."""
    a, b = agents["a1"].id, agents["a2"].id
    for attempt_id, user, version, ok, score in [("V1", a, "1+old", True, 0.9), ("V2", b, "1+old", False, 0.2),
                                                  ("V3", a, "2+new", True, 1.0), ("V4", b, "2+new", True, 0.6)]:
        store.record_attempt(attempt_factory(user, attempt_id, mode="assessment", score=score, points=score,
                                             max_points=1.0, exercise_id="assessment:ch05", content_version=version,
                                             items=[_item("q1", ok, "C5-05")]))
    s = agg.item_stats(store, Scope()).set_index(["exercise_id", "content_version", "item_id"])
    assert len(s) == 2
    assert s.loc[("assessment:ch05", "1+old", "q1"), "difficulty"] == pytest.approx(0.5)
    assert s.loc[("assessment:ch05", "1+old", "q1"), "discrimination"] == pytest.approx(1.0)
    assert s.loc[("assessment:ch05", "2+new", "q1"), "difficulty"] == pytest.approx(1.0)
    assert s.loc[("assessment:ch05", "2+new", "q1"), "attempts"] == 2
    narrow = agg.item_stats(store, Scope(user_ids=(a,))).set_index(["content_version", "item_id"])
    assert sorted(narrow.index) == [("1+old", "q1"), ("2+new", "q1")]   # the joined (narrow) path too
    kept = store.attempts(user_ids=[a])
    assert sorted(kept["content_version"]) == ["1+old", "2+new"]
