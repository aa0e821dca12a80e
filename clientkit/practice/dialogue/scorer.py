"""Pure scoring of a conversation path: per-dimension scores, the best path and the weak turns.

Issue 13; STYLE.md principle 7 (no I/O, no widgets, no clock). A path is the list of
``(node_id, choice_index)`` the agent took from ``start`` to an end node. Each dimension's points
are the sum of the chosen replies' scores on that dimension; its share is the points over the best
path's points (clamped to 0…1), and the attempt's score is the mean of the four shares. A weak
turn is a reply other than the node's best that scores lower on at least one dimension; it is
explained with its rule ids, source and the better reply.
"""
from __future__ import annotations

from dataclasses import dataclass

from clientkit.errors import InputError
from clientkit.practice.dialogue.model import DIMENSIONS, Drill


@dataclass(frozen=True)
class WeakTurn:
    """A turn where the agent's reply was not the best one."""

    turn: int
    node_id: str
    chosen: int
    best: int
    lost: dict[str, int]
    rule_ids: tuple[str, ...]
    source: str
    explanation: str


@dataclass(frozen=True)
class DialogueResult:
    """The scorecard of one played drill."""

    drill_id: str
    path: tuple[tuple[str, int], ...]
    outcome: str
    points: dict[str, int]
    best_points: dict[str, int]
    shares: dict[str, float]
    score: float
    best_path: tuple[tuple[str, int], ...]
    weak_turns: tuple[WeakTurn, ...]
    votes: tuple[int | None, ...] | None = None  # a class drill: the agent's vote per turn (None: no vote)

    @property
    def replies(self) -> tuple[tuple[str, int | None], ...]:
        """``(node_id, reply)`` the agent chose at every turn: the path itself, or in a class
        drill the agent's votes along the class's path (None where they did not vote)."""
        if self.votes is None:
            return self.path
        return tuple((node_id, vote) for (node_id, _), vote in zip(self.path, self.votes))

    def items(self, drill: Drill) -> list[dict]:
        """One stored item per turn (``correct`` = not weak), with its scores and rule ids, so
        the attempt's per-rule rows feed the dashboards like any other exercise. A class-drill
        turn without a vote is stored with ``answered: False`` and no rule ids: it is neither a
        weak turn nor a rule answered."""
        weak = {w.turn for w in self.weak_turns}
        out = []
        for turn, (node_id, index) in enumerate(self.replies, start=1):
            node = drill.nodes[node_id]
            best = node.choices[node.best_index()]
            if index is None:
                out.append({"item_id": f"t{turn}:{node_id}", "correct": False, "answered": False, "points": 0.0,
                            "max_points": float(best.total), "rule_ids": [], "choice": None,
                            "scores": dict.fromkeys(DIMENSIONS, 0)})
                continue
            choice = node.choices[index]
            out.append({"item_id": f"t{turn}:{node_id}", "correct": turn not in weak, "points": float(choice.total),
                        "max_points": float(best.total), "rule_ids": list(choice.rule_ids if turn in weak else best.rule_ids),
                        "choice": index, "scores": dict(choice.score)})
        return out


def _sums(drill: Drill, path) -> dict[str, int]:
    return {d: sum(drill.nodes[n].choices[i].score[d] for n, i in path) for d in DIMENSIONS}


def check_path(drill: Drill, path, *, complete: bool = True) -> tuple[tuple[str, int], ...]:
    """``path`` as a tuple of ``(node_id, choice_index)`` after checking it follows the drill from
    ``start`` (and, if ``complete``, ends at an end node).

    Raises:
        InputError: ``dialogue.path_invalid`` (a step the drill does not have) or
            ``dialogue.path_incomplete``.
    """
    steps = []
    expected = drill.start
    for step in path:
        try:
            node_id, index = str(step[0]), int(step[1])
        except (TypeError, ValueError, IndexError):
            raise InputError("dialogue.path_invalid") from None
        node = drill.nodes.get(node_id)
        if node_id != expected or node is None or not 0 <= index < len(node.choices):
            raise InputError("dialogue.path_invalid")
        steps.append((node_id, index))
        expected = node.choices[index].next
    if complete and not drill.nodes[expected].is_end:
        raise InputError("dialogue.path_incomplete")
    return tuple(steps)


def score_path(drill: Drill, path) -> DialogueResult:
    """Score a finished path through ``drill``.

    Args:
        drill: a validated drill.
        path: ``[(node_id, choice_index), …]`` from ``start`` to an end node.
    Returns:
        DialogueResult with points and shares per dimension, the best path and the weak turns.
    Raises:
        InputError: the path does not follow the drill or does not reach an end.
    """
    steps = check_path(drill, path)
    best_path = tuple(drill.best_path())
    points, best = _sums(drill, steps), _sums(drill, best_path)
    shares = shares_of(points, best)
    weak = [w for turn, step in enumerate(steps, start=1) if (w := weak_turn(drill, turn, *step)) is not None]
    return DialogueResult(drill.id, steps, outcome_of(drill, steps), points, best, shares,
                          round(sum(shares.values()) / len(DIMENSIONS), 4), best_path, tuple(weak))


def shares_of(points: dict[str, int], best: dict[str, int]) -> dict[str, float]:
    """Per dimension: ``points`` over ``best`` clamped to 0…1 (when the best is 0 or less: 1 if
    the points reach it, else 0)."""
    shares = {}
    for d in DIMENSIONS:
        if best[d] > 0:
            shares[d] = min(1.0, max(0.0, points[d] / best[d]))
        else:
            shares[d] = 1.0 if points[d] >= best[d] else 0.0
    return shares


def weak_turn(drill: Drill, turn: int, node_id: str, index: int) -> WeakTurn | None:
    """The weak turn of reply ``index`` at ``node_id``, or None when it is the best reply or as
    good on every dimension."""
    node = drill.nodes[node_id]
    top = node.best_index()
    choice, better = node.choices[index], node.choices[top]
    lost = {d: better.score[d] - choice.score[d] for d in DIMENSIONS if better.score[d] > choice.score[d]}
    if index == top or not lost:
        return None
    return WeakTurn(turn, node_id, index, top, lost, choice.rule_ids, choice.source, choice.explanation)


def outcome_of(drill: Drill, steps) -> str | None:
    """The outcome of the end node a checked, finished path reaches."""
    if not steps:
        return drill.nodes[drill.start].end
    last_node, last_index = steps[-1]
    return drill.nodes[drill.nodes[last_node].choices[last_index].next].end
