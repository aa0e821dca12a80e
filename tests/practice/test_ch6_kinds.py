"""Chapter-6 exercises: keys come from the library; fixed assessment records graded as worked by hand."""
import numpy as np
import pytest

from clientkit.model.schema import TABLES
from clientkit.practice import engine
from clientkit.practice.cases import find
from clientkit.practice.scoring import score
from tests.practice.keys import right_answer as _right

EXERCISES = ["ch06.violations", "ch06.breach", "ch06.breach_timing", "ch06.criminal", "ch06.grading", "ch06.masking",
             "ch06.qc_sample", "ch06.knowledge"]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_variants_build_and_score_full_marks_with_the_key(exercise_id):
    for seed in range(4):
        task = engine.make_task(exercise_id, seed)
        assert task.items
        answer = {i.item_id: _right(task.key[i.item_id]) for i in task.items}
        for item in task.items:
            key = task.key[item.item_id]
            assert key.rule_ids and key.explanation and key.source
        result = score(task, answer)
        assert result.points == result.max_points


def test_grading_cases_follow_the_schema_declaration():
    rng = np.random.default_rng(2)
    seen = set()
    for _ in range(60):
        c = find("ch6.grading")(rng, {}, None)
        table = next(tb for tb in TABLES.values() if tb.label == c.rows[0][1])
        column = next(col for col in table.columns if col.label == c.rows[1][1])
        assert c.answer == f"{column.grade}_{'yes' if column.sensitive else 'no'}"
        seen.add(c.answer)
    assert {"C1_no", "C2_no", "C2_yes"} <= seen


def test_assessment_fixed_records_worked_by_hand():
    task = engine.assessment(6, seed=0)
    keys = [task.key[i.item_id] for i in task.items]
    answers = [k.answer for k in keys]
    assert answers.count("met") >= 2                       # insider 30 财产 (≥ 25); 20 财产 + 300 健康 = 1.0
    assert 120.0 in answers                                 # 400 cases, 50 mandatory, literal reading
    assert "C2_no" in answers and "C2_yes" in answers       # ID number (GB/T 45574-2025), health notes
    assert any(k.expected == "138****5678" for k in keys)   # phone 前3后4
    assert frozenset({"remedies_and_self_help", "individuals"}) in answers
    assert frozenset() in answers                           # a complete notice plan
    assert task.time_limit_s == 15 * 60 and len(task.items) >= 10


def test_grading_intro_names_the_standard():
    assert "GB/T 45574-2025" in engine.make_task("ch06.grading", 0).intro
    intro = engine.make_task("ch06.qc_sample", 0).intro
    assert "字面" in intro and "155" in intro
