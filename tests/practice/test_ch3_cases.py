"""Chapter-3 exercises: keys computed by the chapter-3 calculators, checked against DOMAIN.md
worked examples and hand-worked cases; content and assessment shape."""
import numpy as np
import pytest

from clientkit.practice.cases import ch3
from clientkit.practice.content import exercises
from clientkit.practice.engine import assessment, make_task


def _rng():
    return np.random.default_rng(0)


@pytest.mark.parametrize("fixed,expected", [
    ({"event": "grace_end", "due": "2024-01-31"}, "2024-04-01"),          # DOMAIN.md §3.5 correction
    ({"event": "suspended_from", "due": "2024-01-31"}, "2024-04-02"),
    ({"event": "terminable_from", "due": "2024-01-31"}, "2026-04-03"),
    ({"event": "grace_end", "due": "2024-03-15", "notice": "2024-04-01"}, "2024-05-06"),
    ({"event": "complaint", "day": "2025-03-03", "level": "simple"}, "2025-03-18"),
    ({"event": "complaint", "day": "2025-03-03", "level": "very_complex"}, "2025-05-06"),
    ({"event": "suspension_notice", "day": "2024-04-02"}, "2024-04-17"),
    ({"event": "departure_notice", "day": "2025-09-01"}, "2025-10-09"),
    ({"event": "review_request", "day": "2025-01-10"}, "2025-02-10"),
])
def test_deadline_keys(fixed, expected):
    case = ch3.deadline_case(_rng(), {}, fixed)
    assert case.answer == expected and expected in case.explanation


def test_nps_key_is_the_domain_example():
    case = ch3.nps_case(_rng(), {}, {"promoters": 120, "passives": 50, "detractors": 30})
    assert case.answer == 45.0 and "200" in case.prompt


@pytest.mark.parametrize("fixed,expected", [
    ({"kind": "group", "n": 22}, {"emergency", "representatives"}),
    ({"kind": "group", "n": 8}, {"normal", "representatives"}),
    ({"kind": "single", "n": 3}, {"normal"}),
    ({"kind": "review", "n": 35}, {"late_review"}),
    ({"kind": "review", "n": 28}, {"accept_review"}),
])
def test_complaint_route_keys(fixed, expected):
    assert ch3.complaint_route_case(_rng(), {}, fixed).answer == frozenset(expected)


def test_visit_script_key():
    case = ch3.visit_script_case(_rng(), {}, {"covered": [0, 1, 4], "coaching": True})
    assert case.answer == frozenset({"i1", "i2", "i5", "coaching"})
    clean = ch3.visit_script_case(_rng(), {}, {"covered": list(range(7)), "coaching": False})
    assert clean.answer == frozenset(f"i{k}" for k in range(1, 8))


def test_roster_and_churn_keys_follow_the_rows():
    rng = np.random.default_rng(3)
    for _ in range(20):
        case = ch3.departure_roster_case(rng, {})
        for pid, text in case.rows:
            long_open = ("保险期间 1 年" not in text) and any(s in text for s in ("有效", "宽限期", "效力中止"))
            assert (pid in case.answer) == long_open, text
    weights = {"suspended": 30, "surrender_enquiry": 25, "grace": 20, "complaint": 15, "orphan": 15, "no_contact": 10}
    labels = {"效力中止": 30, "咨询退保或现金价值": 25, "处于宽限期": 20, "近期投诉": 15, "服务业务员已离职": 15, "长期未联系": 10}
    for _ in range(20):
        case = ch3.churn_rank_case(rng, {"weights": weights, "top": 3})
        score = {cid: sum(labels.get(s, 0) for s in text.split("、")) for cid, text in case.rows}
        ranked = sorted(score, key=lambda c: (-score[c], c))
        assert case.answer == frozenset(ranked[:3])


def test_every_chapter3_exercise_builds_and_the_assessment_is_fixed():
    for ex in exercises(3):
        for seed in range(5):
            task = make_task(ex.id, seed)
            assert task.items and all(i.prompt for i in task.items)
    a, b = assessment(3), assessment(3)
    assert len(a.items) >= 10 and len({i.input for i in a.items}) >= 3
    assert [i.to_dict() for i in a.items] == [i.to_dict() for i in b.items]
    kinds = {e.kind for e in exercises(3)}
    assert {"date_calc", "number_calc", "flag_records", "knowledge"} <= kinds


def test_knowledge_bank_covers_every_rule():
    from clientkit.practice.content import chapter_content

    questions = chapter_content(3).questions
    assert len(questions) >= 30
    assert {f"C3-{i:02d}" for i in range(1, 30)} <= {r for q in questions for r in q["rule_ids"]}
