"""The live board's counts (clientkit/reports/classroom.py) for a class worked by hand: an
assessment session of 3 items; agents 甲 and 乙 both choose the same wrong option on the first choice item
and answer nothing else; 丙 joins but does not submit."""
import pytest

from clientkit.service import Service
from clientkit.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path / 'class.db'}")
    yield s
    s.close()


def test_board_counts_joined_submitted_and_wrong_answers(store):
    trainer = store.add_user("tr", "pw-123456", role="trainer")
    agents = [store.add_user(n, "pw-123456", role="agent", team="一组", display_name=d)
              for n, d in (("a", "甲"), ("b", "乙"), ("c", "丙"))]
    session = Service(store, trainer).create_session("课堂", [1], "assessment", 3, 10)
    chosen = None
    for user in agents:
        svc = Service(store, user)
        opened = svc.join_session(session["code"])
        if user.display_name == "丙":
            continue
        j = next(n for n, i in enumerate(opened.task.items) if i.input in ("single", "multi"))
        first = opened.task.items[j]
        key = opened.task.key[first.item_id].answer
        wrong = next(v for v, _ in first.options if v != key and [v] != key)
        chosen = dict(first.options)[wrong]
        svc.submit(opened.task_id, {first.item_id: wrong if first.input == "single" else [wrong]}, allow_blank=True)
    board = Service(store, trainer).session_board(session["id"])
    assert (board["joined"], board["submitted"]) == (3, 2)
    status = dict(zip(board["agents"]["业务员"], board["agents"]["状态"]))
    assert status == {"甲": "已提交", "乙": "已提交", "丙": "作答中"}
    items = board["items"]
    assert list(items["作答人数"]) == [2, 2, 2] and list(items["答错人数"]) == [2, 2, 2]
    assert f"{chosen}（2人）" in items.iloc[j]["常见错误答案"]
    other = 1 if j == 0 else 0
    assert items.iloc[other]["常见错误答案"] == "（未作答）（2人）"
    pct = board["agents"]["得分(%)"].dropna().astype(int).tolist()
    assert len(set(pct)) == 1 and pct[0] < 100  # same answers, same (partial) score
    band = min(pct[0] // 10, 9)
    assert list(board["bands"]["人数"]) == [2 if b == band else 0 for b in range(10)]
