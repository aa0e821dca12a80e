"""对话演练 attempts in the supervisor's views (issue 13): a stored drill attempt replayed turn by
turn for the drill-down, masked like every other attempt (docs/decisions.md "Privacy")."""
from __future__ import annotations

from clientkit.i18n import t


def dialogue_rows(attempt, head: dict) -> list[dict]:
    """Drill-down rows of one drill attempt: per turn the client's line, the reply chosen, the
    best reply at that turn, ✔ for the best reply and the rule ids. Falls back to the stored
    per-turn results when the drill content has changed since."""
    from clientkit.practice.dialogue import replay_attempt
    from clientkit.reports.dashboard import mask_text
    from clientkit.samples import sample_book

    path = (attempt.answer or {}).get("path") or []
    replayed = replay_attempt(attempt.exercise_id, int(attempt.seed), attempt.content_version, path, sample_book())
    rows = []
    if replayed is None:
        for n, item in enumerate(attempt.items or [], start=1):
            rows.append({**head, "题号": n, "题目": item.get("item_id", ""), "作答": "", "正确答案": t("dialogue.changed"),
                         "对错": "✔" if item.get("correct") else "✘", "规则": "、".join(item.get("rule_ids") or ())})
        return rows
    drill, variant, result = replayed
    weak = {w.turn: w for w in result.weak_turns}
    for n, (node_id, index) in enumerate(result.path, start=1):
        node = drill.nodes[node_id]
        best = node.choices[node.best_index()]
        chosen = node.choices[index]
        rows.append({**head, "题号": n, "题目": mask_text(variant.text(node.say))[:80],
                     "作答": mask_text(variant.text(chosen.text)), "正确答案": mask_text(variant.text(best.text)),
                     "对错": "✘" if n in weak else "✔",
                     "规则": "、".join(chosen.rule_ids if n in weak else best.rule_ids)})
    return rows
