"""首页 and a chapter open with few widget models (issue 11): every model is a message from the
kernel through the server to the page, and a class of 50 opens them at the same moment. What
is not on screen yet (a class paper, a rule's examples, past attempts) is built when asked for."""
from __future__ import annotations

import ipywidgets as w

from clientkit.ui.chapter import ChapterApp
from clientkit.ui.home import HomeApp


def _models(root: w.Widget) -> int:
    """The widget models the page receives for ``root``: itself and every widget its state
    refers to (children, layout, style ...), each counted once."""
    seen, todo = set(), [root]
    while todo:
        widget = todo.pop()
        if widget.model_id in seen:
            continue
        seen.add(widget.model_id)
        for name in widget.keys:
            value = getattr(widget, name, None)
            values = value if isinstance(value, (list, tuple)) else [value]
            todo.extend(v for v in values if isinstance(v, w.Widget))
    return len(seen)


def _new_models(build):
    built = build()
    return built, _models(built.widget)


def test_a_new_agents_home_builds_no_class_paper_until_they_join(svc):
    home, models = _new_models(lambda: HomeApp(svc))
    assert models <= 50, models  # 93 before the paper, clock and drill waited for 加入
    assert home.join.drill is None and len(home.join.widget.children) == 3
    assert home.past is None and home.past_box.children == ()  # no attempt yet: nothing to pick

    trainer = svc.store.add_user("trainer_light", "pw-trainer-light-1", role="trainer")
    session = svc.store.create_session(name="轻量课堂", trainer_id=trainer.id, chapters=[1], mode="practice",
                                       item_count=2)
    home.join.code.value = "WRONG1"
    home.join.join.click()
    assert "课堂代码" in home.join.join_note.value and home.join.drill is None  # a typo builds nothing
    home.join.code.value = session["code"]
    home.join.join.click()
    home.join.drill.stop()
    assert len(home.join.form.inputs) == 2 and home.join.submit.layout.display is None


def test_a_chapter_shows_a_rules_examples_under_its_card_on_demand(svc):
    app, models = _new_models(lambda: ChapterApp(svc, 1))
    assert models <= 160, models  # 340 with an example area, layout and style per rule
    learn = app.tabs.children[0]
    card = learn.children[1]
    assert len(card.children) == 2  # the rule and its 查看样例 button
    card.children[1].click()
    assert len(card.children) == 3 and "ck-table" in card.children[2].value
    card.children[1].click()  # again: the same area, refreshed
    assert len(card.children) == 3 and "ck-table" in card.children[2].value
    assert len(learn.children[2].children) == 2  # other rules untouched
