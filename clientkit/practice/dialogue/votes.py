"""An agent's own scorecard of a 对话演练 run live in a class (issue 13, 培训师课堂). Pure.

The class walks one path (at each turn the majority's reply or the one the trainer names); every
agent who voted is scored on their own votes along that path (docs/decisions.md "对话演练 in
class: an attempt per agent"):

- a voted turn scores the voted reply's four dimension scores, as if the agent had said it, and
  is a weak turn exactly when it would be one in a drill played alone;
- a turn without a vote counts as not answered: 0 points on every dimension (neither credit nor
  penalty), never a weak turn, while its best reply still counts in the best points;
- the best points are those of the best reply at every node the class reached (the agent did not
  choose the path): an agent who voted the best reply at every turn scores 100 %, whatever the
  class followed. Shares and the score are worked out as in :func:`score_path`.
"""
from __future__ import annotations

from clientkit.errors import InputError
from clientkit.practice.dialogue.model import DIMENSIONS, Drill
from clientkit.practice.dialogue.scorer import DialogueResult, check_path, outcome_of, shares_of, weak_turn


def _checked_votes(drill: Drill, steps, votes) -> tuple[int | None, ...]:
    votes = tuple(votes)
    if len(votes) != len(steps):
        raise InputError("dialogue.path_invalid")
    out = []
    for (node_id, _), vote in zip(steps, votes):
        if vote is None:
            out.append(None)
            continue
        if isinstance(vote, bool) or not isinstance(vote, int) or not 0 <= vote < len(drill.nodes[node_id].choices):
            raise InputError("dialogue.path_invalid")
        out.append(vote)
    return tuple(out)


def score_votes(drill: Drill, path, votes) -> DialogueResult:
    """Score one agent's ``votes`` along the class's finished ``path`` through ``drill``.

    Args:
        drill: a validated drill.
        path: the class's ``[(node_id, choice_index), …]`` from ``start`` to an end node.
        votes: the agent's reply index at every turn of ``path`` (None: no vote at that turn).
    Returns:
        DialogueResult whose ``path`` is the class's, ``votes`` the agent's, ``best_path`` the best
        reply at every node of the class's path, and points, shares and weak turns the agent's.
    Raises:
        InputError: ``dialogue.path_invalid`` (a path the drill does not have, a vote per turn
            missing or one that is not a reply of its node), ``dialogue.path_incomplete``.
    """
    steps = check_path(drill, path)
    mine = _checked_votes(drill, steps, votes)
    best_path = tuple((node_id, drill.nodes[node_id].best_index()) for node_id, _ in steps)
    points = {d: sum(drill.nodes[n].choices[v].score[d] for (n, _), v in zip(steps, mine) if v is not None)
              for d in DIMENSIONS}
    best = {d: sum(drill.nodes[n].choices[i].score[d] for n, i in best_path) for d in DIMENSIONS}
    shares = shares_of(points, best)
    weak = [w for turn, ((node_id, _), vote) in enumerate(zip(steps, mine), start=1)
            if vote is not None and (w := weak_turn(drill, turn, node_id, vote)) is not None]
    return DialogueResult(drill.id, steps, outcome_of(drill, steps), points, best, shares,
                          round(sum(shares.values()) / len(DIMENSIONS), 4), best_path, tuple(weak), votes=mine)
