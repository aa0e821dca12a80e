"""Chapter-2 exercises: keys come from the calculators; fixed assessment records graded as worked by hand."""
import numpy as np
import pytest

from clientkit.practice import engine
from clientkit.practice.cases import find
from clientkit.practice.scoring import score
from clientkit.rules.ch2_classify import rfm_segment
from clientkit.rules.ch2_profile import profile_flags, suitability

EXERCISES = ["ch02.suitability", "ch02.reassess", "ch02.assessment_log", "ch02.profile_flags", "ch02.rfm",
             "ch02.value_tier", "ch02.life_stage", "ch02.tag_hygiene"]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_variants_build_and_score_full_marks_with_the_key(exercise_id):
    for seed in range(6):
        task = engine.make_task(exercise_id, seed)
        assert task.items
        answer = {}
        for item in task.items:
            key = task.key[item.item_id]
            assert key.rule_ids and key.explanation
            answer[item.item_id] = sorted(key.answer) or [key.none_value] if key.mode == "set" else key.answer
            assert item.input == ("multi" if key.mode == "set" else "single")
            assert key.explanation not in (item.context or "") + item.prompt
        result = score(task, answer)
        assert result.points == result.max_points


def test_cases_use_the_calculators():
    rng = np.random.default_rng(3)
    for _ in range(40):
        c = find("ch2.rfm")(rng, {}, None)
        r, f, m = (row[1] for row in c.rows)
        assert c.answer == rfm_segment(r, f, m, {"recency_days": 180, "frequency": 2, "monetary": 10000})
        s = find("ch2.suitability")(rng, {}, None)
        assert s.answer == suitability(*(row[1] for row in s.rows))


def test_assessment_fixed_records_worked_by_hand():
    task = engine.assessment(2, seed=0)
    expected = {
        "p2-01": "unsuitable_risk",          # level 3 client, level 4 product
        "p2-02": "unsuitable_funds",         # 120,000 > 50% of 200,000
        "p3-01": "reassess",                 # 2025-03-15 valid to 2026-03-15; sale 2026-03-16
        "p3-02": "valid",                    # 2024-02-29 valid to 2025-02-28
        "p4-01": frozenset({"a3"}),          # third assessment on 2026-01-05
        "p5-01": frozenset({"DUAL_RECORDING"}),   # 60 (birthday the day before), agent channel, whole life
        "p5-02": frozenset({"DUAL_RECORDING"}),   # 45, bank = 兼业代理, 20-year term life: 第6条(一)
        "p5-03": frozenset({"GUARDIAN_CONSENT", "SENSITIVE_MINOR_14", "MINOR_DEATH_CAP"}),  # 13 years old, online
        "p6-01": "重要保持",                  # 011
        "p6-02": "重要发展",                  # 180 ≤ 180, 1 < 2, 10000 ≥ 10000 → 101
        "p7-01": "黄金",                      # exactly 50,000
        "p8-01": "separate_consent_pia",     # health data
    }
    for item_id, answer in expected.items():
        assert task.key[item_id].answer == answer, item_id
    assert len(task.items) == 16
    assert profile_flags("2013-03-01", "2026-06-30", channel="online", product_type="term_life", term_years=20,
                         civil_capacity="limited") == expected["p5-03"]
