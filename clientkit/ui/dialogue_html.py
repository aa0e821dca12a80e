"""Pure HTML of the 对话演练 tab (issue 13): chat bubbles, the client card, the scorecard.

Phone first: bubbles take at most 85 % of a 390 px screen, the scorecard is one column there and
puts the path beside the best path from 700 px up. Every text from content or data is escaped.
"""
from __future__ import annotations

from html import escape

from clientkit.i18n import t
from clientkit.practice.dialogue import DIMENSIONS
from clientkit.ui.html import panel

CSS = """
<style>
.ck-chat { display: flex; flex-direction: column; gap: 8px; padding: 10px 8px; background: #f0f4f8;
  border-radius: 10px; margin: 8px 0; }
.ck-bubble { max-width: 85%; padding: 8px 12px; border-radius: 14px; line-height: 1.55; word-break: break-word; }
.ck-bubble.ck-client { align-self: flex-start; background: #fff; border: 1px solid #d9e2ec; border-bottom-left-radius: 4px; }
.ck-bubble.ck-agent { align-self: flex-end; background: #0b4f6c; color: #fff; border-bottom-right-radius: 4px; }
.ck-who { font-size: 12px; color: #7b8794; margin: 0 4px; }
.ck-who.ck-right { align-self: flex-end; }
.ck-end { align-self: center; font-size: 13px; color: #52606d; background: #e4e7eb; border-radius: 10px; padding: 2px 10px; }
.ck-ccard { font-size: 13px; margin-top: 6px; border-top: 1px dashed #d9e2ec; padding-top: 4px; }
.ck-ccard span { display: inline-block; margin-right: 10px; white-space: nowrap; }
.ck-choices { width: 100%; }
.ck-choice.jupyter-button, .ck-choice.widget-button { width: 100% !important; height: auto !important;
  min-height: 44px; white-space: normal !important; text-align: left; line-height: 1.5; padding: 8px 12px;
  margin: 4px 0 !important; border-radius: 8px; }
.ck-scorecard { border: 1px solid #d9e2ec; border-radius: 10px; padding: 10px 12px; margin: 8px 0; }
.ck-dims { display: grid; grid-template-columns: 1fr; gap: 6px; margin: 8px 0; }
.ck-dim { display: grid; grid-template-columns: 64px 1fr 88px; gap: 8px; align-items: center; }
.ck-dim b { font-size: 16px; }
.ck-paths { display: grid; grid-template-columns: 1fr; gap: 10px; }
.ck-paths ol { margin: 4px 0; padding-left: 22px; }
.ck-paths li { margin: 4px 0; line-height: 1.5; }
.ck-weak { border-left: 4px solid #c62828; background: #fdf6f6; padding: 6px 10px; margin: 8px 0; line-height: 1.6; }
.ck-better { border-left: 4px solid #2e7d32; background: #f3faf4; padding: 4px 8px; margin-top: 4px; }
@media (min-width: 700px) {
  .ck-dims { grid-template-columns: 1fr 1fr; }
  .ck-paths { grid-template-columns: 1fr 1fr; }
  .ck-bubble { max-width: 70%; }
}
</style>
"""


def client_card(card) -> str:
    """The drawn client's masked data as a compact line of label/value pairs."""
    cells = "".join(f"<span>{escape(label)}：{escape(value)}</span>" for label, value in card)
    return f'<div class="ck-ccard">{cells}</div>'


def chat(bubbles, card, outcome: str | None = None) -> str:
    """The conversation as chat bubbles: the client on the left, the agent on the right."""
    parts = []
    for bubble in bubbles:
        if bubble.speaker == "client":
            parts.append(f'<div class="ck-who">{escape(t("dialogue.who_client"))}</div>')
            extra = client_card(card) if bubble.card else ""
            parts.append(f'<div class="ck-bubble ck-client">{escape(bubble.text)}{extra}</div>')
        else:
            parts.append(f'<div class="ck-who ck-right">{escape(t("dialogue.who_agent"))}</div>')
            parts.append(f'<div class="ck-bubble ck-agent">{escape(bubble.text)}</div>')
    if outcome:
        parts.append(f'<div class="ck-end">{escape(t(f"dialogue.outcome.{outcome}"))}</div>')
    return f'<div class="ck-chat">{"".join(parts)}</div>'


def _dims(result) -> str:
    rows = []
    for d in DIMENSIONS:
        pct = round(result.shares[d] * 100)
        fill = "ck-fill ck-done" if pct >= 80 else "ck-fill"
        rows.append(
            f'<div class="ck-dim"><b>{escape(t(f"dialogue.dim.{d}"))}</b>'
            f'<div class="ck-bar" title="{escape(t(f"dialogue.dim_hint.{d}"))}"><div class="{fill}" style="width:{pct}%"></div></div>'
            f'<span>{escape(t("dialogue.points", got=result.points[d], best=result.best_points[d]))}</span></div>')
    return f'<div class="ck-dims">{"".join(rows)}</div>'


def _path(drill, variant, steps, title: str) -> str:
    items = "".join(f"<li>{escape(variant.text(drill.nodes[n].choices[i].text))}</li>" if i is not None
                    else f'<li class="ck-muted">{escape(t("dialogue.no_vote"))}</li>' for n, i in steps)
    return f'<div><div class="ck-example-title">{escape(title)}</div><ol>{items}</ol></div>'


