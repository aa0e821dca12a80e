"""The 对话演练 tab driven headless with Button.click() against a real store (SQLite)."""
from __future__ import annotations

import json

from clientkit.ui.chapter import ChapterApp

from .conftest import open_tool


def _widget_state() -> str:
    from ipywidgets.widgets.widget import _instances

    states = []
    for widget in list(_instances.values()):
        try:
            states.append(json.dumps(widget.get_state(), ensure_ascii=False, default=str))
        except Exception:
            continue
    return "\n".join(states)


def test_every_chapter_has_the_tab_last(svc):
    for number in (1, 5, 8):
        app = ChapterApp(svc, number)
        titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
        assert titles[-1] == "对话演练"


def test_play_the_best_path_to_the_scorecard(svc):
    app = ChapterApp(svc, 3)
    tab = open_tool(app, "对话演练")
    dialogue = app.dialogue
    assert tab is dialogue.widget and len(dialogue.picker.options) >= 3
    dialogue.start.click()
    drill = dialogue.opened.conversation.drill
    for node_id, index in drill.best_path():
        node = drill.nodes[node_id]
        state = _widget_state()
        # before a reply is picked, neither the scores nor the explanations reach the browser
        assert all(c.explanation not in state for c in node.choices)
        labels = [b.description for b in dialogue.choices.children]
        assert len(labels) == len(node.choices)
        target = dialogue.opened.conversation.variant.text(node.choices[index].text)
        dialogue.choices.children[labels.index(target)].click()
    card = dialogue.card.value
    assert "综合得分 100%" in card and "每一轮都选了最佳回答" in card
    for label in ("合规", "专业", "适当", "服务", "你的对话路径", "最佳路径"):
        assert label in card
    assert dialogue.choices.children == ()
    stored = svc.store.attempts(user_ids=[svc.user.id])
    assert list(stored["exercise_id"]) == [f"dialogue:{drill.id}"]


def test_a_weak_turn_is_explained_with_rule_and_source(svc):
    app = ChapterApp(svc, 1)
    open_tool(app, "对话演练")
    dialogue = app.dialogue
    dialogue.picker.value = "ch01.d.first_meeting"
    dialogue.start.click()
    conversation = dialogue.opened.conversation
    wrong = conversation.variant.text(conversation.drill.nodes["m1"].choices[2].text)  # 跟领导很熟
    labels = [b.description for b in dialogue.choices.children]
    dialogue.choices.children[labels.index(wrong)].click()
    while dialogue.choices.children:
        dialogue.choices.children[0].click()
    card = dialogue.card.value
    assert "需要改进" in card and "第 1 轮" in card
    assert "C3-01" in card and "保险销售行为管理办法" in card and "更好的回答" in card
    assert "客户" in dialogue.chat.value and "ck-bubble" in dialogue.chat.value


def test_clicking_after_the_end_is_harmless(svc):
    app = ChapterApp(svc, 2)
    open_tool(app, "对话演练")
    dialogue = app.dialogue
    dialogue.start.click()
    buttons = []
    while dialogue.choices.children:
        buttons = list(dialogue.choices.children)
        buttons[0].click()
    buttons[0].click()  # a stale button clicked from the browser
    assert "请先选择一个演练" in dialogue.note.value
    assert len(svc.store.attempts(user_ids=[svc.user.id])) == 1


def test_progress_and_dashboard_show_dimension_scores(svc):
    from clientkit.service import Service
    from clientkit.ui.dashboard import DashboardApp
    from clientkit.ui.progress import ProgressApp

    opened = svc.start_dialogue("ch01.d.first_meeting")
    for _, index in opened.conversation.drill.best_path():
        svc.dialogue_step(opened.task_id, index)
    svc.submit_dialogue(opened.task_id)
    progress = ProgressApp(svc).widget
    text = "".join(c.value for c in progress.children[2].children if hasattr(c, "value"))
    assert "对话演练：四个维度得分" in text and "100%" in text
    sup = svc.store.add_user("sup_ui", "pw-sup-ui-1", role="supervisor", team="一组", display_name="主管")
    app = DashboardApp(Service(svc.store, sup))
    titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    app.tabs.selected_index = titles.index("对话演练")
    assert "测试业务员" in app.dialogue.value and "合规" in app.dialogue.value and "一组" in app.dialogue.value
