"""Reading and validating a drill: a broken drill is refused with the drill and node named.

Issue 13 "Content and engine": every node reachable, every path ends (no cycle without an exit),
every choice scored on all four dimensions in −2…+2 with at least one rule id that exists in the
registry, the scores of the best path maximal on every dimension, placeholders known, 3–4 choices
per turn, and a drill 5–10 turns deep with at least two real branch points on its best path.
Every problem raises :class:`~clientkit.errors.ContentError` key ``dialogue.invalid`` (Chinese
problem texts ``dialogue.problem.*``).
"""
from __future__ import annotations

import re
import string

from clientkit.errors import ContentError
from clientkit.i18n import t
from clientkit.practice.dialogue.model import DIMENSIONS, OUTCOMES, PLACEHOLDERS, SCORE_RANGE, Choice, Drill, Node

MIN_TURNS, MAX_TURNS = 5, 10
MIN_BRANCH_POINTS = 2
CHOICES_PER_TURN = (3, 4)
_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_DRILL_FIELDS = {"id", "title", "intro", "start", "nodes", "client"}
_NODE_FIELDS = {"say", "card", "choices", "end"}
_CHOICE_FIELDS = {"text", "next", "score", "rule_ids", "source", "explanation", "best"}


def invalid(where: str, drill: str, node: str, problem: str, **ctx) -> ContentError:
    return ContentError("dialogue.invalid", file=where, drill=drill, node=node,
                        problem=t(f"dialogue.problem.{problem}", **ctx))


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _placeholders(raise_, text: str) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:  # a lone brace
        raise_("placeholder", name="")
    for _, name, _, _ in fields:
        if name is not None and name not in PLACEHOLDERS:
            raise_("placeholder", name=name)


def _choice(raise_, entry) -> Choice:
    from clientkit.rules.registry import rule

    if not isinstance(entry, dict):
        raise_("choice_shape")
    unknown = set(entry) - _CHOICE_FIELDS
    if unknown:
        raise_("unknown_fields", fields="、".join(sorted(map(str, unknown))))
    for name in ("text", "next", "source", "explanation"):
        if not _text(entry.get(name)):
            raise_("missing", field=name)
    _placeholders(raise_, entry["text"])
    _placeholders(raise_, entry["explanation"])
    score = entry.get("score")
    if isinstance(score, list) and len(score) == len(DIMENSIONS):  # short form, in DIMENSIONS order
        score = dict(zip(DIMENSIONS, score))
    if not isinstance(score, dict) or set(score) != set(DIMENSIONS):
        raise_("score_dimensions")
    low, high = SCORE_RANGE
    if any(isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high for v in score.values()):
        raise_("score_range")
    rule_ids = entry.get("rule_ids")
    if not isinstance(rule_ids, list) or not rule_ids:
        raise_("rule_ids")
    for rid in rule_ids:
        try:
            rule(str(rid))
        except KeyError:
            raise_("unknown_rule", rule_id=rid)
    return Choice(text=entry["text"].strip(), next=str(entry["next"]), score={d: score[d] for d in DIMENSIONS},
                  rule_ids=tuple(map(str, rule_ids)), source=entry["source"].strip(),
                  explanation=entry["explanation"].strip(), best=entry.get("best") is True)


def _node(where: str, drill_id: str, node_id: str, entry) -> Node:
    def raise_(problem, **ctx):
        raise invalid(where, drill_id, node_id, problem, **ctx)

    if not isinstance(entry, dict) or not _text(entry.get("say")):
        raise_("missing", field="say")
    unknown = set(entry) - _NODE_FIELDS
    if unknown:
        raise_("unknown_fields", fields="、".join(sorted(map(str, unknown))))
    _placeholders(raise_, entry["say"])
    if entry.get("end") is not None:
        if entry["end"] not in OUTCOMES:
            raise_("outcome", value=entry["end"])
        if entry.get("choices"):
            raise_("end_with_choices")
        return Node(node_id, entry["say"].strip(), (), bool(entry.get("card")), entry["end"])
    raw = entry.get("choices")
    if not isinstance(raw, list) or not CHOICES_PER_TURN[0] <= len(raw) <= CHOICES_PER_TURN[1]:
        raise_("choice_count", low=CHOICES_PER_TURN[0], high=CHOICES_PER_TURN[1])
    choices = tuple(_choice(raise_, c) for c in raw)
    if sum(c.best for c in choices) != 1:
        raise_("one_best")
    return Node(node_id, entry["say"].strip(), choices, bool(entry.get("card")), None)