def _weak(drill, variant, weak, rules: dict[str, str]) -> str:
    node = drill.nodes[weak.node_id]
    chosen, better = node.choices[weak.chosen], node.choices[weak.best]
    lost = "、".join(t("dialogue.lost", dim=t(f"dialogue.dim.{d}"), n=n) for d, n in weak.lost.items())
    rule_text = "；".join(f"{escape(r)} {escape(rules.get(r, ''))}".strip() for r in weak.rule_ids)
    return (
        f'<div class="ck-weak"><div><b>{escape(t("dialogue.turn", n=weak.turn))}</b>　'
        f'{escape(t("dialogue.client_said"))}{escape(variant.text(node.say))}</div>'
        f'<div>{escape(t("dialogue.you_said"))}{escape(variant.text(chosen.text))}'
        f'　<span class="ck-bad">{escape(lost)}</span></div>'
        f'<div>{escape(variant.text(chosen.explanation))}</div>'
        f'<div class="ck-source">{escape(t("dialogue.rule_source", rules=rule_text, source=weak.source))}</div>'
        f'<div class="ck-better">{escape(t("dialogue.better"))}{escape(variant.text(better.text))}'
        f'<div class="ck-muted">{escape(variant.text(better.explanation))}（{escape(better.source)}）</div></div></div>')


def scorecard(drill, variant, result, rules: dict[str, str]) -> str:
    """The scorecard: the four dimension scores, the path beside the best path, every weak turn
    explained with its rule ids and source (issue 13)."""
    head = (f'<div class="ck-score">{escape(t("dialogue.score", pct=round(result.score * 100)))}</div>'
            f'<div>{escape(t(f"dialogue.outcome.{result.outcome}"))}</div>')
    mine, best = ("your_votes", "best_replies") if result.votes is not None else ("your_path", "best_path")
    paths = (f'<div class="ck-paths">{_path(drill, variant, result.replies, t(f"dialogue.{mine}"))}'
             f'{_path(drill, variant, result.best_path, t(f"dialogue.{best}"))}</div>')
    if result.weak_turns:
        weak = (f'<div class="ck-example-title">{escape(t("dialogue.weak_title", n=len(result.weak_turns)))}</div>'
                + "".join(_weak(drill, variant, w, rules) for w in result.weak_turns))
    else:
        weak = f'<div class="ck-panel ck-ok">{escape(t("dialogue.no_weak"))}</div>'
    return f'<div class="ck-scorecard">{head}{_dims(result)}{paths}{weak}</div>'


def turn_notes(drill, variant, result, rules: dict[str, str]) -> str:
    """Every turn of a played path explained: what the client said, the reply given with its four
    scores, its explanation, rule ids and source, and whether it was the turn's best reply."""
    parts = [f'<div class="ck-example-title">{escape(t("dialogue.turn_notes_title"))}</div>']
    for turn, (node_id, index) in enumerate(result.replies, start=1):
        node = drill.nodes[node_id]
        if index is None:  # a class drill's turn the agent did not vote at
            parts.append(f'<div class="ck-weak"><div><b>{escape(t("dialogue.turn", n=turn))}</b>　{escape(t("dialogue.no_vote"))}</div>'
                         f'<div>{escape(t("dialogue.client_said"))}{escape(variant.text(node.say))}</div></div>')
            continue
        choice = node.choices[index]
        best = index == node.best_index()
        scores = "　".join(f"{t(f'dialogue.dim.{d}')} {choice.score[d]:+d}" for d in DIMENSIONS)
        rule_text = "；".join(f"{r} {rules.get(r, '')}".strip() for r in choice.rule_ids)
        mark = t("dialogue.turn_best") if best else t("dialogue.turn_not_best")
        parts.append(
            f'<div class="{"ck-better" if best else "ck-weak"}"><div><b>{escape(t("dialogue.turn", n=turn))}</b>　{escape(mark)}</div>'
            f'<div>{escape(t("dialogue.client_said"))}{escape(variant.text(node.say))}</div>'
            f'<div>{escape(t("dialogue.you_said"))}{escape(variant.text(choice.text))}</div>'
            f'<div class="ck-muted">{escape(scores)}</div><div>{escape(variant.text(choice.explanation))}</div>'
            f'<div class="ck-source">{escape(t("dialogue.rule_source", rules=rule_text, source=choice.source))}</div></div>')
    return "".join(parts)


def replay(drill, variant, result, bubbles, rules: dict[str, str]) -> str:
    """A stored attempt replayed (supervisor's drill-down, the agent's past attempts): the chat,
    the scorecard (path beside the best path, weak turns) and every turn explained. A class
    drill's attempt shows the class's conversation and the agent's votes beside each turn's best
    reply."""
    note = panel("info", t("dialogue.class_note")) if result.votes is not None else ""
    return (CSS + f'<div class="ck-dialogue">{note}{chat(bubbles, variant.card, result.outcome)}'
            + scorecard(drill, variant, result, rules) + turn_notes(drill, variant, result, rules) + "</div>")
