"""对话演练 attempts in the supervisor's views (issue 13): a stored drill attempt replayed turn by
turn for the drill-down, masked like every other attempt (docs/decisions.md "Privacy")."""
from __future__ import annotations

import math

from clientkit.i18n import t


def dialogue_rows(attempt, head: dict) -> list[dict]:
    """Drill-down rows of one drill attempt: per turn the client's line, the reply chosen, the
    best reply at that turn, ✔ for the best reply and the rule ids. Falls back to the stored
    per-turn results when the drill content has changed since."""
    from clientkit.practice.dialogue import replay_attempt
    from clientkit.reports.dashboard import mask_text
    from clientkit.samples import sample_book

    answer = attempt.answer or {}
    replayed = replay_attempt(attempt.exercise_id, int(attempt.seed), attempt.content_version, answer.get("path") or [],
                              sample_book(), answer.get("votes"))
    rows = []
    if replayed is None:
        for n, item in enumerate(attempt.items or [], start=1):
            rows.append({**head, "题号": n, "题目": item.get("item_id", ""), "作答": "", "正确答案": t("dialogue.changed"),
                         "对错": "✔" if item.get("correct") else "✘", "规则": "、".join(item.get("rule_ids") or ())})
        return rows
    drill, variant, result = replayed
    weak = {w.turn: w for w in result.weak_turns}
    for n, (node_id, index) in enumerate(result.replies, start=1):  # a class drill: the agent's votes
        node = drill.nodes[node_id]
        best = node.choices[node.best_index()]
        row = {**head, "题号": n, "题目": mask_text(variant.text(node.say))[:80],
               "正确答案": mask_text(variant.text(best.text))}
        if index is None:
            rows.append({**row, "作答": t("dialogue.no_vote"), "对错": "—", "规则": ""})
            continue
        chosen = node.choices[index]
        rows.append({**row, "作答": mask_text(variant.text(chosen.text)), "对错": "✘" if n in weak else "✔",
                     "规则": "、".join(chosen.rule_ids if n in weak else best.rule_ids)})
    return rows


def dimension_table(store, scope, people: dict, *, by_team: bool):
    """Dimension scores (%) per agent (``by_team=False``) or per team, weighted by attempts."""
    import pandas as pd

    from clientkit.store.dialogue_stats import DIMENSIONS, dimension_rows

    rows = dimension_rows(store, scope)
    frame = pd.DataFrame(rows, columns=["user_id", "attempts", *DIMENSIONS])
    frame = frame[frame["user_id"].isin(list(people))] if people else frame.iloc[0:0]
    who = t("dialogue.col_team") if by_team else t("dialogue.col_agent")
    labels = [t(f"dialogue.dim.{d}") for d in DIMENSIONS]
    if frame.empty:
        return pd.DataFrame(columns=[who, t("dialogue.col_attempts"), *labels])
    frame = frame.astype({"attempts": int, **{d: float for d in DIMENSIONS}})
    if by_team:
        frame["key"] = frame["user_id"].map(lambda u: people[u].team or t("dialogue.no_team"))
    else:
        frame["key"] = frame["user_id"].map(lambda u: people[u].display_name or people[u].username)
    for d in DIMENSIONS:
        frame[d] = frame[d] * frame["attempts"]
    grouped = frame.groupby("key", sort=True)[["attempts", *DIMENSIONS]].sum().reset_index()
    out = pd.DataFrame({who: grouped["key"], t("dialogue.col_attempts"): grouped["attempts"]})
    for d, label in zip(DIMENSIONS, labels):
        pct = (grouped[d] / grouped["attempts"] * 100 + 0.5).apply(math.floor)  # half up, not to even
        out[label] = pct.astype(int).astype(str) + "%"
    return out


def weak_turn_table(store, scope, per_drill: int = 3, limit: int = 5000):
    """The most common weak turns per drill (at most ``per_drill`` each, so one much-played drill
    does not hide the others): drill, turn(s), what the client said, how often. A client's line
    (node) reached at different turns on different paths is one row (its turns listed, misses
    and answers summed). Drills come in the order of their most missed line; ``limit`` bounds
    the grouped rows read."""
    import pandas as pd

    from clientkit.practice.dialogue import drills
    from clientkit.store.dialogue_stats import weak_turn_rows

    known = {f"dialogue:{d.id}": d for d in drills()}
    columns = [t("dialogue.col_drill"), t("dialogue.col_turn"), t("dialogue.col_client"), t("dialogue.col_misses")]
    merged: dict[tuple[str, str], dict] = {}
    for row in weak_turn_rows(store, scope, limit, only_missed=False):
        turn, _, node_id = str(row["item_id"]).partition(":")
        line = merged.setdefault((row["exercise_id"], node_id), {"turns": set(), "misses": 0, "answered": 0})
        if row["misses"]:
            line["turns"].add(int(turn.lstrip("t") or 0))
        line["misses"] += int(row["misses"])
        line["answered"] += int(row["answered"])
    ranked = sorted(((k, v) for k, v in merged.items() if v["misses"]),
                    key=lambda kv: (-kv[1]["misses"], kv[0]))
    grouped: dict[str, list] = {}
    for (exercise_id, node_id), line in ranked:  # most missed first
        grouped.setdefault(exercise_id, []).append((node_id, line))
    out = []
    for exercise_id, lines in grouped.items():
        drill = known.get(exercise_id)
        for node_id, line in lines[:per_drill]:
            node = drill.nodes.get(node_id) if drill else None
            out.append({columns[0]: drill.title if drill else exercise_id,
                        columns[1]: "、".join(str(n) for n in sorted(line["turns"])),
                        columns[2]: generic_text(node.say)[:60] if node else "",
                        columns[3]: t("dialogue.misses", misses=line["misses"], answered=line["answered"])})
    return pd.DataFrame(out, columns=columns)


def generic_text(template: str) -> str:
    """A drill text with its placeholders shown as 〈label〉 (no client drawn)."""
    import string

    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(f"〈{t(f'dialogue.card.{name}')}〉")
    return "".join(parts)

