"""Chapter-7 exercises: scan_settings, pick_rows (e-archive) and plan_check (backup), keys from the library."""
import json

import pytest

from clientkit.practice.content import chapter_content, exercises
from clientkit.practice.engine import assessment, make_task
from clientkit.practice.scoring import score
from clientkit.rules.registry import rules

IDS = [e.id for e in exercises(7)]


@pytest.mark.parametrize("exercise_id", IDS)
def test_replay_and_full_marks(exercise_id):
    for seed in (1, 2):
        task = make_task(exercise_id, seed)
        again = type(task).replay(json.loads(json.dumps(task.to_dict())))
        assert [i.to_dict() for i in again.items] == [i.to_dict() for i in task.items]
        perfect = {i.item_id: ((sorted(task.key[i.item_id].answer) or [task.key[i.item_id].none_value])
                               if task.key[i.item_id].mode == "set" else task.key[i.item_id].answer) for i in task.items}
        assert score(task, perfect).score == 1.0


def test_content_counts_and_coverage():
    ch = chapter_content(7)
    assert len(ch.questions) >= 30
    assert {r.id for r in rules(7)} <= {r for q in ch.questions for r in q["rule_ids"]}
    assert len(assessment(7).items) >= 10


def test_scan_items_follow_the_domain_example():
    a = assessment(7)
    keys = {i.prompt: a.key[i.item_id].answer for i in a.items if "扫描" in i.prompt}
    seal = [v for p, v in keys.items() if "投保单" in p]
    faded = [v for p, v in keys.items() if "复写联" in p]
    assert sorted(seal) == ["200", "colour"] and sorted(faded) == ["300", "grey"]


def test_backup_fixed_cases():
    a = assessment(7)
    sets = [set(a.key[i.item_id].answer) for i in a.items if i.context and "备份方案" in i.context]
    assert sets == [{"copies", "media", "offsite", "restore_test"}, set()]
