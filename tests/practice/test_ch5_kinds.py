"""Chapter-5 exercises: keys come from the library; fixed assessment records graded as worked by hand."""
import numpy as np
import pytest

from clientkit.practice import engine
from clientkit.practice.cases import find
from clientkit.practice.scoring import score
from tests.practice.keys import right_answer as _right
from clientkit.rules.ch5_retention import retention_until

EXERCISES = ["ch05.retention", "ch05.sharing", "ch05.destruction", "ch05.access", "ch05.requests", "ch05.knowledge"]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_variants_build_and_score_full_marks_with_the_key(exercise_id):
    for seed in range(4):
        task = engine.make_task(exercise_id, seed)
        assert task.items
        answer = {i.item_id: _right(task.key[i.item_id]) for i in task.items}
        for item in task.items:
            key = task.key[item.item_id]
            assert key.rule_ids and key.explanation and key.source
            assert str(key.answer) not in item.prompt
        result = score(task, answer)
        assert result.points == result.max_points
        wrong = {i: ("1999-01-01" if task.key[i].mode == "date" else None) for i in answer}
        assert score(task, wrong).points == 0


def test_retention_cases_use_the_calculator_and_state_the_reading():
    rng = np.random.default_rng(5)
    for _ in range(30):
        c = find("ch5.retention")(rng, {}, None)
        assert c.answer > c.rows[2][1].isoformat()
        assert "不顺延" in c.explanation
    ex = engine.make_task("ch05.retention", 0)
    assert "不顺延" in ex.intro and "2029-06-30" in ex.intro


def test_assessment_fixed_records_worked_by_hand():
    task = engine.assessment(5, seed=0)
    keys = {k: v.answer for k, v in task.key.items()}
    dates = [v for v in keys.values() if isinstance(v, str) and v[:2] == "20" and len(v) == 10]
    # DOMAIN.md §5.2 ex. 1: 2024-06-30 + 5 y; 双录 with complaint closed 2029-03-01; leap day 2024-02-29 + 5 y
    assert ["2029-06-30", "2031-03-01", "2029-02-28"] == [d for d in dates if d in ("2029-06-30", "2031-03-01", "2029-02-28")]
    assert "never" in keys.values() and "contract" in keys.values()      # 合作医院按名单付费 (a sale, D01/D08); 外包扫描
    sets = [v for v in keys.values() if isinstance(v, frozenset)]
    assert frozenset({"agent_recording"}) in sets                                     # agent downloads AV
    assert frozenset() in sets                                                        # QC staff download: fine
    # business record of a 1-year policy ended 2019-06-30 kept through 2024-06-30: destroying on that day is early
    assert frozenset({"in_retention", "few_witnesses"}) in sets
    assert retention_until("business", "2019-06-30", term_over_one_year=False).isoformat() == "2024-06-30"
    assert task.time_limit_s == 15 * 60 and len(task.items) >= 10


def test_access_case_keys_are_the_audit_findings():
    from clientkit.practice.cases.ch5 import access_flags

    assert access_flags("A0002", "export", "转介绍给同事", 350) == {"unassigned", "purpose", "bulk_export"}
    assert access_flags("A0001", "print", "理赔处理", 1) == frozenset()
    assert access_flags("HQ-ARC01", "export", "合规检查", 200) == frozenset()
