"""What a conversation drill (对话演练) is made of: nodes, choices, end nodes, scores.

A drill is a graph read from ``exercises/chNN_dialogues.yaml`` (issue 13). The client speaks at a
node (``say``, optionally with a card of drawn client data); the agent picks one of its
``choices``; each choice names the next node, a score in −2…+2 on each of the four dimensions
(:data:`DIMENSIONS`: 合规 rules kept, 专业 correct facts, 适当 suitability and honesty, 服务 tone and
service; in YAML a mapping or the short list ``[合规, 专业, 适当, 服务]``), the DOMAIN.md rule
ids it turns on, the legal source and an explanation. A node with ``end`` closes the conversation
(the client agrees, ends it, complains, withdraws consent, or is referred to the company).
Exactly one choice per node is marked ``best``: following them from ``start`` is the best path.
"""
from __future__ import annotations

from dataclasses import dataclass, field

DIMENSIONS = ("compliance", "professional", "suitability", "service")
SCORE_RANGE = (-2, 2)
OUTCOMES = ("agreed", "ended", "complained", "withdrew", "referred")
PLACEHOLDERS = ("client", "name", "age", "gender", "occupation", "city", "phone", "id_number", "product",
                "premium", "sum_insured", "income", "sign_date", "agent")


@dataclass(frozen=True)
class Choice:
    """One reply the agent may give at a node."""

    text: str
    next: str
    score: dict[str, int]
    rule_ids: tuple[str, ...]
    source: str
    explanation: str
    best: bool = False

    @property
    def total(self) -> int:
        return sum(self.score.values())


@dataclass(frozen=True)
class Node:
    """A client turn: what the client says, whether the client card is shown, the agent's choices;
    an end node has ``end`` (one of :data:`OUTCOMES`) and no choices."""

    id: str
    say: str
    choices: tuple[Choice, ...] = ()
    card: bool = False
    end: str | None = None

    @property
    def is_end(self) -> bool:
        return self.end is not None

    def best_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.best)


@dataclass(frozen=True)
class Drill:
    """A conversation drill: ``client`` holds the draw spec (``age`` range, ``product_types``)."""

    id: str
    chapter: int
    title: str
    intro: str
    start: str
    nodes: dict[str, Node]
    client: dict = field(default_factory=dict, compare=False)

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def best_path(self) -> list[tuple[str, int]]:
        """``(node_id, choice_index)`` of the best choice at every turn from ``start`` to an end."""
        path, node, seen = [], self.nodes[self.start], set()
        while not node.is_end and node.id not in seen:
            seen.add(node.id)
            index = node.best_index()
            path.append((node.id, index))
            node = self.nodes[node.choices[index].next]
        return path

    def rule_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for node in self.nodes.values():
            for choice in node.choices:
                seen.update(dict.fromkeys(choice.rule_ids))
        return tuple(seen)
