"""The supervisor's drill-down replays attempts made on an older content version (issue 9): the
released copy under exercises/releases/ rebuilds the very items the agent answered."""
from __future__ import annotations

from argon2 import PasswordHasher

from clientkit.practice import score
from clientkit.practice.content import released
from clientkit.practice.engine import task_from
from clientkit.reports.drilldown import agent_items
from clientkit.store import Store
from clientkit.store.dashboard import Scope
from tests.store.conftest import make_attempt

OLD = "1+9d3b57ea8db3"


def test_an_attempt_on_the_old_content_is_shown_item_by_item(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path}/s.sqlite", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    user = store.add_user("agent1", "pw-agent1", role="agent", team="一组")
    task = task_from(released(OLD), "ch03.knowledge", 5)
    answer = {i.item_id: task.key[i.item_id].answer for i in task.items}
    answer = {k: sorted(v) if isinstance(v, frozenset) else v for k, v in answer.items()}
    result = score(task, answer)
    items = [{"item_id": r.item_id, "correct": r.correct, "points": r.points, "max_points": r.max_points,
              "rule_ids": list(r.rule_ids)} for r in result.items]
    store.record_attempt(make_attempt(user.id, exercise_id="ch03.knowledge", chapter=3, seed=5, content_version=OLD,
                                      answer=answer, items=items, score=result.score, points=result.points,
                                      max_points=result.max_points))
    rows = agent_items(store, user.id, Scope(), {})
    assert len(rows) == len(task.items)
    assert "（题库已更新，无法重现）" not in set(rows["正确答案"])
    assert set(rows["对错"]) == {"✔"}
    prompts = [i.prompt[:20] for i in task.items]
    assert all(any(p[:10] in shown for shown in rows["题目"]) for p in prompts if "<" not in p[:10])


def _record(store, user, task, exercise_id, chapter, mode="assessment"):
    answer = {i.item_id: task.key[i.item_id].answer for i in task.items}
    answer = {k: sorted(v) if isinstance(v, frozenset) else v for k, v in answer.items()}
    result = score(task, answer)
    items = [{"item_id": r.item_id, "correct": r.correct, "points": r.points, "max_points": r.max_points,
              "rule_ids": list(r.rule_ids)} for r in result.items]
    store.record_attempt(make_attempt(user.id, exercise_id=exercise_id, chapter=chapter, mode=mode, seed=task.seed,
                                      content_version=task.content_version, answer=answer, items=items,
                                      score=result.score, points=result.points, max_points=result.max_points))


def test_prompts_are_unmasked_so_two_id_questions_read_differently(tmp_path):
    """Issue 10: ch. 1's 自测 has the fixed numbers 11010519491231002X (valid) and
    11010519490231002X (no 31 February): masked, both read 「110***********002X 是否有效？」."""
    from clientkit.practice.engine import assessment

    store = Store.open(f"sqlite:///{tmp_path}/s.sqlite", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    user = store.add_user("agent1", "pw-agent1", role="agent", team="一组")
    task = assessment(1, 0)
    _record(store, user, task, "assessment:ch01", 1)
    rows = agent_items(store, user.id, Scope(), {})
    shown = list(rows["题目"])
    one = [p for p in shown if "11010519491231002X 是否有效" in p]
    two = [p for p in shown if "11010519490231002X 是否有效" in p]
    assert one and two and one[0] != two[0]
    assert not any("***" in p for p in shown)
    assert not any("<" in p for p in shown)


def test_client_cards_stay_masked(tmp_path):
    """The card of a spot-defects item masks the client's name (client_cards.display); the
    drill-down never shows cards, only the prompt."""
    task = task_from(released(released_version()), "ch01.spot_defects", 3)
    from clientkit.practice.sources import plain_text

    names = [line for i in task.items if i.context for line in plain_text(i.context).splitlines()
             if line.startswith("姓名/名称：")]
    assert names and all("*" in line for line in names)   # masked names (马*, …)
    store = Store.open(f"sqlite:///{tmp_path}/s.sqlite", hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    user = store.add_user("agent1", "pw-agent1", role="agent", team="一组")
    _record(store, user, task, "ch01.spot_defects", 1, mode="practice")
    rows = agent_items(store, user.id, Scope(), {})
    assert not any("ck-card" in p or "姓名" in p for p in rows["题目"])


def released_version():
    from clientkit.practice.content import content

    return content().version
