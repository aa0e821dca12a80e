"""Graph facts of a drill: reachability, exits, and the best reachable score per dimension.

Used by :mod:`clientkit.practice.dialogue.validate` (issue 13: every node reachable, every path
ends, no cycle without an exit, best path maximal) and by the scorer (the best path's scores).
"""
from __future__ import annotations

from clientkit.practice.dialogue.model import DIMENSIONS, Drill


def unreachable(drill: Drill) -> list[str]:
    """Nodes that no path from ``start`` reaches, in file order."""
    seen, todo = {drill.start}, [drill.start]
    while todo:
        for choice in drill.nodes[todo.pop()].choices:
            if choice.next not in seen:
                seen.add(choice.next)
                todo.append(choice.next)
    return [n for n in drill.nodes if n not in seen]


def dead_ends(drill: Drill) -> list[str]:
    """Nodes from which no end node can be reached (a cycle without an exit), in file order."""
    ends = {n for n, node in drill.nodes.items() if node.is_end}
    changed = True
    while changed:
        changed = False
        for n, node in drill.nodes.items():
            if n not in ends and any(c.next in ends for c in node.choices):
                ends.add(n)
                changed = True
    return [n for n in drill.nodes if n not in ends]


def best_to_end(drill: Drill, dimension: str) -> tuple[dict[str, int], str | None]:
    """The highest sum of ``dimension`` any path from each node to an end can earn, and a node
    on a cycle that earns points (unbounded, so no best exists) or None."""
    value = {n: (0 if node.is_end else None) for n, node in drill.nodes.items()}
    for _ in range(len(drill.nodes) + 1):
        changed = None
        for n, node in drill.nodes.items():
            options = [c.score[dimension] + value[c.next] for c in node.choices if value[c.next] is not None]
            if options and (value[n] is None or max(options) > value[n]):
                value[n] = max(options)
                changed = n
        if changed is None:
            return value, None
    return value, changed


def best_gaps(drill: Drill) -> tuple[str, str, str] | None:
    """``(node, dimension, problem)`` for the first turn of the best path where another path
    earns more on a dimension (``not_best``), or a scoring cycle (``scoring_cycle``); else None."""
    path = drill.best_path()
    for dimension in DIMENSIONS:
        value, cycle = best_to_end(drill, dimension)
        if cycle is not None:
            return cycle, dimension, "scoring_cycle"
        for node_id, index in path:
            choice = drill.nodes[node_id].choices[index]
            if choice.score[dimension] + value[choice.next] < value[node_id]:
                return node_id, dimension, "not_best"
    return None