def parse_drill(where: str, chapter: int, entry) -> Drill:
    """A validated :class:`Drill` from one entry of a ``dialogues:`` list.

    Args:
        where: the file name (for messages).
        chapter: the chapter of the file.
        entry: the YAML mapping of the drill.
    Raises:
        ContentError: ``dialogue.invalid`` naming the drill and node and the problem.
    """
    drill_id = str(entry.get("id")) if isinstance(entry, dict) else "-"
    if not isinstance(entry, dict) or not _ID.match(drill_id):
        raise invalid(where, drill_id, "-", "drill_id")
    unknown = set(entry) - _DRILL_FIELDS
    if unknown:
        raise invalid(where, drill_id, "-", "unknown_fields", fields="、".join(sorted(map(str, unknown))))
    for name in ("title", "intro", "start"):
        if not _text(entry.get(name)):
            raise invalid(where, drill_id, "-", "missing", field=name)

    def refuse(problem, **ctx):
        raise invalid(where, drill_id, "-", problem, **ctx)

    _placeholders(refuse, entry["intro"])
    raw_nodes = entry.get("nodes")
    if not isinstance(raw_nodes, dict) or not raw_nodes:
        raise invalid(where, drill_id, "-", "missing", field="nodes")
    nodes = {str(k): _node(where, drill_id, str(k), v) for k, v in raw_nodes.items()}
    client = entry.get("client") or {}
    if not isinstance(client, dict):
        raise invalid(where, drill_id, "-", "client")
    drill = Drill(drill_id, chapter, entry["title"].strip(), entry["intro"].strip(), str(entry["start"]), nodes, client)
    check_graph(where, drill)
    return drill


def check_graph(where: str, drill: Drill) -> None:
    """The graph rules of issue 13 on a parsed drill; raises ``dialogue.invalid`` naming the node."""
    from clientkit.practice.dialogue.graph import best_gaps, dead_ends, unreachable

    def fail(node, problem, **ctx):
        raise invalid(where, drill.id, node, problem, **ctx)

    if drill.start not in drill.nodes:
        fail(drill.start, "unknown_start")
    for node in drill.nodes.values():
        for choice in node.choices:
            if choice.next not in drill.nodes:
                fail(node.id, "unknown_next", next=choice.next)
    for node_id in unreachable(drill):
        fail(node_id, "unreachable")
    for node_id in dead_ends(drill):
        fail(node_id, "no_exit")
    path = drill.best_path()
    last = drill.nodes[drill.nodes[path[-1][0]].choices[path[-1][1]].next] if path else drill.nodes[drill.start]
    if not last.is_end:
        fail(last.id, "best_cycle")
    gap = best_gaps(drill)
    if gap is not None:
        node_id, dimension, problem = gap
        fail(node_id, problem, dimension=t(f"dialogue.dim.{dimension}"))
    if not MIN_TURNS <= len(path) <= MAX_TURNS:
        fail(drill.start, "depth", turns=len(path), low=MIN_TURNS, high=MAX_TURNS)
    branch_points = [n for n, _ in path if len({c.next for c in drill.nodes[n].choices}) > 1]
    if len(branch_points) < MIN_BRANCH_POINTS:
        fail(drill.start, "branch_points", n=len(branch_points), low=MIN_BRANCH_POINTS)
