"""Pure HTML of a 对话演练 run live in a class (issue 13): the vote board of the current turn, the
revealed scores and explanations, and the class scorecard at the end.

The trainer's board shows the distribution at every refresh; an agent's page shows only their own
vote until the trainer reveals the turn. Every text from content or data is escaped; the chat and
the scorecard reuse :mod:`clientkit.ui.dialogue_html` (phone first: one column at 390 px).
"""
from __future__ import annotations

from html import escape

import pandas as pd

from clientkit.i18n import t
from clientkit.practice.dialogue import DIMENSIONS
from clientkit.ui import dialogue_html
from clientkit.ui import html as base

CSS = """
<style>
.ck-votes { display: flex; flex-direction: column; gap: 8px; margin: 8px 0; }
.ck-vote { border: 1px solid #d9e2ec; border-radius: 10px; padding: 8px 10px; background: #fff; line-height: 1.55; }
.ck-vote.ck-top { border-color: #0b4f6c; box-shadow: 0 0 0 1px #0b4f6c inset; }
.ck-vote-row { display: grid; grid-template-columns: 1fr 110px; gap: 8px; align-items: center; margin-top: 4px; }
.ck-vote-n { font-size: 13px; color: #334e68; text-align: right; white-space: nowrap; }
.ck-tag { display: inline-block; font-size: 12px; border-radius: 8px; padding: 0 6px; margin-left: 6px; color: #fff; background: #0b4f6c; }
.ck-tag.ck-best { background: #2e7d32; } .ck-tag.ck-mine { background: #7b8794; }
.ck-vote-why { font-size: 13px; margin-top: 6px; border-top: 1px dashed #d9e2ec; padding-top: 4px; }
.ck-vote-head { font-weight: 600; margin: 6px 0 2px; }
/* long replies wrap inside the page instead of widening it */
.ck-class-drill .widget-html, .ck-class-drill .widget-html-content { min-width: 0; max-width: 100%; }
.ck-class-drill .ck-table td { white-space: normal; min-width: 3em; }
</style>
"""


def _tags(index: int, view) -> str:
    tags = []
    counted = view.tally
    if counted is not None and counted.majority == index:
        tags.append(f'<span class="ck-tag">{escape(t("classdrill.majority"))}</span>')
    if view.revealed and view.node.best_index() == index:
        tags.append(f'<span class="ck-tag ck-best">{escape(t("classdrill.best"))}</span>')
    if view.my_vote == index:
        tags.append(f'<span class="ck-tag ck-mine">{escape(t("classdrill.mine"))}</span>')
    return "".join(tags)


def _why(choice, variant, rules: dict[str, str]) -> str:
    rule_text = "；".join(f"{r} {rules.get(r, '')}".strip() for r in choice.rule_ids)
    return (f'<div class="ck-vote-why"><div>{escape(t("classdrill.scores", **choice.score))}</div>'
            f'<div>{escape(variant.text(choice.explanation))}</div>'
            f'<div class="ck-source">{escape(t("classdrill.rule_source", rules=rule_text, source=choice.source))}</div></div>')


def votes(view, rules: dict[str, str]) -> str:
    """The replies of the current turn in display order, each with its votes (when the viewer
    may see them), tags (多数票 / 最佳回答 / 你的选择) and, once revealed, scores and explanation."""
    node = view.node
    counted = view.tally
    head = t("classdrill.votes", turn=view.turn, voters=counted.voters if counted else "—", members=view.members)
    parts = [f'<div class="ck-vote-head">{escape(head)}</div>']
    for index, text in view.options:
        top = counted is not None and counted.majority == index
        row = f'<div>{escape(text)}{_tags(index, view)}</div>'
        if counted is not None:
            pct = round(counted.share(index) * 100)
            row += (f'<div class="ck-vote-row"><div class="ck-bar"><div class="ck-fill ck-done" style="width:{pct}%"></div></div>'
                    f'<div class="ck-vote-n">{escape(t("classdrill.count", n=counted.counts[index], pct=pct))}</div></div>')
        if view.revealed:
            row += _why(node.choices[index], view.variant, rules)
        parts.append(f'<div class="ck-vote{" ck-top" if top else ""}">{row}</div>')
    return f'<div class="ck-votes">{"".join(parts)}</div>'


def turns_table(view) -> pd.DataFrame:
    """Per past turn: what the client said, the reply the class followed, how it was decided,
    the votes per reply (in display order) and whether it was the best reply."""
    rows = []
    for step in view.steps:
        node = view.drill.nodes[step.node_id]
        order = view.variant.order[node.id]
        rows.append({
            t("classdrill.col_turn"): step.turn, t("classdrill.col_client"): view.variant.text(node.say)[:60],
            t("classdrill.col_followed"): view.variant.text(node.choices[step.choice].text),
            t("classdrill.col_how"): t(f"classdrill.how.{step.how}"),
            t("classdrill.col_votes"): " / ".join(str(step.tally.counts[i]) for i in order),
            t("classdrill.col_best"): t("classdrill.yes") if step.choice == node.best_index() else t("classdrill.no"),
        })
    return pd.DataFrame(rows)


def _my_score(result) -> str:
    dims = "、".join(f"{t(f'dialogue.dim.{d}')} {round(result.shares[d] * 100)}%" for d in DIMENSIONS)
    text = t("classdrill.my_score", pct=round(result.score * 100), dims=dims)
    missed = result.votes.count(None)
    return text + (t("classdrill.my_missed", n=missed) if missed else "")


def board(view, rules: dict[str, str], *, trainer: bool) -> str:
    """The whole class drill as a page shows it: the chat so far, then the current turn's votes,
    or at the end the class scorecard and the table of turns."""
    drill, variant = view.drill, view.variant
    outcome = view.node.end if view.finished else None
    parts = [CSS, dialogue_html.CSS, base.panel("info", variant.text(drill.intro), drill.title),
             dialogue_html.chat(view.bubbles, variant.card, outcome)]
    if view.stopped:
        parts.append(base.panel("warn", t("classdrill.stopped")))
    elif view.finished:
        parts.append(base.panel("ok", t("classdrill.finished", outcome=t(f"dialogue.outcome.{outcome}"))))
        if view.mine is not None:  # an agent: their own score on their votes, stored for 我的进度
            parts.append(base.panel("info", _my_score(view.mine), t("classdrill.my_card")))
        parts.append(f"<h4>{escape(t('classdrill.class_card'))}</h4>")
        parts.append(dialogue_html.scorecard(drill, variant, view.result, rules))
    elif trainer or view.revealed:  # an agent votes with the reply buttons until the reveal
        if view.revealed:
            parts.append(base.panel("info", t("classdrill.revealed_trainer" if trainer else "classdrill.agent_revealed")))
        parts.append(votes(view, rules))
    if view.steps:
        parts.append(f"<h4>{escape(t('classdrill.turns_title'))}</h4>" + base.table(turns_table(view)))
    return "".join(parts)
